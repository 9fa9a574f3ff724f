import { assertCanRead } from '#shared/domain/applications/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo } from '../wiring/table.ts';
import { minutesPdfRoute } from './routes.ts';

export const handler = httpHandler(minutesPdfRoute, async ({ principal, params }) => {
  const app = assertCanRead(principal, await applications().get(params.applicationId), params.applicationId);
  if (!app.minutes) {
    throw new DomainError({
      type: 'minutes-not-ready',
      kind: 'conflict',
      title: 'No minutes yet',
      detail:
        'The minutes exist once every consulted agency has answered and a member present has signed them.',
      details: { missing: [] },
    });
  }
  const [commune, province] = await Promise.all([
    geo().getCommune(app.communeId),
    geo().getProvince(app.provinceId),
  ]);
  // Loaded here: the PDF libraries stay out of the cold start of the route's error answers.
  const { renderMinutesPdf } = await import('#shared/domain/review/rendering/minutes-pdf.ts');
  const pdf = await renderMinutesPdf(
    app,
    getProcedure(app.procedureCode),
    commune ?? { nameFr: app.communeId, nameAr: app.communeId },
    province,
  );
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="proces-verbal-${app.id}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});

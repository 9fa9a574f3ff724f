import { assertCanRead } from '#shared/domain/applications/access.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { renderTacitApprovalPdf } from '#shared/domain/review/rendering/tacit-approval-pdf.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo } from '../wiring/table.ts';
import { tacitApprovalPdfRoute } from './routes.ts';

export const handler = httpHandler(tacitApprovalPdfRoute, async ({ principal, params }) => {
  const app = assertCanRead(principal, await applications().get(params.applicationId), params.applicationId);
  if (app.status !== 'TACITLY_APPROVED') {
    throw new DomainError({
      type: 'invalid-transition',
      kind: 'conflict',
      title: 'No tacit approval',
      detail: `This application is ${app.status}; an attestation exists only for a tacit approval.`,
    });
  }
  const commune = (await geo().getCommune(app.communeId)) ?? { nameFr: app.communeId, nameAr: app.communeId };
  const pdf = await renderTacitApprovalPdf(app, getProcedure(app.procedureCode), commune);
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="accord-tacite-${app.id}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});

import { assertCanRead } from '#shared/domain/applications/access.ts';
import {
  filingReceiptOf,
  renderFilingReceiptPdf,
} from '#shared/domain/applications/rendering/filing-receipt-pdf.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo, professionals } from '../wiring/table.ts';
import { filingReceiptRoute } from './routes.ts';

/** The récépissé, rebuilt from the recorded submission (the same bytes every time). */
export const handler = httpHandler(filingReceiptRoute, async ({ principal, params }) => {
  const app = assertCanRead(principal, await applications().get(params.applicationId), params.applicationId);
  if (!app.receiptNumber || !app.submittedAt || !app.deadlineDate || !app.legalDeadlineDays) {
    throw new DomainError({
      type: 'invalid-transition',
      kind: 'conflict',
      title: 'Not submitted',
      detail: `This application is ${app.status}; a filing receipt exists once it is submitted.`,
    });
  }
  const [commune, province, professional] = await Promise.all([
    geo().getCommune(app.communeId),
    geo().getProvince(app.provinceId),
    professionals().get(app.professionalId),
  ]);
  const pdf = await renderFilingReceiptPdf(
    filingReceiptOf(
      app,
      getProcedure(app.procedureCode),
      {
        communeNameFr: commune?.nameFr ?? app.communeId,
        communeNameAr: commune?.nameAr ?? app.communeId,
        ...(province ? { provinceNameFr: province.nameFr, provinceNameAr: province.nameAr } : {}),
      },
      professional ? `${professional.firstName} ${professional.lastName}` : app.professionalId,
    ),
  );
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="recepisse-${app.id}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});

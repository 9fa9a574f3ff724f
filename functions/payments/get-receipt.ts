import { applicantName } from '#shared/domain/applications/application.ts';
import { DomainError, notFound } from '#shared/domain/errors.ts';
import { canReadReceipt } from '#shared/domain/payments/receipt-access.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, geo, payments } from '../wiring/table.ts';
import { paymentReceiptRoute } from './routes.ts';

/** The quittance PDF, rebuilt from the recorded payment (the same bytes every time). */
export const handler = httpHandler(paymentReceiptRoute, async ({ principal, params }) => {
  const payment = await payments().attempt(params.orderId);
  const app = payment ? await applications().get(payment.applicationId) : undefined;
  if (!payment || !app || !canReadReceipt(principal, app)) throw notFound('Payment', params.orderId);
  if (payment.status !== 'APPROVED' || !payment.receiptNumber) {
    throw new DomainError({
      type: 'conflict',
      kind: 'conflict',
      title: 'Not paid',
      detail: `Payment ${payment.orderId} is ${payment.status}; a receipt exists only for an approved payment.`,
    });
  }
  const order = await payments().order(app.id);
  const commune = await geo().getCommune(app.communeId);
  const lines = (order?.lines ?? []).filter((l) => l.paidBy === payment.orderId);
  // Loaded once the receipt exists (not for 404/409, nor in the cold start's import).
  const { renderReceiptPdf } = await import('#shared/domain/payments/rendering/receipt-pdf.ts');
  const pdf = await renderReceiptPdf({
    receiptNumber: payment.receiptNumber,
    paidAt: payment.decidedAt ?? payment.createdAt,
    communeNameFr: commune?.nameFr ?? app.communeId,
    communeNameAr: commune?.nameAr ?? app.communeId,
    applicationReceiptNumber: app.receiptNumber ?? '',
    applicationId: app.id,
    payerName: applicantName(app.applicant),
    procedureLabelFr: getProcedure(app.procedureCode).labelFr,
    procedureLabelAr: getProcedure(app.procedureCode).labelAr,
    lines: lines.map((l) => ({
      label: l.label,
      labelAr: l.labelAr,
      legalBasis: l.legalBasis,
      beneficiary: l.beneficiary,
      amountCentimes: l.amountCentimes,
    })),
    totalCentimes: payment.amountCentimes,
    gateway: { orderId: payment.orderId, ...payment.gateway },
  });
  return {
    body: pdf as unknown as string,
    headers: {
      'content-disposition': `attachment; filename="quittance-${payment.orderId}.pdf"`,
      'cache-control': 'private, no-store',
    },
  };
});

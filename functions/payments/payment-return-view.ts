import { paymentStatusPage } from '#shared/domain/payments/rendering/pages.ts';
import { payments } from '../wiring/table.ts';

/** The page the browser lands on after the bank: it shows what the server recorded and changes nothing. */
export async function paymentReturnPage(orderId: string) {
  const payment = await payments().attempt(orderId);
  return {
    body: paymentStatusPage({
      orderId,
      status: payment?.status ?? 'UNKNOWN',
      ...(payment
        ? { amountCentimes: payment.amountCentimes, language: payment.language }
        : { language: 'fr' as const }),
      ...(payment?.receiptNumber ? { receiptNumber: payment.receiptNumber } : {}),
    }),
    headers: {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  };
}

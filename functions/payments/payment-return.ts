import { httpHandler } from '#shared/http/handler.ts';
import { paymentReturnPage } from './payment-return-view.ts';
import { paymentReturnRoute } from './routes.ts';

export const handler = httpHandler(paymentReturnRoute, async ({ params }) =>
  paymentReturnPage(params.orderId),
);

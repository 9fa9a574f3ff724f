import { httpHandler } from '#shared/http/handler.ts';
import { paymentReturnPage } from './payment-return-view.ts';
import { paymentReturnPostRoute } from './routes.ts';

/** The bank may come back with a POST form: its fields are ignored, the recorded status is shown. */
export const handler = httpHandler(paymentReturnPostRoute, async ({ params }) =>
  paymentReturnPage(params.orderId),
);

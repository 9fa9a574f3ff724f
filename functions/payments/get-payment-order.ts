import { assertCanRead } from '#shared/domain/applications/access.ts';
import { notFound } from '#shared/domain/errors.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, payments } from '../wiring/table.ts';
import { getPaymentOrderRoute } from './routes.ts';

export const handler = httpHandler(getPaymentOrderRoute, async ({ principal, params, query }) => {
  const app = assertCanRead(principal, await applications().get(params.applicationId), params.applicationId);
  const order = await payments().order(app.id, query.stage);
  if (!order) throw notFound('Payment order of application', app.id);
  return { body: order, headers: { 'cache-control': 'no-store' } };
});

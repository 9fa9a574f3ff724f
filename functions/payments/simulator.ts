/** LOCAL STAGE ONLY (the stack deploys it nowhere else): plays the bank's payment page. */
import { simulatorPage } from '#shared/domain/payments/rendering/pages.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { gatewayConfig } from '../wiring/gateway.ts';
import { simulatorRoute } from './routes.ts';

export const handler = httpHandler(simulatorRoute, async ({ body }) => ({
  body: simulatorPage({
    gatewayFields: body,
    amountCentimes: Math.round(Number(body.amount ?? '0') * 100),
    decisionUrl: `${gatewayConfig().apiUrl}/simulator/cmi/decision`,
  }),
  headers: { 'cache-control': 'no-store' },
}));

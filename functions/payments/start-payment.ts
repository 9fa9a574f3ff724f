import { startPayment } from '#shared/domain/payments/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { gatewayConfig, gatewaySecrets } from '../wiring/gateway.ts';
import { applications, payments } from '../wiring/table.ts';
import { startPaymentRoute } from './routes.ts';

export const handler = httpHandler(startPaymentRoute, async ({ principal, body, event }) => ({
  body: await startPayment(
    {
      applications: applications(),
      payments: payments(),
      secrets: gatewaySecrets(),
      gateway: gatewayConfig(),
    },
    principal,
    body.applicationId,
    body.language,
    requestTime(event),
    body.beneficiary,
    body.stage,
  ),
  headers: { 'cache-control': 'no-store' },
}));

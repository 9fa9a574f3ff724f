import { handleGatewayCallback } from '#shared/domain/payments/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { logger } from '#shared/observability/logger.ts';
import { gatewaySecrets } from '../wiring/gateway.ts';
import { payments } from '../wiring/table.ts';
import { gatewayCallbackRoute } from './routes.ts';

/** The bank's callback: the body is logged nowhere (it carries the hash and card data), only the outcome. */
export const handler = httpHandler(gatewayCallbackRoute, async ({ body, event }) => {
  const result = await handleGatewayCallback(
    { payments: payments(), secrets: gatewaySecrets() },
    body,
    requestTime(event),
  );
  if (result.answer === 'FAILURE') {
    logger.warn('security: gateway callback rejected', {
      securityEvent: true,
      orderId: body.oid,
      outcome: result.outcome,
    });
  } else {
    logger.info('gateway callback', { orderId: body.oid, outcome: result.outcome });
  }
  return { body: result.answer, headers: { 'cache-control': 'no-store' } };
});

import { handleGatewayCallback } from '#shared/domain/payments/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { logger } from '#shared/observability/logger.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent } from '#shared/observability/metrics.ts';
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
  countCallback(result);
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

/** Approved and declined payments, and rejected callbacks by reason; duplicates are not counted again. */
function countCallback(result: { outcome: string; payment?: { communeId: string; applicationId: string } }) {
  const properties = { applicationId: result.payment?.applicationId, communeId: result.payment?.communeId };
  if (result.outcome === 'approved') countEvent(BUSINESS_METRICS.paymentApproved, { properties });
  else if (result.outcome === 'declined') countEvent(BUSINESS_METRICS.paymentRefused, { properties });
  else if (result.outcome.startsWith('rejected: ')) {
    const reason = result.outcome.slice('rejected: '.length).replace(/ /g, '-');
    countEvent(BUSINESS_METRICS.gatewayCallbackRejected, { dimensions: { reason }, properties });
  }
}

import { importSettlement } from '#shared/domain/payments/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { logger } from '#shared/observability/logger.ts';
import { gatewaySecrets } from '../wiring/gateway.ts';
import { payments } from '../wiring/table.ts';
import { importSettlementRoute } from './routes.ts';

/** The treasurer uploads the bank's settlement file; the file itself is never logged (order ids and amounts only in the report). */
export const handler = httpHandler(importSettlementRoute, async ({ principal, params, body }) => {
  const result = await importSettlement(
    { payments: payments(), secrets: gatewaySecrets() },
    principal,
    params.beneficiaryId,
    body.csv,
    new Date(),
  );
  logger.info('settlement imported', {
    beneficiary: result.report.beneficiary,
    date: result.report.date,
    status: result.report.status,
    discrepancies: result.report.discrepancies.length,
    changed: result.changed,
  });
  return { body: result, headers: { 'cache-control': 'no-store' } };
});

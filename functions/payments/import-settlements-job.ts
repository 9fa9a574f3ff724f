/**
 * Scheduled daily: imports the acquirer's settlement files waiting in the settlement bucket
 * (`incoming/<BENEFICIARY>/*.csv`), each reconciled with the payments of its merchant account and
 * day, then moved to `processed/` or `rejected/`. The files' contents are never logged.
 */
import { importPendingSettlements } from '#shared/domain/payments/use-cases.ts';
import { logger } from '#shared/observability/logger.ts';
import { JOBS } from '#shared/observability/metric-names.ts';
import { jobSucceeded } from '#shared/observability/metrics.ts';
import { merchantDirectory } from '../wiring/gateway.ts';
import { settlementInbox } from '../wiring/s3.ts';
import { payments } from '../wiring/table.ts';

export const handler = async () => {
  const results = await importPendingSettlements(
    { payments: payments(), secrets: merchantDirectory(), inbox: settlementInbox() },
    new Date(),
  );
  for (const r of results) logger.info('settlement file', { ...r });
  jobSucceeded(JOBS.settlementImport);
  return { files: results };
};

/**
 * The daily audit seal. Invoked by EventBridge Scheduler (01:00 UTC) to seal the previous UTC day;
 * an operator may invoke it with `{ "date": "YYYY-MM-DD" }` to seal a past day that has no root, and
 * on the local stage only with `{ "now": "<ISO>" }` to run at another instant. A day is sealed only
 * once it is over.
 */
import { previousDay } from '#shared/domain/audit/daily-root.ts';
import { sealDay } from '#shared/domain/audit/use-cases.ts';
import { clockOverrideAllowed } from '#shared/environment.ts';
import { logger } from '#shared/observability/logger.ts';
import { JOBS } from '#shared/observability/metric-names.ts';
import { jobSucceeded } from '#shared/observability/metrics.ts';
import { auditSeal } from '../wiring/kms.ts';
import { openDataPublisher } from '../wiring/s3.ts';
import { auditRecords } from '../wiring/table.ts';

type SealRequest = { date?: string; now?: string };

export const handler = async (event: SealRequest = {}) => {
  const now = event.now && clockOverrideAllowed() ? new Date(event.now) : new Date();
  const date = event.date ?? previousDay(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    throw new Error(`audit seal: invalid date ${date}`);
  if (date >= now.toISOString().slice(0, 10)) throw new Error(`audit seal: ${date} is not over yet`);
  const result = await sealDay(
    { audit: auditRecords(), seal: auditSeal(), publisher: openDataPublisher() },
    date,
    now,
  );
  // Counts and hashes only: no event content reaches the logs.
  logger.info('audit day sealed', result);
  // The heartbeat of a successful seal: the missed-run alarm watches it.
  jobSucceeded(JOBS.auditSeal);
  if (result.mismatched > 0) logger.error('audit: events whose content no longer matches their hash', result);
  return result;
};

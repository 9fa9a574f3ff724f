/**
 * The ranking job. Invoked by EventBridge Scheduler (`{ "schedule": "monthly" | "weekly" }`), or
 * from the queue an administrator's `POST /rankings/runs` writes to (`{ "period": "YYYY-MM" }`).
 * An operator may also invoke it with `{ "period", "communeIds" }` to rank a subset, and on the
 * local stage only with `{ "now": "<ISO>" }` to run at another date.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { type RankingRequest, runRanking } from '#shared/domain/ranking/use-cases.ts';
import { clockOverrideAllowed } from '#shared/environment.ts';
import { logger } from '#shared/observability/logger.ts';
import { JOBS } from '#shared/observability/metric-names.ts';
import { jobSucceeded } from '#shared/observability/metrics.ts';
import { openDataPublisher } from '../wiring/s3.ts';
import { geo, publicRecords, rankingAggregates, rankingSnapshots } from '../wiring/table.ts';

const deps = () => ({
  aggregates: rankingAggregates(),
  snapshots: rankingSnapshots(),
  geo: geo(),
  publisher: openDataPublisher(),
  records: publicRecords(),
});
const processor = new BatchProcessor(EventType.SQS);

type DirectEvent = RankingRequest & { now?: string };

const clock = (event: { now?: string }) =>
  event.now && clockOverrideAllowed() ? new Date(event.now) : new Date();

async function run(request: DirectEvent, trigger: string) {
  const { now, ...rest } = request;
  const result = await runRanking(deps(), rest as RankingRequest, clock(request), trigger);
  logger.info('ranking published', { trigger, ...result });
  // The heartbeat of any successful run (schedule, queue or operator): the missed-run alarm watches it.
  jobSucceeded(JOBS.ranking);
  return result;
}

async function fromQueue(record: SQSRecord): Promise<void> {
  const body = JSON.parse(record.body) as { period: string; requestedBy?: string };
  await run({ period: body.period }, `admin:${body.requestedBy ?? 'unknown'}`);
}

export const handler = async (event: DirectEvent | SQSEvent, context: unknown) => {
  if ('Records' in event) {
    return processPartialResponse(event, fromQueue, processor, { context: context as never });
  }
  return run(event, 'schedule' in event ? `schedule:${event.schedule}` : 'direct');
};

/**
 * Maintains the ranking's per-commune per-day aggregates and their month roll-ups, and the open
 * data's public records (decisions, permits), from the table's stream: the filter passes application
 * items that are not drafts; each record's old and new images give the deltas, applied to the days
 * and their months in one transaction with a marker of the change, so a replayed record changes
 * nothing (the public records are rewritten identically). A record
 * that fails is reported alone (partial batch response); Lambda retries it, then parks it in the
 * dead-letter queue.
 */
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import type * as z from 'zod/mini';
import { streamHandler } from '#shared/adapters/dynamodb/stream-handler.ts';
import { parseStreamRecord, tableStreamRecord } from '#shared/adapters/dynamodb/stream-record.ts';
import { keepPublicRecords } from '#shared/domain/open-data/use-cases.ts';
import { ApplicationImage } from '#shared/domain/ranking/aggregate-events.ts';
import { applyApplicationChange } from '#shared/domain/ranking/use-cases.ts';
import { logger } from '#shared/observability/logger.ts';
import { publicRecords, rankingAggregates } from '../wiring/table.ts';

const ApplicationChange = /* @__PURE__ */ (() => tableStreamRecord(ApplicationImage))();
const processor = /* @__PURE__ */ (() =>
  new BatchProcessor(EventType.DynamoDBStreams, {
    parser: parseStreamRecord,
    schema: ApplicationChange,
    logger,
  }))();

async function handleRecord(record: z.infer<typeof ApplicationChange>): Promise<void> {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return;
  const { OldImage, NewImage } = record.dynamodb;
  const outcome = await applyApplicationChange(rankingAggregates(), OldImage, NewImage);
  if (outcome !== 'ignored') logger.debug('ranking aggregates', { outcome, eventId: record.eventID });
  // The open-data records of the same change (a replay rewrites the same items).
  await keepPublicRecords(publicRecords(), OldImage, NewImage);
}

export const handler = streamHandler(processor, handleRecord);

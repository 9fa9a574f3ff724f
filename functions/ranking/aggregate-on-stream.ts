/**
 * Maintains the ranking's per-commune per-day aggregates and their month roll-ups, and the open
 * data's public records (decisions, permits), from the table's stream: the filter passes application
 * items that are not drafts; each record's old and new images give the deltas, applied to the days
 * and their months in one transaction with a marker of the change, so a replayed record changes
 * nothing (the public records are rewritten identically). A record
 * that fails is reported alone (partial batch response); Lambda retries it, then parks it in the
 * dead-letter queue.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { keepPublicRecords } from '#shared/domain/open-data/use-cases.ts';
import type { ApplicationImage } from '#shared/domain/ranking/aggregate-events.ts';
import { applyApplicationChange } from '#shared/domain/ranking/use-cases.ts';
import { logger } from '#shared/observability/logger.ts';
import { publicRecords, rankingAggregates } from '../wiring/table.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

const imageOf = (image: Record<string, unknown> | undefined): ApplicationImage | undefined =>
  image ? (unmarshall(image as Record<string, AttributeValue>) as ApplicationImage) : undefined;

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return;
  const outcome = await applyApplicationChange(
    rankingAggregates(),
    imageOf(record.dynamodb?.OldImage),
    imageOf(record.dynamodb?.NewImage),
  );
  if (outcome !== 'ignored') logger.debug('ranking aggregates', { outcome, eventId: record.eventID });
  // The open-data records of the same change (a replay rewrites the same items).
  await keepPublicRecords(
    publicRecords(),
    imageOf(record.dynamodb?.OldImage),
    imageOf(record.dynamodb?.NewImage),
  );
}

export const handler = async (event: DynamoDBStreamEvent, context: unknown) =>
  processPartialResponse(event, handleRecord, processor, { context: context as never });

/**
 * Keeps the public figures' daily counters (applications received and decided per Moroccan day)
 * from the table's stream: each submission or decision event is counted once in its day's item
 * (a marker per event makes stream retries harmless), so `GET /stats` reads 30 small items instead
 * of every application.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { casablancaDate } from '#shared/domain/procedures/rules.ts';
import { counterOf } from '#shared/domain/rollout/stats.ts';
import { logger } from '#shared/observability/logger.ts';
import { rollout } from '../wiring/table.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  const newImage = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !newImage) return;
  const image = unmarshall(newImage as Record<string, AttributeValue>);
  const counter = image.entity === 'Event' ? counterOf(String(image.type)) : undefined;
  if (!counter || typeof image.at !== 'string') return;
  const date = casablancaDate(new Date(image.at));
  const counted = await rollout().countEvent({ pk: String(image.pk), sk: String(image.sk) }, date, counter);
  if (counted) logger.debug('application event counted', { type: image.type, date, counter });
}

export const handler = async (event: DynamoDBStreamEvent, context: unknown) =>
  processPartialResponse(event, handleRecord, processor, { context: context as never });

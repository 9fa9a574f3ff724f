/**
 * Keeps the public figures' daily counters (applications received and decided per Moroccan day)
 * from the table's stream: each submission or decision event is counted once in its day's item
 * (a marker per event makes stream retries harmless), so `GET /stats` reads 30 small items instead
 * of every application.
 */
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { streamHandler } from '#shared/adapters/dynamodb/stream-handler.ts';
import { parseStreamRecord, TableItemChange } from '#shared/adapters/dynamodb/stream-record.ts';
import { casablancaDate } from '#shared/domain/procedures/rules.ts';
import { counterOf } from '#shared/domain/rollout/stats.ts';
import { logger } from '#shared/observability/logger.ts';
import { rollout } from '../wiring/table.ts';

const processor = new BatchProcessor(EventType.DynamoDBStreams, {
  parser: parseStreamRecord,
  schema: TableItemChange,
  logger,
});

async function handleRecord(record: TableItemChange): Promise<void> {
  const image = record.dynamodb.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const counter = image.entity === 'Event' && image.type ? counterOf(image.type) : undefined;
  if (!counter || !image.at) return;
  const date = casablancaDate(new Date(image.at));
  const counted = await rollout().countEvent({ pk: image.pk, sk: image.sk }, date, counter);
  if (counted) logger.debug('application event counted', { type: image.type, date, counter });
}

export const handler = streamHandler(processor, handleRecord);

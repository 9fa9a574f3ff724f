/**
 * Keeps the search index (receipt number, land title, applicant name and CIN, permit number) from the
 * table's stream: after a submission, a resubmission or an issued permit, the file's terms are
 * written again (idempotent, so stream retries are harmless).
 */
import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { streamHandler } from '#shared/adapters/dynamodb/stream-handler.ts';
import { parseStreamRecord, TableItemChange } from '#shared/adapters/dynamodb/stream-record.ts';
import { SEARCH_EVENTS, searchTerms } from '#shared/domain/search/terms.ts';
import { logger } from '#shared/observability/logger.ts';
import { applications, searchIndex } from '../wiring/table.ts';

// Typed records: images unmarshalled and checked by the batch processor's parser hook (stream-record.ts).
const processor = new BatchProcessor(EventType.DynamoDBStreams, {
  parser: parseStreamRecord,
  schema: TableItemChange,
  logger,
});
const INDEXED: ReadonlySet<string> = new Set(SEARCH_EVENTS);

async function handleRecord(record: TableItemChange): Promise<void> {
  const image = record.dynamodb.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  if (image.entity !== 'Event' || !INDEXED.has(String(image.type))) return;
  const app = await applications().get(String(image.applicationId));
  if (!app) return;
  const terms = searchTerms(app);
  await searchIndex().index(
    { applicationId: app.id, provinceId: app.provinceId, communeId: app.communeId },
    terms,
  );
  logger.debug('file indexed for search', { type: image.type, terms: terms.length });
}

export const handler = streamHandler(processor, handleRecord);

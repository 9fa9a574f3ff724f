import { DynamoDBMarshalled } from '@aws-lambda-powertools/parser/helpers/dynamodb';
import * as z from 'zod';

/**
 * A record of the table's stream as the consumers read it: its images unmarshalled and checked
 * against `image` by the Powertools batch parser (`new BatchProcessor(…, { parser, schema })`),
 * so a handler gets typed items and a record of the wrong shape is reported as that record's
 * failure (retried, then parked in the dead-letter queue) instead of half-processed.
 *
 * Only the fields the consumers use: Powertools' full `DynamoDBStreamRecord` also requires
 * `SizeBytes`, `SequenceNumber` and the stream view type, which a consumer never reads.
 */
export const tableStreamRecord = <T>(image: z.ZodType<T>) =>
  z.object({
    eventID: z.string(),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
    dynamodb: z.object({
      OldImage: DynamoDBMarshalled(image).optional(),
      NewImage: DynamoDBMarshalled(image).optional(),
    }),
  });

/** What the event consumers read of any table item (the notifier, the search indexer, the counters). */
export const TableItem = z.looseObject({
  pk: z.string(),
  sk: z.string(),
  entity: z.string().optional(),
  type: z.string().optional(),
  at: z.string().optional(),
  applicationId: z.string().optional(),
});
export type TableItem = z.infer<typeof TableItem>;
export const TableItemChange = tableStreamRecord(TableItem);
export type TableItemChange = z.infer<typeof TableItemChange>;

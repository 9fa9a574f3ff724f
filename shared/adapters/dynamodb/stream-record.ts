import { ParsingError } from '@aws-lambda-powertools/batch';
import type { parser as powertoolsParser } from '@aws-lambda-powertools/batch/parser';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod';

/**
 * A record of the table's stream as the consumers read it: its images unmarshalled and checked
 * against `image` by the batch processor's parser hook (`new BatchProcessor(…, { parser:
 * parseStreamRecord, schema })`),
 * so a handler gets typed items and a record of the wrong shape is reported as that record's
 * failure (retried, then parked in the dead-letter queue) instead of half-processed.
 *
 * Only the fields the consumers use: Powertools' full `DynamoDBStreamRecord` also requires
 * `SizeBytes`, `SequenceNumber` and the stream view type, which a consumer never reads.
 */
/*
 * Powertools' own pieces for this (`DynamoDBMarshalled` from its parser, `parser` from
 * `@aws-lambda-powertools/batch/parser`) import zod as one namespace object, and the batch parser
 * imports every schema of the Powertools parser lazily: bundled, that is all of zod with its ~40
 * locales (~450 KB) parsed at every cold start of a consumer. These few lines do the same work.
 */

/** An image as the stream carries it (DynamoDB JSON), unmarshalled, then checked against `image`. */
const marshalled = <T>(image: z.ZodType<T>) =>
  z
    .record(z.string(), z.custom<AttributeValue>())
    .transform((item, ctx): unknown => {
      try {
        // The SDK's unmarshall (already in every consumer's bundle): numbers beyond 2^53 fail the
        // record instead of becoming BigInts; the table holds none.
        return unmarshall(item);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Could not unmarshall DynamoDB stream record', fatal: true });
        return z.NEVER;
      }
    })
    .pipe(image);

/**
 * The batch processor's `parser` hook for a complete record schema (`schema`), as Powertools' own
 * does it: a record that does not match fails alone (retried, then parked), with the issues.
 */
export const parseStreamRecord: typeof powertoolsParser = async (record, _eventType, logger, config) => {
  const schema = 'schema' in config ? config.schema : undefined;
  if (!schema) throw new ParsingError('Either schema or innerSchema is required for parsing');
  const result = await schema['~standard'].validate(record);
  if (!result.issues) return result.value as typeof record;
  const message = result.issues.map((issue) => `${issue.path?.join('.')}: ${issue.message}`).join('; ');
  logger.debug(`Failed to parse record: ${message}`);
  throw new ParsingError(message);
};

export const tableStreamRecord = <T>(image: z.ZodType<T>) =>
  z.object({
    eventID: z.string(),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
    dynamodb: z.object({
      OldImage: marshalled(image).optional(),
      NewImage: marshalled(image).optional(),
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

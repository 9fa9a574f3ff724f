import { ParsingError } from '@aws-lambda-powertools/batch';
import type { parser as powertoolsParser } from '@aws-lambda-powertools/batch/parser';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import * as z from 'zod/mini';

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
const marshalled = <T>(image: z.ZodMiniType<T>) =>
  z.pipe(
    z.pipe(
      z.record(z.string(), z.custom<AttributeValue>()),
      z.transform((item, ctx): unknown => {
        try {
          // The SDK's unmarshall (already in every consumer's bundle): numbers beyond 2^53 fail the
          // record instead of becoming BigInts; the table holds none.
          return unmarshall(item);
        } catch {
          // zod/mini's transform context has no addIssue: the issue classic's would push, aborting.
          ctx.issues.push({
            code: 'custom',
            message: 'Could not unmarshall DynamoDB stream record',
            input: item,
            continue: false,
          });
          return z.NEVER;
        }
      }),
    ),
    image,
  );

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

export const tableStreamRecord = <T>(image: z.ZodMiniType<T>) =>
  z.object({
    eventID: z.string(),
    eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
    dynamodb: z.object({
      OldImage: z.optional(marshalled(image)),
      NewImage: z.optional(marshalled(image)),
    }),
  });

/** What the event consumers read of any table item (the notifier, the search indexer, the counters). */
export const TableItem = /* @__PURE__ */ (() =>
  z.looseObject({
    pk: z.string(),
    sk: z.string(),
    entity: z.optional(z.string()),
    type: z.optional(z.string()),
    at: z.optional(z.string()),
    applicationId: z.optional(z.string()),
  }))();
export type TableItem = z.infer<typeof TableItem>;
export const TableItemChange = /* @__PURE__ */ (() => tableStreamRecord(TableItem))();
export type TableItemChange = z.infer<typeof TableItemChange>;

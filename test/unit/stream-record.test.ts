import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type * as z from 'zod';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { streamHandler } from '#shared/adapters/dynamodb/stream-handler.ts';
import { parseStreamRecord, tableStreamRecord } from '#shared/adapters/dynamodb/stream-record.ts';
import { ApplicationImage } from '#shared/domain/ranking/aggregate-events.ts';
import { logger } from '#shared/observability/logger.ts';

const ApplicationChange = tableStreamRecord(ApplicationImage);

/** A stream record as DynamoDB Streams delivers it (marshalled images), with its sequence number. */
const record = (
  n: number,
  eventName: 'INSERT' | 'MODIFY',
  images: { OldImage?: object; NewImage?: object },
) => ({
  eventID: `event-${n}`,
  eventName,
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-west-3',
  dynamodb: {
    Keys: marshall(keys.applicationKey(`a${n}`)),
    ...(images.OldImage ? { OldImage: marshall(images.OldImage, { removeUndefinedValues: true }) } : {}),
    ...(images.NewImage ? { NewImage: marshall(images.NewImage, { removeUndefinedValues: true }) } : {}),
    SequenceNumber: `${n}00`,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

describe('table stream records through the batch parser hook', () => {
  it('hands the consumer typed, unmarshalled images and reports a record of the wrong shape alone', async () => {
    const seen: z.infer<typeof ApplicationChange>[] = [];
    const processor = new BatchProcessor(EventType.DynamoDBStreams, {
      parser: parseStreamRecord,
      schema: ApplicationChange,
    });
    const submitted = { entity: 'Application', id: 'a1', communeId: 'C1', status: 'SUBMITTED', version: 2 };
    const event = {
      Records: [
        record(1, 'INSERT', { NewImage: submitted }),
        record(2, 'MODIFY', {
          OldImage: submitted,
          NewImage: { ...submitted, status: 'APPROVED', version: 3, decision: { decision: 'APPROVED' } },
        }),
        // A version that is not a number: this record fails, the others are processed.
        record(3, 'MODIFY', { OldImage: submitted, NewImage: { ...submitted, version: 'three' } }),
      ],
    } as unknown as DynamoDBStreamEvent;

    const debug = vi.spyOn(logger, 'debug');
    const handler = streamHandler(processor, async (r: z.infer<typeof ApplicationChange>) => {
      seen.push(r);
    });
    const response = await handler(event, {});
    const batchLines = debug.mock.calls.filter(([message]) => message === 'stream batch');
    debug.mockRestore();

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '300' }]);
    // One debug line for the batch, the consumer's function being silent otherwise.
    expect(batchLines).toEqual([['stream batch', { records: 3, failed: 1 }]]);
    expect(seen.map((r) => r.eventID)).toEqual(['event-1', 'event-2']);
    expect(seen[0]?.dynamodb.OldImage).toBeUndefined();
    expect(seen[0]?.dynamodb.NewImage).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(seen[1]?.dynamodb.NewImage?.decision).toEqual({ decision: 'APPROVED' });
    // Attributes the consumer does not name pass through untouched.
    expect(seen[1]?.dynamodb.NewImage).toMatchObject({ id: 'a1', communeId: 'C1' });
  });

  it('parses and refuses exactly as the Powertools batch parser does (which bundles all of zod)', async () => {
    const submitted = { entity: 'Application', id: 'a1', communeId: 'C1', status: 'SUBMITTED', version: 2 };
    const event = {
      Records: [
        record(1, 'INSERT', { NewImage: submitted }),
        record(2, 'MODIFY', { OldImage: submitted, NewImage: { ...submitted, version: 'three' } }),
        { ...record(3, 'INSERT', { NewImage: submitted }), eventName: 'UPSERT' },
        record(4, 'MODIFY', {
          OldImage: submitted,
          NewImage: { ...submitted, status: 'APPROVED', version: 3 },
        }),
      ],
    } as unknown as DynamoDBStreamEvent;
    const run = async (hook: typeof parser) => {
      const seen: unknown[] = [];
      const errors: string[] = [];
      const logger = { debug: (m: string) => errors.push(m), warn: () => {}, error: () => {} };
      const processor = new BatchProcessor(EventType.DynamoDBStreams, {
        parser: hook,
        schema: ApplicationChange,
        logger,
      });
      const response = await processPartialResponse(
        event,
        async (r: unknown) => void seen.push(r),
        processor,
      );
      return { seen, errors, failures: response.batchItemFailures };
    };
    const [ours, theirs] = [await run(parseStreamRecord), await run(parser)];
    expect(ours.failures).toEqual([{ itemIdentifier: '200' }, { itemIdentifier: '300' }]);
    expect(ours).toEqual(theirs);
  });
});

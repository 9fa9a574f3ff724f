import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { PlatformFunction } from './platform-function.ts';

/** The queues made by `deadLetterQueue` and the functions fed by `consumeTableStream`: their alarms differ (operations.ts). */
export const DEAD_LETTER_QUEUES = new WeakSet<sqs.IQueue>();
export const STREAM_CONSUMERS = new WeakSet<PlatformFunction>();

/** A dead-letter queue of a background consumer: encrypted, TLS only, kept 14 days, retained. */
export function deadLetterQueue(scope: Construct, id: string, what: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledge(queue, [
    {
      id: 'AwsSolutions-SQS3',
      reason: `This queue is the dead-letter queue of ${what}; it needs none of its own.`,
    },
    {
      id: 'Serverless-SQSRedrivePolicy',
      reason:
        'Nothing consumes this dead-letter queue automatically; operators inspect and replay it, so it has no redrive.',
    },
  ]);
  DEAD_LETTER_QUEUES.add(queue);
  return queue;
}

export interface TableStreamOptions {
  table: dynamodb.ITableV2;
  deadLetters: sqs.Queue;
  filters: Record<string, unknown>[];
  /** The local cloud's stage (see `batchSize` below). */
  isLocal: boolean;
  batchSize: number;
  maxBatchingWindow: Duration;
  retryAttempts: number;
  startingPosition?: lambda.StartingPosition;
}

/**
 * Feeds a function from the table's stream, the one way every consumer does it: only the records
 * its filter passes, failed records reported one by one, retries that bisect the batch, records
 * older than a day given up, and what still fails parked in its dead-letter queue for an operator.
 */
export function consumeTableStream(
  scope: Construct,
  consumer: PlatformFunction,
  options: TableStreamOptions,
) {
  STREAM_CONSUMERS.add(consumer);
  options.table.grantStreamRead(consumer.fn);
  options.deadLetters.grantSendMessages(consumer.fn);
  return new lambda.EventSourceMapping(scope, 'TableStream', {
    target: consumer.fn,
    eventSourceArn: options.table.tableStreamArn,
    startingPosition: options.startingPosition ?? lambda.StartingPosition.LATEST,
    // MiniStack reads BatchSize raw records and filters them afterwards (lambda_svc.py,
    // `_poll_dynamodb_streams`), where AWS filters first: on a busy table a consumer fed a few event
    // types then advances only BatchSize records per pass of the emulator's single poller and falls
    // minutes behind. Locally it reads 100 at a time; what passes the filter is still a small batch.
    batchSize: options.isLocal ? Math.max(options.batchSize, 100) : options.batchSize,
    maxBatchingWindow: options.maxBatchingWindow,
    retryAttempts: options.retryAttempts,
    bisectBatchOnError: true,
    reportBatchItemFailures: true,
    // MiniStack 1.5.33 ignores retryAttempts and bisection for streams: a failing batch is retried
    // until it is older than maxRecordAge (lambda_svc.py, `_poll_dynamodb_streams`), so one poisoned
    // record held a consumer, and every notification behind it, for the rest of a test run. Locally
    // a record that still fails after 60 s (the least Lambda takes) goes to the dead letters, as on
    // AWS after the retries.
    maxRecordAge: options.isLocal ? Duration.seconds(60) : Duration.hours(24),
    onFailure: new SqsDlq(options.deadLetters),
    filters: options.filters,
  });
}

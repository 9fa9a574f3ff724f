import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DECIDED_EVENTS, RECEIVED_EVENTS } from '../../shared/domain/rollout/stats.ts';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { PlatformFunction } from './platform-function.ts';

export interface StatsCounterProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
}

/**
 * The public figures' daily application counters, from the table's stream: the function sees only
 * inserted submission and decision events (filter), failed records are retried (bisecting the
 * batch) and then parked in a dead-letter queue; counting is idempotent per event.
 */
export class StatsCounter extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: StatsCounterProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is the dead-letter queue of the stats counter stream; it needs none of its own.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'Nothing consumes this dead-letter queue automatically; operators inspect and replay it, so it has no redrive.',
      },
    ]);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/rollout/count-applications.ts',
      config: props.config,
      description: 'Counts applications received and decided per day for the public figures (table stream)',
      timeout: Duration.seconds(30),
    }).grantTableWrite(props.table, props.tableIndexes);
    props.table.grantStreamRead(this.function.fn);
    this.deadLetterQueue.grantSendMessages(this.function.fn);

    new lambda.EventSourceMapping(this, 'TableStream', {
      target: this.function.fn,
      eventSourceArn: props.table.tableStreamArn,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(this.deadLetterQueue),
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: {
            NewImage: {
              entity: { S: lambda.FilterRule.isEqual('Event') },
              type: { S: lambda.FilterRule.or(...RECEIVED_EVENTS, ...DECIDED_EVENTS) },
            },
          },
        }),
      ],
    });
  }
}

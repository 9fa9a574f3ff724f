import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DECIDED_EVENTS, RECEIVED_EVENTS } from '../../shared/domain/rollout/stats.ts';
import type { StageConfig } from '../config.ts';
import { PlatformFunction } from './platform-function.ts';
import { consumeTableStream, deadLetterQueue } from './table-stream.ts';

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
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', 'the stats counter stream');
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/rollout/count-applications.ts',
      config: props.config,
      description: 'Counts applications received and decided per day for the public figures (table stream)',
      timeout: Duration.seconds(30),
    }).grantTableWrite(props.table, props.tableIndexes);

    consumeTableStream(this, this.function, {
      table: props.table,
      deadLetters: this.deadLetterQueue,
      batchSize: 25,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
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

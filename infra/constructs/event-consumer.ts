import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { PlatformFunction } from './platform-function.ts';
import { consumeTableStream, deadLetterQueue } from './table-stream.ts';

export interface EventConsumerProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  entry: string;
  description: string;
  /** The consumer in words, for its dead-letter queue's description ("the notifier stream"). */
  what: string;
  /** The event types it is fed; every inserted event when omitted. */
  eventTypes?: readonly string[];
  batchSize: number;
}

/**
 * A function fed by the events inserted in the table (`entity = Event`, optionally of some types
 * only): it writes to the table, reports failed records one by one, and what still fails after
 * five retries is parked in its own dead-letter queue. The notifier, the search indexer and the
 * statistics counter are all one of these.
 */
export class EventConsumer extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventConsumerProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', props.what);
    this.function = new PlatformFunction(this, 'Function', {
      entry: props.entry,
      config: props.config,
      description: props.description,
      timeout: Duration.seconds(30),
    }).grantTableWrite(props.table, props.tableIndexes);
    consumeTableStream(this, this.function, {
      table: props.table,
      deadLetters: this.deadLetterQueue,
      isLocal: props.config.isLocal,
      batchSize: props.batchSize,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: {
            NewImage: {
              entity: { S: lambda.FilterRule.isEqual('Event') },
              ...(props.eventTypes ? { type: { S: lambda.FilterRule.or(...props.eventTypes) } } : {}),
            },
          },
        }),
      ],
    });
  }
}

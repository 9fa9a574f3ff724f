import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SEARCH_EVENTS } from '../../shared/domain/search/terms.ts';
import type { StageConfig } from '../config.ts';
import { PlatformFunction } from './platform-function.ts';
import { consumeTableStream, deadLetterQueue } from './table-stream.ts';

export interface SearchIndexerProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
}

/**
 * The search index from the table's stream: the function sees only the inserted events after which
 * a file's searchable fields may have changed (filter); failures are retried, then parked.
 */
export class SearchIndexer extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SearchIndexerProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', 'the search indexer stream');
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/search/index-on-stream.ts',
      config: props.config,
      description:
        'Indexes files for search and tracking (receipt, land title, applicant, permit) from the table stream',
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
              type: { S: lambda.FilterRule.or(...SEARCH_EVENTS) },
            },
          },
        }),
      ],
    });
  }
}

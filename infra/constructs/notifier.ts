import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { PlatformFunction } from './platform-function.ts';
import { consumeTableStream, deadLetterQueue } from './table-stream.ts';

export interface NotifierProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  emailIdentity: ses.IEmailIdentity;
}

/**
 * SMS and e-mail from the table's stream: the function sees only inserted events (filter), reports
 * failed records one by one, Lambda retries them (bisecting the batch) and then parks them in a
 * dead-letter queue for an operator: a notification is never silently dropped.
 */
export class Notifier extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetters', 'the notifier stream');

    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/notifications/notify-on-event.ts',
      config: props.config,
      description: 'Sends SMS and e-mail for application and professional events (table stream)',
      timeout: Duration.seconds(30),
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantSendEmail(props.emailIdentity, props.config.emailDomain)
      .grantSendSms();
    consumeTableStream(this, this.function, {
      table: props.table,
      deadLetters: this.deadLetterQueue,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('Event') } } },
        }),
      ],
    });
  }
}

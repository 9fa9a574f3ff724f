import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as ses from 'aws-cdk-lib/aws-ses';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { PlatformFunction } from './platform-function.ts';

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
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is the dead-letter queue of the notifier stream; it needs none of its own.',
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          'Nothing consumes this dead-letter queue automatically; operators inspect and replay it, so it has no redrive.',
      },
    ]);

    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/notifications/notify-on-event.ts',
      config: props.config,
      description: 'Sends SMS and e-mail for application and professional events (table stream)',
      timeout: Duration.seconds(30),
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantSendEmail(props.emailIdentity, props.config.emailDomain)
      .grantSendSms();
    props.table.grantStreamRead(this.function.fn);
    this.deadLetterQueue.grantSendMessages(this.function.fn);

    new lambda.EventSourceMapping(this, 'TableStream', {
      target: this.function.fn,
      eventSourceArn: props.table.tableStreamArn,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      maxRecordAge: Duration.hours(24),
      onFailure: new SqsDlq(this.deadLetterQueue),
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('Event') } } },
        }),
      ],
    });
  }
}

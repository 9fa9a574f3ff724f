import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { EventConsumer } from './event-consumer.ts';

export interface NotifierProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  emailIdentity: ses.IEmailIdentity;
}

/**
 * SMS and e-mail from the table's stream: the function sees only inserted events, reports failed
 * records one by one, Lambda retries them (bisecting the batch) and then parks them in a dead-letter
 * queue for an operator: a notification is never silently dropped.
 */
export class Notifier extends EventConsumer {
  constructor(scope: Construct, id: string, props: NotifierProps) {
    super(scope, id, {
      ...props,
      entry: 'functions/notifications/notify-on-event.ts',
      description: 'Sends SMS and e-mail for application and professional events (table stream)',
      what: 'the notifier stream',
      batchSize: 10,
    });
    this.function.grantSendEmail(props.emailIdentity, props.config.emailDomain).grantSendSms();
  }
}

import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { PlatformFunction } from './platform-function.ts';
import { deadLetterQueue } from './table-stream.ts';

export interface DeadlineSweepProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  /** The province contacts' daily digest of late files is e-mailed from the platform's sender. */
  emailIdentity: ses.IEmailIdentity;
}

/**
 * The legal clock's daily sweep (EventBridge Scheduler, 06:00 in Morocco): tacit approvals and
 * overdue flags. The notifier picks their events up from the stream like any other. Then the
 * province contacts' digest of late files (e-mail).
 */
export class DeadlineSweep extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DeadlineSweepProps) {
    super(scope, id);
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/review/sweep-deadlines.ts',
      config: props.config,
      description: 'Daily legal-deadline sweep: tacit approvals (law 55-19) and overdue flags',
      timeout: Duration.minutes(5),
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantSendEmail(props.emailIdentity, props.config.emailDomain);
    acknowledge(this.function.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked by EventBridge Scheduler, whose own dead-letter queue keeps failed runs.',
      },
    ]);

    const deadLetters = deadLetterQueue(this, 'DeadLetters', 'the sweep schedule');
    this.deadLetterQueue = deadLetters;

    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the deadline sweep',
    });
    new scheduler.Schedule(this, 'Daily', {
      description: 'Rukhsa legal-deadline sweep',
      schedule: scheduler.ScheduleExpression.cron({
        hour: '6',
        minute: '0',
        timeZone: TimeZone.AFRICA_CASABLANCA,
      }),
      target: new targets.LambdaInvoke(this.function.fn, {
        deadLetterQueue: deadLetters,
        retryAttempts: 2,
        role,
      }),
    });
    acknowledge(role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, this.function.fn.functionArn)}:*]`,
        reason:
          'The CDK grant covers the function and its versions (ARN:*); it names this one function only.',
      },
    ]);
  }
}

import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { PlatformFunction } from './platform-function.ts';
import { deadLetterQueue } from './table-stream.ts';

export interface SettlementImportProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  bucket: s3.IBucket;
}

/**
 * The daily import of the acquirer's settlement files (EventBridge Scheduler, 07:00 in Morocco,
 * after the banks' overnight files): every `incoming/<BENEFICIARY>/*.csv` is reconciled and moved
 * to `processed/` (or `rejected/` when unreadable). Importing is idempotent, so a rerun is harmless.
 */
export class SettlementImport extends Construct {
  readonly function: PlatformFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SettlementImportProps) {
    super(scope, id);
    const { bucket } = props;
    this.function = new PlatformFunction(this, 'Function', {
      entry: 'functions/payments/import-settlements-job.ts',
      config: props.config,
      description: "Daily import of the bank's settlement files: reconciled per merchant account and day",
      timeout: Duration.minutes(5),
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantMerchantSecrets(props.config.stage)
      .setEnv('CMI_CLIENT_ID', props.config.cmi.clientId)
      .setEnv('SETTLEMENT_BUCKET', bucket.bucketName);
    const role = this.function.role;
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [bucket.arnForObjects('incoming/*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [bucket.arnForObjects('processed/*'), bucket.arnForObjects('rejected/*')],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['incoming/*'] } },
      }),
    );
    acknowledge(
      role,
      ['incoming', 'processed', 'rejected'].map((prefix) => ({
        id: `AwsSolutions-IAM5[Resource::${nagName(this, bucket.bucketArn)}/${prefix}/*]`,
        reason: `Settlement files are keyed per beneficiary and day under ${prefix}/: the prefix is the narrowest ARN.`,
      })),
    );
    acknowledge(this.function.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked by EventBridge Scheduler, whose own dead-letter queue keeps failed runs.',
      },
    ]);

    const deadLetters = deadLetterQueue(this, 'DeadLetters', 'the settlement import schedule');
    this.deadLetterQueue = deadLetters;
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the settlement import',
    });
    new scheduler.Schedule(this, 'Daily', {
      description: 'Rukhsa settlement import',
      schedule: scheduler.ScheduleExpression.cron({
        hour: '7',
        minute: '0',
        timeZone: TimeZone.AFRICA_CASABLANCA,
      }),
      target: new targets.LambdaInvoke(this.function.fn, {
        deadLetterQueue: deadLetters,
        retryAttempts: 2,
        role: schedulerRole,
      }),
    });
    acknowledge(schedulerRole, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, this.function.fn.functionArn)}:*]`,
        reason:
          'The CDK grant covers the function and its versions (ARN:*); it names this one function only.',
      },
    ]);
  }
}

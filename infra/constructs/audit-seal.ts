import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { AUDIT_PREFIX } from '../../shared/domain/audit/daily-root.ts';
import { CATALOGUE_KEY, INDEX_KEY } from '../../shared/domain/open-data/catalogue.ts';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { PlatformFunction } from './platform-function.ts';
import { deadLetterQueue } from './table-stream.ts';

export interface AuditSealProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  openDataBucket: s3.IBucket;
  sealKey: kms.IKey;
}

/**
 * The daily audit seal (docs/audit.md): at 01:00 UTC, EventBridge Scheduler runs the job that
 * computes the previous UTC day's Merkle root over every application event, signs it with the
 * platform seal key (the only role with kms:Sign on it), stores it and publishes it with the
 * public key under `audit/` of the open-data bucket (retries, then a dead-letter queue).
 */
export class AuditSeal extends Construct {
  /** The schedule's dead-letter queue (alarmed by the operations construct). */
  readonly scheduleDeadLetters: sqs.Queue;
  readonly job: PlatformFunction;

  constructor(scope: Construct, id: string, props: AuditSealProps) {
    super(scope, id);
    this.job = new PlatformFunction(this, 'Job', {
      entry: 'functions/audit/seal-day.ts',
      config: props.config,
      description: "Seals the previous day's application events: signed Merkle root, published as open data",
      timeout: Duration.minutes(5),
      memorySize: 1024,
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantOpenDataPublish(props.openDataBucket, [AUDIT_PREFIX, CATALOGUE_KEY, INDEX_KEY])
      .grantAuditSeal(props.sealKey);
    acknowledge(this.job.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked by EventBridge Scheduler, whose own dead-letter queue keeps failed runs.',
      },
    ]);

    const deadLetters = deadLetterQueue(this, 'ScheduleDeadLetters', 'the audit seal schedule');
    this.scheduleDeadLetters = deadLetters;
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the audit seal job',
    });
    new scheduler.Schedule(this, 'Daily', {
      description: 'Rukhsa audit seal: the previous UTC day (01:00 UTC)',
      schedule: scheduler.ScheduleExpression.cron({ hour: '1', minute: '0', timeZone: TimeZone.ETC_UTC }),
      target: new targets.LambdaInvoke(this.job.fn, {
        deadLetterQueue: deadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        role,
      }),
    });
    acknowledge(role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, this.job.fn.functionArn)}:*]`,
        reason:
          'The CDK grant covers the function and its versions (ARN:*); it names this one function only.',
      },
    ]);
  }
}

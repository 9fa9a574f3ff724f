import { Duration, TimeZone } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { PlatformFunction } from './platform-function.ts';
import { consumeTableStream, deadLetterQueue } from './table-stream.ts';

export interface RankingProps {
  config: StageConfig;
  table: dynamodb.ITableV2;
  tableIndexes: readonly string[];
  openDataBucket: s3.IBucket;
}

/**
 * Where in the open-data bucket the job publishes (the ranking, its inputs, the month's decisions and
 * permits, the catalogue and its index page); it may write nowhere else.
 */
export const OPEN_DATA_KEYS = [
  'rankings/',
  'decisions/',
  'permits/',
  'datapackage.json',
  'index.html',
] as const;

/**
 * The commune ranking:
 * - a stream consumer keeping per-commune per-day aggregates (application items that are not drafts
 *   only, partial batch failures, retries with bisection, then a dead-letter queue);
 * - the job, on EventBridge Scheduler (monthly final run on the 2nd at 04:00, weekly provisional run
 *   on Mondays at 04:00, Morocco time; retries and a dead-letter queue) and on a queue that an
 *   administrator's `POST /rankings/runs` feeds (retries through the queue, then its dead-letter queue);
 * - publication to the open-data bucket (the ranking and its inputs, decisions, permits, the catalogue)
 *   under OPEN_DATA_KEYS only.
 */
export class Ranking extends Construct {
  readonly aggregator: PlatformFunction;
  readonly job: PlatformFunction;
  readonly runs: sqs.Queue;
  readonly streamDeadLetters: sqs.Queue;
  readonly scheduleDeadLetters: sqs.Queue;
  readonly runDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: RankingProps) {
    super(scope, id);
    const { config } = props;

    // Stream consumer.
    this.streamDeadLetters = deadLetterQueue(this, 'StreamDeadLetters', 'the ranking stream consumer');
    this.aggregator = new PlatformFunction(this, 'Aggregator', {
      entry: 'functions/ranking/aggregate-on-stream.ts',
      config,
      description: 'Keeps the ranking per-commune per-day aggregates from application changes (table stream)',
      timeout: Duration.seconds(30),
    }).grantTableWrite(props.table, props.tableIndexes);
    consumeTableStream(this, this.aggregator, {
      table: props.table,
      deadLetters: this.streamDeadLetters,
      isLocal: config.isLocal,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(5),
      retryAttempts: 10,
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: {
            NewImage: {
              entity: { S: lambda.FilterRule.isEqual('Application') },
              status: { S: lambda.FilterRule.notEquals('DRAFT') },
            },
          },
        }),
      ],
    });

    // The job.
    this.job = new PlatformFunction(this, 'Job', {
      entry: 'functions/ranking/run-ranking.ts',
      config,
      description: 'Ranks communes from the aggregates and publishes the ranking (open data + table)',
      timeout: Duration.minutes(5),
      memorySize: 1024,
    })
      .grantTableWrite(props.table, props.tableIndexes)
      .grantOpenDataPublish(props.openDataBucket, OPEN_DATA_KEYS);
    acknowledge(this.job.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked by EventBridge Scheduler and by an SQS event source; both keep failed runs in their own dead-letter queues.',
      },
    ]);

    // Administrators' run requests.
    const runDeadLetters = deadLetterQueue(this, 'RunDeadLetters', 'the ranking run requests');
    this.runDeadLetters = runDeadLetters;
    this.runs = new sqs.Queue(this, 'Runs', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // At least six times the job's timeout, as Lambda recommends for SQS sources.
      visibilityTimeout: Duration.minutes(30),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: runDeadLetters, maxReceiveCount: 3 },
    });
    this.job.fn.addEventSource(
      new SqsEventSource(this.runs, { batchSize: 1, reportBatchItemFailures: true }),
    );
    for (const child of this.job.fn.node.children.filter((c) => c.node.id.startsWith('SqsEventSource'))) {
      acknowledge(child, [
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'An SQS source keeps failed messages in the queue, which redrives them to its dead-letter queue after three receives.',
        },
      ]);
    }

    // Schedules.
    this.scheduleDeadLetters = deadLetterQueue(this, 'ScheduleDeadLetters', 'the ranking schedules');
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the ranking job',
    });
    const target = (schedule: 'monthly' | 'weekly') =>
      new targets.LambdaInvoke(this.job.fn, {
        input: scheduler.ScheduleTargetInput.fromObject({ schedule }),
        deadLetterQueue: this.scheduleDeadLetters,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        role,
      });
    new scheduler.Schedule(this, 'Monthly', {
      description: 'Rukhsa commune ranking: the previous month, final (2nd of the month, 04:00 Morocco)',
      schedule: scheduler.ScheduleExpression.cron({
        day: '2',
        hour: '4',
        minute: '0',
        timeZone: TimeZone.AFRICA_CASABLANCA,
      }),
      target: target('monthly'),
    });
    new scheduler.Schedule(this, 'Weekly', {
      description: "Rukhsa commune ranking: the current month's provisional view (Mondays, 04:00 Morocco)",
      schedule: scheduler.ScheduleExpression.cron({
        weekDay: 'MON',
        hour: '4',
        minute: '0',
        timeZone: TimeZone.AFRICA_CASABLANCA,
      }),
      target: target('weekly'),
    });
    acknowledge(role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, this.job.fn.functionArn)}:*]`,
        reason: 'The CDK grant covers the function and its versions (ARN:*); it names the ranking job only.',
      },
    ]);
  }

  /** Lets a route function queue run requests (send only, this queue only). */
  grantRequestRuns(fn: PlatformFunction): void {
    this.runs.grantSendMessages(fn.fn);
    fn.setEnv('RANKING_RUNS_QUEUE_URL', this.runs.queueUrl);
  }
}

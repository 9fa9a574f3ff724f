import { Duration, type IAspect, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  JOB_SUCCEEDED,
  JOBS,
  type Job,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
} from '../../shared/observability/metric-names.ts';
import type { AlarmConfig, StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { PlatformFunction } from './platform-function.ts';
import { DEAD_LETTER_QUEUES, STREAM_CONSUMERS } from './table-stream.ts';

/** Where every runbook lives; each alarm's description names its section. */
const RUNBOOK = 'docs/operations.md';
const FIVE_MINUTES = Duration.minutes(5);

/**
 * The stage's one alarm topic, e-mailing the operations mailbox of the stage config. Encrypted with
 * its own key, which CloudWatch may use to publish (an AWS-managed SNS key would refuse CloudWatch).
 */
export function alarmTopic(scope: Construct, config: StageConfig & { alarms: AlarmConfig }): sns.Topic {
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: `Encrypts the Rukhsa ${config.stage} alarm topic`,
    enableKeyRotation: true,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      resources: ['*'],
    }),
  );
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: `Rukhsa ${config.stage} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  if (config.alarms.email) {
    const email = new sns.Subscription(scope, 'AlarmEmail', {
      topic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: config.alarms.email,
    });
    acknowledge(email, [
      {
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'An e-mail that SNS fails to deliver after its retries has nothing to replay: the alarm itself stays in ALARM in CloudWatch and on the dashboard.',
      },
    ]);
  }
  return topic;
}

/** A metric the functions emit (metrics.ts), for the whole stage: the `service` and `stage` dimensions only. */
export function businessMetric(
  config: StageConfig,
  name: BusinessMetric | typeof JOB_SUCCEEDED,
  extra: Record<string, string> = {},
  props: cw.MetricOptions = {},
): cw.Metric {
  return new cw.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, stage: config.stage, ...extra },
    statistic: 'Sum',
    period: FIVE_MINUTES,
    ...props,
  });
}

/**
 * Walks every stack and gives each function its error and throttle alarms (and an iterator-age alarm
 * when it consumes the table's stream), and each queue its depth alarm (any message at all in a
 * dead-letter queue). An aspect, so a function or queue added later cannot go unwatched. Stacks
 * other than the topic's import it by ARN.
 */
export class OperationalAlarms implements IAspect {
  private readonly topic: sns.ITopic;
  private readonly alarms: AlarmConfig;

  constructor(topic: sns.ITopic, alarms: AlarmConfig) {
    this.topic = topic;
    this.alarms = alarms;
  }

  visit(node: IConstruct): void {
    if (node instanceof PlatformFunction) this.watchFunction(node);
    else if (node instanceof sqs.Queue) this.watchQueue(node);
  }

  private watchFunction(fn: PlatformFunction): void {
    const what = fn.fn.node.path;
    this.alarm(fn, 'ErrorsAlarm', {
      metric: fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: this.alarms.functionErrors,
      alarmDescription: `Function errors: ${what} failed ${this.alarms.functionErrors}+ time(s) in 5 minutes. Runbook: ${RUNBOOK}#function-errors`,
    });
    this.alarm(fn, 'ThrottlesAlarm', {
      metric: fn.fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
      threshold: this.alarms.functionThrottles,
      alarmDescription: `Function throttles: ${what} was throttled in the last 5 minutes. Runbook: ${RUNBOOK}#function-throttles`,
    });
    if (STREAM_CONSUMERS.has(fn)) {
      this.alarm(fn, 'IteratorAgeAlarm', {
        metric: fn.fn.metric('IteratorAge', { period: FIVE_MINUTES, statistic: 'Maximum' }),
        threshold: this.alarms.streamIteratorAgeSeconds * 1000,
        evaluationPeriods: 2,
        alarmDescription: `Stream lag: ${what} is more than ${this.alarms.streamIteratorAgeSeconds} s behind the table's stream. Runbook: ${RUNBOOK}#stream-iterator-age`,
      });
    }
  }

  private watchQueue(queue: sqs.Queue): void {
    const deadLetters = DEAD_LETTER_QUEUES.has(queue);
    this.alarm(queue, 'DepthAlarm', {
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      threshold: deadLetters ? 1 : this.alarms.queueDepth,
      alarmDescription: deadLetters
        ? `Dead letters: ${queue.node.path} is not empty (a record or run failed every retry). Runbook: ${RUNBOOK}#dead-letter-queue-not-empty`
        : `Queue depth: ${queue.node.path} holds ${this.alarms.queueDepth}+ waiting messages. Runbook: ${RUNBOOK}#queue-depth`,
    });
  }

  private alarm(
    scope: Construct,
    id: string,
    props: Pick<cw.AlarmProps, 'metric' | 'threshold' | 'alarmDescription'> & { evaluationPeriods?: number },
  ): void {
    if (scope.node.tryFindChild(id)) return;
    new cw.Alarm(scope, id, {
      evaluationPeriods: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      ...props,
    }).addAlarmAction(new cwActions.SnsAction(this.topicIn(Stack.of(scope))));
  }

  private topicIn(stack: Stack): sns.ITopic {
    if (Stack.of(this.topic) === stack) return this.topic;
    const id = 'OperationsAlarmTopic';
    return (
      (stack.node.tryFindChild(id) as sns.ITopic | undefined) ??
      sns.Topic.fromTopicArn(stack, id, this.topic.topicArn)
    );
  }
}

export interface OperationsProps {
  config: StageConfig & { alarms: AlarmConfig };
  topic: sns.ITopic;
  api: apigw.HttpApi;
  /** Background functions and queues shown on the dashboard (their alarms come from OperationalAlarms). */
  streamConsumers: PlatformFunction[];
  scheduledJobs: { job: Job; fn: PlatformFunction }[];
  queues: sqs.IQueue[];
}

/**
 * The stage-wide alarms (API 5xx rate and p99 latency, missed scheduled runs, rejected gateway
 * callbacks, KMS signing failures, a spike of PIN lockouts) and the dashboard of the day at a glance.
 */
export class Operations extends Construct {
  readonly dashboard: cw.Dashboard;
  readonly alarms: cw.Alarm[] = [];
  private readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = props.topic;
    const { config, api } = props;
    const thresholds = config.alarms;
    const metric = (
      name: BusinessMetric,
      extra: Record<string, string> = {},
      options: cw.MetricOptions = {},
    ) => businessMetric(config, name, extra, options);

    // API: 5xx share of requests, p99 latency.
    const requests = api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const clientErrors = api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new cw.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx (% of requests)',
      period: FIVE_MINUTES,
    });
    const latency = (statistic: string) => api.metricLatency({ period: FIVE_MINUTES, statistic });
    this.add('Api5xxRateAlarm', {
      metric: errorRate,
      threshold: thresholds.api5xxPercent,
      // Two bad periods out of three: one failed request at night is not an outage; the function
      // error alarms still see any crash at once.
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      alarmDescription: `API 5xx: ${thresholds.api5xxPercent}%+ of requests answered 5xx in 2 of the last 3 five-minute periods. Runbook: ${RUNBOOK}#api-5xx-rate`,
    });
    this.add('ApiLatencyAlarm', {
      metric: latency('p99'),
      threshold: thresholds.apiP99LatencyMs,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      alarmDescription: `API latency: p99 above ${thresholds.apiP99LatencyMs} ms for 15 minutes. Runbook: ${RUNBOOK}#api-p99-latency`,
    });

    // Scheduled jobs: the heartbeat each successful run emits; no heartbeat is a missed run.
    for (const { job } of props.scheduledJobs) {
      const hours =
        job === JOBS.deadlineSweep
          ? thresholds.missedRunHours.deadlineSweep
          : job === JOBS.auditSeal
            ? thresholds.missedRunHours.auditSeal
            : job === JOBS.settlementImport
              ? thresholds.missedRunHours.settlementImport
              : thresholds.missedRunHours.ranking;
      // Hourly periods up to a day; CloudWatch's 7-day cap means whole days beyond (see config.ts).
      const period = hours <= 24 * 2 ? Duration.hours(1) : Duration.days(1);
      const periods = Math.ceil(hours / period.toHours());
      this.add(
        `MissedRun${job
          .split('-')
          .map((w) => w[0]?.toUpperCase() + w.slice(1))
          .join('')}Alarm`,
        {
          metric: businessMetric(config, JOB_SUCCEEDED, { job }, { period }),
          threshold: 1,
          comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: periods,
          datapointsToAlarm: periods,
          treatMissingData: cw.TreatMissingData.BREACHING,
          alarmDescription: `Missed run: the ${job} job has not succeeded for ${hours} hours. Runbook: ${RUNBOOK}#missed-scheduled-run`,
        },
      );
    }

    // Security and signing.
    this.add('GatewayCallbackRejectedAlarm', {
      metric: metric(BUSINESS_METRICS.gatewayCallbackRejected),
      threshold: 1,
      alarmDescription: `Gateway callback rejected: a bank callback failed the hash, amount or order checks. Runbook: ${RUNBOOK}#gateway-callback-rejected`,
    });
    this.add('KmsSigningFailureAlarm', {
      metric: metric(BUSINESS_METRICS.kmsSigningFailure),
      threshold: 1,
      alarmDescription: `KMS signing failure: KMS refused or failed to sign a permit. Runbook: ${RUNBOOK}#kms-signing-failure`,
    });
    this.add('PinLockoutSpikeAlarm', {
      metric: metric(BUSINESS_METRICS.keyLocked, {}, { period: Duration.hours(1) }),
      threshold: thresholds.pinLockoutsPerHour,
      alarmDescription: `PIN lockouts: ${thresholds.pinLockoutsPerHour}+ signing keys locked in one hour (guessing, or a PIN channel failing). Runbook: ${RUNBOOK}#pin-lockout-spike`,
    });

    // The dashboard: the day at a glance.
    const day = { period: Duration.hours(1) };
    const counts = (title: string, names: BusinessMetric[], extra: Record<string, string> = {}) =>
      new cw.GraphWidget({
        title,
        width: 8,
        left: names.map((name) => metric(name, extra, { ...day, label: name })),
      });
    this.dashboard = new cw.Dashboard(this, 'Dashboard', {
      dashboardName: `rukhsa-${config.stage}`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cw.TextWidget({
            markdown: `# Rukhsa ${config.stage}\nEvery alarm has a runbook in \`${RUNBOOK}\`. Per-commune figures: Logs Insights on the functions' log groups (\`communeId\` is in every metric line).`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new cw.GraphWidget({ title: 'Traffic (API requests)', width: 8, left: [requests] }),
          new cw.GraphWidget({
            title: 'API errors',
            width: 8,
            left: [serverErrors, clientErrors],
            right: [errorRate],
          }),
          new cw.GraphWidget({
            title: 'API latency',
            width: 8,
            left: [latency('p50'), latency('p90'), latency('p99')],
            leftAnnotations: [{ value: thresholds.apiP99LatencyMs, label: 'p99 alarm' }],
          }),
        ],
        [
          new cw.GraphWidget({
            title: 'Function errors (top 10)',
            width: 12,
            left: [
              new cw.MathExpression({
                expression: `SORT(SEARCH('{AWS/Lambda,FunctionName} MetricName="Errors" "Rukhsa-${config.stage}-"', 'Sum', 300), SUM, DESC, 10)`,
                label: '',
                period: FIVE_MINUTES,
              }),
            ],
          }),
          new cw.GraphWidget({
            title: 'Function throttles',
            width: 12,
            left: [
              new cw.MathExpression({
                expression: `SEARCH('{AWS/Lambda,FunctionName} MetricName="Throttles" "Rukhsa-${config.stage}-"', 'Sum', 300)`,
                label: '',
                period: FIVE_MINUTES,
              }),
            ],
          }),
        ],
        [
          counts('Applications', [
            BUSINESS_METRICS.applicationSubmitted,
            BUSINESS_METRICS.applicationReturned,
            BUSINESS_METRICS.applicationDecided,
            BUSINESS_METRICS.applicationTacitlyApproved,
            BUSINESS_METRICS.applicationOverdue,
          ]),
          counts('Payments', [
            BUSINESS_METRICS.paymentApproved,
            BUSINESS_METRICS.paymentRefused,
            BUSINESS_METRICS.gatewayCallbackRejected,
          ]),
          counts('Permits and signing', [
            BUSINESS_METRICS.permitIssued,
            BUSINESS_METRICS.pinFailure,
            BUSINESS_METRICS.keyLocked,
            BUSINESS_METRICS.kmsSigningFailure,
          ]),
        ],
        [
          new cw.GraphWidget({
            title: 'Submissions by region',
            width: 8,
            left: [
              new cw.MathExpression({
                expression: `SEARCH('{${METRICS_NAMESPACE},service,stage,region} MetricName="${BUSINESS_METRICS.applicationSubmitted}" stage="${config.stage}"', 'Sum', 3600)`,
                label: '',
                period: Duration.hours(1),
              }),
            ],
          }),
          new cw.GraphWidget({
            title: 'Notifications',
            width: 8,
            left: ['sms', 'email'].flatMap((channel) => [
              metric(BUSINESS_METRICS.notificationSent, { channel }, { ...day, label: `sent ${channel}` }),
              metric(
                BUSINESS_METRICS.notificationFailed,
                { channel },
                { ...day, label: `failed ${channel}` },
              ),
            ]),
          }),
          new cw.GraphWidget({
            title: 'Scheduled jobs (successful runs)',
            width: 8,
            left: props.scheduledJobs.map(({ job }) =>
              businessMetric(config, JOB_SUCCEEDED, { job }, { ...day, label: job }),
            ),
          }),
        ],
        [
          new cw.GraphWidget({
            title: 'Queue depths',
            width: 12,
            left: props.queues.map((queue) =>
              queue.metricApproximateNumberOfMessagesVisible({
                period: FIVE_MINUTES,
                statistic: 'Maximum',
                label: queue.node.path.split('/').slice(-2).join('/'),
              }),
            ),
          }),
          new cw.GraphWidget({
            title: 'Stream consumers: iterator age (ms)',
            width: 12,
            left: props.streamConsumers.map((fn) =>
              fn.fn.metric('IteratorAge', {
                period: FIVE_MINUTES,
                statistic: 'Maximum',
                label: fn.node.path.split('/').slice(-2).join('/'),
              }),
            ),
            leftAnnotations: [{ value: thresholds.streamIteratorAgeSeconds * 1000, label: 'alarm' }],
          }),
        ],
        [new cw.AlarmStatusWidget({ title: 'Stage alarms', width: 24, alarms: this.alarms })],
      ],
    });
  }

  private add(
    id: string,
    props: Omit<cw.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number },
  ): void {
    const alarm = new cw.Alarm(this, id, {
      evaluationPeriods: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { stageConfig } from '../../infra/config.ts';
import { newApp } from '../support/infra.ts';

/**
 * Operations on the prod stage: alarms for every function, queue, stream consumer and scheduled job,
 * all on the stage's one topic; the dashboard; backups (PITR, versioned buckets); and the restored
 * table override. One synthesis for the file.
 */
const { app, stateful, api, routeStacks } = buildApp(newApp('prod'));
app.synth();
const prod = stageConfig('prod');
const alarms = prod.alarms;
if (!alarms) throw new Error('prod has alarms');
const apiTemplate = Template.fromStack(api);
const templates = [api, ...routeStacks].map((stack) => ({ stack, template: Template.fromStack(stack) }));

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (type: string) =>
  templates.flatMap(({ stack, template }) =>
    Object.entries(template.findResources(type) as Record<string, Resource>).map(([id, resource]) => ({
      stack: stack.stackName,
      id,
      props: resource.Properties,
    })),
  );
const allAlarms = resourcesOf('AWS::CloudWatch::Alarm');
const dimension = (alarm: { props: Record<string, any> }, name: string) =>
  (alarm.props.Dimensions ?? []).find((d: { Name: string }) => d.Name === name)?.Value;
const refTo = (value: unknown) => (value as { Ref?: string } | undefined)?.Ref;
const alarmsOn = (stack: string, metric: string, dim: string, logicalId: string) =>
  allAlarms.filter(
    (a) =>
      a.stack === stack &&
      a.props.MetricName === metric &&
      (refTo(dimension(a, dim)) === logicalId ||
        JSON.stringify(dimension(a, dim) ?? '').includes(`"${logicalId}"`)),
  );

const [topicId] = Object.keys(apiTemplate.findResources('AWS::SNS::Topic'));
const topicExport = Object.entries(apiTemplate.toJSON().Outputs as Record<string, any>).find(
  ([, output]) => refTo(output.Value) === topicId && output.Export,
)?.[1].Export.Name;

describe('operations (prod)', () => {
  it('has one encrypted alarm topic that e-mails the stage mailbox', () => {
    apiTemplate.resourceCountIs('AWS::SNS::Topic', 1);
    apiTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    apiTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: alarms.email,
      TopicArn: { Ref: topicId },
    });
    expect(alarms.email).toMatch(/@rukhsa\.ma$/);
  });

  it('wires every alarm of every stack to that topic', () => {
    expect(allAlarms.length).toBeGreaterThan(100);
    for (const alarm of allAlarms) {
      expect(alarm.props.AlarmActions, `${alarm.stack}/${alarm.id}`).toHaveLength(1);
      const [action] = alarm.props.AlarmActions;
      if (alarm.stack === api.stackName) expect(action).toEqual({ Ref: topicId });
      else expect(action).toEqual({ 'Fn::ImportValue': topicExport });
      expect(alarm.props.AlarmDescription).toMatch(/Runbook: docs\/operations\.md#[a-z0-9-]+/);
    }
  });

  it('gives every function its error and throttle alarms', () => {
    const functions = resourcesOf('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(60);
    for (const fn of functions) {
      const errors = alarmsOn(fn.stack, 'Errors', 'FunctionName', fn.id);
      const throttles = alarmsOn(fn.stack, 'Throttles', 'FunctionName', fn.id);
      expect(errors, `errors alarm of ${fn.stack}/${fn.id}`).toHaveLength(1);
      expect(throttles, `throttles alarm of ${fn.stack}/${fn.id}`).toHaveLength(1);
      expect(errors[0]?.props).toMatchObject({
        Threshold: alarms.functionErrors,
        Statistic: 'Sum',
        Period: 300,
      });
      expect(throttles[0]?.props).toMatchObject({ Threshold: alarms.functionThrottles, Statistic: 'Sum' });
    }
  });

  it('gives every queue its depth alarm: any message in a dead-letter queue, a backlog in a work queue', () => {
    const queues = resourcesOf('AWS::SQS::Queue');
    // The stream consumers' and jobs' dead-letter queues (the search indexer and the settlement
    // import added theirs) and the ranking's run queue.
    expect(queues.length).toBe(10);
    const deadLetterIds = new Set(
      queues.flatMap((q) => {
        const target = q.props.RedrivePolicy?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
        return target ? [target] : [];
      }),
    );
    for (const q of queues) {
      const depth = allAlarms.filter(
        (a) =>
          a.stack === q.stack &&
          a.props.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          JSON.stringify(dimension(a, 'QueueName')).includes(`"${q.id}"`),
      );
      expect(depth, `depth alarm of ${q.id}`).toHaveLength(1);
      const isWorkQueue = Boolean(q.props.RedrivePolicy);
      expect(depth[0]?.props.Threshold, q.id).toBe(isWorkQueue ? alarms.queueDepth : 1);
      if (deadLetterIds.has(q.id)) expect(depth[0]?.props.Threshold).toBe(1);
    }
  });

  it('gives every stream consumer its iterator-age alarm', () => {
    const consumers = resourcesOf('AWS::Lambda::EventSourceMapping').filter((m) => m.props.StartingPosition);
    expect(consumers).toHaveLength(4);
    for (const mapping of consumers) {
      const fnId = refTo(mapping.props.FunctionName) as string;
      const age = alarmsOn(mapping.stack, 'IteratorAge', 'FunctionName', fnId);
      expect(age, `iterator age alarm of ${fnId}`).toHaveLength(1);
      expect(age[0]?.props).toMatchObject({
        Statistic: 'Maximum',
        Threshold: alarms.streamIteratorAgeSeconds * 1000,
      });
    }
  });

  it('gives every scheduled job a missed-run alarm on its heartbeat, breaching when the heartbeat is missing', () => {
    const scheduled = new Set(
      resourcesOf('AWS::Scheduler::Schedule').map((s) => s.props.Target.Arn['Fn::GetAtt'][0] as string),
    );
    expect(scheduled.size).toBe(4);
    const heartbeats = allAlarms.filter((a) => a.props.MetricName === 'JobSucceeded');
    expect(heartbeats.map((a) => dimension(a, 'job')).sort()).toEqual([
      'audit-seal',
      'deadline-sweep',
      'ranking',
      'settlement-import',
    ]);
    for (const fnId of scheduled) {
      const job = /DeadlineSweep/.test(fnId)
        ? 'deadline-sweep'
        : /RankingJob/.test(fnId)
          ? 'ranking'
          : /AuditSealJob/.test(fnId)
            ? 'audit-seal'
            : /SettlementImport/.test(fnId)
              ? 'settlement-import'
              : fnId;
      const alarm = heartbeats.find((a) => dimension(a, 'job') === job);
      expect(alarm, `missed-run alarm of ${fnId}`).toBeDefined();
      const hours =
        job === 'deadline-sweep'
          ? alarms.missedRunHours.deadlineSweep
          : job === 'audit-seal'
            ? alarms.missedRunHours.auditSeal
            : job === 'settlement-import'
              ? alarms.missedRunHours.settlementImport
              : alarms.missedRunHours.ranking;
      expect(alarm?.props).toMatchObject({
        Namespace: 'Rukhsa',
        Statistic: 'Sum',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        TreatMissingData: 'breaching',
      });
      const { Period, EvaluationPeriods, DatapointsToAlarm } = alarm?.props ?? {};
      expect(Period * EvaluationPeriods).toBeGreaterThanOrEqual(hours * 3600);
      // CloudWatch's cap on an alarm's window.
      expect(Period * EvaluationPeriods).toBeLessThanOrEqual(7 * 24 * 3600);
      expect(DatapointsToAlarm).toBe(EvaluationPeriods);
      expect(dimension(alarm as never, 'stage')).toBe('prod');
    }
  });

  it('alarms on the API 5xx rate and p99 latency, rejected callbacks, KMS signing failures and PIN lockout spikes', () => {
    const apiAlarms = allAlarms.filter((a) => a.stack === api.stackName);
    const rate = apiAlarms.find((a) =>
      a.props.Metrics?.some((m: any) => /100 \* errors/.test(m.Expression ?? '')),
    );
    expect(rate?.props).toMatchObject({
      Threshold: alarms.api5xxPercent,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    const metricsOf = (a: any) =>
      a.props.Metrics.map((m: any) => m.MetricStat?.Metric?.MetricName).filter(Boolean);
    expect(metricsOf(rate).sort()).toEqual(['5xx', 'Count']);
    const p99 = apiAlarms.find((a) => a.props.MetricName === 'Latency');
    expect(p99?.props).toMatchObject({ ExtendedStatistic: 'p99', Threshold: alarms.apiP99LatencyMs });
    const business = (name: string) => apiAlarms.find((a) => a.props.MetricName === name)?.props;
    expect(business('GatewayCallbackRejected')).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    expect(business('KmsSigningFailure')).toMatchObject({ Threshold: 1, Statistic: 'Sum' });
    expect(business('KeyLocked')).toMatchObject({ Threshold: alarms.pinLockoutsPerHour, Period: 3600 });
  });

  it('has a dashboard with the day at a glance', () => {
    const dashboards = Object.values(apiTemplate.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties.DashboardName).toBe('rukhsa-prod');
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
    for (const title of [
      'Traffic (API requests)',
      'API errors',
      'API latency',
      'Function errors (top 10)',
      'Applications',
      'Payments',
      'Permits and signing',
      'Notifications',
      'Scheduled jobs (successful runs)',
      'Queue depths',
      'Stream consumers: iterator age (ms)',
      'Stage alarms',
    ])
      expect(body, title).toContain(`\\"title\\":\\"${title}\\"`);
    for (const name of [
      'ApplicationSubmitted',
      'PaymentApproved',
      'PermitIssued',
      'KeyLocked',
      'NotificationFailed',
    ])
      expect(body).toContain(name);
  });

  it('keeps point-in-time recovery on the table and versions on every data bucket', () => {
    const table = Template.fromStack(stateful);
    table.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
    const buckets = Object.entries(table.findResources('AWS::S3::Bucket') as Record<string, Resource>).filter(
      ([id]) => !/AccessLogs|OpenDataSiteLogs/.test(id),
    );
    expect(buckets).toHaveLength(4);
    for (const [id, bucket] of buckets)
      expect(bucket.Properties.VersioningConfiguration, id).toEqual({ Status: 'Enabled' });
  });
});

describe('pointing a stage at a restored table', () => {
  it('moves every grant, variable and stream consumer to the restored table, and leaves the original in the stateful stack', () => {
    const restored = {
      'rukhsa:tableName': 'rukhsa-prod-restored-20261129',
      'rukhsa:tableStreamArn':
        'arn:aws:dynamodb:eu-west-3:123456789012:table/rukhsa-prod-restored-20261129/stream/2026-11-29T16:00:00.000',
    };
    const built = buildApp(newApp('prod', undefined, restored));
    built.app.synth();
    const restoredApi = Template.fromStack(built.api).toJSON();
    const text = JSON.stringify(restoredApi);
    expect(text).toContain(restored['rukhsa:tableStreamArn']);
    expect(text).not.toMatch(/ImportValue[^}]*Table/);
    const mappings = Object.values(
      Template.fromStack(built.api).findResources('AWS::Lambda::EventSourceMapping'),
    ) as Resource[];
    for (const m of mappings.filter((m) => m.Properties.StartingPosition))
      expect(m.Properties.EventSourceArn).toBe(restored['rukhsa:tableStreamArn']);
    const core = Template.fromStack(built.routeStacks[0] as never).toJSON();
    const tableNames = Object.values(core.Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => r.Properties.Environment?.Variables?.TABLE_NAME)
      .filter(Boolean);
    expect(tableNames.length).toBeGreaterThan(0);
    expect(new Set(tableNames)).toEqual(new Set([restored['rukhsa:tableName']]));
    // The original platform table and the secrets table; no third one.
    Template.fromStack(built.stateful).resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
  });

  it('refuses a restored table name without its stream', () => {
    expect(() => buildApp(newApp('prod', undefined, { 'rukhsa:tableName': 'x' }))).toThrow(/tableStreamArn/);
  });
});

import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { DEMO_SIGNING_PIN } from '../../scripts/local-cloud/seed.ts';
import { replayDeadLetters } from '../../scripts/replay-dlq.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { functionLogLines, givenPaidApplication, inbox, waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const run = Date.now().toString().slice(-7);

type Emf = Record<string, any> & { _aws: { Timestamp: number; CloudWatchMetrics: any[] } };

/**
 * Embedded metric format, as CloudWatch Logs requires it to turn a log line into metrics: a root
 * `_aws` with a millisecond Timestamp and one directive (Namespace, Dimensions as lists of root keys
 * holding strings, Metrics whose names are root keys holding numbers).
 */
function emfProblems(line: Emf): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(line._aws.Timestamp) || line._aws.Timestamp < 1e12) problems.push('Timestamp');
  for (const directive of line._aws.CloudWatchMetrics) {
    if (typeof directive.Namespace !== 'string' || !directive.Namespace) problems.push('Namespace');
    if (!Array.isArray(directive.Dimensions)) problems.push('Dimensions');
    for (const set of directive.Dimensions ?? []) {
      if (!Array.isArray(set) || set.length > 30) problems.push('dimension set');
      for (const name of set)
        if (typeof line[name] !== 'string' || !line[name]) problems.push(`dimension ${name}`);
    }
    for (const metric of directive.Metrics ?? []) {
      if (typeof line[metric.Name] !== 'number') problems.push(`metric ${metric.Name}`);
      if (metric.Unit !== undefined && typeof metric.Unit !== 'string')
        problems.push(`unit of ${metric.Name}`);
    }
  }
  return problems;
}

const metricLines = async (): Promise<Emf[]> =>
  (await functionLogLines())
    .flatMap(({ message }) => message.split('\n'))
    .flatMap((text) => {
      try {
        const parsed = JSON.parse(text);
        return parsed?._aws?.CloudWatchMetrics ? [parsed as Emf] : [];
      } catch {
        return [];
      }
    });

/**
 * MiniStack 1.5.33 gathers an invocation's log lines for at most 5 ms after the last one
 * (`_drain_stderr_bounded` in core/lambda_runtime.py); on a busy machine a metric line printed just
 * after can wait in the worker's pipe until its next invocation. A request each of the four
 * functions refuses with a 4xx (a malformed file id, JSON on the bank's form route) is that next
 * invocation: it changes nothing and lets the lines through.
 */
async function nudgeMetricFunctions(): Promise<void> {
  const none = 'APP-NUDGE-0000';
  await Promise.all([
    api(`/applications/${none}/submission`, {
      method: 'POST',
      token: await idTokenFor('professional'),
      headers: { 'idempotency-key': `nudge-${Date.now()}` },
    }),
    api(`/applications/${none}/decision`, {
      method: 'POST',
      token: await idTokenFor('desk_agent'),
      body: {},
    }),
    api(`/applications/${none}/permit`, { method: 'POST', token: await idTokenFor('signatory'), body: {} }),
    fetch(`${cloud.outputs.apiUrl}/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }),
  ]);
}

describe('operations on the local cloud', () => {
  it("prints valid EMF for one application's life: submitted, decided, paid, issued", async () => {
    const id = await givenPaidApplication(`ops-emf-${run}`);
    const signed = await api(`/applications/${id}/permit`, {
      method: 'POST',
      token: await idTokenFor('signatory'),
      body: { pin: DEMO_SIGNING_PIN },
    });
    expect(signed.status, signed.text).toBe(201);

    const expected = ['ApplicationSubmitted', 'ApplicationDecided', 'PaymentApproved', 'PermitIssued'];
    let nudged = 0;
    const mine = await waitFor('the metric lines of the application', async () => {
      const lines = (await metricLines()).filter((l) => l.applicationId === id);
      const names = lines.flatMap((l) =>
        l._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m: any) => m.Name)),
      );
      if (expected.every((n) => names.includes(n))) return lines;
      if (nudged++ % 5 === 2) await nudgeMetricFunctions();
      return undefined;
    });
    for (const line of mine) expect(emfProblems(line), JSON.stringify(line)).toEqual([]);
    const byName = (name: string) => mine.filter((l) => typeof l[name] === 'number');
    for (const name of expected) {
      const lines = byName(name);
      expect(lines, name).toHaveLength(1);
      const [line] = lines as [Emf];
      expect(line[name]).toBe(1);
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'Rukhsa',
        Metrics: [{ Name: name, Unit: 'Count' }],
      });
      expect(line).toMatchObject({ service: 'rukhsa', stage: 'local', communeId: 'cas-casablanca' });
      // The national total is always a dimension set; the commune never is.
      expect(line._aws.CloudWatchMetrics[0].Dimensions).toContainEqual(['service', 'stage']);
      expect(line._aws.CloudWatchMetrics[0].Dimensions.flat()).not.toContain('communeId');
    }
    expect(byName('ApplicationSubmitted')[0]?._aws.CloudWatchMetrics[0].Dimensions).toContainEqual([
      'service',
      'stage',
      'region',
    ]);
    expect(byName('ApplicationSubmitted')[0]).toMatchObject({ region: 'MA-06' });
    expect(byName('ApplicationDecided')[0]).toMatchObject({ decision: 'APPROVED', region: 'MA-06' });
  }, 240_000);

  /**
   * Fault injection: a professional whose stored language the notification templates do not know
   * makes the notifier throw on their "account verified" event (a corrupted record, fixed by data).
   * MiniStack 1.5.33 dead-letters a DynamoDB stream batch only once its records are older than
   * MaximumRecordAgeInSeconds (not after MaximumRetryAttempts), and takes a partial batch response
   * for a success; so the test narrows the notifier's mapping to one record per batch and a 5-second
   * age for its duration, and puts them back afterwards.
   */
  it('parks a poisoned stream record in the dead-letter queue; the replay refuses it before the fix and processes it once after', async () => {
    const config = clientConfig(cloud);
    const cfn = new CloudFormationClient(config);
    const outputs = Object.fromEntries(
      (
        (await cfn.send(new DescribeStacksCommand({ StackName: 'Rukhsa-local-Api' }))).Stacks?.[0]?.Outputs ??
        []
      ).map((o) => [o.OutputKey, o.OutputValue]),
    ) as Record<string, string>;
    const notifier = outputs.NotifierFunctionName as string;
    const deadLetters = outputs.NotificationDeadLetterQueueUrl as string;
    const lambda = new LambdaClient(config);
    const sqs = new SQSClient(config);
    const clients = { sqs, lambda, streams: new DynamoDBStreamsClient(config) };
    const db = DynamoDBDocumentClient.from(new DynamoDBClient(config));
    const [mapping] =
      (await lambda.send(new ListEventSourceMappingsCommand({ FunctionName: notifier })))
        .EventSourceMappings ?? [];
    if (!mapping?.UUID) throw new Error('the notifier has no event source mapping');
    const visible = async () =>
      Number(
        (
          await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: deadLetters,
              AttributeNames: ['ApproximateNumberOfMessages'],
            }),
          )
        ).Attributes?.ApproximateNumberOfMessages ?? 0,
      );
    const before = await visible();
    const email = `replay-${run}@example.ma`;
    const verifiedMails = async () =>
      (await inbox()).filter(
        (m) => m.To[0] === email && /vérifié|verified/i.test(`${m.Subject} ${m.BodyText}`),
      );

    await lambda.send(
      new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, BatchSize: 1, MaximumRecordAgeInSeconds: 5 }),
    );
    try {
      const registered = await api('/professionals', {
        method: 'POST',
        headers: { 'idempotency-key': `ops-replay-${run}` },
        body: {
          profession: 'architect',
          registrationNumber: `CNOA-R${run}`,
          firstName: 'Yassine',
          lastName: 'Alaoui',
          cin: 'BJ445566',
          phone: `+2126${run}1`,
          email,
          preferredLanguage: 'fr',
          password: 'Archi#2026-Rukhsa!',
        },
      });
      expect(registered.status, registered.text).toBe(201);
      const id = registered.json.id as string;
      const setLanguage = (language: string) =>
        db.send(
          new UpdateCommand({
            TableName: cloud.outputs.tableName,
            Key: keys.professionalKey(id),
            UpdateExpression: 'SET preferredLanguage = :l',
            ExpressionAttributeValues: { ':l': language },
          }),
        );
      // The fault: a language no template has (a MODIFY, which the notifier's filter ignores).
      await setLanguage('xx');
      const verified = await api(`/professionals/${id}/verification`, {
        method: 'POST',
        token: await idTokenFor('ministry_admin'),
        body: { decision: 'VERIFIED' },
      });
      expect(verified.json.status).toBe('VERIFIED');
      await waitFor('the dead letter', async () => ((await visible()) > before ? true : undefined), 90_000);
      expect(await verifiedMails()).toHaveLength(0);

      // Before the fix the replay fails and keeps the message.
      const refused = await replayDeadLetters(
        clients,
        { queueUrl: deadLetters, functionName: notifier },
        () => {},
      );
      expect(refused.replayed).toBe(0);
      expect(refused.failed?.reason).toMatch(/failed/);
      expect(await visible()).toBe(before + 1);

      // The fix, then the replay: processed once, deleted; a second replay finds nothing to do.
      await setLanguage('fr');
      const replayed = await replayDeadLetters(
        clients,
        { queueUrl: deadLetters, functionName: notifier },
        () => {},
      );
      expect(replayed).toEqual({ replayed: before + 1 });
      expect(await visible()).toBe(0);
      expect(await verifiedMails()).toHaveLength(1);
      const again = await replayDeadLetters(
        clients,
        { queueUrl: deadLetters, functionName: notifier },
        () => {},
      );
      expect(again).toEqual({ replayed: 0 });
      expect(await verifiedMails()).toHaveLength(1);
    } finally {
      await lambda.send(
        new UpdateEventSourceMappingCommand({
          UUID: mapping.UUID,
          BatchSize: mapping.BatchSize ?? 10,
          MaximumRecordAgeInSeconds: mapping.MaximumRecordAgeInSeconds ?? 86_400,
        }),
      );
    }
  }, 240_000);
});

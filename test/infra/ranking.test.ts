import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { mergedTemplate, newApp } from '../support/infra.ts';

const { app, api, routeStacks } = buildApp(
  newApp('prod', mkdtempSync(path.join(tmpdir(), 'rukhsa-ranking-'))),
);
app.synth();
const template = mergedTemplate([api, ...routeStacks]);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const policies = () =>
  Object.entries(template.findResources('AWS::IAM::Policy')).map(
    ([id, p]) => [id, p.Properties.PolicyDocument.Statement as Statement[]] as const,
  );
const logicalIdOf = (prefix: string, type: string) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}`).toHaveLength(1);
  return ids[0] as string;
};

describe('ranking schedules', () => {
  it('runs the job monthly (final) and weekly (provisional) in Morocco time, each with retries and a dead-letter queue', () => {
    const dlq = logicalIdOf('RankingScheduleDeadLetters', 'AWS::SQS::Queue');
    const job = logicalIdOf('RankingJobFn', 'AWS::Lambda::Function');
    for (const [expression, schedule] of [
      ['cron(0 4 2 * ? *)', 'monthly'],
      ['cron(0 4 ? * MON *)', 'weekly'],
    ]) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Africa/Casablanca',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [job, 'Arn'] },
          Input: JSON.stringify({ schedule }),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        }),
      });
    }
  });

  it('lets the administrators’ queue feed the job one request at a time, with its own dead-letter queue', () => {
    const runs = logicalIdOf('RankingRuns', 'AWS::SQS::Queue');
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [logicalIdOf('RankingRunDeadLetters', 'AWS::SQS::Queue'), 'Arn'],
        },
        maxReceiveCount: 3,
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [runs, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('ranking stream consumer', () => {
  it('sees application changes that are not drafts, reports failures one by one, retries, then parks them', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('RankingAggregatorFn', 'AWS::Lambda::Function') },
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalIdOf('RankingStreamDeadLetters', 'AWS::SQS::Queue'), 'Arn'] },
        },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: {
                NewImage: {
                  entity: { S: ['Application'] },
                  status: { S: [{ 'anything-but': ['DRAFT'] }] },
                },
              },
            }),
          },
        ],
      },
    });
  });
});

describe('ranking grants', () => {
  it('lets the job put only under its own keys of the open-data bucket, and list it', () => {
    const openData = policies().filter(([, statements]) =>
      JSON.stringify(statements).includes('OpenDataBucketArn'),
    );
    // The ranking job, the audit seal job (audit/ only; test/infra/audit.test.ts), and the two
    // signing-key routes that publish the key set (keys/ and pki/ only).
    expect(openData.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^AuditSealJobRole/),
      expect.stringMatching(/^RankingJobRole/),
      expect.stringMatching(/^issueSigningKeysRole/),
      expect.stringMatching(/^revokeSigningKeyRole/),
    ]);
    for (const [id, statements] of openData.filter(([id]) => /SigningKey/.test(id))) {
      const put = JSON.stringify(statements.find((s) => s.Action === 's3:PutObject')?.Resource);
      expect(put, id).toContain('/keys/*');
      expect(put, id).toContain('/pki/*');
      expect(put, id).not.toContain('/rankings/');
    }
    const statements =
      openData
        .find(([id]) => id.startsWith('RankingJobRole'))?.[1]
        .filter((s) => JSON.stringify(s).includes('OpenDataBucketArn')) ?? [];
    expect(statements.map((s) => s.Action).sort()).toEqual(['s3:ListBucket', 's3:PutObject']);
    const put = JSON.stringify(statements.find((s) => s.Action === 's3:PutObject')?.Resource);
    for (const key of ['/rankings/*', '/decisions/*', '/permits/*', '/datapackage.json', '/index.html'])
      expect(put).toContain(key);
  });

  it('lets only the run-request route send to the run queue, and nothing receive from it but the job', () => {
    const runs = logicalIdOf('RankingRuns', 'AWS::SQS::Queue');
    const senders = policies().filter(([, statements]) =>
      statements.some(
        (s) =>
          JSON.stringify(s.Action).includes('sqs:SendMessage') && JSON.stringify(s.Resource).includes(runs),
      ),
    );
    expect(senders.map(([id]) => id)).toEqual([expect.stringMatching(/^requestRankingRunRole/)]);
    const receivers = policies().filter(([, statements]) =>
      statements.some(
        (s) =>
          JSON.stringify(s.Action).includes('sqs:ReceiveMessage') &&
          JSON.stringify(s.Resource).includes(runs),
      ),
    );
    expect(receivers.map(([id]) => id)).toEqual([expect.stringMatching(/^RankingJobRole/)]);
    const route = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('requestRankingRunFn'),
    );
    // The route lives in its routes stack: it imports the queue's URL from the API stack.
    expect(JSON.stringify(route?.[1].Properties.Environment.Variables.RANKING_RUNS_QUEUE_URL)).toContain(
      `Ref${runs}`,
    );
  });

  it('gives the public ranking routes read-only table access', () => {
    for (const op of ['listRankings', 'getCommuneRankingHistory']) {
      const own = policies().filter(([id]) => id.startsWith(`${op}Role`));
      expect(own.length, op).toBeGreaterThan(0);
      expect(JSON.stringify(own), op).not.toMatch(/PutItem|UpdateItem|DeleteItem|s3:|sqs:/);
    }
  });
});

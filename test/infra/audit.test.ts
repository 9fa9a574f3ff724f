import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { mergedTemplate, newApp } from '../support/infra.ts';

const { app, stateful, api, routeStacks } = buildApp(
  newApp('prod', mkdtempSync(path.join(tmpdir(), 'rukhsa-audit-'))),
);
app.synth();
const statefulTemplate = Template.fromStack(stateful);
const template = mergedTemplate([api, ...routeStacks]);

type Statement = {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const statements = (action: string) =>
  Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, p]) =>
    (p.Properties.PolicyDocument.Statement as Statement[])
      .filter((st) => [st.Action].flat().some((a) => a === action || a === 'kms:*' || a === '*'))
      .map((st) => ({ id, st })),
  );
const sealKeyId = () => {
  const ids = Object.keys(statefulTemplate.findResources('AWS::KMS::Key')).filter((id) =>
    id.startsWith('AuditSealKey'),
  );
  expect(ids).toHaveLength(1);
  return ids[0] as string;
};

describe('audit seal key', () => {
  it('is an ECC P-256 sign/verify key in the stateful stack, retained, tagged as the audit seal', () => {
    statefulTemplate.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        Tags: Match.arrayWith([{ Key: 'purpose', Value: 'audit-seal' }]),
      }),
    });
    // The key policy only delegates to the account's IAM (no role or service is named on the key).
    const key = statefulTemplate.findResources('AWS::KMS::Key')[sealKeyId()] as {
      Properties: { KeyPolicy: { Statement: { Principal: unknown }[] } };
    };
    const principals = key.Properties.KeyPolicy.Statement.map((s: { Principal: unknown }) => s.Principal);
    expect(JSON.stringify(principals)).not.toMatch(/Role|Service/);
  });

  it('grants kms:Sign on it to exactly one role, the seal job’s, only ECDSA_SHA_256 over digests', () => {
    const onSealKey = statements('kms:Sign').filter(({ st }) =>
      JSON.stringify(st.Resource).includes(sealKeyId()),
    );
    expect(onSealKey.map(({ id }) => id)).toEqual([expect.stringMatching(/^AuditSealJobRole/)]);
    expect(onSealKey[0]?.st.Condition).toEqual({
      StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
    });
    // Every other kms:Sign is on the platform CA and time-stamping keys (stacks.test.ts), or on the
    // signatory keys only (their purpose tag), which the seal key does not carry.
    for (const { id, st } of statements('kms:Sign').filter(
      ({ st }) =>
        !/AuditSealKey|CertificationAuthorityKeyArn|TimestampAuthorityKeyArn/.test(
          JSON.stringify(st.Resource),
        ) && !JSON.stringify(st.Resource).includes(sealKeyId()),
    ))
      expect(st.Condition?.StringEquals?.['aws:ResourceTag/purpose'], `${id} ${JSON.stringify(st)}`).toBe(
        'permit-signing',
      );
  });
});

describe('audit seal job', () => {
  it('runs daily at 01:00 UTC with retries and a dead-letter queue', () => {
    const job = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) =>
      id.startsWith('AuditSealJobFn'),
    );
    expect(job).toHaveLength(1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [job[0], 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
      }),
    });
  });

  it('publishes only under audit/ of the open-data bucket', () => {
    const puts = statements('s3:PutObject').filter(({ id }) => id.startsWith('AuditSealJobRole'));
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]?.st.Resource)).toMatch(/\/audit\/\*"/);
  });
});

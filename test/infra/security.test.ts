import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { routes as allRoutes } from '#functions/routes.ts';
import { keys, partitions } from '#shared/adapters/dynamodb/keys.ts';
import { pinItem, signingKeyItem } from '#shared/adapters/dynamodb/signing-key-repository.ts';
import { isPublic } from '#shared/http/route.ts';
import { buildApp } from '../../infra/app.ts';
import { stageConfig } from '../../infra/config.ts';
import { mergedTemplate, newApp } from '../support/infra.ts';

/** Issue 17's findings proven on the synthesized prod templates (docs/security.md). */
const outdir = mkdtempSync(path.join(tmpdir(), 'rukhsa-security-'));
const { app, stateful, api, routeStacks, apiLimits } = buildApp(newApp('prod', outdir));
app.synth();
const statefulTemplate = Template.fromStack(stateful);
const apiTemplate = mergedTemplate([api, ...routeStacks]);

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const policies = () =>
  Object.entries(apiTemplate.findResources('AWS::IAM::Policy')).map(([id, p]) => ({
    id,
    role: JSON.stringify(p.Properties.Roles),
    statements: p.Properties.PolicyDocument.Statement as Statement[],
  }));

describe('the PIN hashes (finding 3)', () => {
  const tables = statefulTemplate.findResources('AWS::DynamoDB::GlobalTable');
  const [secretsId, secrets] = Object.entries(tables).find(([id]) => id.startsWith('SecretsTable')) ?? [];

  it('live in a table of their own, with no index to copy them into and no stream to hand them on', () => {
    expect(secretsId).toBeDefined();
    expect(secrets?.DeletionPolicy).toBe('Retain');
    expect(secrets?.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(secrets?.Properties.StreamSpecification).toBeUndefined();
    expect(secrets?.Properties.Replicas).toEqual([
      expect.objectContaining({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
    ]);
  });

  it('are never written into the platform table, so neither its indexes nor its stream carry them', () => {
    const key = { keyId: 'k1', communeId: 'cas-casablanca', status: 'ACTIVE', pinHash: 'scrypt$…' };
    expect(signingKeyItem(key as never)).not.toHaveProperty('pinHash');
    expect(pinItem('k1', 'scrypt$…')).toEqual({ ...keys.pin('k1'), pinHash: 'scrypt$…' });
  });

  it('are readable by exactly the six PIN routes (issue, change, reset: write; sign a permit, an opinion, the minutes: read), under the PIN partition keys only', () => {
    const readers = policies().flatMap(({ id, statements }) =>
      statements
        .filter((st) => JSON.stringify(st.Resource).includes('SecretsTable'))
        .map((st) => ({ id, st })),
    );
    const byRole = Object.fromEntries(
      readers.map(({ id, st }) => [id.replace(/Role.*$/, ''), [st.Action].flat().sort()]),
    );
    expect(byRole).toEqual({
      issueSigningKeys: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      changeSigningPin: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      resetSigningPin: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem'],
      signPermit: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem'],
      giveOpinion: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem'],
      signMinutes: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem'],
    });
    for (const { st } of readers) {
      expect(st.Effect).toBe('Allow');
      expect(st.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [partitions.pinPattern] },
      });
    }
    // No public route is among them, and no statement anywhere grants it with a wildcard.
    const publicIds = allRoutes.filter(isPublic).map((r) => r.operationId);
    expect(Object.keys(byRole).filter((id) => publicIds.includes(id))).toEqual([]);
    const wildcards = policies().flatMap(({ statements }) =>
      statements.filter(
        (st) => JSON.stringify(st.Resource).includes('"*"') && /dynamodb:/.test(String(st.Action)),
      ),
    );
    expect(wildcards).toEqual([]);
  });

  it('are in the environment of those functions only', () => {
    const withSecrets = Object.entries(apiTemplate.findResources('AWS::Lambda::Function'))
      .filter(([, f]) => f.Properties.Environment?.Variables?.SECRETS_TABLE)
      .map(([id]) => id.replace(/Fn[0-9A-F]{8}$/, ''))
      .sort();
    expect(withSecrets).toEqual([
      'changeSigningPin',
      'giveOpinion',
      'issueSigningKeys',
      'resetSigningPin',
      'signMinutes',
      'signPermit',
    ]);
  });
});

describe('the indexes (finding 3)', () => {
  const tables = statefulTemplate.findResources('AWS::DynamoDB::GlobalTable');
  const platform = Object.entries(tables).find(([id]) => id.startsWith('Table'))?.[1];
  const indexes = (platform?.Properties.GlobalSecondaryIndexes ?? []) as {
    IndexName: string;
    Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  }[];

  it('project their keys and only the attributes their queries filter on or read alone', () => {
    expect(Object.fromEntries(indexes.map((i) => [i.IndexName, i.Projection]))).toEqual({
      gsi1: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'profession'] },
      gsi2: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'procedureCode'] },
    });
  });

  it('carry no personal data, document or secret: applicants, payers and staff stay in the table', () => {
    const projected = indexes.flatMap((i) => i.Projection.NonKeyAttributes ?? []);
    for (const attribute of ['applicant', 'payer', 'email', 'phone', 'cin', 'documents', 'pinHash', 'hash'])
      expect(projected).not.toContain(attribute);
  });
});

describe('abuse of the public endpoints (finding 11)', () => {
  it('puts a WAF web ACL with a per-IP rate-based rule and the IP reputation list on the user pool', () => {
    const acls = Object.entries(statefulTemplate.findResources('AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] as [string, { Properties: Record<string, any> }];
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Properties.Rules as Record<string, any>[];
    const limits = stageConfig('prod').rateLimits;
    expect(rules.find((r) => r.Name === 'sign-in-rate-per-ip')).toMatchObject({
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 300, EvaluationWindowSec: 300 } },
    });
    // Stricter on the calls that try a password or a code, told apart by Cognito's X-Amz-Target.
    const passwordTries = rules.find((r) => r.Name === 'password-tries-per-ip');
    expect(passwordTries).toMatchObject({
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: limits?.signInPerIp.limit,
          EvaluationWindowSec: limits?.signInPerIp.windowSeconds,
        },
      },
    });
    expect(limits?.signInPerIp.limit).toBeLessThan(limits?.userPoolPerIp.limit ?? 0);
    const targets = passwordTries?.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (m: Record<string, any>) => [
        m.ByteMatchStatement.FieldToMatch.SingleHeader.Name,
        m.ByteMatchStatement.SearchString,
      ],
    );
    expect(targets).toEqual(
      ['InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword', 'ConfirmForgotPassword'].map((op) => [
        'x-amz-target',
        `AWSCognitoIdentityProviderService.${op}`,
      ]),
    );
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
    ]);
    const [poolId] = Object.keys(statefulTemplate.findResources('AWS::Cognito::UserPool'));
    statefulTemplate.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [poolId, 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });

  it('has no web ACL and no per-route throttling on the local stage (the emulator has neither)', () => {
    const local = buildApp(newApp('local'));
    Template.fromStack(local.stateful).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(local.apiLimits).toBeUndefined();
  });

  it('throttles the expensive public routes (verification, figures, tracking, search, registration) per route', () => {
    const limits = stageConfig('prod').rateLimits?.routes ?? {};
    expect(Object.keys(limits).sort()).toEqual([
      'GET /search',
      'GET /stats',
      'GET /verify/{permitNumber}',
      'POST /businesses',
      'POST /businesses/{businessId}/email-confirmation',
      'POST /professionals',
      'POST /professionals/{professionalId}/email-confirmation',
      'POST /tracking',
    ]);
    // Every limited key names a declared route (API Gateway refuses settings for an unknown one).
    const declared = new Set(allRoutes.map((r) => `${r.method} ${r.path}`));
    for (const key of Object.keys(limits)) expect(declared).toContain(key);
    for (const limit of Object.values(limits)) {
      expect(limit.rateLimit).toBeLessThan(stageConfig('prod').throttle.rateLimit);
      expect(limit.burstLimit).toBeGreaterThanOrEqual(limit.rateLimit);
    }
    // Applied by UpdateStage on the $default stage once every routes stack is deployed.
    expect(apiLimits).toBeDefined();
    const template = Template.fromStack(apiLimits as NonNullable<typeof apiLimits>);
    const [resource] = Object.values(template.findResources('Custom::AWS')) as {
      Properties: Record<string, any>;
    }[];
    // The call is JSON joined around the imported API id: read it with the id as a placeholder.
    const parts = resource?.Properties.Create['Fn::Join'][1] as unknown[];
    const call = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'API_ID')).join(''));
    expect(call.parameters.ApiId).toBe('API_ID');
    expect(call).toMatchObject({ service: 'ApiGatewayV2', action: 'UpdateStage' });
    expect(call.parameters.StageName).toBe('$default');
    expect(call.parameters.RouteSettings).toEqual(
      Object.fromEntries(
        Object.entries(limits).map(([key, l]) => [
          key,
          { ThrottlingRateLimit: l.rateLimit, ThrottlingBurstLimit: l.burstLimit },
        ]),
      ),
    );
    for (const stack of routeStacks) expect(apiLimits?.dependencies).toContain(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Action: 'apigateway:PATCH', Effect: 'Allow' })],
      },
    });
  });
});

describe('the web app client (finding 12)', () => {
  const client = () => {
    const clients = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    return (clients[0] as { Properties: Record<string, any> }).Properties;
  };

  it('allows SRP and refresh only: no password flow, no admin flow', () => {
    expect([...client().ExplicitAuthFlows].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
  });

  it('has no OAuth flows, scopes or callback URLs (no hosted UI is used)', () => {
    const props = client();
    expect(props.AllowedOAuthFlows).toBeUndefined();
    expect(props.AllowedOAuthScopes).toBeUndefined();
    expect(props.CallbackURLs).toBeUndefined();
    expect(props.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
    expect(JSON.stringify(props)).not.toContain('example.com');
  });
});

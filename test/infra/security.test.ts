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

  it('are readable by exactly the six PIN routes (issue, change, reset: write; sign the permit, an opinion, the minutes: read), under the PIN partition keys only', () => {
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
      // Members sign their opinions and the minutes with a PIN, checked like the signatory's.
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

  it('serves the API through CloudFront with a us-east-1 web ACL limiting each client, and the portal takes the same ACL', () => {
    // `cdk deploy` always knows the account and region; cross-region references need them.
    const saved = { region: process.env.CDK_DEFAULT_REGION, account: process.env.CDK_DEFAULT_ACCOUNT };
    process.env.CDK_DEFAULT_REGION = 'eu-west-3';
    process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
    let built: ReturnType<typeof buildApp>;
    try {
      built = buildApp(newApp('prod'));
      built.app.synth();
    } finally {
      for (const [name, value] of [
        ['CDK_DEFAULT_REGION', saved.region],
        ['CDK_DEFAULT_ACCOUNT', saved.account],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    const { edge, web } = built;
    expect(edge?.region).toBe('us-east-1');
    const edgeTemplate = Template.fromStack(edge as NonNullable<typeof edge>);
    const edgeAcls = Object.entries(edgeTemplate.findResources('AWS::WAFv2::WebACL'));
    expect(edgeAcls).toHaveLength(1);
    const [aclId, acl] = edgeAcls[0] as [string, { Properties: Record<string, any> }];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const limits = stageConfig('prod').rateLimits;
    const rules = acl.Properties.Rules as Record<string, any>[];
    const tooMany = { Block: { CustomResponse: { ResponseCode: 429 } } };
    expect(rules.find((r) => r.Name === 'requests-per-ip')).toMatchObject({
      Action: tooMany,
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: 'IP',
          Limit: limits?.apiPerIp.limit,
          EvaluationWindowSec: limits?.apiPerIp.windowSeconds,
        },
      },
    });
    const lookups = rules.find((r) => r.Name === 'public-lookups-per-ip');
    expect(lookups).toMatchObject({
      Action: tooMany,
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: limits?.publicLookupsPerIp.limit } },
    });
    expect(limits?.publicLookupsPerIp.limit).toBeLessThan(limits?.apiPerIp.limit ?? 0);
    expect(
      lookups?.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
        (m: Record<string, any>) => [
          m.ByteMatchStatement.PositionalConstraint,
          m.ByteMatchStatement.SearchString,
        ],
      ),
    ).toEqual([
      ['STARTS_WITH', '/verify'],
      ['STARTS_WITH', '/tracking'],
      ['STARTS_WITH', '/stats'],
    ]);
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
    ]);

    // The API's distribution: the web ACL, the execute-api origin over TLS, every method, nothing cached.
    const [distribution] = Object.values(edgeTemplate.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: Record<string, any> };
    }[];
    const config = distribution?.Properties.DistributionConfig ?? {};
    expect(config.WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(config.Origins[0].DomainName)).toContain('.execute-api.eu-west-3.');
    expect(config.Origins[0].CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(config.DefaultCacheBehavior.AllowedMethods).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
    );
    // CloudFront's managed CachingDisabled policy.
    expect(config.DefaultCacheBehavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');

    // The portal's distribution takes the ACL from us-east-1 (a cross-region reference).
    const webTemplate = Template.fromStack(web as NonNullable<typeof web>);
    const [site] = Object.values(webTemplate.findResources('AWS::CloudFront::Distribution')) as {
      Properties: { DistributionConfig: Record<string, any> };
    }[];
    expect(JSON.stringify(site?.Properties.DistributionConfig.WebACLId)).toContain('EdgeFirewall');
  });

  it('has no web ACL and no per-route throttling on the local stage (the emulator has neither)', () => {
    const local = buildApp(newApp('local'));
    Template.fromStack(local.stateful).resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(local.apiLimits).toBeUndefined();
    expect(local.edge).toBeUndefined();
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

describe('TOTP for ministry administrators and province contacts (finding 12)', () => {
  const routes = allRoutes.filter((route) => !route.stages || route.stages.includes('prod'));
  const functions = Object.entries(apiTemplate.findResources('AWS::Lambda::Function'));
  const envOf = (operationId: string) =>
    functions.find(([id]) => id.startsWith(`${operationId}Fn`))?.[1].Properties.Environment.Variables ?? {};
  const totpCheck = (operationId: string) =>
    policies()
      .filter(({ id }) => id.startsWith(`${operationId}Role`))
      .flatMap(({ statements }) => statements)
      .filter((s) => JSON.stringify(s.Action).includes('cognito-idp:AdminGetUser'));

  it('lets the routes those roles may call read the pool account (AdminGetUser on the pool, nothing more in that statement), and no other route', () => {
    const admitting = routes.filter(
      (route) =>
        !isPublic(route) &&
        (route.access === 'signed-in' ||
          (Array.isArray(route.access) &&
            (route.access.includes('ministry_admin') || route.access.includes('province_contact')))),
    );
    expect(admitting.length).toBeGreaterThan(20);
    for (const route of routes) {
      const statements = totpCheck(route.operationId);
      if (admitting.includes(route)) {
        // Statements on the same resource may be merged (CDK minimizes policies): look for the action.
        expect(statements.length, route.operationId).toBeGreaterThan(0);
        for (const s of statements) {
          expect(s.Effect).toBe('Allow');
          expect(JSON.stringify(s.Resource), route.operationId).toContain('UserPool');
          expect(JSON.stringify(s.Resource), route.operationId).not.toContain('*');
        }
        expect(envOf(route.operationId).MFA_USER_POOL_ID, route.operationId).toBeDefined();
        // A route with no need of the pool of its own gets AdminGetUser and nothing else on it.
        if (!route.needs?.userPool)
          expect(
            statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith('cognito-idp:')),
            route.operationId,
          ).toEqual(['cognito-idp:AdminGetUser']);
      } else {
        // Public routes and routes for other roles only: no TOTP check, hence no need of the pool for it.
        expect(envOf(route.operationId).MFA_USER_POOL_ID, route.operationId).toBeUndefined();
        if (!route.needs?.userPool) expect(statements, route.operationId).toEqual([]);
      }
    }
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { routes as allRoutes } from '#functions/routes.ts';
import { ROLES } from '#shared/domain/identity/principal.ts';
import { buildApp } from '../../infra/app.ts';
import { AwsSolutionsChecks } from '../../infra/nag.ts';
import { mergedTemplate, newApp } from '../support/infra.ts';

/** The routes deployed on the prod stage (the local gateway simulator is not). */
const routes = allRoutes.filter((route) => !route.stages || route.stages.includes('prod'));

/** One synthesis for the whole file: bundling every function takes a few seconds. */
const outdir = mkdtempSync(path.join(tmpdir(), 'rukhsa-synth-'));
const { app, stateful, api, routeStacks } = buildApp(newApp('prod', outdir));
const assembly = app.synth();
const statefulTemplate = Template.fromStack(stateful);

const apiTemplate = mergedTemplate([api, ...routeStacks]);

describe('capacity for the national peak (docs/performance.md)', () => {
  it('caps the on-demand table and reserves concurrency for the submission path, as the prod config says', () => {
    statefulTemplate.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      WriteOnDemandThroughputSettings: { MaxWriteRequestUnits: 4000 },
      Replicas: [Match.objectLike({ ReadOnDemandThroughputSettings: { MaxReadRequestUnits: 12000 } })],
    });
    const reserved = Object.values(apiTemplate.findResources('AWS::Lambda::Function'))
      .filter((f) => f.Properties.ReservedConcurrentExecutions !== undefined)
      .map((f) => [f.Properties.Description, f.Properties.ReservedConcurrentExecutions]);
    expect(reserved.sort()).toEqual([
      ['functions/applications/confirm-upload.ts', 50],
      ['functions/applications/create-application.ts', 50],
      ['functions/applications/request-upload.ts', 50],
      ['functions/applications/submit-application.ts', 50],
    ]);
  });
});

describe('stateful stack', () => {
  it('has one on-demand table with generic keys, two GSIs projecting a few named attributes, a NEW_AND_OLD_IMAGES stream, PITR, TTL and deletion protection', () => {
    // The platform table and the secrets table (PIN hashes: test/infra/security.test.ts).
    statefulTemplate.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    statefulTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            // Only what gsi1's queries filter on or read alone; the rest is read from the table.
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'profession'] },
          }),
          Match.objectLike({
            IndexName: 'gsi2',
            KeySchema: [
              { AttributeName: 'gsi2pk', KeyType: 'HASH' },
              { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status', 'procedureCode'] },
          }),
        ],
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });

  it('keeps every bucket private, encrypted, logged and retained', () => {
    const buckets = statefulTemplate.findResources('AWS::S3::Bucket');
    // Documents, permits, open data, bank settlements, access logs, and the open-data site's CloudFront logs.
    expect(Object.keys(buckets)).toHaveLength(6);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.DeletionPolicy, id).toBe('Retain');
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(
        bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
          .SSEAlgorithm,
        id,
      ).toBe('AES256');
    }
  });

  it('denies non-TLS access on every bucket policy', () => {
    const policies = statefulTemplate.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(6);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('versions the documents and keeps signed permits under COMPLIANCE Object Lock', () => {
    statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: Match.anyValue(),
    });
    statefulTemplate.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 30 * 365 } },
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('has a user pool with one group per role and the scope attributes', () => {
    const groups = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
    statefulTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'commune', AttributeDataType: 'String', Mutable: true }),
          Match.objectLike({ Name: 'province', AttributeDataType: 'String', Mutable: true }),
          Match.objectLike({ Name: 'agency', AttributeDataType: 'String', Mutable: true }),
        ]),
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12 }) },
      }),
    });
  });

  it('does not let users write their own scope attributes', () => {
    const client = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client?.Properties.WriteAttributes).not.toEqual(expect.arrayContaining(['custom:commune']));
    expect(client?.Properties.WriteAttributes.some((a: string) => a.startsWith('custom:'))).toBe(false);
    expect(client?.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:commune', 'custom:province', 'custom:agency']),
    );
  });

  it("puts the person's language in the ID token (locale), which they may change themselves", () => {
    const client = Object.values(statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))[0];
    expect(client?.Properties.ReadAttributes).toEqual(expect.arrayContaining(['locale']));
    expect(client?.Properties.WriteAttributes).toEqual(expect.arrayContaining(['locale']));
  });
});

describe('api stack', () => {
  const cfnRoutes = apiTemplate.findResources('AWS::ApiGatewayV2::Route');
  const routeKeys = Object.values(cfnRoutes).map((r) => r.Properties.RouteKey);

  it('has exactly the routes of the route list, and the $default route for what none matches', () => {
    expect(routeKeys.sort()).toEqual([...routes.map((r) => `${r.method} ${r.path}`), '$default'].sort());
  });

  it('answers what no route matches with a public function that may touch nothing', () => {
    const route = Object.values(cfnRoutes).find((r) => r.Properties.RouteKey === '$default');
    expect(route?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    const fn = Object.entries(apiTemplate.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('unmatchedRoute'),
    );
    expect(fn).toBeDefined();
    const role = fn?.[1].Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(apiTemplate.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .flatMap((s) => [s.Action].flat());
    expect(statements.sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('puts the Cognito JWT authorizer on every non-public route and none on public ones', () => {
    const authorizers = apiTemplate.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0] ?? [];
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [expect.anything()], Issuer: expect.anything() },
    });
    for (const route of routes) {
      const cfn = Object.values(cfnRoutes).find(
        (r) => r.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      if (route.access === 'public') {
        expect(cfn?.Properties.AuthorizationType ?? 'NONE', route.operationId).toBe('NONE');
        expect(cfn?.Properties.AuthorizerId, route.operationId).toBeUndefined();
      } else {
        expect(cfn?.Properties.AuthorizationType, route.operationId).toBe('JWT');
        // The authorizer lives in the API stack: routes stacks import its id.
        const id = cfn?.Properties.AuthorizerId;
        const imported = id?.['Fn::ImportValue'];
        expect(
          id?.Ref === authorizerId ||
            (typeof imported === 'string' && imported.includes(String(authorizerId))),
          route.operationId,
        ).toBe(true);
      }
    }
  });

  it('throttles the default stage, logs access as JSON without caller identity, and allows CORS from the stage origins', () => {
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 1000, ThrottlingRateLimit: 500 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    const stage = Object.values(apiTemplate.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage?.Properties.AccessLogSettings.Format).not.toMatch(/sourceIp|claims|email/);
    apiTemplate.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://rukhsa.ma'] }),
    });
  });

  it('runs every function on Node 24 arm64 with tracing, its own log group and the SDK bundled', () => {
    const functions = apiTemplate.findResources('AWS::Lambda::Function');
    // One per route, plus the stream notifier, the deadline sweep, the stats counter, the search
    // indexer, the ranking aggregator and job, the audit seal job, the settlement import, and the
    // $default route's.
    expect(Object.keys(functions)).toHaveLength(routes.length + 9);
    for (const [id, fn] of Object.entries(functions)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
        Environment: {
          Variables: expect.objectContaining({ STAGE: 'prod', NODE_OPTIONS: '--enable-source-maps' }),
        },
      });
    }
    const logGroups = Object.values(apiTemplate.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBe(routes.length + 10);
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(365);
  });

  it('grants each function only the table actions its route needs, on the table and its named indexes', () => {
    const policies = Object.values(apiTemplate.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteTable');
    const wildcardResources = statements.filter((s) => JSON.stringify(s.Resource).includes('/index/*'));
    expect(wildcardResources).toEqual([]);
    // Read-only routes cannot write.
    const readOnly = routes.filter((r) => r.needs?.table === 'read').map((r) => r.operationId);
    for (const [logicalId, policy] of Object.entries(apiTemplate.findResources('AWS::IAM::Policy'))) {
      if (!readOnly.some((op) => logicalId.startsWith(op))) continue;
      expect(JSON.stringify(policy.Properties.PolicyDocument), logicalId).not.toMatch(
        /PutItem|UpdateItem|DeleteItem/,
      );
    }
  });
});

describe('notifications', () => {
  it('consumes the table stream with inserted events only, partial failures, retries and a dead-letter queue', () => {
    apiTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'LATEST',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { entity: { S: ['Event'] } } },
            }),
          },
        ],
      },
    });
    apiTemplate.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86400,
    });
  });

  it('lets only the notifier and the PIN senders publish SMS, and only them, the account invitations and the late-file digest send e-mail from the platform identity', () => {
    const policies = Object.entries(apiTemplate.findResources('AWS::IAM::Policy'));
    const publishers = policies.filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('sns:Publish'),
    );
    expect(publishers.map(([id]) => id).sort()).toEqual([
      expect.stringMatching(/^NotifierFunctionSmsPolicy/),
      expect.stringMatching(/^issueSigningKeysSmsPolicy/),
      expect.stringMatching(/^resetSigningPinSmsPolicy/),
    ]);
    const mailers = policies.filter(([, p]) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('ses:SendEmail'),
    );
    expect(mailers.map(([id]) => id).sort()).toEqual([
      // The province contacts' daily digest of late files, after the sweep.
      expect.stringMatching(/^DeadlineSweepFunctionRole/),
      expect.stringMatching(/^NotifierFunctionRole/),
      expect.stringMatching(/^createStaffRole/),
      expect.stringMatching(/^designateProvinceContactRole/),
      expect.stringMatching(/^inviteApplicantRole/),
      expect.stringMatching(/^issueSigningKeysRole/),
      // The e-mail code that proves a registering business's, or professional's, address.
      expect.stringMatching(/^registerBusinessRole/),
      expect.stringMatching(/^registerProfessionalRole/),
      expect.stringMatching(/^resetSigningPinRole/),
    ]);
    statefulTemplate.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'rukhsa.ma' });
  });

  it('scopes bucket access to the applications/ prefix of the documents bucket and the permits/ prefix of the permits bucket, never deleting', () => {
    const policies = Object.entries(apiTemplate.findResources('AWS::IAM::Policy'));
    const s3Statements = policies.flatMap(([, p]) =>
      (
        p.Properties.PolicyDocument.Statement as {
          Action: string | string[];
          Resource: unknown;
          Condition?: unknown;
        }[]
      ).filter((s) => JSON.stringify(s.Action).includes('s3:')),
    );
    expect(s3Statements.length).toBeGreaterThan(0);
    for (const statement of s3Statements) {
      const text = JSON.stringify(statement);
      // The ranking job's open-data grant is asserted in ranking.test.ts.
      if (text.includes('OpenDataBucketArn')) continue;
      // The settlement import moves the bank's files out of incoming/ (copy, then delete: versioned bucket).
      if (text.includes('SettlementBucketArn')) {
        expect(text).toMatch(/(incoming|processed|rejected)\/\*/);
        if (text.includes('s3:DeleteObject')) expect(text).toContain('/incoming/*');
        continue;
      }
      if (text.includes('s3:ListBucket'))
        expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['applications/*'] } });
      else if (text.includes('PermitsBucketArn')) expect(text).toContain('/permits/*');
      else expect(text).toContain('/applications/*');
      expect(text).not.toMatch(/s3:\*|s3:Delete|PutObjectRetention|BypassGovernance/);
    }
  });
});

describe('payment', () => {
  it('deploys the gateway simulator on the local stage only', () => {
    expect(allRoutes.filter((r) => r.stages?.includes('local')).map((r) => r.path)).toEqual([
      '/simulator/cmi',
      '/simulator/cmi/decision',
    ]);
    const keys = Object.values(apiTemplate.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(keys.some((k: string) => k.includes('/simulator'))).toBe(false);
  });

  it('keeps the CMI store key in Secrets Manager, readable only by the gateway functions', () => {
    statefulTemplate.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
    const readers = Object.entries(apiTemplate.findResources('AWS::IAM::Policy'))
      .filter(([, p]) =>
        JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
      )
      .map(([id]) => id.replace(/Role.*$/, ''))
      // The settlement import reads only the other beneficiaries' merchant ids (by prefix), not this key.
      .filter((id) => !id.startsWith('SettlementImport'));
    const gatewayRoutes = routes.filter((r) => r.needs?.gateway).map((r) => r.operationId);
    expect(readers.sort()).toEqual(gatewayRoutes.sort());
    // Functions get the secret's ARN (a reference), never its value.
    for (const fn of Object.values(apiTemplate.findResources('AWS::Lambda::Function'))) {
      const ref = fn.Properties.Environment.Variables.CMI_STORE_KEY_SECRET;
      if (ref !== undefined)
        expect(ref).toEqual({ 'Fn::ImportValue': expect.stringContaining('GatewayStoreKey') });
    }
  });
});

describe('signing', () => {
  type Statement = {
    Action: string | string[];
    Resource: unknown;
    Condition?: Record<string, Record<string, unknown>>;
  };
  const statements = (action: string) =>
    Object.entries(apiTemplate.findResources('AWS::IAM::Policy')).flatMap(([id, p]) =>
      (p.Properties.PolicyDocument.Statement as Statement[])
        .filter((st) => [st.Action].flat().some((a) => a === action || a === 'kms:*' || a === '*'))
        .map((st) => ({ id, st })),
    );

  const references = (st: Statement, exportName: string) => JSON.stringify(st.Resource).includes(exportName);
  const digestOnly = { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' };

  // The signers: the permit signer, and the commission members' opinion and minutes signatures.
  const SIGNERS = [/^giveOpinionRole/, /^signMinutesRole/, /^signPermitRole/];

  it('grants kms:Sign on signatory keys to exactly the three signing roles (permit, opinion, minutes), only with ECDSA_SHA_256 on digests', () => {
    const signers = statements('kms:Sign').filter(({ st }) => JSON.stringify(st.Resource).includes(':key/*'));
    expect(signers.map(({ id }) => id).sort()).toEqual(SIGNERS.map((r) => expect.stringMatching(r)));
    for (const { st } of signers) {
      expect([st.Action].flat()).toEqual(['kms:Sign']);
      expect(st.Condition).toEqual({
        StringEquals: {
          ...digestOnly,
          'aws:ResourceTag/purpose': 'permit-signing',
          'aws:ResourceTag/stage': 'prod',
        },
      });
    }
  });

  it('lets exactly one role sign with the CA key (the key issuer) and the three signers with the time-stamping key; every kms:Sign is accounted for', () => {
    const all = statements('kms:Sign');
    const ca = all.filter(({ st }) => references(st, 'CertificationAuthorityKeyArn'));
    const tsa = all.filter(({ st }) => references(st, 'TimestampAuthorityKeyArn'));
    expect(ca.map(({ id }) => id)).toEqual([expect.stringMatching(/^issueSigningKeysRole/)]);
    expect(tsa.map(({ id }) => id).sort()).toEqual(SIGNERS.map((r) => expect.stringMatching(r)));
    for (const { st } of [...ca, ...tsa]) {
      expect([st.Action].flat()).toEqual(['kms:Sign']);
      expect(st.Condition).toEqual({ StringEquals: digestOnly });
    }
    // The audit seal key's own signer is asserted in audit.test.ts; the rest are tag-conditioned on
    // permit-signing, a tag the platform keys do not carry.
    const others = all.filter(
      (x) => !ca.includes(x) && !tsa.includes(x) && !JSON.stringify(x.st.Resource).includes('AuditSealKey'),
    );
    for (const { st } of others)
      expect(st.Condition?.StringEquals?.['aws:ResourceTag/purpose']).toBe('permit-signing');
    // The CA and the TSA; the third platform key, the audit seal, is asserted in audit.test.ts.
    const platformKeys = Object.entries(statefulTemplate.findResources('AWS::KMS::Key'))
      .filter(([id]) => !id.startsWith('AuditSealKey'))
      .map(([, key]) => key);
    expect(platformKeys).toHaveLength(2);
    for (const key of platformKeys) {
      expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      expect(key.DeletionPolicy).toBe('Retain');
      const purpose = (key.Properties.Tags as { Key: string; Value: string }[]).find(
        (t) => t.Key === 'purpose',
      );
      expect(['certification-authority', 'timestamping']).toContain(purpose?.Value);
    }
  });

  it('lets only the revoking function disable keys, only signatory keys of the stage', () => {
    const disablers = statements('kms:DisableKey');
    expect(disablers.map(({ id }) => id)).toEqual([expect.stringMatching(/^revokeSigningKeyRole/)]);
    expect(disablers[0]?.st.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/purpose': 'permit-signing', 'aws:ResourceTag/stage': 'prod' },
    });
    expect([disablers[0]?.st.Action].flat()).toEqual(['kms:DisableKey']);
  });

  it('lets only the key-issuing function create keys, and only ECC P-256 sign/verify keys carrying only the signatory tags', () => {
    const signatoryTags = {
      StringEquals: { 'aws:RequestTag/purpose': 'permit-signing', 'aws:RequestTag/stage': 'prod' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['project', 'purpose', 'stage', 'signatory', 'commune'] },
    };
    const creators = statements('kms:CreateKey');
    expect(creators.map(({ id }) => id)).toEqual([expect.stringMatching(/^issueSigningKeysRole/)]);
    expect(creators[0]?.st.Condition).toEqual({
      ...signatoryTags,
      StringEquals: {
        ...signatoryTags.StringEquals,
        'kms:KeySpec': 'ECC_NIST_P256',
        'kms:KeyUsage': 'SIGN_VERIFY',
      },
    });
    // Finding 8: tagging is limited to the signatory tag keys with this stage's purpose, and an
    // existing key (the CA, the time-stamping key, any signatory key) can never be re-tagged.
    const taggers = statements('kms:TagResource') as { id: string; st: Statement & { Effect: string } }[];
    expect(new Set(taggers.map(({ id }) => id))).toEqual(
      new Set([expect.stringMatching(/^issueSigningKeysRole/)]),
    );
    const allow = taggers.filter(({ st }) => st.Effect === 'Allow');
    const deny = taggers.filter(({ st }) => st.Effect === 'Deny');
    expect(allow.map(({ st }) => st.Condition)).toEqual([signatoryTags]);
    expect(deny.map(({ st }) => [st.Condition, JSON.stringify(st.Resource)])).toEqual([
      [{ Null: { 'aws:ResourceTag/purpose': 'false' } }, expect.stringMatching(/:key\/\*/)],
    ]);
    // No function may delete or re-policy a key, and none gets KMS decrypt/encrypt on them.
    for (const forbidden of [
      'kms:ScheduleKeyDeletion',
      'kms:PutKeyPolicy',
      'kms:Decrypt',
      'kms:UntagResource',
    ])
      expect(
        statements(forbidden).filter(({ st }) => (st as { Effect?: string }).Effect !== 'Deny'),
        forbidden,
      ).toEqual([]);
  });

  it('lets only the signer write to the permits bucket, under permits/ and without delete', () => {
    const writers = Object.entries(apiTemplate.findResources('AWS::IAM::Policy')).filter(([, p]) => {
      const text = JSON.stringify(p.Properties.PolicyDocument);
      return text.includes('PermitsBucketArn') && text.includes('s3:PutObject');
    });
    expect(writers.map(([id]) => id)).toEqual([expect.stringMatching(/^signPermitRole/)]);
  });
});

describe('legal clock', () => {
  it('sweeps deadlines daily at 06:00 Casablanca time, with retries and a dead-letter queue', () => {
    apiTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 * * ? *)',
      ScheduleExpressionTimezone: 'Africa/Casablanca',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('never lets a request set the clock, nor lowers the cost of PIN hashes, outside the local stage', () => {
    for (const fn of Object.values(apiTemplate.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('CLOCK_OVERRIDE_ALLOWED');
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('S3_FORCE_PATH_STYLE');
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('PIN_SCRYPT_N');
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in AwsSolutions and Serverless packs (synthesis would have thrown)', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual([
      'Rukhsa-prod-Api',
      'Rukhsa-prod-ApiLimits',
      'Rukhsa-prod-Routes-Applications',
      'Rukhsa-prod-Routes-Core',
      'Rukhsa-prod-Routes-Payments',
      'Rukhsa-prod-Routes-Ranking',
      'Rukhsa-prod-Routes-Review',
      'Rukhsa-prod-Routes-Rollout',
      'Rukhsa-prod-Routes-Signing',
      'Rukhsa-prod-Stateful',
      'Rukhsa-prod-Web',
    ]);
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const failures = JSON.stringify(report).match(/"status":"failure"/g) ?? [];
    expect(failures).toEqual([]);
  });

  it('gives a reason with every acknowledgement', () => {
    const acknowledged = assembly.stacks.flatMap((stack) =>
      stack
        .findMetadataByType('aws:cdk:acknowledged-rules')
        .flatMap((entry) => Object.entries(entry.data as unknown as Record<string, string>)),
    );
    expect(acknowledged.map(([id]) => id)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AwsSolutions-APIG4'),
        expect.stringContaining('AwsSolutions-IAM5[Resource::*]'),
      ]),
    );
    for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThan(30);
  });

  it('fails synthesis on an unacknowledged finding (the packs really run)', () => {
    const bad = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'rukhsa-nag-')) });
    new s3.Bucket(new Stack(bad, 'Bad'), 'OpenBucket');
    Validations.of(bad).addPlugins(new AwsSolutionsChecks(bad));
    expect(() => bad.synth()).toThrow(/AwsSolutions-S1/);
  });
});

describe('environments', () => {
  it('synthesizes the local stage without account ids in the templates', () => {
    const local = buildApp(newApp('local'));
    const template = JSON.stringify(Template.fromStack(local.stateful).toJSON());
    expect(template).not.toMatch(/\b\d{12}\b/);
    expect(local.config.isLocal).toBe(true);
    // No Web stack locally: the emulator has no CloudFront; npm start serves the same build.
    expect(local.web).toBeUndefined();
  });

  it("refuses to synthesize the local stage for any account but the emulator's (a plain cdk deploy)", () => {
    const before = process.env.CDK_DEFAULT_ACCOUNT;
    try {
      process.env.CDK_DEFAULT_ACCOUNT = '123456789012';
      expect(() => buildApp(newApp('local'))).toThrow(/only for the local cloud/);
      process.env.CDK_DEFAULT_ACCOUNT = '000000000000';
      expect(buildApp(newApp('local')).config.isLocal).toBe(true);
    } finally {
      if (before === undefined) delete process.env.CDK_DEFAULT_ACCOUNT;
      else process.env.CDK_DEFAULT_ACCOUNT = before;
    }
  });

  it('lowers the cost of new PIN hashes on the local stage, in the functions that set PINs only', () => {
    const local = buildApp(newApp('local'));
    const functions = Object.values(
      mergedTemplate([local.api, ...local.routeStacks]).findResources('AWS::Lambda::Function'),
    ).map((fn) => fn.Properties.Environment.Variables as Record<string, unknown>);
    const lowered = functions.filter((env) => 'PIN_SCRYPT_N' in env);
    expect(lowered.map((env) => env.PIN_SCRYPT_N)).toEqual(
      allRoutes.filter((route) => route.needs?.pins === 'write').map(() => String(2 ** 14)),
    );
    for (const env of lowered) expect(env).toHaveProperty('SECRETS_TABLE');
  });

  it('refuses an unknown stage with the list of known ones', () => {
    expect(() => buildApp(newApp('moon'))).toThrow(/Known stages: local, staging, prod/);
  });
});

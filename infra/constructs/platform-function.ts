import * as path from 'node:path';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { partitions } from '../../shared/adapters/dynamodb/keys.ts';
import { merchantSecretPrefix } from '../../shared/domain/payments/beneficiaries.ts';
import { LOCAL_SCRYPT_N } from '../../shared/domain/signing/pin.ts';
import type { EnvName } from '../../shared/environment.ts';
import type { StageConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { nagName } from '../nag-names.ts';
import { bundleInputsFingerprint } from './source-fingerprint.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** esbuild settings of every function; the cold-start bench builds its baselines with the same. */
export const BUNDLING = {
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Prefer the SDK's ESM build: smaller and faster to import.
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give the ESM bundle one.
  banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
  // The documents' fonts are imported as bytes (shared/documents/fonts.ts): only the functions that render a PDF carry them.
  loader: { '.woff': 'binary' } as Record<string, 'binary'>,
};

/**
 * The same settings in esbuild's API form, for what builds bundles beside CDK: the local cloud's
 * prebuilt bundles (scripts/local-cloud/prebundle.ts), the cold-start bench's baselines, the tests
 * that check what a bundle carries.
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLING.target,
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap,
  sourcesContent: BUNDLING.sourcesContent,
  mainFields: BUNDLING.mainFields,
  banner: { js: BUNDLING.banner },
  loader: BUNDLING.loader,
} as const;

/** The translations module every function carries beside its handler (see `translationsBuild`). */
export const TRANSLATIONS_FILE = 'i18n.mjs';
/** The PDF engine a function that draws PDFs carries beside its handler (see `pdfEngineBuild`). */
export const PDF_ENGINE_FILE = 'pdf.mjs';

/** An esbuild command bundling one entry into the function's asset, with the function's own settings. */
function moduleBuild(entry: string, outfile: string, extra: string[] = []): string {
  const esbuild = path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
  return [
    JSON.stringify(esbuild),
    JSON.stringify(path.join(REPO_ROOT, entry)),
    '--bundle',
    '--platform=node',
    '--format=esm',
    `--target=${BUNDLING.target}`,
    '--minify',
    '--sourcemap',
    '--sources-content=false',
    '--log-level=warning',
    ...extra,
    `--outfile=${JSON.stringify(outfile)}`,
  ].join(' ');
}

/**
 * The command that bundles shared/http/i18n/translate.ts into the function's asset: the handler
 * imports it at run time by URL, so its ~60 KB of text are never parsed by a cold start that answers
 * no problem in French or Arabic.
 */
export function translationsBuild(outputDir: string): string {
  return moduleBuild(
    path.join('shared', 'http', 'i18n', 'translate.ts'),
    path.join(outputDir, TRANSLATIONS_FILE),
  );
}

/**
 * The command that bundles the PDF engine (shared/documents/engine.ts: pdf-lib, fontkit, the fonts)
 * into the asset of a function that draws PDFs: loaded by URL when it first draws one
 * (shared/documents/load-engine.ts), so its ~1.9 MB are not parsed at every cold start.
 */
export function pdfEngineBuild(outputDir: string): string {
  return moduleBuild(path.join('shared', 'documents', 'engine.ts'), path.join(outputDir, PDF_ENGINE_FILE), [
    '--main-fields=module,main',
    `--banner:js=${JSON.stringify(BUNDLING.banner)}`,
    '--loader:.woff=binary',
  ]);
}

export interface PlatformFunctionProps {
  /** Handler module relative to the repository root, exporting `handler`. */
  entry: string;
  config: StageConfig;
  description?: string;
  /** Extra variables, from the declared list (shared/environment.ts). */
  environment?: Partial<Record<EnvName, string>>;
  memorySize?: number;
  timeout?: Duration;
  /** Compile-time constants for esbuild (`define`), e.g. what the handler's route declares. */
  defines?: Record<string, string>;
  /** Reserved concurrency (the stage's capacity settings); unreserved when unset. */
  reservedConcurrency?: number;
  /** The function draws or signs PDFs: it carries the PDF engine beside its handler. */
  pdfEngine?: boolean;
}

/** One action on the table, only on the access markers' items (`ACCESS#` partition keys). */
const onAccessMarkers = (table: dynamodb.ITableV2, action: string) =>
  new iam.PolicyStatement({
    actions: [action],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [partitions.accessMarkerPattern] } },
  });

/**
 * The one way to declare a Lambda function: Node 24 on arm64, ESM bundle with the AWS SDK inside
 * (minified, source maps), its own log group with retention, active tracing, and a role that may
 * only write its own logs — everything else is granted explicitly with the helpers below.
 */
export class PlatformFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /**
   * What esbuild bundles for this function: its entry (absolute) and every `define`. The local
   * cloud's deploy reads it to build the bundles in one esbuild run per group of functions
   * (scripts/local-cloud/prebundle.ts); CDK's bundling below uses the same values.
   */
  readonly bundle: { readonly entry: string; readonly define: Readonly<Record<string, string>> };
  /** The stage's config: some grants set variables that differ on the local stage. */
  private readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetentionDays as logs.RetentionDays,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.bundle = {
      entry: path.join(REPO_ROOT, props.entry),
      // SDK tracing only where a route asks for it (shared/observability/tracer.ts): off by default,
      // so consumers and jobs do not carry the X-Ray SDK.
      define: {
        'process.env.ROUTE_TRACE_SDK': JSON.stringify('off'),
        'process.env.I18N_MODULE': JSON.stringify(`./${TRANSLATIONS_FILE}`),
        'process.env.PDF_ENGINE_MODULE': JSON.stringify(`./${PDF_ENGINE_FILE}`),
        ...props.defines,
      },
    };
    this.fn = new nodejs.NodejsFunction(this, 'Fn', {
      entry: this.bundle.entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      // The local stage's functions run as processes of the emulator, on the two cores the tests share:
      // on a slowed machine a signing route's cold start, scrypt and PDF took over 10 s (a browser file's
      // `signMinutes`, Sandbox.Timedout). AWS stages keep 10 s.
      timeout: props.timeout ?? Duration.seconds(config.isLocal ? 30 : 10),
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      description: props.description ?? props.entry,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        STAGE: config.stage,
        POWERTOOLS_SERVICE_NAME: 'rukhsa',
        POWERTOOLS_LOG_LEVEL: config.isLocal ? 'DEBUG' : 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        // The local cloud serves every bucket under one host: path-style addressing (see s3/client.ts).
        ...(config.isLocal ? { S3_FORCE_PATH_STYLE: 'true' } : {}),
        // Local stage only: tests may set the request time with x-rukhsa-now (shared/http/clock.ts).
        ...(config.isLocal ? { CLOCK_OVERRIDE_ALLOWED: 'true' } : {}),
        ...props.environment,
      } satisfies Partial<Record<EnvName, string>>,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        ...BUNDLING,
        // Bundle the SDK (the local cloud has none).
        externalModules: [],
        metafile: false,
        define: { ...this.bundle.define },
        // The problems' French and Arabic texts: a module of their own next to the handler, loaded
        // only when a problem is answered in one of them (shared/http/i18n/localize.ts); likewise the
        // PDF engine, for the functions that draw PDFs (shared/documents/load-engine.ts).
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => [
            translationsBuild(outputDir),
            ...(props.pdfEngine ? [pdfEngineBuild(outputDir)] : []),
          ],
        },
        // Local stage: the asset hash comes from the bundle's inputs, known before bundling, so a
        // synthesis finds a bundle already built for the same inputs and skips esbuild
        // (scripts/local-cloud/bundle-cache.ts shares them between cloud folders). AWS stages keep
        // CDK's default, the hash of the bundle itself: an edit redeploys only the functions it changes.
        ...(config.isLocal ? { assetHash: bundleInputsFingerprint() } : {}),
      },
    });
    // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords, which take no resource ARN.
    acknowledge(this.role, [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (Resource: *).',
      },
    ]);
    // API functions are invoked synchronously by API Gateway: a failed call returns to the caller, nothing queues.
    acknowledge(this.fn, [
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Synchronous (API Gateway) invocation: errors go back to the caller.',
      },
    ]);
  }

  /** Sets one of the declared environment variables (shared/environment.ts): infra and functions share the names. */
  setEnv(name: EnvName, value: string): this {
    this.fn.addEnvironment(name, value);
    return this;
  }

  /** Read access to the table and its named indexes (no Scan, no wildcard on indexes). */
  grantTableRead(table: dynamodb.ITableV2, indexNames: readonly string[]): this {
    return this.grantTable(table, indexNames, TABLE_READ_ACTIONS);
  }

  /** Read and item-level write access; never table administration. */
  grantTableWrite(table: dynamodb.ITableV2, indexNames: readonly string[]): this {
    return this.grantTable(table, indexNames, [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]);
  }

  /**
   * The PIN hashes in the secrets table: `read` checks a PIN (GetItem, and ConditionCheckItem in the
   * transaction that accepts it), `write` also sets one. Only under the `PIN#` partition keys.
   */
  grantPins(table: dynamodb.ITableV2, mode: 'read' | 'write'): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:ConditionCheckItem',
          ...(mode === 'write' ? ['dynamodb:PutItem'] : []),
        ],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [partitions.pinPattern] } },
      }),
    );
    this.setEnv('SECRETS_TABLE', table.tableName);
    // Local stage only: new PIN hashes at a lower cost (pin.ts says why); AWS stages never get it.
    if (mode === 'write' && this.config.isLocal) this.setEnv('PIN_SCRYPT_N', String(LOCAL_SCRYPT_N));
    return this;
  }

  /**
   * The merchant accounts of the beneficiaries other than the commune treasury (beneficiaries.ts):
   * read-only, by the stage's name prefix (operations create one JSON secret per beneficiary).
   */
  grantMerchantSecrets(stage: string): this {
    const prefix = merchantSecretPrefix(stage);
    const secrets = Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${prefix}*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secrets] }),
    );
    acknowledge(this.role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, secrets)}]`,
        reason:
          'One secret per beneficiary, created when the ministry designates it: the stage prefix is the narrowest ARN (and Secrets Manager suffixes names).',
      },
    ]);
    return this.setEnv('MERCHANT_SECRET_PREFIX', prefix);
  }

  /**
   * The documents bucket, limited to the `applications/` prefix: `read` for presigned downloads,
   * `write` also for presigned uploads and for inspecting what was uploaded (ListBucket on that
   * prefix turns a missing object into a 404 instead of a 403).
   */
  grantDocuments(bucket: s3.IBucket, mode: 'read' | 'write'): this {
    const objects = `${bucket.bucketArn}/applications/*`;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', ...(mode === 'write' ? ['s3:PutObject'] : [])],
        resources: [objects],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['applications/*'] } },
      }),
    );
    acknowledge(this.role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, bucket.bucketArn)}/applications/*]`,
        reason:
          'Documents are keyed per application and upload (applications/<id>/<code>/<upload>): the prefix is the narrowest ARN.',
      },
    ]);
    this.setEnv('DOCUMENTS_BUCKET', bucket.bucketName);
    return this;
  }

  /**
   * Publish (put only) under these keys or prefixes (a prefix ends with `/`) of the open-data bucket,
   * and list it (its files are public anyway: the catalogue is built from the listing); no read or
   * delete.
   */
  grantOpenDataPublish(bucket: s3.IBucket, keysOrPrefixes: readonly string[]): this {
    const resources = keysOrPrefixes.map((k) => `${bucket.bucketArn}/${k}${k.endsWith('/') ? '*' : ''}`);
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources }));
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    acknowledge(
      this.role,
      keysOrPrefixes
        .filter((k) => k.endsWith('/'))
        .map((prefix) => ({
          id: `AwsSolutions-IAM5[Resource::${nagName(this, bucket.bucketArn)}/${prefix}*]`,
          reason: `Published files are keyed per period, version or day under ${prefix}: the prefix is the narrowest ARN.`,
        })),
    );
    this.setEnv('OPEN_DATA_BUCKET', bucket.bucketName);
    return this;
  }

  /** Create platform accounts and put them in their role group; nothing else on the pool. */
  grantUserPoolAdmin(pool: cognito.IUserPool): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminSetUserPassword',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminDisableUser',
        ],
        resources: [pool.userPoolArn],
      }),
    );
    this.setEnv('USER_POOL_ID', pool.userPoolId);
    return this;
  }

  /**
   * Civil-servant administration (rollout): besides creating accounts, change their attributes
   * and groups, disable/enable them and sign them out everywhere. Still nothing but the pool.
   */
  grantUserPoolStaffAdmin(pool: cognito.IUserPool): this {
    this.grantUserPoolAdmin(pool);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminDeleteUserAttributes',
          'cognito-idp:AdminRemoveUserFromGroup',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminUserGlobalSignOut',
        ],
        resources: [pool.userPoolArn],
      }),
    );
    return this;
  }

  /** The public e-mail confirmation: mark an e-mail verified and enable that account; nothing else. */
  grantUserPoolConfirmEmail(pool: cognito.IUserPool): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminEnableUser'],
        resources: [pool.userPoolArn],
      }),
    );
    this.setEnv('USER_POOL_ID', pool.userPoolId);
    return this;
  }

  /**
   * The session check every authenticated route makes (shared/http/session.ts): GetItem on the
   * table, only on items whose partition key starts with `ACCESS#` (the access markers), nothing else.
   */
  grantAccessCheck(table: dynamodb.ITableV2): this {
    this.role.addToPolicy(onAccessMarkers(table, 'dynamodb:GetItem'));
    this.setEnv('ACCESS_TABLE', table.tableName);
    return this;
  }

  /**
   * The owner ending their account's sessions (`DELETE /me/sessions`): UpdateItem on the access
   * markers only (`ACCESS#` partition keys); the table's name comes with the session check's grant.
   */
  grantSessionRevocation(table: dynamodb.ITableV2): this {
    this.role.addToPolicy(onAccessMarkers(table, 'dynamodb:UpdateItem'));
    return this;
  }

  /**
   * The TOTP check of the routes ministry administrators and province contacts may call
   * (shared/http/totp.ts): AdminGetUser on the pool (the account's MFA settings), nothing else.
   */
  grantTotpCheck(pool: cognito.IUserPool): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [pool.userPoolArn] }),
    );
    this.setEnv('MFA_USER_POOL_ID', pool.userPoolId);
    return this;
  }

  /** Send e-mail from the platform's SES identity only. */
  grantSendEmail(identity: ses.IEmailIdentity, domain: string): this {
    const stack = Stack.of(this);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
        ],
      }),
    );
    this.setEnv('EMAIL_FROM', `Rukhsa <no-reply@${domain}>`);
    return this;
  }

  /** SMS straight to phone numbers (SNS direct publish has no topic ARN to scope to). */
  grantSendSms(): this {
    const policy = new iam.Policy(this, 'SmsPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
    });
    policy.attachToRole(this.role);
    acknowledge(policy, [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'SNS Publish to a phone number (SMS) has no resource ARN; the statement allows only sns:Publish.',
      },
    ]);
    return this;
  }

  /**
   * The permits bucket, limited to the `permits/` prefix: `read` for verification and downloads,
   * `write` also to store newly signed permits (Object Lock keeps every version; no delete is granted).
   */
  grantPermits(bucket: s3.IBucket, mode: 'read' | 'write'): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion', ...(mode === 'write' ? ['s3:PutObject'] : [])],
        resources: [`${bucket.bucketArn}/permits/*`],
      }),
    );
    acknowledge(this.role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, bucket.bucketArn)}/permits/*]`,
        reason:
          'Permits are keyed by their number (permits/<number>/permit.pdf): the prefix is the narrowest ARN.',
      },
    ]);
    this.setEnv('PERMITS_BUCKET', bucket.bucketName);
    return this;
  }

  /**
   * KMS on signatory keys. `issue`: create ECC P-256 sign/verify keys that carry the signatory tags
   * (tags only at creation, only the signatory tag keys), alias them under
   * `alias/rukhsa/<stage>/signatory/`, read their public key; sign certificates with the platform
   * CA key. `sign`: sign a SHA-256 digest with ECDSA_SHA_256 and nothing else, on keys tagged as
   * this stage's signatory keys; time-stamp with the platform time-stamping key. `revoke`: disable
   * signatory keys.
   */
  grantSignatoryKeys(
    mode: 'issue' | 'sign' | 'revoke',
    stage: string,
    platform: { ca: string; timestamp: string },
  ): this {
    const stack = Stack.of(this);
    const keys = stack.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    const signatoryKey = {
      'aws:ResourceTag/purpose': SIGNATORY_KEY_PURPOSE,
      'aws:ResourceTag/stage': stage,
    };
    const digestOnly = { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' };
    if (mode === 'sign') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Sign'],
          resources: [keys],
          conditions: { StringEquals: { ...signatoryKey, ...digestOnly } },
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Sign'],
          resources: [platform.timestamp],
          conditions: { StringEquals: digestOnly },
        }),
      );
      this.setEnv('PKI_TIMESTAMP_KEY_ID', platform.timestamp);
    } else if (mode === 'revoke') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:DisableKey'],
          resources: [keys],
          conditions: { StringEquals: signatoryKey },
        }),
      );
    } else {
      const aliases = stack.formatArn({
        service: 'kms',
        resource: 'alias',
        resourceName: `rukhsa/${stage}/signatory/*`,
      });
      const requestTags = {
        StringEquals: {
          'aws:RequestTag/purpose': SIGNATORY_KEY_PURPOSE,
          'aws:RequestTag/stage': stage,
        },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [...SIGNATORY_KEY_TAGS] },
      };
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:CreateKey'],
          resources: ['*'],
          conditions: {
            ...requestTags,
            StringEquals: {
              ...requestTags.StringEquals,
              'kms:KeySpec': 'ECC_NIST_P256',
              'kms:KeyUsage': 'SIGN_VERIFY',
            },
          },
        }),
      );
      // Tags are written by CreateKey only, with the signatory tag keys and this stage's purpose.
      this.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['kms:TagResource'], resources: [keys], conditions: requestTags }),
      );
      // An existing key (one that already has a purpose: the CA, the time-stamping key, any signatory
      // key) can never be re-tagged, so no tag change can turn a key into a signatory key.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['kms:TagResource', 'kms:UntagResource'],
          resources: [keys],
          conditions: { Null: { 'aws:ResourceTag/purpose': 'false' } },
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:CreateAlias', 'kms:GetPublicKey'],
          resources: [keys],
          conditions: { StringEquals: signatoryKey },
        }),
      );
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:CreateAlias'], resources: [aliases] }));
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Sign'],
          resources: [platform.ca],
          conditions: { StringEquals: digestOnly },
        }),
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:GetPublicKey'],
          resources: [platform.ca, platform.timestamp],
        }),
      );
      this.setEnv('PKI_CA_KEY_ID', platform.ca).setEnv('PKI_TIMESTAMP_KEY_ID', platform.timestamp);
      acknowledge(this.role, [
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason:
            'kms:CreateKey has no resource ARN (the key does not exist yet); the statement requires the ECC P-256 SIGN_VERIFY spec and the signatory tags.',
        },
        {
          id: `AwsSolutions-IAM5[Resource::${nagName(this, aliases)}]`,
          reason:
            "One alias per signatory, created with their key: the stage's signatory alias prefix is the narrowest ARN.",
        },
      ]);
    }
    acknowledge(this.role, [
      {
        id: `AwsSolutions-IAM5[Resource::${nagName(this, keys)}]`,
        reason:
          "Signatory keys are created at run time, one per signatory: the statement is limited by the keys' purpose and stage tags (and, for kms:Sign, by the algorithm and message type).",
      },
    ]);
    return this;
  }

  /**
   * The audit seal key (docs/audit.md): sign SHA-256 digests with ECDSA_SHA_256 and read the public
   * key, on that one key. Only the daily seal job gets it (test/infra/audit.test.ts).
   */
  grantAuditSeal(key: kms.IKey): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Sign'],
        resources: [key.keyArn],
        conditions: {
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
        },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [key.keyArn] }),
    );
    this.setEnv('AUDIT_SEAL_KEY_ID', key.keyId);
    return this;
  }

  private grantTable(table: dynamodb.ITableV2, indexNames: readonly string[], actions: string[]): this {
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
      }),
    );
    this.setEnv('TABLE_NAME', table.tableName);
    return this;
  }
}

/** The tag every signatory key carries; KMS permissions are conditioned on it. */
export const SIGNATORY_KEY_PURPOSE = 'permit-signing';
/** The only tag keys a signatory key may carry (KmsKeyManager.createSigningKey writes them). */
export const SIGNATORY_KEY_TAGS = ['project', 'purpose', 'stage', 'signatory', 'commune'] as const;

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ApiGatewayV2Client, type Cors, UpdateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_OPEN_DATA_URL, stageConfig } from '../../infra/config.ts';
import { bundleInputsFingerprint, treeHash } from '../../infra/constructs/source-fingerprint.ts';
import { holdsBundlesOf, restoreBundles, saveBundles } from './bundle-cache.ts';
import { cdkEnv } from './cdk-env.ts';
import { awsEnv, LOCAL_REGION } from './ministack.ts';
import { CDK_BIN, REPO_ROOT } from './paths.ts';
import { prebundle, removePrebuilt } from './prebundle.ts';

export const STACKS = (stage: string) => [`Rukhsa-${stage}-Stateful`, `Rukhsa-${stage}-Api`];

export interface StackOutputs {
  tableName: string;
  /** The PIN hashes' table (issue 17, finding 3). */
  secretsTableName: string;
  documentsBucket: string;
  permitsBucket: string;
  openDataBucket: string;
  settlementBucket: string;
  userPoolId: string;
  userPoolClientId: string;
  gatewaySecretArn: string;
  /** The audit seal key (KMS) and the daily seal job (docs/audit.md). */
  auditSealKeyId: string;
  auditSealFunction: string;
  /** The daily deadline sweep, for tests that run it through the Lambda Invoke API. */
  deadlineSweepFunction: string;
  /** The platform CA and time-stamping KMS keys (fixtures certify the keys they write). */
  caKeyArn: string;
  timestampKeyArn: string;
  apiId: string;
  region: string;
  /** The path form works for every client (Node's fetch cannot resolve *.execute-api.localhost). */
  apiUrl: string;
  /** The web portal's loopback URL (served by scripts/local-cloud/web-server.ts, not a stack). */
  webUrl: string;
  /** The open-data site's loopback URL (scripts/local-cloud/open-data-server.ts; CloudFront on AWS). */
  openDataUrl: string;
}

function runCdk(
  args: string[],
  env: Record<string, string>,
  log: (line: string) => void,
  outDir: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(CDK_BIN, [...args, '--output', outDir], {
      cwd: REPO_ROOT,
      env: cdkEnv({ ...process.env, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      for (const line of text.split('\n')) {
        if (/✅|Deployment time|bootstrapped|Total time|\(no changes\)/.test(line)) log(`  ${line.trim()}`);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`cdk ${args[0]} failed (exit ${code}):\n${tail}`)),
    );
  });
}

/** Hash of everything that changes what is deployed: when it is unchanged, `npm start` skips the deploy. */
export const sourceHash = (): string =>
  treeHash(['infra', 'functions', 'shared'], ['package-lock.json', 'cdk.json']);

async function readOutputs(
  port: number,
  stage: string,
): Promise<Omit<StackOutputs, 'webUrl' | 'openDataUrl'>> {
  const cfn = new CloudFormationClient({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const values: Record<string, string> = {};
  for (const stackName of STACKS(stage)) {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    for (const output of Stacks?.[0]?.Outputs ?? []) {
      if (output.OutputKey && output.OutputValue) values[output.OutputKey] = output.OutputValue;
    }
  }
  const need = (key: string) => {
    const value = values[key];
    if (!value)
      throw new Error(`Stack output ${key} is missing; redeploy with \`npm run reset && npm start\`.`);
    return value;
  };
  return {
    tableName: need('TableName'),
    secretsTableName: need('SecretsTableName'),
    documentsBucket: need('DocumentsBucketName'),
    permitsBucket: need('PermitsBucketName'),
    openDataBucket: need('OpenDataBucketName'),
    settlementBucket: need('SettlementBucketName'),
    userPoolId: need('UserPoolId'),
    userPoolClientId: need('UserPoolClientId'),
    gatewaySecretArn: need('GatewayStoreKeySecretArn'),
    auditSealKeyId: need('AuditSealKeyId'),
    auditSealFunction: need('AuditSealFunctionName'),
    deadlineSweepFunction: need('DeadlineSweepFunctionName'),
    caKeyArn: need('CertificationAuthorityKeyArn'),
    timestampKeyArn: need('TimestampAuthorityKeyArn'),
    apiId: need('ApiId'),
    region: need('Region'),
    apiUrl: `http://127.0.0.1:${port}/_aws/execute-api/${need('ApiId')}/$default`,
  };
}

export async function stacksExist(port: number, stage: string): Promise<boolean> {
  try {
    await readOutputs(port, stage);
    return true;
  } catch {
    return false;
  }
}

/**
 * The emulator's CloudFormation stores an HTTP API's `CorsConfiguration` with the template's
 * PascalCase keys (`AllowOrigins`) while its gateway reads the API's camelCase ones (`allowOrigins`),
 * so every cross-origin call is refused (MiniStack 1.5.33, cloudformation/provisioners.py
 * `_apigw_v2_api_create` vs apigateway.py `_cors_response_headers`). Its UpdateApi stores the SDK's
 * wire form, so the template's own configuration is applied again through it after a local deploy.
 */
async function applyCors(port: number, stage: string, outDir: string, apiId: string) {
  const templateFile = path.join(outDir, `Rukhsa-${stage}-Api.template.json`);
  const resources = JSON.parse(readFileSync(templateFile, 'utf8')).Resources as Record<
    string,
    { Type: string; Properties: { CorsConfiguration?: Cors } }
  >;
  const cors = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Api')?.Properties
    .CorsConfiguration;
  if (!cors) return;
  const api = new ApiGatewayV2Client({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await api.send(new UpdateApiCommand({ ApiId: apiId, CorsConfiguration: cors }));
}

/**
 * The emulator's CloudFormation drops a bucket's Object Lock configuration (the template still
 * declares it for AWS), so the default COMPLIANCE retention is applied here after a local deploy.
 */
async function applyObjectLock(port: number, outputs: StackOutputs, retentionDays: number) {
  const s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: outputs.permitsBucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: retentionDays } },
      },
    }),
  );
}

export interface DeployOptions {
  port: number;
  stage?: string;
  /** Where to write outputs.json and the deploy hash; also holds cdk.out for this cloud. */
  stateDir: string;
  /** The web portal's origin: the API's CORS, the QR code and e-mail links name it. */
  webUrl?: string;
  /** The open-data site's loopback origin (not part of the stacks: only written to outputs.json). */
  openDataUrl?: string;
  /** Skip `cdk deploy` when the sources hash matches the last deploy and the stacks exist. */
  skipIfUnchanged?: boolean;
  /** Reuse function bundles built by an earlier deploy of the same sources (default true; scripts/local-cloud/bundle-cache.ts). */
  reuseBundles?: boolean;
  log?: (line: string) => void;
}

/** Bootstraps CDK and deploys every stack to the emulator, then writes the outputs file. */
export async function deployLocal(
  options: DeployOptions,
): Promise<{ outputs: StackOutputs; deployed: boolean; seconds: number }> {
  const { port, stateDir } = options;
  const stage = options.stage ?? 'local';
  const webUrl = stageConfig(stage, options.webUrl ? { webUrl: options.webUrl } : {}).webUrl;
  const contextValues = { 'rukhsa:stage': stage, 'rukhsa:localPort': String(port), 'rukhsa:webUrl': webUrl };
  const context = Object.entries(contextValues).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const log = options.log ?? console.log;
  const started = performance.now();
  const hashFile = path.join(stateDir, 'deploy.sha256');
  // The ports are part of what is deployed (the public API URL, the site's origin in CORS and links).
  const sources = sourceHash();
  const hash = `${sources}:${port}:${webUrl}`;
  const unchanged = existsSync(hashFile) && readFileSync(hashFile, 'utf8') === hash;
  let deployed = false;
  const outDir = path.join(stateDir, 'cdk.out');
  if (!(options.skipIfUnchanged && unchanged && (await stacksExist(port, stage)))) {
    const env = awsEnv(port);
    // What the function bundles are built from (the ports are not): a deploy of the same saved them all.
    const bundleSources = `${sources}:${bundleInputsFingerprint()}:${stage}`;
    const reuse = options.reuseBundles !== false;
    if (reuse) restoreBundles(outDir);
    log('Bootstrapping CDK on the local cloud …');
    // Meanwhile, the bundles still missing: one esbuild run per set of defines instead of one per function.
    const [, prebuilt] = await Promise.all([
      runCdk(['bootstrap', `aws://000000000000/${LOCAL_REGION}`, ...context], env, log, outDir),
      reuse && holdsBundlesOf(bundleSources) ? { functions: 0, runs: 0 } : prebundle(outDir, contextValues),
    ]);
    if (prebuilt.functions)
      log(`Prebuilt ${prebuilt.functions} function bundles in ${prebuilt.runs} esbuild runs.`);
    log(`Deploying ${STACKS(stage).join(', ')} …`);
    // `--method=direct`: the emulator cannot update a stack through a change set.
    await runCdk(
      [
        'deploy',
        '--all',
        '--method=direct',
        '--require-approval',
        'never',
        '--progress',
        'events',
        ...context,
      ],
      env,
      log,
      outDir,
    );
    removePrebuilt(outDir);
    const bundles = saveBundles(outDir, undefined, bundleSources);
    log(`Function bundles: ${bundles.used - bundles.built} reused, ${bundles.built} built.`);
    deployed = true;
  } else {
    log('Stacks unchanged since the last deploy: skipping `cdk deploy`.');
  }
  const openDataUrl = options.openDataUrl ?? LOCAL_OPEN_DATA_URL;
  const outputs = { ...(await readOutputs(port, stage)), webUrl, openDataUrl };
  await applyObjectLock(port, outputs, stageConfig(stage).permitRetentionDays);
  await applyCors(port, stage, outDir, outputs.apiId);
  writeFileSync(path.join(stateDir, 'outputs.json'), `${JSON.stringify(outputs, null, 2)}\n`);
  writeFileSync(hashFile, hash);
  return { outputs, deployed, seconds: (performance.now() - started) / 1000 };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { venvPython } from './venv.ts';

/** Only the services the stacks use (and what `cdk bootstrap`/deploy touch). */
export const SERVICES =
  'cloudformation,s3,dynamodb,dynamodbstreams,lambda,apigateway,cognito-idp,kms,sns,ses,sqs,scheduler,events,iam,sts,ssm,logs,ecr,secretsmanager';

export const LOCAL_REGION = 'us-east-1';
export { LOCAL_ACCOUNT } from '../../infra/config.ts';

import { LOCAL_ACCOUNT } from '../../infra/config.ts';

export interface LocalCloud {
  port: number;
  endpoint: string;
  pid: number;
  logFile: string;
  process?: ChildProcess;
}

export interface StartOptions {
  port: number;
  /** Folder for this emulator's files: log, and persisted state when `persist` is set. */
  stateDir: string;
  persist: boolean;
}

/** The environment every AWS client (SDK, CDK CLI) uses to talk to the emulator. */
export function awsEnv(port: number): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    CDK_DEFAULT_ACCOUNT: LOCAL_ACCOUNT,
    CDK_DEFAULT_REGION: LOCAL_REGION,
  };
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts MiniStack on 127.0.0.1 with its output captured to `<stateDir>/ministack.log`.
 * Lambda functions run as local `node` processes: the first `node` on PATH must be Node 24, so the
 * folder of the Node running this script goes first.
 */
export async function startLocalCloud(options: StartOptions): Promise<LocalCloud> {
  const { port, stateDir, persist } = options;
  mkdirSync(stateDir, { recursive: true });
  const logFile = path.join(stateDir, 'ministack.log');
  const out = openSync(logFile, 'a');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    BIND_HOST: '127.0.0.1',
    GATEWAY_PORT: String(port),
    MINISTACK_REGION: LOCAL_REGION,
    SERVICES,
    IOT_MTLS_ENABLED: '0',
    SFTP_ENABLED: '0',
    LOG_LEVEL: 'INFO',
    // TMPDIR is left alone on purpose: the emulator unpacks functions and writes its CommonJS
    // worker script there, and under this repo our package.json ("type": "module") would make
    // Node load that script as ESM and the worker die at start.
    ...(persist
      ? {
          PERSIST_STATE: '1',
          STATE_DIR: path.join(stateDir, 'state'),
          S3_PERSIST: '1',
          S3_DATA_DIR: path.join(stateDir, 's3'),
        }
      : { S3_DATA_DIR: path.join(stateDir, 's3') }),
  };
  const child = spawn(venvPython(), ['-m', 'ministack'], {
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  if (!child.pid) throw new Error(`MiniStack did not start (no pid). See the log: ${logFile}`);
  const cloud: LocalCloud = {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid,
    logFile,
    process: child,
  };
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null)
      throw new Error(`MiniStack exited with code ${exited} while starting; see ${logFile}`);
    if (await isHealthy(cloud.endpoint)) return cloud;
    await sleep(250);
  }
  await stopLocalCloud(cloud.pid);
  throw new Error(`MiniStack did not become healthy on port ${port} within 60 s; see ${logFile}`);
}

export async function isHealthy(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/_ministack/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops the emulator we started, by its pid, with SIGTERM only: it saves its state on a clean stop,
 * and a SIGKILL would lose it. Waits up to `timeoutMs` for it to exit.
 */
export async function stopLocalCloud(pid: number, timeoutMs = 30_000): Promise<boolean> {
  if (!isAlive(pid)) return true;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

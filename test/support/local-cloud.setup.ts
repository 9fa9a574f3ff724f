/**
 * Global setup of the integration and e2e projects: one emulator for the whole run, on a free port,
 * with throwaway state, the real stacks deployed and the reference data and demo users seeded.
 * Tests never depend on `npm start`. Both projects call this; the first starts, the last stops.
 *
 * `npm test` boots that emulator itself, in another process (scripts/test-cloud.ts), while lint,
 * type-checks, unit and infra tests run, and names it in RUKHSA_TEST_CLOUD: the setup then uses it
 * and leaves stopping it to its owner.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployLocal } from '../../scripts/local-cloud/deploy.ts';
import { freePort, startLocalCloud, stopLocalCloud } from '../../scripts/local-cloud/ministack.ts';
import { startOpenDataServer } from '../../scripts/local-cloud/open-data-server.ts';
import { LOCAL_DIR } from '../../scripts/local-cloud/paths.ts';
import { seedDemoUsers, seedReferenceData } from '../../scripts/local-cloud/seed.ts';
import { ensureVenv } from '../../scripts/local-cloud/venv.ts';
import { clientConfig, type TestCloud, withTotp } from './cloud.ts';

interface Shared {
  ready: Promise<BootedCloud>;
  users: number;
}
const g = globalThis as typeof globalThis & { __rukhsaCloud?: Shared };

export interface BootedCloud {
  cloud: TestCloud;
  pid: number;
  stateDir: string;
  closeOpenData: () => Promise<void>;
}

/** The file `scripts/test-cloud.ts` writes once the emulator it booted is ready. */
export const TEST_CLOUD_ENV = 'RUKHSA_TEST_CLOUD';

/** Starts the emulator, deploys the stacks and seeds them: what every cloud test file shares. */
export async function bootTestCloud(): Promise<BootedCloud> {
  const log = (line: string) => process.stderr.write(`[local-cloud] ${line}\n`);
  ensureVenv(log);
  const stateDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-test-'));
  const port = Number(process.env.RUKHSA_TEST_PORT ?? (await freePort()));
  // The site's port is chosen before deploying: the API's CORS and the permits' QR name its origin.
  const webUrl = `http://127.0.0.1:${await freePort()}`;
  const openDataPort = await freePort();
  const started = performance.now();
  const emulator = await startLocalCloud({ port, stateDir, persist: false });
  try {
    const { outputs, seconds } = await deployLocal({
      port,
      stateDir,
      webUrl,
      openDataUrl: `http://127.0.0.1:${openDataPort}`,
      log,
    });
    const openData = await startOpenDataServer({
      port: openDataPort,
      endpoint: emulator.endpoint,
      bucket: outputs.openDataBucket,
    });
    log(`deployed in ${seconds.toFixed(1)} s`);
    const seeding = performance.now();
    const reference = await seedReferenceData(port, outputs, log);
    log(`reference data seeded in ${((performance.now() - seeding) / 1000).toFixed(2)} s`);
    const users = await seedDemoUsers(port, outputs, path.join(stateDir, 'demo-users.json'), log);
    log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s on port ${port}`);
    const cloud: TestCloud = {
      port,
      endpoint: emulator.endpoint,
      logFile: emulator.logFile,
      outputs,
      // Ministry administrators and province contacts must have TOTP (issue 17, finding 12): the
      // test cloud's are enrolled here, their secrets kept for the tests (npm start's enrol on the web).
      users: await withTotp(
        port,
        outputs,
        users.map(({ username, password, role, scope }) => ({ username, password, role, scope })),
      ),
      reference: { regions: reference.regions, provinces: reference.provinces, communes: reference.communes },
    };
    return { cloud, pid: emulator.pid, stateDir, closeOpenData: openData.close };
  } catch (error) {
    await stopLocalCloud(emulator.pid);
    throw error;
  }
}

/** Stops what `bootTestCloud` started and removes its state. */
export async function stopTestCloud({ cloud, pid, stateDir, closeOpenData }: BootedCloud): Promise<void> {
  await closeOpenData();
  await keepStreamConsumerErrors(cloud).catch(() => undefined);
  await stopLocalCloud(pid);
  // The emulator's log outlives its throwaway state, for a failure to be read after the run.
  try {
    copyFileSync(path.join(stateDir, 'ministack.log'), path.join(LOCAL_DIR, 'last-test-cloud.log'));
  } catch {
    // no log (the emulator did not start) or no .local: nothing to keep
  }
  rmSync(stateDir, { recursive: true, force: true });
}

export default async function setup(project: TestProject) {
  const booted = process.env[TEST_CLOUD_ENV];
  if (booted) {
    project.provide('cloud', JSON.parse(readFileSync(booted, 'utf8')) as TestCloud);
    return async () => {};
  }
  g.__rukhsaCloud ??= { ready: bootTestCloud(), users: 0 };
  const shared = g.__rukhsaCloud;
  shared.users++;
  const { cloud } = await shared.ready;
  project.provide('cloud', cloud);
  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    await stopTestCloud(await shared.ready);
    g.__rukhsaCloud = undefined;
  };
}

/**
 * The errors the stream consumers logged (their CloudWatch logs, which the emulator's own log does
 * not carry: it says only that a batch failed), written to `.local/last-test-cloud-errors.log` so
 * that a failed run tells which record a consumer refused and why.
 */
export async function keepStreamConsumerErrors(cloud: TestCloud): Promise<void> {
  const { CloudWatchLogsClient, paginateDescribeLogGroups, paginateFilterLogEvents } = await import(
    '@aws-sdk/client-cloudwatch-logs'
  );
  const client = new CloudWatchLogsClient(clientConfig(cloud));
  const lines: string[] = [];
  for await (const page of paginateDescribeLogGroups(
    { client },
    { logGroupNamePrefix: '/aws/cloudformation/Rukhsa-local-Api/' },
  )) {
    for (const { logGroupName } of page.logGroups ?? []) {
      if (!logGroupName || !/Notifier|SearchIndexer|StatsCounter|RankingAggregator/.test(logGroupName))
        continue;
      for await (const events of paginateFilterLogEvents({ client }, { logGroupName }))
        for (const event of events.events ?? [])
          if (/"level":"(ERROR|WARN)"/.test(event.message ?? ''))
            lines.push(`${logGroupName} ${event.message}`);
    }
  }
  writeFileSync(path.join(LOCAL_DIR, 'last-test-cloud-errors.log'), lines.join('\n'));
}

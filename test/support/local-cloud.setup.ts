/**
 * Global setup of the integration and e2e projects: one emulator for the whole run, on a free port,
 * with throwaway state, the real stacks deployed and the reference data and demo users seeded.
 * Tests never depend on `npm start`. Both projects call this; the first starts, the last stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { deployLocal } from '../../scripts/local-cloud/deploy.ts';
import { freePort, startLocalCloud, stopLocalCloud } from '../../scripts/local-cloud/ministack.ts';
import { startOpenDataServer } from '../../scripts/local-cloud/open-data-server.ts';
import { seedDemoUsers, seedReferenceData } from '../../scripts/local-cloud/seed.ts';
import { ensureVenv } from '../../scripts/local-cloud/venv.ts';
import { type TestCloud, withTotp } from './cloud.ts';

interface Shared {
  ready: Promise<{ cloud: TestCloud; pid: number; stateDir: string; closeOpenData: () => Promise<void> }>;
  users: number;
}
const g = globalThis as typeof globalThis & { __rukhsaCloud?: Shared };

async function boot() {
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

export default async function setup(project: TestProject) {
  g.__rukhsaCloud ??= { ready: boot(), users: 0 };
  const shared = g.__rukhsaCloud;
  shared.users++;
  const { cloud } = await shared.ready;
  project.provide('cloud', cloud);
  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    const { pid, stateDir, closeOpenData } = await shared.ready;
    await closeOpenData();
    await stopLocalCloud(pid);
    rmSync(stateDir, { recursive: true, force: true });
    g.__rukhsaCloud = undefined;
  };
}

import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll } from 'vitest';
import { testCloud } from './cloud.ts';

/** A lock left by a worker that died is taken over after this long (longer than any test file). */
const STALE_MS = 10 * 60_000;

/**
 * Holds a resource of the shared emulator that a test file replaces for everyone, for the whole
 * file: Casablanca-Anfa has one province contact, and a file that designates a new one would
 * otherwise pull it from under another file's key delivery when files run side by side. A directory
 * is the lock (mkdir is atomic); it is named after the emulator, so separate runs never meet.
 */
export function holdForThisFile(resource: string): void {
  // The teardown beforeAll returns runs when the file ends, whether its tests passed or not.
  beforeAll(() => acquire(resource), 300_000);
}

async function acquire(resource: string): Promise<() => void> {
  const run = createHash('sha256').update(testCloud().endpoint).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), `rukhsa-lock-${run}-${resource}`);
  const deadline = Date.now() + 290_000;
  for (let pause = 100; ; pause = Math.min(pause * 1.5, 1_000)) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_MS) rmSync(dir, { recursive: true, force: true });
    }
    if (Date.now() > deadline) throw new Error(`another test file held ${resource} for too long`);
    await new Promise((r) => setTimeout(r, pause));
  }
}

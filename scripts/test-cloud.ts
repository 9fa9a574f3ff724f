/**
 * The emulator `npm test` shares with its integration, e2e and browser projects, booted in its own
 * process so that lint, type-checks, unit and infra tests run while it deploys (scripts/test.ts).
 * Writes the cloud's description to the file named by its argument once ready; stops the emulator
 * (and removes its state) on SIGTERM, SIGINT, or when its parent closes its stdin.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { bootTestCloud, stopTestCloud } from '../test/support/local-cloud.setup.ts';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/test-cloud.ts <where-to-write-the-cloud.json>');
  process.exit(2);
}

const booting = bootTestCloud();

// Registered before the boot ends, so a stop asked for while it deploys still stops the emulator.
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  try {
    await stopTestCloud(await booting);
  } finally {
    process.exit(0);
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

try {
  const { cloud } = await booting;
  if (stopping) await new Promise(() => {}); // stop() ends the process
  writeFileSync(`${file}.tmp`, JSON.stringify(cloud));
  renameSync(`${file}.tmp`, file);
} catch (error) {
  console.error('[local-cloud] the test cloud did not start:', error);
  process.exit(1);
}

/**
 * `npm test`: the whole suite on a fresh machine. Lint, type-check, the web build, then vitest's five
 * projects (unit, infra, integration, e2e, browser); the last three share one emulator (installed
 * into .venv on first use). Ends with the plain line `N passed, N failed` that CI reads.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LOCAL_DIR, REPO_ROOT } from './local-cloud/paths.ts';
import { ensureVenv } from './local-cloud/venv.ts';

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
const started = performance.now();
const run = (label: string, command: string, args: string[]) => {
  console.log(`\n▶ ${label}`);
  const t = performance.now();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
  console.log(
    `  ${label}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status})`} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  return result.status ?? 1;
};

const extraArgs = process.argv.slice(2);
let failedSteps = 0;
failedSteps += run('lint (biome)', bin('biome'), ['check', '.']) === 0 ? 0 : 1;
// The site's API types come from docs/openapi.json (generated, git-ignored): an API change breaks this
// build, not users. Built first, because the unit tests of the web code are type-checked with the rest.
failedSteps += run('web build (vite)', 'npm', ['run', '--silent', 'web:build']) === 0 ? 0 : 1;
failedSteps += run('type-check (tsc)', bin('tsc'), ['--noEmit']) === 0 ? 0 : 1;
failedSteps += run('web type-check (tsc -p web)', bin('tsc'), ['--noEmit', '-p', 'web']) === 0 ? 0 : 1;
// Installing the emulator here (not inside vitest's setup) keeps pip's output readable.
ensureVenv();
mkdirSync(LOCAL_DIR, { recursive: true });
const resultsFile = path.join(LOCAL_DIR, 'test-results.json');
const vitestStatus = run('vitest (unit, infra, integration, e2e, browser)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultsFile}`,
  ...extraArgs,
]);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults?: { name: string; startTime: number; endTime: number }[];
  };
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  printSlowest(results.testResults ?? []);
} catch {
  failed = Math.max(1, failed);
}

/** The ten slowest test files (wall time of each file, setup included): where the suite's time goes. */
function printSlowest(files: { name: string; startTime: number; endTime: number }[]) {
  const slowest = files
    .map((f) => ({ file: path.relative(REPO_ROOT, f.name), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10);
  if (slowest.length === 0) return;
  console.log('\nSlowest test files:');
  for (const f of slowest) console.log(`  ${`${f.seconds.toFixed(1)} s`.padStart(8)}  ${f.file}`);
}
console.log(`\nWhole suite in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
if (failedSteps > 0) console.log(`${failedSteps} check(s) before the tests failed (see above).`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitestStatus !== 0 || failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);

/**
 * `npm test`: the whole suite on a fresh machine. The web build and lint; then, while one emulator
 * boots in its own process (scripts/test-cloud.ts) and deploys the real stacks, the type-checks and
 * the unit and infra projects side by side. Once it is up, without waiting for those: the few cloud
 * files that need it to themselves, then the integration, e2e and browser projects against it, in two
 * vitest runs side by side (one run, one file at a time, with RUKHSA_TEST_SIDE_BY_SIDE=0).
 * Ends with the slowest test files and the plain line `N passed, N failed` that CI reads.
 *
 * With arguments (`npm test -- test/unit/fees.test.ts`), one vitest run takes them and starts the
 * emulator only if a cloud project needs it (vitest's global setup).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import * as path from 'node:path';
import { LOCAL_DIR, REPO_ROOT } from './local-cloud/paths.ts';
import { ensureVenv, ensureVenvInBackground } from './local-cloud/venv.ts';

const bin = (name: string) => path.join(REPO_ROOT, 'node_modules', '.bin', name);
/**
 * TypeScript 7's compiler (native, `typescript-native` in package.json): the same checks as 5.9's in
 * about a tenth of the CPU. Named by its path: `typescript` 5.9 stays for openapi-typescript, which
 * needs its JavaScript API, and both packages declare a `tsc` command.
 */
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc');
const started = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const run = (label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
  console.log(`\n▶ ${label}`);
  const t = performance.now();
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  console.log(
    `  ${label}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status})`} in ${seconds(t)}`,
  );
  return result.status ?? 1;
};

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: { name: string; startTime: number; endTime: number }[];
}

mkdirSync(LOCAL_DIR, { recursive: true });
const reports: string[] = [];
/** One vitest run with a JSON report of its own; its exit status. */
const vitest = (label: string, args: string[], env?: NodeJS.ProcessEnv) =>
  run(label, bin('vitest'), vitestArgs(args), env);

/**
 * The cloud files that need the emulator to themselves: one narrows the notifier's stream mapping to
 * one record and a 5-second age (any other file's notification could age out into the dead letters
 * meanwhile), the other compares the public figures with a scan of the whole table.
 */
const ALONE = ['test/e2e/operations.test.ts', 'test/integration/public-stats.test.ts'];

/**
 * Two vitest runs against the one emulator at once, each taking one file at a time: the browser files
 * (and BESIDE_BROWSER), and the integration and e2e files (659–775 s on fresh clones, against
 * 1,020–1,185 s one file after another). Every cloud file asserts only on the records it makes, so
 * what runs beside it does not matter (docs/performance.md, "Test suite").
 * `RUKHSA_TEST_SIDE_BY_SIDE=0` runs all the cloud files in one run, one after another, to tell a
 * failure that comes from concurrency.
 */
const SIDE_BY_SIDE = process.env.RUKHSA_TEST_SIDE_BY_SIDE !== '0';
/**
 * Files of the integration and e2e projects that run in the browser files' run:
 * - every file that holds Casablanca-Anfa's province contact (`holdForThisFile`), as the back-office
 *   browser file does: in one run, one file at a time, they never wait for each other. Split between
 *   the two runs, each run took its large files first and they met: in one fresh-clone run the back
 *   office waited 20 s for the signing file, and `review-signed` 61 s for the back office;
 * - `npm start`'s test, so that the two runs end at about the same time (on fresh clones the browser
 *   files took 330–470 s, the others 500–570 s).
 */
const BESIDE_BROWSER = [
  'test/e2e/signing.test.ts',
  'test/e2e/review-signed.test.ts',
  'test/e2e/npm-start.test.ts',
];

/**
 * A command run beside others: its output is kept and printed whole when it ends (or, with `hold`,
 * once that has settled too), so the lines of runs at the same time do not interleave. `niceness`
 * lowers its priority. Resolves to its exit status.
 */
function beside(
  label: string,
  command: string,
  args: string[],
  {
    env = process.env,
    hold,
    niceness,
  }: { env?: NodeJS.ProcessEnv; hold?: Promise<unknown>; niceness?: number } = {},
): Promise<number> {
  console.log(`\n▶ ${label} (started; its output follows when it ends)`);
  const t = performance.now();
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (niceness !== undefined && child.pid !== undefined) setPriority(child.pid, niceness);
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const took = seconds(t);
      void Promise.resolve(hold).then(() => {
        console.log(`\n▶ ${label}: its output`);
        process.stdout.write(Buffer.concat(output));
        console.log(`  ${label}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${took}`);
        resolve(code ?? 1);
      });
    });
  });
}

/** A command whose output goes straight to ours while `beside` runs hold theirs. Its exit status. */
function alongside(label: string, command: string, args: string[], env = process.env): Promise<number> {
  console.log(`\n▶ ${label}`);
  const t = performance.now();
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      console.log(`  ${label}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${seconds(t)}`);
      resolve(code ?? 1);
    });
  });
}

/** The arguments of one vitest run with a JSON report of its own (read at the end for the counts). */
function vitestArgs(args: string[]) {
  const report = path.join(LOCAL_DIR, `test-results-${reports.length + 1}.json`);
  rmSync(report, { force: true });
  reports.push(report);
  return ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];
}

/** `vitest` run beside others. */
const vitestBeside = (label: string, args: string[], options: Parameters<typeof beside>[3] = {}) =>
  beside(label, bin('vitest'), vitestArgs(args), options);

const extraArgs = process.argv.slice(2);
let failedSteps = 0;
const step = (label: string, command: string, args: string[]) => {
  failedSteps += run(label, command, args) === 0 ? 0 : 1;
};

// The site's API types come from docs/openapi.json (generated, git-ignored): an API change breaks this
// build, not users. Built first: the unit tests of the web code are type-checked with the rest, the
// infra tests and the deployed stacks read web/dist.
step('web build (vite)', 'npm', ['run', '--silent', 'web:build']);
// Installing the emulator here (not inside the boot) keeps pip's output readable.
ensureVenv();

const vitestStatus: number[] = [];
if (extraArgs.length > 0) {
  step('lint (biome)', bin('biome'), ['check', '.']);
  vitestStatus.push(vitest('vitest', extraArgs));
} else {
  const cloudFile = path.join(LOCAL_DIR, 'test-cloud.json');
  rmSync(cloudFile, { force: true });
  console.log('\n▶ local cloud: booting in the background (scripts/test-cloud.ts)');
  const booting = performance.now();
  const cloud = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'test-cloud.ts'), cloudFile], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const cloudExit = new Promise<number>((resolve) => cloud.on('exit', (code) => resolve(code ?? 1)));
  // The contract test's schemathesis: installed while the emulator boots, nothing needs it before.
  const contractTools = ensureVenvInBackground('contract').then(
    () => true,
    (error: Error) => {
      console.error(`\n  ${error.message}`);
      return false;
    },
  );
  try {
    step('lint (biome)', bin('biome'), ['check', '.']);
    // While the emulator boots: both type-checks and the unit and infra projects, side by side (one
    // vitest worker and a type-check keep both cores busy beside the boot's synthesis). The cloud
    // files do not wait for the unit and infra files; those print their output once the cloud
    // files have ended, so that it does not cut through theirs.
    let cloudFilesEnded = () => {};
    const cloudFiles = new Promise<void>((resolve) => {
      cloudFilesEnded = resolve;
    });
    // The type-checks yield the CPU to the boot: nothing reads them before the end, while the cloud
    // files wait for the boot's synthesis (esbuild, once per function), which shared the two cores
    // with both of them and the unit run. The unit and infra files keep the normal priority: their
    // tests have timeouts.
    const checks = Promise.all([
      beside('type-check (tsc)', TSC, ['--noEmit'], { niceness: 10 }),
      beside('web type-check (tsc -p web)', TSC, ['--noEmit', '-p', 'web'], { niceness: 10 }),
    ]);
    const offline = vitestBeside('vitest (unit, infra)', ['--project', 'unit', '--project', 'infra'], {
      hold: cloudFiles,
    });
    const ready = await cloudReady(cloud, cloudExit, cloudFile);
    console.log(`\n  local cloud: ${ready ? 'ready' : 'FAILED to start'} after ${seconds(booting)}`);
    const env = { ...process.env, RUKHSA_TEST_CLOUD: cloudFile };
    try {
      if (!(await contractTools)) failedSteps++;
      if (ready) await cloudTests(env);
      else failedSteps++;
    } finally {
      cloudFilesEnded();
    }
    failedSteps += (await checks).filter((status) => status !== 0).length;
    vitestStatus.push(await offline);
  } finally {
    cloud.stdin?.end();
    cloud.kill('SIGTERM');
    await cloudExit;
  }
}

/**
 * The cloud files: first those that need the emulator to themselves (ALONE), one after the other;
 * then all the others, in two vitest runs side by side or (RUKHSA_TEST_SIDE_BY_SIDE=0) in one.
 */
async function cloudTests(env: NodeJS.ProcessEnv) {
  vitestStatus.push(
    await vitestBeside(
      'vitest (integration, e2e: alone)',
      ['--project', 'integration', '--project', 'e2e', ...ALONE],
      { env },
    ),
  );
  const others = [
    '--project',
    'integration',
    '--project',
    'e2e',
    ...ALONE.flatMap((file) => ['--exclude', file]),
  ];
  if (SIDE_BY_SIDE) {
    vitestStatus.push(
      ...(await Promise.all([
        vitestBeside(
          'vitest (browser, and the files beside it)',
          [...others, '--project', 'browser', 'test/browser/', ...BESIDE_BROWSER],
          { env },
        ),
        vitestBeside(
          'vitest (integration, e2e)',
          [...others, ...BESIDE_BROWSER.flatMap((file) => ['--exclude', file])],
          { env },
        ),
      ])),
    );
  } else {
    vitestStatus.push(
      await alongside(
        'vitest (integration, e2e, browser)',
        bin('vitest'),
        vitestArgs([...others, '--project', 'browser']),
        env,
      ),
    );
  }
}

/** Waits for the boot's file, or its process's end (a failed boot). */
async function cloudReady(child: ChildProcess, exit: Promise<number>, file: string): Promise<boolean> {
  let ended = false;
  void exit.then(() => {
    ended = true;
  });
  while (!existsSync(file)) {
    if (ended || child.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

let passed = 0;
let failed = 0;
const files: NonNullable<Report['testResults']> = [];
for (const report of reports) {
  try {
    const results = JSON.parse(readFileSync(report, 'utf8')) as Report;
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    files.push(...(results.testResults ?? []));
  } catch {
    failed = Math.max(1, failed);
  }
}
printSlowest(files);

/** The ten slowest test files (wall time of each file, setup included): where the suite's time goes. */
function printSlowest(list: { name: string; startTime: number; endTime: number }[]) {
  const slowest = list
    .map((f) => ({ file: path.relative(REPO_ROOT, f.name), seconds: (f.endTime - f.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10);
  if (slowest.length === 0) return;
  console.log('\nSlowest test files:');
  for (const f of slowest) console.log(`  ${`${f.seconds.toFixed(1)} s`.padStart(8)}  ${f.file}`);
}
console.log(`\nWhole suite in ${seconds(started)}.`);
if (failedSteps > 0) console.log(`${failedSteps} check(s) before or around the tests failed (see above).`);
console.log(`${passed} passed, ${failed} failed`);
const vitestFailed = vitestStatus.some((status) => status !== 0);
process.exit(vitestFailed || failedSteps > 0 || failed > 0 || passed === 0 ? 1 : 0);

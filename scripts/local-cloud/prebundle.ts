/**
 * The local stage's function bundles, built before `cdk deploy` in one esbuild run per group of
 * functions that share their `define`s (scripts/local-cloud/deploy.ts).
 *
 * CDK's NodejsFunction bundles each function by itself: one esbuild process per function, each
 * parsing the AWS SDK and our shared code again. A fresh clone's first deploy ran ~110 of them, about
 * a minute of a two-core machine, while the unit tests and the type-checks want the same cores.
 * Given many entry points, esbuild parses each file once and still writes each bundle as its own run
 * would, byte for byte (test/infra/prebundle.test.ts checks it against CDK's own bundling).
 *
 * The deploy's `npx` shim (cdk-env.ts) then answers CDK's esbuild call for a function with the
 * prebuilt bundle of the same entry and defines, found by `prebuiltKey`, and runs esbuild itself
 * for anything else. Nothing of this reaches an AWS stage: a real `cdk deploy` bundles as CDK does.
 *
 * `node scripts/local-cloud/prebundle.ts <cdk.out> <context JSON>` builds the app without bundling
 * to learn every function's entry, defines and asset hash, and prebuilds only the functions whose
 * `asset.<hash>` the folder does not already hold (bundle-cache.ts restores those).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** Prebuilt bundles sit in the assembly folder at the depth of CDK's own (`asset.<hash>-building/`), so their source maps' relative paths are the same. */
export const PREBUILT_PREFIX = 'prebuilt-';

export interface BundlePlan {
  /** The handler module, absolute (as CDK passes it to esbuild). */
  readonly entry: string;
  readonly define: Readonly<Record<string, string>>;
}

/**
 * The name of a function's prebuilt bundle: a hash of its entry and of its defines as esbuild's
 * command line spells them, sorted. The shim computes the same from CDK's arguments with
 * `sha256sum`, so the two must agree byte for byte (test/infra/prebundle.test.ts runs the shim).
 */
export function prebuiltKey({ entry, define }: BundlePlan): string {
  const defines = Object.entries(define)
    .map(([name, value]) => `--define:${name}=${value}`)
    .sort();
  return createHash('sha256')
    .update([entry, ...defines].map((line) => `${line}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
}

/** Builds the plans' bundles into `<outDir>/prebuilt-<key>/index.mjs`: one esbuild run per set of defines. */
export async function buildPrebuilt(outDir: string, plans: readonly BundlePlan[]): Promise<number> {
  const [{ build }, { ESBUILD_OPTIONS }] = await Promise.all([
    import('esbuild'),
    import('../../infra/constructs/platform-function.ts'),
  ]);
  // Functions with the same defines share a run; with the same entry too, a bundle.
  const groups = new Map<string, { define: Record<string, string>; entryPoints: Record<string, string> }>();
  for (const plan of plans) {
    const defines = JSON.stringify(Object.entries(plan.define).sort());
    const group = groups.get(defines) ?? { define: { ...plan.define }, entryPoints: {} };
    group.entryPoints[`${PREBUILT_PREFIX}${prebuiltKey(plan)}/index`] = plan.entry;
    groups.set(defines, group);
  }
  // One run at a time: esbuild already uses every core, and one run's syntax trees at a time is enough memory.
  for (const { define, entryPoints } of groups.values()) {
    // The options CDK's NodejsFunction gives esbuild for PlatformFunction's bundling settings.
    await build({
      absWorkingDir: REPO_ROOT,
      entryPoints,
      outdir: outDir,
      outExtension: { '.js': '.mjs' },
      ...ESBUILD_OPTIONS,
      define,
      logLevel: 'warning',
    });
  }
  return groups.size;
}

/** Removes the prebuilt bundles (CDK has linked what it used into its `asset.<hash>` folders). */
export function removePrebuilt(outDir: string): void {
  if (!existsSync(outDir)) return;
  for (const name of readdirSync(outDir)) {
    if (name.startsWith(PREBUILT_PREFIX)) rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
}

/** Every function of the app (built without bundling) whose bundle `outDir` does not hold yet. */
async function missingBundles(outDir: string, context: Record<string, unknown>): Promise<BundlePlan[]> {
  const [{ App }, { buildApp }, { PlatformFunction }] = await Promise.all([
    import('aws-cdk-lib'),
    import('../../infra/app.ts'),
    import('../../infra/constructs/platform-function.ts'),
  ]);
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const { app } = buildApp(
    new App({
      outdir: path.join(outDir, `${PREBUILT_PREFIX}plan`),
      context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
    }),
  );
  const plans: BundlePlan[] = [];
  for (const construct of app.node.findAll()) {
    if (!(construct instanceof PlatformFunction)) continue;
    // The function's code asset: its hash names the folder CDK bundles into (and skips when present).
    const hash = (construct.fn.node.tryFindChild('Code') as { assetHash?: string } | undefined)?.assetHash;
    if (hash && existsSync(path.join(outDir, `asset.${hash}`))) continue;
    plans.push(construct.bundle);
  }
  return plans;
}

/**
 * Prebuilds, in a child process (it loads the whole CDK app), the bundles of the functions the
 * assembly folder `outDir` lacks. Returns how many functions and esbuild runs it took.
 */
export function prebundle(
  outDir: string,
  context: Record<string, unknown>,
): Promise<{ functions: number; runs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [import.meta.filename, outDir, JSON.stringify(context)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`Prebundling the functions failed (exit ${code}).`));
      resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'));
    });
  });
}

if (import.meta.filename === process.argv[1]) {
  const [outDir, context] = process.argv.slice(2);
  if (!outDir || !context) throw new Error('usage: prebundle.ts <cdk.out> <context JSON>');
  removePrebuilt(outDir);
  const plans = await missingBundles(outDir, JSON.parse(context));
  rmSync(path.join(outDir, `${PREBUILT_PREFIX}plan`), { recursive: true, force: true });
  const runs = plans.length ? await buildPrebuilt(outDir, plans) : 0;
  console.log(JSON.stringify({ functions: plans.length, runs }));
}

/**
 * Function bundles shared between the local clouds of one checkout (`npm start`, the test cloud, the
 * `npm start` test's own cloud, the benches). On the local stage each bundle's asset hash is the hash
 * of its inputs (infra/constructs/source-fingerprint.ts), and CDK skips bundling when the assembly
 * folder already holds `asset.<hash>`: copying the bundles built for the same sources in, before a
 * synthesis, saves esbuild ~110 runs. Any edit to a function's inputs changes its hash, so a stale
 * bundle is never found.
 */
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** Not under RUKHSA_LOCAL_DIR: the `npm start` test moves that folder, and should still find these. */
const CACHE_DIR = path.join(REPO_ROOT, '.local', 'bundle-cache');
/** A function bundle CDK staged: `asset.<sha256>` holding the ESM module and its source map. */
const isBundle = (dir: string) =>
  /^asset\.[0-9a-f]{64}$/.test(path.basename(dir)) && existsSync(path.join(dir, 'index.mjs.map'));
/**
 * Names the sources whose every bundle the cache holds (written by `saveBundles` after a deploy):
 * a deploy of the same sources then needs no prebuilding (prebundle.ts), not even its plan.
 */
const COMPLETE_FILE = 'complete-for';
/** Bundles unused for this long are dropped when a deploy saves its own (edits make new ones). */
const KEEP_UNUSED_MS = 60 * 60 * 1000;

/** Hard-links a folder's files into a new folder (copies across disks), atomically by rename. */
function linkFolder(from: string, to: string) {
  if (existsSync(to)) return;
  const building = `${to}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  for (const name of readdirSync(from)) {
    try {
      linkSync(path.join(from, name), path.join(building, name));
    } catch {
      copyFileSync(path.join(from, name), path.join(building, name)); // e.g. a temporary folder on another disk
    }
  }
  try {
    renameSync(building, to);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another process got there first
  }
}

/** Puts every cached bundle into the assembly folder `outDir`; returns how many. */
export function restoreBundles(outDir: string, cacheDir = CACHE_DIR): number {
  if (!existsSync(cacheDir)) return 0;
  mkdirSync(outDir, { recursive: true });
  let count = 0;
  for (const name of readdirSync(cacheDir)) {
    const cached = path.join(cacheDir, name);
    if (!isBundle(cached)) continue;
    linkFolder(cached, path.join(outDir, name));
    count++;
  }
  return count;
}

/** The asset folders the assembly's stacks name (`<stack>.assets.json`: each file asset's source path). */
function referencedAssets(outDir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(outDir).filter((f) => f.endsWith('.assets.json'))) {
    const manifest = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as {
      files?: Record<string, { source?: { path?: string } }>;
    };
    for (const asset of Object.values(manifest.files ?? {}))
      if (asset.source?.path) names.add(asset.source.path);
  }
  return names;
}

/**
 * Keeps the bundles the synthesis in `outDir` used for the next one, removes from `outDir` the
 * cached ones it did not use, and drops from the cache those no synthesis used for an hour. Returns
 * how many bundles the synthesis used, and how many of them it built (not cached before).
 */
export function saveBundles(
  outDir: string,
  cacheDir = CACHE_DIR,
  sources?: string,
): { used: number; built: number } {
  mkdirSync(cacheDir, { recursive: true });
  const now = new Date();
  const referenced = referencedAssets(outDir);
  const used = new Set<string>();
  let built = 0;
  for (const name of readdirSync(outDir)) {
    const bundle = path.join(outDir, name);
    if (!isBundle(bundle)) continue;
    if (!referenced.has(name)) {
      rmSync(bundle, { recursive: true, force: true }); // put there by restoreBundles, for other sources
      continue;
    }
    used.add(name);
    const cached = path.join(cacheDir, name);
    if (!existsSync(cached)) built++;
    linkFolder(bundle, cached);
    utimesSync(cached, now, now);
  }
  for (const name of readdirSync(cacheDir)) {
    const cached = path.join(cacheDir, name);
    if (!used.has(name) && now.getTime() - statSync(cached).mtimeMs > KEEP_UNUSED_MS) {
      rmSync(cached, { recursive: true, force: true });
    }
  }
  if (sources) writeFileSync(path.join(cacheDir, COMPLETE_FILE), sources);
  return { used: used.size, built };
}

/** Whether the last deploy that saved its bundles (`saveBundles(…, sources)`) had these sources. */
export function holdsBundlesOf(sources: string, cacheDir = CACHE_DIR): boolean {
  const file = path.join(cacheDir, COMPLETE_FILE);
  return existsSync(file) && readFileSync(file, 'utf8') === sources;
}

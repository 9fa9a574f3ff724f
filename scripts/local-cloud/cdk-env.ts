/**
 * The environment the local stage's `cdk synth` and `cdk deploy` run in (scripts/local-cloud/deploy.ts,
 * the cold-start bench): the project's Node first on PATH, and a shortcut for how CDK bundles.
 *
 * CDK's NodejsFunction runs the project's esbuild as `npx --no-install esbuild …`, once per function.
 * npm's start-up alone takes ~0.35 s of CPU on these machines: ~40 s of every synthesis of our ~110
 * functions that finds no bundle to reuse (a fresh clone's first deploy, in CI beside the unit tests).
 * An `npx` script placed first on PATH (npx-shim.sh) runs `node_modules/.bin/esbuild` directly for
 * exactly that call, or links in the bundle prebuilt for it (prebundle.ts), and hands any other call
 * to the `npx` it shadows. Same esbuild, same arguments, same bundles; AWS stages (a real
 * `cdk deploy`) never use it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** Not under RUKHSA_LOCAL_DIR, which the `npm start` test moves (like the bundle cache). */
const SHIM_DIR = path.join(REPO_ROOT, '.local', 'bin');

/** The first executable `npx` on PATH outside the shim's folder (npm's). */
function npmNpx(pathList: string): string {
  for (const dir of pathList.split(path.delimiter)) {
    if (!dir || path.resolve(dir) === SHIM_DIR) continue;
    const candidate = path.join(dir, 'npx');
    if (existsSync(candidate)) return candidate;
  }
  return 'npx';
}

function writeShim(fallback: string): void {
  const esbuild = path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
  // Paths in double quotes in the script: JSON's escaping of a path is also valid there.
  const script = readFileSync(path.join(import.meta.dirname, 'npx-shim.sh'), 'utf8')
    .replace('"__ESBUILD__"', JSON.stringify(esbuild))
    .replace('"__NPX__"', JSON.stringify(fallback));
  const file = path.join(SHIM_DIR, 'npx');
  if (existsSync(file) && readFileSync(file, 'utf8') === script) return;
  mkdirSync(SHIM_DIR, { recursive: true });
  const building = `${file}.${process.pid}`;
  writeFileSync(building, script);
  chmodSync(building, 0o755);
  // Renamed into place: a synthesis running beside this one never sees half a script.
  renameSync(building, file);
}

/** `base` with the project's Node and the esbuild shortcut first on PATH. */
export function cdkEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const inherited = base.PATH ?? '';
  if (process.platform === 'win32') {
    return { ...base, PATH: `${path.dirname(process.execPath)}${path.delimiter}${inherited}` };
  }
  writeShim(npmNpx(inherited));
  return {
    ...base,
    PATH: [SHIM_DIR, path.dirname(process.execPath), inherited].join(path.delimiter),
  };
}

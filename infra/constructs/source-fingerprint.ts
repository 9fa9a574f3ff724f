import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** SHA-256 of the files under `dirs` and the `files`, paths relative to the repository (by name, in order). */
export function treeHash(dirs: readonly string[], files: readonly string[]): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(REPO_ROOT, dir)).sort()) {
      const file = path.join(dir, name);
      if (statSync(path.join(REPO_ROOT, file)).isDirectory()) walk(file);
      else hash.update(file).update(readFileSync(path.join(REPO_ROOT, file)));
    }
  };
  for (const dir of dirs) walk(dir);
  for (const file of files) hash.update(file).update(readFileSync(path.join(REPO_ROOT, file)));
  return hash.digest('hex');
}

let bundleInputs: string | undefined;
/**
 * Everything esbuild can read when it bundles a function: the handlers, the shared code, the
 * dependencies as locked, the import map and compiler settings, and the construct that bundles. The entry, `define`s and esbuild
 * options are not here: CDK adds the bundling options to a custom asset hash itself.
 */
export function bundleInputsFingerprint(): string {
  bundleInputs ??= treeHash(
    ['functions', 'shared'],
    // The OpenAPI function serves the generated document as it is bundled; the construct's command
    // hooks (the translations' build) are functions, which CDK's hash of the options leaves out.
    [
      'docs/openapi.json',
      'infra/constructs/platform-function.ts',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
    ],
  );
  return bundleInputs;
}

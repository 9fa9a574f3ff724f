import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holdsBundlesOf, restoreBundles, saveBundles } from '../../scripts/local-cloud/bundle-cache.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rukhsa-bundles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (c: string) => c.repeat(64);
function bundle(outDir: string, name: string, code: string) {
  const dir = path.join(outDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.mjs'), code);
  writeFileSync(path.join(dir, 'index.mjs.map'), '{}');
}
/** The stack's asset manifest, as CDK writes it: the assets the synthesis used. */
function manifest(outDir: string, names: string[]) {
  const files = Object.fromEntries(names.map((n) => [n.slice(6), { source: { path: n, packaging: 'zip' } }]));
  writeFileSync(
    path.join(outDir, 'Rukhsa-local-Api.assets.json'),
    JSON.stringify({ version: '48.0.0', files }),
  );
}

describe('the local function bundles shared between cloud folders', () => {
  it('keeps the bundles of one assembly for the next, and nothing else', () => {
    const cache = path.join(root, 'cache');
    const first = path.join(root, 'first');
    bundle(first, `asset.${hash('a')}`, 'export const handler = 1;');
    bundle(first, `asset.${hash('b')}`, 'export const handler = 2;');
    // A copied asset (a custom resource, the site) and CDK's own files are not function bundles.
    mkdirSync(path.join(first, `asset.${hash('c')}`));
    writeFileSync(path.join(first, `asset.${hash('c')}`, 'index.js'), 'x');
    writeFileSync(path.join(first, 'manifest.json'), '{}');
    manifest(first, [`asset.${hash('a')}`, `asset.${hash('b')}`, `asset.${hash('c')}`]);
    expect(saveBundles(first, cache)).toEqual({ used: 2, built: 2 });
    expect(readdirSync(cache).sort()).toEqual([`asset.${hash('a')}`, `asset.${hash('b')}`]);

    const second = path.join(root, 'second');
    expect(restoreBundles(second, cache)).toBe(2);
    expect(readFileSync(path.join(second, `asset.${hash('b')}`, 'index.mjs'), 'utf8')).toBe(
      'export const handler = 2;',
    );
    // Same disk: linked, not copied.
    expect(statSync(path.join(second, `asset.${hash('a')}`, 'index.mjs')).ino).toBe(
      statSync(path.join(first, `asset.${hash('a')}`, 'index.mjs')).ino,
    );
  });

  it('knows which sources it holds every bundle of: those of the last deploy that saved them', () => {
    const cache = path.join(root, 'complete');
    const deployed = path.join(root, 'deployed');
    bundle(deployed, `asset.${hash('9')}`, 'export const handler = 9;');
    manifest(deployed, [`asset.${hash('9')}`]);
    expect(holdsBundlesOf('sources-1', cache)).toBe(false);
    saveBundles(deployed, cache, 'sources-1');
    expect(holdsBundlesOf('sources-1', cache)).toBe(true);
    expect(holdsBundlesOf('sources-2', cache)).toBe(false);
    // The marker is not a bundle: the next deploy's folder gets the bundles only.
    expect(restoreBundles(path.join(root, 'after-complete'), cache)).toBe(1);
    saveBundles(deployed, cache, 'sources-2');
    expect(holdsBundlesOf('sources-1', cache)).toBe(false);
  });

  it('drops bundles no synthesis used for an hour, and keeps those the last one used', () => {
    const cache = path.join(root, 'pruned');
    const old = path.join(root, 'old');
    bundle(old, `asset.${hash('d')}`, 'old');
    bundle(old, `asset.${hash('e')}`, 'kept');
    manifest(old, [`asset.${hash('d')}`, `asset.${hash('e')}`]);
    saveBundles(old, cache);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of readdirSync(cache)) utimesSync(path.join(cache, name), twoHoursAgo, twoHoursAgo);

    const next = path.join(root, 'next');
    bundle(next, `asset.${hash('e')}`, 'kept');
    bundle(next, `asset.${hash('f')}`, 'new');
    manifest(next, [`asset.${hash('e')}`, `asset.${hash('f')}`]);
    expect(saveBundles(next, cache)).toEqual({ used: 2, built: 1 });
    expect(readdirSync(cache).sort()).toEqual([`asset.${hash('e')}`, `asset.${hash('f')}`]);
  });

  it('counts only the bundles the synthesis used, and clears the others from its folder', () => {
    const cache = path.join(root, 'counted');
    const before = path.join(root, 'before');
    bundle(before, `asset.${hash('1')}`, 'one');
    bundle(before, `asset.${hash('2')}`, 'two, of older sources');
    manifest(before, [`asset.${hash('1')}`, `asset.${hash('2')}`]);
    saveBundles(before, cache);

    const after = path.join(root, 'after');
    expect(restoreBundles(after, cache)).toBe(2);
    bundle(after, `asset.${hash('3')}`, 'built now'); // what CDK bundles for an edited source
    manifest(after, [`asset.${hash('1')}`, `asset.${hash('3')}`]);
    expect(saveBundles(after, cache)).toEqual({ used: 2, built: 1 });
    expect(
      readdirSync(after)
        .filter((n) => n.startsWith('asset.'))
        .sort(),
    ).toEqual([`asset.${hash('1')}`, `asset.${hash('3')}`]);
  });

  it('finds nothing to reuse before any deploy', () => {
    expect(restoreBundles(path.join(root, 'empty-out'), path.join(root, 'no-cache'))).toBe(0);
  });
});

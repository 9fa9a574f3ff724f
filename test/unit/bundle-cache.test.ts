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
import { restoreBundles, saveBundles } from '../../scripts/local-cloud/bundle-cache.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rukhsa-bundles-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const hash = (c: string) => c.repeat(64);
function bundle(outDir: string, name: string, code: string) {
  const dir = path.join(outDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.mjs'), code);
  writeFileSync(path.join(dir, 'index.mjs.map'), '{}');
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

  it('drops bundles no synthesis used for an hour, and keeps those the last one used', () => {
    const cache = path.join(root, 'pruned');
    const old = path.join(root, 'old');
    bundle(old, `asset.${hash('d')}`, 'old');
    bundle(old, `asset.${hash('e')}`, 'kept');
    saveBundles(old, cache);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    for (const name of readdirSync(cache)) utimesSync(path.join(cache, name), twoHoursAgo, twoHoursAgo);

    const next = path.join(root, 'next');
    bundle(next, `asset.${hash('e')}`, 'kept');
    bundle(next, `asset.${hash('f')}`, 'new');
    expect(saveBundles(next, cache)).toEqual({ used: 2, built: 1 });
    expect(readdirSync(cache).sort()).toEqual([`asset.${hash('e')}`, `asset.${hash('f')}`]);
  });

  it('finds nothing to reuse before any deploy', () => {
    expect(restoreBundles(path.join(root, 'empty-out'), path.join(root, 'no-cache'))).toBe(0);
  });
});

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/config.ts';
import { PlatformFunction } from '../../infra/constructs/platform-function.ts';
import { cdkEnv } from '../../scripts/local-cloud/cdk-env.ts';
import {
  type BundlePlan,
  buildPrebuilt,
  PREBUILT_PREFIX,
  prebuiltKey,
} from '../../scripts/local-cloud/prebundle.ts';
import { cdkContext } from '../support/infra.ts';

// Both assembly folders sit at the same depth, as the deploy's prebuilt and CDK's bundles do: the
// source maps' paths are relative to the bundle.
const scratch = () => mkdtempSync(path.join(tmpdir(), 'rukhsa-prebundle-'));
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe("the local stage's prebuilt function bundles (scripts/local-cloud/prebundle.ts)", () => {
  it('are byte for byte the bundle CDK builds for the same function', async () => {
    const cdkOut = scratch();
    const prebuiltOut = scratch();
    folders.push(cdkOut, prebuiltOut);
    const app = new App({ outdir: cdkOut, context: { ...cdkContext, 'rukhsa:stage': 'local' } });
    // A route with the AWS SDK, the session check and validation, defined as routes-stack.ts does.
    const fn = new PlatformFunction(new Stack(app, 'Prebundle'), 'GetHistory', {
      entry: 'functions/applications/get-history.ts',
      config: stageConfig('local'),
      defines: {
        'process.env.ROUTE_IDEMPOTENCY': '"off"',
        'process.env.ROUTE_PUBLIC': '"false"',
        'process.env.ROUTE_TOTP': '"off"',
        'process.env.ROUTE_VALIDATION': '"on"',
        'process.env.ROUTE_TRACE_SDK': '"off"',
      },
    });
    const asset = fn.fn.node.findChild('Code') as Asset;

    expect(await buildPrebuilt(prebuiltOut, [fn.bundle])).toBe(1);

    const prebuilt = path.join(prebuiltOut, `${PREBUILT_PREFIX}${prebuiltKey(fn.bundle)}`);
    const bundled = path.join(cdkOut, `asset.${asset.assetHash}`);
    for (const file of ['index.mjs', 'index.mjs.map']) {
      expect(sha256(path.join(prebuilt, file)), file).toBe(sha256(path.join(bundled, file)));
    }
    // Not two empty files: the DynamoDB client is in the bundle.
    expect(readFileSync(path.join(prebuilt, 'index.mjs'), 'utf8')).toContain('DynamoDB');
  });

  it("are what the deploy's esbuild shim hands CDK for the same entry and defines, in any order; any other call runs esbuild", () => {
    const out = scratch();
    folders.push(out);
    const entry = path.join(out, 'handler.ts');
    writeFileSync(entry, 'export const handler = () => process.env.ANSWER;\n');
    const plan: BundlePlan = { entry, define: { 'process.env.ANSWER': '"42"', 'process.env.B': '"b"' } };
    const prebuilt = path.join(out, `${PREBUILT_PREFIX}${prebuiltKey(plan)}`);
    mkdirSync(prebuilt);
    writeFileSync(path.join(prebuilt, 'index.mjs'), '// prebuilt\n');
    writeFileSync(path.join(prebuilt, 'index.mjs.map'), '{}\n');
    const shim = path.join(cdkEnv().PATH?.split(path.delimiter)[0] ?? '', 'npx');

    /** CDK's call, as NodejsFunction spells it: `npx --no-install esbuild --bundle <entry> … --define:…`. */
    const bundle = (folder: string, define: Record<string, string>) => {
      const dir = path.join(out, `asset.${folder}-building`);
      mkdirSync(dir);
      const defines = Object.entries(define).map(([name, value]) => `--define:${name}=${value}`);
      execFileSync(shim, [
        '--no-install',
        'esbuild',
        '--bundle',
        entry,
        '--platform=node',
        '--format=esm',
        `--outfile=${path.join(dir, 'index.mjs')}`,
        ...defines,
        '--log-level=warning',
      ]);
      return path.join(dir, 'index.mjs');
    };

    const same = bundle('same', plan.define);
    expect(readFileSync(same, 'utf8')).toBe('// prebuilt\n');
    expect(statSync(same).ino).toBe(statSync(path.join(prebuilt, 'index.mjs')).ino); // linked, not copied
    expect(readFileSync(`${same}.map`, 'utf8')).toBe('{}\n');

    const reordered = bundle('reordered', { 'process.env.B': '"b"', 'process.env.ANSWER': '"42"' });
    expect(readFileSync(reordered, 'utf8')).toBe('// prebuilt\n');

    const other = bundle('other', { ...plan.define, 'process.env.ANSWER': '"41"' });
    expect(readFileSync(other, 'utf8')).toContain('"41"');
  });
});

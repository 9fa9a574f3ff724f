import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

/** The CLI passes cdk.json's context (feature flags) to the app; tests must do the same. */
export const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'))
  .context as Record<string, unknown>;

export const newApp = (stage: string, dir = mkdtempSync(path.join(tmpdir(), `rukhsa-${stage}-`))) =>
  new App({ outdir: dir, context: { ...cdkContext, 'rukhsa:stage': stage } });

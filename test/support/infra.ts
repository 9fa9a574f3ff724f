import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The CLI passes cdk.json's context (feature flags) to the app; tests must do the same. */
export const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'))
  .context as Record<string, unknown>;

/**
 * A CDK app for a stage, synthesizing into a throwaway folder. Template assertions need no function
 * code, so esbuild is skipped (`aws:cdk:bundling-stacks` empty, as `cdk synth --exclusively` does for
 * other stacks): each prod synthesis then takes seconds instead of bundling every function again.
 * Real bundles are built by every local deploy (integration, e2e, browser) and measured by the bench.
 */
export const newApp = (
  stage: string,
  dir = mkdtempSync(path.join(tmpdir(), `rukhsa-${stage}-`)),
  context: Record<string, string> = {},
) =>
  new App({
    outdir: dir,
    context: { ...cdkContext, ...context, 'rukhsa:stage': stage, 'aws:cdk:bundling-stacks': [] },
  });

/**
 * The API stack and its routes stacks (one per capability group), read as one template: resources
 * merged by logical id (unique across them: routes and functions are named after their operation).
 */
export function mergedTemplate(stacks: Stack[]) {
  const templates = stacks.map((stack) => Template.fromStack(stack));
  return {
    findResources: (type: string, props?: unknown) =>
      Object.assign({}, ...templates.map((t) => t.findResources(type, props))) as Record<string, any>,
    hasResourceProperties(type: string, props: unknown) {
      const errors: unknown[] = [];
      for (const t of templates) {
        try {
          t.hasResourceProperties(type, props);
          return;
        } catch (error) {
          errors.push(error);
        }
      }
      throw errors[0];
    },
  };
}

// cdk-nag ships CommonJS with re-exports Node's ESM loader cannot see: load it with require.
import { createRequire } from 'node:module';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const nag = createRequire(import.meta.url)('cdk-nag') as typeof import('cdk-nag');

export const { AwsSolutionsChecks, ServerlessChecks } = nag;

/** Acknowledges cdk-nag findings on a construct; every acknowledgement must say why. */
export function acknowledge(construct: IConstruct, findings: { id: string; reason: string }[]): void {
  for (const finding of findings) Validations.of(construct).acknowledge(finding);
}

import { existsSync, readFileSync } from 'node:fs';
import type { StackOutputs } from '../local-cloud/deploy.ts';
import { OUTPUTS_FILE } from '../local-cloud/paths.ts';

/**
 * Where the operations scripts act: on AWS, the caller's credentials and region (AWS_PROFILE,
 * AWS_REGION) and the names passed as options; with no names, the local cloud of `npm start`
 * (its outputs file and dummy credentials).
 */
export function target(names: { table?: string | undefined }): {
  clientConfig: Record<string, unknown>;
  outputs?: StackOutputs;
} {
  if (names.table) return { clientConfig: {} };
  if (!existsSync(OUTPUTS_FILE)) {
    console.error(
      'No local cloud outputs (.local/outputs.json): run `npm start` first, or pass the names for AWS.',
    );
    process.exit(2);
  }
  const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as StackOutputs;
  return {
    outputs,
    clientConfig: {
      region: outputs.region,
      endpoint: new URL(outputs.apiUrl).origin,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    },
  };
}

/** Signatory keys (KMS). See once.ts for how the wiring is built. */
import { KMSClient } from '@aws-sdk/client-kms';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import { env } from '#shared/environment.ts';
import { once } from './once.ts';

export const keyManager = /* @__PURE__ */ once(
  () => new KmsKeyManager(new KMSClient(awsClientConfig()), env('STAGE')),
);

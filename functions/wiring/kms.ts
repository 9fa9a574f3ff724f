/** Signatory keys (KMS). See once.ts for how the wiring is built. */
import { KMSClient } from '@aws-sdk/client-kms';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import type { KeyManager } from '#shared/domain/signing/ports.ts';
import { env } from '#shared/environment.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { once } from './once.ts';

export const keyManager = /* @__PURE__ */ once(() =>
  countingSignFailures(new KmsKeyManager(new KMSClient(awsClientConfig()), env('STAGE'))),
);

/** Every failed KMS Sign is counted (the KMS signing failure alarm) and rethrown unchanged. */
function countingSignFailures(keys: KeyManager): KeyManager {
  return {
    createSigningKey: (signatory) => keys.createSigningKey(signatory),
    publicKeyPem: (keyId) => keys.publicKeyPem(keyId),
    signDigest: async (keyId, digest) => {
      try {
        return await keys.signDigest(keyId, digest);
      } catch (error) {
        countEvent(BUSINESS_METRICS.kmsSigningFailure, { properties: { keyId } });
        throw error;
      }
    },
  };
}

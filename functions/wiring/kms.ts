/** Signatory keys and the audit seal key (KMS). See once.ts for how the wiring is built. */
import { KMSClient } from '@aws-sdk/client-kms';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { KmsAuditSeal } from '#shared/adapters/kms/audit-seal.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import { KmsPlatformKeys } from '#shared/adapters/kms/platform-keys.ts';
import type { KeyManager } from '#shared/domain/signing/ports.ts';
import { env, optionalEnv } from '#shared/environment.ts';
import { BUSINESS_METRICS } from '#shared/observability/metric-names.ts';
import { countEvent } from '#shared/observability/metrics.ts';
import { traced } from '#shared/observability/tracer.ts';
import { once } from './once.ts';

const client = /* @__PURE__ */ once(() => traced(new KMSClient(awsClientConfig())));

export const keyManager = /* @__PURE__ */ once(() =>
  countingSignFailures(new KmsKeyManager(client(), env('STAGE'))),
);

/** Every failed KMS Sign is counted (the KMS signing failure alarm) and rethrown unchanged. */
function countingSignFailures(keys: KeyManager): KeyManager {
  return {
    createSigningKey: (signatory) => keys.createSigningKey(signatory),
    publicKeyPem: (keyId) => keys.publicKeyPem(keyId),
    disableKey: (keyId) => keys.disableKey(keyId),
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

/** The CA and time-stamping keys this function's grants allow (unset ids are refused on use). */
export const platformKeys = /* @__PURE__ */ once(
  () =>
    new KmsPlatformKeys(client(), {
      ca: optionalEnv('PKI_CA_KEY_ID'),
      timestamp: optionalEnv('PKI_TIMESTAMP_KEY_ID'),
    }),
);

/** The platform seal key that signs the daily audit roots (docs/audit.md). */
export const auditSeal = /* @__PURE__ */ once(() => new KmsAuditSeal(client(), env('AUDIT_SEAL_KEY_ID')));

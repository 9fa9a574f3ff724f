/** Signatory keys and the audit seal key (KMS). See once.ts for how the wiring is built. */
import { KMSClient } from '@aws-sdk/client-kms';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { KmsAuditSeal } from '#shared/adapters/kms/audit-seal.ts';
import { KmsKeyManager } from '#shared/adapters/kms/key-manager.ts';
import { env } from '#shared/environment.ts';
import { once } from './once.ts';

export const keyManager = /* @__PURE__ */ once(
  () => new KmsKeyManager(new KMSClient(awsClientConfig()), env('STAGE')),
);

/** The platform seal key that signs the daily audit roots (docs/audit.md). */
export const auditSeal = /* @__PURE__ */ once(
  () => new KmsAuditSeal(new KMSClient(awsClientConfig()), env('AUDIT_SEAL_KEY_ID')),
);

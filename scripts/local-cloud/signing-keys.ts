/**
 * An ACTIVE signing key with a real KMS key behind it and a known PIN, written straight into the
 * table: the demo seed's key for `demo-signatory`, test fixtures and the benchmark. It skips the
 * handover (issue → contact → commune → first PIN change), which the signing e2e test walks for real.
 */
import { randomUUID } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuthorityStore } from '../../shared/adapters/dynamodb/authority-store.ts';
import { DynamoSigningKeyRepository } from '../../shared/adapters/dynamodb/signing-key-repository.ts';
import { KmsPlatformKeys } from '../../shared/adapters/kms/platform-keys.ts';
import { expiryFor } from '../../shared/domain/signing/key-lifecycle.ts';
import { hashPin } from '../../shared/domain/signing/pin.ts';
import { certifySignatory, ensureAuthority } from '../../shared/domain/signing/pki/authority.ts';
import type { KeyManager } from '../../shared/domain/signing/ports.ts';
import { publicKeyFingerprint, type SigningKey } from '../../shared/domain/signing/signing-key.ts';

export async function putActiveSigningKey(
  db: DynamoDBDocumentClient,
  /** The platform table, and the secrets table the PIN hash goes to. */
  { table, secrets }: { table: string; secrets: string },
  keyManager: KeyManager,
  /** With `agencyId`, a commission member's key: its seat (`communeId`) is then the province. */
  key: {
    communeId: string;
    provinceId: string;
    signatoryUsername: string;
    pin: string;
    expiresAt?: string;
    agencyId?: string;
  },
  /** The platform CA key (stack output): the key gets its certificate like an issued one. */
  pki: { kms: KMSClient; caKeyArn: string; timestampKeyArn: string },
): Promise<SigningKey> {
  const kms = await keyManager.createSigningKey({ id: `set-up-${randomUUID()}`, communeId: key.communeId });
  const publicKeyPem = await keyManager.publicKeyPem(kms.keyId);
  const now = new Date();
  const platformKeys = new KmsPlatformKeys(pki.kms, { ca: pki.caKeyArn, timestamp: pki.timestampKeyArn });
  const authority = await ensureAuthority(
    { platformKeys, authority: new DynamoAuthorityStore(db, table) },
    'local',
    now,
  );
  const expiresAt = key.expiresAt ?? expiryFor(now);
  const title = key.agencyId ? `Membre de la commission (${key.agencyId})` : 'Président du conseil communal';
  const certificatePem = await certifySignatory({ platformKeys }, authority, {
    keyId: kms.keyId,
    publicKeyPem,
    firstName: 'Démo',
    lastName: key.signatoryUsername,
    title,
    communeNameFr: key.communeId,
    validFrom: now.toISOString(),
    expiresAt,
  });
  const record: SigningKey = {
    ...kms,
    fingerprint: publicKeyFingerprint(publicKeyPem),
    publicKeyPem,
    certificatePem,
    signatoryId: randomUUID(),
    signatoryUsername: key.signatoryUsername,
    firstName: 'Démo',
    lastName: key.signatoryUsername,
    title,
    ...(key.agencyId
      ? { mandate: 'commission_member' as const, agencyId: key.agencyId }
      : { mandate: 'president' as const }),
    cin: 'BK123456',
    phone: '+212600000001',
    email: `${key.signatoryUsername}@demo.rukhsa.ma`,
    preferredLanguage: 'fr',
    communeId: key.communeId,
    provinceId: key.provinceId,
    status: 'ACTIVE',
    issuedAt: now.toISOString(),
    issuedBy: 'set-up',
    validFrom: now.toISOString(),
    expiresAt,
    handover: [],
    pinHash: await hashPin(key.pin),
    pinChanged: true,
    failedAttempts: 0,
    version: 1,
  };
  await new DynamoSigningKeyRepository(db, table, secrets).create(record, {
    keyId: record.keyId,
    type: 'KEY_ISSUED',
    at: record.issuedAt,
    actor: 'set-up',
    role: 'system',
    details: { setUp: true },
  });
  return record;
}

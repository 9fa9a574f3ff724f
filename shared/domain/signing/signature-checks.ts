/**
 * The checks a permit and a signed data document share once their bytes are hashed: the CMS
 * signature, its chain to the published CA, the key it names against the key record, the platform
 * time-stamp, and the key's validity and revocation at the instant the time-stamp proves.
 */
import type { EmbeddedSignatureReport } from './pki/permit-signature.ts';
import type { SigningKey } from './signing-key.ts';

/** The names of the shared checks, in the order a verifier runs them (after its own hash check). */
export type SharedCheckName =
  | 'signature'
  | 'certificate-chain'
  | 'key-fingerprint'
  | 'timestamp'
  | 'key-valid-at-signing'
  | 'key-not-revoked-before-signing';

export interface SignatureCheck {
  name: SharedCheckName;
  ok: boolean;
  detail: string;
}

/** A time-stamp's genTime has whole seconds (RFC 3161 without fraction): compare key dates at that precision. */
const toSecond = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;

export function signatureChecks(
  report: EmbeddedSignatureReport | undefined,
  key: SigningKey | undefined,
  signed: { keyId: string; fingerprint: string },
  unreadDetail: string,
): SignatureCheck[] {
  const unread = { ok: false, detail: unreadDetail };
  const signedAt = report?.timestamp.ok ? report.signedAt : undefined;
  const at = signedAt?.getTime();
  return [
    { name: 'signature', ...(report?.signature ?? unread) },
    { name: 'certificate-chain', ...(report?.chain ?? unread) },
    {
      name: 'key-fingerprint',
      ok:
        Boolean(key) &&
        report?.signerFingerprint === key?.fingerprint &&
        key?.fingerprint === signed.fingerprint,
      detail: key
        ? `Key ${key.keyId}, fingerprint ${key.fingerprint}; the signer certificate's key is ${report?.signerFingerprint ?? 'unknown'}.`
        : `Key ${signed.keyId} is unknown.`,
    },
    { name: 'timestamp', ...(report?.timestamp ?? unread) },
    {
      // A key issued at 10:00:00.700 that signs at 10:00:00.900 is time-stamped 10:00:00: still valid.
      name: 'key-valid-at-signing',
      ok: Boolean(key && at !== undefined && toSecond(key.validFrom) <= at && at < Date.parse(key.expiresAt)),
      detail: key ? `The key is valid from ${key.validFrom} to ${key.expiresAt}.` : 'No key.',
    },
    {
      name: 'key-not-revoked-before-signing',
      ok: Boolean(key && at !== undefined && (!key.revokedAt || Date.parse(key.revokedAt) > at)),
      detail: key?.revokedAt
        ? `The key was revoked on ${key.revokedAt}; the time-stamp proves the signature was made on ${signedAt?.toISOString() ?? '(unproven)'}.`
        : 'The key is not revoked.',
    },
  ];
}

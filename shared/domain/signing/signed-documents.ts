/**
 * Signatures over documents that are data, not PDFs: a commission member's opinion, the commission's
 * minutes. The document is written as canonical JSON (keys sorted, no whitespace), and the member's
 * KMS key signs it with a detached CMS SignedData time-stamped by the platform — the permit's own
 * signature, over those bytes instead of a PDF's byte ranges. Anyone holding the document, the CMS
 * and the published CA checks it the same way (`openssl cms -verify -binary -content …`).
 */
import { createHash } from 'node:crypto';
import { DomainError, type ErrorKind } from '../errors.ts';
import type { Principal } from '../identity/principal.ts';
import { DocumentSignature } from './document-signature.ts';
import { canSign } from './key-lifecycle.ts';
import type { AuthorityStore, PlatformKeys } from './pki/authority.ts';
import { signDetached, verifyCms } from './pki/detached-signature.ts';
import { canonicalJson } from './pki/permit-token.ts';
import type { KeyManager, SigningKeyRepository } from './ports.ts';
import { signatureChecks } from './signature-checks.ts';
import type { SignatureVerification } from './signature-verification.ts';
import type { SigningKey } from './signing-key.ts';
import { checkPin } from './use-cases/keys.ts';

export type { SignatureVerification };
export { DocumentSignature };

export interface DocumentSigningDeps {
  keys: SigningKeyRepository;
  keyManager: Pick<KeyManager, 'signDigest'>;
  authority: Pick<AuthorityStore, 'get'>;
  platformKeys: Pick<PlatformKeys, 'signAsTimestampAuthority'>;
}

/** The bytes a signature covers: the document's canonical JSON, UTF-8. */
export const documentBytes = (document: unknown) => new TextEncoder().encode(canonicalJson(document));

function refuse(code: string, detail: string, kind: ErrorKind = 'conflict'): never {
  throw new DomainError({ kind, type: code, title: 'Signing refused', detail, details: { reason: code } });
}

/**
 * The commission member's own key for their agency in the province (the seat of members' keys):
 * ACTIVE first, else the one that explains a refusal; undefined when they hold none.
 */
export async function memberKey(
  deps: Pick<DocumentSigningDeps, 'keys'>,
  principal: Principal,
): Promise<SigningKey | undefined> {
  const { provinceId, agencyId } = principal.scope;
  if (!provinceId || !agencyId) return undefined;
  const own = (await deps.keys.listByCommune(provinceId)).filter(
    (k) =>
      k.signatoryUsername === principal.username &&
      k.mandate === 'commission_member' &&
      k.agencyId === agencyId &&
      k.status !== 'REVOKED' &&
      k.status !== 'EXPIRED',
  );
  return own.find((k) => k.status === 'ACTIVE') ?? own[0];
}

/**
 * Signs a document with the holder's key and PIN: refused (audited) when the key cannot sign; the
 * PIN attempt is counted before it is checked (the permit signer's rule, five and locked); then KMS
 * signs the CMS's attributes, the platform time-stamps it, and the result is verified like any
 * verifier would before it is returned.
 */
export async function signDocument(
  deps: DocumentSigningDeps,
  principal: Principal,
  loaded: SigningKey,
  pin: string,
  document: unknown,
  context: Record<string, unknown>,
  now: Date,
): Promise<DocumentSignature> {
  const usable = canSign(loaded, now);
  if (!usable.ok) {
    await deps.keys.audit([
      {
        keyId: loaded.keyId,
        type: 'SIGN_REFUSED',
        at: now.toISOString(),
        actor: principal.username,
        role: principal.roles[0] ?? 'none',
        details: { ...context, reason: `key-${usable.code}`, status: loaded.status },
      },
    ]);
    refuse(`key-${usable.code}`, usable.reason);
  }
  const { key } = await checkPin(deps, principal, loaded, pin, 'sign', now);
  if (!key.certificatePem) {
    refuse(
      'key-not-certified',
      'Your signing key has no certificate from the platform CA. Ask the ministry for a new key.',
    );
  }
  const authority = await deps.authority.get();
  if (!authority) throw new Error('The platform CA has no certificate yet, though a key exists');
  const content = documentBytes(document);
  const signingTime = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const cms = await signDetached(content, {
    authority,
    certificatePem: key.certificatePem,
    signingTime,
    signAsSignatory: (digest) => deps.keyManager.signDigest(key.keyId, digest),
    signAsTimestampAuthority: deps.platformKeys.signAsTimestampAuthority,
  });
  const report = verifyCms(content, cms, authority);
  const failed = [report.signature, report.chain, report.timestamp].find((c) => !c.ok);
  if (failed || report.signerFingerprint !== key.fingerprint) {
    throw new Error(
      `The signature made with key ${key.keyId} does not verify: ${failed?.detail ?? 'another key'}`,
    );
  }
  return {
    keyId: key.keyId,
    fingerprint: key.fingerprint,
    signer: {
      username: principal.username,
      name: `${key.firstName} ${key.lastName}`,
      title: key.title,
      ...(key.agencyId ? { agencyId: key.agencyId } : {}),
    },
    signedAt: signingTime.toISOString(),
    sha256: createHash('sha256').update(content).digest('hex'),
    cms: Buffer.from(cms).toString('base64'),
  };
}

/**
 * Checks a stored signature against the document as it is now (re-written canonically), the
 * published CA, and the key record: a document changed after signing fails `document-hash` and
 * `signature`; a key revoked before the time-stamp fails `key-not-revoked-before-signing`.
 */
export async function verifyDocumentSignature(
  deps: { keys: Pick<SigningKeyRepository, 'get'>; authority: Pick<AuthorityStore, 'get'> },
  document: unknown,
  signature: DocumentSignature,
): Promise<SignatureVerification> {
  const [key, authority] = await Promise.all([deps.keys.get(signature.keyId), deps.authority.get()]);
  const content = documentBytes(document);
  const hash = createHash('sha256').update(content).digest('hex');
  const report = authority ? verifyCms(content, Buffer.from(signature.cms, 'base64'), authority) : undefined;
  const signedAt = report?.timestamp.ok ? report.signedAt : undefined;
  const unread = 'The platform CA is not published yet.';
  const checks = [
    {
      name: 'document-hash',
      ok: hash === signature.sha256,
      detail:
        hash === signature.sha256
          ? 'The document is the one that was signed (SHA-256 of its canonical JSON matches).'
          : `The document's SHA-256 ${hash} differs from the signed one ${signature.sha256}: it was altered after signing.`,
    },
    ...signatureChecks(report, key, { keyId: signature.keyId, fingerprint: signature.fingerprint }, unread),
  ];
  const failed = checks.find((c) => !c.ok);
  return {
    valid: !failed,
    failedCheck: failed?.name ?? null,
    signer: signature.signer,
    keyId: signature.keyId,
    fingerprint: signature.fingerprint,
    signedAt: signedAt?.toISOString() ?? null,
    checks,
  };
}

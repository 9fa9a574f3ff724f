/** A signatory's signing key: its record, audit events and public view (schemas and pure helpers). */
import { createHash, createPublicKey } from 'node:crypto';
import * as z from 'zod/mini';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { AgencyCode } from '../procedures/schema.ts';
import { TrimmedText } from '../text.ts';
import { FINAL_KEY_STATUSES, KEY_STATUSES } from './key-lifecycle.ts';

/** A commune president or their delegate, as the ministry lists them for a batch of keys. */
export const SignatoryInput = /* @__PURE__ */ (() =>
  z.object({
    firstName: PersonName,
    lastName: PersonName,
    cin: Cin,
    phone: MoroccanPhone,
    email: Email,
    communeId: TrimmedText(1, 80),
    /** The president, or a delegate so that a change of president never blocks permits. */
    mandate: z.enum(['president', 'delegate']),
    /** Function as printed on permits, e.g. "Président du conseil communal". */
    title: TrimmedText(3, 160),
    /** A newly elected president's key can be issued before they take office: it signs from this day. */
    takesOfficeOn: z.optional(z.iso.date()),
    preferredLanguage: z._default(Language, 'fr'),
  }))();
export type SignatoryInput = z.infer<typeof SignatoryInput>;

/**
 * A member of the province's commission for one consulted agency (or a province official who sits
 * in it): their key signs opinions and minutes. Its seat is the province, not a commune.
 */
export const CommissionMemberInput = /* @__PURE__ */ (() =>
  z.object({
    firstName: PersonName,
    lastName: PersonName,
    cin: Cin,
    phone: MoroccanPhone,
    email: Email,
    mandate: z.literal('commission_member'),
    provinceId: TrimmedText(1, 20),
    agencyId: AgencyCode,
    /** Function as printed on opinions and minutes, e.g. "Architecte, Agence urbaine de Casablanca". */
    title: TrimmedText(3, 160),
    preferredLanguage: z._default(Language, 'fr'),
  }))();
export type CommissionMemberInput = z.infer<typeof CommissionMemberInput>;

/** Whom a key is issued to: a commune's signatory, or a commission member of a province. */
export const KeyHolderInput = /* @__PURE__ */ (() => z.union([SignatoryInput, CommissionMemberInput]))();
export type KeyHolderInput = z.infer<typeof KeyHolderInput>;

export const IssueKeysInput = /* @__PURE__ */ (() =>
  z.object({
    signatories: z.array(KeyHolderInput).check(z.minLength(1), z.maxLength(50)),
  }))();
export type IssueKeysInput = z.infer<typeof IssueKeysInput>;

export const KeyStatus = /* @__PURE__ */ (() => z.enum(KEY_STATUSES))();

export const HandoverStep = /* @__PURE__ */ (() =>
  z.object({
    status: KeyStatus,
    at: z.iso.datetime(),
    by: z.string(),
    trackingNumber: z.optional(z.string()),
    /** HANDED_TO_CONTACT: the province contact the key was sent to (the only one who may confirm delivery). */
    contact: z.optional(z.string()),
    reason: z.optional(z.string()),
  }))();

/** The stored key record. `pinHash` never leaves the repository's callers (see `keyView`). */
export const SigningKey = /* @__PURE__ */ (() =>
  z.object({
    keyId: z.string(),
    keyArn: z.string(),
    alias: z.string(),
    /** SHA-256 of the public key (SPKI DER), hex: the fingerprint printed on permits. */
    fingerprint: z.string(),
    publicKeyPem: z.string(),
    /**
     * The X.509 certificate (PEM) the platform CA issued for this key: the signatory's name, title
     * and commune, the key's validity. Embedded in every permit the key signs.
     */
    certificatePem: z.optional(z.string()),
    signatoryId: z.string(),
    signatoryUsername: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    title: z.string(),
    mandate: z.enum(['president', 'delegate', 'commission_member']),
    /** A commission member's agency: their key signs that agency's opinions and the minutes. */
    agencyId: z.optional(z.string()),
    cin: z.string(),
    phone: z.string(),
    email: z.string(),
    preferredLanguage: Language,
    /** The key's seat: the signatory's commune, or the province for a commission member. */
    communeId: z.string(),
    provinceId: z.string(),
    status: KeyStatus,
    issuedAt: z.iso.datetime(),
    issuedBy: z.string(),
    validFrom: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    /** The latest handover steps, with who and when (and the tracking number of the express mail). */
    handover: z.array(HandoverStep),
    pinHash: z.string(),
    pinChanged: z.boolean(),
    failedAttempts: z.number().check(z.int(), z.nonnegative()),
    revokedAt: z.optional(z.iso.datetime()),
    version: z.number().check(z.int(), z.positive()),
  }))();
export type SigningKey = z.infer<typeof SigningKey>;

/** What the API shows of a key: everything but the PIN hash. */
export const KeyView = /* @__PURE__ */ (() => z.omit(SigningKey, { pinHash: true }))();
export type KeyView = z.infer<typeof KeyView>;
export const keyView = ({ pinHash: _hidden, ...rest }: SigningKey): KeyView => rest;

/** What anyone may know of a key to verify a permit offline. */
export const PublicKeyEntry = /* @__PURE__ */ (() =>
  z.object({
    keyId: z.string(),
    fingerprint: z.string(),
    algorithm: z.literal('ECDSA_SHA_256'),
    curve: z.literal('P-256'),
    publicKeyPem: z.string(),
    jwk: z.object({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string(),
      y: z.string(),
      kid: z.string(),
    }),
    signatory: z.object({
      name: z.string(),
      title: z.string(),
      mandate: z.enum(['president', 'delegate', 'commission_member']),
    }),
    communeId: z.string(),
    status: KeyStatus,
    validFrom: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.optional(z.iso.datetime()),
  }))();
export type PublicKeyEntry = z.infer<typeof PublicKeyEntry>;

/** An audited fact about a key: every transition and every PIN attempt (never the PIN itself). */
export interface KeyEvent {
  keyId: string;
  type:
    | 'KEY_ISSUED'
    | 'KEY_HANDED_TO_CONTACT'
    | 'KEY_DELIVERED_TO_COMMUNE'
    | 'KEY_ACTIVATED'
    | 'KEY_LOCKED'
    | 'KEY_PIN_RESET'
    | 'KEY_REVOKED'
    /** Counted as a failure before the PIN is checked (details.failedAttempts: the count with it). */
    | 'PIN_ATTEMPT'
    /** The PIN of the attempt before it was right: the counter is back to 0. */
    | 'PIN_ACCEPTED'
    /** A signature refused before any PIN check (key locked, not active, expired or not yet valid). */
    | 'SIGN_REFUSED';
  at: string;
  actor: string;
  role: string;
  from?: string;
  to?: string;
  details: Record<string, unknown>;
}

/** SHA-256 of the DER public key, hex: short enough to print, long enough to be unique. */
export function publicKeyFingerprint(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

/** The status as of `now`: a key past its expiry is EXPIRED even before a sweep records it. */
export const effectiveKeyStatus = (key: Pick<SigningKey, 'status' | 'expiresAt'>, now: Date) =>
  !FINAL_KEY_STATUSES.includes(key.status) && now.getTime() >= Date.parse(key.expiresAt)
    ? 'EXPIRED'
    : key.status;

export function publicKeyEntry(key: SigningKey, now = new Date()): PublicKeyEntry {
  const jwk = createPublicKey(key.publicKeyPem).export({ format: 'jwk' }) as { x: string; y: string };
  return {
    keyId: key.keyId,
    fingerprint: key.fingerprint,
    algorithm: 'ECDSA_SHA_256',
    curve: 'P-256',
    publicKeyPem: key.publicKeyPem,
    jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: key.fingerprint },
    signatory: { name: `${key.firstName} ${key.lastName}`, title: key.title, mandate: key.mandate },
    communeId: key.communeId,
    status: effectiveKeyStatus(key, now),
    validFrom: key.validFrom,
    expiresAt: key.expiresAt,
    ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
  };
}

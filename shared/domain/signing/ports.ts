import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { Principal } from '../identity/principal.ts';
import type { Page } from '../pagination.ts';
import type { Permit } from './permit.ts';
import type { ProvinceContact } from './province-contact.ts';
import type { KeyEvent, KeyHolderInput, SigningKey } from './signing-key.ts';
/** The signing keys of commune signatories (KMS on AWS: one asymmetric key per signatory). */
export interface KeyManager {
  /** An ECC P-256 sign/verify key for one signatory, tagged and aliased with their id. */
  createSigningKey(signatory: {
    id: string;
    communeId: string;
  }): Promise<{ keyId: string; keyArn: string; alias: string }>;
  /** ECDSA-SHA256 signature (DER) of a SHA-256 digest computed by the caller. */
  signDigest(keyId: string, digest: Uint8Array): Promise<Uint8Array>;
  /** Disables the key in KMS (revocation): it can never sign again, whatever the table says. */
  disableKey(keyId: string): Promise<void>;
  /** The public key (SPKI, PEM) anyone can verify a permit with. */
  publicKeyPem(keyId: string): Promise<string>;
}

export interface SigningKeyRepository {
  create(key: SigningKey, event: KeyEvent): Promise<void>;
  get(keyId: string): Promise<SigningKey | undefined>;
  /** Replaces the key if it is still at `expectedVersion` (else 409), with its audit events. */
  save(next: SigningKey, expectedVersion: number, events: KeyEvent[]): Promise<void>;
  listByCommune(communeId: string): Promise<SigningKey[]>;
  /** Records audit events that change nothing on the key (refused attempts). */
  audit(events: KeyEvent[]): Promise<void>;
  /**
   * PIN attempts are atomic counter updates, not version-checked rewrites, so parallel attempts
   * never retry against each other. Each bumps the version (full rewrites of the key then re-read)
   * and returns the key as written, or undefined when its condition does not hold.
   *
   * Counts one attempt as failed before its PIN is checked: only while the key accepts PINs
   * (DELIVERED_TO_COMMUNE, ACTIVE) and fewer than `maxAttempts` are counted.
   */
  countPinAttempt(keyId: string, maxAttempts: number): Promise<SigningKey | undefined>;
  /** Gives the attempt back (counter at 0) if the key still accepts PINs and still has this PIN. */
  acceptPin(keyId: string, pinHash: string): Promise<SigningKey | undefined>;
  /** LOCKED, with a hand-over entry by `system`, if the key accepts PINs and `maxAttempts` are counted. */
  lockAfterFailures(keyId: string, maxAttempts: number, at: string): Promise<SigningKey | undefined>;
  /** Every key, for the public key list (paginated). */
  listAll(cursor: string | undefined, limit: number): Promise<Page<SigningKey>>;
  events(keyId: string): Promise<KeyEvent[]>;
}

/** The signatories' civil-servant accounts (the rollout capability's staff accounts). */
export interface SignatoryAccounts {
  /**
   * The username of the key holder with this e-mail (a commune signatory, or a commission member of
   * an agency in a province), creating their account (role `signatory` scoped to the commune, or
   * `commission_member` scoped to the province and agency; temporary password by e-mail) when there
   * is none; 409 when the e-mail belongs to an account that does not hold that role and scope.
   */
  ensure(principal: Principal, holder: KeyHolderInput, now: Date): Promise<string>;
}

/** The permits bucket (Object Lock COMPLIANCE): written once, read for verification and download. */
export interface PermitStorage {
  put(key: string, body: Uint8Array, contentType: string): Promise<{ versionId?: string }>;
  get(key: string, versionId?: string): Promise<Uint8Array | undefined>;
}

export interface PermitRepository {
  /**
   * Takes the permit number for one signing (409 while another holds it or once issued), before
   * anything reaches KMS or the write-once bucket: two signings of one file never both store a PDF.
   */
  claim(permitNumber: string, owner: string): Promise<void>;
  /** Gives the claim back after a signing failed before storing its PDF. */
  release(permitNumber: string, owner: string): Promise<void>;
  /**
   * Issues atomically: the application PAID → ISSUED (version-checked) with its event, the permit
   * record (once per number) in place of the caller's claim, the key still ACTIVE, and its audit events.
   */
  issue(args: {
    next: Application;
    expectedVersion: number;
    event: ApplicationEvent;
    permit: Permit;
    key: SigningKey;
    keyEvents: KeyEvent[];
    claimedBy: string;
  }): Promise<void>;
  get(permitNumber: string): Promise<Permit | undefined>;
}

/** The province contacts: the current one and the history of designations. */
export interface ContactRepository {
  current(provinceId: string): Promise<ProvinceContact | undefined>;
  history(provinceId: string): Promise<ProvinceContact[]>;
  /**
   * Makes `next` the province's only active contact and closes `previous`, atomically; refused
   * (409) if another designation happened since `previous` was read.
   */
  designate(next: ProvinceContact, previous: ProvinceContact | undefined): Promise<void>;
}

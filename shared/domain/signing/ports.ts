import type { Principal } from '../identity/principal.ts';
import type { Page } from '../pagination.ts';
import type { KeyEvent, SignatoryInput, SigningKey } from './signing-key.ts';
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
  /** Every key, for the public key list (paginated). */
  listAll(cursor: string | undefined, limit: number): Promise<Page<SigningKey>>;
  events(keyId: string): Promise<KeyEvent[]>;
}

/** The signatories' civil-servant accounts (the rollout capability's staff accounts). */
export interface SignatoryAccounts {
  /**
   * The username of the commune signatory with this e-mail, creating their account (role
   * `signatory`, scoped to the commune, temporary password by e-mail) when there is none; 409 when
   * the e-mail belongs to an account that is not an active signatory of that commune.
   */
  ensure(principal: Principal, signatory: SignatoryInput, now: Date): Promise<string>;
}

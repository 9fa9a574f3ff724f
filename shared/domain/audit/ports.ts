import type { SealedRoot } from './daily-root.ts';

/** The events of a day (raw stored attributes, keys stripped) and the sealed roots. */
export interface AuditRepository {
  /** Every application event of a UTC day, in (application id, seq) order. */
  eventsOfDay(date: string): Promise<Record<string, unknown>[]>;
  root(date: string): Promise<SealedRoot | undefined>;
  /** Stores the root unless one exists for that day; returns the one that is stored. */
  saveRoot(root: SealedRoot): Promise<SealedRoot>;
}

/** The platform seal key (KMS, ECC P-256): signs statements; its public key is published. */
export interface AuditSeal {
  readonly keyId: string;
  /** ECDSA P-256 over SHA-256 of `message`: the DER signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
  publicKeyPem(): Promise<string>;
}

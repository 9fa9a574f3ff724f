import { canonicalJson } from './canonical.ts';
import { merkleRoot } from './merkle.ts';

/**
 * A day's seal: the Merkle root (RFC 6962, SHA-256) over the hashes of every application event of
 * that UTC day, all applications together, ordered by application id (UTF-16 code units) then seq.
 * What is signed is `statement`, the RFC 8785 canonical JSON of the fields below, as UTF-8 bytes
 * (ECDSA P-256 with SHA-256; the signature is DER, base64), so it can be checked byte for byte.
 */
export interface DailyRootStatement {
  type: 'rukhsa-audit-daily-root';
  version: 1;
  date: string;
  count: number;
  root: string;
  tree: 'RFC6962-SHA256';
  order: 'applicationId,seq';
  keyId: string;
}

export interface SealedRoot {
  date: string;
  count: number;
  root: string;
  /** The exact signed bytes (UTF-8). */
  statement: string;
  /** DER ECDSA signature, base64. */
  signature: string;
  algorithm: 'ECDSA_SHA_256';
  keyId: string;
  sealedAt: string;
}

/** A leaf of a day's tree: which event, and its hash. */
export interface DayLeaf {
  applicationId: string;
  seq: number;
  hash: string;
}

/** The deterministic order of a day's leaves: application id, then position in its chain. */
export const byApplicationThenSeq = (a: DayLeaf, b: DayLeaf): number =>
  a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : a.seq - b.seq;

export function dayRoot(leaves: DayLeaf[]): { root: string; count: number } {
  const ordered = [...leaves].sort(byApplicationThenSeq);
  return { root: merkleRoot(ordered.map((l) => l.hash)), count: ordered.length };
}

export const rootStatement = (date: string, count: number, root: string, keyId: string): string =>
  canonicalJson({
    type: 'rukhsa-audit-daily-root',
    version: 1,
    date,
    count,
    root,
    tree: 'RFC6962-SHA256',
    order: 'applicationId,seq',
    keyId,
  } satisfies DailyRootStatement);

/** Where a day's root and the seal's public key are published in the open-data bucket. */
export const AUDIT_PREFIX = 'audit/';
export const rootObjectKey = (date: string) => `${AUDIT_PREFIX}roots/${date}.json`;
export const SEAL_PUBLIC_KEY_OBJECT = `${AUDIT_PREFIX}seal-public-key.pem`;

/** The day before `now` (UTC): the day the scheduled job seals. */
export const previousDay = (now: Date): string =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1))
    .toISOString()
    .slice(0, 10);

import { publishCatalogue } from '../open-data/catalogue.ts';
import type { OpenDataPublisher } from '../ranking/ports.ts';
import { eventHash } from './chain.ts';
import {
  dayRoot,
  rootObjectKey,
  rootStatement,
  SEAL_PUBLIC_KEY_OBJECT,
  type SealedRoot,
} from './daily-root.ts';
import type { AuditRepository, AuditSeal } from './ports.ts';

export interface SealDeps {
  audit: AuditRepository;
  seal: AuditSeal;
  publisher: OpenDataPublisher;
}

/** What a file under audit/roots/ holds: the sealed root and where to find the key that checks it. */
export const publishedRoot = (root: SealedRoot) => ({ ...root, publicKey: SEAL_PUBLIC_KEY_OBJECT });

/**
 * Seals a UTC day: the Merkle root over the day's event hashes, signed by the seal key, stored once
 * and published. A day is sealed once: a second run (a retry of the schedule) publishes the stored
 * root again rather than signing a new one. Events whose stored hash no longer matches their content
 * are counted (an alarm for operators; the root keeps the stored hashes, which `verify:audit` checks).
 */
export async function sealDay(deps: SealDeps, date: string, now: Date) {
  let sealed = await deps.audit.root(date);
  let mismatched = 0;
  if (!sealed) {
    const events = await deps.audit.eventsOfDay(date);
    mismatched = events.filter((e) => eventHash(e) !== e.hash).length;
    const { root, count } = dayRoot(
      events.map((e) => ({
        applicationId: String(e.applicationId),
        seq: Number(e.seq),
        hash: String(e.hash),
      })),
    );
    const statement = rootStatement(date, count, root, deps.seal.keyId);
    const signature = await deps.seal.sign(new TextEncoder().encode(statement));
    sealed = await deps.audit.saveRoot({
      date,
      count,
      root,
      statement,
      signature: Buffer.from(signature).toString('base64'),
      algorithm: 'ECDSA_SHA_256',
      keyId: deps.seal.keyId,
      sealedAt: now.toISOString(),
    });
  }
  await deps.publisher.put(SEAL_PUBLIC_KEY_OBJECT, await deps.seal.publicKeyPem(), 'application/x-pem-file');
  await deps.publisher.put(
    rootObjectKey(date),
    `${JSON.stringify(publishedRoot(sealed), null, 2)}\n`,
    'application/json',
  );
  // The open-data catalogue names the new root file.
  await publishCatalogue(deps.publisher);
  return { date, count: sealed.count, root: sealed.root, mismatched };
}

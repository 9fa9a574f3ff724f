import {
  CATALOGUE_KEY,
  INDEX_KEY,
  type OpenDataBucket,
  publishCatalogue,
} from '../../open-data/catalogue.ts';
import type { SigningKeyRepository } from '../ports.ts';
import type { SigningKey } from '../signing-key.ts';
import type { AuthorityStore } from './authority.ts';
import { keySet } from './key-set.ts';

/**
 * The signing key set as open data: the same document as `GET /.well-known/jwks.json` (every key
 * with its certificate chain, the CA, the revocation list) and the CA certificate, written to the
 * open-data bucket whenever the set changes (a key issued or revoked), then the catalogue rebuilt.
 * The route stays the live source (cached five minutes); these files are its published record.
 */

export const KEY_SET_OBJECT = 'keys/jwks.json';
export const CA_CERTIFICATE_OBJECT = 'pki/ca.pem';
/** What a function that publishes the key set may write (routes-stack's `openData` grant). */
export const KEY_SET_OPEN_DATA_KEYS = ['keys/', 'pki/', CATALOGUE_KEY, INDEX_KEY] as const;

export async function publishKeySet(
  deps: {
    keys: Pick<SigningKeyRepository, 'listAll'>;
    authority: Pick<AuthorityStore, 'get'>;
    bucket: OpenDataBucket;
  },
  now: Date,
): Promise<{ keys: number; revoked: number }> {
  const all: SigningKey[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.keys.listAll(cursor, 100);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const authority = await deps.authority.get();
  const set = keySet(all, authority, now);
  await deps.bucket.put(KEY_SET_OBJECT, `${JSON.stringify(set, null, 2)}\n`, 'application/json');
  if (authority)
    await deps.bucket.put(CA_CERTIFICATE_OBJECT, authority.caCertificatePem, 'application/x-pem-file');
  await publishCatalogue(deps.bucket);
  return { keys: set.keys.length, revoked: all.filter((k) => k.status === 'REVOKED').length };
}

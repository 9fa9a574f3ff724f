/**
 * Offline check of the token a permit's QR code carries (`…/verify/RK-…#<compact JWS>`): an ES256
 * signature by the signatory's key, verified with WebCrypto against the published key set
 * (`GET /.well-known/jwks.json`), which the page keeps in localStorage so a phone without network
 * still verifies. No server is asked: the token never leaves the device.
 */

export interface TokenClaims {
  n: string;
  p: string;
  c: string;
  h: string;
  l: string;
  d: string;
  sha: string;
  k: string;
}

export interface PublishedKey {
  kid: string;
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  status: string;
  validFrom: string;
  expiresAt: string;
  revokedAt?: string;
  fingerprint: string;
  signatory: { name: string; title: string };
}

export interface PublishedKeySet {
  keys: PublishedKey[];
  revocations: { kid: string; revokedAt: string }[];
  generatedAt: string;
}

export type TokenOutcome =
  | { outcome: 'valid'; claims: TokenClaims; key: PublishedKey }
  /** Signed after the key's revocation or outside its validity. */
  | { outcome: 'revoked'; claims: TokenClaims; key: PublishedKey; revokedAt?: string }
  /** The key is not in the key set (unknown, or a key set older than the permit). */
  | { outcome: 'unknown-key'; kid: string }
  | { outcome: 'invalid' };

const fromB64url = (s: string): Uint8Array<ArrayBuffer> => {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};
const json = (s: string) => JSON.parse(new TextDecoder().decode(fromB64url(s))) as Record<string, unknown>;

/** The permit number and token of a scanned or pasted QR content (or undefined if it is not one). */
export function parseQrContent(text: string): { permitNumber: string; token: string } | undefined {
  const m = /\/(?:verify|verifier)\/(RK-[A-Z0-9-]{5,80})\/?#([\w-]+\.[\w-]+\.[\w-]+)\s*$/.exec(text.trim());
  return m ? { permitNumber: m[1] as string, token: m[2] as string } : undefined;
}

export async function verifyPermitToken(
  token: string,
  keySet: PublishedKeySet,
  subtle: Pick<typeof crypto.subtle, 'importKey' | 'verify'> = crypto.subtle,
): Promise<TokenOutcome> {
  const parts = token.split('.');
  if (parts.length !== 3) return { outcome: 'invalid' };
  const [head = '', body = '', sig = ''] = parts;
  let header: Record<string, unknown>;
  let claims: TokenClaims;
  try {
    header = json(head);
    claims = json(body) as unknown as TokenClaims;
  } catch {
    return { outcome: 'invalid' };
  }
  if (header.alg !== 'ES256' || typeof header.kid !== 'string') return { outcome: 'invalid' };
  const key = keySet.keys.find((k) => k.kid === header.kid);
  if (!key) return { outcome: 'unknown-key', kid: header.kid };
  let ok = false;
  try {
    const publicKey = await subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: key.x, y: key.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    ok = await subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      fromB64url(sig),
      new TextEncoder().encode(`${head}.${body}`),
    );
  } catch {
    ok = false;
  }
  if (!ok || claims.k !== key.kid) return { outcome: 'invalid' };
  const signedAt = Date.parse(claims.d);
  const revokedAt =
    keySet.revocations.find((r) => r.kid === key.kid)?.revokedAt ?? key.revokedAt ?? undefined;
  const outside = !(Date.parse(key.validFrom) <= signedAt && signedAt < Date.parse(key.expiresAt));
  if ((revokedAt && signedAt >= Date.parse(revokedAt)) || outside || Number.isNaN(signedAt))
    return { outcome: 'revoked', claims, key, ...(revokedAt ? { revokedAt } : {}) };
  return { outcome: 'valid', claims, key };
}

const STORAGE_KEY = 'rukhsa.keyset';

/**
 * The key set: fetched when the network answers (and kept), else the last one kept. `online` says
 * which, so the page can tell the reader how fresh the revocation list is.
 */
export async function loadKeySet(
  fetchFresh: () => Promise<PublishedKeySet>,
  storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
): Promise<{ keySet: PublishedKeySet; online: boolean } | undefined> {
  try {
    const keySet = await fetchFresh();
    storage.setItem(STORAGE_KEY, JSON.stringify(keySet));
    return { keySet, online: true };
  } catch {
    const kept = storage.getItem(STORAGE_KEY);
    return kept ? { keySet: JSON.parse(kept) as PublishedKeySet, online: false } : undefined;
  }
}

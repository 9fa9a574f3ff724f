import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { certifySignatory, ensureAuthority } from '#shared/domain/signing/pki/authority.ts';
import { keySet } from '#shared/domain/signing/pki/key-set.ts';
import type { Authority } from '#shared/domain/signing/pki/permit-signature.ts';
import {
  canonicalJson,
  contentSha256,
  type PermitClaims,
  signPermitToken,
} from '#shared/domain/signing/pki/permit-token.ts';
import type { SigningKey } from '#shared/domain/signing/signing-key.ts';
import {
  loadKeySet,
  type PublishedKeySet,
  parseQrContent,
  verifyPermitToken,
} from '../../web/src/lib/permit-token.ts';
import { LocalEcdsaKey, localPki } from '../support/local-ecdsa.ts';

/**
 * The QR's signed token, verified the way the web page does it (WebCrypto, the published key set
 * only), with the network off for the verifying code: fetch throws once the key set is loaded.
 */
const { platformKeys, authority: authorityStore } = localPki();
const signer = new LocalEcdsaKey();
let authority: Authority;
let key: SigningKey;
let published: PublishedKeySet;
const claims: PermitClaims = {
  n: 'RK-CAS-CASABLANCA-2026-00042',
  p: 'BUILDING_PERMIT',
  c: 'cas-casablanca',
  h: 'يوسف العلمي',
  l: '12345/C',
  d: '2026-11-29T10:00:00.000Z',
  sha: contentSha256({ permitNumber: 'RK-CAS-CASABLANCA-2026-00042', applicant: 'يوسف العلمي' }),
  k: 'key-1',
};
const sign = (c: PermitClaims) => signPermitToken(c, signer.signDigest);

beforeAll(async () => {
  authority = await ensureAuthority(
    { platformKeys, authority: authorityStore },
    'test',
    new Date('2026-01-01T00:00:00Z'),
  );
  const facts = {
    keyId: 'key-1',
    publicKeyPem: signer.publicKeyPem,
    firstName: 'Karim',
    lastName: 'Tazi',
    title: 'Président du conseil communal',
    communeNameFr: 'Casablanca',
    validFrom: '2026-01-01T00:00:00.000Z',
    expiresAt: '2028-01-01T00:00:00.000Z',
  };
  key = {
    ...facts,
    certificatePem: await certifySignatory({ platformKeys }, authority, facts),
    fingerprint: 'ab'.repeat(32),
    status: 'ACTIVE',
    communeId: 'cas-casablanca',
  } as unknown as SigningKey;
  // Fetched once, as JSON, like GET /.well-known/jwks.json; after this no network is available.
  published = JSON.parse(JSON.stringify(keySet([key], authority, new Date('2026-11-30T00:00:00Z'))));
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('network is off')));
});
// The unit project shares one module graph per worker between files (isolate: false): give fetch back.
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the QR token (compact JWS, ES256)', () => {
  it('verifies with the published key set alone; the key carries its certificate chain (x5c: itself, then the CA)', async () => {
    const token = await sign(claims);
    expect(token.split('.')).toHaveLength(3);
    const header = JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString());
    expect(header).toEqual({ alg: 'ES256', kid: 'key-1' });
    expect(await verifyPermitToken(token, published)).toMatchObject({ outcome: 'valid', claims });
    const jwk = published.keys[0] as unknown as { x5c: string[] };
    expect(jwk.x5c).toHaveLength(2);
    expect(jwk.x5c[1]).toBe((published as unknown as { ca: { x5c: string[] } }).ca.x5c[0]);
  });

  it('fails when one character of the payload or the signature is altered', async () => {
    const token = await sign(claims);
    const [h, p, s] = token.split('.') as [string, string, string];
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    expect((await verifyPermitToken(`${h}.${flip(p, 10)}.${s}`, published)).outcome).toBe('invalid');
    expect((await verifyPermitToken(`${h}.${p}.${flip(s, 5)}`, published)).outcome).toBe('invalid');
    expect((await verifyPermitToken(`${h}.${p}`, published)).outcome).toBe('invalid');
  });

  it('after a revocation: a permit signed before stays valid, one signed after fails', async () => {
    const revokedAt = '2026-12-01T00:00:00.000Z';
    const revokedSet = JSON.parse(
      JSON.stringify(keySet([{ ...key, status: 'REVOKED', revokedAt }], authority, new Date(revokedAt))),
    );
    expect(revokedSet.revocations).toEqual([{ kid: 'key-1', revokedAt }]);
    expect((await verifyPermitToken(await sign(claims), revokedSet)).outcome).toBe('valid');
    const after = await sign({ ...claims, d: '2026-12-02T09:00:00.000Z' });
    expect(await verifyPermitToken(after, revokedSet)).toMatchObject({ outcome: 'revoked', revokedAt });
  });

  it('names an unknown key, and reads the token from the QR content (URL fragment)', async () => {
    const other = new LocalEcdsaKey();
    const forged = await signPermitToken({ ...claims, k: 'key-9' }, other.signDigest);
    expect(await verifyPermitToken(forged, published)).toEqual({ outcome: 'unknown-key', kid: 'key-9' });
    const token = await sign(claims);
    expect(parseQrContent(`https://rukhsa.ma/verify/${claims.n}#${token}`)).toEqual({
      permitNumber: claims.n,
      token,
    });
    expect(parseQrContent('https://example.com/verify/RK-X')).toBeUndefined();
  });

  it('keeps the key set: offline, the last one fetched is used', async () => {
    const kept = new Map<string, string>();
    const storage = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
    };
    expect(await loadKeySet(async () => published, storage)).toMatchObject({ online: true });
    const offline = await loadKeySet(
      () =>
        fetch('https://rukhsa.ma/.well-known/jwks.json').then((r) => r.json() as Promise<PublishedKeySet>),
      storage,
    );
    expect(offline).toMatchObject({ online: false, keySet: published });
    expect(
      await loadKeySet(() => Promise.reject(new Error('offline')), {
        getItem: () => null,
        setItem: () => undefined,
      }),
    ).toBeUndefined();
  });

  it('hashes the rendered content as canonical JSON (sorted keys, no whitespace)', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 'é' }], a: 'x' })).toBe('{"a":"x","b":[2,{"c":"é","d":1}]}');
    expect(contentSha256({ b: 1, a: 2 })).toBe(contentSha256({ a: 2, b: 1 }));
  });
});

/**
 * The published key set (`GET /.well-known/jwks.json`): every signatory key as a P-256 JWK whose
 * `x5c` is its certificate then the CA's, the CA and time-stamping certificates, and the
 * revocation list (key id and instant). What a phone caches to verify QR codes offline.
 */
import { createPublicKey } from 'node:crypto';
import * as z from 'zod/mini';
import { effectiveKeyStatus, KeyStatus, type SigningKey } from '../signing-key.ts';
import { fromPem, sha256 } from './certificates.ts';
import type { Authority } from './permit-signature.ts';

const b64 = (pem: string) => Buffer.from(fromPem(pem)).toString('base64');

export const SigningJwk = /* @__PURE__ */ (() =>
  z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string(),
    /** The key id (KMS), as in the QR token's header. */
    kid: z.string(),
    use: z.literal('sig'),
    alg: z.literal('ES256'),
    /** Its certificate then the CA's (base64 DER), RFC 7517 §4.7. */
    x5c: z.array(z.string()),
    'x5t#S256': z.optional(z.string()),
    /** SHA-256 of the SPKI, hex: the fingerprint printed on permits. */
    fingerprint: z.string(),
    status: KeyStatus,
    validFrom: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.optional(z.iso.datetime()),
    communeId: z.string(),
    signatory: z.object({ name: z.string(), title: z.string() }),
  }))();
export type SigningJwk = z.infer<typeof SigningJwk>;

export const KeySet = /* @__PURE__ */ (() =>
  z.object({
    keys: z.array(SigningJwk),
    /** The trust anchor: the platform CA certificate (base64 DER in `x5c`, and PEM). */
    ca: z.nullable(z.object({ x5c: z.array(z.string()), pem: z.string() })),
    /** The time-stamping authority's certificate chain. */
    timestampAuthority: z.nullable(z.object({ x5c: z.array(z.string()) })),
    /** Revoked keys and the instant of revocation: signatures time-stamped before it stay valid. */
    revocations: z.array(z.object({ kid: z.string(), revokedAt: z.iso.datetime() })),
    generatedAt: z.iso.datetime(),
  }))();
export type KeySet = z.infer<typeof KeySet>;

export function keySet(keys: SigningKey[], authority: Authority | undefined, now: Date): KeySet {
  const caX5c = authority ? [b64(authority.caCertificatePem)] : [];
  const jwks = keys.map((key): SigningJwk => {
    const jwk = createPublicKey(key.publicKeyPem).export({ format: 'jwk' }) as { x: string; y: string };
    return {
      kty: 'EC',
      crv: 'P-256',
      x: jwk.x,
      y: jwk.y,
      kid: key.keyId,
      use: 'sig',
      alg: 'ES256',
      x5c: key.certificatePem ? [b64(key.certificatePem), ...caX5c] : [],
      ...(key.certificatePem
        ? { 'x5t#S256': Buffer.from(sha256(fromPem(key.certificatePem))).toString('base64url') }
        : {}),
      fingerprint: key.fingerprint,
      status: effectiveKeyStatus(key, now),
      validFrom: key.validFrom,
      expiresAt: key.expiresAt,
      ...(key.revokedAt ? { revokedAt: key.revokedAt } : {}),
      communeId: key.communeId,
      signatory: { name: `${key.firstName} ${key.lastName}`, title: key.title },
    };
  });
  return {
    keys: jwks,
    ca: authority ? { x5c: caX5c, pem: authority.caCertificatePem } : null,
    timestampAuthority: authority ? { x5c: [b64(authority.timestampCertificatePem), ...caX5c] } : null,
    revocations: keys.flatMap((k) => (k.revokedAt ? [{ kid: k.keyId, revokedAt: k.revokedAt }] : [])),
    generatedAt: now.toISOString(),
  };
}

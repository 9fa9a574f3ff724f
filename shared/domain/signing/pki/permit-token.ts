/**
 * The signed payload printed in the permit's QR code: a compact JWS (ES256, `kid` = the signing
 * key's id) signed by the signatory's KMS key, appended to the verification page's URL as its
 * fragment (`…/verify/RK-…#<jws>`), so the holder's name never reaches a server log. Anyone holding
 * the published key set (`GET /.well-known/jwks.json`) checks it offline with WebCrypto.
 *
 * What `sha` hashes: the QR is drawn inside the PDF, so it cannot carry the PDF's own hash. It
 * carries the SHA-256 (base64url) of the permit's content as rendered (every field printed on the
 * permit, QR excepted) in canonical JSON: keys sorted, no whitespace (`canonicalJson`). The permit
 * record keeps it (`contentSha256`); the PDF itself is covered by its PAdES signature.
 */
import * as z from 'zod/mini';
import type { DigestSigner } from './certificates.ts';
import { sha256 } from './certificates.ts';
import { children, read } from './der.ts';

export const PermitClaims = /* @__PURE__ */ (() =>
  z.object({
    /** Permit number. */
    n: z.string(),
    /** Procedure code. */
    p: z.string(),
    /** Commune id. */
    c: z.string(),
    /** Holder (the applicant). */
    h: z.string(),
    /** Parcel: land title. */
    l: z.string(),
    /** Issue instant (ISO 8601). */
    d: z.string(),
    /** SHA-256 of the rendered content's canonical JSON, base64url. */
    sha: z.string(),
    /** The signing key's id (also the JWS `kid`). */
    k: z.string(),
  }))();
export type PermitClaims = z.infer<typeof PermitClaims>;

/** JSON with object keys sorted at every level and no whitespace: one byte string per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentSha256 = (content: unknown) =>
  Buffer.from(sha256(new TextEncoder().encode(canonicalJson(content)))).toString('base64url');

const b64url = (bytes: Uint8Array | string) =>
  Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes).toString('base64url');

/** A DER ECDSA signature (KMS) as JOSE wants it: r and s, 32 bytes each. */
export function derToJose(der: Uint8Array): Uint8Array {
  const seq = read(der);
  const [r, s] = children(seq).map((n) => n.content);
  if (!r || !s || children(seq).length !== 2) throw new Error('ECDSA: not a DER signature');
  const fixed = (v: Uint8Array) => {
    const trimmed = v.subarray(Math.max(0, v.length - 32));
    const out = new Uint8Array(32);
    out.set(trimmed, 32 - trimmed.length);
    return out;
  };
  return new Uint8Array([...fixed(r), ...fixed(s)]);
}

export async function signPermitToken(claims: PermitClaims, sign: DigestSigner): Promise<string> {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', kid: claims.k }))}.${b64url(JSON.stringify(claims))}`;
  const signature = derToJose(await sign(sha256(new TextEncoder().encode(input))));
  return `${input}.${b64url(signature)}`;
}

/**
 * Test double of KMS `Sign` (`MessageType=DIGEST`, `ECDSA_SHA_256`) for unit tests: node:crypto
 * always hashes what it signs, so a P-256 signature of a given digest is computed here with BigInt
 * (affine arithmetic, random nonce). Slow and not constant-time: tests only.
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { PlatformKeys } from '#shared/domain/signing/pki/authority.ts';
import type { Authority } from '#shared/domain/signing/pki/permit-signature.ts';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G: [bigint, bigint] = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}
type Point = [bigint, bigint] | null;
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p[0] === q[0] && mod(p[1] + q[1], P) === 0n) return null;
  const l =
    p[0] === q[0] && p[1] === q[1]
      ? mod((3n * p[0] * p[0] + A) * inverse(2n * p[1], P), P)
      : mod((q[1] - p[1]) * inverse(q[0] - p[0], P), P);
  const x = mod(l * l - p[0] - q[0], P);
  return [x, mod(l * (p[0] - x) - p[1], P)];
}
function multiply(k: bigint, point: Point): Point {
  let result: Point = null;
  let addend = point;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}
const toBigInt = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString('hex') || '0'}`);
function derInteger(v: bigint) {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.of(0x02, bytes.length), bytes]);
}

/** A P-256 key pair whose `signDigest` behaves like KMS (DER signature of a caller-computed digest). */
export class LocalEcdsaKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  private readonly d: bigint;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    const jwk = pair.privateKey.export({ format: 'jwk' }) as { d: string };
    this.d = toBigInt(Buffer.from(jwk.d, 'base64url'));
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  }

  get spki(): Uint8Array {
    return new Uint8Array(this.publicKey.export({ type: 'spki', format: 'der' }));
  }

  signDigest = async (digest: Uint8Array): Promise<Uint8Array> => {
    const z = toBigInt(digest);
    for (;;) {
      const k = mod(toBigInt(randomBytes(32)), N);
      if (k === 0n) continue;
      const point = multiply(k, G);
      if (!point) continue;
      const r = mod(point[0], N);
      const s = mod(inverse(k, N) * (z + r * this.d), N);
      if (r === 0n || s === 0n) continue;
      const body = Buffer.concat([derInteger(r), derInteger(s)]);
      return new Uint8Array(Buffer.concat([Buffer.of(0x30, body.length), body]));
    }
  };
}

/**
 * The platform CA and time-stamping keys as local test doubles of KMS, and an in-memory store of
 * their certificates (written once, like the table's): what `ensureAuthority` and the signing use
 * cases take in unit tests.
 */
export function localPki() {
  const ca = new LocalEcdsaKey();
  const tsa = new LocalEcdsaKey();
  const platformKeys: PlatformKeys = {
    signAsCa: ca.signDigest,
    signAsTimestampAuthority: tsa.signDigest,
    publicKey: async (which) => (which === 'ca' ? ca.spki : tsa.spki),
  };
  let stored: (Authority & { createdAt: string }) | undefined;
  const authority = {
    get: async () => stored,
    putOnce: async (a: Authority & { createdAt: string }) => {
      stored ??= a;
      return stored;
    },
  };
  return { ca, tsa, platformKeys, authority };
}

/**
 * Cognito's SRP-6a (USER_SRP_AUTH → PASSWORD_VERIFIER), with WebCrypto and BigInt only, so the
 * password never leaves the browser: Cognito gets A, then a signature that proves knowledge of the
 * password. N is the 3072-bit group of RFC 5054 with g = 2, k = H(N | g); x = H(salt | H(pool + user
 * + ":" + password)); S = (B − k·g^x)^(a + u·x); the key is HKDF(S, salt = u, info "Caldera Derived
 * Key") and the claim is HMAC-SHA256(key, pool | user | secret block | timestamp).
 * No third-party code: this module ships only with the sign-in pages.
 */
const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = ((base % modulus) + modulus) % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Big-endian bytes, with a leading zero byte when the high bit is set (how Cognito's SDKs pad). */
export function pad(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  return hexToBytes(hex);
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export const toBigInt = (bytes: Uint8Array) =>
  BigInt(`0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') || '0'}`);

const utf8 = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(...parts)));
}

export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', concat(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, concat(message)));
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

let kCache: Promise<bigint> | undefined;
export const multiplier = () => (kCache ??= sha256(pad(N), pad(g)).then(toBigInt));

/** A fresh secret `a` and its public `A = g^a mod N` (never 0 mod N). */
export function generateEphemeral(): { a: bigint; A: bigint } {
  for (;;) {
    const a = toBigInt(crypto.getRandomValues(new Uint8Array(128))) % N;
    const A = modPow(g, a, N);
    if (a !== 0n && A % N !== 0n) return { a, A };
  }
}

/** "Wed Nov 4 09:05:03 UTC 2026": English names, unpadded day, UTC — the format Cognito checks. */
export function cognitoTimestamp(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export interface ClaimInput {
  userPoolId: string;
  userId: string;
  password: string;
  a: bigint;
  A: bigint;
  saltHex: string;
  srpBHex: string;
  secretBlock: string;
  timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE (base64) for Cognito's PASSWORD_VERIFIER challenge. */
export async function passwordClaimSignature(i: ClaimInput): Promise<string> {
  const B = BigInt(`0x${i.srpBHex}`);
  if (B % N === 0n) throw new Error('SRP: B mod N is 0');
  const u = toBigInt(await sha256(pad(i.A), pad(B)));
  if (u === 0n) throw new Error('SRP: u is 0');
  const poolName = i.userPoolId.split('_')[1] ?? i.userPoolId;
  const inner = await sha256(utf8(`${poolName}${i.userId}:${i.password}`));
  const x = toBigInt(await sha256(pad(BigInt(`0x${i.saltHex}`)), inner));
  const k = await multiplier();
  const base = (((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
  const S = modPow(base, i.a + u * x, N);
  const prk = await hmacSha256(pad(u), pad(S));
  const key = (await hmacSha256(prk, concat(utf8('Caldera Derived Key'), new Uint8Array([1])))).slice(0, 16);
  const message = concat(utf8(poolName), utf8(i.userId), fromBase64(i.secretBlock), utf8(i.timestamp));
  return base64(await hmacSha256(key, message));
}

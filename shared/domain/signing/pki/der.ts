/**
 * Just enough DER (ITU-T X.690) to write and read X.509 certificates, CMS SignedData and RFC 3161
 * time-stamp tokens. Hand-written rather than a library: the structures are fixed, the output must
 * be byte-for-byte deterministic (DER SET OF sorted), the same code runs in Lambda and the browser,
 * and `openssl` checks every structure it writes in the tests.
 */

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A tag-length-value with the given (single-byte) tag. */
export const tlv = (tag: number, ...content: Uint8Array[]): Uint8Array => {
  const body = concat(content);
  return concat([Uint8Array.of(tag), lengthBytes(body.length), body]);
};

const compare = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
};

export const sequence = (...items: Uint8Array[]) => tlv(0x30, ...items);
/** SET OF: DER orders the elements by their encodings. */
export const setOf = (...items: Uint8Array[]) => tlv(0x31, ...[...items].sort(compare));
/** `[n] EXPLICIT` (constructed, context-specific). */
export const explicit = (n: number, ...items: Uint8Array[]) => tlv(0xa0 + n, ...items);
/** `[n] IMPLICIT SET OF`: the elements sorted like a SET OF, under the context tag. */
export const implicitSetOf = (n: number, ...items: Uint8Array[]) =>
  tlv(0xa0 + n, ...[...items].sort(compare));
export const boolean = (value: boolean) => tlv(0x01, Uint8Array.of(value ? 0xff : 0));
export const nullValue = () => Uint8Array.of(0x05, 0x00);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
export const bitString = (bytes: Uint8Array, unusedBits = 0) => tlv(0x03, Uint8Array.of(unusedBits), bytes);
export const utf8String = (text: string) => tlv(0x0c, new TextEncoder().encode(text));
export const printableString = (text: string) => tlv(0x13, new TextEncoder().encode(text));

/** A non-negative INTEGER from its big-endian magnitude (a 0x00 is prepended when the top bit is set). */
export function unsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const bytes = magnitude.subarray(start);
  return (bytes[0] ?? 0) & 0x80 ? tlv(0x02, Uint8Array.of(0), bytes) : tlv(0x02, bytes);
}
export const smallInteger = (n: number) => unsignedInteger(Uint8Array.of(n));

export function objectIdentifier(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first = 0n, second = 0n, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const stamp = (d: Date) =>
  `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
export const generalizedTime = (d: Date) =>
  tlv(0x18, new TextEncoder().encode(`${d.getUTCFullYear()}${stamp(d)}Z`));
/** X.509 validity: UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export const certificateTime = (d: Date) =>
  d.getUTCFullYear() < 2050
    ? tlv(0x17, new TextEncoder().encode(`${pad(d.getUTCFullYear() % 100)}${stamp(d)}Z`))
    : generalizedTime(d);

/** A decoded element: its tag, its whole encoding and its content. */
export interface Node {
  tag: number;
  /** The whole TLV, as it appears in the input (what signatures are computed over). */
  der: Uint8Array;
  content: Uint8Array;
}

/** The element at the start of `bytes` (trailing bytes, like a signature placeholder's padding, are ignored). */
export function read(bytes: Uint8Array): Node {
  const tag = bytes[0];
  const first = bytes[1];
  if (tag === undefined || first === undefined) throw new Error('DER: truncated');
  if ((tag & 0x1f) === 0x1f) throw new Error('DER: multi-byte tags are not supported');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new Error('DER: indefinite or oversized length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[2 + i] ?? 0);
    header += count;
  }
  if (header + length > bytes.length) throw new Error('DER: length beyond the input');
  return { tag, der: bytes.subarray(0, header + length), content: bytes.subarray(header, header + length) };
}

/** The elements inside a constructed element. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let rest = node.content; rest.length > 0; ) {
    const child = read(rest);
    out.push(child);
    rest = rest.subarray(child.der.length);
  }
  return out;
}

/** The i-th child, or an error naming what was expected. */
export function child(node: Node, index: number, what: string): Node {
  const found = children(node)[index];
  if (!found) throw new Error(`DER: missing ${what}`);
  return found;
}

export function readObjectIdentifier(node: Node): string {
  if (node.tag !== 0x06) throw new Error('DER: not an OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of node.content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  const [first = 0n, ...rest] = arcs;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...rest].join('.');
}

export function readTime(node: Node): Date {
  const text = new TextDecoder().decode(node.content);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m || (node.tag !== 0x17 && node.tag !== 0x18)) throw new Error(`DER: unsupported time '${text}'`);
  const year = node.tag === 0x17 ? 2000 + Number(m[1]) - (Number(m[1]) >= 50 ? 100 : 0) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && compare(a, b) === 0;
export { concat };

import { createHash, timingSafeEqual } from 'node:crypto';
import { HTML401_ENTITIES } from './html401-entities.ts';

/**
 * The CMI gateway's 3D_PAY_HOSTING `ver3` hash (hashAlgorithm=ver3), for the form posted to the
 * bank and for the bank's server-to-server callback, computed as CMI's published merchant callback
 * sample (PHP) does, so that a genuine callback is never refused:
 * 1. take every parameter except `hash` and `encoding` (names compared case-insensitively);
 * 2. sort the names with PHP's `natcasesort` (natural order, case-insensitive, stable: `x2` before
 *    `x10`, names differing only by case kept in the order received) — `natCaseCompare` below;
 * 3. normalise each value as the sample does: `preg_replace("/\n$/", "", v)` (a final line feed,
 *    and the one before it, dropped — PHP's `$` also matches before a final newline), then
 *    `html_entity_decode(v, ENT_QUOTES, 'UTF-8')` (HTML 4.01 named references and numeric ones);
 * 4. escape: `\` → `\\`, then `|` → `\|` (backslashes first, so an escaped pipe is not escaped twice);
 * 5. join the values with `|`, then append `|` and the store key escaped the same way;
 * 6. SHA-512 of the UTF-8 text, base64 of the binary digest.
 */

const EXCLUDED = new Set(['hash', 'encoding']);

export const cmiEscape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

/** PHP `preg_replace("/\n$/", "", v)`: every `\n` at the very end, or followed only by a final `\n`. */
export function dropFinalNewlines(value: string): string {
  const n = value.length;
  let out = '';
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const beforeFinal = i === n - 2 && value[n - 1] === '\n';
    if (value[i] === '\n' && (last || beforeFinal)) continue;
    out += value[i];
  }
  return out;
}

/** Code points PHP's html_entity_decode (HTML 4.01 document type) turns a numeric reference into. */
const allowedCodePoint = (cp: number): boolean =>
  (cp >= 0x20 && cp <= 0x7e) ||
  cp === 0x0a ||
  cp === 0x09 ||
  cp === 0x0d ||
  (cp >= 0xa0 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0x10ffff && (cp & 0xffff) < 0xfffe && (cp < 0xfdd0 || cp > 0xfdef));

/**
 * PHP `html_entity_decode(v, ENT_QUOTES, 'UTF-8')`: one pass, references need their `;`, named ones
 * from HTML 4.01 (case-sensitive, no `&apos;`), numeric ones (`&#39;`, `&#x27;`) when allowed;
 * anything else is left as written.
 */
export function htmlEntityDecode(value: string): string {
  return value.replace(
    /&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]{1,31}));/g,
    (ref, hex, dec, name) => {
      if (name !== undefined) {
        const cp = Object.hasOwn(HTML401_ENTITIES, name) ? HTML401_ENTITIES[name] : undefined;
        return cp === undefined ? ref : String.fromCodePoint(cp);
      }
      const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec, 10);
      return Number.isSafeInteger(cp) && allowedCodePoint(cp) ? String.fromCodePoint(cp) : ref;
    },
  );
}

/** The value as the sample hashes it (before escaping). */
export const cmiNormalise = (value: string): string => htmlEntityDecode(dropFinalNewlines(value));

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const upper = (c: number) => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c);

/**
 * PHP's `strnatcasecmp` (ext/standard/strnatcmp.c), byte for byte on the UTF-8 names: leading
 * zeros skipped once, whitespace skipped, digit runs compared as numbers (left-aligned when one
 * starts with 0), other bytes compared upper-cased.
 */
export function natCaseCompare(left: string, right: string): number {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length > b.length ? 1 : -1;
  const at = (buf: Buffer, i: number) => (i < buf.length ? (buf[i] as number) : 0);
  let ai = 0;
  let bi = 0;
  let leading = true;
  for (;;) {
    let ca = at(a, ai);
    let cb = at(b, bi);
    while (leading && ca === 0x30 && ai + 1 < a.length && isDigit(at(a, ai + 1))) ca = at(a, ++ai);
    while (leading && cb === 0x30 && bi + 1 < b.length && isDigit(at(b, bi + 1))) cb = at(b, ++bi);
    leading = false;
    while (isSpace(ca)) ca = at(a, ++ai);
    while (isSpace(cb)) cb = at(b, ++bi);
    if (isDigit(ca) && isDigit(cb)) {
      const fractional = ca === 0x30 || cb === 0x30;
      let result = 0;
      let bias = 0;
      for (; ; ai++, bi++) {
        const da = ai < a.length && isDigit(at(a, ai));
        const db = bi < b.length && isDigit(at(b, bi));
        if (!da && !db) {
          result = fractional ? 0 : bias;
          break;
        }
        if (!da) {
          result = -1;
          break;
        }
        if (!db) {
          result = 1;
          break;
        }
        const x = at(a, ai);
        const y = at(b, bi);
        if (fractional && x !== y) {
          result = x < y ? -1 : 1;
          break;
        }
        if (!fractional && bias === 0 && x !== y) bias = x < y ? -1 : 1;
      }
      if (result !== 0) return result;
      if (ai === a.length && bi === b.length) return 0;
      if (ai === a.length) return -1;
      if (bi === b.length) return 1;
      ca = at(a, ai);
      cb = at(b, bi);
    }
    ca = upper(ca);
    cb = upper(cb);
    if (ca < cb) return -1;
    if (ca > cb) return 1;
    ai++;
    bi++;
    if (ai >= a.length && bi >= b.length) return 0;
    if (ai >= a.length) return -1;
    if (bi >= b.length) return 1;
  }
}

/** The text that is hashed (exported so tests and support can check it). */
export function cmiPlainText(params: Record<string, string>, storeKey: string): string {
  // Array.prototype.sort is stable, as PHP 8's natcasesort: ties keep the order received.
  const names = Object.keys(params)
    .filter((name) => !EXCLUDED.has(name.toLowerCase()))
    .sort(natCaseCompare);
  const values = names.map((name) => cmiEscape(cmiNormalise(params[name] ?? '')));
  return [...values, cmiEscape(storeKey)].join('|');
}

export function cmiHash(params: Record<string, string>, storeKey: string): string {
  return createHash('sha512').update(cmiPlainText(params, storeKey), 'utf8').digest('base64');
}

/** The hash the bank sent: `HASH` first, then `hash`, then any other casing. */
function receivedHash(params: Record<string, string>): string | undefined {
  if (params.HASH !== undefined) return params.HASH;
  if (params.hash !== undefined) return params.hash;
  const name = Object.keys(params).find((n) => n.toLowerCase() === 'hash');
  return name === undefined ? undefined : params[name];
}

/** Recomputes the hash and compares it in constant time; false when absent or of another length. */
export function verifyCmiHash(params: Record<string, string>, storeKey: string): boolean {
  const received = receivedHash(params);
  if (received === undefined || received === '') return false;
  const expected = Buffer.from(cmiHash(params, storeKey), 'utf8');
  const actual = Buffer.from(received, 'utf8');
  if (expected.length !== actual.length) return false;
  return timingSafeEqual(expected, actual);
}

/** Integer centimes → CMI `amount` (`302500` → `3025.00`: dot decimal, no grouping). */
export function formatAmount(centimes: number): string {
  if (!Number.isSafeInteger(centimes) || centimes < 0)
    throw new RangeError(`${centimes} is not a non-negative integer amount of centimes`);
  return `${Math.trunc(centimes / 100)}.${String(centimes % 100).padStart(2, '0')}`;
}

import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The CMI gateway's 3D_PAY_HOSTING `ver3` hash (hashAlgorithm=ver3), for the form posted to the
 * bank and for the bank's server-to-server callback:
 * 1. take every parameter except `hash` and `encoding` (names compared case-insensitively);
 * 2. sort them by name case-insensitively (lower-cased names compared by code unit, ties broken by
 *    the original name, so the order never depends on the runtime's locale);
 * 3. escape each value: `\` → `\\`, then `|` → `\|` (backslashes first, so an escaped pipe is not
 *    escaped twice);
 * 4. join the values with `|`, then append `|` and the store key escaped the same way;
 * 5. SHA-512 of the UTF-8 text, base64 of the binary digest.
 * CMI's PHP sample sorts with `natcasesort`, which differs only for names with digits of
 * different lengths (`x2` / `x10`); no field the platform sends has such names.
 */

const EXCLUDED = new Set(['hash', 'encoding']);

export const cmiEscape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

const byLowerName = (a: string, b: string): number => {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** The text that is hashed (exported so tests and support can check it). */
export function cmiPlainText(params: Record<string, string>, storeKey: string): string {
  const names = Object.keys(params)
    .filter((name) => !EXCLUDED.has(name.toLowerCase()))
    .sort(byLowerName);
  const values = names.map((name) => cmiEscape(params[name] ?? ''));
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

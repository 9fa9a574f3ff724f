import * as z from 'zod/mini';

/**
 * The characters `String.prototype.trim()` removes (ECMAScript WhiteSpace and LineTerminator),
 * written out: `\s` means other sets in other regex engines (Python's adds U+001C–U+001F and U+0085
 * and drops U+FEFF), and the document's pattern must mean the same to every reader.
 */
const BLANK = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * The pattern of a text whose trimmed length is `min` to `max` characters (code points, as JSON
 * Schema and zod count them), blanks around allowed: first and last non-blank characters with up to
 * `max - 2` of anything between. No lookaround, so a generator builds matching values directly.
 */
export function trimmedTextPattern(min: number, max: number): string {
  if (min < 0 || max < Math.max(min, 1)) throw new Error(`trimmed text: bad bounds ${min}..${max}`);
  const blank = `[${BLANK}]*`;
  const solid = `[^${BLANK}]`;
  const inner = `(?:[\\s\\S]{${Math.max(min - 2, 0)},${max - 2}}${solid})`;
  // One character, or first … last; `min` decides which of the shapes (and the empty text) are allowed.
  const text = max === 1 ? solid : min >= 2 ? `${solid}${inner}` : `${solid}${inner}?`;
  return `^${blank}${min === 0 ? `(?:${text})?` : text}${blank}$`;
}

/**
 * Free text stored trimmed: `min` to `max` characters once the blanks around are removed. zod's own
 * length checks give the usual `too_small` / `too_big` errors. They sit behind a pipe, which the
 * document reads from its input side: a `minLength`/`maxLength` there would count the blanks a client
 * may send around, so the document states the rule as one pattern instead.
 */
export const TrimmedText = (min: number, max: number) =>
  z
    .pipe(z.string().check(z.trim()), z.string().check(z.minLength(min), z.maxLength(max)))
    .check(z.meta({ pattern: trimmedTextPattern(min, max) }));

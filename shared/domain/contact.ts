import * as z from 'zod/mini';
import { CHECKS } from './checks.ts';
import { TrimmedText } from './text.ts';

/**
 * Moroccan phone numbers, normalised to E.164 (+212 followed by 9 digits starting 5, 6 or 7):
 * accepts `0612345678`, `+212 6 12 34 56 78`, `00212612345678`.
 */
export const MoroccanPhone = /* @__PURE__ */ (() =>
  z
    .pipe(
      z.pipe(
        z.string().check(z.trim()),
        z.transform((raw) => {
          const digits = raw.replace(/[\s.()-]/g, '');
          if (/^0[5-7]\d{8}$/.test(digits)) return `+212${digits.slice(1)}`;
          if (/^00212\d{9}$/.test(digits)) return `+${digits.slice(2)}`;
          return digits;
        }),
      ),
      z.string().check(z.regex(/^\+212[5-7]\d{8}$/, CHECKS.invalid_phone)),
    )
    .check(
      // What the steps above accept, as one pattern for the OpenAPI document: separators anywhere.
      z.meta({
        pattern:
          '^[\\s.()-]*(?:0[\\s.()-]*|(?:0[\\s.()-]*0|\\+)[\\s.()-]*2[\\s.()-]*1[\\s.()-]*2[\\s.()-]*)[5-7](?:[\\s.()-]*[0-9]){8}[\\s.()-]*$',
      }),
    ))();

/** Moroccan national identity card number (CIN): one or two letters then up to 6 digits. */
export const Cin = /* @__PURE__ */ (() =>
  z.string().check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z]{1,2}\d{1,6}$/, CHECKS.invalid_cin),
    // As the steps above read it: blanks around and lower case accepted.
    z.meta({ pattern: '^\\s*[A-Za-z]{1,2}[0-9]{1,6}\\s*$' }),
  ))();

export const Email = /* @__PURE__ */ (() =>
  z
    .pipe(z.string().check(z.trim(), z.toLowerCase()), z.email(CHECKS.invalid_email))
    // zod's e-mail rule (z.regexes.email), blanks around allowed as trim() does, for the OpenAPI document.
    .check(z.meta({ pattern: `^\\s*${z.regexes.email.source.slice(1, -1)}\\s*$` })))();

export const Language = /* @__PURE__ */ (() => z.enum(['fr', 'ar']))();
export type Language = z.infer<typeof Language>;

export const PersonName = /* @__PURE__ */ (() => TrimmedText(1, 80))();

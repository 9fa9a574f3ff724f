import type * as z from 'zod/mini';
import ar from 'zod/v4/locales/ar.js';
import fr from 'zod/v4/locales/fr.js';
import { FSI, PDI } from './format.ts';
import type { Language } from './language.ts';

/**
 * zod's built-in messages in French and Arabic: its own locales, imported one by one (never the
 * locales index) so a bundle carries these two only; English is zod's default. Only the translations
 * module (translate.ts) exports it, so a function loads these locales the first time it words a
 * failed validation in French or Arabic, never on a cold start.
 */
type ErrorMap = z.core.$ZodErrorMap;
type RawIssue = Parameters<ErrorMap>[0];

const french = /* @__PURE__ */ fr().localeError;
const arabic = /* @__PURE__ */ ar().localeError;

const TYPE_AR: Record<string, string> = {
  string: 'نصًّا',
  number: 'عددًا',
  int: 'عددًا صحيحًا',
  boolean: 'قيمة منطقية',
  bigint: 'عددًا صحيحًا',
  date: 'تاريخًا',
  array: 'قائمة',
  object: 'كائنًا',
  undefined: 'لا شيء',
  null: 'قيمة فارغة',
  nan: 'قيمة غير عددية',
};
const UNIT_AR: Record<string, string> = { string: 'حرفًا', array: 'عناصر', set: 'عناصر', file: 'بايت' };

const received = (input: unknown): string => {
  if (input === undefined) return 'undefined';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  return typeof input;
};

/**
 * Arabic with no bare Latin: zod's Arabic locale names types and patterns in English (`string`,
 * `^\d+$`); the common issues get Arabic words here, and any Latin left (a pattern, a key) is
 * isolated so it keeps its direction inside the right-to-left sentence.
 */
const arabicMessage = (issue: RawIssue): string => {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_AR[issue.expected] ?? issue.expected;
      const got = TYPE_AR[received(issue.input)] ?? received(issue.input);
      return issue.input === undefined
        ? `حقل إلزامي: يُنتظر ${expected}`
        : `قيمة غير مقبولة: يُنتظر ${expected} وليس ${got}`;
    }
    case 'too_small': {
      const unit = UNIT_AR[issue.origin ?? ''];
      const bound = `${issue.inclusive ? '' : 'أكثر من '}${String(issue.minimum)}`;
      return unit
        ? `قصير جدًا: ${bound} ${unit} على الأقل`
        : `صغير جدًا: ${issue.inclusive ? 'على الأقل' : 'أكبر من'} ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = UNIT_AR[issue.origin ?? ''];
      return unit
        ? `طويل جدًا: ${String(issue.maximum)} ${unit} على الأكثر`
        : `كبير جدًا: ${issue.inclusive ? 'على الأكثر' : 'أقل من'} ${String(issue.maximum)}`;
    }
    default: {
      const text = arabic(issue);
      return isolateLatin(typeof text === 'string' ? text : (text?.message ?? 'مدخل غير مقبول'));
    }
  }
};

/** Wraps every run of Latin text (with the digits and signs around it) in FSI … PDI. */
export const isolateLatin = (text: string): string =>
  text.replace(/[!-~]*[A-Za-z][!-~]*(?:\s+[!-~]*[A-Za-z][!-~]*)*/g, (run) => `${FSI}${run}${PDI}`);

/** The per-parse error map of a language (undefined: zod's English). */
export const zodErrorMap = (language: Language): ErrorMap | undefined =>
  language === 'fr' ? french : language === 'ar' ? (arabicMessage as ErrorMap) : undefined;

import type { Translated } from './language.ts';

/** First strong isolate and pop directional isolate (Unicode bidi, UAX #9). */
export const FSI = '\u2068';
export const PDI = '\u2069';

export type Params = Record<string, unknown>;

/**
 * A value embedded in a sentence: in Arabic it is isolated (FSI … PDI) so an identifier, a path or
 * a Latin name keeps its own direction and does not reorder the Arabic around it.
 */
export const value = (lang: Translated, v: unknown): string => {
  const text = v === undefined || v === null || v === '' ? '—' : String(v);
  return lang === 'ar' ? `${FSI}${text}${PDI}` : text;
};

/** A list of values, each isolated in Arabic, joined with the language's comma. */
export const list = (lang: Translated, values: unknown): string => {
  const items = Array.isArray(values) ? values : values === undefined ? [] : [values];
  if (items.length === 0) return '—';
  return items
    .map((v) => value(lang, typeof v === 'object' && v ? ((v as { code?: unknown }).code ?? '') : v))
    .join(lang === 'ar' ? '، ' : ', ');
};

const LOCALE: Record<Translated, string> = { fr: 'fr-MA', ar: 'ar-MA' };

/** A civil date (YYYY-MM-DD) or an instant, as a date in Africa/Casablanca, in the language's words. */
export const date = (lang: Translated, v: unknown): string => {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return value(lang, v);
  const civil = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const text = new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'long',
    timeZone: civil ? 'UTC' : 'Africa/Casablanca',
  }).format(new Date(civil ? `${v}T00:00:00Z` : v));
  return lang === 'ar' ? `${FSI}${text}${PDI}` : text;
};

/** An amount in integer centimes of MAD, in the language's words (e.g. « 1 250,00 MAD », « 1.250,00 د.م. »). */
export const mad = (lang: Translated, centimes: unknown): string => {
  if (typeof centimes !== 'number' || !Number.isFinite(centimes)) return value(lang, centimes);
  const text = new Intl.NumberFormat(LOCALE[lang], { style: 'currency', currency: 'MAD' }).format(
    centimes / 100,
  );
  return lang === 'ar' ? `${FSI}${text}${PDI}` : text;
};

/**
 * A rate of a legal range in the language's words: centimes as an amount of MAD with its unit
 * (`MAD/m²` → « 20,00 MAD/m² », « 20,00 د.م./م² »), basis points as a percentage.
 */
export const rate = (lang: Translated, value: unknown, kind: unknown, unit: unknown): string => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return value === undefined ? '—' : String(value);
  if (kind === 'basisPoints')
    return new Intl.NumberFormat(LOCALE[lang], { style: 'percent', minimumFractionDigits: 2 }).format(
      value / 10_000,
    );
  const per = String(unit ?? 'MAD').replace(/^MAD/, '');
  if (lang === 'fr') return `${mad('fr', value)}${per.replace('/month', '/mois')}`;
  // The amount and its unit isolated together, so « /م² » stays after the amount it qualifies.
  const amount = new Intl.NumberFormat(LOCALE.ar, { style: 'currency', currency: 'MAD' }).format(value / 100);
  return `${FSI}${amount}${per.replace('/m²', '/م²').replace('/month', '/شهر')}${PDI}`;
};

/** A count, as digits (Moroccan Arabic writes Western digits). */
export const count = (v: unknown): string => (typeof v === 'number' ? String(v) : '—');

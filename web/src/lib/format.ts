import type { Lang } from '../i18n/lang.ts';

/**
 * Amounts, numbers and dates for each language. French uses the `fr` conventions ("3 025,00 MAD",
 * thin spaces between thousands, as the issue asks); Arabic uses `ar-MA` (Western digits, as in
 * Moroccan administration, with the dirham sign "د.م."). Dates are always shown in Africa/Casablanca.
 */
const numberLocale: Record<Lang, string> = { fr: 'fr', ar: 'ar-MA' };
const dateLocale: Record<Lang, string> = { fr: 'fr-MA', ar: 'ar-MA' };
export const TIME_ZONE = 'Africa/Casablanca';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

/** Integer centimes of MAD → "3 025,00 MAD" / "‏3.025,00 د.م.‏". */
export const money = (centimes: number, lang: Lang) =>
  cached(
    `m${lang}`,
    () => new Intl.NumberFormat(numberLocale[lang], { style: 'currency', currency: 'MAD' }),
  ).format(centimes / 100);

export const num = (n: number, lang: Lang, maximumFractionDigits = 2) =>
  cached(
    `n${lang}${maximumFractionDigits}`,
    () => new Intl.NumberFormat(numberLocale[lang], { maximumFractionDigits }),
  ).format(n);

export const percent = (ratio: number, lang: Lang) =>
  cached(
    `p${lang}`,
    () => new Intl.NumberFormat(numberLocale[lang], { style: 'percent', maximumFractionDigits: 1 }),
  ).format(ratio);

/** A calendar date (`YYYY-MM-DD`, already a Moroccan day) or an instant, shown as a Casablanca date. */
export function date(value: string, lang: Lang, style: 'long' | 'short' = 'long'): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return cached(
    `d${lang}${style}`,
    () =>
      new Intl.DateTimeFormat(dateLocale[lang], {
        timeZone: TIME_ZONE,
        ...(style === 'long' ? { dateStyle: 'long' } : { day: 'numeric', month: 'short' }),
      }),
  ).format(instant);
}

export const dateTime = (iso: string, lang: Lang) =>
  cached(
    `t${lang}`,
    () =>
      new Intl.DateTimeFormat(dateLocale[lang], {
        timeZone: TIME_ZONE,
        dateStyle: 'long',
        timeStyle: 'short',
      }),
  ).format(new Date(iso));

/** `YYYY-MM` → "novembre 2026" / "نونبر 2026". */
export const month = (period: string, lang: Lang) =>
  cached(
    `mo${lang}`,
    () => new Intl.DateTimeFormat(dateLocale[lang], { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  ).format(new Date(`${period}-15T12:00:00Z`));

/** The name of a place or a label the API gives in both languages. */
export const named = (o: { nameFr: string; nameAr: string }, lang: Lang) =>
  lang === 'ar' ? o.nameAr : o.nameFr;
export const labelled = (o: { labelFr: string; labelAr: string }, lang: Lang) =>
  lang === 'ar' ? o.labelAr : o.labelFr;

import { ar } from '../i18n/ar.ts';
import { type Dict, fr } from '../i18n/fr.ts';
import type { Lang } from '../i18n/lang.ts';
import { num } from './format.ts';

/** How a delay's days are counted (the clock's and each phase's `dayCount`, the procedure's `deadline.calendar`). */
export type DayCount = 'working' | 'calendar';

// The dictionaries themselves, not the page's `t`: this stays pure (no DOM), for the unit tests.
const dictionaries: Record<Lang, Dict> = { fr, ar };

/** "jours ouvrables" / "أيام عمل" for working days, calendar days otherwise. */
export const dayUnit = (dayCount: DayCount | undefined, l: Lang) =>
  dictionaries[l][dayCount === 'working' ? 'clock.unit.working' : 'clock.unit.calendar'];

/** Days used of a budget, in the days the delay counts: "3 sur 15 jours ouvrables". */
export const daysUsed = (used: number, allowed: number, dayCount: DayCount | undefined, l: Lang) =>
  dictionaries[l]['clock.used']
    .replace('{used}', num(used, l, 1))
    .replace('{allowed}', num(allowed, l))
    .replace('{unit}', dayUnit(dayCount, l));

/** The legal delay as the receipt states it: "15 jours ouvrables". */
export const deadlineDays = (days: number, dayCount: DayCount | undefined, l: Lang) =>
  `${num(days, l)} ${dayUnit(dayCount, l)}`;

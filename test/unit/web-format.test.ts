import { describe, expect, it } from 'vitest';
import { daysUsed, deadlineDays } from '../../web/src/lib/days.ts';
import { date, dateTime, money, month, num } from '../../web/src/lib/format.ts';

/** Amounts in MAD from integer centimes, numbers and Casablanca dates, in both languages. */
describe('web formatting', () => {
  it('shows the catalogue example, 302,500 centimes, as 3 025,00 MAD and in the Arabic presentation', () => {
    expect(money(302_500, 'fr').replace(/[\u202f\u00a0]/g, ' ')).toBe('3 025,00 MAD');
    const arabic = money(302_500, 'ar');
    expect(arabic).toContain('3.025,00');
    expect(arabic).toContain('د.م.');
    expect(money(0, 'fr').replace(/[\u202f\u00a0]/g, ' ')).toBe('0,00 MAD');
    expect(money(1, 'fr').replace(/[\u202f\u00a0]/g, ' ')).toBe('0,01 MAD');
  });

  it('numbers group thousands per language', () => {
    expect(num(1234567, 'fr').replace(/[\u202f\u00a0]/g, ' ')).toBe('1 234 567');
    expect(num(0.5, 'ar')).toBe('0,5');
  });

  it('dates are Moroccan (Africa/Casablanca, as the tz database says), and a calendar day stays itself', () => {
    expect(date('2026-01-31', 'fr')).toBe('31 janvier 2026');
    expect(date('2026-11-04', 'ar')).toContain('2026');
    // 23:30 UTC on 15 July 2026 is already 16 July in Casablanca (UTC+1 in summer).
    expect(dateTime('2026-07-15T23:30:00Z', 'fr')).toBe('16 juillet 2026 à 00:30');
    expect(month('2025-06', 'fr')).toBe('juin 2025');
  });

  it('says which days a delay counts: working days where the clock counts them, calendar days otherwise', () => {
    expect(daysUsed(3, 15, 'working', 'fr')).toBe('3 sur 15 jours ouvrables');
    expect(daysUsed(3, 15, 'working', 'ar')).toBe('3 من 15 أيام عمل');
    expect(daysUsed(12.5, 30, 'calendar', 'fr')).toBe('12,5 sur 30 jours calendaires');
    expect(daysUsed(12, 30, 'calendar', 'ar')).toBe('12 من 30 أيام متتالية');
    // A clock without a day count (an older answer) reads as calendar days.
    expect(daysUsed(1, 4, undefined, 'fr')).toBe('1 sur 4 jours calendaires');
    expect(deadlineDays(15, 'working', 'fr')).toBe('15 jours ouvrables');
    expect(deadlineDays(30, 'calendar', 'ar')).toBe('30 أيام متتالية');
  });
});

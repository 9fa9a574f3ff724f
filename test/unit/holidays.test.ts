import { describe, expect, it } from 'vitest';
import { casablancaDate, casablancaDayStart } from '#shared/domain/calendar.ts';
import {
  addWorkingDays,
  HIJRI_HOLIDAYS,
  holidaysOf,
  isWorkingDay,
  workingDaysBetween,
  workingTimeMs,
} from '#shared/domain/holidays.ts';

const hijri = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  timeZone: 'UTC',
  month: 'numeric',
  day: 'numeric',
});
const hijriMonthDay = (date: string) => {
  const p = Object.fromEntries(
    hijri.formatToParts(new Date(`${date}T00:00:00Z`)).map((x) => [x.type, x.value]),
  );
  return `${p.month}-${p.day}`;
};
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('Moroccan public holidays', () => {
  it('has every fixed holiday each year, and the Hijri ones for 2026 to 2030', () => {
    for (const year of [2026, 2027, 2028, 2029, 2030]) {
      const dates = holidaysOf(year).map((h) => h.date);
      for (const md of [
        '01-01',
        '01-11',
        '01-14',
        '05-01',
        '07-30',
        '08-14',
        '08-20',
        '08-21',
        '11-06',
        '11-18',
      ])
        expect(dates).toContain(`${year}-${md}`);
      // Two days of each Eid, two of the Mawlid, one Islamic New Year.
      expect(holidaysOf(year).filter((h) => h.nameFr.startsWith('Aïd'))).toHaveLength(6);
    }
  });

  it('puts each Hijri holiday within a day of its Hijri date (the sighting may move it by one)', () => {
    const expected = { EID_AL_FITR: '10-1', EID_AL_ADHA: '12-10', ISLAMIC_NEW_YEAR: '1-1', MAWLID: '3-12' };
    for (const [year, days] of Object.entries(HIJRI_HOLIDAYS)) {
      for (const [kind, date] of Object.entries(days)) {
        expect(date.startsWith(year), `${kind} ${date}`).toBe(true);
        const near = [-1, 0, 1].map((d) => hijriMonthDay(shift(date, d)));
        expect(near, `${kind} ${date}`).toContain(expected[kind as keyof typeof expected]);
      }
    }
  });
});

describe('working days', () => {
  it('skips weekends and holidays', () => {
    expect(isWorkingDay('2026-11-20')).toBe(true); // a Friday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-18')).toBe(false); // Independence Day (a Wednesday)
    expect(isWorkingDay('2026-03-20')).toBe(false); // Eid al-Fitr (expected)
  });

  it('adds and counts working days across a holiday and a weekend', () => {
    // Mon 16 Nov 2026 + 3 working days: Tue 17, (Wed 18 holiday), Thu 19, Fri 20.
    expect(addWorkingDays('2026-11-16', 3)).toBe('2026-11-20');
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(workingDaysBetween('2026-11-16', '2026-11-23')).toBe(4);
    expect(workingDaysBetween('2026-11-23', '2026-11-16')).toBe(0);
  });
});

describe('Casablanca days and working time', () => {
  it('starts a Moroccan day at its local midnight: 23:00 UTC the day before at UTC+1, 00:00 UTC in Ramadan', () => {
    expect(new Date(casablancaDayStart('2026-05-22')).toISOString()).toBe('2026-05-21T23:00:00.000Z');
    expect(new Date(casablancaDayStart('2026-03-05')).toISOString()).toBe('2026-03-05T00:00:00.000Z');
    for (const date of ['2026-01-01', '2026-02-19', '2026-03-23', '2026-09-20', '2026-12-31', '2027-06-01']) {
      const start = casablancaDayStart(date);
      expect(casablancaDate(new Date(start))).toBe(date);
      expect(casablancaDate(new Date(start - 1))).not.toBe(date);
    }
  });

  it('counts only the time on working days, in Casablanca', () => {
    const h = 3_600_000;
    const at = (iso: string) => Date.parse(iso);
    // Friday 22 May 2026 10:00 to Monday 25 May 10:00 (UTC+1): 14 h + 10 h.
    expect(workingTimeMs(at('2026-05-22T09:00:00Z'), at('2026-05-25T09:00:00Z'))).toBe(24 * h);
    // Eid al-Adha (Wednesday 27 and Thursday 28 May) counts nothing.
    expect(workingTimeMs(at('2026-05-26T23:00:00Z'), at('2026-05-28T23:00:00Z'))).toBe(0);
    // Throne Day (Thursday 30 July): from Wednesday noon to Friday noon, 12 h + 12 h.
    expect(workingTimeMs(at('2026-07-29T11:00:00Z'), at('2026-07-31T11:00:00Z'))).toBe(24 * h);
    expect(workingTimeMs(at('2026-07-31T11:00:00Z'), at('2026-07-29T11:00:00Z'))).toBe(0);
  });
});

import { casablancaDate, casablancaDayStart } from './calendar.ts';

/**
 * Moroccan public holidays as data, and working days over them. Fixed-date (Gregorian) holidays
 * repeat every year; the Hijri ones (Eid al-Fitr, Eid al-Adha, Islamic New Year, Mawlid) move about
 * 11 days earlier each year and are fixed by the Ministry of Habous on sighting the moon: the dates
 * below are the expected ones (Umm al-Qura calendar), to be replaced by the announced date when it
 * differs (usually by a day). A test keeps each within a day of the Hijri calendar.
 */

export interface Holiday {
  /** YYYY-MM-DD */
  date: string;
  nameFr: string;
  nameAr: string;
}

const FIXED: readonly { monthDay: string; nameFr: string; nameAr: string }[] = [
  { monthDay: '01-01', nameFr: 'Nouvel an', nameAr: 'رأس السنة الميلادية' },
  { monthDay: '01-11', nameFr: 'Manifeste de l’indépendance', nameAr: 'ذكرى تقديم وثيقة الاستقلال' },
  { monthDay: '01-14', nameFr: 'Nouvel an amazigh', nameAr: 'رأس السنة الأمازيغية' },
  { monthDay: '05-01', nameFr: 'Fête du travail', nameAr: 'عيد الشغل' },
  { monthDay: '07-30', nameFr: 'Fête du Trône', nameAr: 'عيد العرش' },
  { monthDay: '08-14', nameFr: 'Allégeance Oued Eddahab', nameAr: 'ذكرى استرجاع وادي الذهب' },
  { monthDay: '08-20', nameFr: 'Révolution du Roi et du Peuple', nameAr: 'ذكرى ثورة الملك والشعب' },
  { monthDay: '08-21', nameFr: 'Fête de la jeunesse', nameAr: 'عيد الشباب' },
  { monthDay: '11-06', nameFr: 'Marche verte', nameAr: 'ذكرى المسيرة الخضراء' },
  { monthDay: '11-18', nameFr: 'Fête de l’indépendance', nameAr: 'عيد الاستقلال' },
];

type HijriHoliday = 'EID_AL_FITR' | 'EID_AL_ADHA' | 'ISLAMIC_NEW_YEAR' | 'MAWLID';

const HIJRI_NAMES: Record<HijriHoliday, { nameFr: string; nameAr: string; days: number }> = {
  EID_AL_FITR: { nameFr: 'Aïd al-Fitr', nameAr: 'عيد الفطر', days: 2 },
  EID_AL_ADHA: { nameFr: 'Aïd al-Adha', nameAr: 'عيد الأضحى', days: 2 },
  ISLAMIC_NEW_YEAR: { nameFr: 'Nouvel an de l’Hégire', nameAr: 'فاتح محرم', days: 1 },
  MAWLID: { nameFr: 'Aïd al-Mawlid', nameAr: 'عيد المولد النبوي', days: 2 },
};

/** The first day of each Hijri holiday, by Gregorian year (expected dates; see above). */
export const HIJRI_HOLIDAYS: Readonly<Record<number, Record<HijriHoliday, string>>> = {
  2026: {
    EID_AL_FITR: '2026-03-20',
    EID_AL_ADHA: '2026-05-27',
    ISLAMIC_NEW_YEAR: '2026-06-16',
    MAWLID: '2026-08-25',
  },
  2027: {
    EID_AL_FITR: '2027-03-09',
    EID_AL_ADHA: '2027-05-16',
    ISLAMIC_NEW_YEAR: '2027-06-06',
    MAWLID: '2027-08-14',
  },
  2028: {
    EID_AL_FITR: '2028-02-26',
    EID_AL_ADHA: '2028-05-05',
    ISLAMIC_NEW_YEAR: '2028-05-25',
    MAWLID: '2028-08-03',
  },
  2029: {
    EID_AL_FITR: '2029-02-14',
    EID_AL_ADHA: '2029-04-24',
    ISLAMIC_NEW_YEAR: '2029-05-14',
    MAWLID: '2029-07-24',
  },
  2030: {
    EID_AL_FITR: '2030-02-04',
    EID_AL_ADHA: '2030-04-13',
    ISLAMIC_NEW_YEAR: '2030-05-04',
    MAWLID: '2030-07-13',
  },
};

const DAY_MS = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Every public holiday of a Gregorian year (the Hijri ones only for the years above). */
export function holidaysOf(year: number): Holiday[] {
  const out: Holiday[] = FIXED.map((h) => ({
    date: `${year}-${h.monthDay}`,
    nameFr: h.nameFr,
    nameAr: h.nameAr,
  }));
  for (const [kind, first] of Object.entries(HIJRI_HOLIDAYS[year] ?? {}) as [HijriHoliday, string][]) {
    const { nameFr, nameAr, days } = HIJRI_NAMES[kind];
    for (let d = 0; d < days; d++) out.push({ date: toDate(toTime(first) + d * DAY_MS), nameFr, nameAr });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

const cache = new Map<number, Set<string>>();
const holidaySet = (year: number) => {
  let set = cache.get(year);
  if (!set) {
    set = new Set(holidaysOf(year).map((h) => h.date));
    cache.set(year, set);
  }
  return set;
};

/** Monday to Friday, and not a public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(toTime(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidaySet(Number(date.slice(0, 4))).has(date);
}

/** Whether day number `n` (days since 1970-01-01) is a working day, memoised: the clock asks often. */
const workingByDay = new Map<number, boolean>();
function isWorkingDayNumber(n: number): boolean {
  let working = workingByDay.get(n);
  if (working === undefined) {
    working = isWorkingDay(toDate(n * DAY_MS));
    workingByDay.set(n, working);
  }
  return working;
}

const dayNumber = (date: string) => {
  const time = toTime(date);
  if (Number.isNaN(time)) throw new Error(`'${date}' is not a YYYY-MM-DD date`);
  return time / DAY_MS;
};

/** The date `n` working days after `date` (the day itself not counted). */
export function addWorkingDays(date: string, n: number): string {
  let day = dayNumber(date);
  for (let left = n; left > 0; ) {
    day++;
    if (isWorkingDayNumber(day)) left--;
  }
  return toDate(day * DAY_MS);
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  const last = dayNumber(to);
  for (let day = dayNumber(from) + 1; day <= last; day++) if (isWorkingDayNumber(day)) count++;
  return count;
}

const startByDay = new Map<number, number>();
const dayStart = (n: number) => {
  let start = startByDay.get(n);
  if (start === undefined) {
    start = casablancaDayStart(toDate(n * DAY_MS));
    startByDay.set(n, start);
  }
  return start;
};

/**
 * Time between two instants that falls on Moroccan working days (Casablanca's calendar days,
 * weekends and public holidays excluded), in milliseconds: what a working-day budget has used.
 */
export function workingTimeMs(start: number, end: number): number {
  if (start >= end) return 0;
  let total = 0;
  // One time-zone lookup for the first day; the next ones follow by day number (memoised).
  let day = dayNumber(casablancaDate(new Date(start)));
  for (let t = start; t < end; day++) {
    const next = Math.min(end, dayStart(day + 1));
    if (isWorkingDayNumber(day)) total += next - t;
    t = next;
  }
  return total;
}

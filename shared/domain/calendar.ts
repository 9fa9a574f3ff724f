/** Moroccan calendar dates, kept apart from the procedures catalogue so importing them does not load it. */
/**
 * The parts (`year`, `month`, `hour`, …) of an instant in Moroccan legal time, by a time-zoned formatter
 * built on first use: the first one in a process loads ICU's zone data (~20 ms on these machines), and
 * most functions import the modules that declare one without asking for a date.
 */
export function casablancaParts(
  options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>,
): (instant: Date) => Record<string, string> {
  let format: Intl.DateTimeFormat | undefined;
  return (instant) => {
    format ??= new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Africa/Casablanca' });
    return Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  };
}
const dateParts = /* @__PURE__ */ casablancaParts({ year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of an instant in Morocco, as 'YYYY-MM-DD' (the offset comes from the runtime's tz data, never hard-coded). */
export function casablancaDate(instant: Date): string {
  const parts = dateParts(instant);
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const HOUR_MS = 3_600_000;
const dayStarts = new Map<string, number>();

/**
 * The instant a Moroccan calendar day begins (its local midnight), found by bisection over
 * `casablancaDate` so the offset comes from the runtime's tz data, never from a constant: it was
 * 23:00 UTC the day before under UTC+1 (00:00 in Ramadan), and is 00:00 UTC since Morocco's move to
 * UTC+0 on 2026-09-20 (tzdata 2026c, in Node 24). Memoised: the legal clock asks for the same days
 * again and again.
 */
export function casablancaDayStart(date: string): number {
  const cached = dayStarts.get(date);
  if (cached !== undefined) return cached;
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(utcMidnight)) throw new Error(`'${date}' is not a YYYY-MM-DD date`);
  // Morocco's offset stays within ±14 hours of UTC: the day starts between these two instants.
  let before = utcMidnight - 14 * HOUR_MS;
  let after = utcMidnight + 14 * HOUR_MS;
  while (after - before > 60_000) {
    const mid = before + Math.floor((after - before) / 2 / 60_000) * 60_000;
    if (casablancaDate(new Date(mid)) < date) before = mid;
    else after = mid;
  }
  dayStarts.set(date, after);
  return after;
}

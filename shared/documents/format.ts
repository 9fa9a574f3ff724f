/** Dates and amounts as the documents print them, in both languages (Latin digits, as Moroccan administrations print them). */
// Built on first use, like shared/domain/calendar.ts's: a time-zoned formatter at import costs every
// function that imports this module the load of ICU's zone data.
let casablancaFormat: Intl.DateTimeFormat | undefined;
function casablancaParts(instant: Date): Intl.DateTimeFormatPart[] {
  casablancaFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Africa/Casablanca',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return casablancaFormat.formatToParts(instant);
}

export function parseInstant(iso: string, what = 'instant'): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`Document: ${what} is not a valid instant: '${iso}'`);
  return date;
}

/** `DD/MM/YYYY HH:mm`, Moroccan legal time (Africa/Casablanca, which follows Ramadan changes). */
export function formatCasablancaDateTime(iso: string): string {
  const parts = Object.fromEntries(
    casablancaParts(parseInstant(iso)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** A calendar date `YYYY-MM-DD` as `DD/MM/YYYY`. */
export function formatDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return y && m && d ? `${d}/${m}/${y}` : date;
}

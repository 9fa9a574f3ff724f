/** Dates and amounts as the documents print them, in both languages (Latin digits, as Moroccan administrations print them). */
import { casablancaParts } from '../domain/calendar.ts';

const dateTimeParts = /* @__PURE__ */ casablancaParts({
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function parseInstant(iso: string, what = 'instant'): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`Document: ${what} is not a valid instant: '${iso}'`);
  return date;
}

/** `DD/MM/YYYY HH:mm`, Moroccan legal time (Africa/Casablanca, which follows Ramadan changes). */
export function formatCasablancaDateTime(iso: string): string {
  const parts = dateTimeParts(parseInstant(iso));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** A calendar date `YYYY-MM-DD` as `DD/MM/YYYY`. */
export function formatDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return y && m && d ? `${d}/${m}/${y}` : date;
}

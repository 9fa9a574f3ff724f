/** Moroccan calendar dates, kept apart from the procedures catalogue so importing them does not load it. */
const casablancaFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Africa/Casablanca',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of an instant in Morocco, as 'YYYY-MM-DD' (the offset comes from the runtime's tz data, never hard-coded). */
export function casablancaDate(instant: Date): string {
  const parts = Object.fromEntries(casablancaFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * CSV cells for files people open in a spreadsheet (RFC 4180 quoting). A text cell starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (CSV/formula injection:
 * `=HYPERLINK(…)`, DDE): it is made inert with a leading `'` (OWASP's advice), which spreadsheets show
 * as text. Numbers, and text that is a plain number (a negative movement, an amount), stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (no line break). */
export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');

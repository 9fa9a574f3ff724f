/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields quoted when they hold a quote, comma or line
 * break), safe to open in a spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return would be run as a formula by Excel or LibreOffice (CSV injection, OWASP), so it is
 * written behind a leading apostrophe, which spreadsheets show as text. Numbers are written as
 * JavaScript prints them and never touched (a negative number is data, not a formula).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
/** Text that is a plain number (a negative amount given as text) is data too. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');

/** A whole document: the header, then one line per row, each ending in CRLF. */
export const csvDocument = (header: readonly string[], rows: Iterable<readonly unknown[]>): string => {
  const lines = [header.join(',')];
  for (const row of rows) lines.push(csvLine(row));
  return `${lines.join('\r\n')}\r\n`;
};

/** Parses RFC 4180 text into rows of fields (quotes undone; no type conversion). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

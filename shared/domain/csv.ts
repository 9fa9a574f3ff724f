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

export interface CsvRecord {
  /** The line the record starts on (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 text into records (quotes undone; no type conversion): quoted fields may hold
 * commas, quotes ("") and line breaks; CRLF, LF or CR end a record; a leading BOM is dropped.
 * `skipBlank` drops records whose fields are all blank (their lines still count).
 */
export function parseCsvRecords(text: string, options: { skipBlank?: boolean } = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (!options.skipBlank || fields.some((f) => f.trim() !== '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0) end();
  return records;
}

/** Parses RFC 4180 text into rows of fields, blank rows kept (see parseCsvRecords). */
export const parseCsv = (text: string): string[][] => parseCsvRecords(text).map((r) => r.fields);

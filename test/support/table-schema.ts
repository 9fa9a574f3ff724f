/**
 * A small validator of CSV files against a Frictionless Table Schema (the subset the catalogue uses:
 * string, integer, number, boolean and date fields; required, enum, pattern and minimum constraints;
 * `""` as the missing value; the header equal to the field names). Returns every problem found.
 */
import { parseCsv } from '#shared/domain/csv.ts';
import type { TableField, TableSchema } from '#shared/domain/open-data/catalogue.ts';

const TYPE_CHECKS: Record<TableField['type'], (v: string) => boolean> = {
  string: () => true,
  integer: (v) => /^-?\d+$/.test(v),
  number: (v) => /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v),
  boolean: (v) => v === 'true' || v === 'false',
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
};

export function validateCsv(text: string, schema: TableSchema): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('the file does not end with CRLF');
  const [header, ...rows] = parseCsv(text);
  const names = schema.fields.map((f) => f.name);
  if (JSON.stringify(header) !== JSON.stringify(names))
    problems.push(`header ${JSON.stringify(header)} is not ${JSON.stringify(names)}`);
  const keys = new Set<string>();
  rows.forEach((row, r) => {
    const line = r + 2;
    if (row.length !== names.length) {
      problems.push(`line ${line}: ${row.length} fields, expected ${names.length}`);
      return;
    }
    schema.fields.forEach((field, i) => {
      const value = row[i] as string;
      const c = field.constraints ?? {};
      if (schema.missingValues.includes(value)) {
        if (c.required) problems.push(`line ${line}: ${field.name} is required`);
        return;
      }
      if (!TYPE_CHECKS[field.type](value))
        problems.push(`line ${line}: ${field.name}=${value} is not a ${field.type}`);
      if (c.enum && !c.enum.includes(value))
        problems.push(`line ${line}: ${field.name}=${value} not in enum`);
      if (c.pattern && !new RegExp(c.pattern).test(value))
        problems.push(`line ${line}: ${field.name}=${value} does not match ${c.pattern}`);
      if (c.minimum !== undefined && Number(value) < c.minimum)
        problems.push(`line ${line}: ${field.name}=${value} < ${c.minimum}`);
    });
    if (schema.primaryKey) {
      const key = schema.primaryKey.map((k) => row[names.indexOf(k)]).join('|');
      if (keys.has(key)) problems.push(`line ${line}: duplicate primary key ${key}`);
      keys.add(key);
    }
  });
  return problems;
}

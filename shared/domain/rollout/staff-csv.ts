import { parseCsvRecords } from '../csv.ts';
import { DomainError } from '../errors.ts';
import type { CsvRowError } from '../geo/commune-csv.ts';
import type { Principal, Scope } from '../identity/principal.ts';
import { assertMayGrant, resolveScope, StaffInput } from './staff.ts';

/** `roles` holds one role or several separated by `|` (e.g. `desk_agent|signatory`). */
export const STAFF_CSV_HEADER = [
  'email',
  'roles',
  'communeId',
  'provinceId',
  'agencyId',
  'firstName',
  'lastName',
  'title',
  'phone',
  'preferredLanguage',
] as const;

export interface StaffCsvRow {
  line: number;
  input: StaffInput;
  scope: Scope;
}

/**
 * Validates a staff CSV row by row (pure): the header, every field (zod), roles against scope,
 * what the importing principal may grant, one row per e-mail. `communeProvinces` maps the communes
 * the file names to their province (the caller looks them up), `provinces` the known province ids.
 * Every error is reported with its line; the caller writes nothing when there is one.
 */
export function parseStaffCsv(
  text: string,
  context: {
    principal: Principal;
    communeProvinces: ReadonlyMap<string, string>;
    provinces: ReadonlySet<string>;
  },
): { rows: StaffCsvRow[]; errors: CsvRowError[] } {
  const records = parseCsvRecords(text, { skipBlank: true });
  const rows: StaffCsvRow[] = [];
  const errors: CsvRowError[] = [];
  const header = records.shift();
  if (!header || header.fields.map((f) => f.trim()).join(',') !== STAFF_CSV_HEADER.join(',')) {
    return {
      rows,
      errors: [{ line: 1, message: `the header must be exactly: ${STAFF_CSV_HEADER.join(',')}` }],
    };
  }
  const emails = new Map<string, number>();
  for (const { line, fields } of records) {
    if (fields.length !== STAFF_CSV_HEADER.length) {
      errors.push({ line, message: `expected ${STAFF_CSV_HEADER.length} fields, found ${fields.length}` });
      continue;
    }
    const raw = Object.fromEntries(STAFF_CSV_HEADER.map((name, i) => [name, (fields[i] ?? '').trim()]));
    const parsed = StaffInput.safeParse({
      roles: raw.roles ? raw.roles.split('|').map((r) => r.trim()) : [],
      ...(raw.communeId ? { communeId: raw.communeId } : {}),
      ...(raw.provinceId ? { provinceId: raw.provinceId } : {}),
      ...(raw.agencyId ? { agencyId: raw.agencyId } : {}),
      firstName: raw.firstName,
      lastName: raw.lastName,
      title: raw.title,
      phone: raw.phone,
      email: raw.email,
      ...(raw.preferredLanguage ? { preferredLanguage: raw.preferredLanguage.toLowerCase() } : {}),
    });
    if (!parsed.success) {
      errors.push({
        line,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const input = parsed.data;
    const first = emails.get(input.email);
    if (first !== undefined) {
      errors.push({ line, message: `e-mail ${input.email} already on line ${first}: one row per person` });
      continue;
    }
    emails.set(input.email, line);
    try {
      const scope = resolveScope(
        input.roles,
        input,
        input.communeId ? context.communeProvinces.get(input.communeId) : undefined,
      );
      if (scope.provinceId && !context.provinces.has(scope.provinceId))
        throw new Error(`unknown province '${scope.provinceId}'`);
      assertMayGrant(context.principal, input.roles, scope);
      rows.push({ line, input, scope });
    } catch (error) {
      errors.push({
        line,
        message: error instanceof DomainError || error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { rows, errors };
}

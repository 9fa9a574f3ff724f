import { parseCsvRecords } from '../csv.ts';
import { type Commune, CommuneId, CommuneInput, type Province, toCommune } from './geo.ts';

export const COMMUNE_CSV_HEADER = ['id', 'provinceId', 'nameFr', 'nameAr', 'kind', 'population'] as const;
/** The same with the commune's official HCP code as a last column (the shipped data/geo/communes.csv). */
export const COMMUNE_CSV_HEADER_WITH_CODE = [...COMMUNE_CSV_HEADER, 'code'] as const;

export interface CsvRowError {
  line: number;
  message: string;
}

export interface CommuneCsvResult {
  communes: Commune[];
  errors: CsvRowError[];
}

/**
 * Validates every row of a communes CSV (header `id,provinceId,nameFr,nameAr,kind,population`,
 * optionally followed by `,code`). Ids and codes must be unique. All rows are checked before
 * anything is written so an import is all-or-nothing.
 */
export function parseCommuneCsv(
  text: string,
  provinces: ReadonlyMap<string, Province>,
  now: Date,
): CommuneCsvResult {
  const rows = parseCsvRecords(text, { skipBlank: true });
  const errors: CsvRowError[] = [];
  const communes: Commune[] = [];
  const header = rows
    .shift()
    ?.fields.map((f) => f.trim())
    .join(',');
  const columns =
    header === COMMUNE_CSV_HEADER.join(',')
      ? COMMUNE_CSV_HEADER.length
      : header === COMMUNE_CSV_HEADER_WITH_CODE.join(',')
        ? COMMUNE_CSV_HEADER_WITH_CODE.length
        : 0;
  if (columns === 0) {
    return {
      communes,
      errors: [
        {
          line: 1,
          message: `the header must be exactly: ${COMMUNE_CSV_HEADER.join(',')} (optionally followed by ,code)`,
        },
      ],
    };
  }
  const seen = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== columns) {
      errors.push({ line, message: `expected ${columns} fields, found ${fields.length}` });
      continue;
    }
    const [id = '', provinceId, nameFr, nameAr, kind, population = '', code = ''] = fields.map((f) =>
      f.trim(),
    );
    const idCheck = CommuneId.safeParse(id);
    const parsed = CommuneInput.safeParse({
      provinceId,
      nameFr,
      nameAr,
      kind,
      population: population === '' ? null : Number(population),
      ...(code === '' ? {} : { code }),
    });
    if (!idCheck.success || !parsed.success) {
      const issues = [
        ...(idCheck.success ? [] : idCheck.error.issues.map((i) => `id: ${i.message}`)),
        ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)),
      ];
      errors.push({ line, message: issues.join('; ') });
      continue;
    }
    const firstLine = seen.get(id);
    if (firstLine !== undefined) {
      errors.push({ line, message: `duplicate id '${id}' (first seen on line ${firstLine})` });
      continue;
    }
    seen.set(id, line);
    const firstCodeLine = code === '' ? undefined : seenCodes.get(code);
    if (firstCodeLine !== undefined) {
      errors.push({ line, message: `duplicate code '${code}' (first seen on line ${firstCodeLine})` });
      continue;
    }
    if (code !== '') seenCodes.set(code, line);
    const commune = toCommune(id, parsed.data, provinces, now);
    if ('error' in commune) errors.push({ line, message: commune.error });
    else communes.push(commune);
  }
  return { communes, errors };
}

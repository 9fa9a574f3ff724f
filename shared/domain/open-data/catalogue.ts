import { INPUTS_CSV_COLUMNS } from '../ranking/inputs.ts';
import { CSV_COLUMNS } from '../ranking/publish.ts';
import { PUBLIC_RECORD_COLUMNS } from './public-records.ts';

/**
 * The open-data catalogue: a Frictionless Data Package (`datapackage.json`, v1 spec with the
 * `tabular-data-package` fields) that lists every file of the open-data bucket by dataset, with its
 * Table Schema for CSV files, the licence and how often it is updated, plus a small bilingual
 * `index.html` for people. Both are rebuilt from a listing of the bucket after every publication, so
 * they name exactly what is there. Pure: the same listing gives the same bytes.
 */

export const LICENSE = {
  name: 'CC-BY-4.0',
  title: 'Creative Commons Attribution 4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date';
export interface TableField {
  name: string;
  type: FieldType;
  description?: string;
  constraints?: { required?: boolean; enum?: string[]; pattern?: string; minimum?: number };
}
export interface TableSchema {
  fields: TableField[];
  missingValues: string[];
  primaryKey?: string[];
}

export interface Dataset {
  id: string;
  titleFr: string;
  titleAr: string;
  description: string;
  /** DCAT-style frequency: how often new files or new versions appear. */
  updateFrequency: 'daily' | 'weekly' | 'monthly' | 'on-change';
  /** The keys of the bucket that belong to this dataset. */
  matches: RegExp;
  /** Table Schema of its CSV files. */
  schema?: TableSchema;
}

const MONTH = '^\\d{4}-(0[1-9]|1[0-2])$';
const req = { required: true };
const text = (name: string, description?: string, constraints?: TableField['constraints']): TableField => ({
  name,
  type: 'string',
  ...(description ? { description } : {}),
  ...(constraints ? { constraints } : {}),
});
const int = (name: string, constraints?: TableField['constraints']): TableField => ({
  name,
  type: 'integer',
  ...(constraints ? { constraints } : {}),
});
const num = (name: string): TableField => ({ name, type: 'number' });
const date = (name: string, constraints?: TableField['constraints']): TableField => ({
  name,
  type: 'date',
  ...(constraints ? { constraints } : {}),
});

const INDICATOR_TYPES: Record<string, FieldType> = {
  shareDecidedInTime: 'number',
  overdueBacklogRate: 'number',
  avgReturnRounds: 'number',
  tacitApprovalRate: 'number',
};

const rankingField = (name: (typeof CSV_COLUMNS)[number]): TableField => {
  switch (name) {
    case 'period':
      return text(name, 'The month ranked (YYYY-MM).', { required: true, pattern: MONTH });
    case 'status':
      return text(name, 'final once the month is over, provisional before.', {
        required: true,
        enum: ['final', 'provisional'],
      });
    case 'asOf':
      return date(name, req);
    case 'Jurisdiction':
      return text(name, 'Commune id (BLDS Jurisdiction).', req);
    case 'communeKind':
      return text(name, undefined, { required: true, enum: ['urban', 'rural'] });
    case 'ranked':
      return { name, type: 'boolean', constraints: req };
    case 'score':
      return num(name);
    case 'nationalRank':
    case 'regionalRank':
    case 'peerGroupRank':
    case 'previousNationalRank':
      return int(name, { minimum: 1 });
    case 'movement':
      return int(name);
    case 'methodologyVersion':
    case 'communeNameFr':
    case 'communeNameAr':
    case 'provinceId':
    case 'regionId':
    case 'peerGroup':
      return text(name, undefined, req);
    case 'notRankedReason':
      return text(name, undefined, { enum: ['below-minimum-volume', 'insufficient-data'] });
    default: {
      const indicator = name.replace(/^(month|rolling12)_/, '');
      return { name, type: INDICATOR_TYPES[indicator] ?? 'integer' };
    }
  }
};

const inputsField = (name: (typeof INPUTS_CSV_COLUMNS)[number]): TableField => {
  switch (name) {
    case 'period':
      return text(name, undefined, { required: true, pattern: MONTH });
    case 'month':
      return text(name, 'A month of the rolling window (empty: no activity in the window).', {
        pattern: MONTH,
      });
    case 'Jurisdiction':
    case 'communeNameFr':
    case 'communeNameAr':
    case 'provinceId':
    case 'regionId':
      return text(name, undefined, req);
    case 'communeKind':
      return text(name, undefined, { required: true, enum: ['urban', 'rural'] });
    case 'population':
      return int(name, { minimum: 0 });
    case 'previousNationalRank':
      return int(name, { minimum: 1 });
    case 'openingBacklog':
      return int(name, req);
    case 'decisionDays':
    case 'issueDays':
      return text(name, 'Delay histogram: space-separated days:count pairs (366 = a year or more).', {
        pattern: '^(\\d{1,3}:\\d+( \\d{1,3}:\\d+)*)?$',
      });
    default:
      return int(name, req);
  }
};

const recordField = (name: (typeof PUBLIC_RECORD_COLUMNS)[number]): TableField => {
  switch (name) {
    case 'recordId':
      return text(name, 'Opaque id of the file (same in decisions and permits).', {
        required: true,
        pattern: '^[0-9a-f]{16}$',
      });
    case 'Jurisdiction':
    case 'provinceId':
    case 'regionId':
    case 'PermitType':
    case 'StatusCurrent':
      return text(name, undefined, req);
    case 'Decision':
      return text(name, undefined, { enum: ['APPROVED', 'REJECTED', 'TACITLY_APPROVED'] });
    case 'AppliedDate':
    case 'DecisionDate':
    case 'IssuedDate':
      return date(name);
    case 'FloorAreaM2':
    case 'EstProjectCostMAD':
      return num(name);
    case 'HousingUnits':
    case 'DelayDays':
      return int(name, { minimum: 0 });
    default:
      return text(name);
  }
};

const schemaOf = (fields: TableField[], primaryKey?: string[]): TableSchema => ({
  fields,
  missingValues: [''],
  ...(primaryKey ? { primaryKey } : {}),
});

export const DATASETS: readonly Dataset[] = [
  {
    id: 'commune-rankings',
    titleFr: 'Classement des communes',
    titleAr: 'ترتيب الجماعات',
    description:
      'Score and national, regional and peer-group ranks of every commune, with the indicators of the month and of the rolling 12 months.',
    updateFrequency: 'monthly',
    matches: /^rankings\/\d{4}-\d{2}\/ranking\.(csv|json)$/,
    schema: schemaOf(CSV_COLUMNS.map(rankingField), ['Jurisdiction']),
  },
  {
    id: 'ranking-inputs',
    titleFr: 'Données d’entrée du classement',
    titleAr: 'معطيات احتساب الترتيب',
    description:
      'Per commune and month of the rolling window: the counters and delay histograms the ranking is computed from (npm run recompute:ranking reproduces the ranking from them).',
    updateFrequency: 'monthly',
    matches: /^rankings\/\d{4}-\d{2}\/inputs\.(csv|json)$/,
    schema: schemaOf(INPUTS_CSV_COLUMNS.map(inputsField)),
  },
  {
    id: 'ranking-methodology',
    titleFr: 'Méthodologie du classement',
    titleAr: 'منهجية الترتيب',
    description:
      'Each published version of the methodology: indicators, weights, normalisation, peer groups.',
    updateFrequency: 'on-change',
    matches: /^rankings\/methodology\/[^/]+\.json$/,
  },
  {
    id: 'decisions',
    titleFr: 'Décisions par commune et par mois',
    titleAr: 'القرارات حسب الجماعة والشهر',
    description:
      'One line per decision (approved, rejected, tacitly approved), BLDS-aligned, without personal data.',
    updateFrequency: 'weekly',
    matches: /^decisions\/\d{4}-\d{2}\/decisions\.csv$/,
    schema: schemaOf(PUBLIC_RECORD_COLUMNS.map(recordField), ['recordId']),
  },
  {
    id: 'permits',
    titleFr: 'Autorisations délivrées par commune et par mois',
    titleAr: 'الرخص المسلمة حسب الجماعة والشهر',
    description:
      'One line per signed permit, BLDS-aligned (PermitNum, IssuedDate, …), without personal data.',
    updateFrequency: 'weekly',
    matches: /^permits\/\d{4}-\d{2}\/permits\.csv$/,
    schema: schemaOf(PUBLIC_RECORD_COLUMNS.map(recordField), ['recordId']),
  },
  {
    id: 'signing-keys',
    titleFr: 'Clés de signature publiées et liste de révocation',
    titleAr: 'مفاتيح التوقيع المنشورة ولائحة الإلغاء',
    description: 'The public keys permits are signed with, their certificates and the revocation list.',
    updateFrequency: 'on-change',
    matches: /^(keys|pki)\/[^/]+$/,
  },
  {
    id: 'audit-anchors',
    titleFr: 'Ancrages quotidiens du journal d’audit',
    titleAr: 'المراسي اليومية لسجل التتبع',
    description:
      'The signed Merkle root of each day’s application events, and the seal key’s public key that checks them (docs/audit.md).',
    updateFrequency: 'daily',
    matches: /^audit\/.+\.(json|pem)$/,
  },
];

export const CATALOGUE_KEY = 'datapackage.json';
export const INDEX_KEY = 'index.html';

export const datasetOf = (key: string): Dataset | undefined => DATASETS.find((d) => d.matches.test(key));

export interface ListedObject {
  key: string;
  bytes: number;
}

const MEDIA: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  pem: 'application/x-pem-file',
  crl: 'application/pkix-crl',
  cer: 'application/pkix-cert',
};

/** A resource name as the spec wants it: lower-case, digits, `-`, `_`, `.`. */
const resourceName = (key: string) => key.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');

export interface DataPackage {
  profile: 'tabular-data-package' | 'data-package';
  name: string;
  title: string;
  description: string;
  homepage?: string;
  licenses: (typeof LICENSE)[];
  datasets: { id: string; titleFr: string; titleAr: string; description: string; updateFrequency: string }[];
  resources: {
    name: string;
    path: string;
    dataset: string;
    title: string;
    format: string;
    mediatype: string;
    encoding: 'utf-8';
    bytes: number;
    updateFrequency: string;
    profile: 'tabular-data-resource' | 'data-resource';
    dialect?: { delimiter: ','; lineTerminator: '\r\n'; header: true };
    schema?: TableSchema;
  }[];
}

/** The catalogue of what the bucket holds (files of no known dataset, and the catalogue itself, are left out). */
export function dataPackage(objects: readonly ListedObject[]): DataPackage {
  const resources: DataPackage['resources'] = [];
  for (const object of [...objects].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const dataset = datasetOf(object.key);
    if (!dataset) continue;
    const format = object.key.split('.').pop() ?? '';
    const tabular = format === 'csv' && dataset.schema;
    resources.push({
      name: resourceName(object.key),
      path: object.key,
      dataset: dataset.id,
      title: `${dataset.titleFr} — ${object.key}`,
      format,
      mediatype: MEDIA[format] ?? 'application/octet-stream',
      encoding: 'utf-8',
      bytes: object.bytes,
      updateFrequency: dataset.updateFrequency,
      profile: tabular ? 'tabular-data-resource' : 'data-resource',
      ...(tabular
        ? { dialect: { delimiter: ',', lineTerminator: '\r\n', header: true }, schema: dataset.schema }
        : {}),
    });
  }
  return {
    profile: 'data-package',
    name: 'rukhsa-open-data',
    title: 'Rukhsa — données ouvertes des autorisations d’urbanisme et d’activité économique',
    description:
      'Open data of the Moroccan communes’ permits platform: the commune ranking and its inputs, decisions and permits per commune and month, the signing keys and the audit anchors. No personal data.',
    licenses: [LICENSE],
    datasets: DATASETS.map(({ id, titleFr, titleAr, description, updateFrequency }) => ({
      id,
      titleFr,
      titleAr,
      description,
      updateFrequency,
    })),
    resources,
  };
}

export const dataPackageJson = (objects: readonly ListedObject[]): string =>
  `${JSON.stringify(dataPackage(objects), null, 2)}\n`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for people: the datasets and their files, in French and Arabic. */
export function indexHtml(objects: readonly ListedObject[]): string {
  const pkg = dataPackage(objects);
  const sections = DATASETS.map((d) => {
    const files = pkg.resources.filter((r) => r.dataset === d.id);
    const list = files.length
      ? files
          .map((r) => `<li><a href="${escapeHtml(r.path)}">${escapeHtml(r.path)}</a> (${r.bytes} o)</li>`)
          .join('')
      : '<li>—</li>';
    return `<section><h2>${escapeHtml(d.titleFr)} · <span lang="ar" dir="rtl">${escapeHtml(d.titleAr)}</span></h2><p>${escapeHtml(d.description)} (${d.updateFrequency})</p><ul>${list}</ul></section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rukhsa — données ouvertes</title></head>
<body><h1>Rukhsa — données ouvertes · <span lang="ar" dir="rtl">البيانات المفتوحة</span></h1>
<p>Catalogue : <a href="${CATALOGUE_KEY}">${CATALOGUE_KEY}</a> (Frictionless Data Package). Licence : <a href="${LICENSE.path}">${LICENSE.title}</a>.</p>
${sections}
</body></html>
`;
}

/** What the bucket-listing publication needs. */
export interface OpenDataBucket {
  list(): Promise<ListedObject[]>;
  put(key: string, body: string, contentType: string): Promise<void>;
}

/**
 * Rebuilds the catalogue and the index page from the bucket's listing. Publishers run at once (the
 * ranking job, a key's issuance, the audit's day seal): one that listed before another's files were
 * written may write its catalogue last. So each lists again after writing, and writes again while the
 * listing has changed: the last writer's catalogue names every file.
 */
export async function publishCatalogue(bucket: OpenDataBucket): Promise<{ resources: number }> {
  let objects = await bucket.list();
  let pkg = dataPackageJson(objects);
  for (let round = 0; ; round++) {
    await bucket.put(CATALOGUE_KEY, pkg, 'application/json');
    await bucket.put(INDEX_KEY, indexHtml(objects), 'text/html; charset=utf-8');
    const now = await bucket.list();
    const next = dataPackageJson(now);
    if (round === MAX_CATALOGUE_ROUNDS || next === pkg) break;
    objects = now;
    pkg = next;
  }
  return { resources: dataPackage(objects).resources.length };
}
/** Writes after the first, at most: files keep coming only while publishers keep running. */
const MAX_CATALOGUE_ROUNDS = 3;

import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, parseCsv } from '#shared/domain/csv.ts';
import {
  DATASETS,
  type DataPackage,
  dataPackage,
  dataPackageJson,
  datasetOf,
  indexHtml,
  type ListedObject,
  type OpenDataBucket,
  publishCatalogue,
} from '#shared/domain/open-data/catalogue.ts';
import { publicRecords, publicRecordsCsv, recordIdOf } from '#shared/domain/open-data/public-records.ts';
import { aggregateDeltas } from '#shared/domain/ranking/aggregate-events.ts';
import {
  type DayAggregate,
  foldDays,
  mergeDay,
  type PeriodWindow,
  periodWindow,
  rollUpMonths,
} from '#shared/domain/ranking/indicators.ts';
import {
  communeInputs,
  inputsCsv,
  inputsJson,
  RankingInputsSchema,
  rankingInputs,
  snapshotFromInputs,
} from '#shared/domain/ranking/inputs.ts';
import { METHODOLOGY_2026_1, sha256 } from '#shared/domain/ranking/methodology.ts';
import { rankingCsv } from '#shared/domain/ranking/publish.ts';
import type { CommuneInfo } from '#shared/domain/ranking/rank.ts';
import { buildSnapshot } from '#shared/domain/ranking/use-cases.ts';
import { syntheticApplications } from '../../scripts/bench/ranking-synthetic.ts';
import { personalDataIn } from '../support/personal-data.ts';
import { validateCsv } from '../support/table-schema.ts';

const communeIds = Array.from({ length: 30 }, (_, i) => `cas-commune-${String(i).padStart(2, '0')}`);
const infos: CommuneInfo[] = communeIds.map((id, i) => ({
  id,
  nameFr: `Commune ${i}`,
  nameAr: 'جماعة',
  provinceId: 'MA-CAS',
  regionId: i % 2 ? 'MA-06' : 'MA-04',
  kind: i % 3 ? 'urban' : 'rural',
  population: 10_000 * (i + 1),
}));

/** The day aggregates the stream consumer would have stored, per commune. */
function dayAggregates(seed: number): Map<string, DayAggregate[]> {
  const days = new Map<string, DayAggregate>();
  for (const app of syntheticApplications({
    seed,
    communeIds,
    applications: 4000,
    fromDay: '2025-03-01',
    days: 450,
    horizon: Date.parse('2026-07-01T00:00:00Z'),
  })) {
    for (let i = 0; i < app.images.length; i++)
      for (const delta of aggregateDeltas(app.images[i - 1], app.images[i])) {
        const key = `${delta.communeId}|${delta.day}`;
        days.set(
          key,
          mergeDay(
            days.get(key) ?? {
              communeId: delta.communeId,
              day: delta.day,
              counters: {},
              decisionDays: {},
              issueDays: {},
            },
            delta,
          ),
        );
      }
  }
  const out = new Map<string, DayAggregate[]>();
  for (const day of days.values()) out.set(day.communeId, [...(out.get(day.communeId) ?? []), day]);
  return out;
}

const aggregates = dayAggregates(7);
const previousRanks = new Map([
  ['cas-commune-03', 1],
  ['cas-commune-10', 2],
]);
const inputsFor = (window: PeriodWindow) =>
  rankingInputs({
    window,
    methodology: METHODOLOGY_2026_1,
    communes: infos.map((c) =>
      communeInputs(c, aggregates.get(c.id) ?? [], window, previousRanks.get(c.id) ?? null),
    ),
  });

describe('ranking inputs', () => {
  const windows = [
    periodWindow('2026-03', '2026-04-05') as PeriodWindow,
    periodWindow('2026-06', '2026-06-20') as PeriodWindow,
    periodWindow('2025-12', '2026-02-01') as PeriodWindow,
  ];

  it('rank exactly as the day aggregates do: same rows, for final and provisional periods', () => {
    for (const window of windows) {
      const fromInputs = snapshotFromInputs(inputsFor(window), METHODOLOGY_2026_1);
      const fromDays = buildSnapshot({
        window,
        communes: infos,
        indicators: new Map(infos.map((c) => [c.id, foldDays(aggregates.get(c.id) ?? [], window)])),
        methodology: METHODOLOGY_2026_1,
        previousRanks,
        inputsChecksum: fromInputs.inputsChecksum,
      });
      expect(fromInputs.rows, window.period).toEqual(fromDays.rows);
      expect(fromInputs.ranked).toBeGreaterThan(5);
    }
  });

  it('are the same whether read from day items or from the month roll-ups the job reads', () => {
    const window = windows[0] as PeriodWindow;
    const fromRollUps = rankingInputs({
      window,
      methodology: METHODOLOGY_2026_1,
      communes: infos.map((c) =>
        communeInputs(c, rollUpMonths(aggregates.get(c.id) ?? []), window, previousRanks.get(c.id) ?? null),
      ),
    });
    expect(inputsJson(fromRollUps)).toBe(inputsJson(inputsFor(window)));
  });

  it('hold one aggregate per month of the rolling window and the backlog carried in', () => {
    const inputs = inputsFor(windows[0] as PeriodWindow);
    expect(RankingInputsSchema.parse(JSON.parse(inputsJson(inputs)))).toEqual(inputs);
    for (const c of inputs.communes) {
      expect(c.months.length).toBeLessThanOrEqual(12);
      for (const m of c.months) expect(m.month >= '2025-04' && m.month <= '2026-03', m.month).toBe(true);
    }
    const later = inputsFor(windows[1] as PeriodWindow);
    expect(later.communes.some((c) => c.openingBacklog !== 0)).toBe(true);
  });

  it('name their own SHA-256 in the ranking, and a changed count changes the ranking', () => {
    const inputs = inputsFor(windows[0] as PeriodWindow);
    const snapshot = snapshotFromInputs(inputs, METHODOLOGY_2026_1);
    expect(snapshot.inputsChecksum).toBe(sha256(inputsJson(inputs)));
    const tampered = structuredClone(inputs);
    const month = tampered.communes.find((c) => c.months.length > 0)?.months.at(-1);
    if (!month) throw new Error('no month');
    month.counters.decidedInTime += 5;
    const other = snapshotFromInputs(tampered, METHODOLOGY_2026_1);
    expect(other.inputsChecksum).not.toBe(snapshot.inputsChecksum);
    expect(rankingCsv(other)).not.toBe(rankingCsv(snapshot));
  });

  it('publish a CSV that matches the catalogue schema', () => {
    const schema = DATASETS.find((d) => d.id === 'ranking-inputs')?.schema;
    const csv = inputsCsv(inputsFor(windows[0] as PeriodWindow));
    expect(validateCsv(csv, schema as never)).toEqual([]);
    expect(parseCsv(csv).length).toBeGreaterThan(communeIds.length);
  });

  it('refuses a methodology other than the one named', () => {
    expect(() =>
      snapshotFromInputs(inputsFor(windows[0] as PeriodWindow), { ...METHODOLOGY_2026_1, version: '2027.1' }),
    ).toThrow(/2026\.1/);
  });
});

describe('CSV cells', () => {
  it('makes a text cell that starts with = + - @ (or a tab) inert, and leaves numbers alone', () => {
    for (const dangerous of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'])
      expect(csvCell(dangerous).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell('Sidi "Bou", Ali')).toBe('"Sidi ""Bou"", Ali"');
    expect(csvCell(null)).toBe('');
    const text = csvDocument(
      ['a', 'b'],
      [
        ['=1+1', 'x,y'],
        [-1, 'line\nbreak'],
      ],
    );
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ["'=1+1", 'x,y'],
      ['-1', 'line\nbreak'],
    ]);
  });
});

describe('public records', () => {
  const person = {
    entity: 'Application',
    id: 'app-123',
    communeId: 'cas-anfa',
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    procedureCode: 'PC_SMALL',
    applicant: {
      kind: 'person',
      firstName: 'Khadija',
      lastName: 'Bennani',
      cin: 'BE123456',
      phone: '0612345678',
      email: 'k.bennani@example.ma',
    },
    parcel: { landTitle: 'TF 4567/63', address: '12 rue des Orangers, Casablanca' },
    project: {
      description: 'Maison de Mme Bennani',
      floorAreaM2: 180,
      units: 1,
      worksCostCentimes: 45_000_000,
      buildingCategory: 'individual_housing',
    },
    submittedAt: '2026-03-02T09:00:00.000Z',
    pausedDays: 2,
  };
  const decided = {
    ...person,
    status: 'AWAITING_PAYMENT',
    decision: { decision: 'APPROVED', decidedAt: '2026-03-20T10:00:00.000Z' },
  };
  const issued = {
    ...decided,
    status: 'ISSUED',
    permit: { number: 'RK-2026-000123', issuedAt: '2026-04-01T11:00:00.000Z' },
  };

  it('records a decision and then a permit, with BLDS fields and nothing personal', () => {
    const [decision] = publicRecords({ ...person, status: 'READY_FOR_DECISION' }, decided);
    expect(decision).toMatchObject({
      kind: 'decision',
      month: '2026-03',
      recordId: recordIdOf('app-123'),
      Jurisdiction: 'cas-anfa',
      PermitType: 'PC_SMALL',
      ProposedUse: 'individual_housing',
      AppliedDate: '2026-03-02',
      DecisionDate: '2026-03-20',
      Decision: 'APPROVED',
      PermitNum: null,
      FloorAreaM2: 180,
      HousingUnits: 1,
      EstProjectCostMAD: 450_000,
      DelayDays: 16,
    });
    const [permit] = publicRecords(decided, issued);
    expect(permit).toMatchObject({
      kind: 'permit',
      month: '2026-04',
      PermitNum: 'RK-2026-000123',
      IssuedDate: '2026-04-01',
    });
    for (const [record, dataset] of [
      [decision, 'decisions'],
      [permit, 'permits'],
    ] as const) {
      const csv = publicRecordsCsv(record ? [record] : []);
      expect(personalDataIn(csv, ['Khadija', 'Bennani', 'Orangers', '4567/63', 'app-123'])).toEqual([]);
      expect(validateCsv(csv, DATASETS.find((d) => d.id === dataset)?.schema as never)).toEqual([]);
    }
  });

  it('records nothing for a change that decides nothing, and the same record for a replay', () => {
    expect(publicRecords(decided, { ...decided, status: 'PAID' })).toEqual([]);
    expect(publicRecords(undefined, { ...person, status: 'SUBMITTED' })).toEqual([]);
    expect(publicRecords(decided, issued)).toEqual(publicRecords(decided, issued));
  });

  it('finds personal data when it is there (the scanner can fail)', () => {
    expect(personalDataIn('x,k.bennani@example.ma,y')).toHaveLength(1);
    expect(personalDataIn('tel 0612345678')).toHaveLength(1);
    expect(personalDataIn('cin BE123456')).toHaveLength(1);
    expect(personalDataIn('Khadija', ['Khadija'])).toHaveLength(1);
  });
});

describe('catalogue', () => {
  const listing = [
    { key: 'rankings/2026-03/ranking.csv', bytes: 10 },
    { key: 'rankings/2026-03/ranking.json', bytes: 20 },
    { key: 'rankings/2026-03/inputs.json', bytes: 30 },
    { key: 'rankings/2026-03/inputs.csv', bytes: 31 },
    { key: 'rankings/methodology/2026.1.json', bytes: 40 },
    { key: 'decisions/2026-03/decisions.csv', bytes: 50 },
    { key: 'permits/2026-03/permits.csv', bytes: 60 },
    { key: 'audit/roots/2026-03-01.json', bytes: 70 },
    { key: 'stray/file.bin', bytes: 1 },
    { key: 'datapackage.json', bytes: 2 },
  ];

  it('lists every file of a known dataset with its schema, licence and frequency, the same bytes for the same listing', () => {
    const pkg = dataPackage(listing);
    expect(pkg.licenses[0]?.name).toBe('CC-BY-4.0');
    expect(pkg.resources.map((r) => r.path)).toEqual(
      listing
        .map((o) => o.key)
        .filter((k) => datasetOf(k))
        .sort(),
    );
    expect(pkg.resources.every((r) => /^[a-z0-9._-]+$/.test(r.name))).toBe(true);
    for (const r of pkg.resources.filter((r) => r.format === 'csv')) {
      expect(r.profile).toBe('tabular-data-resource');
      expect(r.schema?.fields.length).toBeGreaterThan(5);
    }
    expect(pkg.datasets.map((d) => d.id)).toEqual(DATASETS.map((d) => d.id));
    expect(dataPackageJson([...listing].reverse())).toBe(dataPackageJson(listing));
    expect(indexHtml(listing)).toContain('href="permits/2026-03/permits.csv"');
  });

  /**
   * A bucket in memory where another publisher adds `added` just after this one's first listing, then
   * writes, after this one's first write, the catalogue it had built before adding it.
   */
  function racedBucket(first: ListedObject[], added: string) {
    const files = new Map(first.map((o) => [o.key, '']));
    const listing = () => [...files.keys()].map((key) => ({ key, bytes: 1 }));
    let lists = 0;
    const bucket: OpenDataBucket = {
      list: async () => {
        const now = listing();
        if (lists++ === 0) {
          const stale = dataPackageJson(now);
          files.set(added, '');
          // The other publisher's stale catalogue lands after this one's first write.
          queueMicrotask(() => queueMicrotask(() => files.set('datapackage.json', stale)));
        }
        return now;
      },
      put: async (key, body) => {
        files.set(key, body);
      },
    };
    const catalogue = () => JSON.parse(files.get('datapackage.json') ?? '{}') as DataPackage;
    return { bucket, catalogue };
  }

  it('lists again after writing, and writes again until the catalogue names every file another publisher added', async () => {
    const added = 'permits/2026-03/permits.csv';
    const { bucket, catalogue } = racedBucket([{ key: 'rankings/2026-03/ranking.json', bytes: 1 }], added);
    await publishCatalogue(bucket);
    expect(catalogue().resources.map((r) => r.path)).toEqual([
      'permits/2026-03/permits.csv',
      'rankings/2026-03/ranking.json',
    ]);
  });
});

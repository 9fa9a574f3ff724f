/**
 * The open-data site on the local cloud, as anyone reads it: no credentials, plain HTTP GETs on the
 * loopback URL `npm start` prints. Two fresh communes get a month of aggregates and public records
 * (made from application images full of personal data), the ranking job publishes October 2024, and
 * then: the catalogue lists every dataset, every file it names downloads and matches its schema, no
 * file holds personal data, a write is refused, and the ranking is recomputed byte for byte from the
 * open data alone (and not from altered inputs).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoPublicRecordStore } from '#shared/adapters/dynamodb/public-record-store.ts';
import { DynamoRankingAggregateStore } from '#shared/adapters/dynamodb/ranking-repository.ts';
import { DATASETS, type DataPackage } from '#shared/domain/open-data/catalogue.ts';
import { keepPublicRecords } from '#shared/domain/open-data/use-cases.ts';
import { RankingInputsSchema } from '#shared/domain/ranking/inputs.ts';
import { Methodology } from '#shared/domain/ranking/methodology.ts';
import { recomputeRanking } from '../../scripts/open-data/recompute.ts';
import { testCloud } from '../support/cloud.ts';
import { lambdaContext } from '../support/events.ts';
import { documentClientFor } from '../support/fixtures.ts';
import { personalDataIn } from '../support/personal-data.ts';
import { validateCsv } from '../support/table-schema.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const site = cloud.outputs.openDataUrl;
const period = '2024-10';
const suffix = randomUUID().slice(0, 6);
const communeIds = [`rab-open-${suffix}-a`, `rab-open-${suffix}-b`];
// The people of this test's files: none of this may reach the open data.
const people = [
  {
    firstName: 'Zineb',
    lastName: `Alaoui${suffix}`,
    cin: 'AB765432',
    phone: '0661234567',
    email: `zineb.${suffix}@example.ma`,
  },
  {
    firstName: 'Youssef',
    lastName: `Tazi${suffix}`,
    cin: 'CD112233',
    phone: '0522334455',
    email: `youssef.${suffix}@example.ma`,
  },
];
const secrets = people.flatMap((p) => [p.lastName, p.cin, p.phone, p.email, `Rue ${p.lastName}`]);

let published: Record<string, unknown>;
let catalogue: DataPackage;

beforeAll(async () => {
  process.env.OPEN_DATA_BUCKET = cloud.outputs.openDataBucket;
  const geo = new DynamoGeoRepository(db, table);
  const aggregates = new DynamoRankingAggregateStore(db, table);
  const records = new DynamoPublicRecordStore(db, table);
  for (const [i, id] of communeIds.entries()) {
    await geo.putCommune({
      id,
      provinceId: 'MA-RAB',
      regionId: 'MA-04',
      nameFr: `Commune ouverte ${suffix} ${i}`,
      nameAr: 'جماعة البيانات المفتوحة',
      kind: 'urban',
      population: 80_000,
      updatedAt: new Date().toISOString(),
    });
    // A month of activity: 25 decisions, most in time (enough to be ranked), a few returns.
    for (let d = 1; d <= 25; d++) {
      const day = `${period}-${String(d).padStart(2, '0')}`;
      await aggregates.apply(`open-data-test#${id}#${day}`, [
        {
          communeId: id,
          day,
          counters: {
            received: 2,
            decided: 1,
            approved: 1,
            decidedInTime: d % (4 + i) ? 1 : 0,
            returned: d % 5 ? 0 : 1,
          },
          decisionDays: { [10 + ((d * (i + 1)) % 30)]: 1 },
          issueDays: {},
        },
      ]);
    }
    const person = people[i] as (typeof people)[number];
    const image = {
      entity: 'Application',
      id: `open-data-${suffix}-${i}`,
      communeId: id,
      provinceId: 'MA-RAB',
      regionId: 'MA-04',
      procedureCode: 'PC_SMALL',
      applicant: { kind: 'person', ...person },
      parcel: { landTitle: 'TF 98765/07', address: `Rue ${person.lastName}, Rabat` },
      project: {
        description: `Maison de ${person.firstName} ${person.lastName}`,
        floorAreaM2: 150,
        units: 1,
        worksCostCentimes: 30_000_000,
      },
      submittedAt: `${period}-01T09:00:00.000Z`,
    };
    const decided = {
      ...image,
      status: 'AWAITING_PAYMENT',
      decision: { decision: 'APPROVED', decidedAt: `${period}-15T10:00:00.000Z` },
    };
    const issued = {
      ...decided,
      status: 'ISSUED',
      permit: { number: `RK-${suffix}-${i}`, issuedAt: `${period}-20T10:00:00.000Z` },
    };
    expect(await keepPublicRecords(records, { ...image, status: 'READY_FOR_DECISION' }, decided)).toBe(1);
    expect(await keepPublicRecords(records, decided, issued)).toBe(1);
    // A replayed stream record writes the same items again.
    expect(await keepPublicRecords(records, decided, issued)).toBe(1);
  }
  const { handler } = await import('#functions/ranking/run-ranking.ts');
  published = (await handler(
    { period, communeIds, now: '2024-11-10T12:00:00.000Z' } as never,
    lambdaContext('job'),
  )) as never;
  catalogue = (await (await fetch(`${site}/datapackage.json`)).json()) as DataPackage;
}, 120_000);

describe('open-data site', () => {
  it('publishes the ranking, its inputs, the month’s decisions and permits, and a catalogue of them', () => {
    expect(published).toMatchObject({ period, status: 'final', communes: 2 });
    const paths = catalogue.resources.map((r) => r.path);
    for (const key of [
      `rankings/${period}/ranking.json`,
      `rankings/${period}/ranking.csv`,
      `rankings/${period}/inputs.json`,
      `rankings/${period}/inputs.csv`,
      'rankings/methodology/2026.1.json',
      `decisions/${period}/decisions.csv`,
      `permits/${period}/permits.csv`,
    ])
      expect(paths).toContain(key);
    expect(catalogue.licenses[0]?.name).toBe('CC-BY-4.0');
    expect(catalogue.datasets.map((d) => d.id)).toEqual(DATASETS.map((d) => d.id));
  });

  it('serves every file the catalogue names, matching its schema, with no personal data, without credentials', async () => {
    expect(catalogue.resources.length).toBeGreaterThanOrEqual(7);
    for (const resource of catalogue.resources) {
      const response = await fetch(`${site}/${resource.path}`);
      expect(response.status, resource.path).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const text = await response.text();
      expect(personalDataIn(text, secrets), resource.path).toEqual([]);
      if (resource.schema) expect(validateCsv(text, resource.schema), resource.path).toEqual([]);
      if (resource.format === 'json') {
        const body = JSON.parse(text);
        if (resource.dataset === 'ranking-inputs') RankingInputsSchema.parse(body);
        if (resource.dataset === 'ranking-methodology') Methodology.parse(body);
        if (resource.dataset === 'commune-rankings')
          expect(body).toMatchObject({ format: 'rukhsa-commune-ranking/1', rows: expect.any(Array) });
      }
    }
    const permits = await (await fetch(`${site}/permits/${period}/permits.csv`)).text();
    for (const i of [0, 1]) expect(permits).toContain(`RK-${suffix}-${i}`);
    expect((await fetch(`${site}/`)).headers.get('content-type')).toContain('text/html');
  });

  it('refuses an anonymous write and keeps the file as it was', async () => {
    const key = `rankings/${period}/ranking.csv`;
    const before = await (await fetch(`${site}/${key}`)).text();
    for (const method of ['PUT', 'POST', 'DELETE']) {
      const response = await fetch(`${site}/${key}`, { method, body: method === 'DELETE' ? undefined : 'x' });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect(await (await fetch(`${site}/${key}`)).text()).toBe(before);
  });

  it('lets anyone recompute the ranking byte for byte from the open data alone, and not from altered inputs', async () => {
    const result = await recomputeRanking(site, period);
    expect(result.files.map((f) => f.identical)).toEqual([true, true]);
    expect(result.identical).toBe(true);
    const ranking = (await (await fetch(`${site}/rankings/${period}/ranking.json`)).json()) as {
      inputsChecksum: string;
    };
    expect(ranking.inputsChecksum).toBe(result.inputsSha256);

    // One count changed in the downloaded inputs: the recomputation no longer matches.
    const altered = await recomputeRanking(site, period, async (url) => {
      const response = await fetch(url);
      if (!url.endsWith('/inputs.json')) return response;
      const text = (await response.text()).replace(
        /"decidedInTime":(\d+)/,
        (_, n) => `"decidedInTime":${Number(n) - 3}`,
      );
      return new Response(text, { status: 200 });
    });
    expect(altered.identical).toBe(false);
  });
});

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { importCommunes } from '../../scripts/import-communes.ts';
import { GEO_DIR } from '../../scripts/local-cloud/reference-data.ts';
import { loadReferenceDataInto } from '../../scripts/local-cloud/seed.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';

const cloud = testCloud();
const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(cloud)));
const repo = new DynamoGeoRepository(db, cloud.outputs.tableName);
const header = 'id,provinceId,nameFr,nameAr,kind,population';
const exists = async (id: string) =>
  Boolean(
    (await db.send(new GetCommand({ TableName: cloud.outputs.tableName, Key: keys.communeKey(id) }))).Item,
  );

describe('reference data reload', () => {
  it('rewrites the communes when the data changed, keeping the desk mailboxes set meanwhile', async () => {
    const marker = { TableName: cloud.outputs.tableName, Key: keys.seedMarker('reference') };
    const { Item } = await db.send(new GetCommand(marker));
    await db.send(
      new PutCommand({ TableName: cloud.outputs.tableName, Item: { ...Item, hash: 'older data' } }),
    );
    const lines: string[] = [];
    const result = await loadReferenceDataInto(db, cloud.outputs.tableName, (line) => lines.push(line));
    expect(result).toMatchObject({ written: 12 + 75 + 1503, communes: 1503 });
    expect(lines.at(-1)).toBe('Loaded 12 regions, 75 provinces, 1503 communes.');
    expect((await repo.getCommune('cas-casablanca'))?.deskEmail).toBe('guichet@demo.rukhsa.ma');
    expect((await db.send(new GetCommand(marker))).Item?.hash).toBe(Item?.hash);
  });
});

describe('import:communes against the local cloud', () => {
  it('imports nothing when one row is bad, and names the line', async () => {
    const csv = `${header}\nrab-import-ok,MA-RAB,Import OK,استيراد,rural,\nrab-import-bad,MA-RAB,Import Bad,Import Bad,rural,\n`;
    const result = await importCommunes(csv, repo, () => undefined);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ line: 3, message: expect.stringMatching(/nameAr/) }]);
    expect(await exists('rab-import-ok')).toBe(false);
  });

  it('creates new communes and updates existing ones, reporting progress', async () => {
    const lines: string[] = [];
    const csv = `${header}\nrab-rabat,MA-RAB,Rabat,الرباط,urban,577827\nrab-import-new,MA-RAB,"Import, Nouvelle",استيراد جديد,rural,1500\n`;
    const result = await importCommunes(csv, repo, (line) => lines.push(line));
    expect(result).toEqual({ ok: true, created: 1, updated: 1, errors: [] });
    expect(lines.at(-1)).toMatch(/2\/2/);
    const communes = await repo.listCommunes('MA-RAB');
    expect(communes.find((c) => c.id === 'rab-import-new')).toMatchObject({
      nameFr: 'Import, Nouvelle',
      regionId: 'MA-04',
      population: 1500,
    });
    expect(communes.filter((c) => c.id === 'rab-rabat')).toHaveLength(1);
    // The row had no code column: Rabat keeps its official code.
    expect(communes.find((c) => c.id === 'rab-rabat')).toMatchObject({
      code: '04.421.01.0',
      population: 577827,
    });
  });

  it('imports the shipped list of 1,503 communes twice without a duplicate', async () => {
    const csv = readFileSync(path.join(GEO_DIR, 'communes.csv'), 'utf8');
    const before = await repo.listCommunes('MA-TAR');
    for (let run = 0; run < 2; run++) {
      const result = await importCommunes(csv, repo, () => undefined);
      expect(result).toEqual({ ok: true, created: 0, updated: 1503, errors: [] });
    }
    // The desk mailbox set by the demo seed is not in a CSV, and stays.
    expect((await repo.getCommune('cas-casablanca'))?.deskEmail).toBe('guichet@demo.rukhsa.ma');
    const after = await repo.listCommunes('MA-TAR');
    expect(after).toHaveLength(89);
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    expect(after.find((c) => c.id === 'tar-taroudant')).toMatchObject({
      nameFr: 'Taroudannt',
      nameAr: 'تارودانت',
      code: '09.541.01.13',
      regionId: 'MA-09',
    });
  });
});

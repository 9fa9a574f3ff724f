import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProvider } from '#shared/adapters/cognito/identity-provider.ts';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import { SesEmailSender } from '#shared/adapters/messaging/email-sender.ts';
import { importStaff } from '../../scripts/import-staff.ts';
import { clientConfig, testCloud } from '../support/cloud.ts';

const cloud = testCloud();
const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(cloud)), {
  marshallOptions: { removeUndefinedValues: true },
});
const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
const staff = new DynamoStaffRepository(db, cloud.outputs.tableName);
const deps = {
  staff,
  geo: new DynamoGeoRepository(db, cloud.outputs.tableName),
  directory: new CognitoIdentityProvider(cognito, cloud.outputs.userPoolId),
  mailer: new SesEmailSender(new SESv2Client(clientConfig(cloud)), 'Rukhsa <no-reply@local.rukhsa.ma>'),
  loginUrl: 'http://localhost:5173/connexion',
};
const header = 'email,roles,communeId,provinceId,agencyId,firstName,lastName,title,phone,preferredLanguage';
const run = `${randomUUID().slice(0, 6)}`;
const email = (name: string) => `${name}-${run}@import.rukhsa.ma`;

/**
 * Everything the import may write for these e-mails, read with a Scan (tests only). Matched on the
 * e-mails' own suffix, not on `run` alone: six hex digits turn up inside other files' UUIDs.
 */
async function footprint() {
  const items: Record<string, any>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: cloud.outputs.tableName, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items
    .filter((i) => JSON.stringify(i).includes(`-${run}@import.rukhsa.ma`))
    .map((i) => ({ pk: i.pk, sk: i.sk, version: i.version ?? null }))
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`));
}

describe('import:staff against the local cloud', () => {
  it('creates nothing when one row is bad, and reports the row by line', async () => {
    const csv = [
      header,
      `${email('ok')},desk_agent,azi-azilal,,,Said,Idrissi,Agent du guichet,0611111111,fr`,
      `${email('bad')},commission_member,,,heritage,Laila,Amrani,Membre,0622222222,ar`,
      `${email('worse')},desk_agent,azi-nowhere,,,Omar,Kettani,Agent,0633333333,fr`,
    ].join('\n');
    const result = await importStaff(csv, deps, 'it-import', () => undefined);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { line: 3, message: expect.stringMatching(/need provinceId/) },
      { line: 4, message: expect.stringMatching(/azi-nowhere' does not exist/) },
    ]);
    expect(await footprint()).toEqual([]);
    expect(await staff.findByEmail(email('ok'))).toBeUndefined();
  });

  it('creates with progress, then the same file again changes nothing; a changed row updates that account only', async () => {
    const rows = [
      `${email('desk')},desk_agent|signatory,azi-demnate,,,Said,Idrissi,Agent du guichet,0611111111,fr`,
      `${email('member')},commission_member,,MA-AZI,heritage,Laila,Amrani,"Inspectrice, patrimoine",0622222222,ar`,
    ];
    const lines: string[] = [];
    const first = await importStaff([header, ...rows].join('\n'), deps, 'it-import', (l) => lines.push(l));
    expect(first).toEqual({ ok: true, created: 2, updated: 0, unchanged: 0, errors: [] });
    expect(lines.at(-1)).toMatch(/2\/2 line 3/);
    const desk = await staff.findByEmail(email('desk'));
    expect(desk).toMatchObject({
      roles: ['desk_agent', 'signatory'],
      scope: { communeId: 'azi-demnate', provinceId: 'MA-AZI' },
      phone: '+212611111111',
    });
    const member = await staff.findByEmail(email('member'));
    expect(member).toMatchObject({ title: 'Inspectrice, patrimoine', preferredLanguage: 'ar' });

    const before = await footprint();
    expect(before.length).toBeGreaterThan(0); // the footprint sees what the import writes
    const again = await importStaff([header, ...rows].join('\n'), deps, 'it-import', () => undefined);
    expect(again).toEqual({ ok: true, created: 0, updated: 0, unchanged: 2, errors: [] });
    expect(await footprint()).toEqual(before);

    const changed = [rows[0], rows[1]?.replace('Inspectrice, patrimoine', 'Cheffe du service du patrimoine')];
    const third = await importStaff([header, ...changed].join('\n'), deps, 'it-import', () => undefined);
    expect(third).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await staff.findByEmail(email('member')))?.version).toBe(2);
    expect((await staff.history(member?.username ?? '')).map((e) => [e.action, e.source])).toEqual([
      ['CREATED', 'import'],
      ['UPDATED', 'import'],
    ]);
  });
});

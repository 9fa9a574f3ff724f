import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '#shared/domain/csv.ts';
import { parseCommuneCsv } from '#shared/domain/geo/commune-csv.ts';

const parseCsv = (text: string) => parseCsvRecords(text, { skipBlank: true });

import type { Province } from '#shared/domain/geo/geo.ts';

const provinces = new Map<string, Province>([
  [
    'MA-CAS',
    { id: 'MA-CAS', regionId: 'MA-06', kind: 'prefecture', nameFr: 'Casablanca', nameAr: 'الدار البيضاء' },
  ],
  ['MA-RAB', { id: 'MA-RAB', regionId: 'MA-04', kind: 'prefecture', nameFr: 'Rabat', nameAr: 'الرباط' }],
]);
const header = 'id,provinceId,nameFr,nameAr,kind,population';
const now = new Date('2026-11-29T10:00:00Z');

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const rows = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
    ]);
  });

  it('skips blank lines but keeps counting them', () => {
    expect(parseCsv('a\n\nb\n').map((r) => r.line)).toEqual([1, 3]);
  });
});

describe('parseCommuneCsv', () => {
  it('takes an optional last column with the official code, unique and within the province', () => {
    const withCodes = new Map(
      [...provinces].map(([id, p]) => [id, { ...p, code: id === 'MA-CAS' ? '06.141' : '04.421' }]),
    );
    const { communes, errors } = parseCommuneCsv(
      [
        `${header},code`,
        'cas-casablanca,MA-CAS,Casablanca,الدار البيضاء,urban,3218036,06.141.01.0', // 2 ok
        'rab-rabat,MA-RAB,Rabat,الرباط,urban,,', // 3 ok, no code
        'cas-x,MA-CAS,X town,إكس,rural,,06.141.01.0', // 4 duplicate code
        'cas-y,MA-CAS,Y town,واي,rural,,04.421.01.03', // 5 code of another province
        'cas-z,MA-CAS,Z town,زد,rural,,6.141.1.1', // 6 malformed code
      ].join('\n'),
      withCodes,
      now,
    );
    expect(communes.map((c) => [c.id, c.code])).toEqual([
      ['cas-casablanca', '06.141.01.0'],
      ['rab-rabat', undefined],
    ]);
    expect(errors).toEqual([
      { line: 4, message: "duplicate code '06.141.01.0' (first seen on line 2)" },
      { line: 5, message: expect.stringMatching(/04\.421\.01\.03.*not within province MA-CAS/) },
      { line: 6, message: expect.stringMatching(/^code: a commune code looks like/) },
    ]);
  });

  it('builds communes with their region taken from the province', () => {
    const { communes, errors } = parseCommuneCsv(
      `${header}\ncas-casablanca,MA-CAS,Casablanca,الدار البيضاء,urban,3359818\nrab-rabat,MA-RAB,"Rabat",الرباط,urban,\n`,
      provinces,
      now,
    );
    expect(errors).toEqual([]);
    expect(communes).toEqual([
      {
        id: 'cas-casablanca',
        provinceId: 'MA-CAS',
        regionId: 'MA-06',
        nameFr: 'Casablanca',
        nameAr: 'الدار البيضاء',
        kind: 'urban',
        population: 3359818,
        updatedAt: now.toISOString(),
      },
      expect.objectContaining({ id: 'rab-rabat', regionId: 'MA-04', population: null }),
    ]);
  });

  it('reports every bad row with its line and imports nothing from them', () => {
    const csv = [
      header,
      'cas-casablanca,MA-CAS,Casablanca,الدار البيضاء,urban,', // 2 ok
      'cas-ain-chock,MA-CAS,Aïn Chock,Ain Chock,urban,', // 3 Arabic name in Latin script
      'rab-x,MA-ZZZ,X town,إكس,urban,', // 4 unknown province
      'cas-y,MA-CAS,Y town,واي,metropolis,', // 5 bad kind
      'cas-casablanca,MA-CAS,Casablanca,الدار البيضاء,urban,', // 6 duplicate
      'rab-z,MA-CAS,Z town,زد,rural,', // 7 id prefix does not match province
      'cas-w,MA-CAS,W town,دبليو,rural,-4', // 8 negative population
      'cas-v,MA-CAS,V town', // 9 missing fields
      'Bad Id,MA-CAS,V town,في,rural,', // 10 id pattern
    ].join('\n');
    const { communes, errors } = parseCommuneCsv(csv, provinces, now);
    expect(communes.map((c) => c.id)).toEqual(['cas-casablanca']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(errors[0]?.message).toMatch(/nameAr: must be written in Arabic script/);
    expect(errors[1]?.message).toMatch(/unknown province 'MA-ZZZ'/);
    expect(errors[2]?.message).toMatch(/kind/);
    expect(errors[3]?.message).toMatch(/duplicate id 'cas-casablanca' \(first seen on line 2\)/);
    expect(errors[4]?.message).toMatch(/must start with 'rab-'|must start with 'cas-'/);
    expect(errors[5]?.message).toMatch(/population/);
    expect(errors[6]?.message).toMatch(/expected 6 fields, found 3/);
    expect(errors[7]?.message).toMatch(/^id: /);
  });

  it('refuses a file whose header is not the documented one', () => {
    const { communes, errors } = parseCommuneCsv('id,province,name\nx,y,z\n', provinces, now);
    expect(communes).toEqual([]);
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining(header) }]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Province } from '#shared/domain/geo/geo.ts';
import { buildCommunesCsv, type SourceCommune, slug } from '../../scripts/generate-communes.ts';

const provinces: Province[] = [
  {
    id: 'MA-MDF',
    regionId: 'MA-01',
    kind: 'prefecture',
    nameFr: "M'diq-Fnideq",
    nameAr: 'المضيق الفنيدق',
    code: '01.573',
  },
  {
    id: 'MA-TNG',
    regionId: 'MA-01',
    kind: 'prefecture',
    nameFr: 'Tanger-Assilah',
    nameAr: 'طنجة أصيلة',
    code: '01.511',
  },
];
const row = (code: string, nameFr: string, type: 'urban' | 'rural' = 'rural'): SourceCommune => ({
  code,
  nameFr,
  nameAr: 'اسم',
  type,
  regionCode: '01',
  provinceCode: code.slice(0, 6),
  population: 1000,
});
const header = 'id,provinceId,nameFr,nameAr,kind,population';

describe('generate-communes', () => {
  it('slugs French names like the ids', () => {
    expect(slug("M'diq")).toBe('m-diq');
    expect(slug(' Aïn Chkef ')).toBe('ain-chkef');
  });

  it('keeps ids by code, by province and name, or by the legacy table; names new ones; sorts by code', () => {
    const current = [`${header},code`, 'tng-tanger,MA-TNG,Tanger,طنجة,urban,,01.511.01.0', ''].join('\n');
    const legacy = [
      header,
      'tng-tanger,MA-TNG,Tanger,طنجة,urban,',
      "mdf-m-diq,MA-MDF,M'diq,المضيق,urban,", // same name
      'tng-asilah,MA-TNG,Asilah,أصيلة,urban,', // another spelling: LEGACY_IDS
    ].join('\n');
    const source = [
      row('01.573.01.05', "M'diq", 'urban'),
      row('01.511.01.01', 'Assilah', 'urban'),
      row('01.511.01.0', 'Tanger', 'urban'),
      row('01.573.01.07', 'Allyene', 'urban'), // rural commune outside any cercle
      row('01.511.05.01', 'Al Manzla'),
      row('01.511.05.03', 'Al Manzla'), // same name in the province: the code disambiguates
    ];
    const first = buildCommunesCsv(source, provinces, legacy);
    expect(first.kept).toBe(3);
    expect(first.created).toEqual(['tng-al-manzla', 'tng-al-manzla-015110503', 'mdf-allyene']);
    expect(first.csv.split('\n').slice(0, 4)).toEqual([
      `${header},code`,
      'tng-tanger,MA-TNG,Tanger,اسم,urban,1000,01.511.01.0',
      'tng-asilah,MA-TNG,Assilah,اسم,urban,1000,01.511.01.01',
      'tng-al-manzla,MA-TNG,Al Manzla,اسم,rural,1000,01.511.05.01',
    ]);
    expect(first.csv).toContain('mdf-allyene,MA-MDF,Allyene,اسم,rural,1000,01.573.01.07');
    // A second run on its own output changes nothing.
    expect(buildCommunesCsv(source, provinces, first.csv).csv).toBe(first.csv);
    expect(buildCommunesCsv(source, provinces, current).kept).toBe(1);
  });

  it('refuses a current commune that the source no longer has, and an unknown province', () => {
    const current = `${header},code\ntng-gone,MA-TNG,Gone,غائب,rural,,01.511.09.09\n`;
    expect(() => buildCommunesCsv([row('01.573.01.07', 'Allyene', 'urban')], provinces, current)).toThrow(
      /absent from the source: tng-gone/,
    );
    expect(() =>
      buildCommunesCsv(
        [row('01.573.01.07', 'Allyene', 'urban'), row('01.999.01.01', 'X')],
        provinces,
        `${header}\n`,
      ),
    ).toThrow(/no province with code 01\.999/);
  });
});

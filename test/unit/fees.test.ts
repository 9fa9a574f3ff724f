import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import {
  computeFees,
  type FeeLine,
  lotissementTax,
  SOCIAL_HOUSING_EXEMPTION,
  totalCentimes,
} from '#shared/domain/payments/fees.ts';
import {
  CASABLANCA_TARIFF_2026,
  CommuneTariff,
  formatMad,
  LEGAL_RANGES,
  LegalRanges,
  tariffInForce,
  validateTariff,
} from '#shared/domain/payments/tariffs.ts';
import { PROCEDURE_CODES, type ProjectData } from '#shared/domain/procedures/schema.ts';

const T = CASABLANCA_TARIFF_2026;
const project = (data: Partial<ProjectData> = {}): ProjectData => ({ description: 'Villa R+1', ...data });
const withoutFileFee = { ...T, fileFee: 0 };
const only = (lines: FeeLine[], code: string): FeeLine => {
  const found = lines.filter((l) => l.code === code);
  expect(found).toHaveLength(1);
  return found[0] as FeeLine;
};
const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('construction tax (building permit, regularisation)', () => {
  it('counts any fraction of a m² as a full m²: 120.4 m² individual housing → 121 × 25 MAD = 3,025.00 MAD', () => {
    const lines = computeFees(
      'BUILDING_PERMIT',
      project({ floorAreaM2: 120.4, buildingCategory: 'individual_housing' }),
      T,
    );
    const tax = only(lines, 'CONSTRUCTION_TAX');
    expect(tax).toMatchObject({
      quantity: 121,
      unit: 'm²',
      unitPriceCentimes: 2500,
      amountCentimes: 302_500,
      mandatory: true,
      beneficiary: 'COMMUNE_TREASURY',
    });
    expect(tax.exempted).toBeUndefined();
    expect(formatMad(tax.amountCentimes)).toBe('3,025.00 MAD');
    expect(tax.label).toMatch(/logement individuel/);
    expect(tax.labelAr).toMatch(/[\u0600-\u06FF]/);
    expect(tax.legalBasis).toMatch(/47-06/);
  });

  it('does not round up a whole area: 120.0 m² → 120 m²', () => {
    const [tax] = computeFees(
      'BUILDING_PERMIT',
      project({ floorAreaM2: 120.0, buildingCategory: 'individual_housing' }),
      withoutFileFee,
    );
    expect(tax).toMatchObject({ quantity: 120, amountCentimes: 300_000 });
  });

  it.each([
    ['collective_housing', 2000],
    ['industrial', 2000],
    ['commercial', 2000],
    ['professional', 2000],
    ['administrative', 2000],
  ] as const)('uses the %s rate', (buildingCategory, rate) => {
    const tariff = { ...T, constructionPerM2: { ...T.constructionPerM2, industrial: 1500 } };
    const expected = buildingCategory === 'industrial' ? 1500 : rate;
    const tax = only(
      computeFees('BUILDING_PERMIT', project({ floorAreaM2: 850.01, buildingCategory }), tariff),
      'CONSTRUCTION_TAX',
    );
    expect(tax).toMatchObject({ quantity: 851, unitPriceCentimes: expected, amountCentimes: 851 * expected });
  });

  it('charges the flat fee for the restoration category, whatever the area (regularisation too)', () => {
    for (const procedure of ['BUILDING_PERMIT', 'REGULARISATION'] as const) {
      const tax = only(
        computeFees(procedure, project({ floorAreaM2: 999, buildingCategory: 'restoration' }), T),
        'CONSTRUCTION_TAX',
      );
      expect(tax).toMatchObject({
        quantity: 1,
        unit: 'forfait',
        unitPriceCentimes: 50_000,
        amountCentimes: 50_000,
      });
    }
    // The flat fee needs no area.
    expect(() =>
      computeFees('BUILDING_PERMIT', project({ buildingCategory: 'restoration' }), T),
    ).not.toThrow();
  });

  it('keeps the social housing line at 0 with the exemption reason', () => {
    const lines = computeFees(
      'BUILDING_PERMIT',
      project({ floorAreaM2: 75.5, buildingCategory: 'collective_housing', socialHousing: true }),
      T,
    );
    const tax = only(lines, 'CONSTRUCTION_TAX');
    expect(tax).toMatchObject({ quantity: 76, unitPriceCentimes: 2000, amountCentimes: 0 });
    expect(tax.exempted).toBe(SOCIAL_HOUSING_EXEMPTION);
    expect(tax.exempted).toBe('Logement social (exonération, loi 47-06)');
    expect(totalCentimes(lines)).toBe(T.fileFee);
  });

  it('refuses with 422 naming floorAreaM2 when the area is missing', () => {
    const error = caught(() =>
      computeFees('BUILDING_PERMIT', project({ buildingCategory: 'individual_housing' }), T),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      kind: 'unprocessable',
      type: 'fee-data-missing',
      details: { procedure: 'BUILDING_PERMIT', missingFields: ['floorAreaM2'] },
    });
    expect((error as DomainError).message).toMatch(/floorAreaM2/);
  });

  it('refuses with 422 naming buildingCategory when the category is missing', () => {
    expect(caught(() => computeFees('REGULARISATION', project({ floorAreaM2: 80 }), T))).toMatchObject({
      kind: 'unprocessable',
      type: 'fee-data-missing',
      details: { missingFields: ['buildingCategory'] },
    });
  });
});

describe('repair', () => {
  it('charges the restoration flat fee', () => {
    const lines = computeFees('REPAIR', project(), T);
    expect(only(lines, 'CONSTRUCTION_TAX')).toMatchObject({ quantity: 1, amountCentimes: 50_000 });
    expect(totalCentimes(lines)).toBe(60_000);
  });
});

describe('lotissement tax', () => {
  const works = 1_000_000_000; // 10,000,000.00 MAD

  it('is 5% of the works cost, 75% at authorisation and 25% at conformity', () => {
    expect(lotissementTax(works, T)).toEqual({
      totalCentimes: 50_000_000,
      authorisationCentimes: 37_500_000,
      conformityCentimes: 12_500_000,
    });
    const data = project({ worksCostCentimes: works, lots: 40 });
    const authorisation = computeFees('LOTISSEMENT', data, T);
    const conformity = computeFees('LOTISSEMENT', data, T, { stage: 'conformity' });
    const atAuthorisation = only(authorisation, 'LOTISSEMENT_TAX_AUTHORISATION');
    const atConformity = only(conformity, 'LOTISSEMENT_TAX_CONFORMITY');
    expect(atAuthorisation.amountCentimes).toBe(37_500_000);
    expect(atConformity.amountCentimes).toBe(12_500_000);
    expect(formatMad(atAuthorisation.amountCentimes + atConformity.amountCentimes)).toBe('500,000.00 MAD');
    expect(atAuthorisation.label).toContain('75 %');
    expect(atConformity.label).toContain('25 %');
    // Default stage is authorisation; the file fee is collected once, at authorisation.
    expect(computeFees('LOTISSEMENT', data, T, { stage: 'authorisation' })).toEqual(authorisation);
    expect(authorisation.map((l) => l.code)).toEqual(['LOTISSEMENT_TAX_AUTHORISATION', 'FILE_FEE']);
    expect(conformity.map((l) => l.code)).toEqual(['LOTISSEMENT_TAX_CONFORMITY']);
  });

  it('rounds half up and splits so the shares add up exactly (works cost 333,333.33 MAD)', () => {
    // 33,333,333 × 5% = 1,666,666.65 → 1,666,667; × 75% = 1,250,000.25 → 1,250,000; balance 416,667.
    const split = lotissementTax(33_333_333, T);
    expect(split).toEqual({
      totalCentimes: 1_666_667,
      authorisationCentimes: 1_250_000,
      conformityCentimes: 416_667,
    });
    // 33,333,320 × 5% = 1,666,666 exactly; × 75% = 1,249,999.5 → 1,250,000 (half up); balance 416,666.
    expect(lotissementTax(33_333_320, T)).toEqual({
      totalCentimes: 1_666_666,
      authorisationCentimes: 1_250_000,
      conformityCentimes: 416_666,
    });
    // 10 centimes × 5% = 0.5 → 1 (half up).
    expect(lotissementTax(10, T).totalCentimes).toBe(1);
    for (const cost of [1, 7, 33_333_333, 99_999_999, 123_456_789_01]) {
      const s = lotissementTax(cost, T);
      expect(s.authorisationCentimes + s.conformityCentimes).toBe(s.totalCentimes);
      expect(Number.isInteger(s.authorisationCentimes)).toBe(true);
    }
    const data = project({ worksCostCentimes: 33_333_333 });
    const a = computeFees('HOUSING_GROUP', data, withoutFileFee);
    const c = computeFees('HOUSING_GROUP', data, withoutFileFee, { stage: 'conformity' });
    expect(totalCentimes(a) + totalCentimes(c)).toBe(1_666_667);
  });

  it('refuses with 422 naming worksCostCentimes when the works cost is missing', () => {
    expect(caught(() => computeFees('LOTISSEMENT', project({ lots: 12 }), T))).toMatchObject({
      kind: 'unprocessable',
      type: 'fee-data-missing',
      details: { missingFields: ['worksCostCentimes'] },
    });
  });

  it('charges no lotissement tax on a morcellement (file fee only)', () => {
    const lines = computeFees('MORCELLEMENT', project({ worksCostCentimes: works }), T);
    expect(lines.map((l) => l.code)).toEqual(['FILE_FEE']);
  });
});

describe('temporary occupation of the public domain', () => {
  it('charges ceil(m²) × months × rate', () => {
    const lines = computeFees(
      'PUBLIC_DOMAIN_OCCUPATION',
      project({ occupiedAreaM2: 12.2, occupationMonths: 3 }),
      T,
    );
    expect(only(lines, 'PUBLIC_DOMAIN_OCCUPATION_TAX')).toMatchObject({
      quantity: 39,
      unit: 'm² × mois',
      unitPriceCentimes: 2000,
      amountCentimes: 78_000,
    });
    expect(totalCentimes(lines)).toBe(88_000);
  });

  it('bills the months authorised: a year at a time, the renewal like the first authorisation', () => {
    const longer = project({ occupiedAreaM2: 10, occupationMonths: 18 });
    for (const code of ['PUBLIC_DOMAIN_OCCUPATION', 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL'] as const) {
      expect(only(computeFees(code, longer, T), 'PUBLIC_DOMAIN_OCCUPATION_TAX')).toMatchObject({
        label: 'Occupation temporaire du domaine public communal — 10 m² × 12 mois',
        quantity: 120,
        amountCentimes: 240_000,
      });
    }
    expect(
      only(
        computeFees(
          'PUBLIC_DOMAIN_OCCUPATION_RENEWAL',
          project({ occupiedAreaM2: 4, occupationMonths: 6 }),
          T,
        ),
        'PUBLIC_DOMAIN_OCCUPATION_TAX',
      ),
    ).toMatchObject({ quantity: 24, amountCentimes: 48_000 });
  });

  it('names both missing fields', () => {
    expect(caught(() => computeFees('PUBLIC_DOMAIN_OCCUPATION', project(), T))).toMatchObject({
      kind: 'unprocessable',
      details: { missingFields: ['occupiedAreaM2', 'occupationMonths'] },
    });
  });
});

describe('file fee and invariants', () => {
  const complete = project({
    floorAreaM2: 120.4,
    buildingCategory: 'individual_housing',
    worksCostCentimes: 5_000_000,
    occupiedAreaM2: 10,
    occupationMonths: 2,
  });

  it('adds the file fee to every procedure when it is above 0, and omits it at 0', () => {
    for (const code of PROCEDURE_CODES) {
      const lines = computeFees(code, complete, T);
      expect(only(lines, 'FILE_FEE')).toMatchObject({
        quantity: 1,
        unitPriceCentimes: 10_000,
        amountCentimes: 10_000,
        label: 'Frais de dossier',
      });
      expect(computeFees(code, complete, withoutFileFee).some((l) => l.code === 'FILE_FEE')).toBe(false);
    }
  });

  it('produces integer lines where amount = quantity × unit price, labelled in French and Arabic', () => {
    for (const code of PROCEDURE_CODES) {
      for (const stage of ['authorisation', 'conformity'] as const) {
        for (const line of computeFees(code, complete, T, { stage })) {
          expect(Number.isSafeInteger(line.amountCentimes)).toBe(true);
          expect(line.amountCentimes).toBe(line.quantity * line.unitPriceCentimes);
          expect(line.labelAr).toMatch(/[\u0600-\u06FF]/);
          expect(line.legalBasis.length).toBeGreaterThan(3);
        }
      }
    }
  });

  it('totals the lines', () => {
    const lines = computeFees('BUILDING_PERMIT', complete, T);
    expect(totalCentimes(lines)).toBe(312_500);
    expect(formatMad(totalCentimes(lines))).toBe('3,125.00 MAD');
    expect(totalCentimes([])).toBe(0);
  });
});

describe('tariffs', () => {
  const history: CommuneTariff[] = [
    { ...T, effectiveFrom: '2026-01-01' },
    {
      ...T,
      effectiveFrom: '2020-01-01',
      constructionPerM2: { ...T.constructionPerM2, individual_housing: 2000 },
    },
    {
      ...T,
      effectiveFrom: '2023-07-01',
      constructionPerM2: { ...T.constructionPerM2, individual_housing: 2200 },
    },
  ];

  it('picks the tariff with the latest effectiveFrom on or before the date', () => {
    expect(tariffInForce(history, '2019-12-31')).toBeUndefined();
    expect(tariffInForce(history, '2020-01-01')?.constructionPerM2.individual_housing).toBe(2000);
    expect(tariffInForce(history, '2023-06-30')?.constructionPerM2.individual_housing).toBe(2000);
    expect(tariffInForce(history, '2023-07-01')?.constructionPerM2.individual_housing).toBe(2200);
    expect(tariffInForce(history, '2025-12-31')?.constructionPerM2.individual_housing).toBe(2200);
    expect(tariffInForce(history, '2026-01-01')?.constructionPerM2.individual_housing).toBe(2500);
    expect(tariffInForce(history, '2030-05-05')?.effectiveFrom).toBe('2026-01-01');
    expect(tariffInForce([], '2026-01-01')).toBeUndefined();
  });

  it('accepts the Casablanca example, which parses with the schema', () => {
    expect(CommuneTariff.safeParse(T).success).toBe(true);
    expect(LegalRanges.safeParse(LEGAL_RANGES).success).toBe(true);
    expect(validateTariff(T)).toEqual([]);
  });

  it('reports every rate outside its legal range with the range in the message', () => {
    const problems = validateTariff({
      ...T,
      constructionPerM2: { ...T.constructionPerM2, individual_housing: 3500, industrial: 900 },
      restorationFlat: 60_000,
      lotissementRateBp: 600,
    });
    // The value and its range also travel as parameters, for the messages in French and Arabic.
    expect(problems[0]?.params).toEqual({
      value: 3500,
      min: 2000,
      max: 3000,
      kind: 'centimes',
      unit: 'MAD/m²',
    });
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: 'constructionPerM2.individual_housing',
        message:
          'constructionPerM2.individual_housing: 35.00 MAD/m² is outside the legal range 20.00–30.00 MAD/m² (law 47-06)',
      },
      {
        path: 'constructionPerM2.industrial',
        message:
          'constructionPerM2.industrial: 9.00 MAD/m² is outside the legal range 10.00–20.00 MAD/m² (law 47-06)',
      },
      {
        path: 'restorationFlat',
        message: 'restorationFlat: 600.00 MAD is outside the legal range 0.00–500.00 MAD (law 47-06)',
      },
      {
        path: 'lotissementRateBp',
        message: 'lotissementRateBp: 6.00% is outside the legal range 3.00–5.00% (law 47-06)',
      },
    ]);
  });

  it('checks against the ranges it is given', () => {
    const stricter: LegalRanges = {
      ...LEGAL_RANGES,
      fileFee: { ...LEGAL_RANGES.fileFee, max: 5_000 },
    };
    expect(validateTariff(T, stricter).map((p) => p.path)).toEqual(['fileFee']);
  });

  it('formats MAD with grouping and two decimals', () => {
    expect(formatMad(302_500)).toBe('3,025.00 MAD');
    expect(formatMad(0)).toBe('0.00 MAD');
    expect(formatMad(5)).toBe('0.05 MAD');
    expect(formatMad(1_250_000_07)).toBe('1,250,000.07 MAD');
    expect(formatMad(-10_050)).toBe('-100.50 MAD');
    expect(() => formatMad(1.5)).toThrow(RangeError);
  });
});

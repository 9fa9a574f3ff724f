import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '#shared/domain/procedures/catalogue.ts';
import {
  addDays,
  casablancaDate,
  classifyProject,
  consultedAgencies,
  deadlineFor,
  getProcedure,
  legalDeadlineDays,
  licenceValidityMonths,
  missingProjectFields,
  needsCommission,
  requiredDocuments,
  stepBudgets,
} from '#shared/domain/procedures/rules.ts';
import {
  AGENCY_CODES,
  Catalogue,
  PROCEDURE_CODES,
  type Procedure,
  type ProjectData,
} from '#shared/domain/procedures/schema.ts';

const SIZES = ['small', 'large'] as const;
const project = (data: Partial<ProjectData> = {}): ProjectData => ({ description: 'Villa R+1', ...data });
const sum = (steps: { days: number }[]) => steps.reduce((total, s) => total + s.days, 0);

describe('procedures catalogue', () => {
  it('parses with the schema and has a YYYY-MM version', () => {
    expect(Catalogue.safeParse(CATALOGUE).success).toBe(true);
    expect(CATALOGUE.version).toBe('2026-11');
  });

  it('is already what the schema gives back: no default, transform or stray key, same key order', () => {
    // The catalogue is not parsed at load (cold starts): what the API serves is the literal itself.
    expect(JSON.stringify(Catalogue.parse(CATALOGUE))).toBe(JSON.stringify(CATALOGUE));
  });

  it('configures every procedure code exactly once', () => {
    const codes = CATALOGUE.procedures.map((p) => p.code);
    expect([...codes].sort()).toEqual([...PROCEDURE_CODES].sort());
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('labels every agency exactly once, in French and Arabic', () => {
    const codes = CATALOGUE.agencies.map((a) => a.code);
    expect([...codes].sort()).toEqual([...AGENCY_CODES].sort());
    for (const agency of CATALOGUE.agencies) {
      expect(agency.labelFr.length).toBeGreaterThan(2);
      expect(agency.labelAr).toMatch(/[\u0600-\u06FF]/);
    }
  });

  describe.each(CATALOGUE.procedures.map((p) => [p.code, p] as const))(
    '%s',
    (_code, procedure: Procedure) => {
      it('has French and Arabic labels and a legal basis', () => {
        expect(procedure.labelFr.length).toBeGreaterThan(2);
        expect(procedure.labelAr).toMatch(/[\u0600-\u06FF]/);
        expect(procedure.legalBasis.length).toBeGreaterThan(2);
      });

      it('has at least one mandatory document, unique codes, labels in both languages', () => {
        expect(procedure.documents.some((d) => d.mandatory === true)).toBe(true);
        const codes = procedure.documents.map((d) => d.code);
        expect(new Set(codes).size).toBe(codes.length);
        for (const d of procedure.documents) {
          expect(d.labelFr.length).toBeGreaterThan(2);
          expect(d.labelAr).toMatch(/[\u0600-\u06FF]/);
          expect(d.formats.length).toBeGreaterThan(0);
          expect(d.maxSizeMb).toBeGreaterThan(0);
        }
      });

      it('has a deadline for both sizes whose step budgets fit inside it', () => {
        for (const size of SIZES) {
          const days = legalDeadlineDays(procedure, size);
          expect(days).toBeGreaterThan(0);
          const steps = stepBudgets(procedure, size);
          expect(steps.length).toBeGreaterThan(0);
          expect(sum(steps)).toBeLessThanOrEqual(days);
          // The steps count their days as the deadline they add up to does, so the sum above is meaningful.
          for (const s of steps) expect(s.calendar).toBe(procedure.deadline.calendar);
          expect(new Set(steps.map((s) => s.step)).size).toBe(steps.length);
        }
      });

      it('has a review path consistent with its steps and known agencies', () => {
        const { when, agencies, binding } = procedure.commission;
        const known = new Set(CATALOGUE.agencies.map((a) => a.code));
        if (when === 'never') expect(agencies).toEqual([]);
        else expect(agencies.length).toBeGreaterThan(0);
        expect(new Set(agencies).size).toBe(agencies.length);
        for (const agency of agencies) expect(known.has(agency)).toBe(true);
        for (const agency of binding) expect(agencies).toContain(agency);
        expect(binding).toEqual(agencies.includes('urban-agency') ? ['urban-agency'] : []);
        for (const size of SIZES) {
          const steps = stepBudgets(procedure, size).map((s) => s.step);
          if (needsCommission(procedure, size)) {
            expect(steps).toContain('COMMISSION_REVIEW');
            expect(steps).not.toContain('REVIEW');
            expect(consultedAgencies(procedure, size)).toEqual(agencies);
          } else {
            expect(steps).toContain('REVIEW');
            expect(steps).not.toContain('COMMISSION_REVIEW');
            expect(consultedAgencies(procedure, size)).toEqual([]);
          }
        }
      });

      it('lists required project fields without duplicates', () => {
        expect(procedure.requiredProjectFields.length).toBeGreaterThan(0);
        expect(new Set(procedure.requiredProjectFields).size).toBe(procedure.requiredProjectFields.length);
      });
    },
  );

  it('applies the documented deadlines (2023 joint order) and platform choices', () => {
    const days = (code: (typeof PROCEDURE_CODES)[number]) => {
      const p = getProcedure(code);
      return [legalDeadlineDays(p, 'small'), legalDeadlineDays(p, 'large')];
    };
    expect(days('BUILDING_PERMIT')).toEqual([15, 30]);
    expect(legalDeadlineDays(getProcedure('LOTISSEMENT'), 'large')).toBe(30);
    expect(legalDeadlineDays(getProcedure('HOUSING_GROUP'), 'large')).toBe(30);
    expect(legalDeadlineDays(getProcedure('MORCELLEMENT'), 'large')).toBe(30);
    expect(days('REPAIR')).toEqual([10, 10]);
    expect(days('DEMOLITION')).toEqual([30, 30]);
    expect(days('OCCUPANCY_PERMIT')).toEqual([30, 30]);
    expect(days('CONFORMITY_CERTIFICATE')).toEqual([30, 30]);
    expect(days('REGULARISATION')).toEqual([30, 30]);
    expect(days('ACTIVITY_LICENCE')).toEqual([15, 15]);
    expect(days('PUBLIC_DOMAIN_OCCUPATION')).toEqual([15, 15]);
    // The decree's delays are desk and commission acts: working days; a delay of one month is a
    // calendar period (demolition, occupancy permit, conformity certificate).
    const months = ['DEMOLITION', 'OCCUPANCY_PERMIT', 'CONFORMITY_CERTIFICATE'];
    for (const p of CATALOGUE.procedures)
      expect([p.code, p.deadline.calendar]).toEqual([
        p.code,
        months.includes(p.code) ? 'calendar' : 'working',
      ]);
  });

  it('uses the joint-order step budgets for large building permits', () => {
    expect(stepBudgets(getProcedure('BUILDING_PERMIT'), 'large')).toEqual([
      { step: 'RECEIPT', days: 1, calendar: 'working' },
      { step: 'REFERRAL', days: 3, calendar: 'working' },
      { step: 'COMMISSION_REVIEW', days: 15, calendar: 'working' },
      { step: 'MINUTES', days: 3, calendar: 'working' },
      { step: 'SIGNATURE', days: 3, calendar: 'working' },
    ]);
  });

  it('fixes the size of lotissements, housing groups and morcellements to large', () => {
    for (const code of ['LOTISSEMENT', 'HOUSING_GROUP', 'MORCELLEMENT'] as const)
      expect(classifyProject(getProcedure(code), project({ floorAreaM2: 10, lots: 1 }))).toBe('large');
    expect(classifyProject(getProcedure('REPAIR'), project({ floorAreaM2: 5000 }))).toBe('small');
  });

  it('sends files to the documented agencies', () => {
    const agencies = (code: (typeof PROCEDURE_CODES)[number], size: 'small' | 'large' = 'large') =>
      consultedAgencies(getProcedure(code), size);
    expect(agencies('BUILDING_PERMIT', 'small')).toEqual([]);
    expect(agencies('BUILDING_PERMIT')).toEqual(['urban-agency', 'civil-protection', 'utilities']);
    expect(agencies('LOTISSEMENT')).toEqual(['urban-agency', 'utilities', 'equipment']);
    expect(agencies('HOUSING_GROUP')).toEqual(['urban-agency', 'civil-protection', 'utilities', 'equipment']);
    expect(agencies('MORCELLEMENT')).toEqual(['urban-agency', 'utilities', 'equipment']);
    expect(agencies('DEMOLITION', 'small')).toEqual(['urban-agency', 'civil-protection', 'heritage']);
    expect(agencies('OCCUPANCY_PERMIT', 'small')).toEqual(['urban-agency', 'civil-protection']);
    expect(agencies('CONFORMITY_CERTIFICATE', 'small')).toEqual(['urban-agency', 'civil-protection']);
    expect(agencies('REGULARISATION', 'small')).toEqual(['urban-agency', 'civil-protection']);
    expect(agencies('ACTIVITY_LICENCE', 'small')).toEqual(['civil-protection', 'health']);
    expect(agencies('REPAIR')).toEqual([]);
    expect(agencies('PUBLIC_DOMAIN_OCCUPATION')).toEqual([]);
  });

  it('records silence-is-consent per procedure (law 55-19 for urban permits)', () => {
    const consent = Object.fromEntries(
      CATALOGUE.procedures.map((p) => [p.code, p.deadline.silenceIsConsent]),
    );
    expect(consent).toEqual({
      BUILDING_PERMIT: true,
      LOTISSEMENT: true,
      HOUSING_GROUP: true,
      MORCELLEMENT: true,
      REPAIR: true,
      REGULARISATION: false,
      DEMOLITION: true,
      OCCUPANCY_PERMIT: true,
      CONFORMITY_CERTIFICATE: true,
      ACTIVITY_LICENCE: false,
      PUBLIC_DOMAIN_OCCUPATION: false,
      ACTIVITY_LICENCE_RENEWAL: false,
      PUBLIC_DOMAIN_OCCUPATION_RENEWAL: false,
    });
  });

  it('accepts plans as PDF up to 50 MB and identity papers as PDF or image up to 10 MB', () => {
    const permit = getProcedure('BUILDING_PERMIT');
    const byCode = (code: string) => permit.documents.find((d) => d.code === code);
    expect(byCode('ARCH_PLANS')).toMatchObject({ formats: ['application/pdf'], maxSizeMb: 50 });
    expect(byCode('APPLICANT_ID')).toMatchObject({
      formats: ['application/pdf', 'image/jpeg', 'image/png'],
      maxSizeMb: 10,
    });
  });
});

describe('getProcedure', () => {
  it('returns the procedure for a code and throws when the catalogue lacks it', () => {
    expect(getProcedure('REPAIR').code).toBe('REPAIR');
    const empty = { ...CATALOGUE, procedures: [] };
    expect(() => getProcedure('REPAIR', empty)).toThrow(/REPAIR/);
  });
});

describe('classifyProject (building permit)', () => {
  const permit = getProcedure('BUILDING_PERMIT');

  it.each([
    [{ floorAreaM2: 500 }, 'small'],
    [{ floorAreaM2: 500.5 }, 'large'],
    [{ floors: 3 }, 'small'],
    [{ floors: 4 }, 'large'],
    [{ units: 10 }, 'small'],
    [{ units: 11 }, 'large'],
    [{ floorAreaM2: 500, floors: 3, units: 10 }, 'small'],
    [{ floorAreaM2: 120, floors: 2, units: 11 }, 'large'],
    [{}, 'small'],
  ] as const)('%o is %s', (data, size) => {
    expect(classifyProject(permit, project(data))).toBe(size);
  });
});

describe('requiredDocuments', () => {
  const permit = getProcedure('BUILDING_PERMIT');

  it('asks small projects for the mandatory documents only', () => {
    const codes = requiredDocuments(permit, 'small').map((d) => d.code);
    expect(codes).toContain('ARCH_PLANS');
    expect(codes).toContain('LAND_TITLE_CERT');
    expect(codes).not.toContain('STRUCTURAL_STUDY');
    expect(codes).not.toContain('FIRE_SAFETY_NOTE');
    expect(requiredDocuments(permit, 'small').every((d) => d.mandatory === true)).toBe(true);
  });

  it('adds the large-only documents for large projects, never the optional ones', () => {
    const small = requiredDocuments(permit, 'small').map((d) => d.code);
    const large = requiredDocuments(permit, 'large').map((d) => d.code);
    expect(large).toEqual(
      expect.arrayContaining([...small, 'STRUCTURAL_STUDY', 'FIRE_SAFETY_NOTE', 'VRD_PLANS']),
    );
    expect(large.length).toBe(permit.documents.filter((d) => d.mandatory !== false).length);
    const repair = getProcedure('REPAIR');
    expect(requiredDocuments(repair, 'large').map((d) => d.code)).not.toContain('EXISTING_STATE_PLANS');
  });
});

describe('missingProjectFields', () => {
  it('lists the required fields that are not given', () => {
    const permit = getProcedure('BUILDING_PERMIT');
    expect(missingProjectFields(permit, project())).toEqual([
      'floorAreaM2',
      'floors',
      'units',
      'buildingCategory',
      'worksCostCentimes',
    ]);
    expect(missingProjectFields(permit, project({ floorAreaM2: 120, floors: 0, units: 0 }))).toEqual([
      'buildingCategory',
      'worksCostCentimes',
    ]);
    expect(
      missingProjectFields(
        permit,
        project({
          floorAreaM2: 120,
          floors: 2,
          units: 1,
          buildingCategory: 'individual_housing',
          worksCostCentimes: 0,
        }),
      ),
    ).toEqual([]);
  });

  it('follows each procedure’s own list', () => {
    const occupation = getProcedure('PUBLIC_DOMAIN_OCCUPATION');
    expect(missingProjectFields(occupation, project({ activity: 'Terrasse de café' }))).toEqual([
      'occupiedAreaM2',
      'occupationMonths',
    ]);
    expect(missingProjectFields(getProcedure('MORCELLEMENT'), project({ plotAreaM2: 800, lots: 2 }))).toEqual(
      [],
    );
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-12-20', 15, '2027-01-04'],
    ['2026-03-20', 30, '2026-04-19'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-05-05', 0, '2026-05-05'],
  ] as const)('%s + %i = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('rejects malformed or impossible dates', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow();
    expect(() => addDays('2026-2-3', 1)).toThrow();
    expect(() => addDays('2026-02-03T10:00:00Z', 1)).toThrow();
    expect(() => addDays('2026-02-03', 1.5)).toThrow();
  });
});

/**
 * Africa/Casablanca per the tz data of the project's Node 24 (tzdata 2026c): UTC+1, UTC+0 during
 * Ramadan (2026-02-15 02:00 UTC → 2026-03-22 02:00 UTC), then permanent UTC+0 from 2026-09-20
 * 01:00 UTC (Morocco's return to GMT, first in tzdata 2026c). Older tz data (e.g. Node 20 with
 * 2025c) still has UTC+1 after that date: the last cases below fail there, on purpose.
 */
describe('casablancaDate', () => {
  it.each([
    ['2026-01-15T22:59:59Z', '2026-01-15'],
    ['2026-01-15T23:00:00Z', '2026-01-16'],
    ['2026-03-31T23:30:00Z', '2026-04-01'],
    ['2026-06-30T23:30:00Z', '2026-07-01'],
    // Ramadan 2026 (UTC+0): half past eleven in the evening UTC is still the same day.
    ['2026-03-10T23:30:00Z', '2026-03-10'],
    ['2026-03-11T00:00:00Z', '2026-03-11'],
    // Last evening at UTC+1, then permanent UTC+0 (tzdata 2026c).
    ['2026-09-19T23:30:00Z', '2026-09-20'],
    ['2026-09-20T23:30:00Z', '2026-09-20'],
    ['2026-12-31T23:30:00Z', '2026-12-31'],
    ['2027-01-01T00:00:00Z', '2027-01-01'],
  ] as const)('%s is %s in Casablanca', (instant, date) => {
    expect(casablancaDate(new Date(instant))).toBe(date);
  });
});

/** A procedure made to count calendar days: the date arithmetic below is the calendar one. */
const calendarDays = (procedure: Procedure): Procedure => ({
  ...procedure,
  deadline: { ...procedure.deadline, calendar: 'calendar' },
});

describe('deadlineFor', () => {
  const permit = calendarDays(getProcedure('BUILDING_PERMIT'));
  const small = project({ floorAreaM2: 180, floors: 2, units: 1 });
  const large = project({ floorAreaM2: 2400, floors: 6, units: 24 });

  it('counts calendar days from the Casablanca date of submission', () => {
    expect(deadlineFor(permit, small, new Date('2026-05-04T10:00:00Z'))).toEqual({
      size: 'small',
      days: 15,
      calendar: 'calendar',
      deadlineDate: '2026-05-19',
    });
    expect(deadlineFor(permit, large, new Date('2026-05-04T10:00:00Z'))).toEqual({
      size: 'large',
      days: 30,
      calendar: 'calendar',
      deadlineDate: '2026-06-03',
    });
  });

  it('starts the next day for a submission after midnight in Casablanca (UTC+1)', () => {
    expect(deadlineFor(permit, small, new Date('2026-03-31T22:59:00Z')).deadlineDate).toBe('2026-04-15');
    expect(deadlineFor(permit, small, new Date('2026-03-31T23:30:00Z')).deadlineDate).toBe('2026-04-16');
  });

  it('keeps the same day at 23:30 UTC during Ramadan (UTC+0)', () => {
    expect(deadlineFor(permit, small, new Date('2026-03-10T23:30:00Z')).deadlineDate).toBe('2026-03-25');
    expect(deadlineFor(permit, small, new Date('2026-03-11T00:30:00Z')).deadlineDate).toBe('2026-03-26');
  });

  it('crosses the year end and leap days', () => {
    expect(deadlineFor(permit, large, new Date('2026-12-15T09:00:00Z')).deadlineDate).toBe('2027-01-14');
    expect(
      deadlineFor(calendarDays(getProcedure('REPAIR')), project(), new Date('2028-02-25T09:00:00Z')),
    ).toEqual({
      size: 'small',
      days: 10,
      calendar: 'calendar',
      deadlineDate: '2028-03-06',
    });
    // 23:15 UTC on New Year's Eve is still 2026-12-31 in Morocco once it is on UTC+0 (tzdata 2026c).
    const lotissement = calendarDays(getProcedure('LOTISSEMENT'));
    expect(deadlineFor(lotissement, project(), new Date('2026-12-31T23:15:00Z'))).toEqual({
      size: 'large',
      days: 30,
      calendar: 'calendar',
      deadlineDate: '2027-01-30',
    });
    expect(deadlineFor(lotissement, project(), new Date('2027-01-01T00:15:00Z'))).toEqual({
      size: 'large',
      days: 30,
      calendar: 'calendar',
      deadlineDate: '2027-01-31',
    });
  });

  it('counts working days for the catalogue’s permits: weekends and public holidays skipped', () => {
    const working = getProcedure('BUILDING_PERMIT');
    // Friday 8 May 2026 + 15 working days: Eid al-Adha (27–28 May) skipped, Tuesday 2 June (not 29 May).
    expect(deadlineFor(working, small, new Date('2026-05-08T10:00:00Z'))).toEqual({
      size: 'small',
      days: 15,
      calendar: 'working',
      deadlineDate: '2026-06-02',
    });
    // Tuesday 17 March 2026: Eid al-Fitr (Friday 20 March) skipped.
    expect(deadlineFor(working, small, new Date('2026-03-17T10:00:00Z')).deadlineDate).toBe('2026-04-08');
    // New Year's Eve: 1, 11 and 14 January (New Year, Independence Manifesto, Amazigh New Year) skipped.
    expect(
      deadlineFor(getProcedure('LOTISSEMENT'), project(), new Date('2026-12-31T23:15:00Z')).deadlineDate,
    ).toBe('2027-02-16');
    // The demolition permit's one month stays 30 calendar days.
    expect(
      deadlineFor(getProcedure('DEMOLITION'), project(), new Date('2026-05-08T10:00:00Z')),
    ).toMatchObject({
      calendar: 'calendar',
      deadlineDate: '2026-06-07',
    });
  });
});

describe('licences that expire and their renewals', () => {
  it('gives the activity licence a year, and the occupation the months asked, up to a year', () => {
    expect(licenceValidityMonths(getProcedure('ACTIVITY_LICENCE'), project({ occupationMonths: 3 }))).toBe(
      12,
    );
    const occupation = getProcedure('PUBLIC_DOMAIN_OCCUPATION');
    expect(licenceValidityMonths(occupation, project({ occupationMonths: 3 }))).toBe(3);
    expect(licenceValidityMonths(occupation, project({ occupationMonths: 30 }))).toBe(12);
    expect(
      licenceValidityMonths(getProcedure('BUILDING_PERMIT'), project({ occupationMonths: 3 })),
    ).toBeUndefined();
  });

  it('renews the public-domain occupation as the activity licence: by the business, at the desk, no tacit consent', () => {
    const renewal = getProcedure('PUBLIC_DOMAIN_OCCUPATION_RENEWAL');
    expect(renewal).toMatchObject({
      family: 'economic',
      follows: ['PUBLIC_DOMAIN_OCCUPATION', 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL'],
      filers: ['professional', 'business'],
      validityMonths: 12,
      validityFromProject: 'occupationMonths',
      commission: { when: 'never' },
      deadline: { smallDays: 15, calendar: 'working', silenceIsConsent: false },
    });
    expect(requiredDocuments(renewal, 'small').map((d) => d.code)).toEqual(['APPLICANT_ID', 'PHOTOS']);
    expect(renewal.requiredProjectFields).toEqual(['occupiedAreaM2', 'occupationMonths', 'activity']);
    // Every renewal follows procedures whose acts expire, and expires itself.
    for (const p of CATALOGUE.procedures.filter((p) => p.code.endsWith('_RENEWAL'))) {
      expect(p.validityMonths).toBeGreaterThan(0);
      for (const code of p.follows ?? []) expect(getProcedure(code).validityMonths).toBeGreaterThan(0);
    }
  });
});

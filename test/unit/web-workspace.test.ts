import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../shared/domain/procedures/catalogue.ts';
import { getProcedure } from '../../shared/domain/procedures/rules.ts';
import { formatOf, precheck } from '../../web/src/workspace/files.ts';
import {
  checkField,
  fileableBy,
  fromApplication,
  toBody,
  validate,
  visibleFields,
} from '../../web/src/workspace/form.ts';
import { afterSignIn, checklist, listClock, waitingOnMe } from '../../web/src/workspace/model.ts';
import { buildingPermit } from '../support/fixtures.ts';

/** The workspace's pure rules: the wizard's checks as typed, the list's clock, the upload pre-checks. */
const procedure = getProcedure('BUILDING_PERMIT') as any;

const typed = {
  procedureCode: 'BUILDING_PERMIT',
  communeId: 'cas-casablanca',
  kind: 'person',
  firstName: 'Youssef',
  lastName: 'Alami',
  cin: 'bk654321',
  phone: '06 61 23 45 67',
  email: 'Youssef.Alami@example.ma',
  applicantLanguage: 'fr',
  landTitle: '12345/C',
  address: '12 rue des Orangers, Maarif, Casablanca',
  description: 'Villa individuelle R+1',
  floorAreaM2: '220',
  floors: '2',
  units: '1',
  buildingCategory: 'individual_housing',
  worksCostCentimes: '1 500 000',
  socialHousing: 'false',
};

describe('the new-application wizard', () => {
  it('checks each field as the API would, in the words of the page', () => {
    expect(validate(typed, procedure)).toEqual({});
    expect(checkField('cin', { ...typed, cin: '123' })).toBe('wizard.err.cin');
    expect(checkField('phone', { ...typed, phone: '0812' })).toBe('wizard.err.phone');
    expect(checkField('phone', { ...typed, phone: '' })).toBeUndefined();
    expect(checkField('landTitle', { ...typed, landTitle: 'abc' })).toBe('wizard.err.landTitle');
    expect(checkField('floors', { ...typed, floors: '1,5' }, procedure)).toBe('wizard.err.integer');
    expect(checkField('floorAreaM2', { ...typed, floorAreaM2: '0' }, procedure)).toBe('wizard.err.range');
    expect(checkField('floorAreaM2', { ...typed, floorAreaM2: '' }, procedure)).toBe('form.required');
    // A company has no CIN; its name and register number are asked instead.
    const company = { ...typed, kind: 'company', cin: '' };
    expect(validate(company, procedure)).toEqual({
      companyName: 'form.required',
      registrationNumber: 'form.required',
      repFirstName: 'form.required',
      repLastName: 'form.required',
    });
  });

  it('makes the API body the integration tests send, and reads a draft back into the same values', () => {
    const body = toBody(typed, procedure);
    const expected = buildingPermit();
    expect(body).toEqual({
      ...expected,
      applicant: { ...expected.applicant, phone: '+212661234567', email: 'youssef.alami@example.ma' },
      project: { ...expected.project, socialHousing: false },
    });
    const values = fromApplication({ ...body, provinceId: 'MA-CAS', regionId: 'MA-06' } as any);
    expect(toBody(values, procedure)).toEqual(body);
  });

  it('offers a business only the procedures the catalogue opens to it, and a professional the others', () => {
    const procedures = CATALOGUE.procedures as any[];
    const forBusiness = fileableBy(procedures, ['business']).map((p) => p.code);
    expect(forBusiness.sort()).toEqual(
      procedures
        .filter((p) => p.filers?.includes('business'))
        .map((p) => p.code)
        .sort(),
    );
    expect(forBusiness).toContain('ACTIVITY_LICENCE_RENEWAL');
    expect(forBusiness).not.toContain('BUILDING_PERMIT');
    expect(fileableBy(procedures, ['professional']).map((p) => p.code)).toContain('BUILDING_PERMIT');
  });

  it('asks the followed licence’s number for a renewal and sends it, in capitals', () => {
    const renewal = getProcedure('ACTIVITY_LICENCE_RENEWAL') as any;
    expect(visibleFields(typed, procedure)).not.toContain('permitNumber');
    expect(visibleFields(typed, renewal)).toContain('permitNumber');
    const values = {
      ...typed,
      procedureCode: 'ACTIVITY_LICENCE_RENEWAL',
      activity: 'Café',
      floorAreaM2: '85',
    };
    expect(checkField('permitNumber', { ...values, permitNumber: '' }, renewal)).toBe(
      'wizard.err.permitNumber',
    );
    expect(
      checkField('permitNumber', { ...values, permitNumber: 'rk-cas-casablanca-2026-00042' }, renewal),
    ).toBeUndefined();
    expect(toBody({ ...values, permitNumber: 'rk-cas-casablanca-2026-00042' }, renewal).permitNumber).toBe(
      'RK-CAS-CASABLANCA-2026-00042',
    );
    expect(toBody({ ...values, permitNumber: 'RK-X-001' }, procedure).permitNumber).toBeUndefined();
  });
});

describe('my files', () => {
  it('says what waits on me per role and status', () => {
    expect(waitingOnMe({ status: 'DRAFT' }, ['professional'])).toBe('complete');
    expect(waitingOnMe({ status: 'DRAFT' }, ['applicant'])).toBeUndefined();
    expect(waitingOnMe({ status: 'RETURNED_FOR_COMPLETION' }, ['professional'])).toBe('resubmit');
    expect(waitingOnMe({ status: 'AWAITING_PAYMENT' }, ['applicant'])).toBe('pay');
    expect(waitingOnMe({ status: 'IN_COMMISSION' }, ['professional'])).toBeUndefined();
    // A business files for itself: its drafts and returns wait on it as a professional's do.
    expect(waitingOnMe({ status: 'DRAFT' }, ['business'])).toBe('complete');
    expect(waitingOnMe({ status: 'RETURNED_FOR_COMPLETION' }, ['business'])).toBe('resubmit');
  });

  it('counts the legal clock from the deadline date, paused while returned', () => {
    const app = { status: 'SUBMITTED' as const, legalDeadlineDays: 15, deadlineDate: '2026-12-10' };
    expect(listClock(app, '2026-12-01')).toEqual({
      used: 6,
      allowed: 15,
      dayCount: 'calendar',
      paused: false,
      overdue: false,
    });
    expect(listClock(app, '2026-12-12')).toMatchObject({ used: 17, overdue: true });
    expect(listClock({ ...app, status: 'RETURNED_FOR_COMPLETION' }, '2026-12-01')).toMatchObject({
      paused: true,
    });
    expect(listClock({ status: 'DRAFT' })).toBeUndefined();
  });

  it('counts a working-day delay in working days: weekends and public holidays do not use it', () => {
    // Thursday 10 December 2026 seen from Tuesday 1 December: 7 working days left of 15.
    const app = { status: 'SUBMITTED' as const, legalDeadlineDays: 15, deadlineDate: '2026-12-10' };
    expect(listClock(app, '2026-12-01', 'working')).toEqual({
      used: 8,
      allowed: 15,
      dayCount: 'working',
      paused: false,
      overdue: false,
    });
    // On the deadline day, nothing is late; the weekend after it counts nothing, Friday and Monday do.
    expect(listClock(app, '2026-12-10', 'working')).toMatchObject({ used: 15, overdue: false });
    expect(listClock(app, '2026-12-13', 'working')).toMatchObject({ used: 16, overdue: true });
    expect(listClock(app, '2026-12-14', 'working')).toMatchObject({ used: 17, overdue: true });
  });

  it('lists the required documents first, the large-project ones only for large projects', () => {
    const small = checklist(procedure, 'small');
    const large = checklist(procedure, 'large');
    expect(small.filter((d) => d.required).length).toBeLessThan(large.filter((d) => d.required).length);
    expect(small.findIndex((d) => !d.required)).toBe(small.filter((d) => d.required).length);
  });

  it('comes back to a workspace page after signing in, never to another site', () => {
    expect(afterSignIn('/fr/espace/dossiers/app-1', 'ar')).toBe('/ar/espace/dossiers/app-1');
    expect(afterSignIn('/fr/espace/nouveau', 'fr')).toBe('/fr/espace/nouveau');
    expect(afterSignIn('//evil.example/fr/espace', 'fr')).toBe('/fr/espace');
    expect(afterSignIn('https://evil.example/', 'fr')).toBe('/fr/espace');
    expect(afterSignIn(null, 'fr')).toBe('/fr/espace');
  });
});

describe('uploads, before sending', () => {
  const rules = { formats: ['application/pdf'] as const, maxSizeMb: 10 };
  it('checks the type and the size the slot accepts', () => {
    expect(precheck({ name: 'plan.pdf', type: 'application/pdf', size: 1000 }, rules)).toEqual({
      ok: true,
      format: 'application/pdf',
    });
    expect(precheck({ name: 'plan.PDF', type: '', size: 1000 }, rules)).toMatchObject({ ok: true });
    expect(precheck({ name: 'photo.png', type: 'image/png', size: 1000 }, rules)).toMatchObject({
      ok: false,
      reason: 'format',
    });
    expect(
      precheck({ name: 'plan.pdf', type: 'application/pdf', size: 11 * 1024 * 1024 }, rules),
    ).toMatchObject({
      ok: false,
      reason: 'size',
    });
    expect(precheck({ name: 'plan.pdf', type: 'application/pdf', size: 0 }, rules)).toMatchObject({
      reason: 'empty',
    });
    expect(formatOf({ name: 'x.exe', type: 'application/x-msdownload' })).toBeUndefined();
  });
});

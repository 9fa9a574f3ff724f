import { describe, expect, it } from 'vitest';
import {
  applicationNotFound,
  assertCanEdit,
  assertCanRead,
  canEdit,
  canRead,
} from '#shared/domain/applications/access.ts';
import {
  APPLICATION_STATUSES,
  Applicant,
  Application,
  ApplicationPatch,
  type ApplicationStatus,
  applicantName,
  type DocumentVersion,
  formatReceiptNumber,
  Parcel,
} from '#shared/domain/applications/application.ts';
import { completenessProblems, documentProblems } from '#shared/domain/applications/completeness.ts';
import {
  type ApplicationAction,
  TRANSITIONS,
  transition,
} from '#shared/domain/applications/state-machine.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { Principal, Role, Scope } from '#shared/domain/identity/principal.ts';
import { getProcedure, requiredDocuments } from '#shared/domain/procedures/rules.ts';
import type { DocumentFormat, DocumentRequirement } from '#shared/domain/procedures/schema.ts';
import { statusOf } from '#shared/http/problem.ts';

const MB = 1024 * 1024;
const NOW = '2026-11-20T09:30:00.000Z';

/** A valid draft for a building permit in Casablanca, validated against the schema. */
function makeApplication(overrides: Partial<Application> = {}): Application {
  return Application.parse({
    id: 'app-01',
    procedureCode: 'BUILDING_PERMIT',
    communeId: 'cas-casablanca',
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    applicant: {
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      cin: 'BE123456',
    },
    parcel: { landTitle: 'TF 4567/63', address: '12 rue des Orangers, Maârif' },
    project: { description: 'Villa R+1' },
    status: 'DRAFT',
    catalogueVersion: '2026-11',
    professionalId: 'pro-1',
    size: 'small',
    documents: {},
    followers: ['app-1'],
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  });
}

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

// ---------------------------------------------------------------------------------------------------------
// State machine
// ---------------------------------------------------------------------------------------------------------

describe('transition', () => {
  const actions = TRANSITIONS.map((t) => t.action);
  const pairs = APPLICATION_STATUSES.flatMap((status) =>
    TRANSITIONS.map((rule) => ({
      status,
      action: rule.action as ApplicationAction,
      from: rule.from as readonly ApplicationStatus[],
      to: rule.to as readonly ApplicationStatus[] | 'unchanged',
    })),
  );
  const allowed = pairs.filter((p) => p.from.includes(p.status));
  const refused = pairs.filter((p) => !p.from.includes(p.status));

  it('has one rule per action (transition() only ever reads the first)', () => {
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('derives both allowed and refused pairs from the table', () => {
    expect(allowed.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(allowed.length + refused.length).toBe(APPLICATION_STATUSES.length * TRANSITIONS.length);
  });

  it.each(allowed.map((p) => [p.status, p.action, p.to] as const))('%s + %s → %s', (status, action, to) => {
    // `unchanged` keeps the status; a deletion leads nowhere; otherwise the first target, or any listed one on request.
    if (to === 'unchanged') expect(transition(status, action)).toBe(status);
    else if (to.length === 0) expect(transition(status, action)).toBeNull();
    else {
      expect(transition(status, action)).toBe(to[0]);
      for (const target of to) expect(transition(status, action, target)).toBe(target);
    }
  });

  it('refuses a target the table does not list for the action', () => {
    expect(() => transition('SUBMITTED', 'DECLARE_ADMISSIBLE', 'PAID')).toThrow(/cannot lead to PAID/);
  });

  it('walks the review path of the issue: submit, return, resubmit, admissible, opinions, decision', () => {
    expect(transition('DRAFT', 'SUBMIT')).toBe('SUBMITTED');
    expect(transition('SUBMITTED', 'RETURN_FOR_COMPLETION')).toBe('RETURNED_FOR_COMPLETION');
    expect(transition('RETURNED_FOR_COMPLETION', 'UPLOAD_DOCUMENT')).toBe('RETURNED_FOR_COMPLETION');
    expect(transition('RETURNED_FOR_COMPLETION', 'RESUBMIT')).toBe('SUBMITTED');
    expect(transition('SUBMITTED', 'DECLARE_ADMISSIBLE', 'IN_COMMISSION')).toBe('IN_COMMISSION');
    expect(transition('IN_COMMISSION', 'GIVE_OPINION', 'READY_FOR_DECISION')).toBe('READY_FOR_DECISION');
    expect(transition('READY_FOR_DECISION', 'APPROVE')).toBe('AWAITING_PAYMENT');
    expect(transition('AWAITING_PAYMENT', 'PAY')).toBe('PAID');
    expect(transition('READY_FOR_DECISION', 'REJECT')).toBe('REJECTED');
    expect(transition('IN_COMMISSION', 'TACITLY_APPROVE')).toBe('TACITLY_APPROVED');
  });

  it('lets nothing happen to a decided file, but the renewal reminder of an issued licence', () => {
    for (const status of ['ISSUED', 'REJECTED', 'TACITLY_APPROVED', 'WITHDRAWN'] as const) {
      for (const rule of TRANSITIONS) {
        if (status === 'ISSUED' && rule.action === 'REMIND_RENEWAL') continue;
        expect(() => transition(status, rule.action)).toThrow(/not possible/);
      }
    }
    expect(transition('ISSUED', 'REMIND_RENEWAL')).toBe('ISSUED');
  });

  it.each(refused.map((p) => [p.status, p.action, p.from] as const))(
    '%s + %s → 409 invalid-transition',
    (status, action, from) => {
      const error = errorOf(() => transition(status, action));
      expect(statusOf(error)).toBe(409);
      expect(error.type).toBe('invalid-transition');
      expect(error.details).toEqual({ currentStatus: status, action });
      expect(error.message).toContain(`while the application is ${status}`);
      expect(error.message).toContain(`it is possible when ${from.join(' or ')}`);
      for (const possible of from) expect(error.message).toContain(possible);
    },
  );

  it('gives the expected hard-coded results', () => {
    expect(transition('DRAFT', 'SUBMIT')).toBe('SUBMITTED');
    expect(transition('SUBMITTED', 'WITHDRAW')).toBe('WITHDRAWN');
    expect(transition('DRAFT', 'EDIT')).toBe('DRAFT');
    expect(transition('DRAFT', 'UPLOAD_DOCUMENT')).toBe('DRAFT');
    expect(transition('DRAFT', 'DELETE')).toBeNull();
  });

  it('refuses editing a submitted application with a readable 409', () => {
    const error = errorOf(() => transition('SUBMITTED', 'EDIT'));
    expect(statusOf(error)).toBe(409);
    expect(error.type).toBe('invalid-transition');
    expect(error.title).toBe('Not possible in this status');
    expect(error.message).toBe(
      'edit is not possible while the application is SUBMITTED; it is possible when DRAFT or RETURNED_FOR_COMPLETION.',
    );
  });

  it('writes multi-word actions in plain words', () => {
    const error = errorOf(() => transition('WITHDRAWN', 'UPLOAD_DOCUMENT'));
    expect(error.message).toBe(
      'upload document is not possible while the application is WITHDRAWN; it is possible when DRAFT or RETURNED_FOR_COMPLETION.',
    );
  });

  it('refuses withdrawing a draft or withdrawing twice', () => {
    expect(errorOf(() => transition('DRAFT', 'WITHDRAW')).message).toContain('possible when SUBMITTED');
    expect(statusOf(errorOf(() => transition('WITHDRAWN', 'WITHDRAW')))).toBe(409);
  });

  it('throws a 409 (not a crash) for an action missing from the table', () => {
    const error = errorOf(() => transition('DRAFT', 'ARCHIVE' as ApplicationAction));
    expect(statusOf(error)).toBe(409);
    expect(error.type).toBe('invalid-transition');
    expect(error.message).toBe('archive is not possible while the application is DRAFT.');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Access
// ---------------------------------------------------------------------------------------------------------

describe('access', () => {
  const principal = (username: string, roles: Role[], scope: Scope = {}): Principal => ({
    userId: `sub-${username}`,
    username,
    roles,
    scope,
  });
  const CASA = { communeId: 'cas-casablanca', provinceId: 'MA-CAS' };
  const RABAT = { communeId: 'rab-rabat', provinceId: 'MA-RAB' };

  /** [name, principal, canRead DRAFT, canRead after submission, canEdit]. */
  const MATRIX: [string, Principal, boolean, boolean, boolean][] = [
    ['owner professional', principal('pro-1', ['professional']), true, true, true],
    ['other professional', principal('pro-2', ['professional']), false, false, false],
    ['follower applicant', principal('app-1', ['applicant']), true, true, false],
    ['other applicant', principal('app-2', ['applicant']), false, false, false],
    ['desk_agent of the commune', principal('agent-cas', ['desk_agent'], CASA), false, true, false],
    ['desk_agent of another commune', principal('agent-rab', ['desk_agent'], RABAT), false, false, false],
    [
      'desk_agent of another commune in the same province',
      principal('agent-moh', ['desk_agent'], { communeId: 'cas-mohammedia', provinceId: 'MA-CAS' }),
      false,
      false,
      false,
    ],
    ['signatory of the commune', principal('sign-cas', ['signatory'], CASA), false, true, false],
    ['signatory of another commune', principal('sign-rab', ['signatory'], RABAT), false, false, false],
    [
      'province_contact of the province',
      principal('prov-cas', ['province_contact'], { provinceId: 'MA-CAS' }),
      false,
      true,
      false,
    ],
    [
      'province_contact of another province',
      principal('prov-rab', ['province_contact'], { provinceId: 'MA-RAB' }),
      false,
      false,
      false,
    ],
    ['ministry_admin', principal('admin', ['ministry_admin']), false, true, false],
    [
      'commission_member',
      principal('member', ['commission_member'], { agencyId: 'urban-agency', provinceId: 'MA-CAS' }),
      false,
      false,
      false,
    ],
    // The username matches but the role does not: identity alone grants nothing.
    ['applicant named like the owner', principal('pro-1', ['applicant']), false, false, false],
    ['professional named like a follower', principal('app-1', ['professional']), false, false, false],
    ['no role at all', principal('pro-1', []), false, false, false],
  ];

  const STATUSES: ApplicationStatus[] = ['DRAFT', 'SUBMITTED', 'WITHDRAWN'];
  const cases = MATRIX.flatMap(([name, who, readDraft, readSubmitted, edit]) =>
    STATUSES.map(
      (status) => [name, status, who, status === 'DRAFT' ? readDraft : readSubmitted, edit] as const,
    ),
  );

  it.each(cases)('%s on a %s application: canRead', (_name, status, who, expected) => {
    expect(canRead(who, makeApplication({ status }))).toBe(expected);
  });

  it.each(cases)('%s on a %s application: canEdit', (_name, status, who, _read, expected) => {
    expect(canEdit(who, makeApplication({ status }))).toBe(expected);
  });

  it.each(cases)(
    '%s on a %s application: assertCanRead / assertCanEdit',
    (_name, status, who, read, edit) => {
      const app = makeApplication({ status });
      if (read) expect(assertCanRead(who, app, app.id)).toBe(app);
      else expect(() => assertCanRead(who, app, app.id)).toThrow(applicationNotFound(app.id).message);
      if (edit) expect(assertCanEdit(who, app, app.id)).toBe(app);
      else expect(() => assertCanEdit(who, app, app.id)).toThrow(applicationNotFound(app.id).message);
    },
  );

  it('gives the same 404 for a missing application and an invisible one (no existence leak)', () => {
    const stranger = principal('pro-2', ['professional']);
    const app = makeApplication({ status: 'SUBMITTED' });
    const invisible = errorOf(() => assertCanRead(stranger, app, 'app-01'));
    const missing = errorOf(() => assertCanRead(stranger, undefined, 'app-01'));
    const notEditable = errorOf(() => assertCanEdit(stranger, app, 'app-01'));
    const missingForEdit = errorOf(() => assertCanEdit(stranger, undefined, 'app-01'));
    for (const error of [invisible, missing, notEditable, missingForEdit]) {
      expect(statusOf(error)).toBe(404);
      expect(error.type).toBe('not-found');
      expect(error.title).toBe('Not found');
      expect(error.message).toBe("Application 'app-01' does not exist or is not visible to you.");
      expect(error.details).toEqual({ resource: 'Application', id: 'app-01' });
    }
  });

  it('refuses even the owner when the application does not exist', () => {
    const owner = principal('pro-1', ['professional']);
    expect(statusOf(errorOf(() => assertCanRead(owner, undefined, 'app-xx')))).toBe(404);
    expect(statusOf(errorOf(() => assertCanEdit(owner, undefined, 'app-xx')))).toBe(404);
  });

  it('lets a desk agent read but never edit a submitted application of the commune', () => {
    const agent = principal('agent-cas', ['desk_agent'], CASA);
    const app = makeApplication({ status: 'SUBMITTED' });
    expect(assertCanRead(agent, app, app.id)).toBe(app);
    expect(statusOf(errorOf(() => assertCanEdit(agent, app, app.id)))).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Application schemas
// ---------------------------------------------------------------------------------------------------------

describe('formatReceiptNumber', () => {
  it.each([
    ['cas-casablanca', 2026, 42, 'CAS-CASABLANCA/2026/00042'],
    ['rab-rabat', 2026, 1, 'RAB-RABAT/2026/00001'],
    ['CAS-CASABLANCA', 2027, 12345, 'CAS-CASABLANCA/2027/12345'],
    ['fes-fes', 2026, 0, 'FES-FES/2026/00000'],
    ['fes-fes', 2026, 123456, 'FES-FES/2026/123456'],
  ])('(%s, %i, %i) → %s', (commune, year, sequence, expected) => {
    expect(formatReceiptNumber(commune, year, sequence)).toBe(expected);
  });
});

describe('Parcel', () => {
  const parcel = (landTitle: string, coordinates?: { lat: number; lng: number }) => ({
    landTitle,
    address: '12 rue des Orangers, Maârif',
    ...(coordinates ? { coordinates } : {}),
  });

  it.each(['12345/C', 'TF 4567/63', 'R 890', 'TF4567/63', '12345', 'tf 4567/63/c', '  R 890  '])(
    'accepts land title %j',
    (landTitle) => {
      expect(Parcel.safeParse(parcel(landTitle)).success).toBe(true);
    },
  );

  it('trims the land title', () => {
    expect(Parcel.parse(parcel('  R 890  ')).landTitle).toBe('R 890');
  });

  it.each(['abc', '', 'TF', 'TF 4567/63/ABCD', 'X 123', '1234567890'])(
    'refuses land title %j',
    (landTitle) => {
      const result = Parcel.safeParse(parcel(landTitle));
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toContain(
        'a land title looks like 12345/C, TF 4567/63 or R 890',
      );
    },
  );

  it.each([
    { lat: 33.5731, lng: -7.5898 }, // Casablanca
    { lat: 35.7595, lng: -5.834 }, // Tangier
    { lat: 23.6848, lng: -15.958 }, // Dakhla
  ])('accepts coordinates inside Morocco %j', (coordinates) => {
    expect(Parcel.parse(parcel('R 890', coordinates)).coordinates).toEqual(coordinates);
  });

  it.each([
    { lat: 48.8566, lng: 2.3522 }, // Paris
    { lat: 40.4168, lng: -3.7038 }, // Madrid
    { lat: 14.7167, lng: -17.4677 }, // Dakar
    { lat: 33.5731, lng: 7.5898 }, // sign error on the longitude
  ])('refuses coordinates outside Morocco %j', (coordinates) => {
    const result = Parcel.safeParse(parcel('R 890', coordinates));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe('coordinates');
  });

  it('refuses a too-short address', () => {
    expect(Parcel.safeParse({ landTitle: 'R 890', address: 'x' }).success).toBe(false);
  });
});

describe('Applicant', () => {
  it('accepts a person with a CIN, normalising it and defaulting the language to fr', () => {
    const applicant = Applicant.parse({
      kind: 'person',
      firstName: ' Amina ',
      lastName: 'El Idrissi',
      cin: 'be123456',
      phone: '0612345678',
      email: 'Amina@Example.MA',
    });
    expect(applicant).toEqual({
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      cin: 'BE123456',
      phone: '+212612345678',
      email: 'amina@example.ma',
      preferredLanguage: 'fr',
    });
    expect(applicantName(applicant)).toBe('Amina El Idrissi');
  });

  it('refuses a person without a CIN', () => {
    const result = Applicant.safeParse({ kind: 'person', firstName: 'Amina', lastName: 'El Idrissi' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('cin');
  });

  it('refuses a person with a registration number instead of a CIN', () => {
    const result = Applicant.safeParse({
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      registrationNumber: 'RC 123456 Casablanca',
    });
    expect(result.success).toBe(false);
  });

  it('accepts a company with its registration number and keeps the chosen language', () => {
    const applicant = Applicant.parse({
      kind: 'company',
      name: 'Atlas Immobilier SARL',
      registrationNumber: 'RC 123456 Casablanca',
      representative: { firstName: 'Youssef', lastName: 'Benali' },
      preferredLanguage: 'ar',
    });
    expect(applicant.kind).toBe('company');
    expect(applicant.preferredLanguage).toBe('ar');
    expect(applicantName(applicant)).toBe('Atlas Immobilier SARL');
  });

  it('refuses a company without a registration number (a CIN does not replace it)', () => {
    const result = Applicant.safeParse({
      kind: 'company',
      name: 'Atlas Immobilier SARL',
      cin: 'BE123456',
      representative: { firstName: 'Youssef', lastName: 'Benali' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('registrationNumber');
  });

  it('refuses an unknown kind', () => {
    expect(Applicant.safeParse({ kind: 'association', name: 'X', cin: 'BE1' }).success).toBe(false);
  });

  it('refuses an invalid phone on the applicant', () => {
    const result = Applicant.safeParse({
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      cin: 'BE123456',
      phone: '+33612345678',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['phone']);
  });
});

describe('ApplicationPatch', () => {
  it('requires the version the client last read', () => {
    const result = ApplicationPatch.safeParse({ project: { description: 'Villa R+2' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['version']);
  });

  it.each([0, -1, 1.5])('refuses version %s', (version) => {
    expect(ApplicationPatch.safeParse({ version }).success).toBe(false);
  });

  it('accepts a version alone or with any subset of fields', () => {
    expect(ApplicationPatch.parse({ version: 3 })).toEqual({ version: 3 });
    expect(
      ApplicationPatch.parse({ version: 2, parcel: { landTitle: 'R 890', address: '5 avenue Hassan II' } }),
    ).toEqual({ version: 2, parcel: { landTitle: 'R 890', address: '5 avenue Hassan II' } });
  });

  it('cannot change the procedure or the commune (they are dropped)', () => {
    const patch = ApplicationPatch.parse({ version: 1, procedureCode: 'DEMOLITION', communeId: 'rab-rabat' });
    expect(patch).toEqual({ version: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Completeness
// ---------------------------------------------------------------------------------------------------------

describe('completenessProblems (BUILDING_PERMIT, real catalogue)', () => {
  const procedure = getProcedure('BUILDING_PERMIT');
  const fullProject = {
    description: 'Villa R+1',
    floorAreaM2: 220,
    floors: 2,
    units: 1,
    buildingCategory: 'individual_housing' as const,
    worksCostCentimes: 150_000_000,
  };

  const documentFor = (
    requirement: DocumentRequirement,
    contentType: DocumentFormat = requirement.formats[0] ?? 'application/pdf',
    sizeBytes = 2 * MB,
  ): DocumentVersion => ({
    code: requirement.code,
    version: 1,
    key: `applications/app-01/${requirement.code}/1`,
    sha256: 'a'.repeat(64),
    sizeBytes,
    contentType,
    uploadedAt: NOW,
    uploadedBy: 'pro-1',
  });

  const documentsFor = (requirements: DocumentRequirement[]): Record<string, DocumentVersion> =>
    Object.fromEntries(requirements.map((r) => [r.code, documentFor(r)]));

  const requirement = (code: string): DocumentRequirement => {
    const found = procedure.documents.find((d) => d.code === code);
    if (!found) throw new Error(`${code} is not a BUILDING_PERMIT document`);
    return found;
  };

  it('the catalogue has both always-mandatory and large-only documents (the tests below rely on it)', () => {
    expect(requiredDocuments(procedure, 'small').length).toBeGreaterThan(0);
    expect(requiredDocuments(procedure, 'large').length).toBeGreaterThan(
      requiredDocuments(procedure, 'small').length,
    );
  });

  it('reports every mandatory document and every missing project field at once', () => {
    const app = makeApplication({ documents: {}, project: { description: 'Villa R+1' } });
    const problems = completenessProblems(procedure, app);

    const required = requiredDocuments(procedure, 'small');
    const missingDocs = problems.filter((p) => p.reason === 'missing');
    expect(missingDocs.map((p) => p.code)).toEqual(required.map((r) => r.code));
    expect(missingDocs.map((p) => p.detail)).toEqual(required.map((r) => `${r.labelFr} is required.`));

    const missingFields = problems.filter((p) => p.reason === 'project-field-missing');
    expect(missingFields.map((p) => p.code)).toEqual(
      procedure.requiredProjectFields.map((field) => `project.${field}`),
    );
    expect(missingFields.map((p) => p.code)).toEqual([
      'project.floorAreaM2',
      'project.floors',
      'project.units',
      'project.buildingCategory',
      'project.worksCostCentimes',
    ]);
    expect(problems).toHaveLength(required.length + procedure.requiredProjectFields.length);
  });

  it('reports nothing for a small project with every document present and valid', () => {
    const app = makeApplication({
      project: fullProject,
      documents: documentsFor(requiredDocuments(procedure, 'small')),
    });
    expect(completenessProblems(procedure, app)).toEqual([]);
  });

  it('reports only the missing project fields when the documents are complete', () => {
    const { floors: _floors, units: _units, ...partial } = fullProject;
    const app = makeApplication({
      project: partial,
      documents: documentsFor(requiredDocuments(procedure, 'small')),
    });
    expect(completenessProblems(procedure, app)).toEqual([
      {
        code: 'project.floors',
        reason: 'project-field-missing',
        detail: 'Project field floors is required.',
      },
      { code: 'project.units', reason: 'project-field-missing', detail: 'Project field units is required.' },
    ]);
  });

  it('accepts floors = 0 and units = 0 (present, not missing)', () => {
    const app = makeApplication({
      project: { ...fullProject, floors: 0, units: 0 },
      documents: documentsFor(requiredDocuments(procedure, 'small')),
    });
    expect(completenessProblems(procedure, app)).toEqual([]);
  });

  it('requires the large-project documents too for a large project', () => {
    const small = requiredDocuments(procedure, 'small');
    const large = requiredDocuments(procedure, 'large');
    const largeOnly = large.filter((r) => !small.includes(r));
    expect(largeOnly.map((r) => r.code)).toEqual([
      'STRUCTURAL_STUDY',
      'FIRE_SAFETY_NOTE',
      'VRD_PLANS',
      'ENGINEERING_CONTRACT',
    ]);

    const withSmallDocs = makeApplication({
      size: 'large',
      project: { ...fullProject, floorAreaM2: 1200, floors: 5 },
      documents: documentsFor(small),
    });
    const problems = completenessProblems(procedure, withSmallDocs);
    expect(problems.map((p) => [p.code, p.reason])).toEqual(largeOnly.map((r) => [r.code, 'missing']));

    const complete = makeApplication({
      size: 'large',
      project: { ...fullProject, floorAreaM2: 1200, floors: 5 },
      documents: documentsFor(large),
    });
    expect(completenessProblems(procedure, complete)).toEqual([]);
  });

  it('reports a document in a format the slot does not accept', () => {
    const sitePlan = requirement('SITE_PLAN');
    const app = makeApplication({
      project: fullProject,
      documents: {
        ...documentsFor(requiredDocuments(procedure, 'small')),
        SITE_PLAN: documentFor(sitePlan, 'image/png'),
      },
    });
    expect(completenessProblems(procedure, app)).toEqual([
      {
        code: 'SITE_PLAN',
        reason: 'format-not-allowed',
        detail: 'image/png is not accepted for SITE_PLAN; accepted: application/pdf.',
        contentType: 'image/png',
        accepted: ['application/pdf'],
      },
    ]);
  });

  it('accepts an image where the slot allows it (identity papers)', () => {
    const app = makeApplication({
      project: fullProject,
      documents: {
        ...documentsFor(requiredDocuments(procedure, 'small')),
        APPLICANT_ID: documentFor(requirement('APPLICANT_ID'), 'image/jpeg'),
      },
    });
    expect(completenessProblems(procedure, app)).toEqual([]);
  });

  it('reports a document over the slot maximum size, and accepts one exactly at it', () => {
    const sitePlan = requirement('SITE_PLAN');
    const limit = sitePlan.maxSizeMb * MB;
    const base = documentsFor(requiredDocuments(procedure, 'small'));

    const over = makeApplication({
      project: fullProject,
      documents: { ...base, SITE_PLAN: documentFor(sitePlan, 'application/pdf', limit + 1) },
    });
    expect(completenessProblems(procedure, over)).toEqual([
      {
        code: 'SITE_PLAN',
        reason: 'too-large',
        detail: `SITE_PLAN is limited to ${sitePlan.maxSizeMb} MB.`,
        maxSizeMb: sitePlan.maxSizeMb,
      },
    ]);

    const atLimit = makeApplication({
      project: fullProject,
      documents: { ...base, SITE_PLAN: documentFor(sitePlan, 'application/pdf', limit) },
    });
    expect(completenessProblems(procedure, atLimit)).toEqual([]);
  });

  it('reports every problem at once: missing, wrong format, too large and project fields', () => {
    const small = requiredDocuments(procedure, 'small');
    const documents = documentsFor(small);
    delete documents.MASS_PLAN;
    documents.ARCH_PLANS = documentFor(requirement('ARCH_PLANS'), 'image/jpeg', 60 * MB);
    const app = makeApplication({ project: { description: 'Villa R+1' }, documents });
    const problems = completenessProblems(procedure, app);
    expect(problems.filter((p) => p.code === 'MASS_PLAN').map((p) => p.reason)).toEqual(['missing']);
    expect(problems.filter((p) => p.code === 'ARCH_PLANS').map((p) => p.reason)).toEqual([
      'format-not-allowed',
      'too-large',
    ]);
    expect(problems.filter((p) => p.reason === 'project-field-missing')).toHaveLength(5);
    expect(problems).toHaveLength(1 + 2 + 5);
  });
});

describe('documentProblems', () => {
  const sitePlan = getProcedure('BUILDING_PERMIT').documents.find((d) => d.code === 'SITE_PLAN');
  if (!sitePlan) throw new Error('SITE_PLAN missing from the catalogue');

  it('accepts a PDF within the limit', () => {
    expect(documentProblems(sitePlan, 'application/pdf', 10 * MB)).toEqual([]);
  });

  it('reports both format and size problems of one file', () => {
    expect(documentProblems(sitePlan, 'image/png', 51 * MB).map((p) => p.reason)).toEqual([
      'format-not-allowed',
      'too-large',
    ]);
  });

  it('refuses a content type outside the known formats', () => {
    expect(documentProblems(sitePlan, 'application/zip', 1).map((p) => p.reason)).toEqual([
      'format-not-allowed',
    ]);
  });
});

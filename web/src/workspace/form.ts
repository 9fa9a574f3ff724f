import type { Key } from '../i18n/fr.ts';
import type { Application, NewApplicationBody, Procedure } from './model.ts';

/**
 * The wizard's values as typed (strings), their rules (the API's zod rules, checked as the user
 * types) and the request body they make. Pure, so the rules are unit-tested without a browser.
 */
export type FormValues = Record<string, string>;

export const PROJECT_FIELDS = {
  floorAreaM2: { kind: 'number', integer: false, min: 0, exclusive: true, max: 10_000_000, unit: 'unit.m2' },
  floors: { kind: 'number', integer: true, min: 0, exclusive: false, max: 200 },
  units: { kind: 'number', integer: true, min: 0, exclusive: false, max: 100_000 },
  heightM: { kind: 'number', integer: false, min: 0, exclusive: true, max: 1000, unit: 'unit.m' },
  plotAreaM2: { kind: 'number', integer: false, min: 0, exclusive: true, max: 100_000_000, unit: 'unit.m2' },
  lots: { kind: 'number', integer: true, min: 0, exclusive: true, max: 100_000 },
  worksCostCentimes: {
    kind: 'number',
    integer: false,
    min: 0,
    exclusive: false,
    max: 1e12,
    unit: 'unit.mad',
  },
  buildingCategory: { kind: 'category' },
  occupiedAreaM2: {
    kind: 'number',
    integer: false,
    min: 0,
    exclusive: true,
    max: 1_000_000,
    unit: 'unit.m2',
  },
  occupationMonths: { kind: 'number', integer: true, min: 0, exclusive: true, max: 120 },
  activity: { kind: 'text' },
} as const satisfies Record<
  string,
  | { kind: 'number'; integer: boolean; min: number; exclusive: boolean; max: number; unit?: Key }
  | { kind: 'category' }
  | { kind: 'text' }
>;
export type ProjectField = keyof typeof PROJECT_FIELDS;

export const CATEGORIES = [
  'individual_housing',
  'collective_housing',
  'industrial',
  'commercial',
  'professional',
  'administrative',
  'restoration',
] as const;

const normalisePhone = (raw: string) => {
  const digits = raw.replace(/[\s.()-]/g, '');
  if (/^0[5-7]\d{8}$/.test(digits)) return `+212${digits.slice(1)}`;
  if (/^00212\d{9}$/.test(digits)) return `+${digits.slice(2)}`;
  return digits;
};
const parseNumber = (raw: string) => Number(raw.trim().replace(/\s/g, '').replace(',', '.'));

/** Whether the procedure follows an issued permit or licence (a renewal, an occupancy permit): its number is asked. */
export const follows = (procedure: Procedure | undefined): boolean => !!procedure?.follows?.length;

/** The procedures this filer may file: a business only those the catalogue opens to it (`filers`). */
export const fileableBy = (procedures: readonly Procedure[], roles: readonly string[]): Procedure[] =>
  roles.includes('business') && !roles.includes('professional')
    ? procedures.filter((p) => p.filers?.includes('business'))
    : procedures.filter((p) => (p.filers ?? ['professional']).includes('professional'));

/** The project fields this procedure asks for (the catalogue's own list). */
export const projectFieldsOf = (procedure: Procedure | undefined): ProjectField[] =>
  (procedure?.requiredProjectFields ?? []).filter((f): f is ProjectField => f in PROJECT_FIELDS);

/** One field's problem as a dictionary key, or undefined when it is fine. */
export function checkField(name: string, values: FormValues, procedure?: Procedure): Key | undefined {
  const v = (values[name] ?? '').trim();
  const company = values.kind === 'company';
  switch (name) {
    case 'procedureCode':
      return v ? undefined : 'wizard.err.procedure';
    case 'communeId':
      return v ? undefined : 'wizard.err.commune';
    case 'permitNumber':
      return !follows(procedure) || /^RK-[A-Z0-9-]{3,100}$/.test(v.toUpperCase())
        ? undefined
        : 'wizard.err.permitNumber';
    case 'firstName':
    case 'lastName':
      return company ? undefined : !v ? 'form.required' : v.length > 80 ? 'wizard.err.tooLong' : undefined;
    case 'cin':
      return company ? undefined : /^[A-Z]{1,2}\d{1,6}$/.test(v.toUpperCase()) ? undefined : 'wizard.err.cin';
    case 'companyName':
      return !company ? undefined : v.length < 2 ? 'form.required' : undefined;
    case 'registrationNumber':
      return !company ? undefined : v.length < 2 ? 'form.required' : undefined;
    case 'repFirstName':
    case 'repLastName':
      return !company ? undefined : v ? undefined : 'form.required';
    case 'phone':
      return !v || /^\+212[5-7]\d{8}$/.test(normalisePhone(v)) ? undefined : 'wizard.err.phone';
    case 'email':
      return !v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? undefined : 'wizard.err.email';
    case 'landTitle':
      return /^(TF|R)?\s?\d{1,9}(\/\d{1,3})?(\/[A-Z]{1,3})?$/i.test(v) ? undefined : 'wizard.err.landTitle';
    case 'address':
      return v.length >= 5 && v.length <= 300 ? undefined : 'wizard.err.address';
    case 'description':
      return v.length >= 3 && v.length <= 2000 ? undefined : 'wizard.err.description';
  }
  const rule = PROJECT_FIELDS[name as ProjectField];
  if (!rule) return undefined;
  const required = projectFieldsOf(procedure).includes(name as ProjectField);
  if (!v) return required ? 'form.required' : undefined;
  if (rule.kind === 'number') {
    const n = parseNumber(v);
    if (!Number.isFinite(n)) return 'wizard.err.number';
    if (rule.integer && !Number.isInteger(n)) return 'wizard.err.integer';
    if (n < rule.min || (rule.exclusive && n === rule.min) || n > rule.max) return 'wizard.err.range';
  }
  if (rule.kind === 'text' && v.length < 2) return 'wizard.err.tooShort';
  return undefined;
}

/** The fields the form shows for these values (the applicant's kind, the procedure's project fields). */
export function visibleFields(values: FormValues, procedure?: Procedure): string[] {
  const applicant =
    values.kind === 'company'
      ? ['companyName', 'registrationNumber', 'repFirstName', 'repLastName']
      : ['firstName', 'lastName', 'cin'];
  return [
    'procedureCode',
    'communeId',
    ...(follows(procedure) ? ['permitNumber'] : []),
    ...applicant,
    'phone',
    'email',
    'landTitle',
    'address',
    'description',
    ...projectFieldsOf(procedure),
  ];
}

export function validate(values: FormValues, procedure?: Procedure): Record<string, Key> {
  const errors: Record<string, Key> = {};
  for (const f of visibleFields(values, procedure)) {
    const e = checkField(f, values, procedure);
    if (e) errors[f] = e;
  }
  return errors;
}

/** The request body of valid values (`POST /applications`; the PATCH takes the same minus the first two). */
export function toBody(values: FormValues, procedure?: Procedure): NewApplicationBody {
  const v = (k: string) => (values[k] ?? '').trim();
  const contact = {
    ...(v('phone') ? { phone: normalisePhone(v('phone')) } : {}),
    ...(v('email') ? { email: v('email').toLowerCase() } : {}),
    preferredLanguage: (values.applicantLanguage === 'ar' ? 'ar' : 'fr') as 'fr' | 'ar',
  };
  const applicant: NewApplicationBody['applicant'] =
    values.kind === 'company'
      ? {
          kind: 'company',
          name: v('companyName'),
          registrationNumber: v('registrationNumber'),
          representative: { firstName: v('repFirstName'), lastName: v('repLastName') },
          ...contact,
        }
      : {
          kind: 'person',
          firstName: v('firstName'),
          lastName: v('lastName'),
          cin: v('cin').toUpperCase(),
          ...contact,
        };
  const project: Record<string, unknown> = { description: v('description') };
  for (const f of projectFieldsOf(procedure)) {
    const raw = v(f);
    if (!raw) continue;
    const rule = PROJECT_FIELDS[f];
    if (rule.kind === 'number') {
      const n = parseNumber(raw);
      project[f] = f === 'worksCostCentimes' ? Math.round(n * 100) : n;
    } else project[f] = raw;
  }
  if (projectFieldsOf(procedure).includes('buildingCategory'))
    project.socialHousing = values.socialHousing === 'true';
  return {
    procedureCode: values.procedureCode as NewApplicationBody['procedureCode'],
    communeId: v('communeId'),
    ...(follows(procedure) && v('permitNumber') ? { permitNumber: v('permitNumber').toUpperCase() } : {}),
    applicant,
    parcel: { landTitle: v('landTitle'), address: v('address') },
    project: project as NewApplicationBody['project'],
  };
}

/** A server draft as form values (to edit it, on any device). */
export function fromApplication(app: Application): FormValues {
  const a = app.applicant;
  const out: FormValues = {
    procedureCode: app.procedureCode,
    communeId: app.communeId,
    provinceId: app.provinceId,
    regionId: app.regionId,
    kind: a.kind,
    phone: a.phone ?? '',
    email: a.email ?? '',
    applicantLanguage: a.preferredLanguage ?? 'fr',
    landTitle: app.parcel.landTitle,
    address: app.parcel.address,
    description: app.project.description,
    socialHousing: app.project.socialHousing ? 'true' : 'false',
    ...(app.followsPermit ? { permitNumber: app.followsPermit.number } : {}),
  };
  if (a.kind === 'person') Object.assign(out, { firstName: a.firstName, lastName: a.lastName, cin: a.cin });
  else
    Object.assign(out, {
      companyName: a.name,
      registrationNumber: a.registrationNumber,
      repFirstName: a.representative.firstName,
      repLastName: a.representative.lastName,
    });
  for (const f of Object.keys(PROJECT_FIELDS) as ProjectField[]) {
    const value = (app.project as Record<string, unknown>)[f];
    if (value === undefined) continue;
    out[f] = f === 'worksCostCentimes' ? String(Number(value) / 100) : String(value);
  }
  return out;
}

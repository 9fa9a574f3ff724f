import * as z from 'zod/mini';
import { CHECKS } from '../checks.ts';
import { TrimmedText } from '../text.ts';

/**
 * The shape of the procedures catalogue (decree 2-18-577 and the 2023 joint order). The catalogue
 * itself is data (catalogue.ts), validated against these schemas by the unit tests and at load.
 */
export const PROCEDURE_CODES = [
  'BUILDING_PERMIT',
  'LOTISSEMENT',
  'HOUSING_GROUP',
  'MORCELLEMENT',
  'REPAIR',
  'REGULARISATION',
  'DEMOLITION',
  'OCCUPANCY_PERMIT',
  'CONFORMITY_CERTIFICATE',
  'ACTIVITY_LICENCE',
  'PUBLIC_DOMAIN_OCCUPATION',
  'ACTIVITY_LICENCE_RENEWAL',
  'PUBLIC_DOMAIN_OCCUPATION_RENEWAL',
] as const;
export const ProcedureCode = /* @__PURE__ */ (() => z.enum(PROCEDURE_CODES))();
export type ProcedureCode = z.infer<typeof ProcedureCode>;

/** Agencies consulted in commission (issue 4 adds members per agency and territory). */
export const AGENCY_CODES = [
  'urban-agency',
  'civil-protection',
  'utilities',
  'heritage',
  'health',
  'equipment',
] as const;
export const AgencyCode = /* @__PURE__ */ (() => z.enum(AGENCY_CODES))();
export type AgencyCode = z.infer<typeof AgencyCode>;

export const DOCUMENT_FORMATS = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DocumentFormat = /* @__PURE__ */ (() => z.enum(DOCUMENT_FORMATS))();
export type DocumentFormat = z.infer<typeof DocumentFormat>;

export const DocumentCode = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z][A-Z0-9_]{2,39}$/, CHECKS.invalid_document_code)))();

export const DocumentRequirement = /* @__PURE__ */ (() =>
  z.object({
    code: DocumentCode,
    labelFr: z.string().check(z.minLength(3)),
    labelAr: z.string().check(z.regex(/[\u0600-\u06FF]/, CHECKS.arabic_script_required)),
    /** Mandatory for every project of the procedure; `large` = only for large projects. */
    mandatory: z.union([z.boolean(), z.literal('large')]),
    formats: z.array(DocumentFormat).check(z.minLength(1)),
    maxSizeMb: z.number().check(z.int(), z.positive(), z.lte(100)),
  }))();
export type DocumentRequirement = z.infer<typeof DocumentRequirement>;

/** The legal steps of the review and their budgets in days (counted as the step's `calendar` says). */
export const STEP_CODES = [
  'RECEIPT',
  'REFERRAL',
  'COMMISSION_REVIEW',
  'MINUTES',
  'SIGNATURE',
  'REVIEW',
] as const;
export const StepCode = /* @__PURE__ */ (() => z.enum(STEP_CODES))();
export type StepCode = z.infer<typeof StepCode>;
/**
 * How a delay counts its days: every calendar day, or working days only (Monday to Friday, Moroccan
 * public holidays excluded: shared/domain/holidays.ts), on the Casablanca calendar.
 */
export const DayCount = /* @__PURE__ */ (() => z.enum(['calendar', 'working']))();
export type DayCount = z.infer<typeof DayCount>;

export const StepBudget = /* @__PURE__ */ (() =>
  z.object({
    step: StepCode,
    days: z.number().check(z.int(), z.positive()),
    /** Declared on every step: a desk or commission act counts working days, a period calendar days. */
    calendar: DayCount,
  }))();

export const DeadlineRule = /* @__PURE__ */ (() =>
  z.object({
    /** Total legal deadline in days for small / large projects (equal when the procedure has no size). */
    smallDays: z.number().check(z.int(), z.positive()),
    largeDays: z.number().check(z.int(), z.positive()),
    /** How the total deadline counts its days (the sweep's tacit approval and overdue flags follow it). */
    calendar: DayCount,
    /** Law 55-19: silence past the deadline counts as consent. */
    silenceIsConsent: z.boolean(),
    steps: z.object({
      small: z.array(StepBudget).check(z.minLength(1)),
      large: z.array(StepBudget).check(z.minLength(1)),
    }),
  }))();

/**
 * Small/large classification, as data: a project is large as soon as one threshold is exceeded.
 * `always` fixes the size for procedures the order classes as large (lotissements, housing groups…).
 */
export const SizeRule = /* @__PURE__ */ (() =>
  z.union([
    z.object({ always: z.enum(['small', 'large']) }),
    z.object({
      largeIfFloorAreaOverM2: z.number().check(z.positive()),
      largeIfFloorsOver: z.number().check(z.int(), z.positive()),
      largeIfUnitsOver: z.number().check(z.int(), z.positive()),
    }),
  ]))();

export const PROJECT_FIELDS = [
  'floorAreaM2',
  'floors',
  'units',
  'heightM',
  'plotAreaM2',
  'lots',
  'worksCostCentimes',
  'buildingCategory',
  'occupiedAreaM2',
  'occupationMonths',
  'activity',
] as const;
export const ProjectField = /* @__PURE__ */ (() => z.enum(PROJECT_FIELDS))();

export const Procedure = /* @__PURE__ */ (() =>
  z.object({
    code: ProcedureCode,
    family: z.enum(['urban', 'economic']),
    labelFr: z.string().check(z.minLength(3)),
    labelAr: z.string().check(z.regex(/[\u0600-\u06FF]/)),
    legalBasis: z.string().check(z.minLength(3)),
    size: SizeRule,
    deadline: DeadlineRule,
    /** Review path: a commission with consulted agencies, or the one-stop desk alone. */
    commission: z.object({
      when: z.enum(['always', 'large', 'never']),
      agencies: z.array(AgencyCode),
      /** Agencies whose unfavourable opinion forces a rejection (issue 4). */
      binding: z.array(AgencyCode),
    }),
    /** Project data the applicant must give (fees and deadlines need them). */
    requiredProjectFields: z.array(ProjectField),
    documents: z.array(DocumentRequirement).check(z.minLength(1)),
    /**
     * Post-permit procedures (occupancy permit, conformity certificate): the permits they may follow.
     * A request names the issued permit (`permitNumber`) and carries its conditions and parcel.
     */
    follows: z.optional(z.array(ProcedureCode)),
    /**
     * Who may file it: professionals (architects, engineers…) by default; economic procedures are
     * also open to a business applicant filing for itself, without an architect.
     */
    filers: z.optional(z.array(z.enum(['professional', 'business']))),
    /**
     * How long the issued licence is valid, in months from its issuance; none = no expiry. With
     * `validityFromProject`, the most it may be.
     */
    validityMonths: z.optional(z.number().check(z.int(), z.positive(), z.lte(120))),
    /** The validity is the duration the applicant asked for (a project field), up to `validityMonths`. */
    validityFromProject: z.optional(z.enum(['occupationMonths'])),
  }))();
export type Procedure = z.infer<typeof Procedure>;

export const Catalogue = /* @__PURE__ */ (() =>
  z.object({
    version: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
    procedures: z.array(Procedure),
    agencies: z.array(
      z.object({
        code: AgencyCode,
        labelFr: z.string(),
        labelAr: z.string().check(z.regex(/[\u0600-\u06FF]/)),
      }),
    ),
  }))();
export type Catalogue = z.infer<typeof Catalogue>;

export const BuildingCategory = /* @__PURE__ */ (() =>
  z.enum([
    'individual_housing',
    'collective_housing',
    'industrial',
    'commercial',
    'professional',
    'administrative',
    'restoration',
  ]))();

/** Project data recorded on an application (the fee and deadline rules read it). */
export const ProjectData = /* @__PURE__ */ (() =>
  z.object({
    description: TrimmedText(3, 2000),
    floorAreaM2: z.optional(z.number().check(z.positive(), z.lte(10_000_000))),
    floors: z.optional(z.number().check(z.int(), z.gte(0), z.lte(200))),
    units: z.optional(z.number().check(z.int(), z.gte(0), z.lte(100_000))),
    heightM: z.optional(z.number().check(z.positive(), z.lte(1000))),
    plotAreaM2: z.optional(z.number().check(z.positive(), z.lte(100_000_000))),
    lots: z.optional(z.number().check(z.int(), z.positive(), z.lte(100_000))),
    /** Estimated works cost excluding VAT, in integer centimes of MAD. */
    worksCostCentimes: z.optional(z.number().check(z.int(), z.nonnegative())),
    buildingCategory: z.optional(BuildingCategory),
    socialHousing: z.optional(z.boolean()),
    occupiedAreaM2: z.optional(z.number().check(z.positive(), z.lte(1_000_000))),
    occupationMonths: z.optional(z.number().check(z.int(), z.positive(), z.lte(120))),
    activity: z.optional(TrimmedText(2, 200)),
  }))();
export type ProjectData = z.infer<typeof ProjectData>;

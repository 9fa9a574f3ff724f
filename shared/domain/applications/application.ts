import * as z from 'zod/mini';
import { Cin, Email, Language, MoroccanPhone, PersonName } from '../contact.ts';
import { CommuneId } from '../geo/geo.ts';
import { DocumentCode, DocumentFormat, ProcedureCode, ProjectData } from '../procedures/schema.ts';
import { DocumentSignature } from '../signing/document-signature.ts';
import { TrimmedText } from '../text.ts';
import { APPLICATION_STATUSES } from './statuses.ts';

/** The applicant (pétitionnaire): a natural person with a CIN, or a company with its trade-register number. */
export const Applicant = /* @__PURE__ */ (() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('person'),
      firstName: PersonName,
      lastName: PersonName,
      cin: Cin,
      phone: z.optional(MoroccanPhone),
      email: z.optional(Email),
      preferredLanguage: z._default(Language, 'fr'),
    }),
    z.object({
      kind: z.literal('company'),
      name: TrimmedText(2, 160),
      /** Registre de commerce number, with its court, e.g. "RC 123456 Casablanca". */
      registrationNumber: TrimmedText(2, 60),
      representative: z.object({ firstName: PersonName, lastName: PersonName }),
      phone: z.optional(MoroccanPhone),
      email: z.optional(Email),
      preferredLanguage: z._default(Language, 'fr'),
    }),
  ]))();
export type Applicant = z.infer<typeof Applicant>;

export const applicantName = (a: Applicant): string =>
  a.kind === 'person' ? `${a.firstName} ${a.lastName}` : a.name;

/** Parcel: land title (titre foncier) or requisition number, address, optional WGS84 point inside Morocco. */
export const Parcel = /* @__PURE__ */ (() =>
  z.object({
    landTitle: z.string().check(
      z.trim(),
      z.regex(
        /^(TF|R)?\s?\d{1,9}(\/\d{1,3})?(\/[A-Z]{1,3})?$/i,
        'a land title looks like 12345/C, TF 4567/63 or R 890',
      ),
      // The same rule without the `i` flag, which a JSON Schema pattern cannot carry (blanks around as trim() allows).
      z.meta({ pattern: '^\\s*(?:[Tt][Ff]|[Rr])?\\s?[0-9]{1,9}(?:/[0-9]{1,3})?(?:/[A-Za-z]{1,3})?\\s*$' }),
    ),
    address: TrimmedText(5, 300),
    coordinates: z.optional(
      z.object({
        lat: z.number().check(z.gte(20.7), z.lte(36)),
        lng: z.number().check(z.gte(-17.2), z.lte(-0.9)),
      }),
    ),
  }))();
export type Parcel = z.infer<typeof Parcel>;

export { APPLICATION_STATUSES };
export const ApplicationStatus = /* @__PURE__ */ (() => z.enum(APPLICATION_STATUSES))();
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

export const DocumentVersion = /* @__PURE__ */ (() =>
  z.object({
    code: DocumentCode,
    version: z.number().check(z.int(), z.positive()),
    key: z.string(),
    s3VersionId: z.optional(z.string()),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    sizeBytes: z.number().check(z.int(), z.nonnegative()),
    contentType: DocumentFormat,
    fileName: z.optional(z.string()),
    uploadedAt: z.iso.datetime(),
    uploadedBy: z.string(),
  }))();
export type DocumentVersion = z.infer<typeof DocumentVersion>;

export const NewApplication = /* @__PURE__ */ (() =>
  z.object({
    procedureCode: ProcedureCode,
    communeId: CommuneId,
    applicant: Applicant,
    parcel: Parcel,
    project: ProjectData,
    /**
     * Post-permit procedures (occupancy permit, conformity certificate): the number of the issued
     * permit this request follows, e.g. RK-CAS-CASABLANCA-2026-00042. Its parcel replaces `parcel`.
     */
    permitNumber: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.regex(/^RK-[A-Z0-9-]{3,100}$/, 'a permit number looks like RK-CAS-CASABLANCA-2026-00042'),
        ),
    ),
  }))();
export type NewApplication = z.infer<typeof NewApplication>;

/** A draft edit: any of the fields, plus the version the client last read (optimistic concurrency). */
export const ApplicationPatch = /* @__PURE__ */ (() =>
  z.extend(
    z.partial(
      z.omit(NewApplication, {
        procedureCode: true,
        communeId: true,
        permitNumber: true,
      }),
    ),
    { version: z.number().check(z.int(), z.positive()) },
  ))();
export type ApplicationPatch = z.infer<typeof ApplicationPatch>;

/** Desk remarks of one return-for-completion round: every remark at once, each coded. */
export const Remark = /* @__PURE__ */ (() =>
  z.object({
    documentCode: z.optional(DocumentCode),
    reasonCode: z.string().check(z.regex(/^[A-Z_]{3,40}$/)),
    text: z.optional(TrimmedText(0, 1000)),
  }))();
export type Remark = z.infer<typeof Remark>;

export const OPINION_VALUES = ['FAVOURABLE', 'FAVOURABLE_WITH_CONDITIONS', 'UNFAVOURABLE'] as const;
export const OpinionValue = /* @__PURE__ */ (() => z.enum(OPINION_VALUES))();

export const Opinion = /* @__PURE__ */ (() =>
  z.object({
    agency: z.string(),
    round: z.number().check(z.int(), z.positive()),
    opinion: OpinionValue,
    conditions: z._default(z.array(TrimmedText(3, 500)), []),
    reasons: z._default(z.array(z.object({ reasonCode: z.string(), text: z.optional(z.string()) })), []),
    binding: z.boolean(),
    author: z.string(),
    at: z.iso.datetime(),
    /** The member's signature (their key and PIN) over the opinion document (see review/signed-review.ts). */
    signature: z.optional(DocumentSignature),
  }))();
export type Opinion = z.infer<typeof Opinion>;

export const Decision = /* @__PURE__ */ (() =>
  z.object({
    decision: z.enum(['APPROVED', 'REJECTED', 'TACITLY_APPROVED']),
    conditions: z._default(z.array(z.string()), []),
    reasons: z._default(
      z.array(
        z.object({ reasonCode: z.string(), text: z.optional(z.string()), agency: z.optional(z.string()) }),
      ),
      [],
    ),
    decidedBy: z.string(),
    decidedAt: z.iso.datetime(),
  }))();
export type Decision = z.infer<typeof Decision>;

export const Application = /* @__PURE__ */ (() =>
  z.extend(NewApplication, {
    id: z.string(),
    status: ApplicationStatus,
    catalogueVersion: z.string(),
    provinceId: z.string(),
    regionId: z.string(),
    professionalId: z.string(),
    size: z.enum(['small', 'large']),
    /** Current version of each document slot (the history is kept as separate items). */
    documents: z.record(z.string(), DocumentVersion),
    followers: z.array(z.string()),
    version: z.number().check(z.int(), z.positive()),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    submittedAt: z.optional(z.iso.datetime()),
    receiptNumber: z.optional(z.string()),
    legalDeadlineDays: z.optional(z.number().check(z.int(), z.positive())),
    deadlineDate: z.optional(z.iso.date()),
    withdrawnAt: z.optional(z.iso.datetime()),
    withdrawalReason: z.optional(z.string()),
    /** Review round: 1 at submission, +1 at each resubmission after a return for completion. */
    round: z.optional(z.number().check(z.int(), z.positive())),
    /** The last return: its remarks and the document versions it judged (to show what changed since). */
    lastReturn: z.optional(
      z.object({
        round: z.number().check(z.int()),
        at: z.iso.datetime(),
        remarks: z.array(Remark),
        documents: z.record(z.string(), z.number()),
      }),
    ),
    /** Whole calendar days the legal deadline was pushed back while the file was returned. */
    pausedDays: z.optional(z.number().check(z.int(), z.nonnegative())),
    returnedAt: z.optional(z.iso.datetime()),
    consultedAgencies: z.optional(z.array(z.string())),
    bindingAgencies: z.optional(z.array(z.string())),
    /** Opinions of the current round, by agency. */
    opinions: z.optional(z.record(z.string(), Opinion)),
    decision: z.optional(Decision),
    /**
     * The commission's minutes (procès-verbal) of a round, written from its opinions: the SHA-256 of
     * the minutes document and the signature of each member present.
     */
    minutes: z.optional(
      z.object({
        round: z.number().check(z.int(), z.positive()),
        sha256: z.string(),
        signatures: z.array(DocumentSignature),
      }),
    ),
    overdue: z.optional(z.boolean()),
    /**
     * The permit a post-permit request follows, as issued: its number, file, procedure, date, and the
     * conditions and parcel it carries (checked once at creation: the permit exists, in this commune).
     */
    followsPermit: z.optional(
      z.object({
        number: z.string(),
        applicationId: z.string(),
        procedureCode: ProcedureCode,
        issuedAt: z.iso.datetime(),
        /** Licences only: the day the followed licence expires (a renewal takes over from it). */
        validUntil: z.optional(z.iso.date()),
        conditions: z.array(z.string()),
        parcel: Parcel,
      }),
    ),
    /** A licence's renewal reminder, once sent: for which expiry (one reminder per validity). */
    renewalReminder: z.optional(z.object({ validUntil: z.iso.date(), at: z.iso.datetime() })),
    /** The signed permit, once ISSUED: its number, when, the signed PDF's SHA-256 and where to verify it. */
    permit: z.optional(
      z.object({
        number: z.string(),
        issuedAt: z.iso.datetime(),
        sha256: z.string(),
        verificationUrl: z.string(),
        keyFingerprint: z.string(),
      }),
    ),
  }))();
export type Application = z.infer<typeof Application>;

/** The steps of a file a citizen sees when tracking it (not uploads, edits or who acted). */
export const PUBLIC_EVENT_TYPES = [
  'APPLICATION_SUBMITTED',
  'APPLICATION_RETURNED',
  'APPLICATION_RESUBMITTED',
  'APPLICATION_ADMISSIBLE',
  'OPINION_GIVEN',
  'OPINIONS_COMPLETE',
  'APPLICATION_APPROVED',
  'APPLICATION_REJECTED',
  'APPLICATION_TACITLY_APPROVED',
  'APPLICATION_OVERDUE',
  'APPLICATION_WITHDRAWN',
  'PAYMENT_RECEIVED',
  'PERMIT_ISSUED',
] as const;

export const EVENT_TYPES = [
  'APPLICATION_CREATED',
  'APPLICATION_UPDATED',
  'DOCUMENT_UPLOADED',
  'APPLICANT_INVITED',
  ...PUBLIC_EVENT_TYPES,
  /** A commission member signed the minutes of the round. */
  'MINUTES_SIGNED',
  /** An issued licence expires soon: its holder is reminded to renew it (the daily job). */
  'LICENCE_RENEWAL_DUE',
] as const;
export const ApplicationEvent = /* @__PURE__ */ (() =>
  z.object({
    applicationId: z.string(),
    type: z.enum(EVENT_TYPES),
    at: z.iso.datetime(),
    actor: z.string(),
    /** The actor's role when acting (`system` for the scheduled sweep). */
    role: z.optional(z.string()),
    from: z.optional(ApplicationStatus),
    to: z.optional(ApplicationStatus),
    details: z._default(z.record(z.string(), z.unknown()), {}),
  }))();
export type ApplicationEvent = z.infer<typeof ApplicationEvent>;

/** Récépissé: commune + year + gapless sequence, e.g. CAS-CASABLANCA/2026/00042. */
export const formatReceiptNumber = (communeId: string, year: number, sequence: number): string =>
  `${communeId.toUpperCase()}/${year}/${String(sequence).padStart(5, '0')}`;

import * as z from 'zod/mini';
import {
  Application,
  ApplicationStatus,
  OpinionValue,
  Remark,
} from '#shared/domain/applications/application.ts';
import { ProcedureCode } from '#shared/domain/procedures/schema.ts';
import { ReasonCatalogue } from '#shared/domain/review/reasons.ts';
import { DocumentSignature } from '#shared/domain/signing/document-signature.ts';
import { SignatureVerification } from '#shared/domain/signing/signature-verification.ts';
import { TrimmedText } from '#shared/domain/text.ts';
import { defineRoute } from '#shared/http/route.ts';
import { applicationParams, Cursor, limit, pageOf } from '#shared/http/schemas.ts';

const tags = ['Review'];
const idParams = applicationParams;
const Version = /* @__PURE__ */ (() =>
  z
    .optional(z.number().check(z.int(), z.positive()))
    .check(z.describe('The version you read; 409 if the file changed since')))();
const Pin = /* @__PURE__ */ (() => z.string().check(z.regex(/^\d{6,8}$/, 'a PIN has 6 to 8 digits')))();
const Minutes = Application.shape.minutes.def.innerType;
const Verification = SignatureVerification;
const FileSignaturesView = /* @__PURE__ */ (() =>
  z.object({
    applicationId: z.string(),
    round: z.number().check(z.int()),
    opinions: z.array(
      z.object({
        agency: z.string(),
        opinion: OpinionValue,
        author: z.string(),
        at: z.iso.datetime(),
        signed: z.boolean(),
        document: z
          .string()
          .check(z.describe('The canonical opinion document (JSON) the signature covers, as stored now')),
        signature: z.nullable(DocumentSignature),
        verification: z.nullable(Verification),
      }),
    ),
    minutes: z.nullable(
      z.object({
        round: z.number().check(z.int()),
        document: z
          .string()
          .check(
            z.describe('The canonical minutes document (JSON), as written now from the stored opinions'),
          ),
        sha256: z.string(),
        valid: z.boolean(),
        signatures: z.array(z.extend(Verification, { cms: z.string() })),
      }),
    ),
  }))();
const CodedReason = /* @__PURE__ */ (() =>
  z.object({
    reasonCode: z.string().check(z.regex(/^[A-Z_]{3,40}$/)),
    text: z.optional(TrimmedText(0, 1000)),
  }))();

export const reviewReasonsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listReviewReasons',
    method: 'GET',
    path: '/review/reasons',
    summary: 'Coded reasons: for returning a file for completion and for unfavourable opinions',
    tags,
    access: 'public',
    entry: 'functions/review/list-reasons.ts',
    response: { status: 200, description: 'The reason catalogue', schema: ReasonCatalogue },
  }))();

export const deskWorklistRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getDeskWorklist',
    method: 'GET',
    path: '/worklists/desk',
    summary: "The commune's files, soonest legal deadline first, overdue flagged (desk agents, signatories)",
    tags,
    access: ['desk_agent', 'signatory'],
    entry: 'functions/review/desk-worklist.ts',
    request: {
      query: z.object({
        status: z.optional(ApplicationStatus),
        procedureCode: z.optional(ProcedureCode),
        closed: z.pipe(
          z._default(z.enum(['true', 'false']), 'false'),
          z.transform((v) => v === 'true'),
        ),
        cursor: Cursor,
        limit: limit(20),
      }),
    },
    response: {
      status: 200,
      description: 'A page of files',
      schema: z.object({
        items: z.array(z.extend(Application, { overdue: z.boolean() })),
        nextCursor: z.optional(z.string()),
      }),
    },
    needs: { table: 'read' },
  }))();

const LateFile = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    receiptNumber: z.optional(z.string()),
    status: ApplicationStatus,
    procedureCode: z.string(),
    step: z.enum(['ADMISSIBILITY', 'REVIEW', 'DECISION']),
    elapsedDays: z.number(),
    budgetDays: z.number(),
    deadlineDate: z.string(),
    overdue: z.boolean(),
  }))();
const StepCounts = /* @__PURE__ */ (() =>
  z.object({ ADMISSIBILITY: z.number(), REVIEW: z.number(), DECISION: z.number() }))();

export const overdueWorklistRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getOverdueWorklist',
    method: 'GET',
    path: '/worklists/overdue',
    summary:
      'Late files of a province by commune and step: the running step past its budget, or the legal deadline past (province contact: their province; ministry: any)',
    tags,
    access: ['province_contact', 'ministry_admin'],
    entry: 'functions/review/overdue-worklist.ts',
    request: {
      query: z.object({ provinceId: z.optional(z.string().check(z.minLength(2), z.maxLength(20))) }),
    },
    response: {
      status: 200,
      description: 'Counts per step for the province and per commune, with the late files',
      schema: z.object({
        provinceId: z.string(),
        asOf: z.string(),
        totals: StepCounts,
        communes: z.array(
          z.object({
            communeId: z.string(),
            communeNameFr: z.string(),
            communeNameAr: z.string(),
            byStep: StepCounts,
            files: z.array(LateFile),
          }),
        ),
      }),
    },
    problems: [400, 403],
    needs: { table: 'read' },
  }))();

export const commissionWorklistRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getCommissionWorklist',
    method: 'GET',
    path: '/worklists/commission',
    summary: "Files referred to the member's agency in their territory (pending or answered)",
    tags,
    access: ['commission_member'],
    entry: 'functions/review/commission-worklist.ts',
    request: {
      query: z.object({
        answered: z.pipe(
          z._default(z.enum(['true', 'false']), 'false'),
          z.transform((v) => v === 'true'),
        ),
        cursor: Cursor,
        limit: limit(20),
      }),
    },
    response: {
      status: 200,
      description: 'A page of files',
      schema: pageOf(Application),
    },
    needs: { table: 'read' },
  }))();

export const returnForCompletionRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'returnForCompletion',
    method: 'POST',
    path: '/applications/{applicationId}/return',
    summary: 'Return the file for completion with all remarks at once (coded); the legal clock stops',
    tags,
    access: ['desk_agent'],
    entry: 'functions/review/return-for-completion.ts',
    request: {
      params: idParams,
      body: z.object({ remarks: z.array(Remark).check(z.minLength(1), z.maxLength(50)), version: Version }),
    },
    response: { status: 200, description: 'The returned file', schema: Application },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: { table: 'write' },
  }))();

export const resubmitRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'resubmitApplication',
    method: 'POST',
    path: '/applications/{applicationId}/resubmission',
    summary: 'Resubmit a completed file (new round; the deadline moves by the days it was away)',
    tags,
    access: ['professional'],
    entry: 'functions/review/resubmit.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The resubmitted file', schema: Application },
    idempotency: 'required',
    problems: [404, 409, 422],
    needs: { table: 'write' },
  }))();

export const changesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getApplicationChanges',
    method: 'GET',
    path: '/applications/{applicationId}/changes',
    summary: 'What changed since the last return: new document versions, with the remarks of that return',
    tags,
    access: 'signed-in',
    entry: 'functions/review/get-changes.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description: 'Changes since the last return',
      schema: z.object({
        round: z.number(),
        lastReturn: z.unknown(),
        documents: z.array(
          z.object({
            code: z.string(),
            fromVersion: z.nullable(z.number()),
            toVersion: z.number(),
            uploadedAt: z.string(),
          }),
        ),
      }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const admissibilityRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'declareAdmissible',
    method: 'POST',
    path: '/applications/{applicationId}/admissibility',
    summary:
      "Declare the file admissible and refer it to the commission (the procedure's agencies unless adjusted)",
    tags,
    access: ['desk_agent'],
    entry: 'functions/review/declare-admissible.ts',
    request: {
      params: idParams,
      body: z.object({ agencies: z.optional(z.array(z.string()).check(z.maxLength(10))), version: Version }),
    },
    response: {
      status: 200,
      description: 'The file in commission (or ready for decision)',
      schema: Application,
    },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: { table: 'write' },
  }))();

export const opinionRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'giveOpinion',
    method: 'POST',
    path: '/applications/{applicationId}/opinions',
    summary: "The member's agency opinion for the current round (final once given)",
    tags,
    access: ['commission_member'],
    entry: 'functions/review/give-opinion.ts',
    request: {
      params: idParams,
      body: z.object({
        opinion: OpinionValue,
        conditions: z.optional(z.array(TrimmedText(3, 500)).check(z.maxLength(30))),
        reasons: z.optional(z.array(CodedReason).check(z.maxLength(30))),
        pin: z
          .optional(Pin)
          .check(
            z.describe(
              'Your PIN, required once you hold a signing key: the opinion is then signed with it (CMS, time-stamped)',
            ),
          ),
      }),
    },
    response: { status: 201, description: 'The file with the opinion recorded', schema: Application },
    // A replay answers the first request again (the PIN is left out of the stored payload); a new
    // attempt with another key is counted like every PIN attempt.
    idempotency: 'optional',
    problems: [403, 404, 409, 422],
    needs: { table: 'write', kms: 'sign', pins: 'read' },
  }))();

export const signMinutesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'signMinutes',
    method: 'POST',
    path: '/applications/{applicationId}/minutes/signatures',
    summary:
      "A member present signs the commission's minutes of the round (written from its opinions) with their key and PIN",
    tags,
    access: ['commission_member'],
    entry: 'functions/review/sign-minutes.ts',
    request: { params: idParams, body: z.object({ pin: Pin }) },
    response: { status: 201, description: 'The minutes with every signature so far', schema: Minutes },
    // No Idempotency-Key: each call is a PIN attempt that must count.
    problems: [403, 404, 409, 422],
    needs: { table: 'write', kms: 'sign', pins: 'read' },
  }))();

export const minutesPdfRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getMinutesPdf',
    method: 'GET',
    path: '/applications/{applicationId}/minutes',
    summary:
      "The commission's minutes (procès-verbal) of the round as a French/Arabic PDF, with who signed them",
    tags,
    access: 'signed-in',
    entry: 'functions/review/minutes-pdf.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The PDF', schema: z.string(), contentType: 'application/pdf' },
    problems: [404, 409],
    needs: { table: 'read' },
    renders: 'pdf',
  }))();

export const signaturesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getFileSignatures',
    method: 'GET',
    path: '/applications/{applicationId}/signatures',
    summary:
      'Who signed what on the file (opinions, minutes), each signature verified against the documents as stored',
    tags,
    access: 'signed-in',
    entry: 'functions/review/file-signatures.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The signatures and their checks', schema: FileSignaturesView },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const decisionRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'decideApplication',
    method: 'POST',
    path: '/applications/{applicationId}/decision',
    summary:
      "The commune's decision: APPROVED (conditions of the opinions) or REJECTED (their coded reasons)",
    tags,
    access: ['desk_agent', 'signatory'],
    entry: 'functions/review/decide.ts',
    request: {
      params: idParams,
      body: z.object({
        decision: z.enum(['APPROVED', 'REJECTED']),
        conditions: z.optional(z.array(TrimmedText(3, 500)).check(z.maxLength(30))),
        reasons: z.optional(z.array(CodedReason).check(z.maxLength(30))),
        version: Version,
      }),
    },
    response: { status: 200, description: 'The decided file', schema: Application },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: { table: 'write' },
  }))();

/** Calendar days, or working days (Monday to Friday, Moroccan public holidays excluded). */
const DayCount = /* @__PURE__ */ (() => z.enum(['calendar', 'working']))();

const PhaseClock = /* @__PURE__ */ (() =>
  z.object({
    phase: z.string(),
    budgetDays: z.number(),
    dayCount: DayCount,
    elapsedDays: z.number(),
    status: z.string(),
    overBudget: z.boolean(),
  }))();

export const clockRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getApplicationClock',
    method: 'GET',
    path: '/applications/{applicationId}/clock',
    summary:
      'The legal clock: elapsed days per phase and in total, returned time excluded, deadline, overdue',
    tags,
    access: 'signed-in',
    entry: 'functions/review/get-clock.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description: 'The clock now',
      schema: z.object({
        running: z.boolean(),
        paused: z.boolean(),
        deadlineDays: z.number(),
        dayCount: DayCount,
        elapsedDays: z.number(),
        pausedDays: z.number(),
        deadlineDate: z.string(),
        remainingDays: z.number(),
        overdue: z.boolean(),
        phases: z.array(PhaseClock),
      }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const tacitApprovalRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getTacitApproval',
    method: 'GET',
    path: '/applications/{applicationId}/tacit-approval',
    summary: 'Printable attestation of tacit approval (law 55-19), in French and Arabic',
    tags,
    access: 'signed-in',
    entry: 'functions/review/tacit-approval.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description: 'An HTML page to print',
      schema: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    problems: [404, 409],
    needs: { table: 'read' },
  }))();

export const tacitApprovalPdfRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getTacitApprovalPdf',
    method: 'GET',
    path: '/applications/{applicationId}/tacit-approval.pdf',
    summary: 'The attestation of tacit approval (law 55-19) as a French/Arabic PDF',
    tags,
    access: 'signed-in',
    entry: 'functions/review/tacit-approval-pdf.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The PDF', schema: z.string(), contentType: 'application/pdf' },
    problems: [404, 409],
    needs: { table: 'read' },
    renders: 'pdf',
  }))();

export const reviewRoutes = [
  overdueWorklistRoute,
  reviewReasonsRoute,
  deskWorklistRoute,
  commissionWorklistRoute,
  returnForCompletionRoute,
  resubmitRoute,
  changesRoute,
  admissibilityRoute,
  opinionRoute,
  decisionRoute,
  clockRoute,
  tacitApprovalRoute,
  tacitApprovalPdfRoute,
  signMinutesRoute,
  minutesPdfRoute,
  signaturesRoute,
];

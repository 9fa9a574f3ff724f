import * as z from 'zod/mini';
import {
  Application,
  ApplicationPatch,
  ApplicationStatus,
  DocumentVersion,
  NewApplication,
} from '#shared/domain/applications/application.ts';
import { RecordedEvent } from '#shared/domain/audit/chain.ts';
import { Email, Language, MoroccanPhone } from '#shared/domain/contact.ts';
import { MessageRecord } from '#shared/domain/notifications/message-log.ts';
import { DocumentCode, DocumentFormat } from '#shared/domain/procedures/schema.ts';
import { TrimmedText } from '#shared/domain/text.ts';
import { defineRoute } from '#shared/http/route.ts';
import { applicationParams, Cursor, pageOf } from '#shared/http/schemas.ts';

const tags = ['Applications'];
const idParams = applicationParams;
const documentParams = /* @__PURE__ */ (() => z.extend(idParams, { documentCode: DocumentCode }))();
const Page = /* @__PURE__ */ (() => pageOf(Application))();

export const createApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'createApplication',
    method: 'POST',
    path: '/applications',
    summary: 'Open a draft application in a commune (verified professionals)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/create-application.ts',
    request: { body: NewApplication },
    response: { status: 201, description: 'The draft', schema: Application },
    idempotency: 'required',
    problems: [422],
    needs: { table: 'write' },
  }))();

export const listApplicationsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listApplications',
    method: 'GET',
    path: '/applications',
    summary: 'My applications (professional) or the applications I follow (applicant), newest first',
    tags,
    access: ['professional', 'business', 'applicant'],
    entry: 'functions/applications/list-applications.ts',
    request: {
      query: z.object({
        status: z.optional(ApplicationStatus),
        cursor: Cursor,
        limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
      }),
    },
    response: {
      status: 200,
      description: 'A page of applications; pass nextCursor to get the next one',
      schema: Page,
    },
    needs: { table: 'read' },
  }))();

export const getApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getApplication',
    method: 'GET',
    path: '/applications/{applicationId}',
    summary: 'One application (its professional, its applicants, the commune staff once submitted)',
    tags,
    access: 'signed-in',
    entry: 'functions/applications/get-application.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The application', schema: Application },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const updateApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'updateApplication',
    method: 'PATCH',
    path: '/applications/{applicationId}',
    summary: 'Edit a draft; send the version you read (409 if it changed since)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/update-application.ts',
    request: { params: idParams, body: ApplicationPatch },
    response: { status: 200, description: 'The updated draft', schema: Application },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write' },
  }))();

export const deleteApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'deleteApplication',
    method: 'DELETE',
    path: '/applications/{applicationId}',
    summary: 'Delete a draft (and its uploaded document history)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/delete-application.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description: 'Deleted',
      schema: z.object({ deleted: z.literal(true), id: z.string() }),
    },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write' },
  }))();

export const requestUploadRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'requestDocumentUpload',
    method: 'POST',
    path: '/applications/{applicationId}/documents/{documentCode}/uploads',
    summary: 'Get a presigned POST form to upload one document (bounded in size and type)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/request-upload.ts',
    request: {
      params: documentParams,
      body: z.object({
        contentType: DocumentFormat,
        sizeBytes: z.number().check(z.int(), z.positive()),
        fileName: z.optional(TrimmedText(1, 200)),
      }),
    },
    response: {
      status: 201,
      description:
        'POST the file as multipart/form-data to url with these fields (file last), then confirm with the key',
      schema: z.object({
        method: z.literal('POST'),
        url: z.string(),
        fields: z.record(z.string(), z.string()),
        key: z.string(),
        maxBytes: z.number(),
        contentType: DocumentFormat,
        expiresAt: z.iso.datetime(),
      }),
    },
    problems: [404, 409, 422],
    needs: { table: 'read', documents: 'write' },
  }))();

export const confirmUploadRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'confirmDocumentUpload',
    method: 'POST',
    path: '/applications/{applicationId}/documents/{documentCode}/versions',
    summary: 'Confirm an upload: the server checks the object and records its SHA-256 as a new version',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/confirm-upload.ts',
    request: {
      params: documentParams,
      body: z.object({
        key: z.string().check(z.minLength(10), z.maxLength(300)),
        fileName: z.optional(TrimmedText(1, 200)),
        /** The SHA-256 the client computed before sending: a different stored object is refused (422). */
        sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
      }),
    },
    response: { status: 201, description: 'The recorded document version', schema: DocumentVersion },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: { table: 'write', documents: 'write' },
  }))();

export const downloadDocumentRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'downloadDocument',
    method: 'GET',
    path: '/applications/{applicationId}/documents/{documentCode}',
    summary: 'A short-lived download URL of the current (or a given) version, with the version history',
    tags,
    access: 'signed-in',
    entry: 'functions/applications/download-document.ts',
    request: {
      params: documentParams,
      query: z.object({ version: z.optional(z.coerce.number().check(z.int(), z.positive())) }),
    },
    response: {
      status: 200,
      description: 'Download URL (5 minutes) and history',
      schema: z.object({
        document: DocumentVersion,
        url: z.string(),
        expiresInSeconds: z.number(),
        history: z.array(DocumentVersion),
      }),
    },
    problems: [404],
    needs: { table: 'read', documents: 'read' },
  }))();

export const submitApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'submitApplication',
    method: 'POST',
    path: '/applications/{applicationId}/submission',
    summary:
      'Submit a complete draft: receipt number, legal deadline, SUBMITTED (422 lists everything missing)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/submit-application.ts',
    tracing: 'sdk',
    request: { params: idParams },
    response: {
      status: 200,
      description: 'The submitted application with its receipt number and deadline',
      schema: Application,
    },
    idempotency: 'required',
    problems: [404, 409, 422],
    needs: { table: 'write' },
  }))();

export const withdrawApplicationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'withdrawApplication',
    method: 'POST',
    path: '/applications/{applicationId}/withdrawal',
    summary: 'Withdraw a submitted application before decision',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/withdraw-application.ts',
    request: { params: idParams, body: z.object({ reason: TrimmedText(3, 500) }) },
    response: { status: 200, description: 'The withdrawn application', schema: Application },
    idempotency: 'required',
    problems: [404, 409],
    needs: { table: 'write' },
  }))();

export const applicationHistoryRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getApplicationHistory',
    method: 'GET',
    path: '/applications/{applicationId}/history',
    summary: 'Every event of the application: who did what, when, with its place in the hash chain',
    tags,
    access: 'signed-in',
    entry: 'functions/applications/get-history.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description:
        'Events in chain order. Event n carries `seq` = n, `prevHash` (the hash of event n-1; 64 zeros for the first) and `hash` = SHA-256 (hex) of the RFC 8785 canonical JSON of the event without its `hash`. Anyone holding the trail can recompute every hash; daily Merkle roots over all events, signed by the platform seal key, are published under `audit/roots/` of the open data (docs/audit.md).',
      schema: z.object({ events: z.array(RecordedEvent) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const applicationMessagesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listApplicationMessages',
    method: 'GET',
    path: '/applications/{applicationId}/messages',
    summary:
      'Every message sent about the application: to whom, what, when, on which channel, delivered or not',
    tags,
    access: 'signed-in',
    entry: 'functions/applications/list-messages.ts',
    request: { params: idParams },
    response: {
      status: 200,
      description:
        'Messages in the order of the events that caused them. Addresses are masked (the list is read by everyone who can read the file); `status` is SENT once the provider (SES, SNS) took the message, FAILED while it refuses (the notifier retries).',
      schema: z.object({ messages: z.array(MessageRecord) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const inviteApplicantRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'inviteApplicant',
    method: 'POST',
    path: '/applications/{applicationId}/followers',
    summary: 'Invite the applicant to follow the application with their own account (created if needed)',
    tags,
    access: ['professional', 'business'],
    entry: 'functions/applications/invite-applicant.ts',
    request: {
      params: idParams,
      body: z.object({
        email: Email,
        phone: z.optional(MoroccanPhone),
        preferredLanguage: z._default(Language, 'fr'),
      }),
    },
    response: {
      status: 200,
      description: 'The applicant account follows the application',
      schema: z.object({ username: z.string(), newAccount: z.boolean() }),
    },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write', userPool: 'admin', email: true },
  }))();

export const filingReceiptRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getFilingReceipt',
    method: 'GET',
    path: '/applications/{applicationId}/receipt',
    summary:
      'The filing receipt (récépissé de dépôt) of a submitted application, as a French/Arabic PDF: number, instant, documents received, legal deadline',
    tags,
    access: 'signed-in',
    entry: 'functions/applications/get-filing-receipt.ts',
    request: { params: idParams },
    response: { status: 200, description: 'The PDF', schema: z.string(), contentType: 'application/pdf' },
    problems: [404, 409],
    needs: { table: 'read' },
    renders: 'pdf',
  }))();

export const applicationRoutes = [
  createApplicationRoute,
  listApplicationsRoute,
  getApplicationRoute,
  updateApplicationRoute,
  deleteApplicationRoute,
  requestUploadRoute,
  confirmUploadRoute,
  downloadDocumentRoute,
  submitApplicationRoute,
  withdrawApplicationRoute,
  applicationHistoryRoute,
  applicationMessagesRoute,
  inviteApplicantRoute,
  filingReceiptRoute,
];

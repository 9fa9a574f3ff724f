import * as z from 'zod/mini';
import { Application } from '#shared/domain/applications/application.ts';
import { ProvinceId } from '#shared/domain/geo/geo.ts';
import { TrackingNumberSchema } from '#shared/domain/signing/key-lifecycle.ts';
import { Permit, VerificationResult } from '#shared/domain/signing/permit.ts';
import { KeySet } from '#shared/domain/signing/pki/key-set.ts';
import { ProvinceContact, ProvinceContactInput } from '#shared/domain/signing/province-contact.ts';
import { IssueKeysInput, KeyView, PublicKeyEntry } from '#shared/domain/signing/signing-key.ts';
import { TrimmedText } from '#shared/domain/text.ts';
import { defineRoute, type RouteSpec } from '#shared/http/route.ts';
import { applicationParams, Cursor, limit, pageOf } from '#shared/http/schemas.ts';

const tags = ['Signing'];

export const designateContactRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'designateProvinceContact',
    method: 'PUT',
    path: '/provinces/{provinceId}/contact',
    summary:
      "Record the governor's designated contact of a province (ministry); the previous one is kept in the history",
    tags,
    access: ['ministry_admin'],
    entry: 'functions/signing/designate-contact.ts',
    request: { params: z.object({ provinceId: ProvinceId }), body: ProvinceContactInput },
    response: {
      status: 200,
      description: 'The active contact, the one it replaced, and whether an account was created',
      schema: z.object({
        contact: ProvinceContact,
        previous: z.nullable(ProvinceContact),
        newAccount: z.boolean(),
      }),
    },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write', userPool: 'staff-admin', email: true },
  }))();

export const getContactRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getProvinceContact',
    method: 'GET',
    path: '/provinces/{provinceId}/contact',
    summary: "A province's active contact and the history of designations (ministry, the province's contact)",
    tags,
    access: ['ministry_admin', 'province_contact'],
    entry: 'functions/signing/get-contact.ts',
    request: { params: z.object({ provinceId: ProvinceId }) },
    response: {
      status: 200,
      description: 'Current contact and history',
      schema: z.object({ current: z.nullable(ProvinceContact), history: z.array(ProvinceContact) }),
    },
    needs: { table: 'read' },
  }))();

const KeyId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Za-z0-9-]{1,80}$/, 'a key id as returned when the key was issued')))();
const keyParams = /* @__PURE__ */ (() => z.object({ keyId: KeyId }))();
/** A PIN as typed: digits only, so a typo is a 400 and never counts as a wrong attempt. */
const Pin = /* @__PURE__ */ (() => z.string().check(z.regex(/^\d{6,8}$/, 'a PIN has 6 to 8 digits')))();
const PermitNumber = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(/^RK-[A-Z0-9-]{5,80}$/, 'a permit number looks like RK-CAS-CASABLANCA-2026-00042')))();
const KeyEvent = /* @__PURE__ */ (() =>
  z.object({
    keyId: z.string(),
    type: z.string(),
    at: z.iso.datetime(),
    actor: z.string(),
    role: z.string(),
    from: z.optional(z.string()),
    to: z.optional(z.string()),
    details: z.record(z.string(), z.unknown()),
  }))();

export const issueKeysRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'issueSigningKeys',
    method: 'POST',
    path: '/signing-keys',
    summary:
      'Issue signing keys for a batch of signatories or commission members (ministry): a KMS key each, the PIN sent to the signatory alone by SMS and e-mail',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/signing/issue-keys.ts',
    request: { body: IssueKeysInput },
    response: {
      status: 201,
      description: 'The issued keys (ISSUED); never the PIN',
      schema: z.object({ keys: z.array(KeyView) }),
    },
    idempotency: 'required',
    problems: [409],
    needs: {
      table: 'write',
      pins: 'write',
      kms: 'issue',
      userPool: 'staff-admin',
      email: true,
      sms: true,
      openData: 'key-set',
    },
  }))();

export const listKeysRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listSigningKeys',
    method: 'GET',
    path: '/signing-keys',
    summary:
      "A commune's signing keys and their handover chain (ministry, the province's contact, the signatory's own)",
    tags,
    access: ['ministry_admin', 'province_contact', 'signatory', 'commission_member'],
    entry: 'functions/signing/list-keys.ts',
    request: {
      query: z.object({ communeId: z.optional(z.string().check(z.minLength(1), z.maxLength(80))) }),
    },
    response: {
      status: 200,
      description: 'Keys (no PIN hash)',
      schema: z.object({ keys: z.array(KeyView) }),
    },
    needs: { table: 'read' },
  }))();

export const keyHistoryRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getSigningKeyHistory',
    method: 'GET',
    path: '/signing-keys/{keyId}/events',
    summary: 'The audit trail of a key: every handover step and every PIN attempt (never the PIN)',
    tags,
    access: ['ministry_admin', 'province_contact', 'signatory', 'commission_member'],
    entry: 'functions/signing/key-history.ts',
    request: { params: keyParams },
    response: {
      status: 200,
      description: 'The key and its events, oldest first',
      schema: z.object({ key: KeyView, events: z.array(KeyEvent) }),
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

const keyStep = (spec: {
  operationId: string;
  path: string;
  summary: string;
  access: ('ministry_admin' | 'province_contact')[];
  entry: string;
  body: z.ZodMiniType;
  needs?: RouteSpec['needs'];
}) =>
  defineRoute({
    operationId: spec.operationId,
    method: 'POST',
    path: spec.path,
    summary: spec.summary,
    tags,
    access: spec.access,
    entry: spec.entry,
    request: { params: keyParams, body: spec.body },
    response: { status: 200, description: 'The key after the step', schema: KeyView },
    idempotency: 'optional',
    problems: [404, 409, 422],
    needs: spec.needs ?? { table: 'write' },
  });

export const handOverKeyRoute = /* @__PURE__ */ (() =>
  keyStep({
    operationId: 'handOverSigningKey',
    path: '/signing-keys/{keyId}/handover',
    summary: 'The ministry sends the key to the province contact by express mail (tracking number)',
    access: ['ministry_admin'],
    entry: 'functions/signing/hand-over-key.ts',
    body: z.object({ trackingNumber: TrackingNumberSchema }),
  }))();

export const confirmDeliveryRoute = /* @__PURE__ */ (() =>
  keyStep({
    operationId: 'confirmSigningKeyDelivery',
    path: '/signing-keys/{keyId}/delivery',
    summary: "The province's contact confirms the key was handed to the commune's signatory",
    access: ['province_contact'],
    entry: 'functions/signing/confirm-delivery.ts',
    body: z.optional(z.object({})),
  }))();

export const revokeKeyRoute = /* @__PURE__ */ (() =>
  keyStep({
    operationId: 'revokeSigningKey',
    path: '/signing-keys/{keyId}/revocation',
    summary:
      'The ministry revokes a key (lost, end of mandate): disabled in KMS and published in the revocation list; permits it signed before (time-stamped) stay valid',
    access: ['ministry_admin'],
    entry: 'functions/signing/revoke-key.ts',
    body: z.object({ reason: TrimmedText(3, 300) }),
    needs: { table: 'write', kms: 'revoke', openData: 'key-set' },
  }))();

export const changePinRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'changeSigningPin',
    method: 'POST',
    path: '/signing-keys/{keyId}/pin',
    summary:
      'The key holder (signatory or commission member) changes their PIN (required once before signing; activates a delivered key). Five wrong PINs lock the key',
    tags,
    access: ['signatory', 'commission_member'],
    entry: 'functions/signing/change-pin.ts',
    request: { params: keyParams, body: z.object({ currentPin: Pin, newPin: Pin }) },
    response: { status: 200, description: 'The key, ACTIVE', schema: KeyView },
    problems: [404, 409],
    needs: { table: 'write', pins: 'write' },
  }))();

export const resetPinRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'resetSigningPin',
    method: 'POST',
    path: '/signing-keys/{keyId}/pin-reset',
    summary:
      'The ministry unlocks a locked key with a new PIN, sent to the signatory alone by SMS and e-mail',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/signing/reset-pin.ts',
    request: { params: keyParams },
    response: {
      status: 200,
      description: 'The key, back to DELIVERED_TO_COMMUNE until the new PIN is changed',
      schema: KeyView,
    },
    idempotency: 'required',
    problems: [404, 409],
    needs: { table: 'write', pins: 'write', email: true, sms: true },
  }))();

export const signatureWorklistRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getSignatureWorklist',
    method: 'GET',
    path: '/worklists/signature',
    summary: "Paid files of the signatory's commune waiting for their signature",
    tags,
    access: ['signatory'],
    entry: 'functions/signing/signature-worklist.ts',
    request: { query: z.object({ cursor: Cursor, limit: limit(50) }) },
    response: {
      status: 200,
      description: 'A page of PAID files',
      schema: pageOf(Application),
    },
    needs: { table: 'read' },
  }))();

export const signPermitRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'signPermit',
    method: 'POST',
    path: '/applications/{applicationId}/permit',
    summary:
      'The signatory signs the permit of a paid file with their PIN: PDF with QR code, KMS signature, write-once storage, ISSUED',
    tags,
    access: ['signatory'],
    entry: 'functions/signing/sign-permit.ts',
    tracing: 'sdk',
    request: { params: applicationParams, body: z.object({ pin: Pin }) },
    response: { status: 201, description: 'The issued permit record', schema: z.object({ permit: Permit }) },
    problems: [404, 409],
    needs: { table: 'write', pins: 'read', kms: 'sign', permits: 'write', webUrl: true },
    renders: 'pdf',
  }))();

export const previewPermitRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'previewPermit',
    method: 'GET',
    path: '/applications/{applicationId}/permit/preview',
    summary:
      'The permit of a paid file as it will be signed, marked as an unsigned preview: the signatory reads it before giving their PIN',
    tags,
    access: ['signatory'],
    entry: 'functions/signing/preview-permit.ts',
    request: { params: applicationParams },
    response: {
      status: 200,
      description: 'The unsigned preview PDF (no signature, a QR code without token)',
      schema: z.string(),
      contentType: 'application/pdf',
    },
    problems: [404, 409],
    needs: { table: 'read', webUrl: true },
    renders: 'pdf',
  }))();

export const downloadPermitRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'downloadPermit',
    method: 'GET',
    path: '/applications/{applicationId}/permit',
    summary: 'The signed permit PDF (whoever may read the file: applicant, professional, commune staff)',
    tags,
    access: 'signed-in',
    entry: 'functions/signing/download-permit.ts',
    request: { params: applicationParams },
    response: {
      status: 200,
      description: 'The signed PDF',
      schema: z.string(),
      contentType: 'application/pdf',
    },
    problems: [404],
    needs: { table: 'read', permits: 'read' },
  }))();

export const verifyPermitRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'verifyPermit',
    method: 'GET',
    path: '/verify/{permitNumber}',
    summary:
      "Public: a permit's public metadata and whether its stored PDF and signature verify against the signatory's key",
    tags,
    access: 'public',
    entry: 'functions/signing/verify-permit.ts',
    request: { params: z.object({ permitNumber: PermitNumber }) },
    response: { status: 200, description: 'The verification', schema: VerificationResult },
    problems: [404],
    needs: { table: 'read', permits: 'read' },
  }))();

export const verifyUploadRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'verifyPermitFile',
    method: 'POST',
    path: '/verify',
    summary:
      'Public: check a PDF you hold against the permit record (a tampered file is invalid, with the failed check)',
    tags,
    access: 'public',
    entry: 'functions/signing/verify-upload.ts',
    request: {
      body: z.object({
        permitNumber: PermitNumber,
        /** The PDF, base64-encoded (at most 5 MB decoded). */
        pdfBase64: z
          .base64()
          .check(
            z.maxLength(7_000_000, 'the PDF is limited to 5 MB'),
            z.meta({ pattern: z.regexes.base64.source }),
          ),
      }),
    },
    response: { status: 200, description: 'The verification', schema: VerificationResult },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const publicKeysRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listPublicKeys',
    method: 'GET',
    path: '/keys',
    summary:
      "Public: signatories' public keys (PEM and JWK) with validity and revocation status, to verify permits offline",
    tags,
    access: 'public',
    entry: 'functions/signing/public-keys.ts',
    request: { query: z.object({ cursor: Cursor, limit: limit(50) }) },
    response: {
      status: 200,
      description: 'A page of public keys',
      schema: z.object({ keys: z.array(PublicKeyEntry), nextCursor: z.nullable(z.string()) }),
    },
    needs: { table: 'read' },
  }))();

export const keySetRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getKeySet',
    method: 'GET',
    path: '/.well-known/jwks.json',
    summary:
      'Public: every signing key as a P-256 JWK with its certificate chain (x5c), the CA and time-stamping certificates, and the revocation list — to verify QR codes offline',
    tags,
    access: 'public',
    entry: 'functions/signing/key-set.ts',
    response: { status: 200, description: 'The key set (JWKS with extra members)', schema: KeySet },
    needs: { table: 'read' },
  }))();

export const caCertificateRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getCaCertificate',
    method: 'GET',
    path: '/pki/ca.pem',
    summary: 'Public: the platform CA certificate (PEM), the trust anchor of every permit signature',
    tags,
    access: 'public',
    entry: 'functions/signing/ca-certificate.ts',
    response: {
      status: 200,
      description: 'The CA certificate',
      schema: z.string(),
      contentType: 'application/x-pem-file',
    },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const signingRoutes = [
  designateContactRoute,
  getContactRoute,
  issueKeysRoute,
  listKeysRoute,
  keyHistoryRoute,
  handOverKeyRoute,
  confirmDeliveryRoute,
  revokeKeyRoute,
  changePinRoute,
  resetPinRoute,
  signatureWorklistRoute,
  signPermitRoute,
  previewPermitRoute,
  downloadPermitRoute,
  verifyPermitRoute,
  verifyUploadRoute,
  publicKeysRoute,
  keySetRoute,
  caCertificateRoute,
];

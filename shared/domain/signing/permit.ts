import * as z from 'zod/mini';

/**
 * The permit: what its record keeps, how it is numbered and found, and what a verification answers.
 * Schemas only (the routes import them): the use cases that sign and verify are in use-cases/permits.ts.
 */

/** What the permit record keeps: where the signed PDF is, what was signed and with which key. */
export const Permit = /* @__PURE__ */ (() =>
  z.object({
    permitNumber: z.string(),
    applicationId: z.string(),
    communeId: z.string(),
    provinceId: z.string(),
    procedureCode: z.string(),
    procedureLabelFr: z.string(),
    communeNameFr: z.string(),
    /** Absent on permits signed before the API spoke Arabic: the verification falls back (procedure catalogue, French name). */
    procedureLabelAr: z.optional(z.string()),
    communeNameAr: z.optional(z.string()),
    issuedAt: z.iso.datetime(),
    signatory: z.object({ name: z.string(), title: z.string(), username: z.string() }),
    keyId: z.string(),
    keyFingerprint: z.string(),
    algorithm: z.literal('ECDSA_SHA_256'),
    /** SHA-256 of the signed PDF as stored (the PAdES signature is inside it). */
    sha256: z.string(),
    /** When the platform time-stamping authority countersigned the signature (inside the PDF too). */
    signedAt: z.iso.datetime(),
    sizeBytes: z.number().check(z.int(), z.positive()),
    pdf: z.object({ key: z.string(), versionId: z.optional(z.string()) }),
    verificationUrl: z.string(),
    /** SHA-256 (base64url) of the rendered content's canonical JSON, as signed in the QR token. */
    contentSha256: z.optional(z.string()),
    /** The QR code's content: the verification URL, `#`, the compact JWS. */
    qr: z.optional(z.string()),
  }))();
export type Permit = z.infer<typeof Permit>;

/** URL-safe and derived from the gapless récépissé: one permit per application, numbered like its file. */
export const permitNumberFor = (receiptNumber: string) => `RK-${receiptNumber.replaceAll('/', '-')}`;

/** The page a person reaches by scanning the QR (machines use the API's `GET /verify/{permitNumber}`). */
export const verificationUrlFor = (webUrl: string, permitNumber: string) =>
  `${webUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(permitNumber)}`;

/** The largest PDF `POST /verify` accepts. */
export const MAX_VERIFIED_PDF_BYTES = 5 * 1024 * 1024;

export const VerificationCheck = /* @__PURE__ */ (() =>
  z.object({
    name: z.enum([
      'pdf-hash',
      'signature',
      'certificate-chain',
      'key-fingerprint',
      'timestamp',
      'key-valid-at-signing',
      'key-not-revoked-before-signing',
    ]),
    ok: z.boolean(),
    detail: z.string(),
  }))();
export type VerificationCheck = z.infer<typeof VerificationCheck>;

export const VerificationResult = /* @__PURE__ */ (() =>
  z.object({
    permitNumber: z.string(),
    valid: z.boolean(),
    /** The first check that failed, when invalid. */
    failedCheck: z.nullable(VerificationCheck.shape.name),
    checks: z.array(VerificationCheck),
    /**
     * In both languages whatever Accept-Language says: the answer is the same for everyone (a QR page
     * switches language without asking again) and names the permit as its PDF does. `procedure` and
     * `commune` are the French names.
     */
    permit: z.object({
      procedure: z.string(),
      procedureAr: z.string(),
      commune: z.string(),
      communeAr: z.string(),
      issuedAt: z.iso.datetime(),
      /** The signing time the platform time-stamp proves (from the PDF), when it verifies. */
      signedAt: z.nullable(z.iso.datetime()),
      signatory: z.object({ name: z.string(), title: z.string() }),
      keyId: z.string(),
      keyFingerprint: z.string(),
      keyStatus: z.string(),
      keyRevokedAt: z.nullable(z.iso.datetime()),
      sha256: z.string(),
      /** What the QR token's `sha` must equal (base64url). */
      contentSha256: z.nullable(z.string()),
      algorithm: z.literal('ECDSA_SHA_256'),
    }),
  }))();
export type VerificationResult = z.infer<typeof VerificationResult>;

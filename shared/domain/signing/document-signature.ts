/** The record of a signature over a data document (opinion, minutes): a schema only, so the application model can hold it. */
import * as z from 'zod/mini';

/** Who signed a document, with what, when (the time-stamp's instant), and the detached CMS. */
export const DocumentSignature = /* @__PURE__ */ (() =>
  z.object({
    keyId: z.string(),
    /** SHA-256 of the signer's public key (SPKI DER), hex, as on permits. */
    fingerprint: z.string(),
    signer: z.object({
      username: z.string(),
      name: z.string(),
      title: z.string(),
      agencyId: z.optional(z.string()),
    }),
    /** The platform time-stamp's instant (inside the CMS too). */
    signedAt: z.iso.datetime(),
    /** SHA-256 (hex) of the canonical document's bytes that were signed. */
    sha256: z.string(),
    /** The detached CMS SignedData, DER, base64: the signer's and the CA's certificates, the time-stamp. */
    cms: z.string(),
  }))();
export type DocumentSignature = z.infer<typeof DocumentSignature>;

/** The answer of a signature check over a data document (opinion, minutes): schemas only. */
import * as z from 'zod/mini';
import { DocumentSignature } from './document-signature.ts';

export const SignatureCheck = /* @__PURE__ */ (() =>
  z.object({ name: z.string(), ok: z.boolean(), detail: z.string() }))();

/** One signature checked: valid when every check holds; `failedCheck` names the first that does not. */
export const SignatureVerification = /* @__PURE__ */ (() =>
  z.object({
    valid: z.boolean(),
    failedCheck: z.nullable(z.string()),
    signer: DocumentSignature.shape.signer,
    keyId: z.string(),
    fingerprint: z.string(),
    signedAt: z.nullable(z.iso.datetime()),
    checks: z.array(SignatureCheck),
  }))();
export type SignatureVerification = z.infer<typeof SignatureVerification>;

/**
 * Signs a permit PDF the PAdES way: the platform's time-stamped CMS signature (detached-signature.ts)
 * over the PDF's byte ranges, embedded in the PDF (embedded-signature.ts checks it). A permit signed
 * before its key's revocation stays valid, one signed after does not. This module loads pdf-lib: only
 * signing imports it, and lazily (use-cases/permits.ts).
 */
import { type DetachedSigning, timeStampedSignature } from './detached-signature.ts';
import { addSignaturePlaceholder, embedSignature } from './pades.ts';

export type { Authority, EmbeddedSignatureCheck, EmbeddedSignatureReport } from './detached-signature.ts';

export interface PdfSigning extends DetachedSigning {
  name: string;
  reason: string;
  location: string;
}

export async function signPdf(unsigned: Uint8Array, s: PdfSigning): Promise<Uint8Array> {
  const prepared = await addSignaturePlaceholder(unsigned, {
    name: s.name,
    reason: s.reason,
    location: s.location,
    signingTime: s.signingTime,
  });
  return embedSignature(prepared, (digest) => timeStampedSignature(digest, s));
}

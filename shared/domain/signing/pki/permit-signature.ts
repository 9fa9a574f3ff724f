/**
 * Signs a permit PDF the PAdES way: the platform's time-stamped CMS signature (detached-signature.ts)
 * over the PDF's byte ranges, embedded in the PDF (embedded-signature.ts checks it). A permit signed
 * before its key's revocation stays valid, one signed after does not. The PDF side (pades.ts) comes
 * with the PDF engine (shared/documents/engine.ts), loaded when a permit is sealed.
 */

import { loadPdfEngine } from '../../../documents/load-engine.ts';
import { type DetachedSigning, timeStampedSignature } from './detached-signature.ts';

export type { Authority, EmbeddedSignatureCheck, EmbeddedSignatureReport } from './detached-signature.ts';

export interface PdfSigning extends DetachedSigning {
  name: string;
  reason: string;
  location: string;
}

export async function signPdf(unsigned: Uint8Array, s: PdfSigning): Promise<Uint8Array> {
  const { addSignaturePlaceholder, embedSignature } = await loadPdfEngine();
  const prepared = await addSignaturePlaceholder(unsigned, {
    name: s.name,
    reason: s.reason,
    location: s.location,
    signingTime: s.signingTime,
  });
  return embedSignature(prepared, (digest) => timeStampedSignature(digest, s));
}

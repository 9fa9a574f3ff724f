/**
 * Signs a permit PDF the PAdES way and checks such a signature. The CMS is signed by the
 * signatory's key; its signature value is countersigned by the platform's time-stamping authority
 * (RFC 3161 token in the signature-time-stamp attribute), which proves when it was signed: a
 * permit signed before its key's revocation stays valid, one signed after does not.
 */
import { read } from './der.ts';
import {
  type Authority,
  type DetachedSigning,
  type EmbeddedSignatureCheck,
  type EmbeddedSignatureReport,
  timeStampedSignature,
  verifyCms,
} from './detached-signature.ts';
import { addSignaturePlaceholder, embedSignature, extractSignature } from './pades.ts';

export type { Authority, DetachedSigning, EmbeddedSignatureCheck, EmbeddedSignatureReport };

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

const fail = (detail: string): EmbeddedSignatureCheck => ({ ok: false, detail });

/** Checks the embedded signature of a PDF against the published CA (never against what the PDF carries). */
export function verifyEmbeddedSignature(pdf: Uint8Array, authority: Authority): EmbeddedSignatureReport {
  const none = fail('Not checked: the signature could not be read.');
  const found = extractSignature(pdf);
  if (!found) return { signature: fail('The PDF carries no PAdES signature.'), chain: none, timestamp: none };
  return verifyCms(
    found.signedContent,
    read(found.cms).der,
    authority,
    `The CMS signature (ETSI.CAdES.detached) covers bytes ${found.byteRange.join(' ')} and verifies with the signer certificate's key.`,
  );
}

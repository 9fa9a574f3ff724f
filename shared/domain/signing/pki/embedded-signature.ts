/**
 * Reads and checks the PAdES signature embedded in a permit PDF, by its bytes alone: the last
 * /ByteRange, the CMS in /Contents, then the same checks as any detached signature (detached-signature.ts).
 * No PDF library: verifying, downloading and listing permits never load pdf-lib.
 */

import { read } from './der.ts';
import { type Authority, type EmbeddedSignatureReport, fail, verifyCms } from './detached-signature.ts';

export const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** The last signature of a PDF: its byte ranges, the bytes they cover and the CMS (padding stripped by DER). */
export function extractSignature(
  pdf: Uint8Array,
): { byteRange: [number, number, number, number]; signedContent: Uint8Array; cms: Uint8Array } | undefined {
  const text = ascii(pdf);
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = matches.at(-1);
  if (!last) return undefined;
  const [a, b, c, d] = last.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) return undefined;
  const hex = text.slice(b, c);
  if (!/^<[0-9A-Fa-f]*>$/.test(hex)) return undefined;
  const cms = new Uint8Array(Buffer.from(hex.slice(1, -1), 'hex'));
  const signedContent = new Uint8Array([...pdf.subarray(0, b), ...pdf.subarray(c, c + d)]);
  return { byteRange: [a, b, c, d], signedContent, cms };
}

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

/**
 * The PDF side of PAdES: a signature field whose /Sig dictionary reserves room for the CMS
 * (/Contents) and names the signed byte ranges (/ByteRange: everything but /Contents), then the
 * CMS written into that room. Written on pdf-lib's objects, saved without object streams so the
 * placeholder stays in plain text.
 */
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from 'pdf-lib';
import { sha256 } from './certificates.ts';
import { ascii } from './embedded-signature.ts';

/** Room for the CMS: two certificates, the time-stamp token with the TSA certificate, and slack. */
export const SIGNATURE_BYTES = 8192;
const BYTE_RANGE_PLACEHOLDER = '**********';

export interface SignatureDictionary {
  /** The signatory, as readers show it. */
  name: string;
  reason: string;
  location: string;
  /** The claimed signing time (/M); the proven one is the time-stamp inside the CMS. */
  signingTime: Date;
}

/** The PDF with an invisible signature field on its first page and an empty /Contents. */
export async function addSignaturePlaceholder(
  pdf: Uint8Array,
  sig: SignatureDictionary,
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const byteRange = PDFArray.withContext(ctx);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_PLACEHOLDER));
  const signature = ctx.register(
    ctx.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      ByteRange: byteRange,
      Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
      Name: PDFHexString.fromText(sig.name),
      Reason: PDFHexString.fromText(sig.reason),
      Location: PDFHexString.fromText(sig.location),
      M: PDFString.fromDate(sig.signingTime),
    }),
  );
  const page = doc.getPage(0);
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      V: signature,
      T: PDFString.of('Signature1'),
      F: 132, // print + locked
      P: page.ref,
    }),
  );
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(widget);
  else page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
  doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ SigFlags: 3, Fields: [widget] }));
  return doc.save({ useObjectStreams: false });
}

/**
 * Fixes the /ByteRange of a placeholder PDF and writes the CMS built from the ranges' SHA-256.
 * The ranges are known before the CMS exists, since /Contents keeps its reserved size.
 */
export async function embedSignature(
  pdf: Uint8Array,
  cms: (contentDigest: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const text = ascii(pdf);
  const placeholder = `/ByteRange [ 0 /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} /${BYTE_RANGE_PLACEHOLDER} ]`;
  const at = text.indexOf(placeholder);
  if (at < 0) throw new Error('PAdES: no signature placeholder in the PDF');
  const contentsStart = text.indexOf('/Contents <', at) + '/Contents '.length;
  const contentsEnd = text.indexOf('>', contentsStart) + 1;
  if (contentsStart < at || contentsEnd - contentsStart !== SIGNATURE_BYTES * 2 + 2)
    throw new Error('PAdES: the /Contents placeholder is not where it should be');
  const out = new Uint8Array(pdf);
  const ranges = `/ByteRange [0 ${contentsStart} ${contentsEnd} ${pdf.length - contentsEnd}]`;
  out.set(Buffer.from(ranges.padEnd(placeholder.length, ' '), 'latin1'), at);
  const content = new Uint8Array([...out.subarray(0, contentsStart), ...out.subarray(contentsEnd)]);
  const signature = await cms(sha256(content));
  if (signature.length > SIGNATURE_BYTES)
    throw new Error(`PAdES: the CMS (${signature.length} bytes) exceeds the reserved ${SIGNATURE_BYTES}`);
  out.set(Buffer.from(Buffer.from(signature).toString('hex').toUpperCase(), 'latin1'), contentsStart + 1);
  return out;
}

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatCasablancaDateTime, toWinAnsi } from '../../payments/rendering/receipt-pdf.ts';
import { formatMad } from '../../payments/tariffs.ts';

/**
 * The permit as an A4 PDF, in French: the PDF standard fonts have no Arabic glyphs and pdf-lib does
 * no Arabic shaping or bidi, so Arabic text would print as isolated, reversed letters — worse than
 * none. Arabic names are reduced to `?` by `toWinAnsi`; the Arabic notifications and the verification
 * page carry the Arabic wording. A QR code points to the public verification URL.
 *
 * Deterministic: the same data renders the same bytes (metadata dates are the issue instant, no
 * document ID), so the signed SHA-256 can be reproduced from the record in a dispute.
 */
export interface PermitDocument {
  permitNumber: string;
  issuedAt: string;
  procedureLabelFr: string;
  communeNameFr: string;
  provinceNameFr: string;
  receiptNumber: string;
  submittedAt: string;
  decidedAt: string;
  applicant: string;
  professional: string;
  parcel: { landTitle: string; address: string };
  conditions: string[];
  fees: { label: string; amountCentimes: number }[];
  quittanceNumbers: string[];
  signatory: { name: string; title: string; keyFingerprint: string };
  verificationUrl: string;
  /** What the QR code encodes, opaque here (the URL and the signed token); the URL when absent. */
  qr?: string;
}

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = PAGE[0] - 2 * MARGIN;
const GREY = rgb(0.35, 0.35, 0.35);

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}

/**
 * Draws the QR code of `content` as filled squares (no image decoding, vector-sharp when printed).
 * One path for all dark modules, each row's runs merged: a QR carrying a signed token has ~7,000
 * modules, and one rectangle each took a second to render.
 */
function drawQr(page: PDFPage, content: string, x: number, y: number, size: number) {
  const qr = QRCode.create(content, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  const path: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!qr.modules.get(row, col)) continue;
      let end = col;
      while (end + 1 < n && qr.modules.get(row, end + 1)) end++;
      // SVG coordinates (y down) from the QR's top-left corner, in cells.
      path.push(`M${col + 4} ${row + 4}h${end - col + 1}v1h${-(end - col + 1)}z`);
      col = end;
    }
  }
  page.drawSvgPath(path.join(''), { x, y: y + size, scale: cell, color: rgb(0, 0, 0) });
}

export async function renderPermitPdf(permit: PermitDocument): Promise<Uint8Array> {
  const issuedAt = new Date(permit.issuedAt);
  if (Number.isNaN(issuedAt.getTime()))
    throw new RangeError(`Permit: issuedAt is not an instant: '${permit.issuedAt}'`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const safe = (s: string) => toWinAnsi(s, regular);
  doc.setTitle(`Autorisation ${permit.permitNumber}`);
  doc.setSubject(permit.permitNumber);
  doc.setKeywords([permit.permitNumber, permit.receiptNumber]);
  doc.setAuthor(permit.communeNameFr);
  doc.setCreator('Rukhsa');
  doc.setProducer('Rukhsa');
  doc.setLanguage('fr-MA');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  let page = doc.addPage(PAGE);
  let y = PAGE[1] - MARGIN;
  const ensure = (height: number) => {
    if (y - height > MARGIN + 40) return;
    page = doc.addPage(PAGE);
    y = PAGE[1] - MARGIN;
  };
  const line = (text: string, size: number, font = regular, color = rgb(0, 0, 0)) => {
    for (const l of wrap(safe(text), font, size, WIDTH)) {
      ensure(size * 1.4);
      page.drawText(l, { x: MARGIN, y: y - size, size, font, color });
      y -= size * 1.4;
    }
  };
  const field = (label: string, value: string) => {
    const size = 10;
    const labelWidth = 160;
    const lines = wrap(safe(value), regular, size, WIDTH - labelWidth);
    ensure(lines.length * size * 1.4);
    page.drawText(label, { x: MARGIN, y: y - size, size, font: bold });
    for (const [i, l] of lines.entries())
      page.drawText(l, { x: MARGIN + labelWidth, y: y - size - i * size * 1.4, size, font: regular });
    y -= lines.length * size * 1.4 + 3;
  };
  const heading = (text: string) => {
    y -= 8;
    line(text, 12, bold);
  };

  line('Royaume du Maroc — Ministère de l’Intérieur', 9, regular, GREY);
  line(`Commune de ${permit.communeNameFr} — ${permit.provinceNameFr}`, 9, regular, GREY);
  y -= 10;
  line(permit.procedureLabelFr, 18, bold);
  line(`N° ${permit.permitNumber}`, 13, bold);
  y -= 6;
  field('Délivrée le', `${formatCasablancaDateTime(permit.issuedAt)} (heure du Maroc)`);
  field('N° de récépissé', permit.receiptNumber);
  field('Demande déposée le', formatCasablancaDateTime(permit.submittedAt));
  field('Décision du', formatCasablancaDateTime(permit.decidedAt));

  heading('Bénéficiaire et projet');
  field('Pétitionnaire', permit.applicant);
  field('Professionnel', permit.professional);
  field('Titre foncier', permit.parcel.landTitle);
  field('Adresse', permit.parcel.address);

  heading('Conditions');
  if (permit.conditions.length === 0) line('Aucune condition particulière.', 10);
  for (const c of permit.conditions) line(`• ${c}`, 10);

  heading('Droits acquittés');
  if (permit.fees.length === 0) line('Aucun droit dû.', 10);
  for (const fee of permit.fees) field(formatMad(fee.amountCentimes), fee.label);
  if (permit.quittanceNumbers.length > 0) field('Quittance(s)', permit.quittanceNumbers.join(', '));

  heading('Signature électronique');
  field('Signataire', `${permit.signatory.name}, ${permit.signatory.title}`);
  field('Empreinte de la clé', permit.signatory.keyFingerprint);
  field('Algorithme', 'ECDSA P-256 / SHA-256 (clé AWS KMS)');

  ensure(140);
  const qrSize = 120;
  drawQr(page, permit.qr ?? permit.verificationUrl, MARGIN, y - qrSize - 6, qrSize);
  const textX = MARGIN + qrSize + 14;
  const lines = [
    'Vérifiez cette autorisation :',
    ...wrap(safe(permit.verificationUrl), regular, 8.5, WIDTH - qrSize - 14),
    'La signature porte sur l’empreinte SHA-256 de ce fichier : toute modification la rend invalide.',
  ];
  let ty = y - 16;
  for (const l of lines) {
    for (const w of wrap(safe(l), regular, 8.5, WIDTH - qrSize - 14)) {
      page.drawText(w, { x: textX, y: ty, size: 8.5, font: regular, color: GREY });
      ty -= 12;
    }
  }
  return doc.save({ useObjectStreams: false });
}

import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatMad } from '../tariffs.ts';

/**
 * The payment receipt (quittance) as an A4 PDF, in French only: the PDF standard fonts use the
 * WinAnsi encoding, which has no Arabic glyphs, and embedding an Arabic font (plus shaping) is out
 * of scope. Every input value is first reduced to what WinAnsi can draw (see `toWinAnsi`), so an
 * Arabic name or an emoji prints as `?` instead of making the rendering throw.
 *
 * The output is deterministic: the metadata dates are the payment instant, pdf-lib writes no
 * document ID, and nothing else depends on the clock — the same receipt renders the same bytes.
 */

export interface PaymentReceiptLine {
  label: string;
  legalBasis: string;
  beneficiary: string;
  amountCentimes: number;
}

export interface PaymentReceipt {
  /** The payment receipt's own number, e.g. `CAS-CASABLANCA/2026/Q00042`. */
  receiptNumber: string;
  /** ISO instant of the bank's approval. */
  paidAt: string;
  communeNameFr: string;
  /** The application's récépissé (filing receipt) number. */
  applicationReceiptNumber: string;
  applicationId: string;
  payerName: string;
  procedureLabelFr: string;
  lines: PaymentReceiptLine[];
  totalCentimes: number;
  gateway: { orderId: string; transactionId?: string; authCode?: string; maskedPan?: string };
}

export const RECEIPT_FOOTER = 'Document généré par Rukhsa — vérifiable auprès de la trésorerie communale';

/** Characters outside WinAnsi that have an obvious WinAnsi spelling (NFD handles most accents). */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
};

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

/**
 * Makes `text` drawable with a WinAnsi standard font: characters WinAnsi has are kept, control
 * characters (line breaks, tabs…) become spaces, accented letters it lacks lose their accent
 * (`ō` → `o`, `ş` → `s`), a few look-alikes are substituted, anything else becomes `?` (one per
 * code point, so an emoji is a single `?`).
 */
export function toWinAnsi(text: string, font: PDFFont): string {
  let supported = characterSets.get(font);
  if (supported === undefined) {
    supported = new Set(font.getCharacterSet());
    characterSets.set(font, supported);
  }
  const charset = supported;
  const fits = (s: string): boolean => Array.from(s).every((c) => charset.has(c.codePointAt(0) ?? -1));
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (supported.has(cp)) {
      out += ch;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) {
      out += ' ';
      continue;
    }
    const substitute = SUBSTITUTES[ch];
    if (substitute !== undefined) {
      out += substitute;
      continue;
    }
    // Combining marks alone (e.g. after an already-decomposed letter) are dropped.
    if (/^\p{M}$/u.test(ch)) continue;
    const stripped = ch.normalize('NFD').replace(/\p{M}/gu, '');
    const composed = ch.normalize('NFKC');
    if (stripped !== '' && stripped !== ch && fits(stripped)) out += stripped;
    else if (composed !== ch && fits(composed)) out += composed;
    else out += '?';
  }
  return out;
}

const CASABLANCA_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Casablanca',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parseInstant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Receipt: paidAt is not a valid instant: '${iso}'`);
  return date;
}

/** `DD/MM/YYYY HH:mm`, Moroccan legal time (Africa/Casablanca, which follows Ramadan changes). */
export function formatCasablancaDateTime(iso: string): string {
  const parts = Object.fromEntries(
    CASABLANCA_PARTS.formatToParts(parseInstant(iso)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

// A4 in points.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 50;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_ZONE = 60;
const BLACK = rgb(0, 0, 0);
const GREY = rgb(0.4, 0.4, 0.4);
const RULE = rgb(0.75, 0.75, 0.75);

/** Splits already WinAnsi-safe text into lines no wider than `width`; over-long words are cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/ +/).filter((w) => w !== '');
  if (words.length === 0) return [''];
  const lines: string[] = [];
  let current = '';
  const fitsWidth = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  for (let word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fitsWidth(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = '';
    // Cut a word that alone is wider than the column.
    while (!fitsWidth(word)) {
      const chars = Array.from(word);
      let n = chars.length - 1;
      while (n > 1 && !fitsWidth(chars.slice(0, n).join(''))) n--;
      lines.push(chars.slice(0, n).join(''));
      word = chars.slice(n).join('');
    }
    current = word;
  }
  if (current !== '') lines.push(current);
  return lines;
}

class Writer {
  private readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  page: PDFPage;
  y: number;

  constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.page = this.addPage();
    this.y = PAGE_HEIGHT - MARGIN;
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const size = 8;
    const width = this.regular.widthOfTextAtSize(RECEIPT_FOOTER, size);
    page.drawLine({
      start: { x: MARGIN, y: MARGIN + 14 },
      end: { x: PAGE_WIDTH - MARGIN, y: MARGIN + 14 },
      thickness: 0.5,
      color: RULE,
    });
    page.drawText(RECEIPT_FOOTER, {
      x: (PAGE_WIDTH - width) / 2,
      y: MARGIN,
      size,
      font: this.regular,
      color: GREY,
    });
    return page;
  }

  /** Makes room for `height` points, starting a new page when the current one is full. */
  ensure(height: number): void {
    if (this.y - height >= MARGIN + FOOTER_ZONE) return;
    this.page = this.addPage();
    this.y = PAGE_HEIGHT - MARGIN;
  }

  text(value: string, x: number, y: number, size: number, bold = false, color = BLACK): void {
    this.page.drawText(value, { x, y, size, font: bold ? this.bold : this.regular, color });
  }

  rule(thickness = 0.5): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: PAGE_WIDTH - MARGIN, y: this.y },
      thickness,
      color: RULE,
    });
  }

  /** A `label: value` row; the value wraps in its column. */
  field(label: string, value: string): void {
    const size = 10;
    const labelWidth = 170;
    const lines = wrap(toWinAnsi(value, this.regular), this.regular, size, CONTENT_WIDTH - labelWidth);
    const lineHeight = size * 1.35;
    this.ensure(lines.length * lineHeight);
    this.text(label, MARGIN, this.y - size, size, true);
    for (const [i, line] of lines.entries())
      this.text(line, MARGIN + labelWidth, this.y - size - i * lineHeight, size);
    this.y -= lines.length * lineHeight + 3;
  }

  heading(value: string): void {
    const size = 12;
    this.ensure(size * 2.5);
    this.y -= size;
    this.text(value, MARGIN, this.y - size, size, true);
    this.y -= size * 1.6;
  }
}

/** Renders the receipt; throws only on an invalid `paidAt` or a non-integer amount. */
export async function renderReceiptPdf(receipt: PaymentReceipt): Promise<Uint8Array> {
  const paidAt = parseInstant(receipt.paidAt);
  const when = formatCasablancaDateTime(receipt.paidAt);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const safe = (s: string): string => toWinAnsi(s, regular);

  // Metadata strings are UTF-16 in the PDF, so they keep the original characters.
  doc.setTitle(`Quittance de paiement ${receipt.receiptNumber}`);
  doc.setSubject(`Paiement de la demande ${receipt.applicationReceiptNumber} — ${receipt.communeNameFr}`);
  doc.setAuthor(receipt.communeNameFr);
  doc.setCreator('Rukhsa');
  doc.setProducer('Rukhsa');
  doc.setLanguage('fr-MA');
  doc.setCreationDate(paidAt);
  doc.setModificationDate(paidAt);

  const w = new Writer(doc, regular, bold);

  // Title block.
  const titleSize = 20;
  w.text('Quittance de paiement', MARGIN, w.y - titleSize, titleSize, true);
  w.y -= titleSize + 8;
  for (const line of wrap(safe(receipt.communeNameFr), regular, 13, CONTENT_WIDTH)) {
    w.text(line, MARGIN, w.y - 13, 13);
    w.y -= 13 * 1.35;
  }
  w.y -= 6;
  w.rule(1);
  w.y -= 10;

  w.field('N° de quittance', receipt.receiptNumber);
  w.field('Date du paiement', `${when} (heure du Maroc)`);
  w.field('Payé par', receipt.payerName);

  w.heading('Demande');
  w.field('Procédure', receipt.procedureLabelFr);
  w.field('N° de récépissé', receipt.applicationReceiptNumber);
  w.field('Identifiant', receipt.applicationId);

  // Lines table: label (+ legal basis), beneficiary, amount.
  w.heading('Détail des sommes payées');
  const size = 9.5;
  const small = 8;
  const lineHeight = size * 1.35;
  const smallHeight = small * 1.35;
  const gap = 10;
  const amountWidth = 95;
  const beneficiaryWidth = 130;
  const labelWidth = CONTENT_WIDTH - amountWidth - beneficiaryWidth - 2 * gap;
  const beneficiaryX = MARGIN + labelWidth + gap;
  const amountRight = PAGE_WIDTH - MARGIN;
  const drawRight = (value: string, y: number, font: PDFFont, s: number): void =>
    w.text(value, amountRight - font.widthOfTextAtSize(value, s), y, s, font === bold);

  const header = (): void => {
    w.ensure(lineHeight + 6);
    w.text('Libellé', MARGIN, w.y - size, size, true);
    w.text('Bénéficiaire', beneficiaryX, w.y - size, size, true);
    drawRight('Montant', w.y - size, bold, size);
    w.y -= lineHeight + 2;
    w.rule();
    w.y -= 4;
  };
  header();
  for (const line of receipt.lines) {
    const amount = formatMad(line.amountCentimes);
    const labelLines = wrap(safe(line.label), regular, size, labelWidth);
    const basisLines =
      line.legalBasis.trim() === '' ? [] : wrap(safe(line.legalBasis), regular, small, labelWidth);
    const beneficiaryLines = wrap(safe(line.beneficiary), regular, size, beneficiaryWidth);
    const height = Math.max(
      labelLines.length * lineHeight + basisLines.length * smallHeight,
      beneficiaryLines.length * lineHeight,
    );
    const page = w.page;
    w.ensure(height + 6);
    if (w.page !== page) header();
    for (const [i, l] of labelLines.entries()) w.text(l, MARGIN, w.y - size - i * lineHeight, size);
    const basisTop = w.y - labelLines.length * lineHeight;
    for (const [i, l] of basisLines.entries()) {
      w.text(l, MARGIN, basisTop - small - i * smallHeight, small, false, GREY);
    }
    for (const [i, l] of beneficiaryLines.entries())
      w.text(l, beneficiaryX, w.y - size - i * lineHeight, size);
    drawRight(amount, w.y - size, regular, size);
    w.y -= height + 4;
    w.rule(0.3);
    w.y -= 4;
  }
  w.ensure(lineHeight * 2);
  w.y -= 2;
  w.text('Total payé', MARGIN, w.y - 11, 11, true);
  drawRight(formatMad(receipt.totalCentimes), w.y - 11, bold, 11);
  w.y -= 11 * 1.35 + 4;
  w.rule(1);
  w.y -= 6;

  w.heading('Références du paiement en ligne (CMI)');
  w.field('N° de commande', receipt.gateway.orderId);
  if (receipt.gateway.transactionId) w.field('N° de transaction', receipt.gateway.transactionId);
  if (receipt.gateway.authCode) w.field("Code d'autorisation", receipt.gateway.authCode);
  if (receipt.gateway.maskedPan) w.field('Carte', receipt.gateway.maskedPan);

  return doc.save({ useObjectStreams: false });
}

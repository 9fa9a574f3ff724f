import type { PDFPage } from 'pdf-lib';
import { type FontFace, loadFaces, type Weight } from './fonts.ts';
import { BLACK, type DocumentMetadata, DocumentPdf, type Rgb } from './pdf.ts';
import { type Direction, isRtl, type ShapedLine, shapeLine, wrapText } from './text.ts';

/**
 * The page layout of the platform's administrative documents, in the Moroccan bilingual style:
 * French on the left, read left to right; Arabic on the right, read right to left; the values in
 * between, each in its own direction. A4, the same header and footer on every page.
 */
export const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const RIGHT = PAGE[0] - MARGIN;
const WIDTH = RIGHT - MARGIN;
const LABEL = 118;
const GAP = 8;
const VALUE_X = MARGIN + LABEL + GAP;
const VALUE_WIDTH = WIDTH - 2 * (LABEL + GAP);
const FOOTER_ZONE = 44;
export const GREY: Rgb = [0.38, 0.38, 0.38];
const RULE: Rgb = [0.72, 0.72, 0.72];
const BAND: Rgb = [0.93, 0.94, 0.95];
const LEADING = 1.35;
/** The QR code's side and the height of its block (code, padding). */
const QR_SIZE = 104;
const QR_BLOCK = QR_SIZE + 12;

export interface Letterhead {
  communeNameFr: string;
  communeNameAr: string;
  provinceNameFr?: string;
  provinceNameAr?: string;
}

export interface TextOptions {
  size?: number;
  weight?: Weight;
  fill?: Rgb;
  direction?: Direction;
}

export class BilingualWriter {
  readonly pdf: DocumentPdf;
  private readonly faces: Record<Weight, FontFace[]>;
  private readonly footer: { fr: string; ar: string };
  page!: PDFPage;
  y = 0;
  /** How low the content may go on the current page (above the footer and any reserved block). */
  private bottom = MARGIN + FOOTER_ZONE;
  /** Where a block reserved at the foot of a page is drawn. */
  private reserved?: { page: PDFPage; top: number };

  private constructor(
    pdf: DocumentPdf,
    faces: Record<Weight, FontFace[]>,
    footer: { fr: string; ar: string },
  ) {
    this.pdf = pdf;
    this.faces = faces;
    this.footer = footer;
    this.newPage();
  }

  static async create(meta: DocumentMetadata, footer: { fr: string; ar: string }): Promise<BilingualWriter> {
    return new BilingualWriter(await DocumentPdf.create(meta), await loadFaces(), footer);
  }

  face(weight: Weight = 'regular'): readonly FontFace[] {
    return this.faces[weight];
  }

  shape(text: string, options: TextOptions = {}): ShapedLine {
    return shapeLine(text, this.face(options.weight), options.size ?? 10, options.direction ?? 'auto');
  }

  wrap(text: string, width: number, options: TextOptions = {}): ShapedLine[] {
    return wrapText(text, this.face(options.weight), options.size ?? 10, width, options.direction ?? 'auto');
  }

  private newPage(): void {
    this.page = this.pdf.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
    this.bottom = MARGIN + FOOTER_ZONE;
    const size = 7.5;
    this.pdf.rule(this.page, MARGIN, MARGIN + 24, RIGHT, MARGIN + 24, 0.5, RULE);
    const fr = this.shape(this.footer.fr, { size, direction: 'ltr' });
    const ar = this.shape(this.footer.ar, { size, direction: 'rtl' });
    this.pdf.text(this.page, fr, (PAGE[0] - fr.width) / 2, MARGIN + 12, GREY);
    this.pdf.text(this.page, ar, (PAGE[0] - ar.width) / 2, MARGIN, GREY);
  }

  /** Makes room for `height` points, starting a new page when the current one is full. */
  ensure(height: number): void {
    if (this.y - height >= this.bottom) return;
    this.newPage();
  }

  /** Draws one shaped line in a column: left-aligned if left to right, right-aligned otherwise. */
  place(line: ShapedLine, x: number, width: number, y: number, fill: Rgb = BLACK, align?: 'center'): void {
    const left = align === 'center' ? x + (width - line.width) / 2 : line.rtl ? x + width - line.width : x;
    this.pdf.text(this.page, line, left, y, fill);
  }

  /** Lines spanning the page, centred. */
  centred(text: string, options: TextOptions = {}): void {
    const size = options.size ?? 10;
    for (const line of this.wrap(text, WIDTH, options)) {
      this.ensure(size * LEADING);
      this.place(line, MARGIN, WIDTH, this.y - size, options.fill, 'center');
      this.y -= size * LEADING;
    }
  }

  /** French block on the left, Arabic block on the right (the state's and the commune's names). */
  letterhead(head: Letterhead): void {
    const fr = ['Royaume du Maroc', 'Ministère de l’Intérieur'];
    const ar = ['المملكة المغربية', 'وزارة الداخلية'];
    if (head.provinceNameFr) fr.push(head.provinceNameFr);
    if (head.provinceNameAr) ar.push(head.provinceNameAr);
    fr.push(`Commune de ${head.communeNameFr}`);
    ar.push(`جماعة ${head.communeNameAr}`);
    const size = 9;
    const half = WIDTH / 2 - GAP;
    let y = this.y;
    for (const [i, text] of fr.entries()) {
      const options = { size, weight: i === fr.length - 1 ? 'bold' : 'regular', direction: 'ltr' } as const;
      for (const line of this.wrap(text, half, options)) {
        this.place(line, MARGIN, half, y - size, GREY);
        y -= size * LEADING;
      }
    }
    let yAr = this.y;
    for (const [i, text] of ar.entries()) {
      const options = { size, weight: i === ar.length - 1 ? 'bold' : 'regular', direction: 'rtl' } as const;
      for (const line of this.wrap(text, half, options)) {
        this.place(line, RIGHT - half, half, yAr - size - 2, GREY);
        yAr -= (size + 2) * LEADING;
      }
    }
    this.y = Math.min(y, yAr) - 8;
    this.pdf.rule(this.page, MARGIN, this.y, RIGHT, this.y, 0.8, RULE);
    this.y -= 14;
  }

  /** The document's title, in French then in Arabic, centred. */
  title(fr: string, ar: string, reference?: string): void {
    this.centred(fr, { size: 16, weight: 'bold', direction: 'ltr' });
    this.y -= 2;
    this.centred(ar, { size: 16, weight: 'bold', direction: 'rtl' });
    if (reference) {
      this.y -= 2;
      this.centred(reference, { size: 12, weight: 'bold', direction: 'ltr' });
    }
    this.y -= 8;
  }

  /** A section band: the French heading on the left, the Arabic one on the right. */
  section(fr: string, ar: string): void {
    const size = 10;
    const height = size * 1.8;
    this.ensure(height + 24);
    this.y -= 4;
    this.pdf.box(this.page, MARGIN, this.y - height, WIDTH, height, BAND);
    const base = this.y - height + size * 0.65;
    this.place(this.shape(fr, { size, weight: 'bold', direction: 'ltr' }), MARGIN + 6, WIDTH / 2, base);
    this.place(
      this.shape(ar, { size: size + 1, weight: 'bold', direction: 'rtl' }),
      RIGHT - WIDTH / 2 - 6,
      WIDTH / 2,
      base,
    );
    this.y -= height + 5;
  }

  /**
   * A row: French label | value(s) | Arabic label. Several values (e.g. a name in French and in
   * Arabic) are stacked; each value is set in its own direction within the middle column.
   */
  field(
    labelFr: string,
    values: string | readonly string[],
    labelAr: string,
    options: TextOptions = {},
  ): void {
    const size = options.size ?? 9.5;
    const lineHeight = size * LEADING;
    const valueLines = (typeof values === 'string' ? [values] : values).flatMap((v) =>
      this.wrap(v, VALUE_WIDTH, { ...options, size }),
    );
    const frLines = this.wrap(labelFr, LABEL, { size: size - 1, weight: 'bold', direction: 'ltr' });
    const arLines = this.wrap(labelAr, LABEL, { size, weight: 'bold', direction: 'rtl' });
    const rows = Math.max(valueLines.length, frLines.length, arLines.length);
    this.ensure(rows * lineHeight + 4);
    for (const [i, line] of frLines.entries())
      this.place(line, MARGIN, LABEL, this.y - size - i * lineHeight, GREY);
    for (const [i, line] of arLines.entries()) {
      this.place(line, RIGHT - LABEL, LABEL, this.y - size - i * lineHeight, GREY);
    }
    for (const [i, line] of valueLines.entries()) {
      this.place(line, VALUE_X, VALUE_WIDTH, this.y - size - i * lineHeight, options.fill);
    }
    this.y -= rows * lineHeight + 2;
    this.pdf.rule(this.page, MARGIN, this.y + 1, RIGHT, this.y + 1, 0.25, BAND);
    this.y -= 2;
  }

  /** A paragraph in French (left half) beside its Arabic version (right half). */
  paragraphs(fr: string, ar: string, options: TextOptions = {}): void {
    const size = options.size ?? 9;
    const half = WIDTH / 2 - GAP;
    const frLines = this.wrap(fr, half, { ...options, size, direction: 'ltr' });
    const arLines = this.wrap(ar, half, { ...options, size: size + 1, direction: 'rtl' });
    const lineHeight = (size + 1) * LEADING;
    const rows = Math.max(frLines.length, arLines.length);
    this.ensure(rows * lineHeight);
    for (const [i, line] of frLines.entries())
      this.place(line, MARGIN, half, this.y - size - i * lineHeight, options.fill);
    for (const [i, line] of arLines.entries()) {
      this.place(line, RIGHT - half, half, this.y - size - i * lineHeight, options.fill);
    }
    this.y -= rows * lineHeight + 4;
  }

  /** A full-width item (a condition, a document): bullet on the side its direction starts from. */
  item(text: string, options: TextOptions = {}): void {
    const size = options.size ?? 9.5;
    const rtl = isRtl(text);
    const lines = this.wrap(text, WIDTH - 14, { ...options, size });
    for (const [i, line] of lines.entries()) {
      this.ensure(size * LEADING);
      if (i === 0) {
        const bullet = this.shape('•', { size });
        this.pdf.text(this.page, bullet, rtl ? RIGHT - bullet.width : MARGIN, this.y - size, options.fill);
      }
      this.place(line, MARGIN + 14, WIDTH - 28, this.y - size, options.fill);
      this.y -= size * LEADING;
    }
  }

  /**
   * Keeps the foot of the current page for the QR block, so that the code a reader scans is on
   * the first page whatever the length of the content (which flows onto the next pages).
   */
  reserveQrBlock(): void {
    this.bottom += QR_BLOCK;
    this.reserved = { page: this.page, top: this.bottom };
  }

  /** A QR code at the left margin with lines of text beside it: in the reserved place, if any. */
  qrBlock(content: string, lines: { text: string; options?: TextOptions }[]): void {
    if (!this.reserved) this.ensure(QR_BLOCK);
    const [page, top] = this.reserved ? [this.reserved.page, this.reserved.top - 4] : [this.page, this.y - 4];
    this.pdf.qr(page, content, MARGIN, top - QR_SIZE, QR_SIZE);
    const x = MARGIN + QR_SIZE + 12;
    const width = RIGHT - x;
    let y = top - 12;
    for (const { text, options } of lines) {
      const size = options?.size ?? 8.5;
      for (const line of this.wrap(text, width, { ...options, size })) {
        this.pdf.text(page, line, line.rtl ? x + width - line.width : x, y - size, options?.fill ?? GREY);
        y -= size * LEADING;
      }
      y -= 2;
    }
    if (!this.reserved) this.y -= QR_BLOCK;
  }

  gap(points: number): void {
    this.y -= points;
  }

  save(): Promise<Uint8Array> {
    return this.pdf.save();
  }
}

export const CONTENT = { MARGIN, RIGHT, WIDTH };

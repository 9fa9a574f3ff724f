import { createHash } from 'node:crypto';
import type { Font, Subset } from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, type PDFPage, type PDFRef, PDFString } from 'pdf-lib';
import QRCode from 'qrcode';
import type { FontFace } from './fonts.ts';
import type { PlacedGlyph, ShapedLine } from './text.ts';

/**
 * A PDF written glyph by glyph: pdf-lib builds the file, this class writes the page contents and
 * the fonts itself, because pdf-lib's text drawing ignores glyph positioning (Arabic marks need
 * it) and maps each glyph to a single text, where one Noto Naskh outline serves several letters.
 *
 * - Each face is a Type0 font with a CIDFontType2 descendant and the face's glyphs subset into a
 *   TrueType program. A CID stands for one (glyph, text) pair, so the ToUnicode map gives every
 *   glyph the exact characters it was shaped from, even when letters share an outline.
 * - Glyphs of a right-to-left run are written in visual order; readers that rebuild the logical
 *   order (pdf.js, poppler) reverse such runs character by character, so a ligature's text (lam-alef)
 *   is mapped in reverse and comes back in logical order.
 * - Each line is also wrapped in a `/Span` with `/ActualText` holding its logical text, for readers
 *   that honour it (Acrobat, poppler).
 * - Marks that carry no character of their own (the dots Noto Naskh places on shared outlines) are
 *   drawn as outlines, so they never reach the extracted text.
 *
 * Deterministic: no dates or IDs except those the caller sets, subset tags derived from the content.
 */
export type Rgb = readonly [number, number, number];
export const BLACK: Rgb = [0, 0, 0];

const n = (v: number): string => {
  const s = v.toFixed(3);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};
const color = ([r, g, b]: Rgb, op: 'rg' | 'RG'): string => `${n(r)} ${n(g)} ${n(b)} ${op}`;
const utf16Hex = (text: string): string =>
  Array.from(text, (c) => c.codePointAt(0) ?? 0)
    .flatMap((cp) =>
      cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp],
    )
    .map((u) => u.toString(16).padStart(4, '0').toUpperCase())
    .join('');

interface EmbeddedFace {
  face: FontFace;
  resource: string;
  ref: PDFRef;
  cids: Map<string, number>;
  entries: { gid: number; text: string }[];
}

export interface DocumentMetadata {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  /** BCP 47 language of the document (`fr-MA`; the Arabic sections are marked by their direction). */
  language: string;
  /** The record's own instant (issue, payment, filing): creation and modification dates. */
  at: Date;
}

export class DocumentPdf {
  private readonly faces = new Map<FontFace, EmbeddedFace>();
  private readonly contents = new Map<PDFPage, string[]>();

  readonly doc: PDFDocument;

  private constructor(doc: PDFDocument) {
    this.doc = doc;
  }

  static async create(meta: DocumentMetadata): Promise<DocumentPdf> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setAuthor(meta.author);
    doc.setKeywords(meta.keywords);
    doc.setCreator('Rukhsa');
    doc.setProducer('Rukhsa');
    doc.setLanguage(meta.language);
    doc.setCreationDate(meta.at);
    doc.setModificationDate(meta.at);
    return new DocumentPdf(doc);
  }

  addPage(size: [number, number]): PDFPage {
    const page = this.doc.addPage(size);
    this.contents.set(page, []);
    return page;
  }

  private ops(page: PDFPage): string[] {
    const ops = this.contents.get(page);
    if (!ops) throw new Error('Page not created by this document');
    return ops;
  }

  private embedded(page: PDFPage, face: FontFace): EmbeddedFace {
    let embedded = this.faces.get(face);
    if (!embedded) {
      embedded = {
        face,
        resource: `F${this.faces.size + 1}`,
        ref: this.doc.context.nextRef(),
        cids: new Map(),
        entries: [],
      };
      this.faces.set(face, embedded);
    }
    page.node.setFontDictionary(PDFName.of(embedded.resource), embedded.ref);
    return embedded;
  }

  private cid(embedded: EmbeddedFace, glyph: PlacedGlyph): number {
    // A right-to-left glyph standing for several characters is mapped in reverse (see the class comment).
    const text = glyph.rtl ? Array.from(glyph.text).reverse().join('') : glyph.text;
    const key = `${glyph.id}:${text}`;
    let cid = embedded.cids.get(key);
    if (cid === undefined) {
      embedded.entries.push({ gid: glyph.id, text });
      cid = embedded.entries.length; // CID 0 stays .notdef
      embedded.cids.set(key, cid);
    }
    return cid;
  }

  /** Draws a shaped line with its left edge at `x` and its baseline at `y`. */
  text(page: PDFPage, line: ShapedLine, x: number, y: number, fill: Rgb = BLACK): void {
    if (line.glyphs.length === 0) return;
    const ops = this.ops(page);
    const text: string[] = [];
    const outlines: string[] = [];
    let current: EmbeddedFace | undefined;
    for (const glyph of line.glyphs) {
      const embedded = this.embedded(page, glyph.face);
      if (glyph.text === '') {
        outlines.push(outline(glyph.face.font, glyph, x, y));
        continue;
      }
      if (current !== embedded) {
        text.push(`/${embedded.resource} ${n(glyph.size)} Tf`);
        current = embedded;
      }
      const cid = this.cid(embedded, glyph);
      text.push(`1 0 0 1 ${n(x + glyph.x)} ${n(y + glyph.y)} Tm <${cid.toString(16).padStart(4, '0')}> Tj`);
    }
    ops.push(
      `/Span <</ActualText <FEFF${utf16Hex(line.text)}>>> BDC`,
      color(fill, 'rg'),
      'BT',
      ...text,
      'ET',
      ...outlines,
      'EMC',
    );
  }

  rule(page: PDFPage, x1: number, y1: number, x2: number, y2: number, thickness: number, stroke: Rgb): void {
    this.ops(page).push(
      `q ${color(stroke, 'RG')} ${n(thickness)} w ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S Q`,
    );
  }

  box(page: PDFPage, x: number, y: number, width: number, height: number, fill: Rgb): void {
    this.ops(page).push(`q ${color(fill, 'rg')} ${n(x)} ${n(y)} ${n(width)} ${n(height)} re f Q`);
  }

  /** The QR code of `content` (an opaque string) as filled squares: vector-sharp when printed. */
  qr(page: PDFPage, content: string, x: number, y: number, size: number): void {
    const qr = QRCode.create(content, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    const cell = size / (count + 8);
    const squares: string[] = [];
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (!qr.modules.get(row, col)) continue;
        squares.push(`${n(x + (col + 4) * cell)} ${n(y + size - (row + 5) * cell)} ${n(cell)} ${n(cell)} re`);
      }
    }
    this.ops(page).push(`q 1 1 1 rg ${n(x)} ${n(y)} ${n(size)} ${n(size)} re f 0 0 0 rg`, ...squares, 'f Q');
  }

  async save(): Promise<Uint8Array> {
    const { context } = this.doc;
    for (const [page, ops] of this.contents) {
      page.node.addContentStream(context.register(context.flateStream(ops.join('\n'))));
    }
    for (const embedded of this.faces.values()) await this.writeFont(embedded);
    return this.doc.save({ useObjectStreams: false });
  }

  private async writeFont(embedded: EmbeddedFace): Promise<void> {
    const { context } = this.doc;
    const { font } = embedded.face;
    const scale = 1000 / font.unitsPerEm;
    const subset = evenGlyphs(font.createSubset());
    const cidToGid = new Uint8Array((embedded.entries.length + 1) * 2);
    const widths: number[] = [];
    for (const [i, entry] of embedded.entries.entries()) {
      const gid = subset.includeGlyph(entry.gid);
      cidToGid[(i + 1) * 2] = gid >> 8;
      cidToGid[(i + 1) * 2 + 1] = gid & 0xff;
      widths.push(Math.round(font.getGlyph(entry.gid).advanceWidth * scale));
    }
    const program = await encodeSubset(subset);
    // The subset tag (six letters) names the subset's content, not a random draw.
    const digest = createHash('sha256').update(program).digest();
    const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const baseFont = `${tag}+${embedded.face.name}`;
    const { bbox } = font;
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: baseFont,
        Flags: 4,
        FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale].map(
          Math.round,
        ),
        ItalicAngle: 0,
        Ascent: Math.round(font.ascent * scale),
        Descent: Math.round(font.descent * scale),
        CapHeight: Math.round((font.capHeight || font.ascent) * scale),
        StemV: 80,
        FontFile2: context.register(context.flateStream(program)),
      }),
    );
    const descendant = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 0,
        W: [1, widths],
        CIDToGIDMap: context.register(context.flateStream(cidToGid)),
      }),
    );
    context.assign(
      embedded.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [descendant],
        ToUnicode: context.register(context.flateStream(toUnicode(embedded.entries))),
      }),
    );
  }
}

/**
 * fontkit writes a subset's `loca` in the short format (offsets halved) whenever it fits, but copies
 * each glyph's bytes unpadded: Noto Naskh has odd-length glyphs, whose successors then point half a
 * byte off and fail to load. Padding every glyph to an even length keeps the offsets exact.
 */
function evenGlyphs(subset: Subset): Subset {
  type Bytes = Uint8Array & { constructor: { alloc(size: number): Uint8Array } };
  const internal = subset as unknown as { _addGlyph(gid: number): number; glyf: Bytes[]; offset: number };
  const addGlyph = internal._addGlyph.bind(subset);
  internal._addGlyph = (gid: number) => {
    const index = addGlyph(gid);
    const last = internal.glyf[internal.glyf.length - 1];
    if (last && last.length % 2 === 1) {
      const padded = last.constructor.alloc(last.length + 1);
      padded.set(last);
      internal.glyf[internal.glyf.length - 1] = padded as Bytes;
      internal.offset += 1;
    }
    return index;
  };
  return subset;
}

function encodeSubset(subset: Subset): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    const stream = (subset as unknown as { encodeStream(): NodeJS.EventEmitter }).encodeStream();
    stream.on('data', (bytes: Uint8Array) => parts.push(bytes));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', reject);
  });
}

function toUnicode(entries: { text: string }[]): string {
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let start = 0; start < entries.length; start += 100) {
    const chunk = entries.slice(start, start + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const [i, entry] of chunk.entries()) {
      lines.push(`<${(start + i + 1).toString(16).padStart(4, '0')}> <${utf16Hex(entry.text)}>`);
    }
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** A glyph's outline as a filled path (font units scaled to the glyph's size, at its position). */
function outline(font: Font, glyph: PlacedGlyph, x: number, y: number): string {
  const s = glyph.size / font.unitsPerEm;
  const commands = (
    font.getGlyph(glyph.id).path as unknown as { commands: { command: string; args: number[] }[] }
  ).commands;
  const ops: string[] = [`q 1 0 0 1 ${n(x + glyph.x)} ${n(y + glyph.y)} cm`];
  let last: [number, number] = [0, 0];
  for (const { command, args } of commands) {
    const p = args.map((v) => v * s);
    switch (command) {
      case 'moveTo':
        ops.push(`${n(p[0] ?? 0)} ${n(p[1] ?? 0)} m`);
        last = [p[0] ?? 0, p[1] ?? 0];
        break;
      case 'lineTo':
        ops.push(`${n(p[0] ?? 0)} ${n(p[1] ?? 0)} l`);
        last = [p[0] ?? 0, p[1] ?? 0];
        break;
      case 'quadraticCurveTo': {
        // A quadratic Bézier as the equivalent cubic.
        const [cx, cy, ex, ey] = p as [number, number, number, number];
        const c1 = [last[0] + (2 / 3) * (cx - last[0]), last[1] + (2 / 3) * (cy - last[1])];
        const c2 = [ex + (2 / 3) * (cx - ex), ey + (2 / 3) * (cy - ey)];
        ops.push(`${n(c1[0] ?? 0)} ${n(c1[1] ?? 0)} ${n(c2[0] ?? 0)} ${n(c2[1] ?? 0)} ${n(ex)} ${n(ey)} c`);
        last = [ex, ey];
        break;
      }
      case 'bezierCurveTo':
        ops.push(`${p.map(n).join(' ')} c`);
        last = [p[4] ?? 0, p[5] ?? 0];
        break;
      case 'closePath':
        ops.push('h');
        break;
    }
  }
  ops.push('f Q');
  return ops.join(' ');
}

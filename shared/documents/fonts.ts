import { inflateSync } from 'node:zlib';
import fontkit, { type Font, type Glyph } from '@pdf-lib/fontkit';

/**
 * The documents' fonts: Noto Sans for Latin text (its `latin` subset, then `latin-ext` for names
 * such as Ş or Ğ) and Noto Naskh Arabic (the face the web portal uses) for Arabic. They come from
 * the @fontsource packages' WOFF files, bundled as bytes, and are subset into each PDF.
 */
export type Weight = 'regular' | 'bold';

export interface FontFile {
  name: string;
  bytes: Uint8Array;
  arabic: boolean;
}

/** One face, with the fallback order: a character is drawn with the first face that has it. */
export interface FontFace {
  /** Stable resource name in the PDF (`/NotoSans-Regular`), so the output is deterministic. */
  name: string;
  font: Font;
  arabic: boolean;
}

/**
 * fontkit caches one Glyph object per glyph id, with the code points it was first created with,
 * and its shaper reads a character's joining type from those code points. Noto Naskh reuses one
 * outline for several letters (ي isolated is ى plus two dots), so a cached glyph may carry another
 * letter's code point. Two fixes on each face: the glyphs a string maps to always carry their own
 * code point, and the code points the layout tracks for every output glyph (its
 * GlyphInfo, which a ligature or a decomposition updates) are kept for the caller, since the
 * returned Glyph objects are the shared cached ones.
 */
interface LayoutInternals {
  _glyphs: Record<number, unknown>;
  _layoutEngine?: {
    engine?: { glyphInfos: { codePoints: number[] }[] | null; position: (run: unknown) => unknown };
  };
  _cmapProcessor: { lookup(codePoint: number): number };
  glyphsForString(text: string): Glyph[];
}

const tracked = new WeakMap<Font, number[][]>();

/** The code points of each glyph of the face's last layout, in the layout's (logical) order. */
export function lastLayoutCodePoints(font: Font): number[][] | undefined {
  return tracked.get(font);
}

function trackCodePoints(font: Font): Font {
  const internal = font as unknown as LayoutInternals;
  internal.glyphsForString = (text: string) => {
    const used = new Map<number, number>();
    return Array.from(text, (ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      const id = internal._cmapProcessor.lookup(cp);
      const seen = used.get(id);
      used.set(id, cp);
      if (seen !== undefined && seen !== cp) {
        // Two characters of this string share the glyph: the second gets its own object.
        const cached = internal._glyphs[id];
        delete internal._glyphs[id];
        const own = font.getGlyph(id, [cp]);
        internal._glyphs[id] = cached;
        return own;
      }
      // The cached object keeps its metrics (computing them decodes the outline); its code point is set anew.
      const glyph = font.getGlyph(id, [cp]);
      glyph.codePoints = [cp];
      return glyph;
    });
  };
  font.layout(''); // creates the layout engine
  const engine = internal._layoutEngine?.engine;
  if (engine) {
    const position = engine.position.bind(engine);
    engine.position = (run: unknown) => {
      tracked.set(
        font,
        (engine.glyphInfos ?? []).map((info) => [...info.codePoints]),
      );
      return position(run);
    };
  }
  return font;
}

/**
 * WOFF 1.0 → plain sfnt (TrueType): the tables inflated once. fontkit reads WOFF too, but inflates
 * a table (in JavaScript) on every access, and subsetting reads `glyf` once per glyph.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (view.getUint32(0) !== 0x774f4646) throw new Error('Not a WOFF 1.0 font');
  const flavor = view.getUint32(4);
  const count = view.getUint16(12);
  const tables = Array.from({ length: count }, (_, i) => {
    const at = 44 + i * 20;
    const offset = view.getUint32(at + 4);
    const compressed = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    const raw = woff.subarray(offset, offset + compressed);
    return {
      tag: view.getUint32(at),
      checksum: view.getUint32(at + 16),
      data: compressed < length ? new Uint8Array(inflateSync(raw)) : raw,
    };
  });
  const headerSize = 12 + 16 * count;
  const size = tables.reduce((total, t) => total + ((t.data.length + 3) & ~3), headerSize);
  const out = new Uint8Array(size);
  const o = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 2 ** entrySelector * 16;
  o.setUint32(0, flavor);
  o.setUint16(4, count);
  o.setUint16(6, searchRange);
  o.setUint16(8, entrySelector);
  o.setUint16(10, count * 16 - searchRange);
  let offset = headerSize;
  for (const [i, t] of tables.entries()) {
    const at = 12 + i * 16;
    o.setUint32(at, t.tag);
    o.setUint32(at + 4, t.checksum);
    o.setUint32(at + 8, offset);
    o.setUint32(at + 12, t.data.length);
    out.set(t.data, offset);
    offset += (t.data.length + 3) & ~3;
  }
  return out;
}

let faces: Promise<Record<Weight, FontFace[]>> | undefined;

/**
 * The faces, parsed once per process: a face's first layouts parse its OpenType tables (about half a
 * second), later ones take a millisecond or two. Each document makes its own subsets of them.
 */
export function loadFaces(): Promise<Record<Weight, FontFace[]>> {
  faces ??= (async () => {
    // Imported on first use: scripts that only read the route list never load (or parse) the fonts.
    const { FONT_FILES } = await import('./font-files.ts');
    const parsed = new Map<string, FontFace>();
    const face = (f: FontFile): FontFace => {
      let loaded = parsed.get(f.name);
      if (!loaded) {
        loaded = {
          name: f.name,
          font: trackCodePoints(fontkit.create(woffToSfnt(f.bytes))),
          arabic: f.arabic,
        };
        parsed.set(f.name, loaded);
      }
      return loaded;
    };
    return { regular: FONT_FILES.regular.map(face), bold: FONT_FILES.bold.map(face) };
  })();
  return faces;
}

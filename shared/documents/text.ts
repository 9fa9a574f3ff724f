import type { Font, GlyphRun } from '@pdf-lib/fontkit';
import bidiFactory from 'bidi-js';
import { type FontFace, lastLayoutCodePoints } from './fonts.ts';

/**
 * Lines of text laid out for a PDF: the Unicode bidirectional algorithm (UAX #9, bidi-js) gives
 * each character its embedding level and mirrors brackets in right-to-left runs; each run of one
 * level and one face is shaped by fontkit with the face's OpenType tables (GSUB: Arabic joining
 * forms and ligatures; GPOS: kerning and mark positioning); the runs are then put in visual order
 * (rule L2). The result says, for every glyph, where it goes and which text it stands for, so the
 * PDF can map the glyphs back to the logical text.
 */
// A CommonJS package whose typings are written as an ES module: at run time (Node and the bundle)
// the default import is the factory itself.
const bidi = (bidiFactory as unknown as typeof bidiFactory.default)();

/** fontkit's `layout` also takes script, language and direction (its typings stop at features). */
type Layout = (
  text: string,
  features?: undefined,
  script?: string,
  language?: string,
  direction?: 'ltr' | 'rtl',
) => GlyphRun;
const layout = (font: Font, text: string, rtl: boolean): GlyphRun =>
  (font.layout as Layout).call(font, text, undefined, undefined, undefined, rtl ? 'rtl' : 'ltr');

export type Direction = 'ltr' | 'rtl' | 'auto';

export interface PlacedGlyph {
  face: FontFace;
  /** Glyph id in the face. */
  id: number;
  /** The characters this glyph stands for, in logical order (`''` for a mark that only completes a letter). */
  text: string;
  /** The glyph belongs to a right-to-left run. */
  rtl: boolean;
  /** Position of the glyph's origin from the line's left edge and baseline, in points. */
  x: number;
  y: number;
  /** Horizontal advance in points, and the face's own advance for this glyph (the PDF width). */
  advance: number;
  size: number;
}

export interface ShapedLine {
  /** The logical text of the line (what copy-paste and text extraction must return). */
  text: string;
  /** The resolved paragraph direction. */
  rtl: boolean;
  width: number;
  size: number;
  /** Glyphs in visual order, left to right. */
  glyphs: PlacedGlyph[];
}

const NEUTRAL = /[\s\p{P}\p{S}\p{N}]/u;

/** Documents print single lines: control characters (line breaks, tabs) become spaces. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
}

/** Which face draws each code point: the first that has it; neutral characters keep the face before them. */
function pickFaces(chars: string[], faces: readonly FontFace[]): FontFace[] {
  const picked: FontFace[] = [];
  let previous: FontFace | undefined;
  for (const ch of chars) {
    const cp = ch.codePointAt(0) ?? 0;
    let face: FontFace | undefined;
    if (previous && NEUTRAL.test(ch) && previous.font.hasGlyphForCodePoint(cp)) face = previous;
    face ??= faces.find((f) => f.font.hasGlyphForCodePoint(cp)) ?? faces[0];
    if (!face) throw new Error('No font face');
    picked.push(face);
    previous = face;
  }
  return picked;
}

interface Run {
  face: FontFace;
  level: number;
  chars: string[];
}

/** Shapes one line of text (no wrapping) at `size` points. */
export function shapeLine(
  raw: string,
  faces: readonly FontFace[],
  size: number,
  direction: Direction = 'auto',
): ShapedLine {
  const text = cleanText(raw);
  const { levels, paragraphs } = bidi.getEmbeddingLevels(text, direction);
  const mirrored = bidi.getMirroredCharactersMap(text, levels);
  const paragraphLevel = paragraphs[0]?.level ?? (direction === 'rtl' ? 1 : 0);

  // Code points with their UTF-16 index (levels are per code unit).
  const chars: string[] = [];
  const charLevels: number[] = [];
  let index = 0;
  for (const ch of text) {
    chars.push(mirrored.get(index) ?? ch);
    charLevels.push(levels[index] ?? paragraphLevel);
    index += ch.length;
  }
  const picked = pickFaces(chars, faces);

  const runs: Run[] = [];
  for (const [i, ch] of chars.entries()) {
    const face = picked[i] as FontFace;
    const level = charLevels[i] as number;
    const last = runs.at(-1);
    if (last && last.face === face && last.level === level) last.chars.push(ch);
    else runs.push({ face, level, chars: [ch] });
  }

  // Rule L2: from the highest level down to the lowest odd one, reverse every sequence at or above it.
  const maxLevel = Math.max(paragraphLevel, ...runs.map((r) => r.level));
  const minOdd = Math.min(
    ...[paragraphLevel, ...runs.map((r) => r.level)].filter((l) => l % 2 === 1),
    maxLevel + 1,
  );
  for (let level = maxLevel; level >= minOdd; level--) {
    for (let start = 0; start < runs.length; ) {
      if ((runs[start] as Run).level < level) {
        start++;
        continue;
      }
      let end = start;
      while (end < runs.length && (runs[end] as Run).level >= level) end++;
      runs.splice(start, end - start, ...runs.slice(start, end).reverse());
      start = end;
    }
  }

  const glyphs: PlacedGlyph[] = [];
  let pen = 0;
  for (const run of runs) {
    const rtl = run.level % 2 === 1;
    const shaped = layout(run.face.font, run.chars.join(''), rtl);
    const scale = size / run.face.font.unitsPerEm;
    // The layout's own code points per glyph (fonts.ts), in visual order like the glyphs.
    const tracked = lastLayoutCodePoints(run.face.font);
    const codePoints =
      tracked?.length === shaped.glyphs.length ? (rtl ? [...tracked].reverse() : tracked) : undefined;
    for (const [i, glyph] of shaped.glyphs.entries()) {
      const position = shaped.positions[i];
      if (!position) continue;
      // Mirrored brackets stand for the character that was mirrored (mirroring is its own inverse).
      const logical = String.fromCodePoint(...(codePoints?.[i] ?? glyph.codePoints));
      const chars = rtl ? Array.from(logical, (c) => bidi.getMirroredCharacter(c) ?? c).join('') : logical;
      glyphs.push({
        face: run.face,
        id: glyph.id,
        text: chars,
        rtl,
        x: pen + position.xOffset * scale,
        y: position.yOffset * scale,
        advance: position.xAdvance * scale,
        size,
      });
      pen += position.xAdvance * scale;
    }
  }
  return { text, rtl: paragraphLevel % 2 === 1, width: pen, size, glyphs };
}

/** Breaks `text` at spaces into lines no wider than `width` (a word wider than the column is cut). */
export function wrapText(
  raw: string,
  faces: readonly FontFace[],
  size: number,
  width: number,
  direction: Direction = 'auto',
): ShapedLine[] {
  const words = cleanText(raw).split(/ +/).filter(Boolean);
  if (words.length === 0) return [shapeLine('', faces, size, direction)];
  // The paragraph direction of the whole text holds on every line (a French line in an Arabic paragraph stays right-aligned).
  const paragraph: Direction = direction === 'auto' ? (isRtl(words.join(' ')) ? 'rtl' : 'ltr') : direction;
  const whole = shapeLine(words.join(' '), faces, size, paragraph);
  if (whole.width <= width) return [whole];
  // Joining and kerning do not cross spaces: a line is as wide as its words and spaces.
  const measure = (s: string) => shapeLine(s, faces, size, paragraph).width;
  const space = measure(' ');
  const lines: string[] = [];
  let current: string[] = [];
  let currentWidth = 0;
  for (let word of words) {
    let w = measure(word);
    if (current.length > 0 && currentWidth + space + w <= width) {
      current.push(word);
      currentWidth += space + w;
      continue;
    }
    if (current.length > 0) lines.push(current.join(' '));
    // A single word wider than the column is cut by code points.
    while (w > width) {
      const chars = Array.from(word);
      // The longest prefix that fits, by bisection (at least one character).
      let lo = 1;
      let hi = chars.length - 1;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (measure(chars.slice(0, mid).join('')) <= width) lo = mid;
        else hi = mid - 1;
      }
      const n = lo;
      lines.push(chars.slice(0, n).join(''));
      word = chars.slice(n).join('');
      w = measure(word);
    }
    current = [word];
    currentWidth = w;
  }
  if (current.length > 0) lines.push(current.join(' '));
  return lines.map((line) => shapeLine(line, faces, size, paragraph));
}

/** Whether the text's first strong character is right-to-left (how `auto` resolves). */
export function isRtl(text: string): boolean {
  return bidi.getEmbeddingLevels(cleanText(text), 'auto').paragraphs[0]?.level === 1;
}

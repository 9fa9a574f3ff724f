import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { TrimmedText, trimmedTextPattern } from '#shared/domain/text.ts';
import { buildOpenApiDocument } from '#shared/http/openapi.ts';
import type { RouteSpec } from '#shared/http/route.ts';

/** What the OpenAPI document says of a field: the schema a client (or a fuzzer) reads. */
function documented(field: z.core.$ZodType): {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
} {
  const body = z.object({ field });
  const route = {
    operationId: 'probe',
    method: 'POST',
    path: '/probe',
    summary: 'probe',
    tags: [],
    access: 'public',
    entry: 'probe.ts',
    request: { body },
    response: { status: 200, description: 'ok', schema: z.object({}) },
  } as RouteSpec;
  const doc = buildOpenApiDocument([route]) as unknown as {
    paths: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> } } }>;
  };
  const schema = doc.paths['/probe']?.post.requestBody.content['application/json']?.schema as {
    properties: { field: Record<string, unknown> };
  };
  return schema.properties.field;
}

/** Seeded strings (mulberry32) over an alphabet, so every run tries the same cases. */
function strings(alphabet: string[], count: number, maxLength: number, seed = 17): string[] {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () =>
    Array.from(
      { length: Math.floor(next() * (maxLength + 1)) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join(''),
  );
}

// Blanks JavaScript trims (space, tab, newline, NBSP, BOM, ideographic space), characters it does not
// (U+001C and U+0085, which Python's \s would take for blanks), letters, and one outside the BMP
// (one character for JSON Schema and zod, two UTF-16 units).
const ALPHABET = [' ', '\t', '\n', '\u00a0', '\ufeff', '\u3000', '\u001c', '\u0085', 'a', 'é', 'ب', '😀'];

describe('TrimmedText: free text stored trimmed, its length counted without the blanks around', () => {
  const title = TrimmedText(3, 10);

  it('accepts a value padded with blanks, and stores it trimmed', () => {
    expect(title.parse('  Architecte \t')).toBe('Architecte');
    expect(title.parse('\u00a0abc\ufeff\n')).toBe('abc');
    expect(title.safeParse(`  ${'x'.repeat(10)}  `).success).toBe(true);
  });

  it('refuses a blank value, and a trimmed value outside its bounds, with zod’s own codes', () => {
    const blank = title.safeParse('      ');
    expect(blank.success).toBe(false);
    expect(blank.error?.issues.map((i) => [i.code, (i as { minimum?: unknown }).minimum])).toEqual([
      ['too_small', 3],
    ]);
    expect(title.safeParse(' ab ').error?.issues[0]?.code).toBe('too_small');
    expect(title.safeParse('x'.repeat(11)).error?.issues[0]?.code).toBe('too_big');
    expect(TrimmedText(1, 80).safeParse(' \t\n ').success).toBe(false);
    expect(TrimmedText(0, 5).parse('   ')).toBe('');
  });

  it('puts the rule in the document as one pattern, with no length bounds that would count the blanks', () => {
    const field = documented(title);
    expect(field).toEqual({ type: 'string', pattern: trimmedTextPattern(3, 10) });
    // Written without \s, which means other sets in other regex engines.
    expect(field.pattern?.replaceAll('[\\s\\S]', '')).not.toMatch(/\\[sS]/);
  });

  it.each([
    [0, 5],
    [1, 1],
    [1, 4],
    [2, 2],
    [2, 6],
    [3, 10],
  ])('TrimmedText(%i, %i): the documented pattern accepts exactly what the validator accepts', (min, max) => {
    const schema = TrimmedText(min, max);
    const pattern = new RegExp(documented(schema).pattern as string, 'u');
    const samples = ['', ' ', 'a', ' a ', 'ab', '😀', ' 😀😀 ', ...strings(ALPHABET, 3000, max + 4)];
    const disagreements = samples.filter((s) => pattern.test(s) !== schema.safeParse(s).success);
    expect(disagreements).toEqual([]);
    // Both outcomes occur among the samples, so the comparison proves something.
    expect(new Set(samples.map((s) => schema.safeParse(s).success)).size).toBe(2);
  });

  it('refuses bounds that allow no text', () => {
    expect(() => trimmedTextPattern(3, 2)).toThrow();
    expect(() => trimmedTextPattern(0, 0)).toThrow();
  });
});

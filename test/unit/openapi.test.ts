import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { routes } from '#functions/routes.ts';
import { Parcel } from '#shared/domain/applications/application.ts';
import { Cin, Email, MoroccanPhone } from '#shared/domain/contact.ts';
import { Region } from '#shared/domain/geo/geo.ts';
import { PASSWORD_PATTERN, Password } from '#shared/domain/professionals/professional.ts';
import { buildOpenApiDocument } from '#shared/http/openapi.ts';

const document = buildOpenApiDocument(routes) as unknown as {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; security?: unknown[]; responses: Record<string, unknown> }>
  >;
};

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(operations.sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  it('marks public routes with an empty security list and documents 401 on the others', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, route.operationId).toBeDefined();
      if (route.access === 'public') expect(operation?.security).toEqual([]);
      else expect(operation?.responses['401']).toBeDefined();
    }
  });

  it('matches docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('declares the form routes as forms, with the 415 they answer to anything else', () => {
    for (const route of routes.filter((r) => r.request?.bodyFormat === 'form')) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as unknown as {
        requestBody: { content: Record<string, unknown> };
        responses: Record<string, unknown>;
      };
      expect(Object.keys(operation.requestBody.content), route.operationId).toEqual([
        'application/x-www-form-urlencoded',
      ]);
      expect(operation.responses['415'], route.operationId).toBeDefined();
    }
  });
});

/** A seeded generator of strings from an alphabet (mulberry32): the same cases on every run. */
function strings(alphabet: string, count: number, maxLength: number, seed = 17): string[] {
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

/** Every order of the items. */
const permutations = (items: string[]): string[][] =>
  items.length <= 1
    ? [items]
    : items.flatMap((item, i) =>
        permutations(items.filter((_, j) => j !== i)).map((rest) => [item, ...rest]),
      );

/** The document's pattern of a schema: what a client (or a fuzzer) reads instead of the validator. */
const documented = (schema: z.core.$ZodType) => {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    pattern?: string;
    allOf?: { pattern: string }[];
    minLength?: number;
    maxLength?: number;
  };
  if (!json.pattern) throw new Error('no pattern');
  // JSON Schema patterns are ECMA-262 with the u flag (searches, unless anchored); lengths count code points.
  const patterns = [json.pattern, ...(json.allOf ?? []).map((s) => s.pattern)].map((p) => new RegExp(p, 'u'));
  return (s: string) =>
    patterns.every((p) => p.test(s)) &&
    [...s].length >= (json.minLength ?? 0) &&
    [...s].length <= (json.maxLength ?? Infinity);
};

describe('the document states what the validators enforce', () => {
  const cases: [string, z.core.$ZodType, string[]][] = [
    [
      'phone',
      MoroccanPhone,
      [
        '0612345678',
        '+212 6 12 34 56 78',
        '00212612345678',
        '(06) 12-34.56.78',
        '0 0 2 1 2 7 12345678',
        '0812345678',
        '+2126123456789',
        '061234567',
        '212612345678',
        '+0612345678',
        ...strings('0123456789 +.-()2\t', 4000, 18),
        ...strings('0056712 ', 4000, 16),
      ],
    ],
    [
      'e-mail',
      Email,
      ['a@b.co', ' A.B@x.ma ', 'a..b@x.ma', 'a@b', '.a@b.ma', ...strings("ab.@_+-' Z9", 4000, 12)],
    ],
    ['CIN', Cin, ['AB123456', ' ab12 ', 'ABC1', 'A1234567', ...strings('aB1 9Z', 2000, 10)]],
    [
      'land title',
      Parcel.shape.landTitle,
      ['12345/C', 'tf 4567/63', ' R 890 ', 'TF4567', 'X 12', '12/1234', ...strings('TFr 1/2c', 4000, 10)],
    ],
    [
      'Arabic name (trimmed length and Arabic script)',
      Region.shape.nameAr,
      ['الدار البيضاء', '  فاس ', 'Fès', ' ب ', 'بب', ...strings('ب a\u00a0', 4000, 8)],
    ],
    [
      'password',
      Password,
      [
        'Correct-horse-1',
        'correct-horse-1',
        'CORRECT-HORSE-1',
        'Correct-horse-',
        'Correcthorse12',
        'Aa1!Aa1!Aa1!',
        'Aa1!Aa1!Aa1',
        `Aa1!${'x'.repeat(252)}`,
        `Aa1!${'x'.repeat(253)}`,
        // One character of each class, in each of the 24 orders (padded with the last one), so the
        // pattern must take every order.
        ...permutations(['a', 'B', '1', '-']).map((chars) => chars.join('') + chars[3]?.repeat(8)),
        ...strings('aB1-', 2000, 16),
        // Symbols outside ASCII, blanks and line breaks count as symbols and as any character.
        ...strings('aZ5é \n-', 4000, 20),
      ],
    ],
  ];
  it('states the password rules with no lookahead, which schemathesis cannot fold a length into', () => {
    const json = z.toJSONSchema(Password, { io: 'input' }) as { pattern: string };
    expect(json.pattern).toBe(PASSWORD_PATTERN);
    expect(json.pattern).not.toMatch(/\(\?[=!<]/);
  });

  it.each(cases)('%s: the pattern accepts exactly what the schema accepts', (_, schema, samples) => {
    const valid = documented(schema);
    const disagreements = samples.filter((s) => valid(s) !== z.safeParse(schema, s).success);
    expect(disagreements).toEqual([]);
    // Both outcomes occur among the samples, so the comparison proves something.
    expect(new Set(samples.map((s) => z.safeParse(schema, s).success)).size).toBe(2);
  });
});

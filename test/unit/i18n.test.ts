import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CHECKS, type CheckCode } from '#shared/domain/checks.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { FIELD_MESSAGES } from '#shared/http/i18n/fields.ts';
import { FSI, PDI } from '#shared/http/i18n/format.ts';
import { acceptedLanguages, negotiateLanguage } from '#shared/http/i18n/language.ts';
import {
  KIND_MESSAGES,
  type Messages,
  PROBLEM_MESSAGES,
  RESOURCE_NAMES,
} from '#shared/http/i18n/problems.ts';
import { zodErrorMap } from '#shared/http/i18n/zod-messages.ts';
import { defineRoute } from '#shared/http/route.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/**
 * Every problem type the code can raise, read from the source: `new DomainError({ … type: … })`
 * (each quoted slug of the expression, ternaries included), the helpers that take a type first
 * (`refuse('…'`, `unprocessable('…'`, `problem(409, '…'`), and the signing refusals built as
 * `key-<code>` from the key's `canSign` codes.
 */
function raisedTypes(): Set<string> {
  const types = new Set<string>();
  for (const file of [...sources('shared'), ...sources('functions')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new DomainError\(\{[^}]*?\btype:\s*([^,\n]+)/g))
      for (const slug of (m[1] ?? '').matchAll(/(?<!=== )'([a-z][a-z-]*)'/g)) types.add(slug[1] as string);
    for (const m of text.matchAll(/\b(?:refuse|unprocessable)\(\s*'([a-z][a-z-]*)'/g))
      types.add(m[1] as string);
    for (const m of text.matchAll(/\bproblem\(\s*\d{3},\s*'([a-z][a-z-]*)'/g)) types.add(m[1] as string);
    if (/code: `key-\$\{usable\.code\}`/.test(text)) {
      const lifecycle = readFileSync(join(root, 'shared/domain/signing/key-lifecycle.ts'), 'utf8');
      for (const m of lifecycle.matchAll(/code: '([a-z-]+)',/g)) types.add(`key-${m[1]}`);
    }
  }
  return types;
}

const ARABIC = /[\u0600-\u06FF]/;
/** Latin words allowed bare in Arabic text: acronyms read as such, never values. */
const ACRONYMS = new Set(['PIN', 'JSON', 'UUID', 'HCP']);

/** The Latin left in Arabic once isolated values (FSI … PDI) are removed; only known acronyms may remain. */
function bareLatin(text: string): string[] {
  const outside = text.replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'g'), ' ');
  return (outside.match(/[A-Za-z][A-Za-z0-9_.:/<>-]*/g) ?? []).filter((w) => !ACRONYMS.has(w));
}

/** Values of every member a detail reads, Latin on purpose, to see them isolated in Arabic. */
const EXAMPLE = {
  resource: 'Commune',
  id: 'cas-casablanca',
  errors: [
    { path: 'body.phone', code: 'invalid_phone' },
    { path: 'body.cin', code: 'invalid_cin' },
  ],
  remainingAttempts: 3,
  currentStatus: 'SUBMITTED',
  allowedFrom: ['ACTIVE', 'LOCKED'],
  keyId: 'key-123',
  status: 'ACTIVE',
  provinceId: 'MA-CAS',
  username: 'signatory-1',
  communeId: 'cas-casablanca',
  rolloutStatus: 'ONBOARDING',
  missing: ['SITE_PLAN', 'project.floorArea'],
  from: 'LIVE',
  to: 'ONBOARDING',
  allowed: ['SUSPENDED'],
  problems: [{ code: 'SITE_PLAN', reason: 'too-large' }],
  agencies: ['URBAN_AGENCY'],
  reasons: ['ZONING_NON_COMPLIANT'],
  missingFields: ['floorArea'],
  date: '2026-03-15',
  period: '2026-03',
  today: '2026-03-01',
  correlationId: 'req-abc',
};

const latinValues = (p: Record<string, unknown>): string[] =>
  Object.values(p)
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v): v is string => typeof v === 'string' && /[A-Za-z]/.test(v));

describe('problem types in French and Arabic', () => {
  const catalogue: Record<string, Messages> = PROBLEM_MESSAGES;

  it('lists every problem type the code raises (a new type needs its translations)', () => {
    const raised = [...raisedTypes()].sort();
    expect(raised.length).toBeGreaterThan(40);
    expect(raised.filter((t) => !(t in catalogue))).toEqual([]);
  });

  it('documents every type of the catalogue in docs/errors.md', () => {
    const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    expect(Object.keys(catalogue).filter((t) => !doc.includes(`\`${t}\``))).toEqual([]);
  });

  describe.each(Object.keys(catalogue))('%s', (type) => {
    const entry = catalogue[type] as Messages;
    it.each(['fr', 'ar'] as const)('has a title and a detail in %s, with or without its members', (lang) => {
      for (const params of [EXAMPLE, {}]) {
        const detail = entry[lang].detail(params);
        for (const text of [entry[lang].title, detail]) {
          expect(text.trim()).not.toBe('');
          expect(text).not.toMatch(/undefined|NaN|\[object|\$\{|\{[a-zA-Z]+\}/);
        }
      }
      if (lang === 'ar') {
        const detail = entry.ar.detail(EXAMPLE);
        expect(entry.ar.title).toMatch(ARABIC);
        expect(detail).toMatch(ARABIC);
        expect(bareLatin(entry.ar.title)).toEqual([]);
        expect(bareLatin(detail)).toEqual([]);
      }
    });
  });

  it('embeds values isolated (FSI … PDI) in Arabic and as they are in French', () => {
    const ar = PROBLEM_MESSAGES['not-found'].ar.detail({ resource: 'Commune', id: 'cas-casablanca' });
    expect(ar).toContain(`${FSI}cas-casablanca${PDI}`);
    expect(ar).toContain('الجماعة');
    const fr = PROBLEM_MESSAGES['not-found'].fr.detail({ resource: 'Commune', id: 'cas-casablanca' });
    expect(fr).toBe(
      'La commune « cas-casablanca » n’existe pas ou ne vous est pas visible. Vérifiez l’identifiant.',
    );
    // Every Latin value a detail mentions is inside an isolate (bareLatin sees none outside).
    for (const entry of Object.values(catalogue)) {
      const outside = entry.ar.detail(EXAMPLE).replace(new RegExp(`${FSI}[^${PDI}]*${PDI}`, 'g'), ' ');
      for (const value of latinValues(EXAMPLE)) expect(outside).not.toContain(value);
    }
  });

  it('writes a date in Africa/Casablanca and in the language', () => {
    expect(
      PROBLEM_MESSAGES['no-tariff'].fr.detail({ communeId: 'cas-casablanca', date: '2026-03-15' }),
    ).toContain('15 mars 2026');
    expect(
      PROBLEM_MESSAGES['no-tariff'].ar.detail({ communeId: 'cas-casablanca', date: '2026-03-15' }),
    ).toMatch(/15 مارس 2026/);
  });

  it('names every resource of not-found in both languages, and every kind has a fallback', () => {
    for (const names of Object.values(RESOURCE_NAMES)) {
      expect(names.fr).not.toBe('');
      expect(names.ar).toMatch(ARABIC);
    }
    for (const kind of [
      'invalid',
      'unauthenticated',
      'forbidden',
      'not-found',
      'conflict',
      'too-large',
      'unprocessable',
      'locked',
    ])
      expect(KIND_MESSAGES[kind]?.ar.title).toMatch(ARABIC);
  });
});

describe('our checks in French and Arabic', () => {
  it.each(Object.keys(CHECKS) as CheckCode[])(
    '%s has a message in both languages, Arabic without bare Latin',
    (code) => {
      const params = { minLength: 6, maxLength: 8, field: 'communeId' };
      expect(CHECKS[code].trim()).not.toBe('');
      const fr = FIELD_MESSAGES[code].fr(params);
      const ar = FIELD_MESSAGES[code].ar(params);
      expect(fr.trim()).not.toBe('');
      expect(fr).not.toBe(CHECKS[code]);
      expect(ar).toMatch(ARABIC);
      expect(ar).not.toMatch(/undefined|\$\{/);
      expect(bareLatin(ar)).toEqual([]);
    },
  );

  it('gives every English check text once, so the text finds its code back', () => {
    const texts = Object.values(CHECKS);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe("zod's checks in Arabic", () => {
  const arabic = (schema: z.ZodType, input: unknown) =>
    (schema.safeParse(input, { error: zodErrorMap('ar') }).error?.issues ?? []).map((i) => i.message);

  it.each([
    ['a missing string', z.object({ name: z.string() }), {}],
    ['a number for a string', z.string(), 3],
    ['too short', z.string().min(2), 'a'],
    ['too long', z.string().max(2), 'abc'],
    ['too small', z.number().min(10), 3],
    ['not one of the values', z.enum(['fr', 'ar']), 'en'],
    ['a pattern with no message of ours', z.string().regex(/^[A-Z]+$/), 'abc'],
    ['an unknown key', z.strictObject({ a: z.string() }), { a: 'x', b: 'y' }],
    ['an e-mail', z.email(), 'nope'],
  ])('%s: Arabic, with no bare Latin', (_, schema, input) => {
    const messages = arabic(schema, input);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).toMatch(ARABIC);
      expect(bareLatin(message)).toEqual([]);
    }
  });
});

describe('language negotiation', () => {
  const event = (acceptLanguage: string | null, locale?: string) =>
    httpEvent({
      path: '/x',
      language: acceptLanguage,
      ...(locale ? { claims: { sub: 'u-1', locale } } : {}),
    });

  it.each([
    ['ar', undefined, 'ar'],
    ['ar-MA,fr;q=0.8', undefined, 'ar'],
    ['fr-FR, ar;q=0.9', undefined, 'fr'],
    ['de, ar;q=0.5', undefined, 'ar'],
    ['en-GB', undefined, 'en'],
    ['ar;q=0, fr;q=0.1', undefined, 'fr'],
    ['de', undefined, 'fr'],
    [null, undefined, 'fr'],
    [null, 'ar', 'ar'],
    ['*', 'ar', 'ar'],
    ['de', 'ar', 'ar'],
    ['fr', 'ar', 'fr'],
  ])('Accept-Language %s with profile %s → %s', (header, locale, expected) => {
    expect(negotiateLanguage(event(header, locale))).toBe(expected);
  });

  it('orders by weight, then by position', () => {
    expect(acceptedLanguages('fr;q=0.5, ar, en;q=0.9')).toEqual(['ar', 'en', 'fr']);
  });
});

describe('a problem through the middlewares', () => {
  const route = defineRoute({
    operationId: 'register',
    method: 'POST',
    path: '/things',
    summary: 'test',
    tags: ['Test'],
    access: 'public',
    entry: 'n/a',
    request: {
      body: z.object({
        phone: z.string().regex(/^\+212\d{9}$/, CHECKS.invalid_phone),
        name: z.string().min(2),
        language: z.enum(['fr', 'ar']),
      }),
    },
    response: { status: 201, description: 'created', schema: z.object({}) },
  });
  const handler = httpHandler(route, async () => {
    throw new DomainError({
      kind: 'conflict',
      type: 'conflict',
      title: 'Conflict',
      detail: 'Already there.',
    });
  });
  const call = (language: string | null) =>
    handler(
      httpEvent({
        method: 'POST',
        path: '/things',
        body: { phone: '0612', name: 'x', language: 'de' },
        language,
      }),
      lambdaContext(),
    );

  it('keeps type, codes, paths and parameters whatever the language; only the words change', async () => {
    const answers = await Promise.all(['fr', 'ar', 'en', null].map(call));
    const bodies = answers.map((a) => JSON.parse(a.body as string));
    const shape = (b: { type: string; errors: { path: string; code: string; params?: unknown }[] }) => ({
      type: b.type,
      errors: b.errors.map(({ path, code, params }) => ({ path, code, params })),
    });
    expect(shape(bodies[0])).toEqual({
      type: 'https://rukhsa.ma/problems/validation',
      errors: [
        { path: 'body.phone', code: 'invalid_phone', params: undefined },
        { path: 'body.name', code: 'too_small', params: { minimum: 2, inclusive: true, origin: 'string' } },
        { path: 'body.language', code: 'invalid_value', params: { values: ['fr', 'ar'] } },
      ],
    });
    for (const body of bodies) expect(shape(body)).toEqual(shape(bodies[0]));
    expect(answers.map((a) => a.headers?.['content-language'])).toEqual(['fr', 'ar', 'en', 'fr']);
    for (const a of answers) expect(a.headers?.vary).toBe('Accept-Language');
    const [fr, ar, en] = bodies;
    expect(fr.title).toBe('Requête invalide');
    expect(fr.errors[0].message).toMatch(/numéro de téléphone marocain/);
    expect(ar.title).toBe('طلب غير صالح');
    expect(ar.errors[0].message).toMatch(/رقم هاتف مغربي/);
    for (const e of ar.errors) expect(bareLatin(e.message)).toEqual([]);
    expect(en.errors[0].message).toBe(CHECKS.invalid_phone);
  });
});

describe('the OpenAPI document', () => {
  const document = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));
  const operations = Object.values(document.paths as Record<string, Record<string, any>>).flatMap((p) =>
    Object.values(p),
  );

  it('lists the field error codes of each operation, read from its schemas', () => {
    const register = document.paths['/professionals'].post;
    const description: string = register.responses['400'].description;
    for (const code of ['invalid_phone', 'invalid_cin', 'password_needs_digit', 'too_small', 'invalid_value'])
      expect(description).toContain(`\`${code}\``);
    expect(description).not.toContain('`invalid_cursor`');
  });

  it('takes Accept-Language on every operation and says Content-Language and Vary on every problem', () => {
    for (const op of operations) {
      expect(op.parameters).toEqual(
        expect.arrayContaining([{ $ref: '#/components/parameters/AcceptLanguage' }]),
      );
      for (const [status, response] of Object.entries(op.responses as Record<string, any>))
        if (Number(status) >= 400)
          expect(Object.keys(response.headers ?? {})).toEqual(['content-language', 'vary']);
    }
  });
});

describe('amounts in MAD', () => {
  const outOfRange = { value: 3500, min: 2000, max: 3000, kind: 'centimes', unit: 'MAD/m²' };

  it('writes a rate outside its legal range as amounts of MAD in the language', () => {
    expect(FIELD_MESSAGES.tariff_out_of_range.fr(outOfRange)).toBe(
      '35,00\u00a0MAD/m² : hors de la fourchette légale 20,00\u00a0MAD/m² – 30,00\u00a0MAD/m² (loi 47-06)',
    );
    const ar = FIELD_MESSAGES.tariff_out_of_range.ar(outOfRange);
    expect(ar).toMatch(new RegExp(`${FSI}\u200f?35,00\\s?د\\.م\\.\u200f?/م²${PDI}`));
    expect(ar).toContain('خارج النطاق القانوني');
    expect(
      FIELD_MESSAGES.tariff_out_of_range.fr({ min: 0, max: 1000, kind: 'basisPoints', unit: '%' }),
    ).toMatch(/^taux manquant 0,00\s?% – 10,00\s?%/);
  });
});

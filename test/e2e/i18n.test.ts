import { describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';
import { confirmRegistrationEmail, signIn } from '../support/journeys.ts';

/**
 * The API speaks French and Arabic, through the deployed HTTP API: the same invalid request in
 * French, in Arabic and with no Accept-Language (French for an anonymous caller, the profile's
 * language for a signed-in one) answers the same type, paths, codes and parameters, with the words
 * in that language and Content-Language / Vary saying so.
 */
const run = Date.now().toString().slice(-8);
let n = 0;
const idem = () => ({ 'idempotency-key': `e2e-i18n-${run}-${n++}` });
const ARABIC = /[\u0600-\u06FF]/;
/** Latin outside the FSI … PDI isolates, acronyms aside: a value left bare in Arabic text. */
const bareLatin = (text: string) =>
  (text.replace(/\u2068[^\u2069]*\u2069/g, ' ').match(/[A-Za-z][A-Za-z0-9_.:/<>-]*/g) ?? []).filter(
    (w) => !['PIN', 'JSON', 'UUID', 'HCP'].includes(w),
  );

const invalidRegistration = {
  profession: 'pilot',
  registrationNumber: 'CNOA-1',
  firstName: 'Youssef',
  lastName: 'Alaoui',
  cin: '123',
  phone: '12-34',
  email: `y.alaoui.${run}@cabinet.ma`,
  password: 'short',
};

type Answer = Awaited<ReturnType<typeof api>>;
const shape = (answer: Answer) => ({
  status: answer.status,
  type: answer.json.type,
  errors: (answer.json.errors as { path: string; code: string; params?: unknown }[]).map(
    ({ path, code, params }) => ({ path, code, params }),
  ),
});

function expectWordsIn(answer: Answer, language: 'fr' | 'ar') {
  expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(answer.headers.get('content-language')).toBe(language);
  expect(answer.headers.get('vary')).toMatch(/Accept-Language/i);
  const texts = [
    answer.json.title,
    answer.json.detail,
    ...answer.json.errors.map((e: { message: string }) => e.message),
  ];
  for (const text of texts) {
    expect(text.trim()).not.toBe('');
    if (language === 'ar') {
      expect(text).toMatch(ARABIC);
      expect(bareLatin(text)).toEqual([]);
    } else expect(text).not.toMatch(ARABIC);
  }
}

describe('problem+json in French and Arabic through the HTTP API', () => {
  it('an anonymous invalid registration: French, Arabic, and French without a header; the same codes and paths', async () => {
    const register = (language: string | null) =>
      api('/professionals', { method: 'POST', headers: idem(), body: invalidRegistration, language });
    const [fr, ar, none, en] = await Promise.all([
      register('fr'),
      register('ar-MA, fr;q=0.5'),
      register(null),
      register('en'),
    ]);

    expect(shape(fr)).toEqual({
      status: 400,
      type: 'https://rukhsa.ma/problems/validation',
      errors: [
        {
          path: 'body.profession',
          code: 'invalid_value',
          params: { values: ['architect', 'surveyor_engineer', 'topographer', 'engineer'] },
        },
        { path: 'body.cin', code: 'invalid_cin' },
        { path: 'body.phone', code: 'invalid_phone' },
        { path: 'body.password', code: 'password_too_short' },
        { path: 'body.password', code: 'password_needs_uppercase' },
        { path: 'body.password', code: 'password_needs_digit' },
        { path: 'body.password', code: 'password_needs_symbol' },
      ],
    });
    for (const other of [ar, none, en]) expect(shape(other)).toEqual(shape(fr));

    expectWordsIn(fr, 'fr');
    expect(fr.json.title).toBe('Requête invalide');
    expect(fr.json.errors.find((e: { code: string }) => e.code === 'invalid_phone').message).toMatch(
      /numéro de téléphone marocain/,
    );
    expect(fr.json.errors[0].message).toMatch(/Option invalide|Entrée invalide|invalide/i);
    expectWordsIn(ar, 'ar');
    expect(ar.json.title).toBe('طلب غير صالح');
    expect(ar.json.errors.find((e: { code: string }) => e.code === 'invalid_phone').message).toMatch(
      /رقم هاتف مغربي/,
    );
    expectWordsIn(none, 'fr');
    expect(none.json).toEqual({ ...fr.json, instance: none.json.instance });
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.json.title).toBe('Invalid request');
  });

  it('a signed-in professional whose profile says Arabic gets Arabic without a header, and French when asking for it', async () => {
    const email = `i18n-${run}@example.ma`;
    const password = 'Archi#2026-Rukhsa!';
    const registered = await api('/professionals', {
      method: 'POST',
      headers: idem(),
      body: {
        ...invalidRegistration,
        profession: 'architect',
        registrationNumber: `CNOA-I${run}`,
        cin: 'BE123456',
        phone: `+2126${run}`,
        email,
        preferredLanguage: 'ar',
        password,
      },
    });
    expect(registered.status, registered.text).toBe(201);
    await confirmRegistrationEmail(registered.json.id, email);
    const token = (await signIn(email, password)).AuthenticationResult?.IdToken as string;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.locale).toBe('ar');

    // The same invalid draft with no header (the profile's Arabic), then in French.
    const draft = (language: string | null) =>
      api('/applications', {
        method: 'POST',
        token,
        headers: idem(),
        body: { procedureCode: 'NOPE', communeId: 'Casablanca', project: {} },
        language,
      });
    const [profile, fr] = await Promise.all([draft(null), draft('fr')]);
    expect(profile.status, profile.text).toBe(400);
    expect(shape(profile)).toEqual(shape(fr));
    expect(shape(profile).errors.map((e) => e.code)).toEqual(expect.arrayContaining(['invalid_commune_id']));
    expectWordsIn(profile, 'ar');
    expectWordsIn(fr, 'fr');

    // A problem from the domain (not from validation) follows the same negotiation.
    const missing = await api('/applications/app-00000000-0000-0000-0000-000000000000', {
      token,
      language: null,
    });
    expect(missing.status).toBe(404);
    expect(missing.json.type).toBe('https://rukhsa.ma/problems/not-found');
    expect(missing.headers.get('content-language')).toBe('ar');
    expect(missing.json.detail).toContain('\u2068app-00000000-0000-0000-0000-000000000000\u2069');
  });
});

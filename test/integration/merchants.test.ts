import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as confirmBusinessEmail } from '#functions/businesses/confirm-email.ts';
import { handler as registerBusiness } from '#functions/businesses/register-business.ts';
import { handler as decide } from '#functions/review/decide.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { handler as giveOpinion } from '#functions/review/give-opinion.ts';
import { handler as sweepDeadlines } from '#functions/review/sweep-deadlines.ts';
import { handler as signPermit } from '#functions/signing/sign-permit.ts';
import { licenceValidUntil } from '#shared/domain/applications/use-cases.ts';
import { api, testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import { deskClaims, givenActiveSigningKey, givenLiveCommune, memberClaims } from '../support/fixtures.ts';
import { inbox, signIn, uploadDocument, waitFor } from '../support/journeys.ts';

/**
 * A merchant's licence, without an architect: the business registers (e-mail proven by the mailed
 * code), signs in with SRP and files through the HTTP API with its own token; the desk, the
 * commission and the signatory act through their handlers; then the merchant renews the licence.
 */

const cloud = testCloud();
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string }>;
const ctx = () => ({ ...lambdaContext('merchants'), getRemainingTimeInMillis: () => 60_000 });

const call = async (
  handler: Handler,
  path: string,
  id: string,
  claims: Record<string, unknown>,
  body?: unknown,
) => {
  const response = await handler(
    httpEvent({
      method: 'POST',
      path: `/applications/${id}${path}`,
      pathParameters: { applicationId: id },
      ...(body === undefined ? {} : { body }),
      claims,
      headers: { 'idempotency-key': randomUUID() },
    }),
    ctx(),
  );
  return { status: response.statusCode, json: json(response) };
};

const COMMUNE = 'cas-casablanca';
const PIN = '48213795';
const signatory = `merchants-signatory-${Date.now().toString(36)}`;
const signatoryClaims = claimsOf(['signatory'], {
  'custom:commune': COMMUNE,
  'custom:province': 'MA-CAS',
  'cognito:username': signatory,
  sub: `sub-${signatory}`,
});

const licence = (extra: Record<string, unknown> = {}) => ({
  procedureCode: 'ACTIVITY_LICENCE',
  communeId: COMMUNE,
  applicant: {
    kind: 'company',
    name: 'Café Atlas SARL',
    registrationNumber: 'RC 445566 Casablanca',
    representative: { firstName: 'Salma', lastName: 'Bennani' },
    email: 'gerance@cafe-atlas.ma',
    preferredLanguage: 'ar',
  },
  parcel: { landTitle: '45678/C', address: '12 boulevard Zerktouni, Casablanca' },
  project: {
    description: 'Café-restaurant au rez-de-chaussée',
    activity: 'Café-restaurant',
    floorAreaM2: 85,
  },
  ...extra,
});

/** The merchant registers as a company and proves its e-mail with the mailed code; returns its token. */
async function givenRegisteredMerchant() {
  const email = `merchant-${randomUUID().slice(0, 8)}@cafe-atlas.ma`;
  const password = 'Licence-2026!x';
  const registered = await registerBusiness(
    httpEvent({
      method: 'POST',
      path: '/businesses',
      body: {
        kind: 'company',
        companyName: 'Café Atlas SARL',
        ice: String(Date.now()).padStart(15, '0').slice(-15),
        rcNumber: 'RC-CASA-445566',
        tradeName: 'Café Atlas',
        firstName: 'Salma',
        lastName: 'Bennani',
        cin: 'BK123456',
        phone: '+212661234567',
        email,
        preferredLanguage: 'ar',
        password,
      },
    }),
    ctx(),
  );
  expect(registered.statusCode, registered.body).toBe(201);
  const business = json(registered);
  expect(business).toMatchObject({ kind: 'company', rcNumber: 'RC-CASA-445566' });
  expect(business.password).toBeUndefined();
  // Not before the e-mail is proven.
  await expect(signIn(business.id, password)).rejects.toThrow();
  const mail = await waitFor('the e-mail code', async () =>
    (await inbox()).find((m) => m.To.includes(email) && /\b\d{6}\b/.test(m.BodyText)),
  );
  const code = mail.BodyText.match(/\b(\d{6})\b/)?.[1];
  const confirmed = await confirmBusinessEmail(
    httpEvent({
      method: 'POST',
      path: `/businesses/${business.id}/email-confirmation`,
      pathParameters: { businessId: business.id },
      body: { code },
    }),
    ctx(),
  );
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  const session = await signIn(business.id, password);
  const token = session.AuthenticationResult?.IdToken as string;
  expect(token).toBeTruthy();
  return { business, token };
}

/** The merchant files through the API with its own token: draft, every mandatory document, submission. */
async function file(token: string, body: Record<string, unknown>) {
  const draft = await api('/applications', {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
    body,
  });
  expect(draft.status, draft.text).toBe(201);
  const id = draft.json.id as string;
  const procedure = (await api('/procedures')).json.procedures.find(
    (p: { code: string }) => p.code === body.procedureCode,
  );
  for (const d of procedure.documents.filter((d: { mandatory: unknown }) => d.mandatory === true))
    await uploadDocument(id, token, d.code);
  const submitted = await api(`/applications/${id}/submission`, {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(submitted.status, submitted.text).toBe(200);
  return draft.json;
}

/** The merchant pays what the approval ordered (if anything) through the local CMI simulator. */
async function pay(token: string, id: string) {
  const status = (await api(`/applications/${id}`, { token })).json.status;
  if (status === 'AWAITING_PAYMENT') {
    const payment = await api('/payments', {
      method: 'POST',
      token,
      body: { applicationId: id, language: 'ar' },
    });
    expect(payment.status, payment.text).toBe(201);
    const decision = await fetch(`${cloud.outputs.apiUrl}/simulator/cmi/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...payment.json.fields, decision: 'approve' }).toString(),
      redirect: 'manual',
    });
    expect(decision.status).toBe(303);
  }
  expect((await api(`/applications/${id}`, { token })).json.status).toBe('PAID');
}

async function approveAndIssue(token: string, id: string) {
  const approved = await call(decide as Handler, '/decision', id, deskClaims(COMMUNE), {
    decision: 'APPROVED',
    conditions: ['Terrasse limitée à 2 m du trottoir.'],
  });
  expect(approved.status, JSON.stringify(approved.json)).toBe(200);
  await pay(token, id);
  const signed = await call(signPermit as Handler, '/permit', id, signatoryClaims, { pin: PIN });
  expect(signed.status, JSON.stringify(signed.json)).toBe(201);
  return signed.json.permit.permitNumber as string;
}

describe('merchants file and renew activity licences without a professional', () => {
  it('registers, files a licence reviewed in commission, gets it issued, is reminded before expiry, and renews it', async () => {
    await givenLiveCommune(cloud, COMMUNE);
    await givenActiveSigningKey(cloud, {
      communeId: COMMUNE,
      provinceId: 'MA-CAS',
      signatoryUsername: signatory,
      pin: PIN,
    });
    const { business, token } = await givenRegisteredMerchant();

    // A building permit stays with architects.
    const refused = await api('/applications', {
      method: 'POST',
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        ...licence(),
        procedureCode: 'BUILDING_PERMIT',
        project: { description: 'Villa', floorAreaM2: 200, floors: 2, units: 1 },
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.json.type).toMatch(/procedure-needs-professional$/);

    const filed = await file(token, licence());
    expect(filed).toMatchObject({ procedureCode: 'ACTIVITY_LICENCE', professionalId: business.id });
    const current = (await api(`/applications/${filed.id}`, { token })).json;
    const declared = await call(
      declareAdmissible as Handler,
      '/admissibility',
      filed.id,
      deskClaims(COMMUNE),
      {
        version: current.version,
      },
    );
    expect(declared.status, JSON.stringify(declared.json)).toBe(200);
    expect(declared.json.status).toBe('IN_COMMISSION');
    for (const agency of ['civil-protection', 'health']) {
      const opinion = await call(giveOpinion as Handler, '/opinions', filed.id, memberClaims(agency), {
        opinion: 'FAVOURABLE',
      });
      expect(opinion.status, JSON.stringify(opinion.json)).toBe(201);
    }
    const licenceNumber = await approveAndIssue(token, filed.id);
    const issued = (await api(`/applications/${filed.id}`, { token })).json;
    expect(issued.status).toBe('ISSUED');
    // Ten days before the licence expires, the daily job reminds the merchant, once, in Arabic; the
    // message is stored on the file like every other.
    const validUntil = licenceValidUntil(issued.permit.issuedAt, 12);
    const before = new Date(Date.parse(`${validUntil}T08:00:00Z`) - 10 * 86_400_000).toISOString();
    const sweep = await sweepDeadlines({ communeIds: [COMMUNE], now: before });
    expect(sweep.renewals.reminded).toContain(filed.id);
    const again = await sweepDeadlines({ communeIds: [COMMUNE], now: before });
    expect(again.renewals.reminded).toEqual([]);
    const expiry = validUntil.split('-').reverse().join('/');
    const reminder = await waitFor('the renewal reminder', async () =>
      (await inbox()).find(
        (m) =>
          m.To.includes(business.email) && m.Subject.includes(licenceNumber) && m.Subject.includes(expiry),
      ),
    );
    expect(reminder.Subject).toMatch(/[\u0600-\u06FF]/);
    expect(reminder.BodyText).toContain('تجديد');
    const messages = await waitFor('the reminder on the file', async () => {
      const list = await api(`/applications/${filed.id}/messages`, { token });
      const found = (list.json.messages as { eventType: string; audience: string }[]).filter(
        (m: { eventType: string }) => m.eventType === 'LICENCE_RENEWAL_DUE',
      );
      return found.some((m: { audience?: string }) => m.audience === 'professional') ? found : undefined;
    });
    // The merchant (the filer) and the file's applicant, each on its channels, in Arabic.
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ audience: 'professional', language: 'ar', status: 'SENT' }),
        expect.objectContaining({ audience: 'applicant', language: 'ar', status: 'SENT' }),
      ]),
    );

    // The listing shows the merchant its own files.
    const listed = await api('/applications', { token });
    expect(listed.json.items.map((a: { id: string }) => a.id)).toContain(filed.id);

    // The renewal names the licence it renews, and carries its validity.
    const renewal = await file(
      token,
      licence({
        procedureCode: 'ACTIVITY_LICENCE_RENEWAL',
        permitNumber: licenceNumber,
        project: { description: 'Renouvellement annuel', activity: 'Café-restaurant' },
      }),
    );
    const issuedDay = new Date(issued.permit.issuedAt);
    expect(renewal.followsPermit).toMatchObject({
      number: licenceNumber,
      applicationId: filed.id,
      procedureCode: 'ACTIVITY_LICENCE',
      conditions: ['Terrasse limitée à 2 m du trottoir.'],
    });
    expect(renewal.followsPermit.validUntil).toBe(validUntil);
    expect(validUntil.slice(0, 4)).toBe(String(issuedDay.getUTCFullYear() + 1));
    const renewalRead = (await api(`/applications/${renewal.id}`, { token })).json;
    const renewalAdmissible = await call(
      declareAdmissible as Handler,
      '/admissibility',
      renewal.id,
      deskClaims(COMMUNE),
      { version: renewalRead.version },
    );
    expect(renewalAdmissible.json.status).toBe('READY_FOR_DECISION');
    const renewalNumber = await approveAndIssue(token, renewal.id);
    expect((await api(`/applications/${renewal.id}`, { token })).json.status).toBe('ISSUED');

    // The renewed licence expires a year after its own issuance. Its holder files the next renewal
    // at once: when that licence's reminder would fall due, the daily job sees the renewal filed
    // and stays silent (nor does it remind the first licence, renewed and already reminded).
    const renewed = (await api(`/applications/${renewal.id}`, { token })).json;
    const renewedUntil = licenceValidUntil(renewed.permit.issuedAt, 12);
    const next = await file(
      token,
      licence({
        procedureCode: 'ACTIVITY_LICENCE_RENEWAL',
        permitNumber: renewalNumber,
        project: { description: 'Renouvellement annuel', activity: 'Café-restaurant' },
      }),
    );
    expect(next.followsPermit).toMatchObject({ number: renewalNumber, applicationId: renewal.id });
    const dueAt = new Date(Date.parse(`${renewedUntil}T08:00:00Z`) - 10 * 86_400_000).toISOString();
    const quiet = await sweepDeadlines({ communeIds: [COMMUNE], now: dueAt });
    expect(quiet.renewals.reminded).not.toContain(renewal.id);
    expect(quiet.renewals.reminded).not.toContain(filed.id);

    // Another merchant cannot renew this licence: refused like an unknown number.
    const other = await givenRegisteredMerchant();
    const stolen = await api('/applications', {
      method: 'POST',
      token: other.token,
      headers: { 'idempotency-key': randomUUID() },
      body: licence({ procedureCode: 'ACTIVITY_LICENCE_RENEWAL', permitNumber: licenceNumber }),
    });
    expect(stolen.status).toBe(422);
    expect(stolen.json.type).toMatch(/unknown-permit$/);
  }, 120_000); // three licences filed, reviewed and two issued, with the daily job in between
});

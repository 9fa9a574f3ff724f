import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoGeoRepository } from '#shared/adapters/dynamodb/geo-repository.ts';
import { licenceValidUntil } from '#shared/domain/applications/use-cases.ts';
import { api, testCloud } from '../support/cloud.ts';
import { documentClientFor, givenLiveCommune } from '../support/fixtures.ts';
import {
  inbox,
  invokeDeadlineSweep,
  signIn,
  staffToken,
  submitNewFile,
  waitFor,
} from '../support/journeys.ts';

/**
 * A merchant's licence, without an architect, through the HTTP API: the business registers (e-mail
 * proven by the mailed code), signs in with SRP and files with its own token; the desk, the
 * commission and the signatory act with their own accounts; the daily job (invoked through the
 * emulator's Lambda API, at an instant of the local stage) reminds it before expiry; the merchant
 * renews the licence. A commune of its own: the job, run a year ahead, touches no other file.
 */

const cloud = testCloud();
const run = randomUUID().slice(0, 8);
const COMMUNE = `cas-shop-${run}`;
const PIN = '48213795'; // the fixture signatory key's PIN (givenLiveCommune)
const tokens: Record<'desk' | 'signatory' | 'civil-protection' | 'health', string> = {} as never;

async function givenCommune() {
  await new DynamoGeoRepository(documentClientFor(cloud), cloud.outputs.tableName).putCommune({
    id: COMMUNE,
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    nameFr: 'Commune des commerces',
    nameAr: 'جماعة التجارة',
    kind: 'urban',
    population: null,
    updatedAt: new Date().toISOString(),
  });
  await givenLiveCommune(cloud, COMMUNE);
  const scope = { communeId: COMMUNE, provinceId: 'MA-CAS' };
  [tokens.desk, tokens.signatory, tokens['civil-protection'], tokens.health] = await Promise.all([
    staffToken(`fx-desk-${COMMUNE}`, 'desk_agent', scope),
    staffToken(`fx-sig-${COMMUNE}`, 'signatory', scope),
    staffToken(`shop-civil-${run}`, 'commission_member', {
      agencyId: 'civil-protection',
      provinceId: 'MA-CAS',
    }),
    staffToken(`shop-health-${run}`, 'commission_member', { agencyId: 'health', provinceId: 'MA-CAS' }),
  ]);
}

const act = async (path: string, id: string, token: string, body?: unknown) =>
  api(`/applications/${id}${path}`, {
    method: 'POST',
    token,
    headers: { 'idempotency-key': randomUUID() },
    ...(body === undefined ? {} : { body }),
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
  const registered = await api('/businesses', {
    method: 'POST',
    body: {
      kind: 'company',
      companyName: 'Café Atlas SARL',
      ice: String(Date.now() + Math.floor(Math.random() * 1e6))
        .padStart(15, '0')
        .slice(-15),
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
  });
  expect(registered.status, registered.text).toBe(201);
  const business = registered.json;
  expect(business).toMatchObject({ kind: 'company', rcNumber: 'RC-CASA-445566' });
  expect(business.password).toBeUndefined();
  // Not before the e-mail is proven.
  await expect(signIn(business.id, password)).rejects.toThrow();
  const mail = await waitFor('the e-mail code', async () =>
    (await inbox()).find((m) => m.To.includes(email) && /\b\d{6}\b/.test(m.BodyText)),
  );
  const code = mail.BodyText.match(/\b(\d{6})\b/)?.[1];
  const confirmed = await api(`/businesses/${business.id}/email-confirmation`, {
    method: 'POST',
    body: { code },
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  const session = await signIn(business.id, password);
  const token = session.AuthenticationResult?.IdToken as string;
  expect(token).toBeTruthy();
  return { business, token };
}

/** The merchant files through the API with its own token: draft, every mandatory document, submission. */
async function file(token: string, body: Record<string, unknown> & { procedureCode: string }) {
  return (await submitNewFile(token, body)).submitted;
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
  const approved = await act('/decision', id, tokens.desk, {
    decision: 'APPROVED',
    conditions: ['Terrasse limitée à 2 m du trottoir.'],
  });
  expect(approved.status, approved.text).toBe(200);
  await pay(token, id);
  const signed = await act('/permit', id, tokens.signatory, { pin: PIN });
  expect(signed.status, signed.text).toBe(201);
  return signed.json.permit.permitNumber as string;
}

describe('merchants file and renew activity licences without a professional', () => {
  it('registers, files a licence reviewed in commission, gets it issued, is reminded before expiry, and renews it', async () => {
    await givenCommune();
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
    const declared = await act('/admissibility', filed.id, tokens.desk, { version: current.version });
    expect(declared.status, declared.text).toBe(200);
    expect(declared.json.status).toBe('IN_COMMISSION');
    for (const agency of ['civil-protection', 'health']) {
      const opinion = await act('/opinions', filed.id, tokens[agency as 'health'], { opinion: 'FAVOURABLE' });
      expect(opinion.status, opinion.text).toBe(201);
    }
    const licenceNumber = await approveAndIssue(token, filed.id);
    const issued = (await api(`/applications/${filed.id}`, { token })).json;
    expect(issued.status).toBe('ISSUED');
    // Ten days before the licence expires, the daily job reminds the merchant, once, in Arabic; the
    // message is stored on the file like every other.
    const validUntil = licenceValidUntil(issued.permit.issuedAt, 12);
    const before = new Date(Date.parse(`${validUntil}T08:00:00Z`) - 10 * 86_400_000).toISOString();
    const sweep = await invokeDeadlineSweep({ communeIds: [COMMUNE], now: before });
    expect(sweep.renewals.reminded).toContain(filed.id);
    const again = await invokeDeadlineSweep({ communeIds: [COMMUNE], now: before });
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
    const renewalAdmissible = await act('/admissibility', renewal.id, tokens.desk, {
      version: renewalRead.version,
    });
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
    const quiet = await invokeDeadlineSweep({ communeIds: [COMMUNE], now: dueAt });
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
  }, 240_000); // three licences filed, reviewed and two issued, with the daily job in between
});

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { handler as fileSignatures } from '#functions/review/file-signatures.ts';
import { handler as giveOpinion } from '#functions/review/give-opinion.ts';
import { handler as minutesPdf } from '#functions/review/minutes-pdf.ts';
import { handler as signMinutes } from '#functions/review/sign-minutes.ts';
import { handler as caCertificate } from '#functions/signing/ca-certificate.ts';
import { handler as changePin } from '#functions/signing/change-pin.ts';
import { handler as confirmDelivery } from '#functions/signing/confirm-delivery.ts';
import { handler as designateContact } from '#functions/signing/designate-contact.ts';
import { handler as handOverKey } from '#functions/signing/hand-over-key.ts';
import { handler as issueKeys } from '#functions/signing/issue-keys.ts';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { testCloud } from '../support/cloud.ts';
import { claimsOf, httpEvent, lambdaContext } from '../support/events.ts';
import { holdForThisFile } from '../support/exclusive.ts';
import {
  adminClaims,
  deskClaims,
  documentClientFor,
  givenCompleteDraft,
  givenProfessional,
  givenTariff,
} from '../support/fixtures.ts';
import { inbox, waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Claims = Record<string, unknown>;
type Reply = {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
};
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<unknown>;
// The emulator shares two cores with other runs: give a KMS signing the time it takes there.
const ctx = () => ({ ...lambdaContext('signed-review'), getRemainingTimeInMillis: () => 60_000 });

const call = async (
  handler: Handler,
  method: string,
  path: string,
  claims: Claims,
  options: { body?: unknown; pathParameters?: Record<string, string>; idempotent?: boolean } = {},
) =>
  (await handler(
    httpEvent({
      method,
      path,
      claims,
      ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(options.idempotent ? { headers: { 'idempotency-key': randomUUID() } } : {}),
    }),
    ctx(),
  )) as Reply;

const run = Date.now().toString(36).slice(-6);
const digits = String(Date.now()).slice(-6);
/** Three commission members of Casablanca-Anfa: two of the urban agency, one of civil protection. */
const members = [
  { firstName: 'Samira', agencyId: 'urban-agency', phone: `+212671${digits}`, cin: `UA${digits}` },
  { firstName: 'Omar', agencyId: 'civil-protection', phone: `+212672${digits}`, cin: `CP${digits}` },
  { firstName: 'Hind', agencyId: 'urban-agency', phone: `+212673${digits}`, cin: `UB${digits}` },
].map((m, i) => ({
  ...m,
  lastName: 'Bennani',
  email: `member-${i}-${run}@agences.ma`,
  mandate: 'commission_member' as const,
  provinceId: 'MA-CAS',
  title: i === 1 ? 'Capitaine, Protection civile' : 'Architecte, Agence urbaine de Casablanca',
  preferredLanguage: i === 1 ? ('ar' as const) : ('fr' as const),
}));

const pinIn = (body: string) => body.match(/(?:Code PIN|الرمز السري)\s*:\s*(\d{6,8})/)?.[1];

const memberClaims = (username: string, agencyId: string) =>
  claimsOf(['commission_member'], {
    'cognito:username': username,
    sub: `sub-${username}`,
    'custom:agency': agencyId,
    'custom:province': 'MA-CAS',
  });

/** `openssl cms -verify` of a detached signature over `content`, against the published CA. */
function opensslVerify(content: string, cmsBase64: string, caPem: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rukhsa-opinion-'));
  writeFileSync(join(dir, 'document.json'), content);
  writeFileSync(join(dir, 'signature.p7s'), Buffer.from(cmsBase64, 'base64'));
  writeFileSync(join(dir, 'ca.pem'), caPem);
  try {
    execFileSync(
      'openssl',
      [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        'signature.p7s',
        '-content',
        'document.json',
        '-CAfile',
        'ca.pem',
        '-out',
        '/dev/null',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return { ok: true, out: '' };
  } catch (error) {
    return { ok: false, out: String((error as { stderr?: Buffer }).stderr ?? error) };
  }
}

/**
 * Keys for the members through the whole chain: issued by the ministry (accounts created, PIN by
 * SMS and e-mail), sent to the province contact, delivered, PIN changed (the key becomes ACTIVE).
 */
async function givenMemberKeys() {
  const contact = await call(designateContact as Handler, 'PUT', '/provinces/MA-CAS/contact', adminClaims(), {
    pathParameters: { provinceId: 'MA-CAS' },
    idempotent: true,
    body: {
      firstName: 'Nadia',
      lastName: 'Chraibi',
      title: 'Cheffe de la division des collectivités territoriales',
      phone: `+212674${digits}`,
      address: 'Préfecture de Casablanca-Anfa, boulevard Hassan II',
      email: `contact-${run}@interieur.gov.ma`,
    },
  });
  expect(contact.statusCode, contact.body).toBe(200);
  const contactUsername = json(contact).contact.username as string;
  const issued = await call(issueKeys as Handler, 'POST', '/signing-keys', adminClaims(), {
    idempotent: true,
    body: { signatories: members },
  });
  expect(issued.statusCode, issued.body).toBe(201);
  const keys = json(issued).keys as {
    keyId: string;
    signatoryUsername: string;
    agencyId: string;
    mandate: string;
    certificatePem: string;
  }[];
  expect(keys.map((k) => [k.mandate, k.agencyId])).toEqual(
    members.map((m) => ['commission_member', m.agencyId]),
  );
  expect(keys[0]?.certificatePem).toBeTruthy();
  const holders = [];
  for (const [i, key] of keys.entries()) {
    const member = members[i] as (typeof members)[number];
    // The PIN reaches the member alone, by e-mail (and SMS), in their language.
    const pin = await waitFor(`the PIN e-mail to ${member.email}`, async () =>
      (await inbox())
        .filter((m) => m.To[0] === member.email)
        .map((m) => pinIn(String(m.BodyText)))
        .find(Boolean),
    );
    const path = (tail: string) => `/signing-keys/${key.keyId}/${tail}`;
    const keyParams = { pathParameters: { keyId: key.keyId } };
    const sent = await call(handOverKey as Handler, 'POST', path('handover'), adminClaims(), {
      ...keyParams,
      body: { trackingNumber: `EE${digits}${i}MA` },
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const contactClaims = claimsOf(['province_contact'], {
      'cognito:username': contactUsername,
      sub: `sub-${contactUsername}`,
      'custom:province': 'MA-CAS',
    });
    const delivered = await call(confirmDelivery as Handler, 'POST', path('delivery'), contactClaims, {
      ...keyParams,
      body: {},
    });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const claims = memberClaims(key.signatoryUsername, member.agencyId);
    const newPin = `${7 + i}${'5938264'.slice(0, 6)}`;
    const changed = await call(changePin as Handler, 'POST', path('pin'), claims, {
      ...keyParams,
      body: { currentPin: pin, newPin },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(json(changed).status).toBe('ACTIVE');
    holders.push({ claims, pin: newPin, keyId: key.keyId, agencyId: member.agencyId });
  }
  return holders;
}

/** A large building permit of a fresh commune of Casablanca-Anfa, declared admissible: in commission. */
async function givenInCommission() {
  const communeId = `cas-signed-${randomUUID().slice(0, 8)}`;
  const { professional, claims } = await givenProfessional(cloud);
  await givenTariff(cloud, communeId);
  const draft = await givenCompleteDraft(cloud, professional.id, communeId, { size: 'large' });
  const id = draft.id as string;
  const appPath = { pathParameters: { applicationId: id }, idempotent: true };
  const submitted = await call(
    submitApplication as Handler,
    'POST',
    `/applications/${id}/submission`,
    claims,
    appPath,
  );
  expect(submitted.statusCode, submitted.body).toBe(200);
  const admissible = await call(
    declareAdmissible as Handler,
    'POST',
    `/applications/${id}/admissibility`,
    deskClaims(communeId),
    {
      ...appPath,
      body: {},
    },
  );
  expect(json(admissible).consultedAgencies).toEqual(['urban-agency', 'civil-protection', 'utilities']);
  return { id, desk: deskClaims(communeId) };
}

// This file designates Casablanca-Anfa's province contact: no other file may replace it meanwhile.
holdForThisFile('province-contact-MA-CAS');

describe('signed opinions and the commission’s signed minutes', () => {
  it('signs opinions with the members’ keys and PINs, three members sign the minutes, everything verifies; a tampered opinion does not', async () => {
    const [samira, omar, hind] = await givenMemberKeys();
    if (!samira || !omar || !hind) throw new Error('three members expected');
    const { id, desk } = await givenInCommission();
    const appParams = { pathParameters: { applicationId: id } };
    const opinion = (member: typeof samira, body: Record<string, unknown>) =>
      call(giveOpinion as Handler, 'POST', `/applications/${id}/opinions`, member.claims, {
        ...appParams,
        body,
      });

    // A member who holds a key must sign: no PIN, no opinion; a wrong PIN is refused and counted.
    const unsigned = await opinion(samira, { opinion: 'FAVOURABLE' });
    expect(unsigned.statusCode).toBe(422);
    expect(json(unsigned).type).toMatch(/\/pin-required$/);
    const wrong = await opinion(samira, { opinion: 'FAVOURABLE', pin: '10293847' });
    expect(wrong.statusCode).toBe(403);
    expect(json(wrong).type).toMatch(/\/wrong-pin$/);

    const urban = await opinion(samira, {
      opinion: 'FAVOURABLE_WITH_CONDITIONS',
      conditions: ['Recul de 4 m sur la voie publique'],
      pin: samira.pin,
    });
    expect(urban.statusCode, urban.body).toBe(201);
    expect(json(urban).opinions['urban-agency'].signature).toMatchObject({
      keyId: samira.keyId,
      signer: { name: 'Samira Bennani', agencyId: 'urban-agency' },
    });
    const civil = await opinion(omar, { opinion: 'FAVOURABLE', pin: omar.pin });
    expect(civil.statusCode, civil.body).toBe(201);

    // The minutes wait for every consulted agency (utilities has no key-holding member: unsigned).
    const early = await call(
      signMinutes as Handler,
      'POST',
      `/applications/${id}/minutes/signatures`,
      hind.claims,
      {
        ...appParams,
        body: { pin: hind.pin },
      },
    );
    expect(early.statusCode).toBe(409);
    expect(json(early)).toMatchObject({
      type: expect.stringMatching(/\/minutes-not-ready$/),
      missing: ['utilities'],
    });
    const utilities = await call(
      giveOpinion as Handler,
      'POST',
      `/applications/${id}/opinions`,
      memberClaims(`member-utilities-${run}`, 'utilities'),
      { ...appParams, body: { opinion: 'FAVOURABLE' } },
    );
    expect(json(utilities).status).toBe('READY_FOR_DECISION');

    // Three members present sign the minutes, two of them at the same moment.
    const sign = (member: typeof samira) =>
      call(signMinutes as Handler, 'POST', `/applications/${id}/minutes/signatures`, member.claims, {
        ...appParams,
        body: { pin: member.pin },
      });
    const first = await sign(samira);
    expect(first.statusCode, first.body).toBe(201);
    const [second, third] = await Promise.all([sign(omar), sign(hind)]);
    expect([second.statusCode, third.statusCode]).toEqual([201, 201]);
    expect((await sign(hind)).statusCode).toBe(409);

    const signatures = json(
      await call(fileSignatures as Handler, 'GET', `/applications/${id}/signatures`, desk, appParams),
    );
    const byAgency = Object.fromEntries(
      signatures.opinions.map((o: { agency: string }) => [o.agency, o]),
    ) as Record<
      string,
      {
        signed: boolean;
        document: string;
        signature: { cms: string } | null;
        verification: { valid: boolean; failedCheck: string | null; signer: { name: string } } | null;
      }
    >;
    expect(byAgency['urban-agency']?.verification).toMatchObject({
      valid: true,
      signer: { name: 'Samira Bennani' },
    });
    expect(byAgency['civil-protection']?.verification).toMatchObject({ valid: true });
    expect(byAgency.utilities).toMatchObject({ signed: false, verification: null });
    expect(signatures.minutes.valid).toBe(true);
    expect(
      signatures.minutes.signatures
        .map((s: { signer: { name: string }; valid: boolean }) => [s.signer.name, s.valid])
        .sort(),
    ).toEqual([
      ['Hind Bennani', true],
      ['Omar Bennani', true],
      ['Samira Bennani', true],
    ]);

    // Verifiable like a permit: openssl checks each detached CMS over the canonical document against the CA.
    const ca = ((await caCertificate(httpEvent({ path: '/pki/ca.pem' }), ctx())) as Reply).body;
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const urbanOpinion = byAgency['urban-agency'];
    expect(
      opensslVerify(urbanOpinion?.document as string, urbanOpinion?.signature?.cms as string, ca),
    ).toEqual({ ok: true, out: '' });
    for (const s of signatures.minutes.signatures)
      expect(opensslVerify(signatures.minutes.document, s.cms, ca)).toEqual({ ok: true, out: '' });

    // The minutes as a French/Arabic PDF.
    const pdf = await call(minutesPdf as Handler, 'GET', `/applications/${id}/minutes`, desk, appParams);
    expect(pdf.statusCode).toBe(200);
    const bytes = Buffer.from(pdf.body, pdf.isBase64Encoded ? 'base64' : 'utf8');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    // Someone with table access changes the urban agency's condition: its signature and the minutes fail.
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.applicationKey(id),
        UpdateExpression: 'SET opinions.#a.conditions = :c',
        ExpressionAttributeNames: { '#a': 'urban-agency' },
        ExpressionAttributeValues: { ':c': ['Recul de 1 m sur la voie publique'] },
      }),
    );
    const after = json(
      await call(fileSignatures as Handler, 'GET', `/applications/${id}/signatures`, desk, appParams),
    );
    const tampered = after.opinions.find((o: { agency: string }) => o.agency === 'urban-agency');
    expect(tampered.verification).toMatchObject({ valid: false, failedCheck: 'document-hash' });
    expect(tampered.verification.checks.find((c: { name: string }) => c.name === 'signature').ok).toBe(false);
    expect(opensslVerify(tampered.document, tampered.signature.cms, ca).ok).toBe(false);
    expect(after.minutes.valid).toBe(false);
    expect(
      after.opinions.find((o: { agency: string }) => o.agency === 'civil-protection').verification.valid,
    ).toBe(true);
  });
});

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import { holdForThisFile } from '../support/exclusive.ts';
import { documentClientFor, givenCompleteDraft } from '../support/fixtures.ts';
import { firstSignIn, inbox, staffToken, temporaryPasswordIn, waitFor } from '../support/journeys.ts';

/**
 * Commission members sign what they decide, through the HTTP API: three members' keys come through
 * the whole chain (issued by the ministry, sent to the province contact, delivered, PIN from the
 * e-mail changed), their opinions are signed with the key and PIN, three of them sign the minutes
 * (two at once); everything verifies (the API's checks, and openssl against the published CA), and an
 * opinion changed in the table after its signature does not, nor do the minutes that list it.
 */

const cloud = testCloud();
const db = documentClientFor(cloud);
const table = cloud.outputs.tableName;
let n = 0;
const run = Date.now().toString(36).slice(-6);
const idem = () => ({ 'idempotency-key': `signed-review-${run}-${n++}` });
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

const mailsTo = async (email: string) => (await inbox()).filter((m) => m.To[0] === email);

/**
 * Keys for the members through the whole chain: issued by the ministry (accounts created, PIN by
 * SMS and e-mail), sent to the province contact, delivered, PIN changed (the key becomes ACTIVE).
 */
async function givenMemberKeys() {
  const admin = await idTokenFor('ministry_admin');
  const contactEmail = `contact-${run}@interieur.gov.ma`;
  const contact = await api('/provinces/MA-CAS/contact', {
    method: 'PUT',
    token: admin,
    headers: idem(),
    body: {
      firstName: 'Nadia',
      lastName: 'Chraibi',
      title: 'Cheffe de la division des collectivités territoriales',
      phone: `+212674${digits}`,
      address: 'Préfecture de Casablanca-Anfa, boulevard Hassan II',
      email: contactEmail,
    },
  });
  expect(contact.status, contact.text).toBe(200);
  const contactMail = await waitFor(
    'the contact account e-mail',
    async () => (await mailsTo(contactEmail))[0],
  );
  const contactToken = await firstSignIn(
    contact.json.contact.username,
    temporaryPasswordIn(contactMail) as string,
    'Contact#2026-Rukhsa',
    { totp: true },
  );
  const issued = await api('/signing-keys', {
    method: 'POST',
    token: admin,
    headers: idem(),
    body: { signatories: members },
  });
  expect(issued.status, issued.text).toBe(201);
  const issuedKeys = issued.json.keys as {
    keyId: string;
    signatoryUsername: string;
    agencyId: string;
    mandate: string;
    certificatePem: string;
  }[];
  expect(issuedKeys.map((k) => [k.mandate, k.agencyId])).toEqual(
    members.map((m) => ['commission_member', m.agencyId]),
  );
  expect(issuedKeys[0]?.certificatePem).toBeTruthy();
  // One key after the other: the emulator runs one instance of a function at a time, and a PIN's
  // slow hash takes seconds on the shared cores (three at once outlast the function's timeout).
  const holders = [];
  for (const [i, key] of issuedKeys.entries()) {
    const member = members[i] as (typeof members)[number];
    // The PIN reaches the member alone, by e-mail (and SMS), in their language; so does the account.
    const pin = await waitFor(`the PIN e-mail to ${member.email}`, async () =>
      (await mailsTo(member.email)).map((m) => pinIn(String(m.BodyText))).find(Boolean),
    );
    const accountMail = await waitFor(`the account e-mail to ${member.email}`, async () =>
      (await mailsTo(member.email)).find((m) => temporaryPasswordIn(m)),
    );
    const token = await firstSignIn(
      key.signatoryUsername,
      temporaryPasswordIn(accountMail) as string,
      `Member#2026-${i}-Rukhsa`,
    );
    const path = (tail: string) => `/signing-keys/${key.keyId}/${tail}`;
    const sent = await api(path('handover'), {
      method: 'POST',
      token: admin,
      body: { trackingNumber: `EE${digits}${i}MA` },
    });
    expect(sent.status, sent.text).toBe(200);
    const delivered = await api(path('delivery'), { method: 'POST', token: contactToken, body: {} });
    expect(delivered.status, delivered.text).toBe(200);
    const newPin = `${7 + i}${'5938264'.slice(0, 6)}`;
    const changed = await api(path('pin'), { method: 'POST', token, body: { currentPin: pin, newPin } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.status).toBe('ACTIVE');
    holders.push({ token, pin: newPin, keyId: key.keyId, agencyId: member.agencyId });
  }
  return holders;
}

/** A large building permit of Casablanca, submitted and declared admissible through the API: in commission. */
async function givenInCommission() {
  const draft = await givenCompleteDraft(cloud, 'demo-professional', 'cas-casablanca', {
    size: 'large',
    live: false,
  });
  const id = draft.id;
  const submitted = await api(`/applications/${id}/submission`, {
    method: 'POST',
    token: await idTokenFor('professional'),
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(submitted.status, submitted.text).toBe(200);
  const desk = await idTokenFor('desk_agent');
  const admissible = await api(`/applications/${id}/admissibility`, {
    method: 'POST',
    token: desk,
    body: {},
  });
  expect(admissible.json.consultedAgencies).toEqual(['urban-agency', 'civil-protection', 'utilities']);
  return { id, desk };
}

// This file designates Casablanca-Anfa's province contact: no other file may replace it meanwhile.
holdForThisFile('province-contact-MA-CAS');

describe('signed opinions and the commission’s signed minutes', () => {
  it('signs opinions with the members’ keys and PINs, three members sign the minutes, everything verifies; a tampered opinion does not', async () => {
    const [samira, omar, hind] = await givenMemberKeys();
    if (!samira || !omar || !hind) throw new Error('three members expected');
    const { id, desk } = await givenInCommission();
    const opinion = (member: typeof samira, body: Record<string, unknown>) =>
      api(`/applications/${id}/opinions`, { method: 'POST', token: member.token, body });

    // A member who holds a key must sign: no PIN, no opinion; a wrong PIN is refused and counted.
    const unsigned = await opinion(samira, { opinion: 'FAVOURABLE' });
    expect(unsigned.status).toBe(422);
    expect(unsigned.json.type).toMatch(/\/pin-required$/);
    const wrong = await opinion(samira, { opinion: 'FAVOURABLE', pin: '10293847' });
    expect(wrong.status).toBe(403);
    expect(wrong.json.type).toMatch(/\/wrong-pin$/);

    const urban = await opinion(samira, {
      opinion: 'FAVOURABLE_WITH_CONDITIONS',
      conditions: ['Recul de 4 m sur la voie publique'],
      pin: samira.pin,
    });
    expect(urban.status, urban.text).toBe(201);
    expect(urban.json.opinions['urban-agency'].signature).toMatchObject({
      keyId: samira.keyId,
      signer: { name: 'Samira Bennani', agencyId: 'urban-agency' },
    });
    const civil = await opinion(omar, { opinion: 'FAVOURABLE', pin: omar.pin });
    expect(civil.status, civil.text).toBe(201);

    // The minutes wait for every consulted agency (utilities has no key-holding member: unsigned).
    const sign = (member: typeof samira) =>
      api(`/applications/${id}/minutes/signatures`, {
        method: 'POST',
        token: member.token,
        body: { pin: member.pin },
      });
    const early = await sign(hind);
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({
      type: expect.stringMatching(/\/minutes-not-ready$/),
      missing: ['utilities'],
    });
    const utilitiesMember = await staffToken(`sr-util-${run}`, 'commission_member', {
      agencyId: 'utilities',
      provinceId: 'MA-CAS',
    });
    const utilities = await api(`/applications/${id}/opinions`, {
      method: 'POST',
      token: utilitiesMember,
      body: { opinion: 'FAVOURABLE' },
    });
    expect(utilities.json.status).toBe('READY_FOR_DECISION');

    // Three members present sign the minutes, two of them at the same moment.
    const first = await sign(samira);
    expect(first.status, first.text).toBe(201);
    const [second, third] = await Promise.all([sign(omar), sign(hind)]);
    expect([second.status, third.status]).toEqual([201, 201]);
    expect((await sign(hind)).status).toBe(409);

    const signatures = (await api(`/applications/${id}/signatures`, { token: desk })).json;
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
    const ca = (await api('/pki/ca.pem')).text;
    expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const urbanOpinion = byAgency['urban-agency'];
    expect(
      opensslVerify(urbanOpinion?.document as string, urbanOpinion?.signature?.cms as string, ca),
    ).toEqual({ ok: true, out: '' });
    for (const s of signatures.minutes.signatures)
      expect(opensslVerify(signatures.minutes.document, s.cms, ca)).toEqual({ ok: true, out: '' });

    // The minutes as a French/Arabic PDF.
    const pdf = await fetch(`${cloud.outputs.apiUrl}/applications/${id}/minutes`, {
      headers: { authorization: `Bearer ${desk}` },
    });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

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
    const after = (await api(`/applications/${id}/signatures`, { token: desk })).json;
    const tampered = after.opinions.find((o: { agency: string }) => o.agency === 'urban-agency');
    expect(tampered.verification).toMatchObject({ valid: false, failedCheck: 'document-hash' });
    expect(tampered.verification.checks.find((c: { name: string }) => c.name === 'signature').ok).toBe(false);
    expect(opensslVerify(tampered.document, tampered.signature.cms, ca).ok).toBe(false);
    expect(after.minutes.valid).toBe(false);
    expect(
      after.opinions.find((o: { agency: string }) => o.agency === 'civil-protection').verification.valid,
    ).toBe(true);
  }, 240_000);
});

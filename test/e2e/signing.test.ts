import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys as tableKeys } from '#shared/adapters/dynamodb/keys.ts';
import { type PublishedKeySet, parseQrContent, verifyPermitToken } from '../../web/src/lib/permit-token.ts';
import { api, clientConfig, idTokenFor, testCloud } from '../support/cloud.ts';
import { holdForThisFile } from '../support/exclusive.ts';
import {
  firstSignIn,
  functionLogLines,
  givenPaidApplication,
  inbox,
  type SentEmail,
  smsLines,
  temporaryPasswordIn,
  waitFor,
} from '../support/journeys.ts';
import { pdfTextItems, readPageQr, savePagePng } from '../support/pdf.ts';

const cloud = testCloud();
const run = Date.now().toString().slice(-7);
const contact = { email: `contact-${run}@interieur.gov.ma`, phone: `+21266${run}` };
const president = {
  email: `president-${run}@casablanca.ma`,
  phone: `+21267${run}`,
  cin: `PA${run.slice(-6)}`,
};
const delegate = { email: `delegue-${run}@casablanca.ma`, phone: `+21268${run}`, cin: `PB${run.slice(-6)}` };
let n = 0;
const idem = () => ({ 'idempotency-key': `sign-${run}-${n++}` });

/** Every API answer of this journey, to prove afterwards that no PIN ever appeared in one. */
const answers: string[] = [];
async function call(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  answers.push(response.text);
  return response;
}

const pinIn = (mail: SentEmail) =>
  String(mail.BodyText).match(/(?:Code PIN|الرمز السري)\s*:\s*(\d{6,8})/)?.[1];
const mailsTo = async (email: string) => (await inbox()).filter((m) => m.To[0] === email);
const pinMailsTo = async (email: string, count: number) =>
  waitFor(`${count} PIN e-mail(s) to ${email}`, async () => {
    const pins = (await mailsTo(email)).map(pinIn).filter((p): p is string => Boolean(p));
    return pins.length >= count ? pins : undefined;
  });

const signatory = (who: typeof president, mandate: 'president' | 'delegate', firstName: string) => ({
  firstName,
  lastName: 'Tazi',
  cin: who.cin,
  phone: who.phone,
  email: who.email,
  communeId: 'cas-casablanca',
  mandate,
  title: mandate === 'president' ? 'Président du conseil communal' : 'Vice-président délégué',
});

// This file designates Casablanca-Anfa's province contact: no other file may replace it meanwhile.
holdForThisFile('province-contact-MA-CAS');

describe('signing keys and signed permits end to end', () => {
  it('contact → two keys → handover → PIN by SMS and e-mail → refused before the PIN change → change → sign → ISSUED → verify; a flipped byte is invalid; five wrong PINs lock', async () => {
    const admin = await idTokenFor('ministry_admin');
    const pro = await idTokenFor('professional');
    // An applicant whose name is written in Arabic: the documents must print it, and give it back.
    const paidId = await givenPaidApplication(`sign-${run}`, {
      kind: 'person',
      firstName: 'محمد',
      lastName: 'العلوي',
      cin: 'BK654321',
      phone: '+212661234567',
      email: 'mohammed.alaoui@example.ma',
      preferredLanguage: 'fr',
    });

    // 1. The governor's contact for Casablanca-Anfa gets an account (temporary password by e-mail).
    const designated = await call('/provinces/MA-CAS/contact', {
      method: 'PUT',
      token: admin,
      headers: idem(),
      body: {
        firstName: 'Nadia',
        lastName: 'Chraibi',
        title: 'Cheffe de la division des collectivités territoriales',
        phone: contact.phone,
        address: 'Préfecture de Casablanca-Anfa, boulevard Hassan II',
        email: contact.email,
      },
    });
    expect(designated.status).toBe(200);
    const contactMail = await waitFor(
      'the contact account e-mail',
      async () => (await mailsTo(contact.email))[0],
    );
    const contactToken = await firstSignIn(
      designated.json.contact.username,
      temporaryPasswordIn(contactMail) as string,
      'Contact#2026-Rukhsa',
      { totp: true },
    );

    // 2. Keys for the commune's president and a delegate.
    const issued = await call('/signing-keys', {
      method: 'POST',
      token: admin,
      headers: idem(),
      body: {
        signatories: [signatory(president, 'president', 'Karim'), signatory(delegate, 'delegate', 'Laila')],
      },
    });
    expect(issued.status, issued.text).toBe(201);
    const [presidentKey, delegateKey] = issued.json.keys as {
      keyId: string;
      status: string;
      signatoryUsername: string;
    }[];
    expect(issued.json.keys.map((k: { status: string }) => k.status)).toEqual(['ISSUED', 'ISSUED']);
    expect(issued.text).not.toMatch(/pinHash|"pin"|scrypt/);

    // The PIN reaches each signatory alone: by e-mail (read from the inbox) and by SMS (the emulator's log).
    const [presidentPin] = await pinMailsTo(president.email, 1);
    const [delegatePin] = await pinMailsTo(delegate.email, 1);
    expect(presidentPin).toMatch(/^\d{6,8}$/);
    const smsToPresident = await waitFor('the PIN SMS', () =>
      smsLines().find(
        (l) => l.includes(`SNS SMS to ${president.phone}`) && l.includes(presidentPin as string),
      ),
    );
    expect(smsToPresident).toContain('clé de signature');

    // Signatories sign in with the account created with their key.
    const accountPassword = async (email: string) =>
      temporaryPasswordIn(
        await waitFor('the signatory account e-mail', async () =>
          (await mailsTo(email)).find((m) => temporaryPasswordIn(m)),
        ),
      ) as string;
    const presidentToken = await firstSignIn(
      presidentKey?.signatoryUsername as string,
      await accountPassword(president.email),
      'President#2026-Rukhsa',
    );
    const delegateToken = await firstSignIn(
      delegateKey?.signatoryUsername as string,
      await accountPassword(delegate.email),
      'Delegue#2026-Rukhsa',
    );

    // 3. Handover: express mail to the contact, who confirms delivery to the commune.
    for (const key of [presidentKey, delegateKey]) {
      const early = await call(`/signing-keys/${key?.keyId}/delivery`, {
        method: 'POST',
        token: contactToken,
        body: {},
      });
      expect(early.status).toBe(409);
      const sent = await call(`/signing-keys/${key?.keyId}/handover`, {
        method: 'POST',
        token: admin,
        body: { trackingNumber: `EE${run}00MA` },
      });
      expect(sent.json).toMatchObject({ status: 'HANDED_TO_CONTACT' });
      expect(
        (
          await call(`/signing-keys/${key?.keyId}/delivery`, {
            method: 'POST',
            token: await idTokenFor('province_contact'),
            body: {},
          })
        ).status,
      ).toBe(403);
      const delivered = await call(`/signing-keys/${key?.keyId}/delivery`, {
        method: 'POST',
        token: contactToken,
        body: {},
      });
      expect(delivered.json).toMatchObject({ status: 'DELIVERED_TO_COMMUNE' });
      expect(delivered.json.handover.map((s: { status: string }) => s.status)).toEqual([
        'ISSUED',
        'HANDED_TO_CONTACT',
        'DELIVERED_TO_COMMUNE',
      ]);
    }

    // 4. The signatory's worklist has the paid file; signing is refused until the PIN is changed.
    const worklist = await call('/worklists/signature', { token: presidentToken });
    expect(worklist.json.items.map((a: { id: string }) => a.id)).toContain(paidId);
    const tooEarly = await call(`/applications/${paidId}/permit`, {
      method: 'POST',
      token: presidentToken,
      body: { pin: presidentPin },
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.json.detail).toMatch(/change the PIN/);
    const trivial = await call(`/signing-keys/${presidentKey?.keyId}/pin`, {
      method: 'POST',
      token: presidentToken,
      body: { currentPin: presidentPin, newPin: '123456' },
    });
    expect(trivial.status).toBe(400);
    const newPresidentPin = '48213795';
    const changed = await call(`/signing-keys/${presidentKey?.keyId}/pin`, {
      method: 'POST',
      token: presidentToken,
      body: { currentPin: presidentPin, newPin: newPresidentPin },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ status: 'ACTIVE', pinChanged: true });

    // 5. The delegate activates too, then types five wrong PINs on the paid file: the key locks,
    //    and even the right PIN is refused until the ministry issues a new one.
    const newDelegatePin = '73916248';
    expect(
      (
        await call(`/signing-keys/${delegateKey?.keyId}/pin`, {
          method: 'POST',
          token: delegateToken,
          body: { currentPin: delegatePin, newPin: newDelegatePin },
        })
      ).status,
    ).toBe(200);
    const wrong = '11223344';
    const statuses: number[] = [];
    const refusals = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const attempt = await call(`/applications/${paidId}/permit`, {
        method: 'POST',
        token: delegateToken,
        body: { pin: wrong },
      });
      statuses.push(attempt.status);
      refusals.add(attempt.text);
    }
    // Every refusal is the same answer, the fifth included: none says how many tries are left.
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect(refusals.size).toBe(1);
    const stillLocked = await call(`/applications/${paidId}/permit`, {
      method: 'POST',
      token: delegateToken,
      body: { pin: newDelegatePin },
    });
    expect(stillLocked.status).toBe(409);
    expect(stillLocked.json.detail).toMatch(/LOCKED/);
    const reset = await call(`/signing-keys/${delegateKey?.keyId}/pin-reset`, {
      method: 'POST',
      token: admin,
      headers: idem(),
    });
    expect(reset.json).toMatchObject({
      status: 'DELIVERED_TO_COMMUNE',
      pinChanged: false,
      failedAttempts: 0,
    });
    const [, resetPin] = await pinMailsTo(delegate.email, 2);
    expect(resetPin).toMatch(/^\d{6,8}$/);
    const history = await call(`/signing-keys/${delegateKey?.keyId}/events`, { token: admin });
    expect(history.json.events.filter((e: { type: string }) => e.type === 'PIN_ATTEMPT')).toHaveLength(6);
    expect(history.json.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['KEY_ISSUED', 'KEY_LOCKED', 'SIGN_REFUSED', 'KEY_PIN_RESET']),
    );

    // 6. The president signs: ISSUED, and the public verification says valid.
    const started = performance.now();
    const signed = await call(`/applications/${paidId}/permit`, {
      method: 'POST',
      token: presidentToken,
      body: { pin: newPresidentPin },
    });
    const signMs = performance.now() - started;
    expect(signed.status).toBe(201);
    console.log(`sign-and-issue through the HTTP API: ${signMs.toFixed(0)} ms`);
    const permitNumber = signed.json.permit.permitNumber as string;
    expect(permitNumber).toMatch(/^RK-CAS-CASABLANCA-\d{4}-\d{5}$/);
    expect((await call(`/applications/${paidId}`, { token: pro })).json.status).toBe('ISSUED');

    const verified = await call(`/verify/${permitNumber}`);
    expect(verified.status).toBe(200);
    expect(verified.json).toMatchObject({ valid: true, failedCheck: null, permit: { keyStatus: 'ACTIVE' } });
    expect(verified.json.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);

    // The applicant's professional downloads the PDF; it verifies as is, and not with one byte flipped.
    const download = await fetch(`${cloud.outputs.apiUrl}/applications/${paidId}/permit`, {
      headers: { authorization: `Bearer ${pro}` },
    });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await download.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // pdf.js reads the applicant's and the commune's Arabic names back as recorded, in logical order.
    const permitText = await pdfTextItems(pdf);
    expect(permitText).toContain('محمد العلوي');
    expect(permitText).toContain('الدار البيضاء');
    expect(permitText).toContain('رخصة البناء');
    await savePagePng(pdf, 'permit-e2e');
    // A phone scanning the printed first page gets the verification URL and the signed token,
    // which checks offline against the published key set.
    const scanned = parseQrContent((await readPageQr(pdf, 1)) ?? '');
    expect(scanned?.permitNumber).toBe(permitNumber);
    const keySet = (await call('/.well-known/jwks.json')).json as PublishedKeySet;
    const offline = await verifyPermitToken(scanned?.token ?? '', keySet);
    expect(offline).toMatchObject({ outcome: 'valid', claims: { n: permitNumber } });

    // The récépissé of the same file, downloaded by its professional, says the same names.
    const fetchReceipt = () =>
      fetch(`${cloud.outputs.apiUrl}/applications/${paidId}/receipt`, {
        headers: { authorization: `Bearer ${pro}` },
      });
    const receipt = await fetchReceipt();
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    const receiptPdf = Buffer.from(await receipt.arrayBuffer());
    const receiptText = await pdfTextItems(receiptPdf);
    expect(receiptText).toContain('محمد العلوي');
    expect(receiptText).toContain('الدار البيضاء');
    // Rebuilt from the record: the same bytes on every download.
    const again = Buffer.from(await (await fetchReceipt()).arrayBuffer());
    expect(again.equals(receiptPdf)).toBe(true);
    await savePagePng(receiptPdf, 'recepisse-e2e');
    const asIs = await call('/verify', {
      method: 'POST',
      body: { permitNumber, pdfBase64: pdf.toString('base64') },
    });
    expect(asIs.json).toMatchObject({ valid: true });
    const tampered = Buffer.from(pdf);
    // A byte of the page content (not of the /Contents padding, which the signature leaves out).
    tampered[1000] = (tampered[1000] as number) ^ 0x01;
    const flipped = await call('/verify', {
      method: 'POST',
      body: { permitNumber, pdfBase64: tampered.toString('base64') },
    });
    expect(flipped.status).toBe(200);
    expect(flipped.json).toMatchObject({ valid: false, failedCheck: 'pdf-hash' });
    expect(flipped.json.checks.find((c: { name: string }) => c.name === 'signature').ok).toBe(false);

    // Anyone can fetch the public keys (PEM and JWK) with their status.
    const keys = await call('/keys?limit=100');
    const published = keys.json.keys.find((k: { keyId: string }) => k.keyId === presidentKey?.keyId);
    expect(published).toMatchObject({
      status: 'ACTIVE',
      algorithm: 'ECDSA_SHA_256',
      jwk: { kty: 'EC', crv: 'P-256' },
    });
    expect(published.publicKeyPem).toContain('BEGIN PUBLIC KEY');

    // The applicant and the professional hear of the permit.
    await waitFor('the permit e-mail', async () =>
      (await inbox()).find((m) => String(m.Subject).includes(permitNumber)),
    );

    // 7. No PIN anywhere it must not be: API answers, the contact's messages, the functions' log lines, the table.
    const pins = [presidentPin, delegatePin, resetPin, newPresidentPin, newDelegatePin] as string[];
    // A PIN as a word of its own: six digits inside a UUID or a CIN (letters around them) are chance.
    const pinPattern = new RegExp(`(?<![0-9A-Za-z])(${pins.join('|')})(?![0-9A-Za-z])`);
    for (const answer of answers) expect(answer).not.toMatch(pinPattern);
    for (const mail of await mailsTo(contact.email)) expect(JSON.stringify(mail)).not.toMatch(pinPattern);
    expect(smsLines().filter((l) => l.includes(contact.phone))).toEqual(
      expect.not.arrayContaining([expect.stringMatching(pinPattern)]),
    );
    const functionLogs = await functionLogLines();
    // Not vacuous: the signing function's own lines are there (Powertools JSON, one per request at least).
    expect(functionLogs.filter((l) => /signPermit/.test(l.group)).length).toBeGreaterThan(0);
    expect(functionLogs.filter((l) => pinPattern.test(l.message))).toEqual([]);
    const db = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(cloud)));
    const Items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client: db }, { TableName: cloud.outputs.tableName }))
      Items.push(...(page.Items ?? []));
    const leaks = Items.filter((item) =>
      Object.entries(item).some(([, value]) => pinPattern.test(JSON.stringify(value))),
    );
    expect(leaks).toEqual([]);
    // The PIN hash is in the secrets table only, never in the platform table (issue 17, finding 3).
    expect(Items.filter((i) => 'pinHash' in i)).toEqual([]);
    const { Item: pin } = await db.send(
      new GetCommand({
        TableName: cloud.outputs.secretsTableName,
        Key: tableKeys.pin(String(presidentKey?.keyId)),
      }),
    );
    // At the local stage's cost (LOCAL_SCRYPT_N, pin.ts); AWS stages hash at 2^17 (test/infra/stacks.test.ts).
    expect(pin?.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
  }, 120_000); // a long journey, now with two documents read back by pdf.js
});

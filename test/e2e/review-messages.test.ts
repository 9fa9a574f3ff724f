import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import type { Applicant } from '#shared/domain/applications/application.ts';
import { type MessageRecord, maskAddress } from '#shared/domain/notifications/message-log.ts';
import { ensureStaffRecord } from '../../scripts/local-cloud/rollout-bodies.ts';
import { api, idTokenFor, testCloud } from '../support/cloud.ts';
import {
  buildingPermit,
  documentClientFor,
  givenCompleteDraft,
  givenLiveCommune,
} from '../support/fixtures.ts';
import { inbox, smsLines, staffToken, waitFor } from '../support/journeys.ts';

/**
 * One file's whole life through the HTTP API, with every message it causes read back from the
 * emulator's SES inbox and SMS log, each in its recipient's language: the desk agents (one reads
 * French, one Arabic) when it arrives and comes back, each consulted agency's members when referred,
 * the professional (French) and the applicant (Arabic) at every step, the signatory when it awaits
 * signature. A commune of its own, so its desk and signatory addresses are this file's alone.
 */

const cloud = testCloud();
const run = randomUUID().slice(0, 8);
const communeId = `cas-msg-${run}`;
const PIN = '48213795'; // the fixture signatory key's PIN (givenLiveCommune)
const arabic = /[\u0600-\u06FF]/;

const deskFr = `fx-desk-${communeId}@fixtures.rukhsa.ma`;
const deskAr = `msg-desk-ar-${communeId}@fixtures.rukhsa.ma`;
const signatoryMail = `fx-sig-${communeId}@fixtures.rukhsa.ma`;
const phone = `+2126${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const applicantEmail = `applicant-${run}@example.ma`;

async function givenCommune() {
  await givenLiveCommune(cloud, communeId);
  await ensureStaffRecord(
    new DynamoStaffRepository(documentClientFor(cloud), cloud.outputs.tableName),
    {
      username: `msg-desk-ar-${communeId}`,
      firstName: 'Agent',
      lastName: 'Arabophone',
      title: 'Guichet',
      phone: '+212600000009',
      email: deskAr,
      preferredLanguage: 'ar',
      roles: ['desk_agent'],
      scope: { communeId, provinceId: 'MA-CAS' },
    },
    'test',
  );
  // The accounts of the commune's fixture desk agent and signatory (their staff records' usernames).
  const [desk, signatory, civil, utilities] = await Promise.all([
    staffToken(`fx-desk-${communeId}`, 'desk_agent', { communeId, provinceId: 'MA-CAS' }),
    staffToken(`fx-sig-${communeId}`, 'signatory', { communeId, provinceId: 'MA-CAS' }),
    staffToken(`msg-civil-${run}`, 'commission_member', {
      agencyId: 'civil-protection',
      provinceId: 'MA-CAS',
    }),
    staffToken(`msg-util-${run}`, 'commission_member', { agencyId: 'utilities', provinceId: 'MA-CAS' }),
  ]);
  return { desk, signatory, civil, utilities };
}

const ok = (r: { status: number; text: string }, status = 200) => expect(r.status, r.text).toBe(status);

describe('a message at every step of one file’s life, in each recipient’s language', () => {
  it('mails and texts every audience from submission to the issued permit, lists each message on the file, and refuses a second return', async () => {
    const tokens = await givenCommune();
    const pro = await idTokenFor('professional');
    const draft = await givenCompleteDraft(cloud, 'demo-professional', communeId, {
      size: 'large',
      overrides: {
        applicant: {
          ...(buildingPermit().applicant as Extract<Applicant, { kind: 'person' }>),
          email: applicantEmail,
          phone,
          preferredLanguage: 'ar',
        },
      },
    });
    const id = draft.id;
    const act = (path: string, token: string, body?: unknown, language?: string) =>
      api(`/applications/${id}${path}`, {
        method: 'POST',
        token,
        headers: { 'idempotency-key': randomUUID() },
        ...(body === undefined ? {} : { body }),
        ...(language ? { language } : {}),
      });

    const submitted = await act('/submission', pro);
    ok(submitted);
    const receipt = submitted.json.receiptNumber as string;

    // Returned with a remark, completed, back: then a second return is refused, in French and Arabic.
    const remarks = { remarks: [{ reasonCode: 'UNSIGNED_DOCUMENT', documentCode: 'ARCHITECT_CONTRACT' }] };
    ok(await act('/return', tokens.desk, remarks));
    ok(await act('/resubmission', pro));
    const fr = await act('/return', tokens.desk, remarks, 'fr');
    expect(fr.status).toBe(409);
    expect(fr.json).toMatchObject({
      type: 'https://rukhsa.ma/problems/return-round-used',
      title: 'Déjà retourné une fois',
      round: 1,
    });
    expect(fr.json.detail).toContain('un seul retour');
    const ar = await act('/return', tokens.desk, remarks, 'ar');
    expect(ar.status).toBe(409);
    expect(ar.json).toMatchObject({
      type: 'https://rukhsa.ma/problems/return-round-used',
      title: 'سبق إرجاعه مرة واحدة',
    });

    // Admissible (referred to three agencies), three opinions, approved, paid, signed.
    const admissible = await act('/admissibility', tokens.desk, {});
    expect(admissible.json.status).toBe('IN_COMMISSION');
    const urban = await idTokenFor('commission_member');
    ok(await act('/opinions', urban, { opinion: 'FAVOURABLE' }), 201);
    ok(await act('/opinions', tokens.civil, { opinion: 'FAVOURABLE' }), 201);
    const last = await act('/opinions', tokens.utilities, { opinion: 'FAVOURABLE' });
    expect(last.json.status).toBe('READY_FOR_DECISION');
    const approved = await act('/decision', tokens.desk, { decision: 'APPROVED' });
    expect(approved.json.status).toBe('AWAITING_PAYMENT');
    const payment = await api('/payments', {
      method: 'POST',
      token: pro,
      body: { applicationId: id, language: 'fr' },
    });
    ok(payment, 201);
    const paid = await fetch(`${cloud.outputs.apiUrl}/simulator/cmi/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...payment.json.fields, decision: 'approve' }).toString(),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await waitFor('the file paid', async () =>
      (await api(`/applications/${id}`, { token: pro })).json.status === 'PAID' ? true : undefined,
    );
    ok(await act('/permit', tokens.signatory, { pin: PIN }), 201);

    // Every message is on the file (who, what, when, channel, status), once the notifier is done.
    const expected = [
      'APPLICATION_SUBMITTED/professional/email',
      'APPLICATION_SUBMITTED/applicant/sms',
      'APPLICATION_SUBMITTED/applicant/email',
      'APPLICATION_RECEIVED/desk/email',
      'APPLICATION_RETURNED/professional/email',
      'APPLICATION_RETURNED/applicant/sms',
      'APPLICATION_RESUBMITTED/desk/email',
      'APPLICATION_ADMISSIBLE/professional/email',
      'APPLICATION_ADMISSIBLE/applicant/sms',
      'APPLICATION_REFERRED/agencies/email',
      'OPINION_GIVEN/professional/email',
      'OPINION_GIVEN/applicant/sms',
      'OPINIONS_COMPLETE/desk/email',
      'APPLICATION_APPROVED/professional/email',
      'APPLICATION_APPROVED/applicant/sms',
      'PAYMENT_RECEIVED/professional/email',
      'PAYMENT_RECEIVED/applicant/email',
      'AWAITING_SIGNATURE/signatories/email',
      'PERMIT_ISSUED/professional/email',
      'PERMIT_ISSUED/applicant/sms',
    ];
    const messages = await waitFor(
      'every message on the file',
      async () => {
        const listed = (await api(`/applications/${id}/messages`, { token: pro })).json
          .messages as MessageRecord[];
        const kinds = new Set(listed.map((m) => `${m.kind}/${m.audience}/${m.channel}`));
        return expected.every((k) => kinds.has(k)) &&
          listed.filter((m) => m.kind === 'OPINION_GIVEN').length >= 3 * 2 * 2
          ? listed
          : undefined;
      },
      60_000,
    );
    for (const m of messages) {
      expect(m.status, `${m.kind}/${m.audience}`).toBe('SENT');
      expect(m.address).toContain('•••');
    }
    expect(messages.map((m) => m.eventAt)).toEqual([...messages.map((m) => m.eventAt)].sort());

    // The language of each recipient: the professional French, the applicant Arabic, the desk both.
    const languageOf = (m: MessageRecord) =>
      m.audience === 'applicant'
        ? 'ar'
        : m.audience === 'professional'
          ? 'fr'
          : m.audience === 'desk'
            ? m.address === maskAddress(deskAr)
              ? 'ar'
              : 'fr'
            : m.language;
    for (const m of messages) {
      expect(m.language, `${m.kind}/${m.audience} to ${m.address}`).toBe(languageOf(m));
      expect(arabic.test(m.summary), `${m.kind}/${m.audience}: ${m.summary}`).toBe(m.language === 'ar');
    }
    const deskLanguages = new Set(
      messages.filter((m) => m.kind === 'APPLICATION_RECEIVED').map((m) => m.language),
    );
    expect(deskLanguages).toEqual(new Set(['fr', 'ar']));

    // Each e-mail on the list is in the SES inbox with its subject, at an address the mask names;
    // each SMS in the SMS log, to the number it names. The desk, agencies and signatory addresses
    // are the commune's own staff records (every ACTIVE account with the role and scope).
    const mails = (await inbox()).filter((m) => m.Subject.includes(receipt));
    for (const m of messages.filter((x) => x.channel === 'email')) {
      const mail = mails.find(
        (x) => x.Subject === m.summary && x.To.some((to) => maskAddress(to) === m.address),
      );
      expect(mail, `${m.kind}/${m.audience} to ${m.address}: ${m.summary}`).toBeDefined();
    }
    const to = (address: string) => mails.filter((m) => m.To.includes(address)).map((m) => m.Subject);
    expect(to(deskFr)).toHaveLength(3); // arrived, came back, opinions complete
    expect(to(deskAr).every((s) => arabic.test(s))).toBe(true);
    expect(to(deskAr)).toHaveLength(3);
    expect(to(signatoryMail)).toHaveLength(1);
    expect(to('fx-member-civil-protection-ma-cas@fixtures.rukhsa.ma')).toHaveLength(1);
    expect(to('fx-member-utilities-ma-cas@fixtures.rukhsa.ma')).toHaveLength(1);
    expect(to('fx-member-urban-agency-ma-cas@fixtures.rukhsa.ma')).toHaveLength(1);
    const sms = await waitFor('the applicant’s SMS in the log', () => {
      const lines = smsLines().filter((l) => l.includes(phone));
      const wanted = messages.filter((m) => m.channel === 'sms' && m.audience === 'applicant');
      return lines.length >= wanted.length ? { lines, wanted } : undefined;
    });
    for (const m of sms.wanted) {
      const text = m.summary.slice(0, 30);
      expect(
        sms.lines.some((l) => l.includes(text)),
        `${m.kind} SMS: ${text}`,
      ).toBe(true);
    }
    expect(sms.lines.every((l) => arabic.test(l))).toBe(true);

    // Scoped like the file: another commune's desk does not see its messages.
    const other = await api(`/applications/${id}/messages`, { token: await idTokenFor('desk_agent') });
    expect(other.status).toBe(404);
  }, 240_000);
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as listMessages } from '#functions/applications/list-messages.ts';
import { handler as submitApplication } from '#functions/applications/submit-application.ts';
import { handler as declareAdmissible } from '#functions/review/declare-admissible.ts';
import { handler as giveOpinion } from '#functions/review/give-opinion.ts';
import { handler as resubmit } from '#functions/review/resubmit.ts';
import { handler as returnForCompletion } from '#functions/review/return-for-completion.ts';
import { DynamoStaffRepository } from '#shared/adapters/dynamodb/staff-repository.ts';
import type { MessageRecord } from '#shared/domain/notifications/message-log.ts';
import { ensureStaffRecord } from '../../scripts/local-cloud/rollout-bodies.ts';
import { testCloud } from '../support/cloud.ts';
import { httpEvent, lambdaContext } from '../support/events.ts';
import {
  buildingPermit,
  deskClaims,
  documentClientFor,
  givenCompleteDraft,
  givenLiveCommune,
  givenProfessional,
  givenTariff,
  memberClaims,
} from '../support/fixtures.ts';
import { inbox, smsLines, waitFor } from '../support/journeys.ts';

const cloud = testCloud();
const json = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
type Handler = (
  event: ReturnType<typeof httpEvent>,
  context: ReturnType<typeof lambdaContext>,
) => Promise<{ statusCode?: number; body?: string; headers?: Record<string, unknown> }>;

const call = (
  handler: Handler,
  method: string,
  path: string,
  id: string,
  claims: Record<string, unknown>,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  handler(
    httpEvent({
      method,
      path: `/applications/${id}${path}`,
      pathParameters: { applicationId: id },
      ...(body === undefined ? {} : { body }),
      claims,
      headers: { 'idempotency-key': randomUUID(), ...headers },
    }),
    lambdaContext('messages'),
  );

const mailTo = (address: string, subject: RegExp) =>
  waitFor(`an e-mail to ${address} matching ${subject}`, async () =>
    (await inbox()).find((m) => m.To.includes(address) && subject.test(m.Subject)),
  );

/** A live commune with a second desk agent who reads Arabic, and a member of an agency of another province. */
async function givenCommune() {
  const communeId = `cas-msg-${randomUUID().slice(0, 8)}`;
  await givenLiveCommune(cloud, communeId);
  await givenTariff(cloud, communeId);
  const staff = new DynamoStaffRepository(documentClientFor(cloud), cloud.outputs.tableName);
  const person = (username: string, language: 'fr' | 'ar') => ({
    username,
    firstName: 'Agent',
    lastName: username,
    title: 'Guichet',
    phone: '+212600000009',
    email: `${username}@fixtures.rukhsa.ma`,
    preferredLanguage: language,
  });
  const arabicDesk = `msg-desk-ar-${communeId}`;
  await ensureStaffRecord(
    staff,
    { ...person(arabicDesk, 'ar'), roles: ['desk_agent'], scope: { communeId, provinceId: 'MA-CAS' } },
    'test',
  );
  return {
    communeId,
    desk: { fr: `fx-desk-${communeId}@fixtures.rukhsa.ma`, ar: `${arabicDesk}@fixtures.rukhsa.ma` },
  };
}

describe('one round of returns', () => {
  it('refuses a second return with return-round-used, in French and in Arabic', async () => {
    const { communeId } = await givenCommune();
    const { professional, claims } = await givenProfessional(cloud);
    const draft = await givenCompleteDraft(cloud, professional.id, communeId);
    expect(
      (await call(submitApplication as Handler, 'POST', '/submission', draft.id, claims)).statusCode,
    ).toBe(200);
    const desk = deskClaims(communeId);
    const remarks = { remarks: [{ reasonCode: 'ILLEGIBLE_DOCUMENT', documentCode: 'SITE_PLAN' }] };
    expect(
      (await call(returnForCompletion as Handler, 'POST', '/return', draft.id, desk, remarks)).statusCode,
    ).toBe(200);
    expect((await call(resubmit as Handler, 'POST', '/resubmission', draft.id, claims)).statusCode).toBe(200);

    const fr = await call(returnForCompletion as Handler, 'POST', '/return', draft.id, desk, remarks, {
      'accept-language': 'fr',
    });
    expect(fr.statusCode).toBe(409);
    expect(json(fr)).toMatchObject({
      type: 'https://rukhsa.ma/problems/return-round-used',
      title: 'Déjà retourné une fois',
      round: 1,
    });
    expect(json(fr).detail).toContain('un seul retour');
    const ar = await call(returnForCompletion as Handler, 'POST', '/return', draft.id, desk, remarks, {
      'accept-language': 'ar',
    });
    expect(json(ar)).toMatchObject({
      type: 'https://rukhsa.ma/problems/return-round-used',
      title: 'سبق إرجاعه مرة واحدة',
    });
  });
});

describe('a message at every step, stored and listed on the file', () => {
  it('tells the desk, the agencies and the filers, each in their language, and lists every message on the file', async () => {
    const { communeId, desk } = await givenCommune();
    const { professional, claims } = await givenProfessional(cloud);
    const phone = `+2126${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const applicantEmail = `applicant-${randomUUID().slice(0, 8)}@example.ma`;
    const draft = await givenCompleteDraft(cloud, professional.id, communeId, {
      size: 'large',
      overrides: {
        applicant: { ...buildingPermit().applicant, email: applicantEmail, phone, preferredLanguage: 'ar' },
      },
    });
    const submitted = json(await call(submitApplication as Handler, 'POST', '/submission', draft.id, claims));
    const receipt = submitted.receiptNumber as string;

    // Arrival: every desk agent of the commune, by e-mail, in their language.
    expect((await mailTo(desk.fr, /nouveau dossier/)).Subject).toBe(
      `Rukhsa : nouveau dossier ${receipt} à instruire`,
    );
    expect((await mailTo(desk.ar, /ملف جديد/)).Subject).toBe(`رخصة: ملف جديد ${receipt} للدراسة`);
    // The applicant reads Arabic: e-mail and SMS.
    await mailTo(applicantEmail, /تم إيداع ملفكم/);
    await waitFor('the applicant’s Arabic SMS', () =>
      smsLines().find((l) => l.includes(phone) && l.includes('رخصة')),
    );

    // Returned, then back: the desk hears it came back.
    const deskAgent = deskClaims(communeId);
    await call(returnForCompletion as Handler, 'POST', '/return', draft.id, deskAgent, {
      remarks: [{ reasonCode: 'UNSIGNED_DOCUMENT', documentCode: 'ARCHITECT_CONTRACT' }],
    });
    await call(resubmit as Handler, 'POST', '/resubmission', draft.id, claims);
    await mailTo(desk.fr, /complété et redéposé/);

    // Admissible: referred to each consulted agency's members; the filers hear it is admissible.
    expect(
      json(await call(declareAdmissible as Handler, 'POST', '/admissibility', draft.id, deskAgent, {}))
        .status,
    ).toBe('IN_COMMISSION');
    await mailTo(
      'fx-member-civil-protection-ma-cas@fixtures.rukhsa.ma',
      new RegExp(`avis demandé sur le dossier ${receipt.replaceAll('/', '\\/')}`),
    );
    await mailTo(applicantEmail, /مقبول/);

    // An opinion: the filers hear of it, with the agency and its verdict.
    await call(giveOpinion as Handler, 'POST', '/opinions', draft.id, memberClaims('utilities'), {
      opinion: 'FAVOURABLE',
    });
    const opinionMail = await mailTo(professional.email, /un avis rendu/);
    expect(opinionMail.BodyText).toContain('Favorable');

    // The file lists every message: who, what, when, channel, delivery status; masked addresses.
    const messages = await waitFor('the file’s message list', async () => {
      const listed = json(await call(listMessages as Handler, 'GET', '/messages', draft.id, claims))
        .messages as MessageRecord[];
      return listed.some((m) => m.kind === 'OPINION_GIVEN' && m.audience === 'applicant')
        ? listed
        : undefined;
    });
    const kinds = new Set(messages.map((m) => `${m.kind}/${m.audience}/${m.channel}`));
    for (const expected of [
      'APPLICATION_SUBMITTED/professional/email',
      'APPLICATION_SUBMITTED/applicant/sms',
      'APPLICATION_RECEIVED/desk/email',
      'APPLICATION_RETURNED/applicant/email',
      'APPLICATION_RESUBMITTED/desk/email',
      'APPLICATION_ADMISSIBLE/applicant/sms',
      'APPLICATION_REFERRED/agencies/email',
      'OPINION_GIVEN/professional/email',
    ])
      expect(kinds, expected).toContain(expected);
    for (const m of messages) {
      expect(m.status).toBe('SENT');
      expect(m.address).toContain('•••');
    }
    const arabicDesk = messages.find((m) => m.kind === 'APPLICATION_RECEIVED' && m.language === 'ar');
    expect(arabicDesk).toMatchObject({
      audience: 'desk',
      channel: 'email',
      summary: `رخصة: ملف جديد ${receipt} للدراسة`,
    });
    expect(messages.map((m) => m.eventAt)).toEqual([...messages.map((m) => m.eventAt)].sort());

    // Scoped like the file: another commune's desk does not see it.
    const other = await call(
      listMessages as Handler,
      'GET',
      '/messages',
      draft.id,
      deskClaims('cas-elsewhere'),
    );
    expect(other.statusCode).toBe(404);
  });
});

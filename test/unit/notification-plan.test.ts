import { describe, expect, it } from 'vitest';
import { Application, type ApplicationEvent } from '#shared/domain/applications/application.ts';
import {
  type OutgoingMessage,
  planApplicationNotifications,
  planProfessionalNotifications,
  type StaffRecipient,
} from '#shared/domain/notifications/plan.ts';
import { fitsOneSms } from '#shared/domain/notifications/sms.ts';
import { getProcedure } from '#shared/domain/procedures/rules.ts';
import { Professional } from '#shared/domain/professionals/professional.ts';

const ARABIC = /[\u0600-\u06FF]/;
const RECEIPT = 'CAS-CASABLANCA/2026/00042';
const NOW = '2026-11-20T09:30:00.000Z';

const procedure = getProcedure('BUILDING_PERMIT');
const casablanca = { nameFr: 'Casablanca', nameAr: 'الدار البيضاء' };

const professional = (overrides: Partial<Professional> = {}): Professional =>
  Professional.parse({
    id: 'pro-1',
    profession: 'architect',
    registrationNumber: 'CNOA-12345',
    firstName: 'Karim',
    lastName: 'Tazi',
    cin: 'BK654321',
    phone: '0661234567',
    email: 'karim.tazi@archi.ma',
    preferredLanguage: 'ar',
    status: 'VERIFIED',
    registeredAt: NOW,
    ...overrides,
  });

const application = (applicant: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) =>
  Application.parse({
    id: 'app-01',
    procedureCode: 'BUILDING_PERMIT',
    communeId: 'cas-casablanca',
    provinceId: 'MA-CAS',
    regionId: 'MA-06',
    applicant: {
      kind: 'person',
      firstName: 'Amina',
      lastName: 'El Idrissi',
      cin: 'BE123456',
      phone: '0612345678',
      email: 'amina@example.ma',
      preferredLanguage: 'fr',
      ...applicant,
    },
    parcel: { landTitle: 'TF 4567/63', address: '12 rue des Orangers, Maârif' },
    project: { description: 'Villa R+1' },
    status: 'SUBMITTED',
    catalogueVersion: '2026-11',
    professionalId: 'pro-1',
    size: 'small',
    documents: {},
    followers: [],
    version: 3,
    createdAt: NOW,
    updatedAt: NOW,
    submittedAt: NOW,
    receiptNumber: RECEIPT,
    legalDeadlineDays: 15,
    deadlineDate: '2026-12-05',
    ...overrides,
  });

const event = (type: ApplicationEvent['type']): ApplicationEvent => ({
  applicationId: 'app-01',
  type,
  at: NOW,
  actor: 'pro-1',
  details: {},
});

const byTo = (messages: OutgoingMessage[], to: string, channel: 'sms' | 'email'): OutgoingMessage => {
  const found = messages.find((m) => m.to === to && m.channel === channel);
  if (!found) throw new Error(`no ${channel} to ${to} in ${JSON.stringify(messages.map((m) => m.to))}`);
  return found;
};

describe('planApplicationNotifications — APPLICATION_SUBMITTED', () => {
  const messages = planApplicationNotifications(
    event('APPLICATION_SUBMITTED'),
    application(),
    professional(),
    casablanca,
    procedure,
  );

  it('sends an SMS and an e-mail to each of the professional and the applicant', () => {
    expect(messages.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '+212661234567'],
      ['email', 'karim.tazi@archi.ma'],
      ['sms', '+212612345678'],
      ['email', 'amina@example.ma'],
    ]);
    for (const m of messages) {
      expect(m.channel === 'sms' ? m.sms : m.email).toBeDefined();
      expect(m.channel === 'sms' ? m.email : m.sms).toBeUndefined();
    }
  });

  it('writes to the professional in Arabic, with the receipt number', () => {
    const sms = byTo(messages, '+212661234567', 'sms').sms ?? '';
    expect(sms).toMatch(ARABIC);
    expect(sms).toContain(RECEIPT);
    expect(sms).toContain('05/12/2026');
    expect(sms).not.toContain('Rukhsa');

    const email = byTo(messages, 'karim.tazi@archi.ma', 'email').email;
    expect(email?.subject).toMatch(ARABIC);
    expect(email?.subject).toContain(RECEIPT);
    expect(email?.text).toContain('مرحبا Karim Tazi');
    expect(email?.text).toContain(procedure.labelAr);
    expect(email?.text).toContain(casablanca.nameAr);
    expect(email?.html).toContain('dir="rtl" lang="ar"');
  });

  it('writes to the applicant in French, with the receipt number', () => {
    const sms = byTo(messages, '+212612345678', 'sms').sms;
    expect(sms).toBe(`Rukhsa: dossier ${RECEIPT} déposé à Casablanca. Délai légal: 05/12/2026.`);
    expect(sms).not.toMatch(ARABIC);

    const email = byTo(messages, 'amina@example.ma', 'email').email;
    expect(email?.subject).toBe(`Rukhsa : dossier ${RECEIPT} déposé`);
    expect(email?.text).toContain('Bonjour Amina El Idrissi,');
    expect(email?.text).toContain('Permis de construire');
    expect(email?.text).toContain('commune de Casablanca');
    expect(email?.text).not.toMatch(ARABIC);
    expect(email?.html).toContain('dir="ltr" lang="fr"');
  });

  it('never puts a name in an SMS', () => {
    for (const m of messages.filter((x) => x.channel === 'sms')) {
      expect(m.sms).not.toContain('Karim');
      expect(m.sms).not.toContain('Amina');
    }
  });

  it('gives each recipient and channel its own dedupe key, stable across replays', () => {
    const keys = messages.map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(messages.length);
    const replay = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      application(),
      professional(),
      casablanca,
      procedure,
    );
    expect(replay.map((m) => m.dedupeKey)).toEqual(keys);
  });
});

describe('planApplicationNotifications — recipients and events', () => {
  it('notifies only the professional when the applicant has neither phone nor e-mail', () => {
    const app = application({ phone: undefined, email: undefined });
    const messages = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      app,
      professional(),
      casablanca,
      procedure,
    );
    expect(messages.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '+212661234567'],
      ['email', 'karim.tazi@archi.ma'],
    ]);
  });

  it('sends only the channels the applicant gave', () => {
    const messages = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      application({ email: undefined }),
      professional(),
      casablanca,
      procedure,
    );
    expect(messages.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '+212661234567'],
      ['email', 'karim.tazi@archi.ma'],
      ['sms', '+212612345678'],
    ]);
  });

  it('still notifies the applicant when the professional profile is gone', () => {
    const messages = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      application(),
      undefined,
      casablanca,
      procedure,
    );
    expect(messages.map((m) => m.to)).toEqual(['+212612345678', 'amina@example.ma']);
  });

  it('addresses a company applicant by its name, in its language', () => {
    const app = application({
      kind: 'company',
      name: 'Atlas Immobilier SARL',
      registrationNumber: 'RC 123456 Casablanca',
      representative: { firstName: 'Youssef', lastName: 'Benali' },
      cin: undefined,
      firstName: undefined,
      lastName: undefined,
      preferredLanguage: 'ar',
      phone: undefined,
    });
    const messages = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      app,
      professional({ preferredLanguage: 'fr' }),
      casablanca,
      procedure,
    );
    const applicantEmail = byTo(messages, 'amina@example.ma', 'email').email;
    expect(applicantEmail?.text).toContain('مرحبا Atlas Immobilier SARL');
    const proSms = byTo(messages, '+212661234567', 'sms').sms;
    expect(proSms).toBe(`Rukhsa: dossier ${RECEIPT} déposé à Casablanca. Délai légal: 05/12/2026.`);
  });

  it('falls back to the commune id when the commune is unknown', () => {
    const messages = planApplicationNotifications(
      event('APPLICATION_SUBMITTED'),
      application(),
      professional(),
      undefined,
      procedure,
    );
    expect(byTo(messages, '+212612345678', 'sms').sms).toContain('déposé à cas-casablanca');
  });

  it('notifies a withdrawal too', () => {
    const messages = planApplicationNotifications(
      event('APPLICATION_WITHDRAWN'),
      application({}, { status: 'WITHDRAWN', withdrawnAt: NOW }),
      professional(),
      casablanca,
      procedure,
    );
    expect(messages).toHaveLength(4);
    expect(byTo(messages, '+212612345678', 'sms').sms).toBe(
      `Rukhsa: votre dossier ${RECEIPT} déposé à Casablanca a été retiré.`,
    );
    expect(byTo(messages, '+212661234567', 'sms').sms).toBe(`رخصة: تم سحب ملفكم ${RECEIPT}`);
  });

  it.each(['APPLICATION_CREATED', 'APPLICATION_UPDATED', 'DOCUMENT_UPLOADED'] as const)(
    'sends nothing for %s',
    (type) => {
      expect(
        planApplicationNotifications(event(type), application(), professional(), casablanca, procedure),
      ).toEqual([]);
    },
  );

  it('sends nothing for an unknown event type', () => {
    const unknown = {
      ...event('APPLICATION_SUBMITTED'),
      type: 'SOMETHING_ELSE',
    } as unknown as ApplicationEvent;
    expect(
      planApplicationNotifications(unknown, application(), professional(), casablanca, procedure),
    ).toEqual([]);
  });
});

describe('planApplicationNotifications — civil servants from their staff accounts', () => {
  const servant = (
    username: string,
    roles: StaffRecipient['roles'],
    scope: StaffRecipient['scope'],
    overrides: Partial<StaffRecipient> = {},
  ): StaffRecipient => ({
    username,
    roles,
    scope,
    firstName: 'Agent',
    lastName: username,
    email: `${username}@casablanca.ma`,
    preferredLanguage: 'fr',
    status: 'ACTIVE',
    ...overrides,
  });
  const staff = [
    servant('desk-1', ['desk_agent'], { communeId: 'cas-casablanca', provinceId: 'MA-CAS' }),
    servant(
      'desk-2',
      ['desk_agent'],
      { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
      { preferredLanguage: 'ar' },
    ),
    servant(
      'desk-gone',
      ['desk_agent'],
      { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
      { status: 'SUSPENDED' },
    ),
    servant('desk-other', ['desk_agent'], { communeId: 'cas-ain-chock', provinceId: 'MA-CAS' }),
    servant('urban-1', ['commission_member'], { agencyId: 'urban-agency', provinceId: 'MA-CAS' }),
    servant('heritage-1', ['commission_member'], { agencyId: 'heritage', provinceId: 'MA-CAS' }),
    servant('urban-rabat', ['commission_member'], { agencyId: 'urban-agency', provinceId: 'MA-RAB' }),
    servant('mayor', ['signatory'], { communeId: 'cas-casablanca', provinceId: 'MA-CAS' }),
  ];
  const plan = (e: ApplicationEvent, app = application()) =>
    planApplicationNotifications(e, app, professional(), casablanca, procedure, staff);
  const staffMessages = (messages: OutgoingMessage[]) =>
    messages.filter((m) => !['professional', 'applicant'].includes(m.audience));

  it('tells every active desk agent of the commune, by e-mail in their language, that a file arrived', () => {
    const desk = staffMessages(plan(event('APPLICATION_SUBMITTED')));
    expect(desk.map((m) => [m.audience, m.channel, m.to, m.kind])).toEqual([
      ['desk', 'email', 'desk-1@casablanca.ma', 'APPLICATION_RECEIVED'],
      ['desk', 'email', 'desk-2@casablanca.ma', 'APPLICATION_RECEIVED'],
    ]);
    expect(desk[0]?.email?.subject).toBe(`Rukhsa : nouveau dossier ${RECEIPT} à instruire`);
    expect(desk[1]?.email?.subject).toMatch(ARABIC);
    expect(new Set(desk.map((m) => m.dedupeKey)).size).toBe(2);
  });

  it('tells the desk when a returned file comes back', () => {
    const desk = plan(event('APPLICATION_RESUBMITTED'));
    expect(desk.map((m) => m.to)).toEqual(['desk-1@casablanca.ma', 'desk-2@casablanca.ma']);
    expect(desk.every((m) => m.kind === 'APPLICATION_RESUBMITTED')).toBe(true);
  });

  it('refers the file to the members of each consulted agency of the province, and tells the filers it is admissible', () => {
    const messages = plan({
      ...event('APPLICATION_ADMISSIBLE'),
      details: { agencies: ['urban-agency', 'heritage'] },
    });
    expect(staffMessages(messages).map((m) => m.to)).toEqual([
      'urban-1@casablanca.ma',
      'heritage-1@casablanca.ma',
    ]);
    expect(messages.filter((m) => m.kind === 'APPLICATION_ADMISSIBLE').map((m) => m.audience)).toEqual([
      'professional',
      'professional',
      'applicant',
      'applicant',
    ]);
  });

  it('names the agency and its verdict in the opinion e-mail, in the reader’s language', () => {
    const messages = plan({
      ...event('OPINION_GIVEN'),
      details: { agency: 'urban-agency', opinion: 'FAVOURABLE_WITH_CONDITIONS' },
    });
    expect(byTo(messages, 'amina@example.ma', 'email').email?.text).toContain('Favorable sous conditions');
    expect(byTo(messages, 'karim.tazi@archi.ma', 'email').email?.text).toContain('موافق بشروط');
    expect(staffMessages(messages)).toEqual([]);
  });

  it('asks the signatory to sign once the payment leaves the file PAID, not before', () => {
    const paid = plan({ ...event('PAYMENT_RECEIVED'), to: 'PAID' });
    expect(staffMessages(paid).map((m) => [m.audience, m.to, m.kind])).toEqual([
      ['signatories', 'mayor@casablanca.ma', 'AWAITING_SIGNATURE'],
    ]);
    expect(paid.filter((m) => m.kind === 'PAYMENT_RECEIVED')).toHaveLength(4);
    expect(staffMessages(plan({ ...event('PAYMENT_RECEIVED'), to: 'AWAITING_PAYMENT' }))).toEqual([]);
  });

  it('sends no staff message without staff accounts (no shared mailbox stands in)', () => {
    const messages = planApplicationNotifications(
      event('OPINIONS_COMPLETE'),
      application(),
      professional(),
      casablanca,
      procedure,
    );
    expect(messages).toEqual([]);
  });
});

describe('planProfessionalNotifications', () => {
  it('tells the professional by SMS and e-mail that the account is verified (Arabic)', () => {
    const messages = planProfessionalNotifications('PROFESSIONAL_VERIFIED', professional());
    expect(messages.map((m) => [m.channel, m.to])).toEqual([
      ['sms', '+212661234567'],
      ['email', 'karim.tazi@archi.ma'],
    ]);
    expect(messages[0]?.sms).toBe('رخصة: تم التحقق من حسابكم المهني. يمكنكم إيداع الملفات.');
    expect(messages[1]?.email?.subject).toBe('رخصة: تم التحقق من حسابكم المهني');
    expect(messages[1]?.email?.text).toContain('مرحبا Karim Tazi');
    expect(new Set(messages.map((m) => m.dedupeKey)).size).toBe(2);
  });

  it('writes in French to a French-speaking professional', () => {
    const messages = planProfessionalNotifications(
      'PROFESSIONAL_VERIFIED',
      professional({ preferredLanguage: 'fr' }),
    );
    expect(messages[0]?.sms).toBe(
      'Rukhsa: votre compte professionnel a été vérifié. Vous pouvez déposer des dossiers.',
    );
    expect(messages[1]?.email?.subject).toBe('Rukhsa : votre compte professionnel est vérifié');
    expect(messages[1]?.email?.text).toContain('Bonjour Karim Tazi,');
  });

  it.each(['APPLICATION_SUBMITTED', 'PROFESSIONAL_REJECTED', 'UNKNOWN'])('sends nothing for %s', (type) => {
    expect(planProfessionalNotifications(type, professional())).toEqual([]);
  });
});

describe('every planned SMS fits in one part', () => {
  const LONG_RECEIPT = 'OUJ-SIDI-MOUSSA-EL-MEJDOUB-XX/2026/00123';
  const longCommune = {
    nameFr: 'Sidi Moussa El Mejdoub Ouled Ben Abdellah Ait Ouallal',
    nameAr: 'سيدي موسى المجدوب أولاد بن عبد الله آيت ولال',
  };
  const scenarios: [string, OutgoingMessage[]][] = [];
  for (const proLanguage of ['fr', 'ar'] as const) {
    for (const applicantLanguage of ['fr', 'ar'] as const) {
      for (const receiptNumber of [RECEIPT, LONG_RECEIPT]) {
        for (const commune of [casablanca, longCommune]) {
          for (const type of ['APPLICATION_SUBMITTED', 'APPLICATION_WITHDRAWN'] as const) {
            scenarios.push([
              `${type} pro=${proLanguage} applicant=${applicantLanguage} receipt=${receiptNumber} commune=${commune.nameFr}`,
              planApplicationNotifications(
                event(type),
                application({ preferredLanguage: applicantLanguage }, { receiptNumber }),
                professional({ preferredLanguage: proLanguage }),
                commune,
                procedure,
              ),
            ]);
          }
        }
      }
    }
    scenarios.push([
      `PROFESSIONAL_VERIFIED ${proLanguage}`,
      planProfessionalNotifications(
        'PROFESSIONAL_VERIFIED',
        professional({ preferredLanguage: proLanguage }),
      ),
    ]);
  }

  it.each(scenarios)('%s', (_name, messages) => {
    const sms = messages.filter((m) => m.channel === 'sms');
    expect(sms.length).toBeGreaterThan(0);
    for (const m of sms) {
      expect(m.sms?.length).toBeGreaterThan(0);
      expect(fitsOneSms(m.sms ?? '')).toBe(true);
    }
  });
});

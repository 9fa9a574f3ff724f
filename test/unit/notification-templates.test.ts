import { describe, expect, it } from 'vitest';
import type { Language, NotificationData, NotificationKind } from '#shared/domain/notifications/messages.ts';
import { escapeHtml, MESSAGES } from '#shared/domain/notifications/messages.ts';
import * as render from '#shared/domain/notifications/render.ts';
import { fitsOneSms, isGsm7, smsParts } from '#shared/domain/notifications/sms.ts';

/** Each message by its kind, as the notifier renders them (messages.ts's registry). */
const renderSms = (kind: NotificationKind, language: Language, data: NotificationData) =>
  render.renderSms(MESSAGES[kind], language, data);
const renderEmail = (kind: NotificationKind, language: Language, data: NotificationData) =>
  render.renderEmail(MESSAGES[kind], language, data);

const KINDS: NotificationKind[] = [
  'APPLICATION_SUBMITTED',
  'APPLICATION_WITHDRAWN',
  'APPLICANT_INVITED',
  'APPLICATION_SHARED',
  'PROFESSIONAL_VERIFIED',
  'CONTACT_DESIGNATED',
  'APPLICATION_RETURNED',
  'OPINIONS_COMPLETE',
  'APPLICATION_APPROVED',
  'APPLICATION_REJECTED',
  'APPLICATION_TACITLY_APPROVED',
  'APPLICATION_OVERDUE',
  'APPLICATION_RECEIVED',
  'APPLICATION_RESUBMITTED',
  'APPLICATION_REFERRED',
  'APPLICATION_ADMISSIBLE',
  'OPINION_GIVEN',
  'PAYMENT_RECEIVED',
  'AWAITING_SIGNATURE',
  'LATE_FILES_DIGEST',
];
/** Kinds about one deposited application: their SMS carries the receipt number. */
const DECISION_KINDS: NotificationKind[] = [
  'APPLICATION_RETURNED',
  'OPINIONS_COMPLETE',
  'APPLICATION_APPROVED',
  'APPLICATION_REJECTED',
  'APPLICATION_TACITLY_APPROVED',
  'APPLICATION_OVERDUE',
  'APPLICATION_RECEIVED',
  'APPLICATION_RESUBMITTED',
  'APPLICATION_REFERRED',
  'APPLICATION_ADMISSIBLE',
  'OPINION_GIVEN',
  'PAYMENT_RECEIVED',
  'AWAITING_SIGNATURE',
];
const LANGUAGES: Language[] = ['fr', 'ar'];

/** 40 characters: longer than any realistic receipt (OUJ-SIDI-MOUSSA-EL-MEJDOUB/2026/00123 is 37). */
const LONGEST_RECEIPT = 'OUJ-SIDI-MOUSSA-EL-MEJDOUB-XX/2026/00123';
const PASSWORD = 'Tmp#Pass-9x7Q';
/** Reviewer free text: allowed in e-mails, never in an SMS. */
const REMARK_TEXT = 'Le plan de masse ne montre pas les reculs sur la voie publique';
const REASON_TEXT = 'Hauteur R+3 supérieure au plan d’aménagement';
const CONDITION = 'Respecter un recul de 4 m sur la rue des Orangers';

const data = (overrides: Partial<NotificationData> = {}): NotificationData => ({
  receiptNumber: 'CAS-CASABLANCA/2026/00001',
  applicationId: '01JD8Z6N3QK4V7W2X5Y9A0B1C2',
  procedureLabelFr: 'Permis de construire',
  procedureLabelAr: 'رخصة البناء',
  communeNameFr: 'Casablanca',
  communeNameAr: 'الدار البيضاء',
  deadlineDate: '2026-12-29',
  recipientName: 'Amina El Idrissi',
  loginUrl: 'https://rukhsa.ma/connexion',
  username: 'amina.elidrissi',
  temporaryPassword: PASSWORD,
  provinceNameFr: 'Casablanca',
  provinceNameAr: 'الدار البيضاء',
  remarks: [
    { documentCode: 'PLAN_MASSE', reasonLabel: 'Pièce incomplète', text: REMARK_TEXT },
    { reasonLabel: 'Attestation de propriété manquante' },
  ],
  round: 2,
  reasons: [{ reasonLabel: 'Non conforme au plan d’aménagement', text: REASON_TEXT }],
  conditions: [CONDITION],
  ...overrides,
});

const longData = data({
  receiptNumber: LONGEST_RECEIPT,
  communeNameFr: 'Sidi Moussa El Mejdoub',
  communeNameAr: 'سيدي موسى المجدوب',
  recipientName: 'Mohammed Abderrahmane Ben Abdelkader El Alaoui Ismaili',
});

describe('isGsm7 / smsParts', () => {
  it('counts plain ASCII in septets: 160 → 1 part, 161 → 2 parts of 153', () => {
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
    expect(smsParts('a'.repeat(306)).parts).toBe(2);
    expect(smsParts('a'.repeat(307)).parts).toBe(3);
  });

  it('counts extension characters as 2 septets', () => {
    for (const ch of '^{}\\[~]|€') {
      expect(isGsm7(ch)).toBe(true);
      expect(smsParts(ch).units).toBe(2);
    }
    expect(smsParts(`${'a'.repeat(158)}€`)).toEqual({ encoding: 'GSM-7', units: 160, parts: 1 });
    expect(smsParts(`${'a'.repeat(159)}€`)).toEqual({ encoding: 'GSM-7', units: 161, parts: 2 });
  });

  it('accepts the accented letters of the basic set and rejects the others', () => {
    expect(isGsm7('éèùìòÇÉàäöñüÄÖÑÜ@£$¥§¿¡\n\r')).toBe(true);
    for (const ch of ['ç', 'ê', 'â', 'î', 'ô', 'û', '«', '»', '’', 'ï']) {
      expect(isGsm7(ch), ch).toBe(false);
      expect(smsParts(`Rukhsa ${ch}`).encoding).toBe('UCS-2');
    }
  });

  it('counts UTF-16 units in UCS-2: Arabic 70 → 1 part, 71 → 2; emoji count 2', () => {
    expect(smsParts('ب'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, parts: 1 });
    expect(smsParts('ب'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, parts: 2 });
    expect(smsParts('ب'.repeat(134)).parts).toBe(2);
    expect(smsParts('ب'.repeat(135)).parts).toBe(3);
    expect(smsParts('😀').units).toBe(2);
    expect(fitsOneSms('😀'.repeat(35))).toBe(true);
    expect(fitsOneSms('😀'.repeat(36))).toBe(false);
  });
});

describe('renderSms', () => {
  for (const kind of KINDS) {
    for (const language of LANGUAGES) {
      it(`${kind} / ${language} fits one part with the longest receipt and never leaks credentials`, () => {
        for (const d of [data(), longData]) {
          const sms = renderSms(kind, language, d);
          expect(smsParts(sms).parts, sms).toBe(1);
          expect(sms).not.toContain(PASSWORD);
          expect(sms).not.toContain(d.recipientName);
          if (language === 'fr') {
            expect(isGsm7(sms), sms).toBe(true);
            expect(smsParts(sms).units).toBeLessThanOrEqual(160);
          } else {
            expect(smsParts(sms).units).toBeLessThanOrEqual(70);
          }
        }
      });
    }
  }

  it('puts the receipt number and the DD/MM/YYYY deadline in the submission SMS', () => {
    expect(renderSms('APPLICATION_SUBMITTED', 'fr', data())).toBe(
      'Rukhsa: dossier CAS-CASABLANCA/2026/00001 déposé à Casablanca. Délai légal: 29/12/2026.',
    );
    for (const language of LANGUAGES) {
      for (const d of [data(), longData]) {
        const sms = renderSms('APPLICATION_SUBMITTED', language, d);
        expect(sms).toContain(d.receiptNumber);
        expect(sms).toContain('29/12/2026');
      }
    }
  });

  it('drops a commune name that is not GSM-7 rather than switching the French SMS to UCS-2', () => {
    const sms = renderSms('APPLICATION_SUBMITTED', 'fr', data({ communeNameFr: 'Aït Ourir' }));
    expect(isGsm7(sms)).toBe(true);
    expect(sms).toContain('CAS-CASABLANCA/2026/00001');
  });

  it('puts the 40-character receipt in every decision SMS and never the reviewer free text', () => {
    for (const kind of DECISION_KINDS) {
      for (const language of LANGUAGES) {
        for (const d of [data(), longData]) {
          const sms = renderSms(kind, language, d);
          expect(sms, `${kind}/${language}`).toContain(d.receiptNumber);
          for (const secret of [REMARK_TEXT, REASON_TEXT, CONDITION, 'PLAN_MASSE', 'Pièce incomplète']) {
            expect(sms).not.toContain(secret);
          }
        }
      }
    }
  });

  it('tells a returned application to see the e-mail or the platform, with the receipt', () => {
    expect(renderSms('APPLICATION_RETURNED', 'fr', data())).toBe(
      'Rukhsa: votre dossier CAS-CASABLANCA/2026/00001 déposé à Casablanca est retourné pour complément. Voir votre e-mail ou la plateforme.',
    );
    for (const d of [data(), longData]) {
      expect(renderSms('APPLICATION_RETURNED', 'ar', d)).toContain('المنصة');
    }
  });

  it('does not need remarks or reasons for the SMS', () => {
    const bare = data({ remarks: undefined, reasons: undefined, conditions: undefined, round: undefined });
    for (const language of LANGUAGES) {
      expect(() => renderSms('APPLICATION_RETURNED', language, bare)).not.toThrow();
      expect(() => renderSms('APPLICATION_REJECTED', language, bare)).not.toThrow();
    }
  });

  it('puts the DD/MM/YYYY deadline in the overdue and tacit-approval SMS', () => {
    expect(renderSms('APPLICATION_OVERDUE', 'fr', longData)).toContain('29/12/2026');
    expect(renderSms('APPLICATION_TACITLY_APPROVED', 'fr', longData)).toContain('29/12/2026');
    expect(renderSms('APPLICATION_OVERDUE', 'ar', longData)).toContain('29/12/2026');
  });

  it('keeps the new French SMS in GSM-7 when the commune name is not', () => {
    for (const kind of DECISION_KINDS) {
      const sms = renderSms(kind, 'fr', data({ communeNameFr: 'Aït Ourir' }));
      expect(isGsm7(sms), sms).toBe(true);
      expect(sms).toContain('CAS-CASABLANCA/2026/00001');
    }
  });

  it('tells an invited applicant to read their e-mail', () => {
    expect(renderSms('APPLICANT_INVITED', 'fr', data())).toContain('e-mail');
    expect(renderSms('APPLICANT_INVITED', 'ar', data())).toContain('بريدكم الإلكتروني');
  });
});

describe('renderEmail', () => {
  it('contains the receipt, deadline, procedure, commune and application id', () => {
    for (const language of LANGUAGES) {
      const d = data();
      const email = renderEmail('APPLICATION_SUBMITTED', language, d);
      for (const part of [email.text, email.html]) {
        expect(part).toContain(d.receiptNumber);
        expect(part).toContain('29/12/2026');
        expect(part).toContain(d.applicationId);
        expect(part).toContain(language === 'fr' ? d.procedureLabelFr : d.procedureLabelAr);
        expect(part).toContain(language === 'fr' ? d.communeNameFr : d.communeNameAr);
      }
      expect(email.subject).toContain(d.receiptNumber);
    }
  });

  it('writes Arabic HTML right-to-left', () => {
    const html = renderEmail('APPLICATION_SUBMITTED', 'ar', data()).html;
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('lang="ar"');
    expect(renderEmail('APPLICATION_SUBMITTED', 'fr', data()).html).not.toContain('dir="rtl"');
  });

  it('escapes HTML in interpolated values', () => {
    const malicious = data({
      communeNameFr: '<script>alert("x")</script>',
      communeNameAr: '<script>alert(1)</script>',
      recipientName: `O'Brien & <b>Co</b>`,
    });
    for (const kind of KINDS) {
      for (const language of LANGUAGES) {
        const { html } = renderEmail(kind, language, malicious);
        expect(html).not.toContain('<script>');
        expect(html).not.toContain('<b>');
        expect(html).toContain('&lt;b&gt;Co&lt;/b&gt;');
      }
    }
    expect(renderEmail('APPLICATION_SUBMITTED', 'fr', malicious).html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('lists the remarks of a returned application with the round', () => {
    for (const language of LANGUAGES) {
      const email = renderEmail('APPLICATION_RETURNED', language, data());
      for (const part of [email.text, email.html]) {
        expect(part).toContain('CAS-CASABLANCA/2026/00001');
        expect(part).toContain('PLAN_MASSE');
        expect(part).toContain('Attestation de propriété manquante');
        expect(part).toContain(language === 'fr' ? 'tour 2' : 'الجولة 2');
      }
      expect(email.text).toContain(REMARK_TEXT);
      expect(email.html).toContain(escapeHtml(REMARK_TEXT));
      expect(email.html.match(/<li>/g)).toHaveLength(2);
    }
    const firstRound = renderEmail('APPLICATION_RETURNED', 'fr', data({ round: undefined }));
    expect(firstRound.text).not.toContain('(tour');
  });

  it('lists the reasons of a rejection and the conditions of an approval, if any', () => {
    for (const language of LANGUAGES) {
      const rejected = renderEmail('APPLICATION_REJECTED', language, data());
      for (const part of [rejected.text, rejected.html]) {
        expect(part).toContain('Non conforme au plan');
        expect(part).toContain('CAS-CASABLANCA/2026/00001');
      }
      expect(rejected.text).toContain(REASON_TEXT);
      expect(rejected.html).toContain(escapeHtml(REASON_TEXT));

      const approved = renderEmail('APPLICATION_APPROVED', language, data());
      expect(approved.text).toContain(CONDITION);
      expect(approved.html).toContain(`<li><strong>${escapeHtml(CONDITION)}</strong></li>`);

      const unconditional = renderEmail('APPLICATION_APPROVED', language, data({ conditions: [' '] }));
      expect(unconditional.html).not.toContain('<ul>');
      expect(unconditional.text).not.toContain(language === 'fr' ? 'conditions suivantes' : 'بالشروط');
      expect(() =>
        renderEmail('APPLICATION_APPROVED', language, data({ conditions: undefined })),
      ).not.toThrow();
    }
  });

  it('explains the tacit approval (law 55-19) and that it can be printed from the platform', () => {
    const fr = renderEmail('APPLICATION_TACITLY_APPROVED', 'fr', data());
    expect(fr.text).toContain('loi n° 55-19');
    expect(fr.text).toContain('imprimer l’accord tacite depuis la plateforme');
    expect(fr.text).toContain('29/12/2026');
    const ar = renderEmail('APPLICATION_TACITLY_APPROVED', 'ar', data());
    expect(ar.text).toContain('55.19');
    expect(ar.text).toContain('طباعة الموافقة الضمنية');
    expect(ar.html).toContain('<bdi dir="ltr">29/12/2026</bdi>');
  });

  it('gives the deadline in the overdue warning and tells the desk the file is ready after the opinions', () => {
    for (const language of LANGUAGES) {
      const overdue = renderEmail('APPLICATION_OVERDUE', language, data());
      expect(overdue.text).toContain('29/12/2026');
      expect(overdue.subject).toContain('CAS-CASABLANCA/2026/00001');
      const ready = renderEmail('OPINIONS_COMPLETE', language, data());
      expect(ready.text).toContain(language === 'fr' ? 'prêt pour la décision' : 'جاهز للبت');
      expect(ready.subject).toContain('CAS-CASABLANCA/2026/00001');
    }
  });

  it('escapes HTML in remarks, reasons and conditions', () => {
    const xss = '<img src=x onerror="alert(1)">';
    const malicious = data({
      remarks: [{ documentCode: '<b>DOC</b>', reasonLabel: `<i>label</i>`, text: xss }],
      reasons: [{ reasonLabel: '<script>r</script>', text: xss }],
      conditions: [xss],
      round: 3,
    });
    for (const language of LANGUAGES) {
      for (const kind of ['APPLICATION_RETURNED', 'APPLICATION_REJECTED', 'APPLICATION_APPROVED'] as const) {
        const { html, text } = renderEmail(kind, language, malicious);
        expect(html).not.toContain('<img');
        expect(html).not.toContain('<script>');
        expect(html).not.toContain('<b>');
        expect(html).not.toContain('<i>');
        expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
        // The plain-text part keeps the text as typed.
        expect(text).toContain(xss);
      }
      expect(renderEmail('APPLICATION_RETURNED', language, malicious).html).toContain(
        '&lt;b&gt;DOC&lt;/b&gt;',
      );
      expect(renderEmail('APPLICATION_REJECTED', language, malicious).html).toContain(
        '&lt;script&gt;r&lt;/script&gt;',
      );
    }
  });

  it('refuses a non-http login URL', () => {
    expect(() => renderEmail('APPLICANT_INVITED', 'fr', data({ loginUrl: 'javascript:alert(1)' }))).toThrow(
      /loginUrl/,
    );
  });

  it('gives credentials only in the invitation, with the change-at-first-sign-in rule', () => {
    for (const language of LANGUAGES) {
      const invite = renderEmail('APPLICANT_INVITED', language, data());
      expect(invite.text).toContain('amina.elidrissi');
      expect(invite.text).toContain(PASSWORD);
      expect(invite.html).toContain(escapeHtml(PASSWORD));
      expect(invite.text).toContain('https://rukhsa.ma/connexion');
      expect(invite.text).toContain(
        language === 'fr' ? 'doit être changé lors de votre première connexion' : 'عند أول تسجيل دخول',
      );
      for (const kind of KINDS.filter((k) => k !== 'APPLICANT_INVITED' && k !== 'CONTACT_DESIGNATED')) {
        const email = renderEmail(kind, language, data());
        for (const part of [email.subject, email.text, email.html]) {
          expect(part).not.toContain(PASSWORD);
          // The shared-application e-mail reminds the existing username, never a password.
          if (kind !== 'APPLICATION_SHARED') expect(part).not.toContain('amina.elidrissi');
        }
      }
    }
  });
});

describe('missing fields', () => {
  it('names the missing field', () => {
    expect(() => renderSms('APPLICATION_SUBMITTED', 'fr', data({ receiptNumber: undefined }))).toThrow(
      /receiptNumber/,
    );
    expect(() => renderEmail('APPLICATION_SUBMITTED', 'ar', data({ deadlineDate: undefined }))).toThrow(
      /deadlineDate/,
    );
    expect(() => renderEmail('APPLICATION_WITHDRAWN', 'fr', data({ receiptNumber: '  ' }))).toThrow(
      /receiptNumber/,
    );
    expect(() => renderEmail('APPLICANT_INVITED', 'fr', data({ temporaryPassword: undefined }))).toThrow(
      /temporaryPassword/,
    );
    expect(() => renderEmail('APPLICANT_INVITED', 'ar', data({ username: undefined }))).toThrow(/username/);
  });

  it('names the missing field of the new kinds', () => {
    for (const kind of DECISION_KINDS) {
      for (const language of LANGUAGES) {
        expect(() => renderSms(kind, language, data({ receiptNumber: undefined }))).toThrow(/receiptNumber/);
        expect(() => renderEmail(kind, language, data({ receiptNumber: ' ' }))).toThrow(/receiptNumber/);
        expect(() =>
          renderEmail(kind, language, data({ recipientName: undefined as unknown as string })),
        ).toThrow(/recipientName/);
      }
    }
    for (const kind of ['APPLICATION_TACITLY_APPROVED', 'APPLICATION_OVERDUE'] as const) {
      for (const language of LANGUAGES) {
        expect(() => renderSms(kind, language, data({ deadlineDate: undefined }))).toThrow(/deadlineDate/);
        expect(() => renderEmail(kind, language, data({ deadlineDate: '' }))).toThrow(/deadlineDate/);
        expect(() => renderEmail(kind, language, data({ deadlineDate: '2026-13-01' }))).toThrow(
          /deadlineDate/,
        );
      }
    }
    for (const language of LANGUAGES) {
      expect(() => renderEmail('APPLICATION_RETURNED', language, data({ remarks: undefined }))).toThrow(
        /'remarks'/,
      );
      expect(() => renderEmail('APPLICATION_RETURNED', language, data({ remarks: [] }))).toThrow(/'remarks'/);
      expect(() =>
        renderEmail('APPLICATION_RETURNED', language, data({ remarks: [{ reasonLabel: '  ', text: 'x' }] })),
      ).toThrow(/remarks\[0\]\.reasonLabel/);
      expect(() => renderEmail('APPLICATION_RETURNED', language, data({ round: 0 }))).toThrow(/round/);
      expect(() => renderEmail('APPLICATION_REJECTED', language, data({ reasons: undefined }))).toThrow(
        /'reasons'/,
      );
      expect(() => renderEmail('APPLICATION_REJECTED', language, data({ reasons: [] }))).toThrow(/'reasons'/);
      expect(() =>
        renderEmail(
          'APPLICATION_REJECTED',
          language,
          data({ reasons: [{ reasonLabel: 'ok' }, { reasonLabel: '' }] }),
        ),
      ).toThrow(/reasons\[1\]\.reasonLabel/);
    }
  });

  it('does not require credentials for the invitation SMS', () => {
    const bare = data({ username: undefined, temporaryPassword: undefined, loginUrl: undefined });
    expect(() => renderSms('APPLICANT_INVITED', 'fr', bare)).not.toThrow();
  });

  it('rejects a deadline that is not a YYYY-MM-DD calendar date', () => {
    expect(() => renderSms('APPLICATION_SUBMITTED', 'fr', data({ deadlineDate: '29/12/2026' }))).toThrow(
      /deadlineDate/,
    );
    expect(() => renderSms('APPLICATION_SUBMITTED', 'ar', data({ deadlineDate: '2026-02-30' }))).toThrow(
      /deadlineDate/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { fitsOneSms, isGsm7, smsParts } from '#shared/domain/notifications/sms.ts';
import type { Language, NotificationData, NotificationKind } from '#shared/domain/notifications/templates.ts';
import { escapeHtml, renderEmail, renderSms } from '#shared/domain/notifications/templates.ts';

const KINDS: NotificationKind[] = [
  'APPLICATION_SUBMITTED',
  'APPLICATION_WITHDRAWN',
  'APPLICANT_INVITED',
  'APPLICATION_SHARED',
  'PROFESSIONAL_VERIFIED',
];
const LANGUAGES: Language[] = ['fr', 'ar'];

/** 40 characters: longer than any realistic receipt (OUJ-SIDI-MOUSSA-EL-MEJDOUB/2026/00123 is 37). */
const LONGEST_RECEIPT = 'OUJ-SIDI-MOUSSA-EL-MEJDOUB-XX/2026/00123';
const PASSWORD = 'Tmp#Pass-9x7Q';

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
      for (const kind of KINDS.filter((k) => k !== 'APPLICANT_INVITED')) {
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

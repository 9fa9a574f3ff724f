/**
 * What every message shares: the data a notification carries, the checks of required fields, and
 * the rendering of SMS variants and e-mail blocks (plain text and escaped HTML). Each message kind
 * lives in its own module under messages/ and is registered in messages.ts.
 *
 * SMS rules: always exactly ONE part (French in GSM-7 ≤ 160 septets, Arabic in UCS-2 ≤ 70 units),
 * no names, no credentials. Each SMS has variants from the fullest to the shortest; the first one
 * that fits is sent, so an unusually long receipt number or commune name degrades the text instead
 * of splitting (and paying for) the message. Dates are written DD/MM/YYYY in both languages.
 *
 * E-mail: the HTML is generated from plain-text blocks and every piece of text is HTML-escaped,
 * so no interpolated value can inject markup.
 */
export type Language = 'fr' | 'ar';

export type NotificationKind =
  | 'APPLICATION_SUBMITTED'
  | 'APPLICATION_WITHDRAWN'
  | 'APPLICANT_INVITED'
  /** An applicant who already has an account is added to another application (no credentials). */
  | 'APPLICATION_SHARED'
  | 'PROFESSIONAL_VERIFIED'
  /** The governor's designated province contact gets their account (temporary password by e-mail). */
  | 'CONTACT_DESIGNATED'
  /** Returned to the applicant for completion; the e-mail lists the remarks to address. */
  | 'APPLICATION_RETURNED'
  /** To the commune desk: every consulted agency answered, the file is ready for decision. */
  | 'OPINIONS_COMPLETE'
  /** Favourable decision; the e-mail lists the conditions, if any. */
  | 'APPLICATION_APPROVED'
  /** Unfavourable decision; the e-mail lists the reasons. */
  | 'APPLICATION_REJECTED'
  /** Law 55-19: no decision before the legal deadline counts as consent. */
  | 'APPLICATION_TACITLY_APPROVED'
  /** To the desk and the professional: the legal deadline has passed without a decision. */
  | 'APPLICATION_OVERDUE'
  /** The signed permit is issued: the applicant and the professional can download and verify it. */
  | 'PERMIT_ISSUED'
  /**
   * To the signatory only, never to the province contact: the PIN of their signing key (new key or
   * ministry reset). The PIN is rendered here and sent; it is never stored, logged or returned.
   */
  | 'SIGNING_PIN'
  /** The one-time code that proves a registering professional holds their e-mail address. */
  | 'EMAIL_CODE'
  /** To every desk agent of the commune: a file arrived. */
  | 'APPLICATION_RECEIVED'
  /** To every desk agent of the commune: a returned file came back. */
  | 'APPLICATION_RESUBMITTED'
  /** To each member of a consulted agency in the province: a file is referred to them. */
  | 'APPLICATION_REFERRED'
  /** To the people who filed: the file is admissible. */
  | 'APPLICATION_ADMISSIBLE'
  /** To the people who filed: a consulted agency gave its opinion. */
  | 'OPINION_GIVEN'
  /** To the people who filed: the fees are paid. */
  | 'PAYMENT_RECEIVED'
  /** To the commune's signatories: a paid file awaits signature. */
  | 'AWAITING_SIGNATURE'
  /** To the province contact, daily: the late files of the province by commune and step. */
  | 'LATE_FILES_DIGEST'
  /** To the holder of a licence (business or professional, and the applicant): it expires soon, renew it. */
  | 'LICENCE_RENEWAL_DUE';

/** A point the applicant must address before re-submitting a returned application. */
export interface NotificationRemark {
  /** Code of the document concerned, if the remark is about one document. */
  documentCode?: string;
  reasonLabel: string;
  /** Free text from the reviewer: e-mail only, never in an SMS. */
  text?: string;
}

/** A reason for an unfavourable decision. */
export interface NotificationReason {
  reasonLabel: string;
  /** Free text from the reviewer: e-mail only, never in an SMS. */
  text?: string;
}

export interface NotificationData {
  receiptNumber?: string;
  applicationId: string;
  procedureLabelFr: string;
  procedureLabelAr: string;
  communeNameFr: string;
  communeNameAr: string;
  /** YYYY-MM-DD */
  deadlineDate?: string;
  recipientName: string;
  loginUrl?: string;
  username?: string;
  temporaryPassword?: string;
  /** The province of a designated contact. */
  provinceNameFr?: string;
  provinceNameAr?: string;
  /** APPLICATION_RETURNED: remarks to address (required and non-empty for the e-mail). */
  remarks?: NotificationRemark[];
  /** APPLICATION_RETURNED: review round (1, 2, …), shown in the e-mail. */
  round?: number;
  /** APPLICATION_APPROVED: conditions attached to the decision, if any. */
  conditions?: string[];
  /** APPLICATION_REJECTED: reasons of the decision (required and non-empty for the e-mail). */
  reasons?: NotificationReason[];
  /** PERMIT_ISSUED: the permit's number and its public verification link. */
  permitNumber?: string;
  verificationUrl?: string;
  /** SIGNING_PIN: the key's PIN (6 to 8 digits) and whether it replaces a previous one (reset). */
  pin?: string;
  keyAlias?: string;
  pinReset?: boolean;
  /** EMAIL_CODE: the one-time code (never stored in clear, never logged). */
  emailCode?: string;
  /** OPINION_GIVEN: the agency and its verdict, in the message's language. */
  agencyLabel?: string;
  opinionLabel?: string;
  /** LATE_FILES_DIGEST: how many files are late, and a line per commune (its name, counts per step). */
  lateCount?: number;
  lateCommunes?: { name: string; detail: string }[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The text fields of NotificationData (checked by `requireFields`). */
export type Field = {
  [K in keyof NotificationData]-?: NotificationData[K] extends string | undefined ? K : never;
}[keyof NotificationData];

export type Channel = 'sms' | 'email';

export const communeField = (lang: Language): Field => (lang === 'fr' ? 'communeNameFr' : 'communeNameAr');
const procedureField = (lang: Language): Field => (lang === 'fr' ? 'procedureLabelFr' : 'procedureLabelAr');

/** Fields of a message about an application: the SMS needs `fields`, the e-mail the file too. */
export const fileFields =
  (...fields: Field[]) =>
  (channel: Channel, lang: Language): Field[] =>
    channel === 'sms' ? fields : [...applicationFields(lang), ...fields];

/** What every message about an application needs in its e-mail. */
export const applicationFields = (lang: Language): Field[] => [
  'recipientName',
  'applicationId',
  procedureField(lang),
  communeField(lang),
];

export function requireFields(kind: NotificationKind, fields: Field[], data: NotificationData): void {
  for (const field of fields) {
    const value = data[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`Notification ${kind}: required field '${field}' is missing or empty`);
    }
  }
}

export function requireLists(
  kind: NotificationKind,
  lists: ('remarks' | 'reasons')[],
  data: NotificationData,
): void {
  for (const list of lists) {
    const items: unknown = data[list];
    if (!Array.isArray(items) || items.length === 0) {
      throw new Error(`Notification ${kind}: required field '${list}' is missing or empty`);
    }
    items.forEach((item: Partial<NotificationRemark> | undefined, i) => {
      if (typeof item?.reasonLabel !== 'string' || item.reasonLabel.trim() === '') {
        throw new Error(
          `Notification ${kind}: required field '${list}[${i}].reasonLabel' is missing or empty`,
        );
      }
    });
  }
}

/** Value of a field already checked by `requireFields`. */
export function req(data: NotificationData, field: Field): string {
  return (data[field] ?? '').trim();
}

/** YYYY-MM-DD → DD/MM/YYYY, rejecting anything that is not a real calendar date. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (!m || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new Error(`Notification: deadlineDate must be a YYYY-MM-DD date, got '${iso}'`);
  }
  return `${m[3]}/${m[2]}/${m[1]}`;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Only http(s) links may end up in an href (a `javascript:` URL survives HTML escaping). */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Notification: loginUrl is not a valid URL: '${url}'`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`Notification: loginUrl must be an http(s) URL, got '${parsed.protocol}'`);
  }
  return parsed.href;
}

export type Row = { label: string; value: string; link?: boolean };
/** A bulleted item: optional left-to-right code (document code), a label, optional free text. */
export type Item = { code?: string; label: string; detail?: string };
export type Block = { paragraph: string } | { rows: Row[] } | { items: Item[] };

export interface EmailContent {
  subject: string;
  blocks: Block[];
}

/** What an SMS variant may use (already checked and formatted). */
export interface SmsContext {
  data: NotificationData;
  receipt: string;
  /** The commune's name in the message's language, or '' (the shorter variants do without it). */
  commune: string;
  /** The deadline as DD/MM/YYYY when the kind's SMS needs it, else ''. */
  deadline: string;
}

/** What an e-mail may use: the data, the language and the blocks every e-mail starts and ends with. */
export interface EmailContext {
  data: NotificationData;
  fr: boolean;
  name: string;
  procedure: string;
  commune: string;
  greeting: Block;
  signature: Block;
  /** The sign-in link as a row, when the data has one. */
  loginRow: (label: string) => Row[];
  /** The file's receipt number and reference, labelled in the message's language. */
  fileRows: (receipt: string) => Row[];
  /** Username, temporary password and sign-in link of a new account, with these labels. */
  credentials: (user: string, password: string, link: string) => Block;
}

/** One message kind: the fields it needs, its SMS variants and its e-mail, in French and Arabic. */
export interface MessageTemplate<K extends NotificationKind = NotificationKind> {
  kind: K;
  fields: (channel: Channel, lang: Language) => Field[];
  /** Lists the e-mail needs (free text stays out of SMS). */
  lists?: ('remarks' | 'reasons')[];
  /** SMS variants from the fullest to the shortest; the first that fits one part is sent. */
  sms: Record<Language, (context: SmsContext) => string[]>;
  email: (context: EmailContext) => EmailContent;
}

export function smsContext(template: MessageTemplate, lang: Language, data: NotificationData): SmsContext {
  return {
    data,
    receipt: req(data, 'receiptNumber'),
    commune: (lang === 'fr' ? data.communeNameFr : data.communeNameAr)?.trim() ?? '',
    deadline: template.fields('sms', lang).includes('deadlineDate')
      ? formatDate(req(data, 'deadlineDate'))
      : '',
  };
}

export function emailContext(lang: Language, data: NotificationData): EmailContext {
  const name = req(data, 'recipientName');
  const fr = lang === 'fr';
  return {
    data,
    fr,
    name,
    procedure: fr ? data.procedureLabelFr.trim() : data.procedureLabelAr.trim(),
    commune: fr ? data.communeNameFr.trim() : data.communeNameAr.trim(),
    greeting: { paragraph: fr ? `Bonjour ${name},` : `مرحبا ${name}،` },
    signature: { paragraph: fr ? 'L’équipe Rukhsa' : 'فريق رخصة' },
    loginRow: (label: string): Row[] =>
      data.loginUrl?.trim() ? [{ label, value: safeUrl(data.loginUrl.trim()), link: true }] : [],
    fileRows: (receipt: string): Row[] => [
      { label: fr ? 'Numéro de récépissé' : 'رقم وصل الإيداع', value: receipt },
      { label: fr ? 'Référence du dossier' : 'مرجع الملف', value: data.applicationId.trim() },
    ],
    credentials: (user: string, password: string, link: string): Block => ({
      rows: [
        { label: user, value: req(data, 'username') },
        { label: password, value: req(data, 'temporaryPassword') },
        { label: link, value: safeUrl(req(data, 'loginUrl')), link: true },
      ],
    }),
  };
}

export function toText(blocks: Block[], lang: Language): string {
  const separator = lang === 'fr' ? ' : ' : ': ';
  const item = (i: Item): string =>
    `- ${i.code ? `${i.code} — ` : ''}${i.label}${i.detail ? `${separator}${i.detail}` : ''}`;
  return `${blocks
    .map((b) => {
      if ('paragraph' in b) return b.paragraph;
      if ('items' in b) return b.items.map(item).join('\n');
      return b.rows.map((r) => `${r.label}${separator}${r.value}`).join('\n');
    })
    .filter((s) => s !== '')
    .join('\n\n')}\n`;
}

export function toHtml(subject: string, blocks: Block[], lang: Language): string {
  const dirAttrs = lang === 'ar' ? 'dir="rtl" lang="ar"' : 'dir="ltr" lang="fr"';
  const align = lang === 'ar' ? 'right' : 'left';
  const labelPadding = lang === 'ar' ? '2px 0 2px 12px' : '2px 12px 2px 0';
  const body = blocks
    .map((b) => {
      if ('paragraph' in b) return `<p>${escapeHtml(b.paragraph)}</p>`;
      if ('items' in b) {
        if (b.items.length === 0) return '';
        const items = b.items
          .map((i) => {
            // A document code is left-to-right even inside Arabic text.
            const code = i.code ? `<bdi dir="ltr">${escapeHtml(i.code)}</bdi> — ` : '';
            const detail = i.detail ? `${lang === 'fr' ? ' : ' : ': '}${escapeHtml(i.detail)}` : '';
            return `<li>${code}<strong>${escapeHtml(i.label)}</strong>${detail}</li>`;
          })
          .join('');
        return `<ul>${items}</ul>`;
      }
      if (b.rows.length === 0) return '';
      const rows = b.rows
        .map((r) => {
          const value = r.link
            ? `<a href="${escapeHtml(r.value)}">${escapeHtml(r.value)}</a>`
            : escapeHtml(r.value);
          // Identifiers, dates and URLs are left-to-right even inside Arabic text.
          return `<tr><th scope="row" style="text-align:${align};padding:${labelPadding}">${escapeHtml(r.label)}</th><td><bdi dir="ltr">${value}</bdi></td></tr>`;
        })
        .join('');
      return `<table role="presentation">${rows}</table>`;
    })
    .filter((s) => s !== '')
    .join('\n');
  return [
    '<!doctype html>',
    `<html ${dirAttrs}>`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body><div ${dirAttrs} style="font-family:Arial,sans-serif;line-height:1.5;text-align:${align}">`,
    body,
    '</div></body>',
    '</html>',
  ].join('\n');
}

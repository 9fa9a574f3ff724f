/**
 * A message, rendered: its one-part SMS, or its e-mail (subject, plain text, HTML). The caller names
 * the message's module (messages/<kind>.ts), so a function that sends one kind bundles that kind's
 * text only; the notifier, which sends any kind, looks them up in messages.ts.
 */
import {
  emailContext,
  type Language,
  type MessageTemplate,
  type NotificationData,
  type RenderedEmail,
  requireFields,
  requireLists,
  smsContext,
  toHtml,
  toText,
} from './rendering.ts';
import { fitsOneSms, isGsm7 } from './sms.ts';

/** One-part SMS text for this notification (no names, never credentials). */
export function renderSms(template: MessageTemplate, language: Language, data: NotificationData): string {
  const { kind } = template;
  requireFields(kind, template.fields('sms', language), data);
  const variants = template.sms[language](smsContext(template, language, data));
  const text = variants.find((v) => fitsOneSms(v) && (language === 'ar' || isGsm7(v)));
  if (text === undefined) {
    // Unreachable with the messages as written: the last variant only contains a validated date.
    throw new Error(`Notification ${kind}/${language}: no SMS variant fits in one part`);
  }
  return text;
}

/**
 * Full e-mail (subject, plain text, HTML). Only APPLICANT_INVITED and CONTACT_DESIGNATED carry
 * credentials; remarks, reasons and conditions (free text) appear only in e-mails.
 */
export function renderEmail(
  template: MessageTemplate,
  language: Language,
  data: NotificationData,
): RenderedEmail {
  const { kind } = template;
  requireFields(kind, template.fields('email', language), data);
  requireLists(kind, template.lists ?? [], data);
  const { subject, blocks } = template.email(emailContext(language, data));
  // A subject is a header: no line breaks from interpolated values.
  const oneLineSubject = subject.replace(/[\r\n]+/g, ' ');
  return {
    subject: oneLineSubject,
    text: toText(blocks, language),
    html: toHtml(oneLineSubject, blocks, language),
  };
}

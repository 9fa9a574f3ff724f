/**
 * The messages the platform sends, one module per kind under messages/ (its required fields, its
 * SMS variants and its e-mail, in French and Arabic), registered here. The registry is typed over
 * NotificationKind, so a kind without a module does not compile.
 */
import { applicantInvited } from './messages/applicant-invited.ts';
import { applicationApproved } from './messages/application-approved.ts';
import { applicationOverdue } from './messages/application-overdue.ts';
import { applicationRejected } from './messages/application-rejected.ts';
import { applicationReturned } from './messages/application-returned.ts';
import { applicationShared } from './messages/application-shared.ts';
import { applicationSubmitted } from './messages/application-submitted.ts';
import { applicationTacitlyApproved } from './messages/application-tacitly-approved.ts';
import { applicationWithdrawn } from './messages/application-withdrawn.ts';
import { contactDesignated } from './messages/contact-designated.ts';
import { emailCode } from './messages/email-code.ts';
import {
  applicationAdmissible,
  applicationReceived,
  applicationReferred,
  applicationResubmitted,
  awaitingSignature,
  opinionGiven,
  paymentReceived,
} from './messages/file-steps.ts';
import { lateFilesDigest } from './messages/late-files-digest.ts';
import { licenceRenewalDue } from './messages/licence-renewal-due.ts';
import { opinionsComplete } from './messages/opinions-complete.ts';
import { permitIssued } from './messages/permit-issued.ts';
import { professionalVerified } from './messages/professional-verified.ts';
import { signingPin } from './messages/signing-pin.ts';
import {
  emailContext,
  type Language,
  type MessageTemplate,
  type NotificationData,
  type NotificationKind,
  type RenderedEmail,
  requireFields,
  requireLists,
  smsContext,
  toHtml,
  toText,
} from './rendering.ts';
import { fitsOneSms, isGsm7 } from './sms.ts';

export type {
  Language,
  NotificationData,
  NotificationKind,
  NotificationReason,
  NotificationRemark,
  RenderedEmail,
} from './rendering.ts';
export { escapeHtml, formatDate } from './rendering.ts';

const MESSAGES: { readonly [K in NotificationKind]: MessageTemplate } = {
  APPLICATION_SUBMITTED: applicationSubmitted,
  APPLICATION_WITHDRAWN: applicationWithdrawn,
  APPLICANT_INVITED: applicantInvited,
  APPLICATION_SHARED: applicationShared,
  PROFESSIONAL_VERIFIED: professionalVerified,
  CONTACT_DESIGNATED: contactDesignated,
  APPLICATION_RETURNED: applicationReturned,
  OPINIONS_COMPLETE: opinionsComplete,
  APPLICATION_APPROVED: applicationApproved,
  APPLICATION_REJECTED: applicationRejected,
  APPLICATION_TACITLY_APPROVED: applicationTacitlyApproved,
  APPLICATION_OVERDUE: applicationOverdue,
  PERMIT_ISSUED: permitIssued,
  SIGNING_PIN: signingPin,
  EMAIL_CODE: emailCode,
  APPLICATION_RECEIVED: applicationReceived,
  APPLICATION_RESUBMITTED: applicationResubmitted,
  APPLICATION_REFERRED: applicationReferred,
  APPLICATION_ADMISSIBLE: applicationAdmissible,
  OPINION_GIVEN: opinionGiven,
  PAYMENT_RECEIVED: paymentReceived,
  AWAITING_SIGNATURE: awaitingSignature,
  LATE_FILES_DIGEST: lateFilesDigest,
  LICENCE_RENEWAL_DUE: licenceRenewalDue,
};

/** One-part SMS text for this notification (no names, never credentials). */
export function renderSms(kind: NotificationKind, language: Language, data: NotificationData): string {
  const template = MESSAGES[kind];
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
  kind: NotificationKind,
  language: Language,
  data: NotificationData,
): RenderedEmail {
  const template = MESSAGES[kind];
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

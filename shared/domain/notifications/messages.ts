/**
 * The messages the platform sends, one module per kind under messages/ (its required fields, its
 * SMS variants and its e-mail, in French and Arabic), registered here. The registry is typed over
 * NotificationKind, so a kind without a module does not compile. The notifier renders from it; a use
 * case that sends one kind imports that module and render.ts instead, and bundles that text only.
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
import type { MessageTemplate, NotificationKind } from './rendering.ts';

export type {
  Language,
  NotificationData,
  NotificationKind,
  NotificationReason,
  NotificationRemark,
  RenderedEmail,
} from './rendering.ts';
export { escapeHtml, formatDate } from './rendering.ts';

/** Every message by its kind: for the notifier, which sends whichever an event calls for. */
export const MESSAGES: { readonly [K in NotificationKind]: MessageTemplate<K> } = {
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

import type { Application, ApplicationEvent } from '../applications/application.ts';
import { applicantName } from '../applications/application.ts';
import type { Commune } from '../geo/geo.ts';
import { CATALOGUE } from '../procedures/catalogue.ts';
import type { Procedure } from '../procedures/schema.ts';
import type { Professional } from '../professionals/professional.ts';
import { reasonLabel } from '../review/reasons.ts';
import type { StaffMember } from '../rollout/staff.ts';
import { type Language, MESSAGES, type NotificationData, type NotificationKind } from './messages.ts';
import { renderEmail, renderSms } from './render.ts';

/** Who filed the file: a professional, or a business filing for itself (the same contact fields). */
export type Filer = Pick<Professional, 'firstName' | 'lastName' | 'phone' | 'email' | 'preferredLanguage'>;

/** Who a message is for: the people who filed, or civil servants from their staff accounts. */
export type Audience = 'professional' | 'applicant' | 'desk' | 'agencies' | 'signatories';

export interface OutgoingMessage {
  kind: NotificationKind;
  audience: Audience;
  /** The recipient's name (kept in the file's message list; never in an SMS). */
  recipientName: string;
  language: Language;
  channel: 'sms' | 'email';
  /** E.164 phone or e-mail address. */
  to: string;
  /** Stable per recipient and channel, so a retried event does not send twice. */
  dedupeKey: string;
  sms?: string;
  email?: { subject: string; text: string; html: string };
}

/** A civil servant who may receive step messages (from the staff accounts). */
export type StaffRecipient = Pick<
  StaffMember,
  'username' | 'roles' | 'scope' | 'firstName' | 'lastName' | 'email' | 'preferredLanguage' | 'status'
>;

interface Step {
  kind: NotificationKind;
  audience: Audience[];
  /** Only when the event says so (e.g. a payment that leaves the file PAID, ready to sign). */
  when?: (event: ApplicationEvent) => boolean;
}

/**
 * Which events notify whom, of what (docs/review.md has the matrix). The people who filed get SMS
 * and e-mail; civil servants get e-mail at their staff account's address, in their language.
 */
export const EVENT_MESSAGES: Partial<Record<string, Step[]>> = {
  APPLICATION_SUBMITTED: [
    { kind: 'APPLICATION_SUBMITTED', audience: ['professional', 'applicant'] },
    { kind: 'APPLICATION_RECEIVED', audience: ['desk'] },
  ],
  APPLICATION_RESUBMITTED: [{ kind: 'APPLICATION_RESUBMITTED', audience: ['desk'] }],
  APPLICATION_WITHDRAWN: [{ kind: 'APPLICATION_WITHDRAWN', audience: ['professional', 'applicant'] }],
  APPLICATION_RETURNED: [{ kind: 'APPLICATION_RETURNED', audience: ['professional', 'applicant'] }],
  APPLICATION_ADMISSIBLE: [
    { kind: 'APPLICATION_ADMISSIBLE', audience: ['professional', 'applicant'] },
    { kind: 'APPLICATION_REFERRED', audience: ['agencies'] },
  ],
  OPINION_GIVEN: [{ kind: 'OPINION_GIVEN', audience: ['professional', 'applicant'] }],
  OPINIONS_COMPLETE: [{ kind: 'OPINIONS_COMPLETE', audience: ['desk'] }],
  APPLICATION_APPROVED: [{ kind: 'APPLICATION_APPROVED', audience: ['professional', 'applicant'] }],
  APPLICATION_REJECTED: [{ kind: 'APPLICATION_REJECTED', audience: ['professional', 'applicant'] }],
  APPLICATION_TACITLY_APPROVED: [
    { kind: 'APPLICATION_TACITLY_APPROVED', audience: ['professional', 'applicant'] },
  ],
  APPLICATION_OVERDUE: [{ kind: 'APPLICATION_OVERDUE', audience: ['professional', 'desk'] }],
  PAYMENT_RECEIVED: [
    { kind: 'PAYMENT_RECEIVED', audience: ['professional', 'applicant'] },
    { kind: 'AWAITING_SIGNATURE', audience: ['signatories'], when: (e) => e.to === 'PAID' },
  ],
  PERMIT_ISSUED: [{ kind: 'PERMIT_ISSUED', audience: ['professional', 'applicant'] }],
  LICENCE_RENEWAL_DUE: [{ kind: 'LICENCE_RENEWAL_DUE', audience: ['professional', 'applicant'] }],
};

/** Events that notify someone (the stream handler skips the others without a read). */
export const notifies = (type: string): boolean =>
  type === 'PROFESSIONAL_VERIFIED' || EVENT_MESSAGES[type] !== undefined;

/** Whether an event's messages need the staff accounts of the file's province. */
export const needsStaff = (type: string): boolean =>
  (EVENT_MESSAGES[type] ?? []).some((step) =>
    step.audience.some((a) => a === 'desk' || a === 'agencies' || a === 'signatories'),
  );

interface Recipient {
  audience: Audience;
  /** Distinguishes several recipients of one audience (staff username). */
  id?: string;
  name: string;
  phone?: string;
  email?: string;
  language: Language;
}

function messagesFor(
  kind: NotificationKind,
  recipient: Recipient,
  dataFor: (language: Language) => Omit<NotificationData, 'recipientName'>,
): OutgoingMessage[] {
  const full = { ...dataFor(recipient.language), recipientName: recipient.name };
  const who = recipient.id ? `${recipient.audience}#${recipient.id}` : recipient.audience;
  const base = {
    kind,
    audience: recipient.audience,
    recipientName: recipient.name,
    language: recipient.language,
  };
  const out: OutgoingMessage[] = [];
  if (recipient.phone) {
    out.push({
      ...base,
      channel: 'sms',
      to: recipient.phone,
      dedupeKey: `sms#${who}${kindSuffix(kind)}`,
      sms: renderSms(MESSAGES[kind], recipient.language, full),
    });
  }
  if (recipient.email) {
    out.push({
      ...base,
      channel: 'email',
      to: recipient.email,
      dedupeKey: `email#${who}${kindSuffix(kind)}`,
      email: renderEmail(MESSAGES[kind], recipient.language, full),
    });
  }
  return out;
}

/** The first message of an event keeps its historical dedupe key; the second one of the same event is told apart. */
const SECOND_KINDS: ReadonlySet<NotificationKind> = new Set([
  'APPLICATION_RECEIVED',
  'APPLICATION_REFERRED',
  'AWAITING_SIGNATURE',
]);
const kindSuffix = (kind: NotificationKind) => (SECOND_KINDS.has(kind) ? `#${kind}` : '');

const OPINION_LABELS: Record<string, Record<Language, string>> = {
  FAVOURABLE: { fr: 'Favorable', ar: 'موافق' },
  FAVOURABLE_WITH_CONDITIONS: { fr: 'Favorable sous conditions', ar: 'موافق بشروط' },
  UNFAVOURABLE: { fr: 'Défavorable', ar: 'غير موافق' },
};

const staffName = (m: StaffRecipient) => `${m.firstName} ${m.lastName}`;

/** The active staff accounts an audience designates for this file. */
function staffOf(
  audience: Audience,
  staff: readonly StaffRecipient[],
  app: Application,
  event: ApplicationEvent,
): StaffRecipient[] {
  const active = staff.filter((m) => m.status === 'ACTIVE');
  switch (audience) {
    case 'desk':
      return active.filter((m) => m.roles.includes('desk_agent') && m.scope.communeId === app.communeId);
    case 'signatories':
      return active.filter((m) => m.roles.includes('signatory') && m.scope.communeId === app.communeId);
    case 'agencies': {
      const referred = Array.isArray(event.details.agencies)
        ? (event.details.agencies as string[])
        : (app.consultedAgencies ?? []);
      return active.filter(
        (m) =>
          m.roles.includes('commission_member') &&
          m.scope.provinceId === app.provinceId &&
          referred.includes(String(m.scope.agencyId)),
      );
    }
    default:
      return [];
  }
}

/**
 * What to send for an application event: to the professional and the applicant (SMS and e-mail),
 * and to the civil servants concerned (e-mail from their staff accounts), each in their language.
 */
export function planApplicationNotifications(
  event: ApplicationEvent,
  app: Application,
  professional: Filer | undefined,
  commune: Pick<Commune, 'nameFr' | 'nameAr'> | undefined,
  procedure: Pick<Procedure, 'labelFr' | 'labelAr'>,
  staff: readonly StaffRecipient[] = [],
): OutgoingMessage[] {
  const steps = (EVENT_MESSAGES[event.type] ?? []).filter((step) => step.when?.(event) ?? true);
  return steps.flatMap((step) => planStep(step, event, app, professional, commune, procedure, staff));
}

function planStep(
  { kind, audience }: Step,
  event: ApplicationEvent,
  app: Application,
  professional: Filer | undefined,
  commune: Pick<Commune, 'nameFr' | 'nameAr'> | undefined,
  procedure: Pick<Procedure, 'labelFr' | 'labelAr'>,
  staff: readonly StaffRecipient[],
): OutgoingMessage[] {
  const data = (language: Language): Omit<NotificationData, 'recipientName'> => ({
    applicationId: app.id,
    procedureLabelFr: procedure.labelFr,
    procedureLabelAr: procedure.labelAr,
    communeNameFr: commune?.nameFr ?? app.communeId,
    communeNameAr: commune?.nameAr ?? app.communeId,
    ...(app.receiptNumber ? { receiptNumber: app.receiptNumber } : {}),
    ...(app.deadlineDate ? { deadlineDate: app.deadlineDate } : {}),
    ...(kind === 'APPLICATION_RETURNED' && app.lastReturn
      ? {
          round: app.lastReturn.round,
          remarks: app.lastReturn.remarks.map((r) => ({
            ...(r.documentCode ? { documentCode: r.documentCode } : {}),
            reasonLabel: reasonLabel(r.reasonCode, language),
            ...(r.text ? { text: r.text } : {}),
          })),
        }
      : {}),
    ...(kind === 'APPLICATION_APPROVED' ? { conditions: app.decision?.conditions ?? [] } : {}),
    ...(kind === 'PERMIT_ISSUED' && app.permit
      ? { permitNumber: app.permit.number, verificationUrl: app.permit.verificationUrl }
      : {}),
    ...(kind === 'OPINION_GIVEN' ? opinionData(event, language) : {}),
    // The reminder's date is the licence's expiry, its number the licence's.
    ...(kind === 'LICENCE_RENEWAL_DUE'
      ? { deadlineDate: String(event.details.validUntil), permitNumber: String(event.details.permitNumber) }
      : {}),
    ...(kind === 'APPLICATION_REJECTED'
      ? {
          reasons: (app.decision?.reasons ?? []).map((r) => ({
            reasonLabel: reasonLabel(r.reasonCode, language),
            ...(r.text ? { text: r.text } : {}),
          })),
        }
      : {}),
  });
  const recipients: Recipient[] = [];
  if (professional && audience.includes('professional')) {
    recipients.push({
      audience: 'professional',
      name: `${professional.firstName} ${professional.lastName}`,
      phone: professional.phone,
      email: professional.email,
      language: professional.preferredLanguage,
    });
  }
  if (audience.includes('applicant')) {
    recipients.push({
      audience: 'applicant',
      name: applicantName(app.applicant),
      ...(app.applicant.phone ? { phone: app.applicant.phone } : {}),
      ...(app.applicant.email ? { email: app.applicant.email } : {}),
      language: app.applicant.preferredLanguage,
    });
  }
  for (const group of audience) {
    for (const member of staffOf(group, staff, app, event)) {
      recipients.push({
        audience: group,
        id: member.username,
        name: staffName(member),
        email: member.email,
        language: member.preferredLanguage,
      });
    }
  }
  return recipients.flatMap((r) => messagesFor(kind, r, data));
}

function opinionData(event: ApplicationEvent, language: Language) {
  const agency = CATALOGUE.agencies.find((a) => a.code === event.details.agency);
  const verdict = OPINION_LABELS[String(event.details.opinion)];
  return {
    ...(agency ? { agencyLabel: language === 'fr' ? agency.labelFr : agency.labelAr } : {}),
    ...(verdict ? { opinionLabel: verdict[language] } : {}),
  };
}

/** The professional hears that the ministry verified their account. */
export function planProfessionalNotifications(type: string, professional: Professional): OutgoingMessage[] {
  if (type !== 'PROFESSIONAL_VERIFIED') return [];
  return messagesFor(
    'PROFESSIONAL_VERIFIED',
    {
      audience: 'professional',
      name: `${professional.firstName} ${professional.lastName}`,
      phone: professional.phone,
      email: professional.email,
      language: professional.preferredLanguage,
    },
    () => ({
      applicationId: professional.id,
      procedureLabelFr: '-',
      procedureLabelAr: '-',
      communeNameFr: '-',
      communeNameAr: '-',
    }),
  );
}

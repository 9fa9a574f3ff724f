import type { Application, ApplicationEvent } from '../applications/application.ts';
import { applicantName } from '../applications/application.ts';
import type { Commune } from '../geo/geo.ts';
import type { Procedure } from '../procedures/schema.ts';
import type { Professional } from '../professionals/professional.ts';
import { reasonLabel } from '../review/reasons.ts';
import {
  type Language,
  type NotificationData,
  type NotificationKind,
  renderEmail,
  renderSms,
} from './messages.ts';

export interface OutgoingMessage {
  channel: 'sms' | 'email';
  /** E.164 phone or e-mail address. */
  to: string;
  /** Stable per recipient and channel, so a retried event does not send twice. */
  dedupeKey: string;
  sms?: string;
  email?: { subject: string; text: string; html: string };
}

/** The events that notify someone, and of what. */
export const NOTIFYING_EVENTS: Partial<Record<string, NotificationKind>> = {
  APPLICATION_SUBMITTED: 'APPLICATION_SUBMITTED',
  APPLICATION_WITHDRAWN: 'APPLICATION_WITHDRAWN',
  PROFESSIONAL_VERIFIED: 'PROFESSIONAL_VERIFIED',
  APPLICATION_RETURNED: 'APPLICATION_RETURNED',
  OPINIONS_COMPLETE: 'OPINIONS_COMPLETE',
  APPLICATION_APPROVED: 'APPLICATION_APPROVED',
  APPLICATION_REJECTED: 'APPLICATION_REJECTED',
  APPLICATION_TACITLY_APPROVED: 'APPLICATION_TACITLY_APPROVED',
  APPLICATION_OVERDUE: 'APPLICATION_OVERDUE',
  PERMIT_ISSUED: 'PERMIT_ISSUED',
};

/** Who hears of what: the people who filed, the commune's desk, or both. */
const AUDIENCE: Partial<Record<NotificationKind, ('professional' | 'applicant' | 'desk')[]>> = {
  OPINIONS_COMPLETE: ['desk'],
  APPLICATION_OVERDUE: ['professional', 'desk'],
};

interface Recipient {
  role: 'professional' | 'applicant' | 'desk';
  name: string;
  phone?: string;
  email?: string;
  language: Language;
}

function messagesFor(
  kind: NotificationKind,
  recipient: Recipient,
  dataFor:
    | Omit<NotificationData, 'recipientName'>
    | ((language: Language) => Omit<NotificationData, 'recipientName'>),
): OutgoingMessage[] {
  const data = typeof dataFor === 'function' ? dataFor(recipient.language) : dataFor;
  const full = { ...data, recipientName: recipient.name };
  const out: OutgoingMessage[] = [];
  if (recipient.phone) {
    out.push({
      channel: 'sms',
      to: recipient.phone,
      dedupeKey: `sms#${recipient.role}`,
      sms: renderSms(kind, recipient.language, full),
    });
  }
  if (recipient.email) {
    out.push({
      channel: 'email',
      to: recipient.email,
      dedupeKey: `email#${recipient.role}`,
      email: renderEmail(kind, recipient.language, full),
    });
  }
  return out;
}

/**
 * What to send for an application event: SMS and e-mail to the professional and to the applicant,
 * each in the recipient's preferred language (French or Arabic).
 */
export function planApplicationNotifications(
  event: ApplicationEvent,
  app: Application,
  professional: Professional | undefined,
  commune: Pick<Commune, 'nameFr' | 'nameAr' | 'deskEmail'> | undefined,
  procedure: Pick<Procedure, 'labelFr' | 'labelAr'>,
): OutgoingMessage[] {
  const kind = NOTIFYING_EVENTS[event.type];
  if (!kind) return [];
  const audience = AUDIENCE[kind] ?? ['professional', 'applicant'];
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
      role: 'professional',
      name: `${professional.firstName} ${professional.lastName}`,
      phone: professional.phone,
      email: professional.email,
      language: professional.preferredLanguage,
    });
  }
  if (audience.includes('applicant')) {
    recipients.push({
      role: 'applicant',
      name: applicantName(app.applicant),
      ...(app.applicant.phone ? { phone: app.applicant.phone } : {}),
      ...(app.applicant.email ? { email: app.applicant.email } : {}),
      language: app.applicant.preferredLanguage,
    });
  }
  if (audience.includes('desk') && commune?.deskEmail) {
    recipients.push({ role: 'desk', name: 'Guichet unique', email: commune.deskEmail, language: 'fr' });
  }
  return recipients.flatMap((r) => messagesFor(kind, r, data));
}

/** The professional hears that the ministry verified their account. */
export function planProfessionalNotifications(type: string, professional: Professional): OutgoingMessage[] {
  const kind = NOTIFYING_EVENTS[type];
  if (kind !== 'PROFESSIONAL_VERIFIED') return [];
  return messagesFor(
    kind,
    {
      role: 'professional',
      name: `${professional.firstName} ${professional.lastName}`,
      phone: professional.phone,
      email: professional.email,
      language: professional.preferredLanguage,
    },
    {
      applicationId: professional.id,
      procedureLabelFr: '-',
      procedureLabelAr: '-',
      communeNameFr: '-',
      communeNameAr: '-',
    },
  );
}

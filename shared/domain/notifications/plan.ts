import type { Application, ApplicationEvent } from '../applications/application.ts';
import { applicantName } from '../applications/application.ts';
import type { Commune } from '../geo/geo.ts';
import type { Procedure } from '../procedures/schema.ts';
import type { Professional } from '../professionals/professional.ts';
import {
  type Language,
  type NotificationData,
  type NotificationKind,
  renderEmail,
  renderSms,
} from './templates.ts';

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
};

interface Recipient {
  role: 'professional' | 'applicant';
  name: string;
  phone?: string;
  email?: string;
  language: Language;
}

function messagesFor(
  kind: NotificationKind,
  recipient: Recipient,
  data: Omit<NotificationData, 'recipientName'>,
): OutgoingMessage[] {
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
  commune: Pick<Commune, 'nameFr' | 'nameAr'> | undefined,
  procedure: Pick<Procedure, 'labelFr' | 'labelAr'>,
): OutgoingMessage[] {
  const kind = NOTIFYING_EVENTS[event.type];
  if (!kind) return [];
  const data: Omit<NotificationData, 'recipientName'> = {
    applicationId: app.id,
    procedureLabelFr: procedure.labelFr,
    procedureLabelAr: procedure.labelAr,
    communeNameFr: commune?.nameFr ?? app.communeId,
    communeNameAr: commune?.nameAr ?? app.communeId,
    ...(app.receiptNumber ? { receiptNumber: app.receiptNumber } : {}),
    ...(app.deadlineDate ? { deadlineDate: app.deadlineDate } : {}),
  };
  const recipients: Recipient[] = [];
  if (professional) {
    recipients.push({
      role: 'professional',
      name: `${professional.firstName} ${professional.lastName}`,
      phone: professional.phone,
      email: professional.email,
      language: professional.preferredLanguage,
    });
  }
  recipients.push({
    role: 'applicant',
    name: applicantName(app.applicant),
    ...(app.applicant.phone ? { phone: app.applicant.phone } : {}),
    ...(app.applicant.email ? { email: app.applicant.email } : {}),
    language: app.applicant.preferredLanguage,
  });
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

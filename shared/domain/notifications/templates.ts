/**
 * Notification texts (SMS + e-mail) in French and Arabic, pure and dependency-free.
 *
 * SMS rules: always exactly ONE part (French in GSM-7 ≤ 160 septets, Arabic in UCS-2 ≤ 70 units),
 * no names, no credentials. Each SMS has variants from the fullest to the shortest; the first one
 * that fits is sent, so an unusually long receipt number or commune name degrades the text instead
 * of splitting (and paying for) the message. Dates are written DD/MM/YYYY in both languages.
 *
 * E-mail: the HTML is generated from plain-text blocks and every piece of text is HTML-escaped,
 * so no interpolated value can inject markup.
 */
import { fitsOneSms, isGsm7 } from './sms.ts';

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
  | 'SIGNING_PIN';

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
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The text fields of NotificationData (checked by `requireFields`). */
type Field = {
  [K in keyof NotificationData]-?: NotificationData[K] extends string | undefined ? K : never;
}[keyof NotificationData];

/** Fields each kind needs, per channel and language. */
function requiredFields(kind: NotificationKind, channel: 'sms' | 'email', lang: Language): Field[] {
  const procedure: Field = lang === 'fr' ? 'procedureLabelFr' : 'procedureLabelAr';
  const commune: Field = lang === 'fr' ? 'communeNameFr' : 'communeNameAr';
  const application: Field[] = ['recipientName', 'applicationId', procedure, commune];
  switch (kind) {
    case 'APPLICATION_SUBMITTED':
    case 'APPLICATION_TACITLY_APPROVED':
    case 'APPLICATION_OVERDUE':
      return channel === 'sms'
        ? ['receiptNumber', 'deadlineDate']
        : [...application, 'receiptNumber', 'deadlineDate'];
    case 'APPLICATION_WITHDRAWN':
    case 'APPLICATION_RETURNED':
    case 'OPINIONS_COMPLETE':
    case 'APPLICATION_APPROVED':
    case 'APPLICATION_REJECTED':
      return channel === 'sms' ? ['receiptNumber'] : [...application, 'receiptNumber'];
    case 'APPLICANT_INVITED':
      return channel === 'sms' ? [] : [...application, 'username', 'temporaryPassword', 'loginUrl'];
    case 'APPLICATION_SHARED':
      return channel === 'sms' ? [] : [...application, 'username', 'loginUrl'];
    case 'PROFESSIONAL_VERIFIED':
      return channel === 'sms' ? [] : ['recipientName'];
    case 'PERMIT_ISSUED':
      return channel === 'sms'
        ? ['receiptNumber', 'permitNumber']
        : [...application, 'receiptNumber', 'permitNumber', 'verificationUrl'];
    case 'SIGNING_PIN':
      return channel === 'sms' ? ['pin'] : ['recipientName', 'pin', commune, 'keyAlias'];
    case 'CONTACT_DESIGNATED':
      return channel === 'sms'
        ? []
        : [
            'recipientName',
            lang === 'fr' ? 'provinceNameFr' : 'provinceNameAr',
            'username',
            'temporaryPassword',
            'loginUrl',
          ];
  }
}

function requireFields(kind: NotificationKind, fields: Field[], data: NotificationData): void {
  for (const field of fields) {
    const value = data[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(`Notification ${kind}: required field '${field}' is missing or empty`);
    }
  }
}

/** Lists the e-mail of a kind needs (the SMS never needs them: free text stays out of SMS). */
function requiredEmailLists(kind: NotificationKind): ('remarks' | 'reasons')[] {
  if (kind === 'APPLICATION_RETURNED') return ['remarks'];
  if (kind === 'APPLICATION_REJECTED') return ['reasons'];
  return [];
}

function requireLists(
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
function req(data: NotificationData, field: Field): string {
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
function safeUrl(url: string): string {
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

// ---------------------------------------------------------------------------------------------------------
// SMS
// ---------------------------------------------------------------------------------------------------------

function smsVariants(kind: NotificationKind, lang: Language, data: NotificationData): string[] {
  const receipt = req(data, 'receiptNumber');
  const commune = (lang === 'fr' ? data.communeNameFr : data.communeNameAr)?.trim() ?? '';
  const deadline = requiredFields(kind, 'sms', lang).includes('deadlineDate')
    ? formatDate(req(data, 'deadlineDate'))
    : '';
  if (lang === 'fr') {
    switch (kind) {
      case 'APPLICATION_SUBMITTED':
        return [
          ...(commune ? [`Rukhsa: dossier ${receipt} déposé à ${commune}. Délai légal: ${deadline}.`] : []),
          `Rukhsa: dossier ${receipt} déposé. Délai légal: ${deadline}.`,
          `Rukhsa: votre dossier a été déposé. Délai légal: ${deadline}.`,
        ];
      case 'APPLICATION_WITHDRAWN':
        return [
          ...(commune ? [`Rukhsa: votre dossier ${receipt} déposé à ${commune} a été retiré.`] : []),
          `Rukhsa: votre dossier ${receipt} a été retiré.`,
          'Rukhsa: votre dossier a été retiré.',
        ];
      case 'APPLICANT_INVITED':
        return ['Rukhsa: un compte a été créé pour vous. Consultez votre e-mail pour vous connecter.'];
      case 'APPLICATION_SHARED':
        return ['Rukhsa: un dossier a été ajouté à votre compte. Consultez votre e-mail.'];
      case 'PROFESSIONAL_VERIFIED':
        return ['Rukhsa: votre compte professionnel a été vérifié. Vous pouvez déposer des dossiers.'];
      case 'PERMIT_ISSUED':
        return [
          `Rukhsa: votre autorisation ${req(data, 'permitNumber')} (dossier ${receipt}) est signée et délivrée. Téléchargez-la sur la plateforme.`,
          `Rukhsa: autorisation ${req(data, 'permitNumber')} délivrée (dossier ${receipt}). Voir la plateforme.`,
          `Rukhsa: autorisation ${req(data, 'permitNumber')} délivrée. Voir la plateforme.`,
        ];
      case 'SIGNING_PIN':
        return [
          `Rukhsa: code PIN de votre clé de signature: ${req(data, 'pin')}. ${data.pinReset ? 'Il remplace le précédent. ' : ''}Changez-le à la première utilisation. Ne le communiquez à personne.`,
          `Rukhsa: PIN de votre clé de signature: ${req(data, 'pin')}. À changer à la première utilisation.`,
        ];
      case 'CONTACT_DESIGNATED':
        return [
          'Rukhsa: vous avez été désigné(e) contact de votre province. Consultez votre e-mail pour vous connecter.',
        ];
      case 'APPLICATION_RETURNED':
        return [
          ...(commune
            ? [
                `Rukhsa: votre dossier ${receipt} déposé à ${commune} est retourné pour complément. Voir votre e-mail ou la plateforme.`,
              ]
            : []),
          `Rukhsa: votre dossier ${receipt} est retourné pour complément. Voir votre e-mail ou la plateforme.`,
          'Rukhsa: votre dossier est retourné pour complément. Voir votre e-mail ou la plateforme.',
        ];
      case 'OPINIONS_COMPLETE':
        return [
          ...(commune
            ? [
                `Rukhsa: tous les avis sont rendus pour le dossier ${receipt} (${commune}). Dossier en attente de décision.`,
              ]
            : []),
          `Rukhsa: tous les avis sont rendus pour le dossier ${receipt}. Dossier en attente de décision.`,
          'Rukhsa: tous les avis sont rendus pour un dossier. Dossier en attente de décision.',
        ];
      case 'APPLICATION_APPROVED':
        return [
          ...(commune
            ? [
                `Rukhsa: décision favorable pour votre dossier ${receipt} déposé à ${commune}. Voir votre e-mail ou la plateforme.`,
              ]
            : []),
          `Rukhsa: décision favorable pour votre dossier ${receipt}. Voir votre e-mail ou la plateforme.`,
          'Rukhsa: décision favorable pour votre dossier. Voir votre e-mail ou la plateforme.',
        ];
      case 'APPLICATION_REJECTED':
        return [
          ...(commune
            ? [
                `Rukhsa: décision défavorable pour votre dossier ${receipt} déposé à ${commune}. Voir votre e-mail ou la plateforme.`,
              ]
            : []),
          `Rukhsa: décision défavorable pour votre dossier ${receipt}. Voir votre e-mail ou la plateforme.`,
          'Rukhsa: décision défavorable pour votre dossier. Voir votre e-mail ou la plateforme.',
        ];
      case 'APPLICATION_TACITLY_APPROVED':
        return [
          ...(commune
            ? [
                `Rukhsa: dossier ${receipt} déposé à ${commune} accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
              ]
            : []),
          `Rukhsa: dossier ${receipt} accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
          `Rukhsa: votre dossier est accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
        ];
      case 'APPLICATION_OVERDUE':
        return [
          ...(commune
            ? [`Rukhsa: dossier ${receipt} à ${commune}: délai légal du ${deadline} dépassé sans décision.`]
            : []),
          `Rukhsa: dossier ${receipt}: délai légal du ${deadline} dépassé sans décision.`,
          `Rukhsa: un dossier a dépassé son délai légal du ${deadline} sans décision.`,
        ];
    }
  }
  switch (kind) {
    case 'APPLICATION_SUBMITTED':
      return [
        `رخصة: تم إيداع ملفكم ${receipt}. الأجل ${deadline}`,
        `رخصة: أودع ملفكم ${receipt}. الأجل ${deadline}`,
        `رخصة: أودع ${receipt}، الأجل ${deadline}`,
        `رخصة: تم إيداع ملفكم. الأجل ${deadline}`,
      ];
    case 'APPLICATION_WITHDRAWN':
      return [`رخصة: تم سحب ملفكم ${receipt}`, 'رخصة: تم سحب ملفكم'];
    case 'APPLICANT_INVITED':
      return ['رخصة: تم إنشاء حساب لكم. راجعوا بريدكم الإلكتروني.'];
    case 'APPLICATION_SHARED':
      return ['رخصة: أضيف ملف إلى حسابكم. راجعوا بريدكم الإلكتروني.'];
    case 'PROFESSIONAL_VERIFIED':
      return ['رخصة: تم التحقق من حسابكم المهني. يمكنكم إيداع الملفات.'];
    case 'CONTACT_DESIGNATED':
      return ['رخصة: تم تعيينكم مخاطبا للإقليم. راجعوا بريدكم الإلكتروني.'];
    case 'PERMIT_ISSUED':
      return [
        `رخصة: صدرت رخصتكم ${req(data, 'permitNumber')} موقعة. حملوها من المنصة`,
        `رخصة: صدرت ${req(data, 'permitNumber')}. راجعوا المنصة`,
      ];
    case 'SIGNING_PIN':
      return [
        `رخصة: الرمز السري لمفتاح التوقيع ${req(data, 'pin')}. غيروه عند أول استعمال ولا تطلعوا عليه أحدا`,
        `رخصة: الرمز السري لمفتاح التوقيع ${req(data, 'pin')}. غيروه عند أول استعمال`,
      ];
    case 'APPLICATION_RETURNED':
      return [
        `رخصة: أعيد ملفكم ${receipt} للإتمام. راجعوا بريدكم أو المنصة`,
        `رخصة: أعيد ملفكم ${receipt} للإتمام. راجعوا المنصة`,
        `رخصة: أعيد ${receipt} للإتمام. راجعوا المنصة`,
        `رخصة: أعيد ${receipt}. راجعوا المنصة`,
        'رخصة: أعيد ملفكم للإتمام. راجعوا بريدكم الإلكتروني أو المنصة',
      ];
    case 'OPINIONS_COMPLETE':
      return [
        `رخصة: اكتملت الآراء في الملف ${receipt}، وهو جاهز للبت`,
        `رخصة: الملف ${receipt} جاهز للبت، اكتملت الآراء`,
        `رخصة: اكتملت آراء ${receipt}، جاهز للبت`,
        'رخصة: اكتملت الآراء في ملف، وهو جاهز للبت',
      ];
    case 'APPLICATION_APPROVED':
      return [
        `رخصة: صدر قرار بالموافقة على ملفكم ${receipt}. راجعوا المنصة`,
        `رخصة: تمت الموافقة على ملفكم ${receipt}. راجعوا المنصة`,
        `رخصة: تمت الموافقة على ${receipt}. راجعوا المنصة`,
        `رخصة: تمت الموافقة على ملفكم ${receipt}`,
        'رخصة: صدر قرار بالموافقة على ملفكم. راجعوا بريدكم أو المنصة',
      ];
    case 'APPLICATION_REJECTED':
      return [
        `رخصة: صدر قرار برفض ملفكم ${receipt}. راجعوا بريدكم أو المنصة`,
        `رخصة: صدر قرار برفض ملفكم ${receipt}. راجعوا المنصة`,
        `رخصة: رفض ملفكم ${receipt}. راجعوا المنصة`,
        `رخصة: رفض ${receipt}. راجعوا المنصة`,
        'رخصة: صدر قرار برفض ملفكم. راجعوا بريدكم أو المنصة',
      ];
    case 'APPLICATION_TACITLY_APPROVED':
      return [
        `رخصة: ملفكم ${receipt} مقبول ضمنيا. اطبعوه من المنصة`,
        `رخصة: ${receipt} مقبول ضمنيا. اطبعوه بالمنصة`,
        `رخصة: ملفكم ${receipt} مقبول ضمنيا`,
        `رخصة: ملفكم مقبول ضمنيا بانقضاء الأجل ${deadline}. اطبعوه من المنصة`,
      ];
    case 'APPLICATION_OVERDUE':
      return [
        `رخصة: تجاوز الملف ${receipt} الأجل القانوني ${deadline} دون قرار`,
        `رخصة: تجاوز الملف ${receipt} الأجل القانوني ${deadline}`,
        `رخصة: تجاوز الملف ${receipt} الأجل ${deadline}`,
        `رخصة: انقضى أجل ${receipt} في ${deadline}`,
        `رخصة: تجاوز ملف الأجل القانوني ${deadline} دون قرار`,
      ];
  }
}

/** One-part SMS text for this notification (no names, never credentials). */
export function renderSms(kind: NotificationKind, language: Language, data: NotificationData): string {
  requireFields(kind, requiredFields(kind, 'sms', language), data);
  const variants = smsVariants(kind, language, data);
  const text = variants.find((v) => fitsOneSms(v) && (language === 'ar' || isGsm7(v)));
  if (text === undefined) {
    // Unreachable with the templates above: the last variant only contains a validated date.
    throw new Error(`Notification ${kind}/${language}: no SMS variant fits in one part`);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------------------

type Row = { label: string; value: string; link?: boolean };
/** A bulleted item: optional left-to-right code (document code), a label, optional free text. */
type Item = { code?: string; label: string; detail?: string };
type Block = { paragraph: string } | { rows: Row[] } | { items: Item[] };

interface EmailContent {
  subject: string;
  blocks: Block[];
}

function emailContent(kind: NotificationKind, lang: Language, data: NotificationData): EmailContent {
  const name = req(data, 'recipientName');
  const fr = lang === 'fr';
  const procedure = fr ? data.procedureLabelFr.trim() : data.procedureLabelAr.trim();
  const commune = fr ? data.communeNameFr.trim() : data.communeNameAr.trim();
  const greeting = { paragraph: fr ? `Bonjour ${name},` : `مرحبا ${name}،` };
  const signature = { paragraph: fr ? 'L’équipe Rukhsa' : 'فريق رخصة' };
  const loginRow = (label: string): Row[] =>
    data.loginUrl?.trim() ? [{ label, value: safeUrl(data.loginUrl.trim()), link: true }] : [];

  switch (kind) {
    case 'APPLICATION_SUBMITTED': {
      const receipt = req(data, 'receiptNumber');
      const deadline = formatDate(req(data, 'deadlineDate'));
      return fr
        ? {
            subject: `Rukhsa : dossier ${receipt} déposé`,
            blocks: [
              greeting,
              {
                paragraph: `Votre dossier « ${procedure} » a bien été déposé auprès de la commune de ${commune}.`,
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  { label: 'Délai légal d’instruction', value: `jusqu’au ${deadline}` },
                ],
              },
              { paragraph: 'Conservez ce numéro de récépissé : il vous permet de suivre votre dossier.' },
              signature,
            ],
          }
        : {
            subject: `رخصة: تم إيداع ملفكم ${receipt}`,
            blocks: [
              greeting,
              { paragraph: `تم إيداع ملفكم «${procedure}» لدى جماعة ${commune}.` },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  { label: 'الأجل القانوني للدراسة', value: deadline },
                ],
              },
              { paragraph: 'احتفظوا برقم الوصل، فهو يمكنكم من تتبع ملفكم.' },
              signature,
            ],
          };
    }
    case 'APPLICATION_WITHDRAWN': {
      const receipt = req(data, 'receiptNumber');
      return fr
        ? {
            subject: `Rukhsa : dossier ${receipt} retiré`,
            blocks: [
              greeting,
              {
                paragraph: `Votre dossier « ${procedure} » déposé auprès de la commune de ${commune} a été retiré. Il ne sera plus instruit.`,
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: تم سحب ملفكم ${receipt}`,
            blocks: [
              greeting,
              { paragraph: `تم سحب ملفكم «${procedure}» المودع لدى جماعة ${commune}، ولن تتم دراسته.` },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                ],
              },
              signature,
            ],
          };
    }
    case 'APPLICATION_SHARED':
      return fr
        ? {
            subject: 'Rukhsa : un dossier a été ajouté à votre compte',
            blocks: [
              greeting,
              {
                paragraph: `Le dossier « ${procedure} » auprès de la commune de ${commune} (référence ${data.applicationId.trim()}) a été ajouté à votre compte Rukhsa. Connectez-vous avec votre identifiant habituel pour le suivre.`,
              },
              { rows: [{ label: 'Identifiant', value: req(data, 'username') }, ...loginRow('Connexion')] },
              signature,
            ],
          }
        : {
            subject: 'رخصة: أضيف ملف إلى حسابكم',
            blocks: [
              greeting,
              {
                paragraph: `أضيف الملف «${procedure}» لدى جماعة ${commune} (المرجع ${data.applicationId.trim()}) إلى حسابكم على منصة رخصة. سجلوا الدخول باسم المستخدم المعتاد لتتبعه.`,
              },
              { rows: [{ label: 'اسم المستخدم', value: req(data, 'username') }, ...loginRow('رابط الدخول')] },
              signature,
            ],
          };
    case 'APPLICANT_INVITED': {
      const credentials = (user: string, password: string, link: string): Block => ({
        rows: [
          { label: user, value: req(data, 'username') },
          { label: password, value: req(data, 'temporaryPassword') },
          { label: link, value: safeUrl(req(data, 'loginUrl')), link: true },
        ],
      });
      return fr
        ? {
            subject: 'Rukhsa : votre compte a été créé',
            blocks: [
              greeting,
              {
                paragraph: `Un compte Rukhsa a été créé pour vous afin de suivre le dossier « ${procedure} » auprès de la commune de ${commune} (référence ${data.applicationId.trim()}).`,
              },
              credentials('Identifiant', 'Mot de passe temporaire', 'Connexion'),
              {
                paragraph:
                  'Ce mot de passe temporaire doit être changé lors de votre première connexion. Ne le communiquez à personne.',
              },
              { paragraph: 'Si vous n’attendiez pas ce message, ignorez-le.' },
              signature,
            ],
          }
        : {
            subject: 'رخصة: تم إنشاء حسابكم',
            blocks: [
              greeting,
              {
                paragraph: `تم إنشاء حساب لكم على منصة رخصة لتتبع الملف «${procedure}» لدى جماعة ${commune} (المرجع ${data.applicationId.trim()}).`,
              },
              credentials('اسم المستخدم', 'كلمة المرور المؤقتة', 'رابط الدخول'),
              { paragraph: 'يجب تغيير كلمة المرور المؤقتة هذه عند أول تسجيل دخول. لا تطلعوا عليها أحدا.' },
              { paragraph: 'إذا لم تكونوا تنتظرون هذه الرسالة، فتجاهلوها.' },
              signature,
            ],
          };
    }
    case 'PROFESSIONAL_VERIFIED':
      return fr
        ? {
            subject: 'Rukhsa : votre compte professionnel est vérifié',
            blocks: [
              greeting,
              {
                paragraph:
                  'Votre compte professionnel a été vérifié. Vous pouvez désormais déposer des dossiers sur Rukhsa.',
              },
              { rows: loginRow('Connexion') },
              signature,
            ],
          }
        : {
            subject: 'رخصة: تم التحقق من حسابكم المهني',
            blocks: [
              greeting,
              { paragraph: 'تم التحقق من حسابكم المهني. يمكنكم الآن إيداع الملفات على منصة رخصة.' },
              { rows: loginRow('رابط الدخول') },
              signature,
            ],
          };
    case 'PERMIT_ISSUED': {
      const receipt = req(data, 'receiptNumber');
      const permit = req(data, 'permitNumber');
      const verify = safeUrl(req(data, 'verificationUrl'));
      return fr
        ? {
            subject: `Rukhsa : autorisation ${permit} délivrée (dossier ${receipt})`,
            blocks: [
              greeting,
              {
                paragraph: `L’autorisation « ${procedure} » de votre dossier déposé auprès de la commune de ${commune} est signée électroniquement et délivrée. Téléchargez-la sur la plateforme Rukhsa ; le code QR qu’elle porte mène à sa vérification publique.`,
              },
              {
                rows: [
                  { label: 'Numéro d’autorisation', value: permit },
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Vérification', value: verify, link: true },
                  ...loginRow('Connexion'),
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: صدور الرخصة ${permit} (الملف ${receipt})`,
            blocks: [
              greeting,
              {
                paragraph: `تم توقيع رخصة «${procedure}» الخاصة بملفكم المودع لدى جماعة ${commune} إلكترونيا وتسليمها. حملوها من منصة رخصة؛ رمز QR المطبوع عليها يحيل على التحقق العمومي منها.`,
              },
              {
                rows: [
                  { label: 'رقم الرخصة', value: permit },
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'التحقق', value: verify, link: true },
                  ...loginRow('رابط الدخول'),
                ],
              },
              signature,
            ],
          };
    }
    case 'SIGNING_PIN': {
      const pin = req(data, 'pin');
      const alias = req(data, 'keyAlias');
      return fr
        ? {
            subject: 'Rukhsa : le code PIN de votre clé de signature',
            blocks: [
              greeting,
              {
                paragraph: data.pinReset
                  ? `Le ministère a émis un nouveau code PIN pour votre clé de signature des autorisations de la commune de ${commune}. Il remplace le précédent.`
                  : `Une clé de signature électronique des autorisations de la commune de ${commune} a été émise à votre nom. Elle vous sera remise par le contact de votre province ; son code PIN vous est envoyé directement, à vous seul.`,
              },
              {
                rows: [
                  { label: 'Code PIN', value: pin },
                  { label: 'Clé', value: alias },
                ],
              },
              {
                paragraph:
                  'Changez ce code à la première utilisation : aucune signature n’est possible avant. Ne le communiquez à personne, pas même au contact provincial ; cinq codes erronés bloquent la clé.',
              },
              signature,
            ],
          }
        : {
            subject: 'رخصة: الرمز السري لمفتاح التوقيع',
            blocks: [
              greeting,
              {
                paragraph: data.pinReset
                  ? `أصدرت الوزارة رمزا سريا جديدا لمفتاح توقيع رخص جماعة ${commune}، يعوض الرمز السابق.`
                  : `تم إصدار مفتاح توقيع إلكتروني لرخص جماعة ${commune} باسمكم. سيسلمه لكم مخاطب الإقليم، أما رمزه السري فيرسل إليكم مباشرة.`,
              },
              {
                rows: [
                  { label: 'الرمز السري', value: pin },
                  { label: 'المفتاح', value: alias },
                ],
              },
              {
                paragraph:
                  'غيروا هذا الرمز عند أول استعمال، إذ لا يمكن التوقيع قبل ذلك. لا تطلعوا عليه أحدا، ولو مخاطب الإقليم؛ خمسة رموز خاطئة تقفل المفتاح.',
              },
              signature,
            ],
          };
    }
    case 'CONTACT_DESIGNATED': {
      const rows = (user: string, password: string, link: string): Block => ({
        rows: [
          { label: user, value: req(data, 'username') },
          { label: password, value: req(data, 'temporaryPassword') },
          { label: link, value: safeUrl(req(data, 'loginUrl')), link: true },
        ],
      });
      return fr
        ? {
            subject: 'Rukhsa : votre compte de contact provincial',
            blocks: [
              greeting,
              {
                paragraph: `Vous êtes désigné(e) par le gouverneur comme contact de la province ou préfecture de ${req(data, 'provinceNameFr')} pour la remise des clés de signature des communes.`,
              },
              rows('Identifiant', 'Mot de passe temporaire', 'Connexion'),
              {
                paragraph:
                  'Ce mot de passe temporaire doit être changé lors de votre première connexion. Ne le communiquez à personne.',
              },
              signature,
            ],
          }
        : {
            subject: 'رخصة: حسابكم كمخاطب إقليمي',
            blocks: [
              greeting,
              {
                paragraph: `تم تعيينكم من طرف السيد العامل مخاطبا لإقليم أو عمالة ${req(data, 'provinceNameAr')} لتسليم مفاتيح التوقيع للجماعات.`,
              },
              rows('اسم المستخدم', 'كلمة المرور المؤقتة', 'رابط الدخول'),
              { paragraph: 'يجب تغيير كلمة المرور المؤقتة هذه عند أول تسجيل دخول. لا تطلعوا عليها أحدا.' },
              signature,
            ],
          };
    }
    case 'APPLICATION_RETURNED': {
      const receipt = req(data, 'receiptNumber');
      const round = data.round;
      if (round !== undefined && !(Number.isInteger(round) && round > 0)) {
        throw new Error(`Notification ${kind}: round must be a positive integer, got '${round}'`);
      }
      const remarks: Block = {
        items: (data.remarks ?? []).map((r) => ({
          ...(r.documentCode?.trim() ? { code: r.documentCode.trim() } : {}),
          label: r.reasonLabel.trim(),
          ...(r.text?.trim() ? { detail: r.text.trim() } : {}),
        })),
      };
      return fr
        ? {
            subject: `Rukhsa : dossier ${receipt} retourné pour complément`,
            blocks: [
              greeting,
              {
                paragraph: `Votre dossier « ${procedure} » déposé auprès de la commune de ${commune} vous est retourné pour complément${round ? ` (tour ${round})` : ''}. Voici les remarques à traiter :`,
              },
              remarks,
              {
                paragraph:
                  'Complétez ou corrigez votre dossier sur la plateforme Rukhsa, puis déposez-le à nouveau.',
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  ...loginRow('Connexion'),
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: أعيد ملفكم ${receipt} للإتمام`,
            blocks: [
              greeting,
              {
                paragraph: `أعيد إليكم ملفكم «${procedure}» المودع لدى جماعة ${commune} قصد إتمامه${round ? ` (الجولة ${round})` : ''}. وهذه هي الملاحظات الواجب معالجتها:`,
              },
              remarks,
              { paragraph: 'يرجى إتمام ملفكم أو تصحيحه على منصة رخصة، ثم إيداعه من جديد.' },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  ...loginRow('رابط الدخول'),
                ],
              },
              signature,
            ],
          };
    }
    case 'OPINIONS_COMPLETE': {
      const receipt = req(data, 'receiptNumber');
      return fr
        ? {
            subject: `Rukhsa : dossier ${receipt} prêt pour décision`,
            blocks: [
              greeting,
              {
                paragraph: `Toutes les administrations consultées ont rendu leur avis sur le dossier « ${procedure} » déposé auprès de la commune de ${commune}. Le dossier est prêt pour la décision.`,
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  ...loginRow('Connexion'),
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: الملف ${receipt} جاهز للبت`,
            blocks: [
              greeting,
              {
                paragraph: `أبدت جميع الإدارات المستشارة رأيها في الملف «${procedure}» المودع لدى جماعة ${commune}. الملف جاهز للبت.`,
              },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  ...loginRow('رابط الدخول'),
                ],
              },
              signature,
            ],
          };
    }
    case 'APPLICATION_APPROVED': {
      const receipt = req(data, 'receiptNumber');
      const conditions: Item[] = (data.conditions ?? [])
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .map((label) => ({ label }));
      const conditionBlocks = (intro: string): Block[] =>
        conditions.length > 0 ? [{ paragraph: intro }, { items: conditions }] : [];
      return fr
        ? {
            subject: `Rukhsa : décision favorable pour le dossier ${receipt}`,
            blocks: [
              greeting,
              {
                paragraph: `Une décision favorable a été rendue sur votre dossier « ${procedure} » déposé auprès de la commune de ${commune}.`,
              },
              ...conditionBlocks('Cette décision est assortie des conditions suivantes :'),
              { paragraph: 'La décision est disponible sur la plateforme Rukhsa.' },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  ...loginRow('Connexion'),
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: قرار بالموافقة على ملفكم ${receipt}`,
            blocks: [
              greeting,
              { paragraph: `صدر قرار بالموافقة على ملفكم «${procedure}» المودع لدى جماعة ${commune}.` },
              ...conditionBlocks('هذا القرار مقرون بالشروط التالية:'),
              { paragraph: 'القرار متاح على منصة رخصة.' },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  ...loginRow('رابط الدخول'),
                ],
              },
              signature,
            ],
          };
    }
    case 'APPLICATION_REJECTED': {
      const receipt = req(data, 'receiptNumber');
      const reasons: Block = {
        items: (data.reasons ?? []).map((r) => ({
          label: r.reasonLabel.trim(),
          ...(r.text?.trim() ? { detail: r.text.trim() } : {}),
        })),
      };
      return fr
        ? {
            subject: `Rukhsa : décision défavorable pour le dossier ${receipt}`,
            blocks: [
              greeting,
              {
                paragraph: `Une décision défavorable a été rendue sur votre dossier « ${procedure} » déposé auprès de la commune de ${commune}, pour les motifs suivants :`,
              },
              reasons,
              { paragraph: 'La décision est disponible sur la plateforme Rukhsa.' },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  ...loginRow('Connexion'),
                ],
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: قرار برفض ملفكم ${receipt}`,
            blocks: [
              greeting,
              {
                paragraph: `صدر قرار برفض ملفكم «${procedure}» المودع لدى جماعة ${commune}، للأسباب التالية:`,
              },
              reasons,
              { paragraph: 'القرار متاح على منصة رخصة.' },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  ...loginRow('رابط الدخول'),
                ],
              },
              signature,
            ],
          };
    }
    case 'APPLICATION_TACITLY_APPROVED': {
      const receipt = req(data, 'receiptNumber');
      const deadline = formatDate(req(data, 'deadlineDate'));
      return fr
        ? {
            subject: `Rukhsa : dossier ${receipt} accordé tacitement`,
            blocks: [
              greeting,
              {
                paragraph: `Aucune décision n’a été rendue sur votre dossier « ${procedure} » déposé auprès de la commune de ${commune} avant l’expiration du délai légal. Conformément à la loi n° 55-19, ce silence vaut accord : votre demande est réputée acceptée.`,
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  { label: 'Délai légal d’instruction', value: `expiré le ${deadline}` },
                  ...loginRow('Connexion'),
                ],
              },
              { paragraph: 'Vous pouvez imprimer l’accord tacite depuis la plateforme Rukhsa.' },
              signature,
            ],
          }
        : {
            subject: `رخصة: موافقة ضمنية على ملفكم ${receipt}`,
            blocks: [
              greeting,
              {
                paragraph: `لم يصدر أي قرار بشأن ملفكم «${procedure}» المودع لدى جماعة ${commune} قبل انقضاء الأجل القانوني. وطبقا للقانون رقم 55.19، يعتبر سكوت الإدارة بمثابة موافقة، فطلبكم يعد مقبولا.`,
              },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  { label: 'انقضى الأجل القانوني للدراسة في', value: deadline },
                  ...loginRow('رابط الدخول'),
                ],
              },
              { paragraph: 'يمكنكم طباعة الموافقة الضمنية من منصة رخصة.' },
              signature,
            ],
          };
    }
    case 'APPLICATION_OVERDUE': {
      const receipt = req(data, 'receiptNumber');
      const deadline = formatDate(req(data, 'deadlineDate'));
      return fr
        ? {
            subject: `Rukhsa : délai légal dépassé pour le dossier ${receipt}`,
            blocks: [
              greeting,
              {
                paragraph: `Le délai légal d’instruction du dossier « ${procedure} » déposé auprès de la commune de ${commune} est dépassé et aucune décision n’a été rendue.`,
              },
              {
                rows: [
                  { label: 'Numéro de récépissé', value: receipt },
                  { label: 'Référence du dossier', value: data.applicationId.trim() },
                  { label: 'Délai légal d’instruction', value: `expiré le ${deadline}` },
                  ...loginRow('Connexion'),
                ],
              },
              {
                paragraph:
                  'Ce message est adressé au guichet de la commune et au professionnel chargé du dossier.',
              },
              signature,
            ],
          }
        : {
            subject: `رخصة: تجاوز الملف ${receipt} الأجل القانوني`,
            blocks: [
              greeting,
              {
                paragraph: `تجاوز الملف «${procedure}» المودع لدى جماعة ${commune} الأجل القانوني للدراسة دون أن يصدر بشأنه أي قرار.`,
              },
              {
                rows: [
                  { label: 'رقم وصل الإيداع', value: receipt },
                  { label: 'مرجع الملف', value: data.applicationId.trim() },
                  { label: 'انقضى الأجل القانوني للدراسة في', value: deadline },
                  ...loginRow('رابط الدخول'),
                ],
              },
              { paragraph: 'وجهت هذه الرسالة إلى شباك الجماعة وإلى المهني المكلف بالملف.' },
              signature,
            ],
          };
    }
  }
}

function toText(blocks: Block[], lang: Language): string {
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

function toHtml(subject: string, blocks: Block[], lang: Language): string {
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

/**
 * Full e-mail (subject, plain text, HTML). Only APPLICANT_INVITED carries credentials; remarks, reasons
 * and conditions (free text) appear only in e-mails.
 */
export function renderEmail(
  kind: NotificationKind,
  language: Language,
  data: NotificationData,
): RenderedEmail {
  requireFields(kind, requiredFields(kind, 'email', language), data);
  requireLists(kind, requiredEmailLists(kind), data);
  const { subject, blocks } = emailContent(kind, language, data);
  // A subject is a header: no line breaks from interpolated values.
  const oneLineSubject = subject.replace(/[\r\n]+/g, ' ');
  return {
    subject: oneLineSubject,
    text: toText(blocks, language),
    html: toHtml(oneLineSubject, blocks, language),
  };
}

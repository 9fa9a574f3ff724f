import { fileFields, type MessageTemplate, type NotificationKind, type Row, req } from '../rendering.ts';

/**
 * The step messages of a file's life (desk, agencies, signatory, the people who filed): one shape,
 * a sentence per language. SMS variants go from the fullest to one without the receipt number, so
 * one always fits a single part (French stays in GSM-7: no ê, â, ç, ô, î).
 */
interface Step {
  subject: { fr: (receipt: string) => string; ar: (receipt: string) => string };
  paragraph: {
    fr: (procedure: string, commune: string) => string;
    ar: (procedure: string, commune: string) => string;
  };
  /** Extra rows in the e-mail (an opinion's agency and verdict, an amount). */
  rows?: (fr: boolean, data: Parameters<MessageTemplate['email']>[0]['data']) => Row[];
  sms: {
    fr: (receipt: string, commune: string) => string[];
    ar: (receipt: string) => string[];
  };
}

/** Its calls below are marked pure: a bundle that renders none of these messages drops them. */
function stepMessage<K extends NotificationKind>(kind: K, step: Step): MessageTemplate<K> {
  return {
    kind,
    fields: /* @__PURE__ */ fileFields('receiptNumber'),
    sms: {
      fr: ({ receipt, commune }) => step.sms.fr(receipt, commune),
      ar: ({ receipt }) => step.sms.ar(receipt),
    },
    email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
      const receipt = req(data, 'receiptNumber');
      return {
        subject: fr ? step.subject.fr(receipt) : step.subject.ar(receipt),
        blocks: [
          greeting,
          { paragraph: fr ? step.paragraph.fr(procedure, commune) : step.paragraph.ar(procedure, commune) },
          {
            rows: [
              ...fileRows(receipt),
              ...(step.rows?.(fr, data) ?? []),
              ...loginRow(fr ? 'Connexion' : 'رابط الدخول'),
            ],
          },
          signature,
        ],
      };
    },
  };
}

/** To every desk agent of the commune: a new file arrived. */
export const applicationReceived = /* @__PURE__ */ stepMessage('APPLICATION_RECEIVED', {
  subject: {
    fr: (r) => `Rukhsa : nouveau dossier ${r} à instruire`,
    ar: (r) => `رخصة: ملف جديد ${r} للدراسة`,
  },
  paragraph: {
    fr: (p, c) =>
      `Un dossier « ${p} » vient d’être déposé auprès de la commune de ${c}. Vérifiez sa recevabilité.`,
    ar: (p, c) => `أودع ملف «${p}» لدى جماعة ${c}. تحققوا من قبوله.`,
  },
  sms: {
    fr: (r, c) => [
      ...(c ? [`Rukhsa: nouveau dossier ${r} (${c}) a instruire.`] : []),
      `Rukhsa: nouveau dossier ${r} a instruire.`,
      'Rukhsa: un nouveau dossier est a instruire.',
    ],
    ar: (r) => [`رخصة: ملف جديد ${r} للدراسة`, `رخصة: ملف جديد ${r}`, 'رخصة: ملف جديد للدراسة'],
  },
});

/** To every desk agent of the commune: a returned file came back completed. */
export const applicationResubmitted = /* @__PURE__ */ stepMessage('APPLICATION_RESUBMITTED', {
  subject: {
    fr: (r) => `Rukhsa : dossier ${r} complété et redéposé`,
    ar: (r) => `رخصة: أعيد إيداع الملف ${r} مستكملا`,
  },
  paragraph: {
    fr: (p, c) =>
      `Le dossier « ${p} » retourné pour complément a été complété et redéposé auprès de la commune de ${c}.`,
    ar: (p, c) => `استكمل الملف «${p}» المرجع للاستكمال وأعيد إيداعه لدى جماعة ${c}.`,
  },
  sms: {
    fr: (r, c) => [
      ...(c ? [`Rukhsa: le dossier ${r} (${c}) a ete complete et redepose.`] : []),
      `Rukhsa: le dossier ${r} a ete complete et redepose.`,
      'Rukhsa: un dossier retourne a ete complete et redepose.',
    ],
    ar: (r) => [
      `رخصة: أعيد إيداع الملف ${r} مستكملا`,
      `رخصة: أعيد إيداع ${r}`,
      'رخصة: أعيد إيداع ملف مستكملا',
    ],
  },
});

/** To each member of a consulted agency (same province): a file awaits their opinion. */
export const applicationReferred = /* @__PURE__ */ stepMessage('APPLICATION_REFERRED', {
  subject: {
    fr: (r) => `Rukhsa : avis demandé sur le dossier ${r}`,
    ar: (r) => `رخصة: رأيكم مطلوب في الملف ${r}`,
  },
  paragraph: {
    fr: (p, c) =>
      `Le dossier « ${p} » de la commune de ${c} est soumis à la commission : votre organisme est consulté.`,
    ar: (p, c) => `أحيل الملف «${p}» لجماعة ${c} على اللجنة، وهيئتكم مستشارة فيه.`,
  },
  sms: {
    fr: (r, c) => [
      ...(c ? [`Rukhsa: votre avis est demande sur le dossier ${r} (${c}).`] : []),
      `Rukhsa: votre avis est demande sur le dossier ${r}.`,
      'Rukhsa: votre avis est demande sur un dossier.',
    ],
    ar: (r) => [`رخصة: رأيكم مطلوب في الملف ${r}`, `رخصة: رأيكم في ${r}`, 'رخصة: رأيكم مطلوب في ملف'],
  },
});

/** To the professional and the applicant: the desk declared the file admissible. */
export const applicationAdmissible = /* @__PURE__ */ stepMessage('APPLICATION_ADMISSIBLE', {
  subject: { fr: (r) => `Rukhsa : dossier ${r} recevable`, ar: (r) => `رخصة: الملف ${r} مقبول` },
  paragraph: {
    fr: (p, c) =>
      `Votre dossier « ${p} » a été déclaré recevable par la commune de ${c}. Son instruction commence.`,
    ar: (p, c) => `صرحت جماعة ${c} بقبول ملفكم «${p}». بدأت دراسته.`,
  },
  sms: {
    fr: (r, c) => [
      ...(c ? [`Rukhsa: votre dossier ${r} est recevable (${c}). Instruction en cours.`] : []),
      `Rukhsa: votre dossier ${r} est recevable. Instruction en cours.`,
      'Rukhsa: votre dossier est recevable. Instruction en cours.',
    ],
    ar: (r) => [
      `رخصة: ملفكم ${r} مقبول، والدراسة جارية`,
      `رخصة: ${r} مقبول`,
      'رخصة: ملفكم مقبول، والدراسة جارية',
    ],
  },
});

/** To the professional and the applicant: a consulted agency gave its opinion. */
export const opinionGiven = /* @__PURE__ */ stepMessage('OPINION_GIVEN', {
  subject: {
    fr: (r) => `Rukhsa : un avis rendu sur le dossier ${r}`,
    ar: (r) => `رخصة: رأي جديد في الملف ${r}`,
  },
  paragraph: {
    fr: (p, c) => `Un organisme consulté a rendu son avis sur votre dossier « ${p} » (commune de ${c}).`,
    ar: (p, c) => `أبدت هيئة مستشارة رأيها في ملفكم «${p}» (جماعة ${c}).`,
  },
  rows: (fr, data) => [
    ...(data.agencyLabel ? [{ label: fr ? 'Organisme' : 'الهيئة', value: data.agencyLabel }] : []),
    ...(data.opinionLabel ? [{ label: fr ? 'Avis' : 'الرأي', value: data.opinionLabel }] : []),
  ],
  sms: {
    fr: (r) => [
      `Rukhsa: un avis a ete rendu sur votre dossier ${r}.`,
      'Rukhsa: un avis a ete rendu sur votre dossier.',
    ],
    ar: (r) => [`رخصة: رأي جديد في ملفكم ${r}`, `رخصة: رأي في ${r}`, 'رخصة: رأي جديد في ملفكم'],
  },
});

/** To the professional and the applicant: the fees are paid. */
export const paymentReceived = /* @__PURE__ */ stepMessage('PAYMENT_RECEIVED', {
  subject: {
    fr: (r) => `Rukhsa : paiement reçu pour le dossier ${r}`,
    ar: (r) => `رخصة: توصلنا بأداء الملف ${r}`,
  },
  paragraph: {
    fr: (p, c) =>
      `Le paiement des droits du dossier « ${p} » (commune de ${c}) est reçu. Le permis part à la signature.`,
    ar: (p, c) => `توصلنا بأداء رسوم الملف «${p}» (جماعة ${c}). الرخصة في طور التوقيع.`,
  },
  sms: {
    fr: (r) => [
      `Rukhsa: paiement recu pour le dossier ${r}. Permis en signature.`,
      'Rukhsa: paiement recu. Permis en signature.',
    ],
    ar: (r) => [`رخصة: توصلنا بأداء الملف ${r}`, `رخصة: أداء ${r}`, 'رخصة: توصلنا بالأداء'],
  },
});

/** To the commune's signatories: a paid file awaits their signature. */
export const awaitingSignature = /* @__PURE__ */ stepMessage('AWAITING_SIGNATURE', {
  subject: { fr: (r) => `Rukhsa : permis ${r} à signer`, ar: (r) => `رخصة: الملف ${r} في انتظار توقيعكم` },
  paragraph: {
    fr: (p, c) => `Le dossier « ${p} » de la commune de ${c} est payé : son permis attend votre signature.`,
    ar: (p, c) => `أديت رسوم الملف «${p}» لجماعة ${c}، ورخصته في انتظار توقيعكم.`,
  },
  sms: {
    fr: (r, c) => [
      ...(c ? [`Rukhsa: le permis du dossier ${r} (${c}) attend votre signature.`] : []),
      `Rukhsa: le permis du dossier ${r} attend votre signature.`,
      'Rukhsa: un permis attend votre signature.',
    ],
    ar: (r) => [`رخصة: الملف ${r} في انتظار توقيعكم`, `رخصة: ${r} للتوقيع`, 'رخصة: ملف في انتظار توقيعكم'],
  },
});

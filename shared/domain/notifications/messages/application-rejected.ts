import { type Block, fileFields, type MessageTemplate, req } from '../rendering.ts';

export const applicationRejected: MessageTemplate<'APPLICATION_REJECTED'> = {
  kind: 'APPLICATION_REJECTED',
  fields: /* @__PURE__ */ fileFields('receiptNumber'),
  lists: ['reasons'],
  sms: {
    fr: ({ receipt, commune }) => [
      ...(commune
        ? [
            `Rukhsa: décision défavorable pour votre dossier ${receipt} déposé à ${commune}. Voir votre e-mail ou la plateforme.`,
          ]
        : []),
      `Rukhsa: décision défavorable pour votre dossier ${receipt}. Voir votre e-mail ou la plateforme.`,
      'Rukhsa: décision défavorable pour votre dossier. Voir votre e-mail ou la plateforme.',
    ],
    ar: ({ receipt }) => [
      `رخصة: صدر قرار برفض ملفكم ${receipt}. راجعوا بريدكم أو المنصة`,
      `رخصة: صدر قرار برفض ملفكم ${receipt}. راجعوا المنصة`,
      `رخصة: رفض ملفكم ${receipt}. راجعوا المنصة`,
      `رخصة: رفض ${receipt}. راجعوا المنصة`,
      'رخصة: صدر قرار برفض ملفكم. راجعوا بريدكم أو المنصة',
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
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
              rows: [...fileRows(receipt), ...loginRow('Connexion')],
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
              rows: [...fileRows(receipt), ...loginRow('رابط الدخول')],
            },
            signature,
          ],
        };
  },
};

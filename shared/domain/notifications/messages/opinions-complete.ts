import { fileFields, type MessageTemplate, req } from '../rendering.ts';

export const opinionsComplete: MessageTemplate<'OPINIONS_COMPLETE'> = {
  kind: 'OPINIONS_COMPLETE',
  fields: /* @__PURE__ */ fileFields('receiptNumber'),
  sms: {
    fr: ({ receipt, commune }) => [
      ...(commune
        ? [
            `Rukhsa: tous les avis sont rendus pour le dossier ${receipt} (${commune}). Dossier en attente de décision.`,
          ]
        : []),
      `Rukhsa: tous les avis sont rendus pour le dossier ${receipt}. Dossier en attente de décision.`,
      'Rukhsa: tous les avis sont rendus pour un dossier. Dossier en attente de décision.',
    ],
    ar: ({ receipt }) => [
      `رخصة: اكتملت الآراء في الملف ${receipt}، وهو جاهز للبت`,
      `رخصة: الملف ${receipt} جاهز للبت، اكتملت الآراء`,
      `رخصة: اكتملت آراء ${receipt}، جاهز للبت`,
      'رخصة: اكتملت الآراء في ملف، وهو جاهز للبت',
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
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
              rows: [...fileRows(receipt), ...loginRow('Connexion')],
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
              rows: [...fileRows(receipt), ...loginRow('رابط الدخول')],
            },
            signature,
          ],
        };
  },
};

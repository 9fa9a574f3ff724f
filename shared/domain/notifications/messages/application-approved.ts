import { type Block, fileFields, type Item, type MessageTemplate, req } from '../rendering.ts';

export const applicationApproved: MessageTemplate<'APPLICATION_APPROVED'> = {
  kind: 'APPLICATION_APPROVED',
  fields: /* @__PURE__ */ fileFields('receiptNumber'),
  sms: {
    fr: ({ receipt, commune }) => [
      ...(commune
        ? [
            `Rukhsa: décision favorable pour votre dossier ${receipt} déposé à ${commune}. Voir votre e-mail ou la plateforme.`,
          ]
        : []),
      `Rukhsa: décision favorable pour votre dossier ${receipt}. Voir votre e-mail ou la plateforme.`,
      'Rukhsa: décision favorable pour votre dossier. Voir votre e-mail ou la plateforme.',
    ],
    ar: ({ receipt }) => [
      `رخصة: صدر قرار بالموافقة على ملفكم ${receipt}. راجعوا المنصة`,
      `رخصة: تمت الموافقة على ملفكم ${receipt}. راجعوا المنصة`,
      `رخصة: تمت الموافقة على ${receipt}. راجعوا المنصة`,
      `رخصة: تمت الموافقة على ملفكم ${receipt}`,
      'رخصة: صدر قرار بالموافقة على ملفكم. راجعوا بريدكم أو المنصة',
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
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
              rows: [...fileRows(receipt), ...loginRow('Connexion')],
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
              rows: [...fileRows(receipt), ...loginRow('رابط الدخول')],
            },
            signature,
          ],
        };
  },
};

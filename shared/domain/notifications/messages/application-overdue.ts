import { fileFields, formatDate, type MessageTemplate, req } from '../rendering.ts';

export const applicationOverdue: MessageTemplate<'APPLICATION_OVERDUE'> = {
  kind: 'APPLICATION_OVERDUE',
  fields: /* @__PURE__ */ fileFields('receiptNumber', 'deadlineDate'),
  sms: {
    fr: ({ receipt, commune, deadline }) => [
      ...(commune
        ? [`Rukhsa: dossier ${receipt} à ${commune}: délai légal du ${deadline} dépassé sans décision.`]
        : []),
      `Rukhsa: dossier ${receipt}: délai légal du ${deadline} dépassé sans décision.`,
      `Rukhsa: un dossier a dépassé son délai légal du ${deadline} sans décision.`,
    ],
    ar: ({ receipt, deadline }) => [
      `رخصة: تجاوز الملف ${receipt} الأجل القانوني ${deadline} دون قرار`,
      `رخصة: تجاوز الملف ${receipt} الأجل القانوني ${deadline}`,
      `رخصة: تجاوز الملف ${receipt} الأجل ${deadline}`,
      `رخصة: انقضى أجل ${receipt} في ${deadline}`,
      `رخصة: تجاوز ملف الأجل القانوني ${deadline} دون قرار`,
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
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
                ...fileRows(receipt),
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
                ...fileRows(receipt),
                { label: 'انقضى الأجل القانوني للدراسة في', value: deadline },
                ...loginRow('رابط الدخول'),
              ],
            },
            { paragraph: 'وجهت هذه الرسالة إلى شباك الجماعة وإلى المهني المكلف بالملف.' },
            signature,
          ],
        };
  },
};

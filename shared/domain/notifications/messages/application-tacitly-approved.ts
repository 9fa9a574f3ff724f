import { fileFields, formatDate, type MessageTemplate, req } from '../rendering.ts';

export const applicationTacitlyApproved: MessageTemplate<'APPLICATION_TACITLY_APPROVED'> = {
  kind: 'APPLICATION_TACITLY_APPROVED',
  fields: /* @__PURE__ */ fileFields('receiptNumber', 'deadlineDate'),
  sms: {
    fr: ({ receipt, commune, deadline }) => [
      ...(commune
        ? [
            `Rukhsa: dossier ${receipt} déposé à ${commune} accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
          ]
        : []),
      `Rukhsa: dossier ${receipt} accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
      `Rukhsa: votre dossier est accordé tacitement (délai légal expiré le ${deadline}). Imprimez l'accord sur la plateforme.`,
    ],
    ar: ({ receipt, deadline }) => [
      `رخصة: ملفكم ${receipt} مقبول ضمنيا. اطبعوه من المنصة`,
      `رخصة: ${receipt} مقبول ضمنيا. اطبعوه بالمنصة`,
      `رخصة: ملفكم ${receipt} مقبول ضمنيا`,
      `رخصة: ملفكم مقبول ضمنيا بانقضاء الأجل ${deadline}. اطبعوه من المنصة`,
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
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
                ...fileRows(receipt),
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
                ...fileRows(receipt),
                { label: 'انقضى الأجل القانوني للدراسة في', value: deadline },
                ...loginRow('رابط الدخول'),
              ],
            },
            { paragraph: 'يمكنكم طباعة الموافقة الضمنية من منصة رخصة.' },
            signature,
          ],
        };
  },
};

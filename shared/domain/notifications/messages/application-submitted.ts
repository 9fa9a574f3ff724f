import { fileFields, formatDate, type MessageTemplate, req } from '../rendering.ts';

export const applicationSubmitted: MessageTemplate<'APPLICATION_SUBMITTED'> = {
  kind: 'APPLICATION_SUBMITTED',
  fields: /* @__PURE__ */ fileFields('receiptNumber', 'deadlineDate'),
  sms: {
    fr: ({ receipt, commune, deadline }) => [
      ...(commune ? [`Rukhsa: dossier ${receipt} déposé à ${commune}. Délai légal: ${deadline}.`] : []),
      `Rukhsa: dossier ${receipt} déposé. Délai légal: ${deadline}.`,
      `Rukhsa: votre dossier a été déposé. Délai légal: ${deadline}.`,
    ],
    ar: ({ receipt, deadline }) => [
      `رخصة: تم إيداع ملفكم ${receipt}. الأجل ${deadline}`,
      `رخصة: أودع ملفكم ${receipt}. الأجل ${deadline}`,
      `رخصة: أودع ${receipt}، الأجل ${deadline}`,
      `رخصة: تم إيداع ملفكم. الأجل ${deadline}`,
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, fileRows }) => {
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
                ...fileRows(receipt),
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
              rows: [...fileRows(receipt), { label: 'الأجل القانوني للدراسة', value: deadline }],
            },
            { paragraph: 'احتفظوا برقم الوصل، فهو يمكنكم من تتبع ملفكم.' },
            signature,
          ],
        };
  },
};

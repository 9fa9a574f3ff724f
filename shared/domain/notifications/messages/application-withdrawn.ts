import { fileFields, type MessageTemplate, req } from '../rendering.ts';

export const applicationWithdrawn: MessageTemplate<'APPLICATION_WITHDRAWN'> = {
  kind: 'APPLICATION_WITHDRAWN',
  fields: /* @__PURE__ */ fileFields('receiptNumber'),
  sms: {
    fr: ({ receipt, commune }) => [
      ...(commune ? [`Rukhsa: votre dossier ${receipt} déposé à ${commune} a été retiré.`] : []),
      `Rukhsa: votre dossier ${receipt} a été retiré.`,
      'Rukhsa: votre dossier a été retiré.',
    ],
    ar: ({ receipt }) => [`رخصة: تم سحب ملفكم ${receipt}`, 'رخصة: تم سحب ملفكم'],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, fileRows }) => {
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
              rows: [...fileRows(receipt)],
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
              rows: [...fileRows(receipt)],
            },
            signature,
          ],
        };
  },
};

import { type Block, fileFields, type MessageTemplate, req } from '../rendering.ts';

export const applicationReturned: MessageTemplate<'APPLICATION_RETURNED'> = {
  kind: 'APPLICATION_RETURNED',
  fields: /* @__PURE__ */ fileFields('receiptNumber'),
  lists: ['remarks'],
  sms: {
    fr: ({ receipt, commune }) => [
      ...(commune
        ? [
            `Rukhsa: votre dossier ${receipt} déposé à ${commune} est retourné pour complément. Voir votre e-mail ou la plateforme.`,
          ]
        : []),
      `Rukhsa: votre dossier ${receipt} est retourné pour complément. Voir votre e-mail ou la plateforme.`,
      'Rukhsa: votre dossier est retourné pour complément. Voir votre e-mail ou la plateforme.',
    ],
    ar: ({ receipt }) => [
      `رخصة: أعيد ملفكم ${receipt} للإتمام. راجعوا بريدكم أو المنصة`,
      `رخصة: أعيد ملفكم ${receipt} للإتمام. راجعوا المنصة`,
      `رخصة: أعيد ${receipt} للإتمام. راجعوا المنصة`,
      `رخصة: أعيد ${receipt}. راجعوا المنصة`,
      'رخصة: أعيد ملفكم للإتمام. راجعوا بريدكم الإلكتروني أو المنصة',
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow, fileRows }) => {
    const receipt = req(data, 'receiptNumber');
    const round = data.round;
    if (round !== undefined && !(Number.isInteger(round) && round > 0)) {
      throw new Error(`Notification APPLICATION_RETURNED: round must be a positive integer, got '${round}'`);
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
              rows: [...fileRows(receipt), ...loginRow('Connexion')],
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
              rows: [...fileRows(receipt), ...loginRow('رابط الدخول')],
            },
            signature,
          ],
        };
  },
};

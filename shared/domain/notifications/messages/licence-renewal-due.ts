import { fileFields, formatDate, type MessageTemplate, req } from '../rendering.ts';

/** To the licence holder, before expiry: `deadlineDate` is the day the licence expires. */
export const licenceRenewalDue: MessageTemplate<'LICENCE_RENEWAL_DUE'> = {
  kind: 'LICENCE_RENEWAL_DUE',
  fields: /* @__PURE__ */ fileFields('permitNumber', 'deadlineDate'),
  sms: {
    fr: ({ data, deadline }) => [
      `Rukhsa: votre autorisation ${req(data, 'permitNumber')} expire le ${deadline}. Demandez son renouvellement sur la plateforme.`,
      `Rukhsa: autorisation ${req(data, 'permitNumber')} valable jusqu'au ${deadline}. Renouvelez-la.`,
      `Rukhsa: une autorisation expire le ${deadline}. Renouvelez-la sur la plateforme.`,
    ],
    ar: ({ data, deadline }) => [
      `رخصة: تنتهي صلاحية رخصتكم ${req(data, 'permitNumber')} في ${deadline}. اطلبوا تجديدها`,
      `رخصة: تنتهي ${req(data, 'permitNumber')} في ${deadline}`,
      `رخصة: تنتهي صلاحية رخصتكم في ${deadline}`,
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow }) => {
    const permit = req(data, 'permitNumber');
    const until = formatDate(req(data, 'deadlineDate'));
    return fr
      ? {
          subject: `Rukhsa : votre autorisation ${permit} expire le ${until}`,
          blocks: [
            greeting,
            {
              paragraph: `L’autorisation « ${procedure} » délivrée par la commune de ${commune} arrive à expiration. Pour continuer l’activité sans interruption, déposez sa demande de renouvellement sur la plateforme Rukhsa en indiquant ce numéro d’autorisation.`,
            },
            {
              rows: [
                { label: 'Numéro d’autorisation', value: permit },
                { label: 'Valable jusqu’au', value: until },
                ...loginRow('Connexion'),
              ],
            },
            signature,
          ],
        }
      : {
          subject: `رخصة: تنتهي صلاحية رخصتكم ${permit} في ${until}`,
          blocks: [
            greeting,
            {
              paragraph: `تقترب نهاية صلاحية رخصة «${procedure}» المسلمة من طرف جماعة ${commune}. لمواصلة النشاط دون انقطاع، أودعوا طلب تجديدها على منصة رخصة مع ذكر رقم هذه الرخصة.`,
            },
            {
              rows: [
                { label: 'رقم الرخصة', value: permit },
                { label: 'صالحة إلى غاية', value: until },
                ...loginRow('رابط الدخول'),
              ],
            },
            signature,
          ],
        };
  },
};

import { applicationFields, type MessageTemplate, req, safeUrl } from '../rendering.ts';

export const permitIssued: MessageTemplate<'PERMIT_ISSUED'> = {
  kind: 'PERMIT_ISSUED',
  fields: (channel, lang) =>
    channel === 'sms'
      ? ['receiptNumber', 'permitNumber']
      : [...applicationFields(lang), 'receiptNumber', 'permitNumber', 'verificationUrl'],
  sms: {
    fr: ({ receipt, data }) => [
      `Rukhsa: votre autorisation ${req(data, 'permitNumber')} (dossier ${receipt}) est signée et délivrée. Téléchargez-la sur la plateforme.`,
      `Rukhsa: autorisation ${req(data, 'permitNumber')} délivrée (dossier ${receipt}). Voir la plateforme.`,
      `Rukhsa: autorisation ${req(data, 'permitNumber')} délivrée. Voir la plateforme.`,
    ],
    ar: ({ data }) => [
      `رخصة: صدرت رخصتكم ${req(data, 'permitNumber')} موقعة. حملوها من المنصة`,
      `رخصة: صدرت ${req(data, 'permitNumber')}. راجعوا المنصة`,
    ],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow }) => {
    const receipt = req(data, 'receiptNumber');
    const permit = req(data, 'permitNumber');
    const verify = safeUrl(req(data, 'verificationUrl'));
    return fr
      ? {
          subject: `Rukhsa : autorisation ${permit} délivrée (dossier ${receipt})`,
          blocks: [
            greeting,
            {
              paragraph: `L’autorisation « ${procedure} » de votre dossier déposé auprès de la commune de ${commune} est signée électroniquement et délivrée. Téléchargez-la sur la plateforme Rukhsa ; le code QR qu’elle porte mène à sa vérification publique.`,
            },
            {
              rows: [
                { label: 'Numéro d’autorisation', value: permit },
                { label: 'Numéro de récépissé', value: receipt },
                { label: 'Vérification', value: verify, link: true },
                ...loginRow('Connexion'),
              ],
            },
            signature,
          ],
        }
      : {
          subject: `رخصة: صدور الرخصة ${permit} (الملف ${receipt})`,
          blocks: [
            greeting,
            {
              paragraph: `تم توقيع رخصة «${procedure}» الخاصة بملفكم المودع لدى جماعة ${commune} إلكترونيا وتسليمها. حملوها من منصة رخصة؛ رمز QR المطبوع عليها يحيل على التحقق العمومي منها.`,
            },
            {
              rows: [
                { label: 'رقم الرخصة', value: permit },
                { label: 'رقم وصل الإيداع', value: receipt },
                { label: 'التحقق', value: verify, link: true },
                ...loginRow('رابط الدخول'),
              ],
            },
            signature,
          ],
        };
  },
};

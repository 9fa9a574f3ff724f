import { communeField, type MessageTemplate, req } from '../rendering.ts';

export const signingPin: MessageTemplate<'SIGNING_PIN'> = {
  kind: 'SIGNING_PIN',
  fields: (channel, lang) =>
    channel === 'sms' ? ['pin'] : ['recipientName', 'pin', communeField(lang), 'keyAlias'],
  sms: {
    fr: ({ data }) => [
      `Rukhsa: code PIN de votre clé de signature: ${req(data, 'pin')}. ${data.pinReset ? 'Il remplace le précédent. ' : ''}Changez-le à la première utilisation. Ne le communiquez à personne.`,
      `Rukhsa: PIN de votre clé de signature: ${req(data, 'pin')}. À changer à la première utilisation.`,
    ],
    ar: ({ data }) => [
      `رخصة: الرمز السري لمفتاح التوقيع ${req(data, 'pin')}. غيروه عند أول استعمال ولا تطلعوا عليه أحدا`,
      `رخصة: الرمز السري لمفتاح التوقيع ${req(data, 'pin')}. غيروه عند أول استعمال`,
    ],
  },
  email: ({ data, fr, commune, greeting, signature }) => {
    const pin = req(data, 'pin');
    const alias = req(data, 'keyAlias');
    return fr
      ? {
          subject: 'Rukhsa : le code PIN de votre clé de signature',
          blocks: [
            greeting,
            {
              paragraph: data.pinReset
                ? `Le ministère a émis un nouveau code PIN pour votre clé de signature des autorisations de la commune de ${commune}. Il remplace le précédent.`
                : `Une clé de signature électronique des autorisations de la commune de ${commune} a été émise à votre nom. Elle vous sera remise par le contact de votre province ; son code PIN vous est envoyé directement, à vous seul.`,
            },
            {
              rows: [
                { label: 'Code PIN', value: pin },
                { label: 'Clé', value: alias },
              ],
            },
            {
              paragraph:
                'Changez ce code à la première utilisation : aucune signature n’est possible avant. Ne le communiquez à personne, pas même au contact provincial ; cinq codes erronés bloquent la clé.',
            },
            signature,
          ],
        }
      : {
          subject: 'رخصة: الرمز السري لمفتاح التوقيع',
          blocks: [
            greeting,
            {
              paragraph: data.pinReset
                ? `أصدرت الوزارة رمزا سريا جديدا لمفتاح توقيع رخص جماعة ${commune}، يعوض الرمز السابق.`
                : `تم إصدار مفتاح توقيع إلكتروني لرخص جماعة ${commune} باسمكم. سيسلمه لكم مخاطب الإقليم، أما رمزه السري فيرسل إليكم مباشرة.`,
            },
            {
              rows: [
                { label: 'الرمز السري', value: pin },
                { label: 'المفتاح', value: alias },
              ],
            },
            {
              paragraph:
                'غيروا هذا الرمز عند أول استعمال، إذ لا يمكن التوقيع قبل ذلك. لا تطلعوا عليه أحدا، ولو مخاطب الإقليم؛ خمسة رموز خاطئة تقفل المفتاح.',
            },
            signature,
          ],
        };
  },
};

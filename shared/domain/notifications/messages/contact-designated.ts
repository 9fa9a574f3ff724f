import { type MessageTemplate, req } from '../rendering.ts';

export const contactDesignated: MessageTemplate<'CONTACT_DESIGNATED'> = {
  kind: 'CONTACT_DESIGNATED',
  fields: (channel, lang) =>
    channel === 'sms'
      ? []
      : [
          'recipientName',
          lang === 'fr' ? 'provinceNameFr' : 'provinceNameAr',
          'username',
          'temporaryPassword',
          'loginUrl',
        ],
  sms: {
    fr: (_) => [
      'Rukhsa: vous avez été désigné(e) contact de votre province. Consultez votre e-mail pour vous connecter.',
    ],
    ar: (_) => ['رخصة: تم تعيينكم مخاطبا للإقليم. راجعوا بريدكم الإلكتروني.'],
  },
  email: ({ data, fr, greeting, signature, credentials }) => {
    return fr
      ? {
          subject: 'Rukhsa : votre compte de contact provincial',
          blocks: [
            greeting,
            {
              paragraph: `Vous êtes désigné(e) par le gouverneur comme contact de la province ou préfecture de ${req(data, 'provinceNameFr')} pour la remise des clés de signature des communes.`,
            },
            credentials('Identifiant', 'Mot de passe temporaire', 'Connexion'),
            {
              paragraph:
                'Ce mot de passe temporaire doit être changé lors de votre première connexion. Ne le communiquez à personne.',
            },
            signature,
          ],
        }
      : {
          subject: 'رخصة: حسابكم كمخاطب إقليمي',
          blocks: [
            greeting,
            {
              paragraph: `تم تعيينكم من طرف السيد العامل مخاطبا لإقليم أو عمالة ${req(data, 'provinceNameAr')} لتسليم مفاتيح التوقيع للجماعات.`,
            },
            credentials('اسم المستخدم', 'كلمة المرور المؤقتة', 'رابط الدخول'),
            { paragraph: 'يجب تغيير كلمة المرور المؤقتة هذه عند أول تسجيل دخول. لا تطلعوا عليها أحدا.' },
            signature,
          ],
        };
  },
};

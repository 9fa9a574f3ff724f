import type { MessageTemplate } from '../rendering.ts';

export const professionalVerified: MessageTemplate<'PROFESSIONAL_VERIFIED'> = {
  kind: 'PROFESSIONAL_VERIFIED',
  fields: (channel, _lang) => (channel === 'sms' ? [] : ['recipientName']),
  sms: {
    fr: (_) => ['Rukhsa: votre compte professionnel a été vérifié. Vous pouvez déposer des dossiers.'],
    ar: (_) => ['رخصة: تم التحقق من حسابكم المهني. يمكنكم إيداع الملفات.'],
  },
  email: ({ fr, greeting, signature, loginRow }) => {
    return fr
      ? {
          subject: 'Rukhsa : votre compte professionnel est vérifié',
          blocks: [
            greeting,
            {
              paragraph:
                'Votre compte professionnel a été vérifié. Vous pouvez désormais déposer des dossiers sur Rukhsa.',
            },
            { rows: loginRow('Connexion') },
            signature,
          ],
        }
      : {
          subject: 'رخصة: تم التحقق من حسابكم المهني',
          blocks: [
            greeting,
            { paragraph: 'تم التحقق من حسابكم المهني. يمكنكم الآن إيداع الملفات على منصة رخصة.' },
            { rows: loginRow('رابط الدخول') },
            signature,
          ],
        };
  },
};

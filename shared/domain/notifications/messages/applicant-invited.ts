import { applicationFields, type MessageTemplate } from '../rendering.ts';

export const applicantInvited: MessageTemplate<'APPLICANT_INVITED'> = {
  kind: 'APPLICANT_INVITED',
  fields: (channel, lang) =>
    channel === 'sms' ? [] : [...applicationFields(lang), 'username', 'temporaryPassword', 'loginUrl'],
  sms: {
    fr: (_) => ['Rukhsa: un compte a été créé pour vous. Consultez votre e-mail pour vous connecter.'],
    ar: (_) => ['رخصة: تم إنشاء حساب لكم. راجعوا بريدكم الإلكتروني.'],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, credentials }) => {
    return fr
      ? {
          subject: 'Rukhsa : votre compte a été créé',
          blocks: [
            greeting,
            {
              paragraph: `Un compte Rukhsa a été créé pour vous afin de suivre le dossier « ${procedure} » auprès de la commune de ${commune} (référence ${data.applicationId.trim()}).`,
            },
            credentials('Identifiant', 'Mot de passe temporaire', 'Connexion'),
            {
              paragraph:
                'Ce mot de passe temporaire doit être changé lors de votre première connexion. Ne le communiquez à personne.',
            },
            { paragraph: 'Si vous n’attendiez pas ce message, ignorez-le.' },
            signature,
          ],
        }
      : {
          subject: 'رخصة: تم إنشاء حسابكم',
          blocks: [
            greeting,
            {
              paragraph: `تم إنشاء حساب لكم على منصة رخصة لتتبع الملف «${procedure}» لدى جماعة ${commune} (المرجع ${data.applicationId.trim()}).`,
            },
            credentials('اسم المستخدم', 'كلمة المرور المؤقتة', 'رابط الدخول'),
            { paragraph: 'يجب تغيير كلمة المرور المؤقتة هذه عند أول تسجيل دخول. لا تطلعوا عليها أحدا.' },
            { paragraph: 'إذا لم تكونوا تنتظرون هذه الرسالة، فتجاهلوها.' },
            signature,
          ],
        };
  },
};

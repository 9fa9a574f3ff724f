import { applicationFields, type MessageTemplate, req } from '../rendering.ts';

export const applicationShared: MessageTemplate<'APPLICATION_SHARED'> = {
  kind: 'APPLICATION_SHARED',
  fields: (channel, lang) => (channel === 'sms' ? [] : [...applicationFields(lang), 'username', 'loginUrl']),
  sms: {
    fr: (_) => ['Rukhsa: un dossier a été ajouté à votre compte. Consultez votre e-mail.'],
    ar: (_) => ['رخصة: أضيف ملف إلى حسابكم. راجعوا بريدكم الإلكتروني.'],
  },
  email: ({ data, fr, procedure, commune, greeting, signature, loginRow }) => {
    return fr
      ? {
          subject: 'Rukhsa : un dossier a été ajouté à votre compte',
          blocks: [
            greeting,
            {
              paragraph: `Le dossier « ${procedure} » auprès de la commune de ${commune} (référence ${data.applicationId.trim()}) a été ajouté à votre compte Rukhsa. Connectez-vous avec votre identifiant habituel pour le suivre.`,
            },
            { rows: [{ label: 'Identifiant', value: req(data, 'username') }, ...loginRow('Connexion')] },
            signature,
          ],
        }
      : {
          subject: 'رخصة: أضيف ملف إلى حسابكم',
          blocks: [
            greeting,
            {
              paragraph: `أضيف الملف «${procedure}» لدى جماعة ${commune} (المرجع ${data.applicationId.trim()}) إلى حسابكم على منصة رخصة. سجلوا الدخول باسم المستخدم المعتاد لتتبعه.`,
            },
            { rows: [{ label: 'اسم المستخدم', value: req(data, 'username') }, ...loginRow('رابط الدخول')] },
            signature,
          ],
        };
  },
};

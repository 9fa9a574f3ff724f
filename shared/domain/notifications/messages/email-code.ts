import { type MessageTemplate, req } from '../rendering.ts';

/** E-mail only, in both languages (the registration does not ask for one): the code is the proof. */
export const emailCode: MessageTemplate<'EMAIL_CODE'> = {
  kind: 'EMAIL_CODE',
  fields: (channel, _lang) => (channel === 'sms' ? [] : ['recipientName', 'emailCode']),
  sms: {
    fr: (_) => ['Rukhsa: consultez votre e-mail pour confirmer votre adresse.'],
    ar: (_) => ['رخصة: راجعوا بريدكم الإلكتروني لتأكيد عنوانكم.'],
  },
  email: ({ data, fr, greeting, signature }) => ({
    subject: fr ? 'Rukhsa : confirmez votre adresse e-mail' : 'رخصة: أكدوا عنوان بريدكم الإلكتروني',
    blocks: [
      greeting,
      {
        paragraph: fr
          ? `Votre code de confirmation est ${req(data, 'emailCode')}. Saisissez-le sur la page d’inscription pour activer votre compte ; il est valable 24 heures.`
          : `رمز التأكيد الخاص بكم هو ${req(data, 'emailCode')}. أدخلوه في صفحة التسجيل لتفعيل حسابكم، وهو صالح لمدة 24 ساعة.`,
      },
      {
        paragraph: fr
          ? 'Si vous n’avez pas demandé de compte Rukhsa, ignorez ce message : aucun compte ne sera activé.'
          : 'إذا لم تطلبوا حسابا على رخصة، تجاهلوا هذه الرسالة: لن يتم تفعيل أي حساب.',
      },
      signature,
    ],
  }),
};

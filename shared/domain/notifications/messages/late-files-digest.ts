import type { MessageTemplate } from '../rendering.ts';

/** To the province contact, daily: the late files of the province, by commune and step. */
export const lateFilesDigest: MessageTemplate<'LATE_FILES_DIGEST'> = {
  kind: 'LATE_FILES_DIGEST',
  fields: (channel, _lang) => (channel === 'sms' ? [] : ['recipientName']),
  sms: {
    fr: ({ data }) => [
      `Rukhsa: ${data.lateCount ?? 0} dossier(s) en retard dans votre province. Detail par e-mail.`,
      'Rukhsa: des dossiers sont en retard dans votre province.',
    ],
    ar: ({ data }) => [`رخصة: ${data.lateCount ?? 0} ملف متأخر في إقليمكم`, 'رخصة: ملفات متأخرة في إقليمكم'],
  },
  email: ({ data, fr, greeting, signature, loginRow }) => {
    const items = (data.lateCommunes ?? []).map((c) => ({ label: c.name, detail: c.detail }));
    return fr
      ? {
          subject: `Rukhsa : ${data.lateCount ?? 0} dossier(s) en retard dans la province`,
          blocks: [
            greeting,
            {
              paragraph:
                'Voici les dossiers de votre province dont l’étape en cours a dépassé son délai, par commune et par étape :',
            },
            { items },
            { rows: loginRow('Connexion') },
            signature,
          ],
        }
      : {
          subject: `رخصة: ${data.lateCount ?? 0} ملف متأخر في الإقليم`,
          blocks: [
            greeting,
            { paragraph: 'هذه ملفات إقليمكم التي تجاوزت مرحلتها الجارية أجلها، حسب الجماعة والمرحلة:' },
            { items },
            { rows: loginRow('رابط الدخول') },
            signature,
          ],
        };
  },
};

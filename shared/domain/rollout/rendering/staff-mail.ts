import type { Language } from '../../contact.ts';
import { escapeHtml } from '../../notifications/rendering.ts';
import type { StaffRole } from '../staff.ts';

const ROLE_LABELS: Record<StaffRole, { fr: string; ar: string }> = {
  desk_agent: { fr: 'agent du guichet unique', ar: 'عون الشباك الوحيد' },
  commission_member: { fr: 'membre de la commission', ar: 'عضو اللجنة' },
  signatory: { fr: 'signataire', ar: 'الموقع' },
  commune_treasurer: { fr: 'régisseur de la commune', ar: 'شسيع مداخيل الجماعة' },
  province_contact: { fr: 'contact de la province', ar: 'منسق العمالة أو الإقليم' },
  ministry_admin: { fr: 'administrateur du ministère', ar: 'مسؤول بالوزارة' },
};

/**
 * The e-mail that delivers a new civil servant's temporary password (never sent by SMS, never
 * logged): the username, the password to change at first sign-in, and where to sign in.
 */
export function staffWelcomeEmail(
  language: Language,
  data: {
    name: string;
    username: string;
    temporaryPassword: string;
    roles: readonly StaffRole[];
    where: string;
    loginUrl: string;
  },
) {
  const roles = data.roles.map((r) => ROLE_LABELS[r][language]).join(', ');
  const lines =
    language === 'ar'
      ? {
          subject: 'رخصة: تم إنشاء حسابك',
          body: [
            `مرحبا ${data.name}،`,
            `تم إنشاء حسابك على منصة رخصة بصفة: ${roles} (${data.where}).`,
            `اسم المستخدم: ${data.username}`,
            `كلمة المرور المؤقتة: ${data.temporaryPassword}`,
            'يجب تغيير كلمة المرور عند أول تسجيل دخول، وهي صالحة لمدة 3 أيام.',
            `تسجيل الدخول: ${data.loginUrl}`,
          ],
        }
      : {
          subject: 'Rukhsa : votre compte a été créé',
          body: [
            `Bonjour ${data.name},`,
            `Votre compte Rukhsa a été créé en tant que ${roles} (${data.where}).`,
            `Identifiant : ${data.username}`,
            `Mot de passe temporaire : ${data.temporaryPassword}`,
            'Vous devrez le changer à la première connexion ; il est valable 3 jours.',
            `Connexion : ${data.loginUrl}`,
          ],
        };
  const dir = language === 'ar' ? 'dir="rtl" lang="ar"' : 'dir="ltr" lang="fr"';
  return {
    subject: lines.subject,
    text: `${lines.body.join('\n')}\n`,
    html: `<!doctype html><html ${dir}><body>${lines.body.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
  };
}

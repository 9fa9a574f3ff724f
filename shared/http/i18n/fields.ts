import type { CheckCode } from '../../domain/checks.ts';
import { count, type Params, rate, value as v } from './format.ts';
import type { Translated } from './language.ts';

type FieldMessage = (p: Params) => string;

/**
 * Our own checks (shared/domain/checks.ts) in French and Arabic; typed over every code, so a new
 * check without its translations does not compile. zod's built-in checks come from its locales.
 */
export const FIELD_MESSAGES: Record<CheckCode, Record<Translated, FieldMessage>> = {
  required: { fr: () => 'obligatoire', ar: () => 'حقل إلزامي' },
  invalid_phone: {
    fr: () => 'un numéro de téléphone marocain, par exemple +212612345678 ou 0612345678',
    ar: () => `رقم هاتف مغربي، مثلًا ${v('ar', '+212612345678')} أو ${v('ar', '0612345678')}`,
  },
  invalid_cin: {
    fr: () => 'un numéro de CIN, par exemple BE123456',
    ar: () => `رقم بطاقة التعريف الوطنية، مثلًا ${v('ar', 'BE123456')}`,
  },
  invalid_email: { fr: () => 'une adresse e-mail valide', ar: () => 'عنوان بريد إلكتروني صالح' },
  invalid_registration_number: {
    fr: () => 'lettres, chiffres, / ou -, par exemple CNOA-12345',
    ar: () => `حروف لاتينية أو أرقام أو / أو -، مثلًا ${v('ar', 'CNOA-12345')}`,
  },
  password_too_short: {
    fr: () => 'au moins 12 caractères',
    ar: () => 'اثنا عشر حرفًا على الأقل',
  },
  password_needs_lowercase: {
    fr: () => 'doit contenir une lettre minuscule',
    ar: () => 'يجب أن تتضمن حرفًا لاتينيًا صغيرًا',
  },
  password_needs_uppercase: {
    fr: () => 'doit contenir une lettre majuscule',
    ar: () => 'يجب أن تتضمن حرفًا لاتينيًا كبيرًا',
  },
  password_needs_digit: { fr: () => 'doit contenir un chiffre', ar: () => 'يجب أن تتضمن رقمًا' },
  password_needs_symbol: { fr: () => 'doit contenir un symbole', ar: () => 'يجب أن تتضمن رمزًا' },
  password_policy: {
    fr: () =>
      'ne respecte pas la politique : au moins 12 caractères avec majuscule, minuscule, chiffre et symbole',
    ar: () => 'لا تحترم السياسة: اثنا عشر حرفًا على الأقل مع حرف كبير وحرف صغير ورقم ورمز',
  },
  invalid_application_id: {
    fr: () => 'un identifiant de dossier a la forme app-<uuid>',
    ar: () => `معرّف الملف على شكل ${v('ar', 'app-<uuid>')}`,
  },
  invalid_region_id: {
    fr: () => 'un identifiant de région a la forme MA-01 … MA-12',
    ar: () => `معرّف الجهة على شكل ${v('ar', 'MA-01')} … ${v('ar', 'MA-12')}`,
  },
  invalid_province_id: {
    fr: () => 'un identifiant de province a la forme MA-CAS (ISO 3166-2:MA)',
    ar: () => `معرّف الإقليم على شكل ${v('ar', 'MA-CAS')} (${v('ar', 'ISO 3166-2:MA')})`,
  },
  invalid_commune_id: {
    fr: () => 'un identifiant de commune a la forme cas-casablanca (code de la province + nom)',
    ar: () => `معرّف الجماعة على شكل ${v('ar', 'cas-casablanca')} (رمز الإقليم + الاسم)`,
  },
  invalid_province_code: {
    fr: () => 'un code de province a la forme 01.511 (code géographique HCP)',
    ar: () => `رمز الإقليم على شكل ${v('ar', '01.511')} (الرمز الجغرافي للمندوبية السامية للتخطيط)`,
  },
  invalid_commune_code: {
    fr: () => 'un code de commune a la forme 01.511.01.01 (code géographique HCP)',
    ar: () => `رمز الجماعة على شكل ${v('ar', '01.511.01.01')} (الرمز الجغرافي للمندوبية السامية للتخطيط)`,
  },
  arabic_script_required: {
    fr: () => 'doit être écrit en caractères arabes',
    ar: () => 'يجب أن يُكتب بالحروف العربية',
  },
  invalid_document_code: {
    fr: () => 'un code de document a la forme SITE_PLAN',
    ar: () => `رمز الوثيقة على شكل ${v('ar', 'SITE_PLAN')}`,
  },
  invalid_tracking_number: {
    fr: () => 'un numéro de suivi compte 8 à 40 lettres, chiffres ou tirets',
    ar: () => 'رقم التتبع من 8 إلى 40 حرفًا لاتينيًا أو رقمًا أو شرطة',
  },
  unknown_commune: { fr: () => 'commune inconnue', ar: () => 'جماعة غير معروفة' },
  unknown_province: { fr: () => 'province inconnue', ar: () => 'إقليم غير معروف' },
  invalid_cursor: {
    fr: () => 'curseur inconnu : recommencez sans curseur',
    ar: () => 'مؤشر غير معروف: أعد البدء دون مؤشر',
  },
  email_code_wrong: { fr: () => 'code erroné', ar: () => 'رمز خاطئ' },
  pin_refused: {
    fr: (p) =>
      `le code PIN compte ${count(p.minLength)} à ${count(p.maxLength)} chiffres, n’est pas trop simple (répétitions, suites) et diffère de l’actuel`,
    ar: (p) =>
      `يتكون رمز PIN من ${count(p.minLength)} إلى ${count(p.maxLength)} أرقام، وألا يكون سهل التخمين (تكرار أو تسلسل)، وأن يختلف عن الرمز الحالي`,
  },
  roles_repeated: { fr: () => 'chaque rôle une seule fois', ar: () => 'كل دور مرة واحدة فقط' },
  range_min_above_max: {
    fr: () => 'le minimum ne doit pas dépasser le maximum',
    ar: () => 'يجب ألا يتجاوز الحد الأدنى الحد الأقصى',
  },
  scope_mismatch: {
    fr: (p) => `les rôles et le périmètre ne correspondent pas${p.field ? ` (${v('fr', p.field)})` : ''}`,
    ar: (p) => `الأدوار ونطاق الصلاحيات غير متطابقة${p.field ? ` (${v('ar', p.field)})` : ''}`,
  },
  tariff_out_of_range: {
    fr: (p) =>
      `${p.value === undefined ? 'taux manquant' : `${rate('fr', p.value, p.kind, p.unit)} : hors de la fourchette légale`} ${rate('fr', p.min, p.kind, p.unit)} – ${rate('fr', p.max, p.kind, p.unit)} (loi 47-06)`,
    ar: (p) =>
      `${p.value === undefined ? 'سعر غير محدد' : `${rate('ar', p.value, p.kind, p.unit)}: خارج النطاق القانوني`} ${rate('ar', p.min, p.kind, p.unit)} – ${rate('ar', p.max, p.kind, p.unit)} (القانون 47-06)`,
  },
};

/** The message of one of our checks in a language (`en`: the text the schema carries). */
export const fieldMessage = (code: CheckCode, lang: Translated, params: Params = {}): string =>
  FIELD_MESSAGES[code][lang](params);

import { count, date, list, type Params, value as v } from './format.ts';
import type { Translated } from './language.ts';

/**
 * Every problem type (docs/errors.md) in French and Arabic: a title, and a detail built from the
 * problem's own extension members (`resource`, `id`, `missing`…), so a client that reads the
 * members and a person who reads the text see the same facts. English is the text written where the
 * error is raised. A type missing here falls back to its kind's sentence (KIND_MESSAGES); the unit
 * test test/unit/http/i18n.test.ts fails on any type raised in the code that is not listed.
 */
export interface Message {
  title: string;
  detail: (p: Params) => string;
}
export type Messages = Record<Translated, Message>;

const RESOURCES: Record<string, Record<Translated, string>> = {
  Application: { fr: 'Le dossier', ar: 'الملف' },
  Account: { fr: 'Le compte', ar: 'الحساب' },
  Commune: { fr: 'La commune', ar: 'الجماعة' },
  Document: { fr: 'Le document', ar: 'الوثيقة' },
  'Methodology version': { fr: 'La version de méthodologie', ar: 'نسخة المنهجية' },
  Payment: { fr: 'Le paiement', ar: 'الأداء' },
  'Payment order of application': { fr: 'L’ordre de paiement du dossier', ar: 'أمر الأداء الخاص بالملف' },
  Permit: { fr: 'Le permis', ar: 'الرخصة' },
  'Permit of application': { fr: 'Le permis du dossier', ar: 'رخصة الملف' },
  Professional: { fr: 'Le professionnel', ar: 'المهني' },
  'Professional profile': { fr: 'Le profil professionnel', ar: 'الملف المهني' },
  Province: { fr: 'La province', ar: 'الإقليم' },
  Ranking: { fr: 'Le classement', ar: 'الترتيب' },
  Region: { fr: 'La région', ar: 'الجهة' },
  'Signing key': { fr: 'La clé de signature', ar: 'مفتاح التوقيع' },
};
export const RESOURCE_NAMES = RESOURCES;
const resource = (lang: Translated, p: Params) =>
  RESOURCES[String(p.resource)]?.[lang] ?? (lang === 'fr' ? 'La ressource' : 'المورد');

const fieldPaths = (p: Params): string[] =>
  Array.isArray(p.errors) ? p.errors.map((e) => String((e as { path?: unknown }).path ?? '')) : [];

export const PROBLEM_MESSAGES = {
  validation: {
    fr: {
      title: 'Requête invalide',
      detail: (p) =>
        fieldPaths(p).length === 0
          ? 'La requête est invalide. Corrigez-la puis réessayez.'
          : `La requête contient ${count(fieldPaths(p).length)} champ(s) invalide(s) : ${list('fr', fieldPaths(p))}. Corrigez-les puis réessayez.`,
    },
    ar: {
      title: 'طلب غير صالح',
      detail: (p) =>
        fieldPaths(p).length === 0
          ? 'الطلب غير صالح. صحّحه ثم أعد المحاولة.'
          : `يحتوي الطلب على ${count(fieldPaths(p).length)} من الحقول غير الصالحة: ${list('ar', fieldPaths(p))}. صحّحها ثم أعد المحاولة.`,
    },
  },
  'malformed-json': {
    fr: {
      title: 'JSON mal formé',
      detail: () =>
        'Le corps de la requête n’est pas un JSON valide. Envoyez un document JSON avec Content-Type: application/json.',
    },
    ar: {
      title: 'JSON غير سليم',
      detail: () =>
        `محتوى الطلب ليس JSON صالحًا. أرسل وثيقة JSON مع الترويسة ${v('ar', 'Content-Type: application/json')}.`,
    },
  },
  'unsupported-media-type': {
    fr: {
      title: 'Type de contenu non accepté',
      detail: (p) =>
        `Cette adresse attend un corps ${v('fr', p.accepted)} ; le type reçu est ${v('fr', p.contentType)}.`,
    },
    ar: {
      title: 'نوع المحتوى غير مقبول',
      detail: (p) =>
        `يتطلب هذا العنوان محتوى من نوع ${v('ar', p.accepted)}؛ النوع المستلم هو ${v('ar', p.contentType)}.`,
    },
  },
  'method-not-allowed': {
    fr: {
      title: 'Méthode non autorisée',
      detail: (p) =>
        `Cette adresse n’accepte pas la méthode ${v('fr', p.method)} ; méthodes acceptées : ${list('fr', p.allowed)}.`,
    },
    ar: {
      title: 'طريقة غير مسموح بها',
      detail: (p) =>
        `لا يقبل هذا العنوان الطريقة ${v('ar', p.method)}؛ الطرق المقبولة: ${list('ar', p.allowed)}.`,
    },
  },
  'idempotency-key-missing': {
    fr: {
      title: 'Idempotency-Key requis',
      detail: () =>
        'Envoyez un en-tête Idempotency-Key (par exemple un UUID) pour qu’une requête répétée ne soit pas appliquée deux fois.',
    },
    ar: {
      title: `الترويسة ${v('ar', 'Idempotency-Key')} مطلوبة`,
      detail: () =>
        `أرسل الترويسة ${v('ar', 'Idempotency-Key')} (مثلًا معرّف UUID) حتى لا يُنفَّذ الطلب المكرر مرتين.`,
    },
  },
  'idempotency-key-reused': {
    fr: {
      title: 'Clé d’idempotence réutilisée',
      detail: () =>
        'Cette Idempotency-Key a déjà servi pour une autre requête. Utilisez une nouvelle clé pour une nouvelle requête.',
    },
    ar: {
      title: 'مفتاح عدم التكرار مستعمل من قبل',
      detail: () =>
        `سبق استعمال المفتاح ${v('ar', 'Idempotency-Key')} لطلب مختلف. استعمل مفتاحًا جديدًا لكل طلب جديد.`,
    },
  },
  'idempotency-in-progress': {
    fr: {
      title: 'Requête en cours',
      detail: () =>
        'Une requête avec cette Idempotency-Key est encore en traitement. Réessayez dans quelques secondes.',
    },
    ar: {
      title: 'الطلب قيد المعالجة',
      detail: () =>
        `طلب بنفس المفتاح ${v('ar', 'Idempotency-Key')} ما يزال قيد المعالجة. أعد المحاولة بعد ثوانٍ.`,
    },
  },
  unauthenticated: {
    fr: {
      title: 'Non authentifié',
      detail: () =>
        'Connectez-vous et envoyez votre jeton d’identité dans l’en-tête Authorization: Bearer <jeton>.',
    },
    ar: {
      title: 'غير مصادَق عليه',
      detail: () => `سجّل الدخول وأرسل رمز الهوية في الترويسة ${v('ar', 'Authorization: Bearer <token>')}.`,
    },
  },
  'account-suspended': {
    fr: {
      title: 'Compte suspendu',
      detail: () =>
        'Ce compte est suspendu. Demandez à votre correspondant provincial ou au ministère de le réactiver.',
    },
    ar: {
      title: 'حساب موقوف',
      detail: () => 'هذا الحساب موقوف. اطلب من المنسق الإقليمي أو من الوزارة إعادة تفعيله.',
    },
  },
  'session-revoked': {
    fr: {
      title: 'Session révoquée',
      detail: () =>
        'Cette session a pris fin : le compte a été suspendu, ou ses sessions ont été closes après un changement de sa connexion. Reconnectez-vous.',
    },
    ar: {
      title: 'جلسة ملغاة',
      detail: () =>
        'انتهت هذه الجلسة: تم توقيف الحساب، أو أُنهيت جلساته بعد تغيير في طريقة الدخول إليه. سجّل الدخول من جديد.',
    },
  },
  'mfa-required': {
    fr: {
      title: 'Validation en deux étapes requise',
      detail: () =>
        "Les administrateurs du ministère et les correspondants provinciaux doivent activer la validation en deux étapes (un code d'application d'authentification) avant d'utiliser la plateforme.",
    },
    ar: {
      title: 'التحقق بخطوتين مطلوب',
      detail: () =>
        'يجب على مسؤولي الوزارة والمخاطَبين الإقليميين تفعيل التحقق بخطوتين (رمز من تطبيق المصادقة) قبل استعمال المنصة.',
    },
  },
  forbidden: {
    fr: {
      title: 'Action non autorisée',
      detail: () => 'Votre rôle ou votre périmètre ne permet pas cette action.',
    },
    ar: { title: 'إجراء غير مسموح', detail: () => 'دورك أو نطاق صلاحياتك لا يسمح بهذا الإجراء.' },
  },
  'professional-not-registered': {
    fr: {
      title: 'Aucun profil professionnel',
      detail: () =>
        'Ce compte n’a pas de profil professionnel. Inscrivez-vous d’abord (POST /professionals).',
    },
    ar: {
      title: 'لا يوجد ملف مهني',
      detail: () => `ليس لهذا الحساب ملف مهني. سجّل أولًا (${v('ar', 'POST /professionals')}).`,
    },
  },
  'foreign-callback': {
    fr: {
      title: 'Adresse de rappel refusée',
      detail: () => 'Le simulateur de la banque ne rappelle que cette plateforme (callbackUrl).',
    },
    ar: {
      title: 'عنوان الرد مرفوض',
      detail: () => `لا يتصل محاكي البنك إلا بهذه المنصة (${v('ar', 'callbackUrl')}).`,
    },
  },
  'unknown-cursor': {
    fr: {
      title: 'Curseur inconnu',
      detail: () =>
        'Ce curseur n’est pas un de ceux que cette liste a renvoyés (nextCursor). Reprenez la liste depuis le début, sans curseur.',
    },
    ar: {
      title: 'مؤشر غير معروف',
      detail: () =>
        `هذا المؤشر ليس من المؤشرات التي أرجعتها هذه القائمة (${v('ar', 'nextCursor')}). أعد قراءة القائمة من بدايتها بدون مؤشر.`,
    },
  },
  'wrong-email-code': {
    fr: {
      title: 'Code de confirmation refusé',
      detail: () =>
        'Le code envoyé par e-mail est erroné, expiré ou a été essayé cinq fois. Vérifiez le dernier e-mail reçu, ou inscrivez-vous à nouveau pour recevoir un nouveau code.',
    },
    ar: {
      title: 'رمز التأكيد مرفوض',
      detail: () =>
        'الرمز المرسل بالبريد الإلكتروني خاطئ أو منتهي الصلاحية أو جُرّب خمس مرات. تحقق من آخر رسالة وصلتك، أو أعد التسجيل لتتلقى رمزًا جديدًا.',
    },
  },
  'professional-not-verified': {
    fr: {
      title: 'Professionnel non vérifié',
      detail: () =>
        'Votre inscription attend la vérification du ministère (ou a été refusée) : vous ne pouvez pas encore déposer.',
    },
    ar: {
      title: 'مهني غير متحقَّق منه',
      detail: () => 'تسجيلك في انتظار تحقق الوزارة (أو رُفض)، لذا لا يمكنك الإيداع بعد.',
    },
  },
  'business-not-registered': {
    fr: {
      title: "Pas de profil d'entreprise",
      detail: () =>
        "Ce compte n'a pas de profil d'entreprise : inscrivez-vous d'abord comme commerçant ou société (POST /businesses).",
    },
    ar: {
      title: 'لا يوجد ملف مقاولة',
      detail: () => 'هذا الحساب ليس له ملف مقاولة: سجّل أولًا كتاجر أو شركة.',
    },
  },
  'procedure-needs-professional': {
    fr: {
      title: 'Procédure réservée aux professionnels',
      detail: () =>
        "Cette procédure est déposée par un architecte ou un ingénieur ; une entreprise dépose elle-même ses autorisations d'activité et d'occupation du domaine public.",
    },
    ar: {
      title: 'مسطرة خاصة بالمهنيين',
      detail: () =>
        'تودع هذه المسطرة من طرف مهندس معماري أو مهندس؛ تودع المقاولة بنفسها رخص مزاولة النشاط واحتلال الملك العمومي.',
    },
  },
  'wrong-pin': {
    fr: {
      title: 'Code PIN erroné',
      detail: (p) =>
        `Code PIN erroné. Il reste ${count(p.remainingAttempts)} essai(s) avant le verrouillage de la clé.`,
    },
    ar: {
      title: 'رمز PIN خاطئ',
      detail: (p) => `رمز PIN خاطئ. تبقّى ${count(p.remainingAttempts)} من المحاولات قبل قفل المفتاح.`,
    },
  },
  'key-locked': {
    fr: {
      title: 'Clé verrouillée',
      detail: () =>
        'Cinq codes PIN erronés de suite : la clé de signature est verrouillée. Demandez au ministère un nouveau code PIN ; il vous parviendra par SMS et e-mail.',
    },
    ar: {
      title: 'مفتاح مقفل',
      detail: () =>
        'خمسة رموز PIN خاطئة متتالية: أصبح مفتاح التوقيع مقفلًا. اطلب من الوزارة رمز PIN جديدًا، وسيصلك عبر رسالة نصية وبريد إلكتروني.',
    },
  },
  'not-found': {
    fr: {
      title: 'Introuvable',
      detail: (p) =>
        p.id === undefined
          ? 'La ressource demandée n’existe pas ou ne vous est pas visible.'
          : `${resource('fr', p)} « ${v('fr', p.id)} » n’existe pas ou ne vous est pas visible. Vérifiez l’identifiant.`,
    },
    ar: {
      title: 'غير موجود',
      detail: (p) =>
        p.id === undefined
          ? 'المورد المطلوب غير موجود أو غير متاح لك.'
          : `${resource('ar', p)} ${v('ar', p.id)} غير موجود أو غير متاح لك. تحقّق من المعرّف.`,
    },
  },
  conflict: {
    fr: {
      title: 'Conflit',
      detail: () =>
        'L’action entre en conflit avec l’état actuel (déjà faite, ou modifiée entre-temps). Rechargez puis réessayez.',
    },
    ar: {
      title: 'تعارض',
      detail: () =>
        'يتعارض الإجراء مع الحالة الراهنة (سبق إنجازه أو تغيّر في الأثناء). أعد التحميل ثم حاول مجددًا.',
    },
  },
  'already-decided': {
    fr: {
      title: 'Déjà décidé',
      detail: () => 'Cette inscription a déjà été vérifiée ou refusée ; rien n’a été modifié.',
    },
    ar: { title: 'تم البتّ مسبقًا', detail: () => 'تم التحقق من هذا التسجيل أو رفضه من قبل، ولم يُغيَّر شيء.' },
  },
  'version-conflict': {
    fr: {
      title: 'Modifié entre-temps',
      detail: () =>
        'La ressource a changé depuis votre lecture. Rechargez-la et appliquez de nouveau votre modification.',
    },
    ar: {
      title: 'عُدِّل في الأثناء',
      detail: () => 'تغيّر المورد منذ اطلاعك عليه. أعد تحميله ثم طبّق تعديلك من جديد.',
    },
  },
  'invalid-transition': {
    fr: {
      title: 'Impossible dans ce statut',
      detail: (p) =>
        `Cette action n’est pas possible lorsque le dossier est au statut ${v('fr', p.currentStatus)}.`,
    },
    ar: {
      title: 'غير ممكن في هذه الحالة',
      detail: (p) => `هذا الإجراء غير ممكن والملف في الحالة ${v('ar', p.currentStatus)}.`,
    },
  },
  'invalid-key-transition': {
    fr: {
      title: 'Impossible dans ce statut de clé',
      detail: (p) =>
        `Cette action n’est pas possible lorsque la clé est au statut ${v('fr', p.currentStatus)} ; elle l’est aux statuts : ${list('fr', p.allowedFrom)}.`,
    },
    ar: {
      title: 'غير ممكن في حالة المفتاح هذه',
      detail: (p) =>
        `هذا الإجراء غير ممكن والمفتاح في الحالة ${v('ar', p.currentStatus)}، وهو ممكن في الحالات: ${list('ar', p.allowedFrom)}.`,
    },
  },
  'key-not-usable': {
    fr: {
      title: 'Clé inutilisable',
      detail: (p) =>
        `Aucun code PIN ne peut être essayé lorsque la clé est au statut ${v('fr', p.currentStatus)}.`,
    },
    ar: {
      title: 'مفتاح غير قابل للاستعمال',
      detail: (p) => `لا يمكن تجربة رمز PIN والمفتاح في الحالة ${v('ar', p.currentStatus)}.`,
    },
  },
  'key-not-certified': {
    fr: {
      title: 'Clé sans certificat',
      detail: () =>
        'Votre clé de signature n’a pas de certificat de l’autorité de la plateforme. Demandez au ministère de vous délivrer une nouvelle clé.',
    },
    ar: {
      title: 'مفتاح بدون شهادة',
      detail: () => 'ليست لمفتاح توقيعك شهادة من سلطة المنصة. اطلب من الوزارة إصدار مفتاح جديد لك.',
    },
  },
  'key-already-held': {
    fr: {
      title: 'Clé déjà détenue',
      detail: (p) =>
        `Ce signataire détient déjà la clé ${v('fr', p.keyId)} (${v('fr', p.status)}). Révoquez-la d’abord, ou réinitialisez son code PIN si elle est verrouillée.`,
    },
    ar: {
      title: 'المفتاح موجود مسبقًا',
      detail: (p) =>
        `يحوز هذا الموقّع المفتاح ${v('ar', p.keyId)} (${v('ar', p.status)}). ألغِه أولًا، أو أعد تعيين رمز PIN إذا كان مقفلًا.`,
    },
  },
  'no-province-contact': {
    fr: {
      title: 'Aucun correspondant provincial',
      detail: (p) =>
        `La province ${v('fr', p.provinceId)} n’a pas de correspondant désigné pour recevoir la clé. Enregistrez d’abord la désignation du gouverneur.`,
    },
    ar: {
      title: 'لا يوجد منسق إقليمي',
      detail: (p) =>
        `ليس للإقليم ${v('ar', p.provinceId)} منسق معيَّن لتسلّم المفتاح. سجّل أولًا قرار تعيين العامل.`,
    },
  },
  'tracking-number-required': {
    fr: {
      title: 'Numéro de suivi requis',
      detail: () =>
        'La remise d’une clé au correspondant provincial exige le numéro de suivi du courrier express (8 à 40 lettres, chiffres ou tirets).',
    },
    ar: {
      title: 'رقم التتبع مطلوب',
      detail: () =>
        'يتطلب تسليم المفتاح للمنسق الإقليمي رقم تتبع البريد السريع (من 8 إلى 40 حرفًا أو رقمًا أو شرطة).',
    },
  },
  'signatory-account-mismatch': {
    fr: {
      title: 'Pas un signataire de cette commune',
      detail: (p) =>
        `Le compte ${v('fr', p.username)} n’est pas un signataire actif de la commune ${v('fr', p.communeId)}.`,
    },
    ar: {
      title: 'ليس موقّعًا في هذه الجماعة',
      detail: (p) => `الحساب ${v('ar', p.username)} ليس موقّعًا نشطًا في الجماعة ${v('ar', p.communeId)}.`,
    },
  },
  'already-suspended': {
    fr: {
      title: 'Déjà suspendu',
      detail: () => 'Ce compte est déjà suspendu ; réactivez-le pour rendre l’accès.',
    },
    ar: { title: 'موقوف مسبقًا', detail: () => 'هذا الحساب موقوف من قبل؛ أعد تفعيله لإرجاع الولوج.' },
  },
  'not-suspended': {
    fr: {
      title: 'Non suspendu',
      detail: () => 'Ce compte est actif ; seul un compte suspendu peut être réactivé.',
    },
    ar: { title: 'غير موقوف', detail: () => 'هذا الحساب نشط؛ لا يمكن إعادة تفعيل إلا حساب موقوف.' },
  },
  'commune-not-live': {
    fr: {
      title: 'Commune pas encore ouverte',
      detail: (p) =>
        `La commune ${v('fr', p.communeId)} n’accepte pas encore de dossiers (statut ${v('fr', p.rolloutStatus)}). Gardez le brouillon et déposez-le dès son ouverture.`,
    },
    ar: {
      title: 'الجماعة غير مفتوحة بعد',
      detail: (p) =>
        `لا تقبل الجماعة ${v('ar', p.communeId)} الملفات بعد (الحالة ${v('ar', p.rolloutStatus)}). احتفظ بالمسودة وأودعها عند فتحها.`,
    },
  },
  'commune-not-ready': {
    fr: {
      title: 'Commune pas prête',
      detail: (p) =>
        `La commune ${v('fr', p.communeId)} ne peut pas encore ouvrir ; il manque : ${list('fr', p.missing)}.`,
    },
    ar: {
      title: 'الجماعة غير جاهزة',
      detail: (p) => `لا يمكن فتح الجماعة ${v('ar', p.communeId)} بعد؛ ينقصها: ${list('ar', p.missing)}.`,
    },
  },
  'rollout-transition-not-allowed': {
    fr: {
      title: 'Changement de statut impossible',
      detail: (p) =>
        `Une commune ${v('fr', p.from)} ne peut pas passer à ${v('fr', p.to)} ; statuts possibles : ${list('fr', p.allowed)}.`,
    },
    ar: {
      title: 'تغيير الحالة غير مسموح',
      detail: (p) =>
        `لا يمكن لجماعة في الحالة ${v('ar', p.from)} أن تنتقل إلى ${v('ar', p.to)}؛ الحالات الممكنة: ${list('ar', p.allowed)}.`,
    },
  },
  'commune-id-mismatch': {
    fr: {
      title: 'Identifiant de commune incohérent',
      detail: () => 'L’identifiant de la commune doit commencer par le code de sa province.',
    },
    ar: { title: 'معرّف الجماعة غير متطابق', detail: () => 'يجب أن يبدأ معرّف الجماعة برمز إقليمها.' },
  },
  'commune-code-mismatch': {
    fr: {
      title: 'Code de commune incohérent',
      detail: () => 'Le code HCP de la commune doit être compris dans celui de sa province.',
    },
    ar: {
      title: 'رمز الجماعة غير متطابق',
      detail: () => 'يجب أن يندرج رمز المندوبية السامية للتخطيط الخاص بالجماعة ضمن رمز إقليمها.',
    },
  },
  'unknown-commune': {
    fr: {
      title: 'Commune inconnue',
      detail: () => 'Cette commune n’existe pas ; choisissez-en une dans la liste des communes.',
    },
    ar: { title: 'جماعة غير معروفة', detail: () => 'هذه الجماعة غير موجودة؛ اختر واحدة من لائحة الجماعات.' },
  },
  'unknown-permit': {
    fr: {
      title: 'Permis inconnu',
      detail: (p) =>
        `Aucun permis ${v('fr', p.permitNumber)} n’a été délivré par cette commune ; indiquez le numéro imprimé sur le permis que cette demande suit.`,
    },
    ar: {
      title: 'رخصة غير معروفة',
      detail: (p) =>
        `لم تسلم هذه الجماعة أي رخصة تحمل الرقم ${v('ar', p.permitNumber)}؛ أدخل الرقم المطبوع على الرخصة التي يتبعها هذا الطلب.`,
    },
  },
  'permit-required': {
    fr: {
      title: 'Numéro de permis requis',
      detail: () =>
        'Cette demande suit un permis délivré : indiquez son numéro (permitNumber, par exemple RK-CAS-CASABLANCA-2026-00042).',
    },
    ar: {
      title: 'رقم الرخصة مطلوب',
      detail: () => `هذا الطلب يتبع رخصة مسلمة: أدخل رقمها (${v('ar', 'permitNumber')}).`,
    },
  },
  'permit-not-expected': {
    fr: {
      title: 'Numéro de permis inattendu',
      detail: () => 'Cette procédure ne suit pas un permis ; retirez le numéro de permis.',
    },
    ar: {
      title: 'رقم رخصة غير منتظر',
      detail: () => 'هذه المسطرة لا تتبع رخصة؛ احذف رقم الرخصة.',
    },
  },
  'permit-not-followable': {
    fr: {
      title: 'Permis d’une autre procédure',
      detail: (p) =>
        `Le permis ${v('fr', p.permitNumber)} relève d’une procédure que cette demande ne peut pas suivre.`,
    },
    ar: {
      title: 'رخصة من مسطرة أخرى',
      detail: (p) => `الرخصة ${v('ar', p.permitNumber)} تابعة لمسطرة لا يمكن لهذا الطلب أن يتبعها.`,
    },
  },
  'unknown-document': {
    fr: {
      title: 'Document inconnu',
      detail: () =>
        'Ce document ne fait pas partie de la procédure ; voir la liste des pièces (GET /procedures).',
    },
    ar: {
      title: 'وثيقة غير معروفة',
      detail: () => `هذه الوثيقة ليست من وثائق المسطرة؛ راجع لائحة الوثائق (${v('ar', 'GET /procedures')}).`,
    },
  },
  'document-refused': {
    fr: {
      title: 'Document refusé',
      detail: (p) => `Le document est refusé : ${documentReasons('fr', p)}.`,
    },
    ar: {
      title: 'وثيقة مرفوضة',
      detail: (p) => `رُفضت الوثيقة: ${documentReasons('ar', p)}.`,
    },
  },
  'upload-key-mismatch': {
    fr: {
      title: 'Clé de dépôt erronée',
      detail: () => 'La clé doit être celle délivrée pour ce document de ce dossier.',
    },
    ar: {
      title: 'مفتاح رفع خاطئ',
      detail: () => 'يجب أن يكون المفتاح هو الذي سُلّم لهذه الوثيقة من هذا الملف.',
    },
  },
  'upload-not-found': {
    fr: {
      title: 'Aucun fichier déposé',
      detail: () => 'Aucun fichier n’a été déposé sous cette clé. Déposez-le d’abord, puis confirmez.',
    },
    ar: { title: 'لم يُرفع أي ملف', detail: () => 'لم يُرفع أي ملف بهذا المفتاح. ارفعه أولًا ثم أكّد.' },
  },
  'application-incomplete': {
    fr: {
      title: 'Dossier incomplet',
      detail: (p) => `Le dossier ne peut pas encore être déposé ; à compléter : ${list('fr', p.missing)}.`,
    },
    ar: {
      title: 'ملف غير مكتمل',
      detail: (p) => `لا يمكن إيداع الملف بعد؛ يجب استكمال: ${list('ar', p.missing)}.`,
    },
  },
  'invalid-remarks': {
    fr: {
      title: 'Remarques invalides',
      detail: (p) => `Les remarques de retour sont invalides : ${list('fr', p.problems)}.`,
    },
    ar: {
      title: 'ملاحظات غير صالحة',
      detail: (p) => `ملاحظات الإرجاع غير صالحة: ${list('ar', p.problems)}.`,
    },
  },
  'return-round-used': {
    fr: {
      title: 'Déjà retourné une fois',
      detail: (p) =>
        `Le dossier a déjà été retourné pour complément le ${date('fr', p.returnedAt)} ; la loi n’autorise qu’un seul retour. Déclarez-le recevable ou rejetez-le.`,
    },
    ar: {
      title: 'سبق إرجاعه مرة واحدة',
      detail: (p) =>
        `سبق إرجاع الملف للاستكمال بتاريخ ${date('ar', p.returnedAt)}؛ لا يسمح القانون إلا بإرجاع واحد. صرّح بقبوله أو ارفضه.`,
    },
  },
  'province-required': {
    fr: {
      title: 'Province requise',
      detail: () => 'Indiquez la province (paramètre provinceId), par exemple MA-CAS.',
    },
    ar: {
      title: 'الإقليم مطلوب',
      detail: () => 'حدّد الإقليم (المعامل ⁨provinceId⁩)، مثلًا ⁨MA-CAS⁩.',
    },
  },
  'search-too-short': {
    fr: {
      title: 'Recherche trop courte',
      detail: (p) =>
        `Cherchez avec au moins ${v('fr', p.minimum)} lettres ou chiffres : numéro de récépissé, titre foncier, nom, CIN ou numéro de permis.`,
    },
    ar: {
      title: 'بحث قصير جدًا',
      detail: (p) =>
        `ابحث بـ ${v('ar', p.minimum)} حروف أو أرقام على الأقل: رقم الوصل، الرسم العقاري، الاسم، رقم البطاقة الوطنية أو رقم الرخصة.`,
    },
  },
  'tracking-not-found': {
    fr: {
      title: 'Aucun dossier pour ce récépissé et cette CIN',
      detail: () =>
        'Aucun dossier ne correspond à ce numéro de récépissé et à cette CIN. Vérifiez-les sur le récépissé de dépôt.',
    },
    ar: {
      title: 'لا ملف بهذا الوصل وهذه البطاقة',
      detail: () => 'لا يوجد ملف يطابق رقم الوصل ورقم البطاقة الوطنية. تحقق منهما في وصل الإيداع.',
    },
  },
  'too-many-attempts': {
    fr: {
      title: 'Trop de tentatives',
      detail: (p) =>
        `Trop de tentatives pour ce numéro de récépissé (au plus ${v('fr', p.limit)} par heure). Réessayez dans une heure.`,
    },
    ar: {
      title: 'محاولات كثيرة',
      detail: (p) =>
        `محاولات كثيرة لهذا الوصل (${v('ar', p.limit)} في الساعة على الأكثر). أعد المحاولة بعد ساعة.`,
    },
  },
  'unknown-agency': {
    fr: { title: 'Organisme inconnu', detail: () => 'Un des organismes désignés n’existe pas.' },
    ar: { title: 'هيئة غير معروفة', detail: () => 'إحدى الهيئات المعيَّنة غير موجودة.' },
  },
  'invalid-opinion': {
    fr: {
      title: 'Avis invalide',
      detail: () =>
        'Un avis favorable sous conditions liste ses conditions ; un avis défavorable donne ses motifs codés.',
    },
    ar: {
      title: 'رأي غير صالح',
      detail: () => 'الرأي الموافق بشروط يذكر شروطه، والرأي غير الموافق يذكر أسبابه المرمّزة.',
    },
  },
  'binding-opinion-unfavourable': {
    fr: {
      title: 'Approbation impossible',
      detail: (p) =>
        `L’avis conforme de ${list('fr', p.agencies)} est défavorable (${list('fr', p.reasons)}).`,
    },
    ar: {
      title: 'الموافقة غير ممكنة',
      detail: (p) => `الرأي الملزم لـ ${list('ar', p.agencies)} غير موافق (${list('ar', p.reasons)}).`,
    },
  },
  'reasons-required': {
    fr: { title: 'Motifs requis', detail: () => 'Un refus doit donner ses motifs codés.' },
    ar: { title: 'الأسباب مطلوبة', detail: () => 'يجب أن يتضمن الرفض أسبابه المرمّزة.' },
  },
  'tariff-out-of-range': {
    fr: {
      title: 'Taux hors de la fourchette légale',
      detail: (p) => `Des taux sortent de la fourchette légale (loi 47-06) : ${list('fr', fieldPaths(p))}.`,
    },
    ar: {
      title: 'سعر خارج النطاق القانوني',
      detail: (p) => `بعض الأسعار خارج النطاق القانوني (القانون 47-06): ${list('ar', fieldPaths(p))}.`,
    },
  },
  'fee-data-missing': {
    fr: {
      title: 'Données du projet manquantes pour les taxes',
      detail: (p) => `Le calcul des taxes a besoin de : ${list('fr', p.missingFields)}. Complétez le projet.`,
    },
    ar: {
      title: 'معطيات المشروع ناقصة لحساب الرسوم',
      detail: (p) => `يحتاج حساب الرسوم إلى: ${list('ar', p.missingFields)}. أكمل معطيات المشروع.`,
    },
  },
  'no-tariff': {
    fr: {
      title: 'Aucun tarif en vigueur',
      detail: (p) =>
        `La commune ${v('fr', p.communeId)} n’a pas de tarif en vigueur au ${date('fr', p.date)} ; son régisseur doit en fixer un.`,
    },
    ar: {
      title: 'لا توجد تعريفة سارية',
      detail: (p) =>
        `ليس للجماعة ${v('ar', p.communeId)} تعريفة سارية بتاريخ ${date('ar', p.date)}؛ على الشسيع تحديدها.`,
    },
  },
  'already-paid': {
    fr: { title: 'Rien à payer', detail: () => 'Cet ordre de paiement est déjà réglé.' },
    ar: { title: 'لا شيء للأداء', detail: () => 'تم أداء أمر الأداء هذا من قبل.' },
  },
  'pay-at-counter': {
    fr: {
      title: 'À payer au guichet',
      detail: (p) =>
        `${v('fr', p.beneficiary)} ne prend pas encore les paiements en ligne : ses lignes se paient à son guichet.`,
    },
    ar: {
      title: 'الأداء بالشباك',
      detail: (p) => `لا تقبل ${v('ar', p.beneficiary)} الأداء الإلكتروني بعد: تؤدى سطورها بشباكها.`,
    },
  },
  'settlement-file-invalid': {
    fr: {
      title: 'Fichier de règlement refusé',
      detail: (p) => `Le fichier de la banque ne peut pas être lu exactement : ${v('fr', p.reason)}.`,
    },
    ar: {
      title: 'ملف التسوية مرفوض',
      detail: (p) => `لا يمكن قراءة ملف البنك بدقة: ${v('ar', p.reason)}.`,
    },
  },
  'settlement-day-closed': {
    fr: {
      title: 'Journée déjà clôturée',
      detail: (p) =>
        `Le rapprochement de ${v('fr', p.beneficiary)} du ${date('fr', p.date)} concordait et a été clôturé ; un autre fichier pour ce jour est refusé.`,
    },
    ar: {
      title: 'اليوم مغلق من قبل',
      detail: (p) =>
        `تطابقت تسوية ${v('ar', p.beneficiary)} ليوم ${date('ar', p.date)} وأغلقت؛ يرفض أي ملف آخر لهذا اليوم.`,
    },
  },
  'period-not-started': {
    fr: {
      title: 'Rien à classer encore',
      detail: (p) =>
        `Le mois ${v('fr', p.period)} n’a encore aucun jour complet (nous sommes le ${date('fr', p.today)} au Maroc).`,
    },
    ar: {
      title: 'لا شيء للترتيب بعد',
      detail: (p) =>
        `لا يتضمن الشهر ${v('ar', p.period)} أي يوم مكتمل بعد (اليوم هو ${date('ar', p.today)} بالمغرب).`,
    },
  },
  'no-signing-key': {
    fr: {
      title: 'Signature refusée',
      detail: () =>
        'Vous ne détenez aucune clé de signature pour cette commune (ou, membre de commission, pour votre service dans cette province).',
    },
    ar: {
      title: 'التوقيع مرفوض',
      detail: () => 'لا تملك أي مفتاح توقيع لهذه الجماعة (أو، بصفتك عضوا في اللجنة، لمصلحتك في هذا الإقليم).',
    },
  },
  'pin-required': {
    fr: {
      title: 'Code PIN requis',
      detail: () =>
        'Vous détenez une clé de signature : votre avis est signé avec elle. Saisissez votre code PIN.',
    },
    ar: {
      title: 'الرمز السري مطلوب',
      detail: () => 'تملك مفتاح توقيع: يوقع رأيك به. أدخل رمزك السري.',
    },
  },
  'minutes-not-ready': {
    fr: {
      title: 'Procès-verbal pas encore prêt',
      detail: (p) =>
        Array.isArray(p.missing) && p.missing.length > 0
          ? `Le procès-verbal est établi quand tous les services consultés ont rendu leur avis ; manquent : ${list('fr', p.missing)}.`
          : 'Le procès-verbal est établi quand tous les services consultés ont rendu leur avis et qu’un membre présent l’a signé.',
    },
    ar: {
      title: 'المحضر غير جاهز بعد',
      detail: (p) =>
        Array.isArray(p.missing) && p.missing.length > 0
          ? `يحرر المحضر بعد أن تبدي جميع المصالح المستشارة رأيها؛ الناقص: ${list('ar', p.missing)}.`
          : 'يحرر المحضر بعد أن تبدي جميع المصالح المستشارة رأيها ويوقعه عضو حاضر.',
    },
  },
  'minutes-already-signed': {
    fr: { title: 'Déjà signé', detail: () => 'Vous avez déjà signé ce procès-verbal.' },
    ar: { title: 'موقع من قبل', detail: () => 'سبق لك أن وقعت هذا المحضر.' },
  },
  'key-not-active': {
    fr: { title: 'Signature refusée', detail: () => 'Votre clé de signature n’est pas active.' },
    ar: { title: 'التوقيع مرفوض', detail: () => 'مفتاح التوقيع الخاص بك غير نشط.' },
  },
  'key-expired': {
    fr: {
      title: 'Signature refusée',
      detail: () => 'Votre clé de signature a expiré ; le ministère doit en émettre une nouvelle.',
    },
    ar: {
      title: 'التوقيع مرفوض',
      detail: () => 'انتهت صلاحية مفتاح التوقيع الخاص بك؛ على الوزارة إصدار مفتاح جديد.',
    },
  },
  'key-pin-not-changed': {
    fr: { title: 'Signature refusée', detail: () => 'Changez d’abord le code PIN reçu avant de signer.' },
    ar: { title: 'التوقيع مرفوض', detail: () => 'غيّر أولًا رمز PIN الذي توصلت به قبل التوقيع.' },
  },
  'key-not-yet-valid': {
    fr: {
      title: 'Signature refusée',
      detail: () => 'Votre clé de signature n’est pas encore valide (prise de fonction à venir).',
    },
    ar: {
      title: 'التوقيع مرفوض',
      detail: () => 'مفتاح التوقيع الخاص بك ليس صالحًا بعد (لم يحن موعد تولي المهام).',
    },
  },
  internal: {
    fr: {
      title: 'Erreur interne',
      detail: (p) =>
        `Un problème est survenu de notre côté. Réessayez plus tard ; s’il persiste, citez l’identifiant ${v('fr', p.correlationId)} au support.`,
    },
    ar: {
      title: 'خطأ داخلي',
      detail: (p) =>
        `حدث خلل من جهتنا. أعد المحاولة لاحقًا، وإن استمر فاذكر المعرّف ${v('ar', p.correlationId)} للدعم.`,
    },
  },
} satisfies Record<string, Messages>;

export type ProblemType = keyof typeof PROBLEM_MESSAGES;

/** The sentence of a kind, for a type the catalogue does not know yet (never an empty answer). */
export const KIND_MESSAGES: Record<string, Messages> = {
  'too-many': {
    fr: { title: 'Trop de demandes', detail: () => 'Trop de demandes ; réessayez plus tard.' },
    ar: { title: 'طلبات كثيرة', detail: () => 'طلبات كثيرة؛ أعد المحاولة لاحقًا.' },
  },
  invalid: PROBLEM_MESSAGES.validation,
  unauthenticated: PROBLEM_MESSAGES.unauthenticated,
  forbidden: PROBLEM_MESSAGES.forbidden,
  'not-found': PROBLEM_MESSAGES['not-found'],
  conflict: PROBLEM_MESSAGES.conflict,
  'too-large': {
    fr: { title: 'Trop volumineux', detail: () => 'Le contenu envoyé est trop volumineux.' },
    ar: { title: 'حجم كبير جدًا', detail: () => 'المحتوى المرسَل كبير الحجم أكثر من اللازم.' },
  },
  unprocessable: {
    fr: {
      title: 'Refusé par une règle',
      detail: () => 'La requête est bien formée mais une règle métier la refuse.',
    },
    ar: { title: 'مرفوض بموجب قاعدة', detail: () => 'الطلب سليم الشكل لكن قاعدة تدبيرية ترفضه.' },
  },
  locked: {
    fr: {
      title: 'Verrouillé',
      detail: () => 'La ressource est verrouillée jusqu’à l’intervention d’un tiers.',
    },
    ar: { title: 'مقفل', detail: () => 'المورد مقفل إلى حين تدخّل جهة أخرى.' },
  },
};

/** A document's problems in words: the format received and those accepted, the size limit, the checksum. */
function documentReasons(lang: Translated, p: Params): string {
  const problems = Array.isArray(p.problems)
    ? (p.problems as { reason?: string; contentType?: string; accepted?: string[]; maxSizeMb?: number }[])
    : [];
  const words = problems.map((x) => {
    const type = x.contentType ? v(lang, x.contentType) : '';
    switch (x.reason) {
      case 'format-not-allowed':
        if (x.accepted)
          return lang === 'fr'
            ? `le format ${type} n’est pas accepté (accepté : ${list('fr', x.accepted)})`
            : `الصيغة ${type} غير مقبولة (المقبول: ${list('ar', x.accepted)})`;
        return lang === 'fr'
          ? `le contenu du fichier n’est pas du type ${type} annoncé`
          : `محتوى الملف ليس من النوع ${type} المعلن`;
      case 'too-large':
        return lang === 'fr'
          ? `la taille dépasse ${v('fr', x.maxSizeMb)} Mo`
          : `الحجم يتجاوز ${v('ar', x.maxSizeMb)} ميغابايت`;
      case 'checksum-mismatch':
        return lang === 'fr'
          ? 'le fichier reçu n’est pas celui envoyé ; envoyez-le à nouveau'
          : 'الملف المستلم ليس هو المرسل؛ أرسله مرة أخرى';
      default:
        return v(lang, x.reason ?? '');
    }
  });
  return words.length > 0 ? words.join(lang === 'fr' ? ' ; ' : '؛ ') : list(lang, []);
}

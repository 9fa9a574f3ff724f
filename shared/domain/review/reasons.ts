import * as z from 'zod/mini';

/**
 * Coded reasons, as data: the desk returns a file with these (all remarks in one round), agencies
 * justify an unfavourable opinion with these. Codes are stable; labels are for people.
 */
const Reason = /* @__PURE__ */ (() =>
  z.object({
    code: z.string().check(z.regex(/^[A-Z_]{3,40}$/)),
    labelFr: z.string(),
    labelAr: z.string(),
  }))();

export const RETURN_REASONS = /* @__PURE__ */ (() =>
  z.array(Reason).parse([
    { code: 'MISSING_DOCUMENT', labelFr: 'Pièce manquante', labelAr: 'وثيقة ناقصة' },
    { code: 'ILLEGIBLE_DOCUMENT', labelFr: 'Pièce illisible', labelAr: 'وثيقة غير مقروءة' },
    { code: 'UNSIGNED_DOCUMENT', labelFr: 'Pièce non signée ou non visée', labelAr: 'وثيقة غير موقعة' },
    { code: 'OUTDATED_DOCUMENT', labelFr: 'Pièce périmée', labelAr: 'وثيقة منتهية الصلاحية' },
    { code: 'INCONSISTENT_PLANS', labelFr: 'Plans incohérents entre eux', labelAr: 'تصاميم غير متطابقة' },
    { code: 'WRONG_SCALE', labelFr: 'Échelle non réglementaire', labelAr: 'سلم غير مطابق' },
    {
      code: 'PARCEL_MISMATCH',
      labelFr: 'Parcelle non conforme au titre foncier',
      labelAr: 'القطعة لا تطابق الرسم العقاري',
    },
    {
      code: 'MISSING_PROJECT_DATA',
      labelFr: 'Données du projet incomplètes',
      labelAr: 'معطيات المشروع ناقصة',
    },
    { code: 'OTHER', labelFr: 'Autre (préciser)', labelAr: 'سبب آخر (يرجى التوضيح)' },
  ]))();

export const OPINION_REASONS = /* @__PURE__ */ (() =>
  z.array(Reason).parse([
    {
      code: 'ZONING_NON_COMPLIANT',
      labelFr: "Non conforme au document d'urbanisme",
      labelAr: 'غير مطابق لوثيقة التعمير',
    },
    {
      code: 'EXCESSIVE_HEIGHT',
      labelFr: 'Hauteur supérieure au maximum autorisé',
      labelAr: 'علو يتجاوز الحد المسموح به',
    },
    { code: 'INSUFFICIENT_SETBACK', labelFr: 'Reculs insuffisants', labelAr: 'تراجعات غير كافية' },
    {
      code: 'FIRE_SAFETY',
      labelFr: 'Sécurité incendie insuffisante',
      labelAr: 'شروط السلامة من الحريق غير كافية',
    },
    {
      code: 'NETWORK_CAPACITY',
      labelFr: 'Réseaux insuffisants (eau, électricité, assainissement)',
      labelAr: 'الشبكات غير كافية',
    },
    {
      code: 'HERITAGE_PROTECTION',
      labelFr: 'Atteinte au patrimoine protégé',
      labelAr: 'مساس بالتراث المحمي',
    },
    { code: 'HYGIENE', labelFr: "Conditions d'hygiène non remplies", labelAr: 'شروط الصحة غير مستوفاة' },
    { code: 'OTHER', labelFr: 'Autre (préciser)', labelAr: 'سبب آخر (يرجى التوضيح)' },
  ]))();

export const ReasonCatalogue = /* @__PURE__ */ (() =>
  z.object({ returnReasons: z.array(Reason), opinionReasons: z.array(Reason) }))();
export const REASONS = { returnReasons: RETURN_REASONS, opinionReasons: OPINION_REASONS };

export const isReturnReason = (code: string) => RETURN_REASONS.some((r) => r.code === code);
export const isOpinionReason = (code: string) => OPINION_REASONS.some((r) => r.code === code);
export const reasonLabel = (code: string, language: 'fr' | 'ar') => {
  const reason = [...RETURN_REASONS, ...OPINION_REASONS].find((r) => r.code === code);
  return reason ? (language === 'fr' ? reason.labelFr : reason.labelAr) : code;
};

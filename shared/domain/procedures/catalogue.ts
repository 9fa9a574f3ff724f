import type {
  Catalogue,
  DayCount,
  DocumentFormat,
  DocumentRequirement,
  Procedure,
  ProcedureCode,
  StepCode,
} from './schema.ts';

/**
 * The procedures catalogue (version 2026-11): what each procedure asks for, how long it may take and
 * who reviews it. Sources: decree 2-18-577 (2019) and the 2023 joint order (documents, deadlines,
 * step budgets), law 55-19 (silence past the deadline counts as consent). This is data: a change of
 * rule is a change here, checked against the schema by test/unit/procedures.test.ts (not at load: parsing
 * it cost every function that imports it ~10 % of its cold import).
 */

type Steps = Procedure['deadline']['steps']['small'];

/**
 * Step budgets counted one way: every step declares how it counts its days. No side effects (nor
 * in `doc`): a bundle that never reads the catalogue leaves it out.
 */
/* @__NO_SIDE_EFFECTS__ */ function steps(calendar: DayCount, budgets: [StepCode, number][]): Steps {
  return budgets.map(([step, days]) => ({ step, days, calendar }));
}

/*
 * Working days or calendar days. The decree's delays are acts of the one-stop desk and of the
 * commission's members, civil servants who do not sit on weekends and public holidays: they count
 * working days (Monday to Friday, Moroccan public holidays excluded, holidays.ts), the 15/30-day
 * totals as well as the step budgets that add up to them. A delay the texts give in months ("one
 * month" for demolition and after the completion declaration) is a calendar period: it counts
 * calendar days, and so do its steps, so that they still fit in it. Validity periods (licences) are
 * calendar months (`validityMonths`).
 */

/** 2023 joint order budgets for 30-day procedures: 1 + 3 + 15 + 3 + 3 = 25 working days (5 of slack). */
const COMMISSION_30 = steps('working', [
  ['RECEIPT', 1],
  ['REFERRAL', 3],
  ['COMMISSION_REVIEW', 15],
  ['MINUTES', 3],
  ['SIGNATURE', 3],
]);

/** The same budgets inside a one-month (30 calendar days) delay: they count calendar days. */
const COMMISSION_MONTH = steps('calendar', [
  ['RECEIPT', 1],
  ['REFERRAL', 3],
  ['COMMISSION_REVIEW', 15],
  ['MINUTES', 3],
  ['SIGNATURE', 3],
]);

/** The same steps squeezed into 15 working days: 1 + 2 + 7 + 2 + 3 = 15. */
const COMMISSION_15 = steps('working', [
  ['RECEIPT', 1],
  ['REFERRAL', 2],
  ['COMMISSION_REVIEW', 7],
  ['MINUTES', 2],
  ['SIGNATURE', 3],
]);

/** One-stop desk alone (no commission), 15 working days: 1 + 11 + 3. */
const DESK_15 = steps('working', [
  ['RECEIPT', 1],
  ['REVIEW', 11],
  ['SIGNATURE', 3],
]);

/**
 * The desk alone, 15 working days, and silence is NOT consent: the deadline of the public-domain
 * occupation and of the renewals, which grant nothing tacitly.
 */
const DESK_15_NO_SILENCE = {
  smallDays: 15,
  largeDays: 15,
  calendar: 'working',
  silenceIsConsent: false,
  steps: { small: DESK_15, large: DESK_15 },
} as const;

/** One-stop desk alone, 10 working days (repair permit): 1 + 6 + 3. */
const DESK_10 = steps('working', [
  ['RECEIPT', 1],
  ['REVIEW', 6],
  ['SIGNATURE', 3],
]);

/** Plans and signed paperwork are PDF; identity papers and photos may also be scans or pictures. */
const PDF: DocumentFormat[] = ['application/pdf'];
const PDF_OR_IMAGE: DocumentFormat[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** Every document the catalogue knows, labelled once; procedures pick them with `doc(code, mandatory)`. */
const DOCUMENTS = {
  APPLICANT_ID: {
    labelFr: "Pièce d'identité du demandeur (CNIE, ou statuts et pouvoirs pour une personne morale)",
    labelAr: 'بطاقة التعريف الوطنية للطالب (أو النظام الأساسي والتفويض بالنسبة للشخص المعنوي)',
    formats: PDF_OR_IMAGE,
    maxSizeMb: 10,
  },
  LAND_TITLE_CERT: {
    labelFr: 'Certificat de propriété de moins de 3 mois (conservation foncière) ou acte de propriété',
    labelAr: 'شهادة الملكية لا يتعدى تاريخها 3 أشهر (المحافظة العقارية) أو عقد الملكية',
    formats: PDF,
    maxSizeMb: 10,
  },
  SITE_PLAN: {
    labelFr: 'Plan de situation',
    labelAr: 'تصميم الموقع',
    formats: PDF,
    maxSizeMb: 50,
  },
  MASS_PLAN: {
    labelFr: 'Plan de masse',
    labelAr: 'تصميم الكتلة',
    formats: PDF,
    maxSizeMb: 50,
  },
  TOPO_SURVEY: {
    labelFr: 'Levé topographique établi par un ingénieur géomètre-topographe',
    labelAr: 'التصميم الطبوغرافي المنجز من طرف مهندس مساح طبوغرافي',
    formats: PDF,
    maxSizeMb: 50,
  },
  ARCH_PLANS: {
    labelFr: 'Plans architecturaux (niveaux, coupes, façades)',
    labelAr: 'التصاميم المعمارية (المستويات والمقاطع والواجهات)',
    formats: PDF,
    maxSizeMb: 50,
  },
  STRUCTURAL_STUDY: {
    labelFr: 'Étude de béton armé (stabilité) visée par un bureau d’études',
    labelAr: 'دراسة الخرسانة المسلحة (المتانة) مؤشر عليها من طرف مكتب الدراسات',
    formats: PDF,
    maxSizeMb: 50,
  },
  FIRE_SAFETY_NOTE: {
    labelFr: 'Notice de sécurité contre l’incendie',
    labelAr: 'مذكرة السلامة من أخطار الحريق',
    formats: PDF,
    maxSizeMb: 50,
  },
  VRD_PLANS: {
    labelFr: 'Plans des voiries et réseaux divers (VRD : voirie, eau, assainissement, électricité)',
    labelAr: 'تصاميم الطرق والشبكات المختلفة (الطرق، الماء، التطهير، الكهرباء)',
    formats: PDF,
    maxSizeMb: 50,
  },
  ARCHITECT_CONTRACT: {
    labelFr: "Contrat d'architecte",
    labelAr: 'عقد المهندس المعماري',
    formats: PDF,
    maxSizeMb: 10,
  },
  ENGINEERING_CONTRACT: {
    labelFr: 'Contrats de l’ingénieur géomètre-topographe et du bureau d’études techniques',
    labelAr: 'عقدا المهندس المساح الطبوغرافي ومكتب الدراسات التقنية',
    formats: PDF,
    maxSizeMb: 10,
  },
  LOTISSEMENT_PLAN: {
    labelFr: 'Plan de lotissement (parcellaire)',
    labelAr: 'تصميم التجزئة (التقسيم إلى بقع)',
    formats: PDF,
    maxSizeMb: 50,
  },
  DIVISION_PLAN: {
    labelFr: 'Plan de morcellement',
    labelAr: 'تصميم التقسيم',
    formats: PDF,
    maxSizeMb: 50,
  },
  SPECIFICATIONS: {
    labelFr: 'Cahier des charges',
    labelAr: 'دفتر التحملات',
    formats: PDF,
    maxSizeMb: 10,
  },
  WORKS_DESCRIPTION: {
    labelFr: 'Description des travaux envisagés',
    labelAr: 'وصف الأشغال المزمع إنجازها',
    formats: PDF,
    maxSizeMb: 10,
  },
  EXISTING_STATE_PLANS: {
    labelFr: "Plans de l'état existant",
    labelAr: 'تصاميم الحالة الراهنة',
    formats: PDF,
    maxSizeMb: 50,
  },
  PHOTOS: {
    labelFr: "Photographies de l'état existant",
    labelAr: 'صور الحالة الراهنة',
    formats: PDF_OR_IMAGE,
    maxSizeMb: 10,
  },
  STABILITY_CERT: {
    labelFr: 'Attestation de stabilité de la construction établie par un ingénieur',
    labelAr: 'شهادة متانة البناية مسلمة من طرف مهندس',
    formats: PDF,
    maxSizeMb: 10,
  },
  DEMOLITION_METHOD: {
    labelFr: 'Note sur la méthode de démolition et les mesures de sécurité',
    labelAr: 'مذكرة حول طريقة الهدم وتدابير السلامة',
    formats: PDF,
    maxSizeMb: 10,
  },
  PERMIT_COPY: {
    labelFr: 'Copie du permis de construire et des plans autorisés',
    labelAr: 'نسخة من رخصة البناء والتصاميم المرخصة',
    formats: PDF,
    maxSizeMb: 50,
  },
  COMPLETION_DECLARATION: {
    labelFr: "Déclaration d'achèvement des travaux",
    labelAr: 'التصريح بانتهاء الأشغال',
    formats: PDF,
    maxSizeMb: 10,
  },
  ARCHITECT_COMPLETION_CERT: {
    labelFr: "Certificat de conformité des travaux délivré par l'architecte",
    labelAr: 'شهادة مطابقة الأشغال مسلمة من طرف المهندس المعماري',
    formats: PDF,
    maxSizeMb: 10,
  },
  TOPOGRAPHER_COMPLETION_CERT: {
    labelFr: "Certificat de l'ingénieur géomètre-topographe (conformité de l'implantation)",
    labelAr: 'شهادة المهندس المساح الطبوغرافي (مطابقة التموضع)',
    formats: PDF,
    maxSizeMb: 10,
  },
  LEASE_OR_TITLE: {
    labelFr: 'Contrat de bail ou titre de propriété du local',
    labelAr: 'عقد الكراء أو سند ملكية المحل',
    formats: PDF_OR_IMAGE,
    maxSizeMb: 10,
  },
  PREMISES_OCCUPANCY_PROOF: {
    labelFr: 'Permis d’habiter ou certificat de conformité du local',
    labelAr: 'رخصة السكن أو شهادة المطابقة الخاصة بالمحل',
    formats: PDF_OR_IMAGE,
    maxSizeMb: 10,
  },
  ACTIVITY_DESCRIPTION: {
    labelFr: "Description de l'activité (nature, horaires, équipements)",
    labelAr: 'وصف النشاط (طبيعته، أوقات العمل، التجهيزات)',
    formats: PDF,
    maxSizeMb: 10,
  },
  PREMISES_PLAN: {
    labelFr: "Plan d'aménagement du local",
    labelAr: 'تصميم تهيئة المحل',
    formats: PDF,
    maxSizeMb: 50,
  },
  COMPANY_REGISTRATION: {
    labelFr: 'Extrait du registre de commerce (personne morale)',
    labelAr: 'مستخرج من السجل التجاري (الشخص المعنوي)',
    formats: PDF_OR_IMAGE,
    maxSizeMb: 10,
  },
  OCCUPATION_PLAN: {
    labelFr: "Plan de l'occupation projetée (emprise, mobilier, accès)",
    labelAr: 'تصميم الاحتلال المزمع (المساحة، التجهيزات، المداخل)',
    formats: PDF,
    maxSizeMb: 50,
  },
} satisfies Record<string, Omit<DocumentRequirement, 'code' | 'mandatory'>>;

type KnownDocument = keyof typeof DOCUMENTS;

/** A document requirement from the shared labels: `true` always, `false` optional, `large` for large projects. */
/**
 * What an occupancy permit or a conformity certificate may follow: a permit to build (law 12-90,
 * art. 55), and for the conformity certificate also a lotissement permit (its works' conformity).
 * The request names that permit and carries its conditions and parcel.
 */
const BUILT_UNDER: ProcedureCode[] = ['BUILDING_PERMIT', 'HOUSING_GROUP', 'REGULARISATION'];

/** Keys in the schema's order: the API serves the catalogue as written (see CATALOGUE). */
/* @__NO_SIDE_EFFECTS__ */ function doc(
  code: KnownDocument,
  mandatory: DocumentRequirement['mandatory'],
): DocumentRequirement {
  const { labelFr, labelAr, formats, maxSizeMb } = DOCUMENTS[code];
  return { code, labelFr, labelAr, mandatory, formats, maxSizeMb };
}

const URBAN_BASIS = 'Loi 12-90 (urbanisme), décret 2-18-577 (2019), arrêté conjoint 2023, loi 55-19';
const SUBDIVISION_BASIS =
  'Loi 25-90 (lotissements, groupes d’habitations, morcellements), décret 2-18-577 (2019), arrêté conjoint 2023, loi 55-19';

const procedures: Procedure[] = [
  {
    code: 'BUILDING_PERMIT',
    family: 'urban',
    labelFr: 'Permis de construire',
    labelAr: 'رخصة البناء',
    legalBasis: URBAN_BASIS,
    // Platform rule (data, configurable): large as soon as the covered floor area exceeds 500 m², or
    // the building has more than 3 levels above ground (R+2 is small, R+3 is large), or more than
    // 10 housing units. Small projects are reviewed by the one-stop desk alone, large ones in commission.
    size: { largeIfFloorAreaOverM2: 500, largeIfFloorsOver: 3, largeIfUnitsOver: 10 },
    // 15 working days small / 30 large (2023 joint order). Silence is consent (law 55-19).
    deadline: {
      smallDays: 15,
      largeDays: 30,
      calendar: 'working',
      silenceIsConsent: true,
      steps: { small: DESK_15, large: COMMISSION_30 },
    },
    commission: {
      when: 'large',
      agencies: ['urban-agency', 'civil-protection', 'utilities'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['floorAreaM2', 'floors', 'units', 'buildingCategory', 'worksCostCentimes'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('MASS_PLAN', true),
      doc('TOPO_SURVEY', true),
      doc('ARCH_PLANS', true),
      doc('ARCHITECT_CONTRACT', true),
      doc('STRUCTURAL_STUDY', 'large'),
      doc('FIRE_SAFETY_NOTE', 'large'),
      doc('VRD_PLANS', 'large'),
      doc('ENGINEERING_CONTRACT', 'large'),
    ],
  },
  {
    code: 'LOTISSEMENT',
    family: 'urban',
    labelFr: 'Autorisation de lotir',
    labelAr: 'رخصة إحداث تجزئة عقارية',
    legalBasis: SUBDIVISION_BASIS,
    size: { always: 'large' },
    // Always large: 30 working days. Silence is consent (law 55-19).
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'working',
      silenceIsConsent: true,
      steps: { small: COMMISSION_30, large: COMMISSION_30 },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'utilities', 'equipment'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['plotAreaM2', 'lots', 'worksCostCentimes'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('TOPO_SURVEY', true),
      doc('LOTISSEMENT_PLAN', true),
      doc('VRD_PLANS', true),
      doc('SPECIFICATIONS', true),
      doc('ARCHITECT_CONTRACT', true),
      doc('ENGINEERING_CONTRACT', true),
    ],
  },
  {
    code: 'HOUSING_GROUP',
    family: 'urban',
    labelFr: "Autorisation de créer un groupe d'habitations",
    labelAr: 'رخصة إحداث مجموعة سكنية',
    legalBasis: SUBDIVISION_BASIS,
    size: { always: 'large' },
    // Always large: 30 working days. Silence is consent (law 55-19).
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'working',
      silenceIsConsent: true,
      steps: { small: COMMISSION_30, large: COMMISSION_30 },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'civil-protection', 'utilities', 'equipment'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['plotAreaM2', 'floorAreaM2', 'units', 'worksCostCentimes'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('MASS_PLAN', true),
      doc('TOPO_SURVEY', true),
      doc('ARCH_PLANS', true),
      doc('STRUCTURAL_STUDY', true),
      doc('FIRE_SAFETY_NOTE', true),
      doc('VRD_PLANS', true),
      doc('SPECIFICATIONS', true),
      doc('ARCHITECT_CONTRACT', true),
      doc('ENGINEERING_CONTRACT', true),
    ],
  },
  {
    code: 'MORCELLEMENT',
    family: 'urban',
    labelFr: 'Autorisation de morcellement',
    labelAr: 'رخصة التقسيم العقاري',
    legalBasis: SUBDIVISION_BASIS,
    size: { always: 'large' },
    // Always large: 30 working days. Silence is consent (law 55-19).
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'working',
      silenceIsConsent: true,
      steps: { small: COMMISSION_30, large: COMMISSION_30 },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'utilities', 'equipment'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['plotAreaM2', 'lots'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('TOPO_SURVEY', true),
      doc('DIVISION_PLAN', true),
      doc('ENGINEERING_CONTRACT', false),
    ],
  },
  {
    code: 'REPAIR',
    family: 'urban',
    labelFr: 'Autorisation de réfection',
    labelAr: 'رخصة الإصلاح',
    legalBasis: URBAN_BASIS,
    size: { always: 'small' },
    // 10 working days (2023 joint order), desk review only. Silence is consent (law 55-19).
    deadline: {
      smallDays: 10,
      largeDays: 10,
      calendar: 'working',
      silenceIsConsent: true,
      steps: { small: DESK_10, large: DESK_10 },
    },
    commission: { when: 'never', agencies: [], binding: [] },
    requiredProjectFields: ['floorAreaM2', 'worksCostCentimes'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('WORKS_DESCRIPTION', true),
      doc('PHOTOS', true),
      doc('EXISTING_STATE_PLANS', false),
    ],
  },
  {
    code: 'REGULARISATION',
    family: 'urban',
    labelFr: 'Régularisation des constructions non réglementaires',
    labelAr: 'تسوية وضعية البنايات غير القانونية',
    legalBasis:
      'Loi 12-90 modifiée par la loi 66-12 (contrôle des infractions), décret 2-18-577 (2019), arrêté conjoint 2023',
    size: { always: 'small' },
    // 30 working days, always in commission. Silence is NOT consent: a tacit approval would legalise an
    // existing infraction without any check of the building's stability and safety.
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'working',
      silenceIsConsent: false,
      steps: { small: COMMISSION_30, large: COMMISSION_30 },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'civil-protection'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['floorAreaM2', 'floors', 'buildingCategory'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('MASS_PLAN', true),
      doc('EXISTING_STATE_PLANS', true),
      doc('STABILITY_CERT', true),
      doc('PHOTOS', true),
      doc('ARCHITECT_CONTRACT', true),
      doc('TOPO_SURVEY', false),
    ],
  },
  {
    code: 'DEMOLITION',
    family: 'urban',
    labelFr: 'Permis de démolir',
    labelAr: 'رخصة الهدم',
    legalBasis: URBAN_BASIS,
    size: { always: 'small' },
    // One month = 30 calendar days (2023 joint order), always in commission (heritage is consulted).
    // Silence is consent (law 55-19), as for the other permits of decree 2-18-577.
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'calendar',
      silenceIsConsent: true,
      steps: { small: COMMISSION_MONTH, large: COMMISSION_MONTH },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'civil-protection', 'heritage'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['floorAreaM2'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LAND_TITLE_CERT', true),
      doc('SITE_PLAN', true),
      doc('EXISTING_STATE_PLANS', true),
      doc('DEMOLITION_METHOD', true),
      doc('PHOTOS', true),
      doc('ARCHITECT_CONTRACT', true),
    ],
  },
  {
    code: 'OCCUPANCY_PERMIT',
    family: 'urban',
    labelFr: "Permis d'habiter",
    labelAr: 'رخصة السكن',
    legalBasis: URBAN_BASIS,
    size: { always: 'small' },
    // One month (30 calendar days) after the completion declaration, which is this application's submission.
    // Silence is consent (law 55-19).
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'calendar',
      silenceIsConsent: true,
      steps: { small: COMMISSION_MONTH, large: COMMISSION_MONTH },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'civil-protection'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['floorAreaM2'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('COMPLETION_DECLARATION', true),
      doc('ARCHITECT_COMPLETION_CERT', true),
      doc('TOPOGRAPHER_COMPLETION_CERT', true),
      doc('PERMIT_COPY', true),
      doc('PHOTOS', false),
    ],
    follows: BUILT_UNDER,
  },
  {
    code: 'CONFORMITY_CERTIFICATE',
    family: 'urban',
    labelFr: 'Certificat de conformité',
    labelAr: 'شهادة المطابقة',
    legalBasis: URBAN_BASIS,
    size: { always: 'small' },
    // Same rule as the occupancy permit, for non-residential buildings: 30 calendar days, silence is consent.
    deadline: {
      smallDays: 30,
      largeDays: 30,
      calendar: 'calendar',
      silenceIsConsent: true,
      steps: { small: COMMISSION_MONTH, large: COMMISSION_MONTH },
    },
    commission: {
      when: 'always',
      agencies: ['urban-agency', 'civil-protection'],
      binding: ['urban-agency'],
    },
    requiredProjectFields: ['floorAreaM2'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('COMPLETION_DECLARATION', true),
      doc('ARCHITECT_COMPLETION_CERT', true),
      doc('TOPOGRAPHER_COMPLETION_CERT', true),
      doc('PERMIT_COPY', true),
      doc('PHOTOS', false),
    ],
    follows: /* @__PURE__ */ BUILT_UNDER.concat('LOTISSEMENT'),
  },
  {
    code: 'ACTIVITY_LICENCE',
    family: 'economic',
    labelFr: "Autorisation d'exercice d'une activité économique",
    labelAr: 'رخصة مزاولة نشاط اقتصادي',
    legalBasis: 'Loi organique 113-14 relative aux communes (police administrative, art. 100), loi 55-19',
    size: { always: 'small' },
    // No national deadline in the 2023 joint order: the platform sets 15 working days (as for small permits),
    // with the commission budgets squeezed into 15 days. Silence is NOT consent: the licence follows
    // hygiene and fire-safety opinions that a tacit approval would skip.
    deadline: {
      smallDays: 15,
      largeDays: 15,
      calendar: 'working',
      silenceIsConsent: false,
      steps: { small: COMMISSION_15, large: COMMISSION_15 },
    },
    commission: { when: 'always', agencies: ['civil-protection', 'health'], binding: [] },
    requiredProjectFields: ['activity', 'floorAreaM2'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('LEASE_OR_TITLE', true),
      doc('ACTIVITY_DESCRIPTION', true),
      doc('PREMISES_PLAN', true),
      doc('PREMISES_OCCUPANCY_PROOF', true),
      doc('COMPANY_REGISTRATION', false),
      doc('PHOTOS', false),
    ],
    filers: ['professional', 'business'],
    // Platform rule (data, configurable): a licence is valid one year, then renewed.
    validityMonths: 12,
  },
  {
    code: 'PUBLIC_DOMAIN_OCCUPATION',
    family: 'economic',
    labelFr: 'Occupation temporaire du domaine public communal',
    labelAr: 'الاحتلال المؤقت للملك العمومي الجماعي',
    legalBasis: 'Loi 57-19 sur le domaine des collectivités territoriales',
    size: { always: 'small' },
    // 15 working days, desk review only. Silence is NOT consent: no right over the public domain can be
    // acquired tacitly; the occupation needs an explicit, revocable decision.
    deadline: DESK_15_NO_SILENCE,
    commission: { when: 'never', agencies: [], binding: [] },
    requiredProjectFields: ['occupiedAreaM2', 'occupationMonths', 'activity'],
    documents: [
      doc('APPLICANT_ID', true),
      doc('OCCUPATION_PLAN', true),
      doc('ACTIVITY_DESCRIPTION', true),
      doc('PHOTOS', true),
      doc('COMPANY_REGISTRATION', false),
    ],
    filers: ['professional', 'business'],
    // Platform rule (data, configurable): the occupation is authorised for the months asked
    // (occupationMonths), at most a year at a time, then renewed: the authorisation is temporary
    // and revocable (law 57-19), and the royalty is billed on the months authorised.
    validityMonths: 12,
    validityFromProject: 'occupationMonths',
  },
  {
    code: 'ACTIVITY_LICENCE_RENEWAL',
    family: 'economic',
    labelFr: "Renouvellement de l'autorisation d'exercice d'une activité économique",
    labelAr: 'تجديد رخصة مزاولة نشاط اقتصادي',
    legalBasis: 'Loi organique 113-14 relative aux communes (police administrative, art. 100)',
    size: { always: 'small' },
    // The premises and activity were checked at the first licence: the desk alone reviews a renewal,
    // in 15 working days. Silence is NOT consent, as for the licence itself.
    deadline: DESK_15_NO_SILENCE,
    commission: { when: 'never', agencies: [], binding: [] },
    requiredProjectFields: ['activity'],
    documents: [doc('APPLICANT_ID', true), doc('LEASE_OR_TITLE', true), doc('COMPANY_REGISTRATION', false)],
    // Names the licence it renews (a first licence or an earlier renewal), through `permitNumber`.
    follows: ['ACTIVITY_LICENCE', 'ACTIVITY_LICENCE_RENEWAL'],
    filers: ['professional', 'business'],
    validityMonths: 12,
  },
  {
    code: 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL',
    family: 'economic',
    labelFr: "Renouvellement de l'autorisation d'occupation temporaire du domaine public communal",
    labelAr: 'تجديد رخصة الاحتلال المؤقت للملك العمومي الجماعي',
    legalBasis: 'Loi 57-19 sur le domaine des collectivités territoriales',
    size: { always: 'small' },
    // Reviewed like the first authorisation: the desk alone, 15 working days; silence is NOT
    // consent (no right over the public domain is acquired tacitly).
    deadline: DESK_15_NO_SILENCE,
    commission: { when: 'never', agencies: [], binding: [] },
    // The area and months of the renewed period: the royalty is billed on them again.
    requiredProjectFields: ['occupiedAreaM2', 'occupationMonths', 'activity'],
    // The desk checks the occupation as it stands now: photos, and the plan only if it changes.
    documents: [
      doc('APPLICANT_ID', true),
      doc('PHOTOS', true),
      doc('OCCUPATION_PLAN', false),
      doc('COMPANY_REGISTRATION', false),
    ],
    // Names the authorisation it renews (the first one or an earlier renewal), through `permitNumber`.
    follows: ['PUBLIC_DOMAIN_OCCUPATION', 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL'],
    filers: ['professional', 'business'],
    validityMonths: 12,
    validityFromProject: 'occupationMonths',
  },
];

/**
 * The catalogue, as the API serves it. Typed, and validated by the unit tests: `Catalogue.parse` gives
 * it back unchanged, key order included (no default, transform or stray key).
 */
export const CATALOGUE: Catalogue = {
  version: '2026-11',
  procedures,
  agencies: [
    { code: 'urban-agency', labelFr: 'Agence urbaine', labelAr: 'الوكالة الحضرية' },
    { code: 'civil-protection', labelFr: 'Protection civile', labelAr: 'الوقاية المدنية' },
    {
      code: 'utilities',
      labelFr: 'Régie / ONEE (eau, électricité, assainissement)',
      labelAr: 'الوكالة المستقلة / المكتب الوطني للكهرباء والماء الصالح للشرب (الماء، الكهرباء، التطهير)',
    },
    { code: 'heritage', labelFr: 'Patrimoine (Ministère de la Culture)', labelAr: 'التراث (وزارة الثقافة)' },
    { code: 'health', labelFr: 'Santé (hygiène)', labelAr: 'الصحة (حفظ الصحة)' },
    { code: 'equipment', labelFr: 'Équipement et transport', labelAr: 'التجهيز والنقل' },
  ],
};

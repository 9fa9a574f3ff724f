import { DomainError } from '../errors.ts';
import { getProcedure, licenceValidityMonths } from '../procedures/rules.ts';
import type { ProcedureCode, ProjectData } from '../procedures/schema.ts';
import { type CommuneTariff, type ConstructionCategory, formatMad } from './tariffs.ts';

/**
 * Fees due on an application, computed from the project data and the commune's tariff in force
 * (tariffs.ts). Pure: no clock, no I/O. Money is integer centimes of MAD throughout; the only
 * non-integer inputs are areas in m², which are rounded up to whole m² before any multiplication.
 *
 * Rules (law 47-06 unless noted):
 * - BUILDING_PERMIT, REGULARISATION — construction tax = ceil(floorAreaM2) × rate of the
 *   building category (any fraction of a m² counts as a full m²); the `restoration` category pays
 *   the commune's restoration flat fee instead. `socialHousing: true` keeps the line (quantity and
 *   unit price shown) with amount 0 and the exemption reason.
 * - REPAIR (réfection) — the restoration flat fee.
 * - LOTISSEMENT, HOUSING_GROUP — lotissement tax = round-half-up(worksCostCentimes × rateBp / 10,000),
 *   split between authorisation (round-half-up(total × shareAtAuthorisationBp / 10,000)) and
 *   conformity (total − that share, so the two add up exactly). `stage` chooses the line produced.
 * - MORCELLEMENT — division of land without equipment works: no lotissement tax, file fee only.
 * - PUBLIC_DOMAIN_OCCUPATION and its renewal — ceil(occupiedAreaM2) × months authorised × rate per
 *   m² per month (the occupationMonths asked, up to the procedure's validity: a year at a time).
 * - DEMOLITION, OCCUPANCY_PERMIT, CONFORMITY_CERTIFICATE, ACTIVITY_LICENCE and its renewal — file fee only.
 * - Every procedure — the file fee (frais de dossier, communal fiscal order) when it is above 0.
 * - Stages: the default `authorisation` stage is everything due before the decision. At the
 *   `conformity` stage only the lotissement / housing-group balance is due (the file fee and the
 *   other taxes are collected once, at authorisation), so other procedures get no line.
 * A rule that needs a project field the application lacks throws 422 `fee-data-missing`.
 */

export type Beneficiary = 'COMMUNE_TREASURY' | (string & {});

export interface FeeLine {
  code: string;
  /** French label. */
  label: string;
  labelAr: string;
  legalBasis: string;
  beneficiary: Beneficiary;
  quantity: number;
  unit: string;
  unitPriceCentimes: number;
  /** quantity × unitPriceCentimes, or 0 when exempted. */
  amountCentimes: number;
  mandatory: boolean;
  /** Why the line is not charged (the amount is then 0). */
  exempted?: string;
}

export type FeeStage = 'authorisation' | 'conformity';

export const SOCIAL_HOUSING_EXEMPTION = 'Logement social (exonération, loi 47-06)';

const LAW_47_06 = 'Loi n° 47-06 relative à la fiscalité des collectivités locales';
const TREASURY = 'COMMUNE_TREASURY';

const CATEGORY_LABELS: Record<ConstructionCategory | 'restoration', { fr: string; ar: string }> = {
  individual_housing: { fr: 'logement individuel', ar: 'السكن الفردي' },
  collective_housing: { fr: 'logement collectif', ar: 'السكن الجماعي' },
  industrial: { fr: 'bâtiment industriel', ar: 'بناية صناعية' },
  commercial: { fr: 'bâtiment commercial', ar: 'بناية تجارية' },
  professional: { fr: 'local professionnel', ar: 'محل مهني' },
  administrative: { fr: 'bâtiment administratif', ar: 'بناية إدارية' },
  restoration: { fr: 'restauration (forfait)', ar: 'الترميم (مبلغ جزافي)' },
};

/** Multiplies integer centimes by integer quantities and refuses anything that is not a safe integer. */
function times(quantity: number, unitPriceCentimes: number): number {
  const amount = quantity * unitPriceCentimes;
  if (
    !Number.isSafeInteger(quantity) ||
    !Number.isSafeInteger(unitPriceCentimes) ||
    !Number.isSafeInteger(amount)
  )
    throw new RangeError(`fee amount ${quantity} × ${unitPriceCentimes} is not a safe integer of centimes`);
  return amount;
}

/** round-half-up(value × bp / 10,000) for non-negative integers, exact (BigInt, no floating point). */
function applyBp(value: number, bp: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || !Number.isSafeInteger(bp) || bp < 0)
    throw new RangeError(`cannot apply ${bp} bp to ${value}`);
  const result = Number((BigInt(value) * BigInt(bp) + 5000n) / 10_000n);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${bp} bp of ${value} is not a safe integer`);
  return result;
}

/** `750` bp → `7,5 %` (French labels). */
const percentFr = (bp: number): string =>
  `${Math.trunc(bp / 100)}${
    bp % 100
      ? `,${String(bp % 100)
          .padStart(2, '0')
          .replace(/0$/, '')}`
      : ''
  } %`;

function missing(procedure: ProcedureCode, fields: string[]): DomainError {
  return new DomainError({
    type: 'fee-data-missing',
    kind: 'unprocessable',
    title: 'Project data missing for the fees',
    detail: `The fees of a ${procedure} application need ${fields.join(', ')}: add ${
      fields.length > 1 ? 'them' : 'it'
    } to the project data.`,
    details: { procedure, missingFields: fields },
  });
}

/** Throws `fee-data-missing` naming every absent field. */
function need(procedure: ProcedureCode, project: ProjectData, fields: (keyof ProjectData)[]): void {
  const absent = fields.filter((f) => project[f] === undefined || project[f] === null);
  if (absent.length > 0) throw missing(procedure, absent);
}

function constructionTax(procedure: ProcedureCode, project: ProjectData, tariff: CommuneTariff): FeeLine {
  need(procedure, project, ['buildingCategory']);
  const category = project.buildingCategory as NonNullable<ProjectData['buildingCategory']>;
  const names = CATEGORY_LABELS[category];
  const base = {
    code: 'CONSTRUCTION_TAX',
    label: `Taxe sur les opérations de construction — ${names.fr}`,
    labelAr: `الرسم على عمليات البناء — ${names.ar}`,
    legalBasis: `${LAW_47_06} — taxe sur les opérations de construction`,
    beneficiary: TREASURY,
    mandatory: true,
  };
  let line: FeeLine;
  if (category === 'restoration') {
    // Restoration pays the commune's flat fee whatever the area.
    line = {
      ...base,
      quantity: 1,
      unit: 'forfait',
      unitPriceCentimes: tariff.restorationFlat,
      amountCentimes: tariff.restorationFlat,
    };
  } else {
    need(procedure, project, ['floorAreaM2']);
    // Any fraction of a m² counts as a full m² (120.4 → 121, 120.0 → 120).
    const m2 = Math.ceil(project.floorAreaM2 as number);
    const rate = tariff.constructionPerM2[category];
    line = { ...base, quantity: m2, unit: 'm²', unitPriceCentimes: rate, amountCentimes: times(m2, rate) };
  }
  if (project.socialHousing === true) {
    // The line stays on the notice so the exemption is visible, but nothing is charged.
    return { ...line, amountCentimes: 0, exempted: SOCIAL_HOUSING_EXEMPTION };
  }
  return line;
}

function repairFlat(tariff: CommuneTariff): FeeLine {
  return {
    code: 'CONSTRUCTION_TAX',
    label: 'Taxe sur les opérations de construction — réfection (forfait)',
    labelAr: 'الرسم على عمليات البناء — الإصلاح (مبلغ جزافي)',
    legalBasis: `${LAW_47_06} — taxe sur les opérations de construction (restauration)`,
    beneficiary: TREASURY,
    quantity: 1,
    unit: 'forfait',
    unitPriceCentimes: tariff.restorationFlat,
    amountCentimes: tariff.restorationFlat,
    mandatory: true,
  };
}

/** The lotissement tax and its exact split: authorisation share + conformity balance = total. */
export function lotissementTax(
  worksCostCentimes: number,
  tariff: Pick<CommuneTariff, 'lotissementRateBp' | 'lotissementShareAtAuthorisationBp'>,
): { totalCentimes: number; authorisationCentimes: number; conformityCentimes: number } {
  const totalCentimes = applyBp(worksCostCentimes, tariff.lotissementRateBp);
  const authorisationCentimes = applyBp(totalCentimes, tariff.lotissementShareAtAuthorisationBp);
  return { totalCentimes, authorisationCentimes, conformityCentimes: totalCentimes - authorisationCentimes };
}

function lotissementLine(
  procedure: ProcedureCode,
  project: ProjectData,
  tariff: CommuneTariff,
  stage: FeeStage,
): FeeLine {
  need(procedure, project, ['worksCostCentimes']);
  const cost = project.worksCostCentimes as number;
  const split = lotissementTax(cost, tariff);
  const atAuthorisation = stage === 'authorisation';
  const shareBp = atAuthorisation
    ? tariff.lotissementShareAtAuthorisationBp
    : 10_000 - tariff.lotissementShareAtAuthorisationBp;
  const amount = atAuthorisation ? split.authorisationCentimes : split.conformityCentimes;
  const when = atAuthorisation ? "à l'autorisation" : 'à la conformité';
  const whenAr = atAuthorisation ? 'عند الترخيص' : 'عند التسلم المؤقت';
  return {
    code: atAuthorisation ? 'LOTISSEMENT_TAX_AUTHORISATION' : 'LOTISSEMENT_TAX_CONFORMITY',
    label:
      `Taxe sur les opérations de lotissement — ${percentFr(shareBp)} ${when} ` +
      `(${percentFr(tariff.lotissementRateBp)} de ${formatMad(cost)} HT, total ${formatMad(split.totalCentimes)})`,
    labelAr: `الرسم على عمليات تجزئة الأراضي — ${whenAr}`,
    legalBasis: `${LAW_47_06} — taxe sur les opérations de lotissement`,
    beneficiary: TREASURY,
    quantity: 1,
    unit: 'forfait',
    unitPriceCentimes: amount,
    amountCentimes: amount,
    mandatory: true,
  };
}

function publicDomainLine(procedure: ProcedureCode, project: ProjectData, tariff: CommuneTariff): FeeLine {
  need(procedure, project, ['occupiedAreaM2', 'occupationMonths']);
  // Whole m² (a fraction counts as a full m²) × whole months.
  const m2 = Math.ceil(project.occupiedAreaM2 as number);
  const months =
    licenceValidityMonths(getProcedure(procedure), project) ?? (project.occupationMonths as number);
  const quantity = times(m2, months);
  const rate = tariff.publicDomainPerM2PerMonth;
  return {
    code: 'PUBLIC_DOMAIN_OCCUPATION_TAX',
    label: `Occupation temporaire du domaine public communal — ${m2} m² × ${months} mois`,
    labelAr: 'الاحتلال المؤقت للملك العمومي الجماعي',
    legalBasis: `${LAW_47_06} — occupation temporaire du domaine public communal (arrêté fiscal communal)`,
    beneficiary: TREASURY,
    quantity,
    unit: 'm² × mois',
    unitPriceCentimes: rate,
    amountCentimes: times(quantity, rate),
    mandatory: true,
  };
}

function fileFeeLine(tariff: CommuneTariff): FeeLine {
  return {
    code: 'FILE_FEE',
    label: 'Frais de dossier',
    labelAr: 'واجبات دراسة الملف',
    legalBasis: 'Arrêté fiscal communal — frais de dossier',
    beneficiary: TREASURY,
    quantity: 1,
    unit: 'forfait',
    unitPriceCentimes: tariff.fileFee,
    amountCentimes: tariff.fileFee,
    mandatory: true,
  };
}

export function computeFees(
  procedure: ProcedureCode,
  project: ProjectData,
  tariff: CommuneTariff,
  options: { stage?: FeeStage } = {},
): FeeLine[] {
  const stage = options.stage ?? 'authorisation';
  if (stage === 'conformity') {
    return procedure === 'LOTISSEMENT' || procedure === 'HOUSING_GROUP'
      ? [lotissementLine(procedure, project, tariff, 'conformity')]
      : [];
  }
  const lines: FeeLine[] = [];
  switch (procedure) {
    case 'BUILDING_PERMIT':
    case 'REGULARISATION':
      lines.push(constructionTax(procedure, project, tariff));
      break;
    case 'REPAIR':
      lines.push(repairFlat(tariff));
      break;
    case 'LOTISSEMENT':
    case 'HOUSING_GROUP':
      lines.push(lotissementLine(procedure, project, tariff, 'authorisation'));
      break;
    case 'PUBLIC_DOMAIN_OCCUPATION':
    case 'PUBLIC_DOMAIN_OCCUPATION_RENEWAL':
      lines.push(publicDomainLine(procedure, project, tariff));
      break;
    case 'MORCELLEMENT':
    case 'DEMOLITION':
    case 'OCCUPANCY_PERMIT':
    case 'CONFORMITY_CERTIFICATE':
    case 'ACTIVITY_LICENCE':
    case 'ACTIVITY_LICENCE_RENEWAL':
      break;
  }
  if (tariff.fileFee > 0) lines.push(fileFeeLine(tariff));
  return lines;
}

/** Sum of the lines' amounts (exempted lines count 0), in integer centimes. */
export function totalCentimes(lines: readonly FeeLine[]): number {
  const total = lines.reduce((sum, line) => sum + line.amountCentimes, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('fee total is not a safe integer of centimes');
  return total;
}

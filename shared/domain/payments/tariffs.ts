import * as z from 'zod/mini';
import { CHECKS } from '../checks.ts';
import { CommuneId } from '../geo/geo.ts';

/**
 * Communal tariffs (law 47-06 on local taxation) as data. Each commune fixes its rates inside the
 * legal ranges by a fiscal order (arrêté fiscal); the ranges are data too, so an amendment of the
 * law changes `LEGAL_RANGES`, not code. Money is integer centimes of MAD; percentages are integer
 * basis points (1 bp = 0.01 %, 10,000 bp = 100 %). Nothing here uses floating-point money.
 */

/** Building categories taxed per m² (the `restoration` category pays the flat fee instead). */
export const CONSTRUCTION_CATEGORIES = [
  'individual_housing',
  'collective_housing',
  'industrial',
  'commercial',
  'professional',
  'administrative',
] as const;
export const ConstructionCategory = /* @__PURE__ */ (() => z.enum(CONSTRUCTION_CATEGORIES))();
export type ConstructionCategory = z.infer<typeof ConstructionCategory>;

/** Integer centimes of MAD (ISO 4217 504). */
export const Centimes = /* @__PURE__ */ (() =>
  z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER)))();
/** Integer basis points, 0 – 10,000 (0 – 100 %). */
export const BasisPoints = /* @__PURE__ */ (() => z.number().check(z.int(), z.gte(0), z.lte(10_000)))();

export const LegalRange = /* @__PURE__ */ (() =>
  z
    .object({
      min: z.number().check(z.int(), z.nonnegative()),
      max: z.number().check(z.int(), z.nonnegative()),
      /** How values are written in messages: centimes as `20.00 MAD/m²`, basis points as `5.00%`. */
      kind: z.enum(['centimes', 'basisPoints']),
      /** Unit shown after a centimes amount (`MAD`, `MAD/m²`, `MAD/m²/month`). */
      unit: z.string().check(z.minLength(1)),
      /** Text that fixes the range, quoted in validation messages. */
      basis: z.string().check(z.minLength(3)),
    })
    .check(z.refine((r) => r.min <= r.max, { message: CHECKS.range_min_above_max })))();
export type LegalRange = z.infer<typeof LegalRange>;

export const LegalRanges = /* @__PURE__ */ (() =>
  z.object({
    constructionPerM2: z.record(ConstructionCategory, LegalRange),
    restorationFlat: LegalRange,
    lotissementRateBp: LegalRange,
    lotissementShareAtAuthorisationBp: LegalRange,
    publicDomainPerM2PerMonth: LegalRange,
    fileFee: LegalRange,
  }))();
export type LegalRanges = z.infer<typeof LegalRanges>;

const LAW = 'law 47-06';
const perM2 = (min: number, max: number): LegalRange => ({
  min,
  max,
  kind: 'centimes',
  unit: 'MAD/m²',
  basis: LAW,
});

/**
 * Law 47-06 ranges:
 * - construction tax per m² of covered floor area: 10–20 MAD for collective housing and
 *   industrial / commercial / professional / administrative buildings, 20–30 MAD for individual
 *   housing; restoration: a flat fee of at most 500 MAD;
 * - lotissement tax: 3–5 % of the equipment works cost excluding VAT; the share collected at
 *   authorisation (the balance at conformity) is the commune's choice, 0–100 % (Casablanca 75 %);
 * - temporary occupation of the public domain (construction use) per m² per month and the file
 *   fee: the law leaves the amount to the communal fiscal order. 1–100 MAD/m²/month and
 *   0–200 MAD are the platform's envelope (wide enough for the orders seen, narrow enough to catch
 *   a rate typed in MAD instead of centimes); adjust here if a commune's order falls outside.
 */
export const LEGAL_RANGES: LegalRanges = /* @__PURE__ */ (() => ({
  constructionPerM2: {
    individual_housing: perM2(2000, 3000),
    collective_housing: perM2(1000, 2000),
    industrial: perM2(1000, 2000),
    commercial: perM2(1000, 2000),
    professional: perM2(1000, 2000),
    administrative: perM2(1000, 2000),
  },
  restorationFlat: { min: 0, max: 50_000, kind: 'centimes', unit: 'MAD', basis: LAW },
  lotissementRateBp: { min: 300, max: 500, kind: 'basisPoints', unit: '%', basis: LAW },
  lotissementShareAtAuthorisationBp: {
    min: 0,
    max: 10_000,
    kind: 'basisPoints',
    unit: '%',
    basis: LAW,
  },
  publicDomainPerM2PerMonth: {
    min: 100,
    max: 10_000,
    kind: 'centimes',
    unit: 'MAD/m²/month',
    basis: `${LAW}, communal fiscal order`,
  },
  fileFee: { min: 0, max: 20_000, kind: 'centimes', unit: 'MAD', basis: `${LAW}, communal fiscal order` },
}))();

/** One commune's tariff from `effectiveFrom` on; older entries are kept as history. */
export const CommuneTariff = /* @__PURE__ */ (() =>
  z.object({
    communeId: CommuneId,
    effectiveFrom: z.iso.date(),
    constructionPerM2: z.record(ConstructionCategory, Centimes),
    restorationFlat: Centimes,
    lotissementRateBp: BasisPoints,
    lotissementShareAtAuthorisationBp: BasisPoints,
    publicDomainPerM2PerMonth: Centimes,
    fileFee: Centimes,
  }))();
export type CommuneTariff = z.infer<typeof CommuneTariff>;

/** Casablanca's example tariff (construction 20 / 25 MAD/m², lotissement 5 % with 75 % at authorisation). */
export const CASABLANCA_TARIFF_2026: CommuneTariff = {
  communeId: 'cas-casablanca',
  effectiveFrom: '2026-01-01',
  constructionPerM2: {
    individual_housing: 2500,
    collective_housing: 2000,
    industrial: 2000,
    commercial: 2000,
    professional: 2000,
    administrative: 2000,
  },
  restorationFlat: 50_000,
  lotissementRateBp: 500,
  lotissementShareAtAuthorisationBp: 7500,
  publicDomainPerM2PerMonth: 2000,
  fileFee: 10_000,
};

/** Hundredths as a decimal with en-style thousands grouping (`302500` → `3,025.00`). */
function hundredths(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an integer amount`);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const units = String(Math.trunc(abs / 100));
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer centimes → `3,025.00 MAD` (en-style grouping, two decimals). */
export const formatMad = (centimes: number): string => `${hundredths(centimes)} MAD`;

const formatIn = (value: number, range: LegalRange): string =>
  range.kind === 'basisPoints' ? `${hundredths(value)}%` : `${hundredths(value)} ${range.unit}`;

const formatRange = (range: LegalRange): string =>
  range.kind === 'basisPoints'
    ? `${hundredths(range.min)}–${hundredths(range.max)}%`
    : `${hundredths(range.min)}–${hundredths(range.max)} ${range.unit}`;

export interface TariffProblem {
  path: string;
  message: string;
  /** The value and its legal range, for messages in other languages (shared/http/i18n/fields.ts). */
  params: { value?: number; min: number; max: number; kind: LegalRange['kind']; unit: string };
}

/**
 * Every rate outside its legal range (or not an integer), with the range in the message, e.g.
 * `constructionPerM2.individual_housing: 35.00 MAD/m² is outside the legal range 20.00–30.00 MAD/m² (law 47-06)`.
 * An empty list means the tariff can be adopted.
 */
export function validateTariff(tariff: CommuneTariff, ranges: LegalRanges = LEGAL_RANGES): TariffProblem[] {
  const checks: [string, number | undefined, LegalRange][] = [
    ...CONSTRUCTION_CATEGORIES.map((c): [string, number | undefined, LegalRange] => [
      `constructionPerM2.${c}`,
      tariff.constructionPerM2[c],
      ranges.constructionPerM2[c],
    ]),
    ['restorationFlat', tariff.restorationFlat, ranges.restorationFlat],
    ['lotissementRateBp', tariff.lotissementRateBp, ranges.lotissementRateBp],
    [
      'lotissementShareAtAuthorisationBp',
      tariff.lotissementShareAtAuthorisationBp,
      ranges.lotissementShareAtAuthorisationBp,
    ],
    ['publicDomainPerM2PerMonth', tariff.publicDomainPerM2PerMonth, ranges.publicDomainPerM2PerMonth],
    ['fileFee', tariff.fileFee, ranges.fileFee],
  ];
  const problems: TariffProblem[] = [];
  for (const [path, value, range] of checks) {
    const params = {
      ...(value === undefined ? {} : { value }),
      min: range.min,
      max: range.max,
      kind: range.kind,
      unit: range.unit,
    };
    const what = range.kind === 'basisPoints' ? 'basis points' : 'centimes';
    if (value === undefined) {
      problems.push({ path, message: `${path}: missing (the legal range is ${formatRange(range)})`, params });
    } else if (!Number.isSafeInteger(value)) {
      problems.push({ path, message: `${path}: ${value} must be a whole number of ${what}`, params });
    } else if (value < range.min || value > range.max) {
      problems.push({
        path,
        message: `${path}: ${formatIn(value, range)} is outside the legal range ${formatRange(range)} (${range.basis})`,
        params,
      });
    }
  }
  return problems;
}

/**
 * The tariff in force on `onDate` (YYYY-MM-DD, Africa/Casablanca civil date): the entry with the
 * latest `effectiveFrom` on or before that day; `undefined` before the first one. The list is one
 * commune's history, in any order; on equal dates the later entry in the list wins (a correction).
 */
export function tariffInForce(tariffs: readonly CommuneTariff[], onDate: string): CommuneTariff | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(onDate)) throw new RangeError(`'${onDate}' is not a YYYY-MM-DD date`);
  let best: CommuneTariff | undefined;
  for (const t of tariffs) {
    // ISO dates compare correctly as strings.
    if (t.effectiveFrom <= onDate && (!best || t.effectiveFrom >= best.effectiveFrom)) best = t;
  }
  return best;
}

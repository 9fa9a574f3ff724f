import type { paths } from '../api/schema.gen.ts';
import { type Key, t } from '../i18n/index.ts';

/** The legal ranges (law 47-06) of the communal rates, as the API serves them. */
export type Ranges = paths['/tariffs/legal-ranges']['get']['responses'][200]['content']['application/json'];
export type Range = Ranges['fileFee'];

/** The building categories that have a construction rate per m². */
export const CATEGORIES = [
  'individual_housing',
  'collective_housing',
  'industrial',
  'commercial',
  'professional',
  'administrative',
] as const;

/** The rates that are one figure whatever the category. */
export const FLAT = [
  'restorationFlat',
  'lotissementRateBp',
  'lotissementShareAtAuthorisationBp',
  'publicDomainPerM2PerMonth',
  'fileFee',
] as const;

/**
 * One form field per rate, with its label and legal range: `construction-<category>` or the flat
 * rate's name. The commune's tariff form and the ministry's ranges form list the same fields.
 */
export const tariffFields = (ranges: Ranges) => [
  ...CATEGORIES.map((c) => ({
    id: `construction-${c}`,
    label: t('bo.tariff.construction', { category: t(`category.${c}` as Key) }),
    range: ranges.constructionPerM2[c] as Range,
  })),
  ...FLAT.map((f) => ({ id: f, label: t(`bo.tariff.${f}` as Key), range: ranges[f] as Range })),
];

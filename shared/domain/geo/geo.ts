import * as z from 'zod/mini';
import { CHECKS } from '../checks.ts';
import { TrimmedText, trimmedTextPattern } from '../text.ts';

/** Moroccan administrative division (2015): 12 regions, 75 prefectures/provinces, ~1,500 communes. */
export const RegionId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^MA-(0[1-9]|1[0-2])$/, CHECKS.invalid_region_id)))();
export const ProvinceId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^MA-[A-Z]{3}$/, CHECKS.invalid_province_id)))();
export const CommuneId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[a-z]{3}-[a-z0-9]+(-[a-z0-9]+)*$/, CHECKS.invalid_commune_id)))();

/** HCP geographic code of a prefecture/province (RGPH 2014/2024): région . province, e.g. `01.511`. */
export const ProvinceCode = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^(0[1-9]|1[0-2])\.\d{3}$/, CHECKS.invalid_province_code)))();
/** HCP geographic code of a commune: province . pachalik/cercle . commune, e.g. `01.511.01.01` (`01.511.01.0` for a city with arrondissements). */
export const CommuneCode = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^(0[1-9]|1[0-2])\.\d{3}\.\d{2}\.\d{1,2}$/, CHECKS.invalid_commune_code)))();

const NameFr = /* @__PURE__ */ (() => TrimmedText(2, 120))();
/** Arabic names must contain Arabic script: a transliteration in the Arabic column is a data error. */
const NameAr = /* @__PURE__ */ (() =>
  z
    .pipe(TrimmedText(2, 120), z.string().check(z.regex(/[\u0600-\u06FF]/, CHECKS.arabic_script_required)))
    // Both rules as the document's one pattern: an Arabic letter somewhere, and the trimmed length.
    .check(z.meta({ pattern: `^(?=[\\s\\S]*[\\u0600-\\u06FF])${trimmedTextPattern(2, 120).slice(1)}` })))();

export const Region = /* @__PURE__ */ (() => z.object({ id: RegionId, nameFr: NameFr, nameAr: NameAr }))();
export type Region = z.infer<typeof Region>;

export const Province = /* @__PURE__ */ (() =>
  z.object({
    id: ProvinceId,
    regionId: RegionId,
    kind: z.enum(['prefecture', 'province']),
    nameFr: NameFr,
    nameAr: NameAr,
    /** The official (HCP) geographic code; its communes' codes start with it. */
    code: z.optional(ProvinceCode),
  }))();
export type Province = z.infer<typeof Province>;

export const CommuneKind = /* @__PURE__ */ (() => z.enum(['urban', 'rural']))();

/** What an administrator (or a CSV row) says about a commune; the region is derived from the province. */
export const CommuneInput = /* @__PURE__ */ (() =>
  z.object({
    provinceId: ProvinceId,
    nameFr: NameFr,
    nameAr: NameAr,
    kind: CommuneKind,
    /** The official (HCP) geographic code, when known; unique, and within its province's code. */
    code: z.optional(CommuneCode),
    population: z._default(z.nullable(z.number().check(z.int(), z.nonnegative(), z.lte(10_000_000))), null),
    /** The one-stop desk's shared mailbox (a contact for the public); step messages go to the desk agents' own accounts. */
    deskEmail: z.optional(z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email())),
  }))();
export type CommuneInput = z.infer<typeof CommuneInput>;

export const Commune = /* @__PURE__ */ (() =>
  z.extend(CommuneInput, {
    id: CommuneId,
    regionId: RegionId,
    updatedAt: z.iso.datetime(),
  }))();
export type Commune = z.infer<typeof Commune>;

/** Law 113-14: a one-stop desk is compulsory in communes over 50,000 inhabitants. */
export const ONE_STOP_DESK_POPULATION_THRESHOLD = 50_000;

export const needsOneStopDesk = (commune: Pick<Commune, 'population'>): boolean =>
  (commune.population ?? 0) > ONE_STOP_DESK_POPULATION_THRESHOLD;

/** Builds the stored commune from its input, checking the province exists and taking the region from it. */
export function toCommune(
  id: string,
  input: CommuneInput,
  provinces: ReadonlyMap<string, Province>,
  now: Date,
): Commune | { error: string; mismatch?: 'id' | 'code' } {
  const province = provinces.get(input.provinceId);
  if (!province) return { error: `unknown province '${input.provinceId}'` };
  const prefix = province.id.slice(3).toLowerCase();
  if (!id.startsWith(`${prefix}-`))
    return { error: `commune id '${id}' must start with '${prefix}-' (its province code)`, mismatch: 'id' };
  if (input.code && province.code && !input.code.startsWith(`${province.code}.`))
    return {
      error: `commune code '${input.code}' is not within province ${province.id} (code ${province.code})`,
      mismatch: 'code',
    };
  return { ...input, id, regionId: province.regionId, updatedAt: now.toISOString() };
}

/** Sort key for listing communes by French name, accent- and case-insensitive. */
export const nameSortKey = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

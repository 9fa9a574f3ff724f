import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../scripts/local-cloud/reference-data.ts';

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

  it('places well-known prefectures in their region', () => {
    const regionOf = (id: string) => data.provinces.find((p) => p.id === id)?.regionId;
    expect(regionOf('MA-CAS')).toBe('MA-06');
    expect(regionOf('MA-RAB')).toBe('MA-04');
    expect(regionOf('MA-TNG')).toBe('MA-01');
    expect(regionOf('MA-AGD')).toBe('MA-09');
  });

  it('has valid communes: unique ids, known provinces, the seat cities present', () => {
    expect(data.communes.length).toBeGreaterThan(300);
    expect(new Set(data.communes.map((c) => c.id)).size).toBe(data.communes.length);
    const ids = new Set(data.communes.map((c) => c.id));
    for (const id of [
      'cas-casablanca',
      'rab-rabat',
      'fes-fes',
      'mar-marrakech',
      'tng-tanger',
      'agd-agadir',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

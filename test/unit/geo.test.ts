import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import type { Commune, Province, Region } from '#shared/domain/geo/geo.ts';
import { nameSortKey, needsOneStopDesk, toCommune } from '#shared/domain/geo/geo.ts';
import type { GeoRepository } from '#shared/domain/geo/ports.ts';
import { listProvincesOfRegion, upsertCommune } from '#shared/domain/geo/use-cases.ts';

const casablanca: Province = {
  id: 'MA-CAS',
  regionId: 'MA-06',
  kind: 'prefecture',
  nameFr: 'Casablanca',
  nameAr: 'الدار البيضاء',
};

/** In-memory GeoRepository: the port is small enough to fake faithfully for use-case tests. */
function memoryRepo(
  regions: Region[] = [],
  provinces: Province[] = [],
  communes: Commune[] = [],
): GeoRepository & { communes: Map<string, Commune> } {
  const store = new Map(communes.map((c) => [c.id, c]));
  return {
    communes: store,
    listRegions: async () => regions,
    getRegion: async (id) => regions.find((r) => r.id === id),
    listProvinces: async (regionId) => provinces.filter((p) => p.regionId === regionId),
    getProvince: async (id) => provinces.find((p) => p.id === id),
    listCommunes: async (provinceId) => [...store.values()].filter((c) => c.provinceId === provinceId),
    getCommune: async (id) => store.get(id),
    putCommune: async (c) => {
      store.set(c.id, c);
    },
  };
}

const admin = { userId: 'a', username: 'a', roles: ['ministry_admin' as const], scope: {} };
const agent = {
  userId: 'b',
  username: 'b',
  roles: ['desk_agent' as const],
  scope: { communeId: 'cas-casablanca', provinceId: 'MA-CAS' },
};
const input = {
  provinceId: 'MA-CAS',
  nameFr: 'Aïn Chock',
  nameAr: 'عين الشق',
  kind: 'urban' as const,
  population: null,
};

describe('geo rules', () => {
  it('sorts names without accents or case', () => {
    expect(
      ['Oujda', 'Aïn Chock', 'Agadir', 'béni Mellal'].sort((a, b) =>
        nameSortKey(a).localeCompare(nameSortKey(b)),
      ),
    ).toEqual(['Agadir', 'Aïn Chock', 'béni Mellal', 'Oujda']);
  });

  it('requires a one-stop desk above 50,000 inhabitants only', () => {
    expect(needsOneStopDesk({ population: 50_000 })).toBe(false);
    expect(needsOneStopDesk({ population: 50_001 })).toBe(true);
    expect(needsOneStopDesk({ population: null })).toBe(false);
  });

  it('derives the region from the province and checks the id prefix', () => {
    const provinces = new Map([[casablanca.id, casablanca]]);
    expect(toCommune('cas-ain-chock', input, provinces, new Date(0))).toMatchObject({ regionId: 'MA-06' });
    expect(toCommune('rab-ain-chock', input, provinces, new Date(0))).toEqual({
      error: expect.stringMatching(/cas-/),
      mismatch: 'id',
    });
    expect(toCommune('cas-x', { ...input, provinceId: 'MA-XXX' }, provinces, new Date(0))).toEqual({
      error: "unknown province 'MA-XXX'",
    });
  });
});

describe('geo use cases', () => {
  it('creates then updates a commune, saying which', async () => {
    const repo = memoryRepo([], [casablanca]);
    const first = await upsertCommune(repo, admin, 'cas-ain-chock', input, new Date('2026-01-01T00:00:00Z'));
    const second = await upsertCommune(
      repo,
      admin,
      'cas-ain-chock',
      { ...input, population: 290_000 },
      new Date('2026-02-01T00:00:00Z'),
    );
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(repo.communes.get('cas-ain-chock')).toMatchObject({
      population: 290_000,
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('refuses non-ministry users with 403 and writes nothing', async () => {
    const repo = memoryRepo([], [casablanca]);
    await expect(upsertCommune(repo, agent, 'cas-ain-chock', input, new Date())).rejects.toMatchObject({
      kind: 'forbidden',
    });
    expect(repo.communes.size).toBe(0);
  });

  it('answers 404 for an unknown province and 422 for a mismatched id', async () => {
    const repo = memoryRepo([], [casablanca]);
    await expect(
      upsertCommune(repo, admin, 'cas-x', { ...input, provinceId: 'MA-RAB' }, new Date()),
    ).rejects.toMatchObject({
      kind: 'not-found',
      type: 'not-found',
    });
    const error = await upsertCommune(repo, admin, 'rab-x', input, new Date()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'unprocessable', type: 'commune-id-mismatch' });
  });

  it('refuses (unprocessable) an official code outside the province’s code, and keeps a matching one', async () => {
    const repo = memoryRepo([], [{ ...casablanca, code: '06.141' }]);
    await expect(
      upsertCommune(repo, admin, 'cas-ain-chock', { ...input, code: '04.421.01.01' }, new Date()),
    ).rejects.toMatchObject({ kind: 'unprocessable', type: 'commune-code-mismatch' });
    expect(repo.communes.size).toBe(0);
    const { commune } = await upsertCommune(
      repo,
      admin,
      'cas-ain-chock',
      { ...input, code: '06.141.01.09' },
      new Date(),
    );
    expect(commune.code).toBe('06.141.01.09');
  });

  it('answers 404 for the provinces of an unknown region', async () => {
    await expect(listProvincesOfRegion(memoryRepo(), 'MA-12')).rejects.toMatchObject({ kind: 'not-found' });
  });
});

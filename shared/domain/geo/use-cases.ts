import { DomainError, notFound } from '../errors.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import { type Commune, type CommuneInput, nameSortKey, toCommune } from './geo.ts';
import type { GeoRepository } from './ports.ts';

const byName = <T extends { nameFr: string }>(a: T, b: T) =>
  nameSortKey(a.nameFr).localeCompare(nameSortKey(b.nameFr));

export async function listRegions(repo: GeoRepository) {
  const regions = await repo.listRegions();
  return regions.sort((a, b) => a.id.localeCompare(b.id));
}

export async function listProvincesOfRegion(repo: GeoRepository, regionId: string) {
  const region = await repo.getRegion(regionId);
  if (!region) throw notFound('Region', regionId);
  return { region, provinces: (await repo.listProvinces(regionId)).sort(byName) };
}

export async function listCommunesOfProvince(repo: GeoRepository, provinceId: string) {
  const province = await repo.getProvince(provinceId);
  if (!province) throw notFound('Province', provinceId);
  return { province, communes: await repo.listCommunes(provinceId) };
}

/** An update that does not name the official code keeps the stored one (same province only). */
export const keepCode = (input: CommuneInput, existing: Commune | undefined): CommuneInput =>
  input.code || !existing?.code || existing.provinceId !== input.provinceId
    ? input
    : { ...input, code: existing.code };

/** Creates or updates a commune (ministry only); the province must exist and prefix the id. */
export async function upsertCommune(
  repo: GeoRepository,
  principal: Principal,
  id: string,
  input: CommuneInput,
  now: Date,
): Promise<{ commune: Commune; created: boolean }> {
  assertRole(principal, 'ministry_admin');
  const province = await repo.getProvince(input.provinceId);
  if (!province) throw notFound('Province', input.provinceId);
  const existing = await repo.getCommune(id);
  const commune = toCommune(id, keepCode(input, existing), new Map([[province.id, province]]), now);
  if ('error' in commune) {
    throw new DomainError({
      type: commune.mismatch === 'code' ? 'commune-code-mismatch' : 'commune-id-mismatch',
      kind: 'unprocessable',
      title: `Commune ${commune.mismatch === 'code' ? 'code' : 'id'} does not match its province`,
      detail: `${commune.error}.`,
    });
  }
  await repo.putCommune(commune);
  return { commune, created: !existing };
}

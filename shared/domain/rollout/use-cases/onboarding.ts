import type { CommuneGate } from '../../applications/use-cases.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import type { Commune, Province, Region } from '../../geo/geo.ts';
import type { GeoRepository } from '../../geo/ports.ts';
import { assertRole, canActOnCommune, hasRole, type Principal } from '../../identity/principal.ts';
import { mapLimited } from '../../map-limited.ts';
import { casablancaDate } from '../../procedures/rules.ts';
import {
  assertRolloutTransition,
  type CommuneRollout,
  communeNotLive,
  notStarted,
  type Readiness,
  type RegionWave,
  type RolloutStatus,
  readiness,
  requiredAgencies,
} from '../onboarding.ts';
import type { RolloutRepository, StaffRepository } from '../ports.ts';
import type { StaffMember } from '../staff.ts';
import { computeStats, statsWindow } from '../stats.ts';

export interface RolloutDeps {
  rollout: RolloutRepository;
  staff: Pick<StaffRepository, 'listByProvince' | 'listAll'>;
  geo: GeoRepository;
}

/** Readiness of one commune from the repositories (staff of its province, its active keys). */
export async function readinessOf(
  deps: Pick<RolloutDeps, 'rollout' | 'staff'>,
  commune: { id: string; provinceId: string },
  now: Date,
  provinceStaff?: StaffMember[],
): Promise<Readiness> {
  const staff = provinceStaff ?? (await deps.staff.listByProvince(commune.provinceId));
  const hasSignatory = staff.some(
    (s) => s.status === 'ACTIVE' && s.roles.includes('signatory') && s.scope.communeId === commune.id,
  );
  // Like the keys, the tariff is looked up only for a commune with staff: the national overview
  // checks ~1,500 communes, most of them without anyone yet (and so missing everything).
  const hasStaff = staff.some((s) => s.status === 'ACTIVE' && s.scope.communeId === commune.id);
  const [keys, tariffEffectiveFrom] = await Promise.all([
    hasSignatory ? deps.rollout.activeKeys(commune.id) : [],
    hasStaff ? deps.rollout.tariffInForce(commune.id, casablancaDate(now)) : undefined,
  ]);
  return readiness({ commune, staff, keys, agencies: requiredAgencies(), now, tariffEffectiveFrom });
}

async function communeInReach(deps: Pick<RolloutDeps, 'geo'>, principal: Principal, communeId: string) {
  const commune = await deps.geo.getCommune(communeId);
  if (!commune || !canActOnCommune(principal, commune)) throw notFound('Commune', communeId);
  return commune;
}

/** A commune's rollout status, its region's wave and what is still missing before it can go live. */
export async function communeReadiness(
  deps: RolloutDeps,
  principal: Principal,
  communeId: string,
  now: Date,
) {
  const commune = await communeInReach(deps, principal, communeId);
  const [rollout, check, waves] = await Promise.all([
    deps.rollout.get(communeId),
    readinessOf(deps, commune, now),
    deps.rollout.waves(),
  ]);
  const wave = waves.find((w) => w.regionId === commune.regionId);
  return {
    commune: {
      id: commune.id,
      nameFr: commune.nameFr,
      nameAr: commune.nameAr,
      provinceId: commune.provinceId,
    },
    rollout: rollout ?? notStarted(commune),
    wave: wave?.wave ?? null,
    readiness: check,
  };
}

/**
 * Moves a commune along NOT_STARTED → ONBOARDING → LIVE (→ SUSPENDED): the ministry anywhere, a
 * province contact in their province. LIVE needs the readiness checklist complete (409 with what is missing).
 */
export async function setCommuneStatus(
  deps: RolloutDeps,
  principal: Principal,
  communeId: string,
  change: { status: RolloutStatus; note?: string | undefined },
  now: Date,
): Promise<{ rollout: CommuneRollout; readiness: Readiness }> {
  assertRole(principal, 'ministry_admin', 'province_contact');
  const commune = await deps.geo.getCommune(communeId);
  if (!commune) throw notFound('Commune', communeId);
  if (!hasRole(principal, 'ministry_admin') && principal.scope.provinceId !== commune.provinceId)
    throw forbidden(
      `You manage the rollout of ${principal.scope.provinceId} only; ${communeId} is elsewhere.`,
    );
  const current = (await deps.rollout.get(communeId)) ?? notStarted(commune);
  assertRolloutTransition(current.status, change.status);
  const check = await readinessOf(deps, commune, now);
  if (change.status === 'LIVE' && !check.ready) {
    throw new DomainError({
      type: 'commune-not-ready',
      kind: 'conflict',
      title: 'Commune not ready',
      detail: `Commune '${communeId}' cannot go live yet: ${check.missing.join(', ')}. Complete its bodies, then try again.`,
      details: { communeId, missing: check.missing, checks: check.checks },
    });
  }
  const at = now.toISOString();
  const next: CommuneRollout = {
    communeId,
    provinceId: commune.provinceId,
    regionId: commune.regionId,
    status: change.status,
    ...(current.liveSince || change.status === 'LIVE'
      ? { liveSince: current.liveSince ?? casablancaDate(now) }
      : {}),
    statusChangedAt: at,
    statusChangedBy: principal.username,
    ...(change.note ? { note: change.note } : {}),
    version: current.version + 1,
  };
  await deps.rollout.save(next, current.version, {
    communeId,
    at,
    actor: principal.username,
    from: current.status,
    to: next.status,
    ...(change.note ? { note: change.note } : {}),
    missing: check.missing,
  });
  return { rollout: next, readiness: check };
}

/** The gate of the submission routes: only a LIVE commune accepts new applications (409 listing what is missing). */
/** The submission routes' gate (a GetItem of the commune's rollout record; the checklist only when refused). */
export const communeGate = (deps: Pick<RolloutDeps, 'rollout' | 'staff'>): CommuneGate => ({
  assertAcceptsApplications: (commune, now) => assertCommuneAcceptsApplications(deps, commune, now),
});

export async function assertCommuneAcceptsApplications(
  deps: Pick<RolloutDeps, 'rollout' | 'staff'>,
  commune: { id: string; provinceId: string; regionId: string },
  now: Date,
): Promise<void> {
  const rollout = (await deps.rollout.get(commune.id)) ?? notStarted(commune);
  if (rollout.status === 'LIVE') return;
  throw communeNotLive(rollout, await readinessOf(deps, commune, now));
}

/** The ministry sets a region's wave in the national plan. */
export async function setRegionWave(
  deps: Pick<RolloutDeps, 'rollout' | 'geo'>,
  principal: Principal,
  regionId: string,
  input: { wave: number; plannedStart?: string | undefined },
  now: Date,
): Promise<RegionWave> {
  assertRole(principal, 'ministry_admin');
  if (!(await deps.geo.getRegion(regionId))) throw notFound('Region', regionId);
  const wave: RegionWave = {
    regionId,
    wave: input.wave,
    ...(input.plannedStart ? { plannedStart: input.plannedStart } : {}),
    updatedAt: now.toISOString(),
    updatedBy: principal.username,
  };
  await deps.rollout.putWave(wave);
  return wave;
}

type StatusCounts = Record<RolloutStatus, number>;
const zeroCounts = (): StatusCounts => ({ NOT_STARTED: 0, ONBOARDING: 0, LIVE: 0, SUSPENDED: 0 });

/**
 * National progress: per region (with its wave) and province, communes by status and, for each
 * commune not live, what blocks it. The ministry sees the country (or one region/province), a
 * province contact their province.
 */
export async function rolloutOverview(
  deps: RolloutDeps,
  principal: Principal,
  query: { regionId?: string | undefined; provinceId?: string | undefined },
  now: Date,
) {
  assertRole(principal, 'ministry_admin', 'province_contact');
  const national = hasRole(principal, 'ministry_admin');
  const provinceFilter = national ? query.provinceId : principal.scope.provinceId;
  if (!national && query.provinceId && query.provinceId !== provinceFilter)
    throw forbidden(`You follow the rollout of ${provinceFilter} only.`);
  let regions: Region[];
  let provinces: Province[];
  if (provinceFilter) {
    const province = await deps.geo.getProvince(provinceFilter);
    if (!province) throw notFound('Province', provinceFilter);
    const region = await deps.geo.getRegion(province.regionId);
    regions = region ? [region] : [];
    provinces = [province];
  } else {
    regions = (await deps.geo.listRegions()).filter((r) => !query.regionId || r.id === query.regionId);
    if (query.regionId && regions.length === 0) throw notFound('Region', query.regionId);
    provinces = (await mapLimited(regions, 4, (r) => deps.geo.listProvinces(r.id))).flat();
  }
  const waves = new Map((await deps.rollout.waves()).map((w) => [w.regionId, w]));
  const perProvince = await mapLimited(provinces, 8, async (province) => {
    const [communes, records, staff] = await Promise.all([
      deps.geo.listCommunes(province.id),
      deps.rollout.listByProvince(province.id),
      deps.staff.listByProvince(province.id),
    ]);
    const byCommune = new Map(records.map((r) => [r.communeId, r]));
    const rows = await mapLimited(communes, 8, async (commune: Commune) => {
      const rollout = byCommune.get(commune.id) ?? notStarted(commune);
      const blocked = rollout.status !== 'LIVE';
      return {
        communeId: commune.id,
        nameFr: commune.nameFr,
        status: rollout.status,
        ...(rollout.liveSince ? { liveSince: rollout.liveSince } : {}),
        missing: blocked ? (await readinessOf(deps, commune, now, staff)).missing : [],
      };
    });
    const counts = zeroCounts();
    for (const row of rows) counts[row.status]++;
    return {
      provinceId: province.id,
      regionId: province.regionId,
      nameFr: province.nameFr,
      counts,
      communes: rows.sort((a, b) => a.communeId.localeCompare(b.communeId)),
    };
  });
  const totals = zeroCounts();
  const regionRows = regions
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((region) => {
      const ofRegion = perProvince
        .filter((p) => p.regionId === region.id)
        .sort((a, b) => a.provinceId.localeCompare(b.provinceId));
      const counts = zeroCounts();
      for (const p of ofRegion)
        for (const status of Object.keys(counts) as RolloutStatus[]) {
          counts[status] += p.counts[status];
          totals[status] += p.counts[status];
        }
      return {
        regionId: region.id,
        nameFr: region.nameFr,
        wave: waves.get(region.id)?.wave ?? null,
        counts,
        provinces: ofRegion.map(({ regionId, ...p }) => p),
      };
    });
  return { generatedAt: now.toISOString(), totals, regions: regionRows };
}

/** The public figures, computed from the data at each call (see docs/rollout.md for the cost). */
export async function publicStats(deps: RolloutDeps, now: Date) {
  const { from, to } = statsWindow(now);
  const [regions, live, professions, staff, days] = await Promise.all([
    deps.geo.listRegions(),
    deps.rollout.listByStatus('LIVE'),
    deps.rollout.verifiedProfessions(),
    deps.staff.listAll(),
    deps.rollout.days(from, to),
  ]);
  return computeStats({ regions, liveCommunes: live, verifiedProfessions: professions, staff, days, now });
}

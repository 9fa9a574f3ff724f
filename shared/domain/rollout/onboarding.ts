import * as z from 'zod/mini';
import { DomainError } from '../errors.ts';
import { CATALOGUE } from '../procedures/catalogue.ts';
import type { AgencyCode, Catalogue } from '../procedures/schema.ts';
import type { StaffMember } from './staff.ts';

/** A commune's rollout: not started, onboarding its bodies, live (accepts applications), suspended. */
export const ROLLOUT_STATUSES = ['NOT_STARTED', 'ONBOARDING', 'LIVE', 'SUSPENDED'] as const;
export const RolloutStatus = /* @__PURE__ */ (() => z.enum(ROLLOUT_STATUSES))();
export type RolloutStatus = z.infer<typeof RolloutStatus>;

/**
 * The transition table. LIVE is reached only from ONBOARDING or SUSPENDED and only when the
 * readiness checklist is complete; a suspended commune goes back live (bodies complete again) or
 * back to onboarding; an onboarding commune may be put back to not started (plan changed).
 */
export const ROLLOUT_TRANSITIONS: Record<RolloutStatus, readonly RolloutStatus[]> = {
  NOT_STARTED: ['ONBOARDING'],
  ONBOARDING: ['LIVE', 'NOT_STARTED'],
  LIVE: ['SUSPENDED'],
  SUSPENDED: ['LIVE', 'ONBOARDING'],
};

export function assertRolloutTransition(from: RolloutStatus, to: RolloutStatus): void {
  if (!ROLLOUT_TRANSITIONS[from].includes(to)) {
    throw new DomainError({
      type: 'rollout-transition-not-allowed',
      kind: 'conflict',
      title: 'Status change not allowed',
      detail: `A commune ${from} cannot become ${to}. From ${from} it can become: ${ROLLOUT_TRANSITIONS[from].join(', ') || 'nothing'}.`,
      details: { from, to, allowed: ROLLOUT_TRANSITIONS[from] },
    });
  }
}

export const CommuneRollout = /* @__PURE__ */ (() =>
  z.object({
    communeId: z.string(),
    provinceId: z.string(),
    regionId: z.string(),
    status: RolloutStatus,
    /** The first day (Africa/Casablanca) the commune went live; kept through a suspension. */
    liveSince: z.optional(z.iso.date()),
    statusChangedAt: z.optional(z.iso.datetime()),
    statusChangedBy: z.optional(z.string()),
    note: z.optional(z.string()),
    version: z.number().check(z.int(), z.nonnegative()),
  }))();
export type CommuneRollout = z.infer<typeof CommuneRollout>;

/** A commune without a rollout record has not started. */
export const notStarted = (commune: {
  id: string;
  provinceId: string;
  regionId: string;
}): CommuneRollout => ({
  communeId: commune.id,
  provinceId: commune.provinceId,
  regionId: commune.regionId,
  status: 'NOT_STARTED',
  version: 0,
});

/** The region's wave in the national rollout plan (1 = first), set by the ministry. */
export const RegionWave = /* @__PURE__ */ (() =>
  z.object({
    regionId: z.string(),
    wave: z.number().check(z.int(), z.gte(1), z.lte(12)),
    plannedStart: z.optional(z.iso.date()),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string(),
  }))();
export type RegionWave = z.infer<typeof RegionWave>;

/** A signing key as the readiness check reads it (the signing capability owns the record). */
export interface SigningKeyView {
  keyId: string;
  signatoryUsername: string;
  status: string;
  validUntil: string;
}

/** The agencies consulted by at least one procedure of the catalogue: every commune handles every procedure. */
export function requiredAgencies(catalogue: Catalogue = CATALOGUE): AgencyCode[] {
  const agencies = new Set<AgencyCode>();
  for (const procedure of catalogue.procedures)
    if (procedure.commission.when !== 'never') for (const a of procedure.commission.agencies) agencies.add(a);
  return catalogue.agencies.map((a) => a.code).filter((code) => agencies.has(code));
}

export const READINESS_CODES = [
  'DESK_AGENT',
  'COMMISSION_MEMBER',
  'SIGNATORY',
  'SIGNING_KEY',
  'TARIFF',
  'TREASURER',
] as const;

export const ReadinessCheck = /* @__PURE__ */ (() =>
  z.object({
    code: z.enum(READINESS_CODES),
    agencyId: z.optional(z.string()),
    ok: z.boolean(),
    detail: z.string(),
  }))();
export type ReadinessCheck = z.infer<typeof ReadinessCheck>;

export const Readiness = /* @__PURE__ */ (() =>
  z.object({
    communeId: z.string(),
    ready: z.boolean(),
    checks: z.array(ReadinessCheck),
    /** The failing checks, as `DESK_AGENT`, `COMMISSION_MEMBER:heritage`, … (empty when ready). */
    missing: z.array(z.string()),
  }))();
export type Readiness = z.infer<typeof Readiness>;

const active = (s: Pick<StaffMember, 'status'>) => s.status === 'ACTIVE';

/**
 * The readiness checklist of a commune (pure): at least one active desk agent of the commune;
 * for each agency the catalogue consults, an active commission member of that agency whose
 * territory is the commune's province; an active signatory of the commune; and an ACTIVE,
 * unexpired signing key held by one of those active signatories; and, so that no approval is
 * left uncollected (#16), a tariff in force and an active treasurer (commune_treasurer) of the commune.
 */
export function readiness(input: {
  commune: { id: string; provinceId: string };
  /** The civil servants of the commune's province (any status; suspended ones do not count). */
  staff: readonly StaffMember[];
  /** The commune's keys in ACTIVE state. */
  keys: readonly SigningKeyView[];
  agencies: readonly AgencyCode[];
  now: Date;
  /** The effective date of the commune's tariff in force today (payments capability); absent: none. */
  tariffEffectiveFrom?: string | undefined;
}): Readiness {
  const { commune, staff, keys, agencies, now } = input;
  const ofCommune = (role: 'desk_agent' | 'signatory') =>
    staff.filter((s) => active(s) && s.roles.includes(role) && s.scope.communeId === commune.id);
  const desk = ofCommune('desk_agent');
  const signatories = ofCommune('signatory');
  const checks: ReadinessCheck[] = [
    {
      code: 'DESK_AGENT',
      ok: desk.length > 0,
      detail:
        desk.length > 0
          ? `${desk.length} active desk agent(s).`
          : 'No active one-stop desk agent: create a desk_agent account for this commune.',
    },
  ];
  for (const agency of agencies) {
    const members = staff.filter(
      (s) =>
        active(s) &&
        s.roles.includes('commission_member') &&
        s.scope.agencyId === agency &&
        s.scope.provinceId === commune.provinceId,
    );
    checks.push({
      code: 'COMMISSION_MEMBER',
      agencyId: agency,
      ok: members.length > 0,
      detail:
        members.length > 0
          ? `${members.length} active commission member(s) for ${agency} in ${commune.provinceId}.`
          : `No active commission member for ${agency} in ${commune.provinceId}: create a commission_member account with agency ${agency} and territory ${commune.provinceId}.`,
    });
  }
  checks.push({
    code: 'SIGNATORY',
    ok: signatories.length > 0,
    detail:
      signatories.length > 0
        ? `${signatories.length} active signatory(ies).`
        : 'No active signatory: create a signatory account for this commune.',
  });
  const usable = keys.filter(
    (k) =>
      k.status === 'ACTIVE' &&
      Date.parse(k.validUntil) > now.getTime() &&
      signatories.some((s) => s.username === k.signatoryUsername),
  );
  checks.push({
    code: 'SIGNING_KEY',
    ok: usable.length > 0,
    detail:
      usable.length > 0
        ? `${usable.length} active signing key(s).`
        : 'No active signing key held by an active signatory: issue a key to the signatory and have them activate it (PIN changed).',
  });
  checks.push({
    code: 'TARIFF',
    ok: Boolean(input.tariffEffectiveFrom),
    detail: input.tariffEffectiveFrom
      ? `Tariff in force since ${input.tariffEffectiveFrom}.`
      : 'No tariff in force: the commune treasurer must set its rates (PUT /communes/{id}/tariffs/{effectiveFrom}); without one no approval can be billed.',
  });
  const treasurers = staff.filter(
    (s) => active(s) && s.roles.includes('commune_treasurer') && s.scope.communeId === commune.id,
  );
  checks.push({
    code: 'TREASURER',
    ok: treasurers.length > 0,
    detail:
      treasurers.length > 0
        ? `${treasurers.length} active treasurer(s).`
        : 'No active treasurer: create a commune_treasurer account for this commune (rates, payments, reconciliation).',
  });
  const missing = checks.filter((c) => !c.ok).map((c) => (c.agencyId ? `${c.code}:${c.agencyId}` : c.code));
  return { communeId: commune.id, ready: missing.length === 0, checks, missing };
}

/** The 409 the submission routes answer for a commune that is not live, listing what is missing. */
export function communeNotLive(rollout: CommuneRollout, check: Readiness): DomainError {
  return new DomainError({
    type: 'commune-not-live',
    kind: 'conflict',
    title: 'Commune not live yet',
    detail:
      `Commune '${rollout.communeId}' does not accept applications yet (rollout status ${rollout.status}).` +
      (check.missing.length > 0
        ? ` Its paperless bodies are incomplete: ${check.missing.join(', ')}.`
        : ' Its bodies are complete; the province contact still has to set it LIVE.') +
      ' Keep the draft and submit once the commune is live, or file in person at the commune meanwhile.',
    details: { communeId: rollout.communeId, rolloutStatus: rollout.status, missing: check.missing },
  });
}

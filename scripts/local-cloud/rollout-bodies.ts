/**
 * Helpers that give a commune its paperless bodies and take it LIVE through the rollout rules
 * (readiness checked, status history written): used by the demo seed and by the test fixtures.
 */
import type { DynamoRolloutRepository } from '../../shared/adapters/dynamodb/rollout-repository.ts';
import type { DynamoStaffRepository } from '../../shared/adapters/dynamodb/staff-repository.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { casablancaDate } from '../../shared/domain/procedures/rules.ts';
import { assertRolloutTransition, notStarted } from '../../shared/domain/rollout/onboarding.ts';
import { accessOf, type StaffMember } from '../../shared/domain/rollout/staff.ts';
import { readinessOf } from '../../shared/domain/rollout/use-cases/onboarding.ts';

/** Stores a staff record with its creation event unless one with this username exists (idempotent). */
export async function ensureStaffRecord(
  staff: DynamoStaffRepository,
  member: Omit<StaffMember, 'status' | 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy' | 'version'>,
  actor: string,
): Promise<StaffMember> {
  const existing = await staff.get(member.username);
  if (existing) return existing;
  const at = new Date().toISOString();
  const record: StaffMember = {
    ...member,
    status: 'ACTIVE',
    createdAt: at,
    createdBy: actor,
    updatedAt: at,
    updatedBy: actor,
    version: 1,
  };
  try {
    await staff.create(record, {
      username: record.username,
      action: 'CREATED',
      at,
      actor,
      changes: ['roles', 'scope'],
      before: null,
      after: accessOf(record),
      source: 'import',
    });
  } catch (error) {
    // A concurrent caller created it first: fine, it is the same record.
    if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
  }
  return (await staff.get(member.username)) ?? record;
}

/** Takes a commune to LIVE (via ONBOARDING) if its checklist is complete; refuses with what is missing otherwise. */
export async function goLive(
  deps: { rollout: DynamoRolloutRepository; staff: DynamoStaffRepository },
  commune: { id: string; provinceId: string; regionId: string },
  actor: string,
  now = new Date(),
): Promise<void> {
  let current = (await deps.rollout.get(commune.id)) ?? notStarted(commune);
  if (current.status === 'LIVE') return;
  const check = await readinessOf(deps, commune, now);
  if (!check.ready) throw new Error(`${commune.id} cannot go live: ${check.missing.join(', ')}`);
  for (const to of current.status === 'NOT_STARTED'
    ? (['ONBOARDING', 'LIVE'] as const)
    : (['LIVE'] as const)) {
    assertRolloutTransition(current.status, to);
    const at = new Date().toISOString();
    const next = {
      ...current,
      status: to,
      ...(to === 'LIVE' ? { liveSince: current.liveSince ?? casablancaDate(now) } : {}),
      statusChangedAt: at,
      statusChangedBy: actor,
      version: current.version + 1,
    };
    try {
      await deps.rollout.save(next, current.version, {
        communeId: commune.id,
        at,
        actor,
        from: current.status,
        to,
        missing: check.missing,
      });
    } catch (error) {
      // Another caller moved it meanwhile (parallel test files): re-read and continue from there.
      if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      const reread = await deps.rollout.get(commune.id);
      if (reread?.status === 'LIVE') return;
      throw error;
    }
    current = next;
  }
}

import type { Application } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { CLOCK_RUNNING } from '../applications/state-machine.ts';
import { DomainError } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, hasRole, type Principal } from '../identity/principal.ts';
import { getProcedure } from '../procedures/rules.ts';
import { clockEventsFromHistory, legalClock, type Phase } from './clock.ts';

export interface OverdueDeps {
  applications: Pick<ApplicationRepository, 'listByCommune' | 'events'>;
  geo: Pick<GeoRepository, 'listCommunes'>;
}

export interface LateFile {
  id: string;
  receiptNumber?: string;
  status: Application['status'];
  procedureCode: string;
  /** The step whose budget passed (the running one), and by how much. */
  step: Phase;
  elapsedDays: number;
  budgetDays: number;
  deadlineDate: string;
  /** Past the whole legal deadline, not only the step's budget. */
  overdue: boolean;
}

export interface CommuneLateFiles {
  communeId: string;
  communeNameFr: string;
  communeNameAr: string;
  byStep: Record<Phase, number>;
  files: LateFile[];
}

const PAGE = 100;

/** The files of a commune whose running step is over its budget, as of `now`. */
async function lateFilesOf(deps: OverdueDeps, communeId: string, now: Date): Promise<LateFile[]> {
  const late: LateFile[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.applications.listByCommune(communeId, {
      open: true,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const app of page.items) {
      if (!CLOCK_RUNNING.includes(app.status) || !app.size) continue;
      const clock = legalClock(
        getProcedure(app.procedureCode),
        app.size,
        clockEventsFromHistory(await deps.applications.events(app.id)),
        now,
      );
      const step = clock.phases.find((p) => p.status === 'running' && p.overBudget);
      if (!step && !clock.overdue) continue;
      const running = step ?? clock.phases.find((p) => p.status === 'running') ?? clock.phases[0];
      if (!running) continue;
      late.push({
        id: app.id,
        ...(app.receiptNumber ? { receiptNumber: app.receiptNumber } : {}),
        status: app.status,
        procedureCode: app.procedureCode,
        step: running.phase,
        elapsedDays: running.elapsedDays,
        budgetDays: running.budgetDays,
        deadlineDate: clock.deadlineDate,
        overdue: clock.overdue,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return late;
}

/**
 * Late files of a province, by commune and step: every open file whose running step passed its
 * budget (admissibility, review, decision; `procedures`' step budgets) or whose legal deadline
 * passed. The province contact sees their province; the ministry names one.
 */
export async function overdueWorklist(
  deps: OverdueDeps,
  principal: Principal,
  query: { provinceId?: string },
  now: Date,
): Promise<{
  provinceId: string;
  asOf: string;
  totals: Record<Phase, number>;
  communes: CommuneLateFiles[];
}> {
  assertRole(principal, 'province_contact', 'ministry_admin');
  const provinceId = hasRole(principal, 'ministry_admin')
    ? query.provinceId
    : (principal.scope.provinceId as string | undefined);
  if (!provinceId) {
    throw new DomainError({
      kind: 'invalid',
      type: 'province-required',
      title: 'Province required',
      detail:
        'Name the province: GET /worklists/overdue?provinceId=MA-CAS (see GET /geo/regions/{regionId}/provinces).',
      details: { field: 'query.provinceId' },
    });
  }
  if (
    hasRole(principal, 'province_contact') &&
    !hasRole(principal, 'ministry_admin') &&
    query.provinceId &&
    query.provinceId !== provinceId
  ) {
    throw new DomainError({
      kind: 'forbidden',
      type: 'forbidden',
      title: 'Forbidden',
      detail: `A province contact sees the late files of their own province (${provinceId}) only.`,
    });
  }
  const communes = await deps.geo.listCommunes(provinceId);
  const totals: Record<Phase, number> = { ADMISSIBILITY: 0, REVIEW: 0, DECISION: 0 };
  const out: CommuneLateFiles[] = [];
  for (const commune of communes) {
    const files = await lateFilesOf(deps, commune.id, now);
    if (files.length === 0) continue;
    const byStep: Record<Phase, number> = { ADMISSIBILITY: 0, REVIEW: 0, DECISION: 0 };
    for (const f of files) {
      byStep[f.step]++;
      totals[f.step]++;
    }
    out.push({
      communeId: commune.id,
      communeNameFr: commune.nameFr,
      communeNameAr: commune.nameAr,
      byStep,
      files,
    });
  }
  return { provinceId, asOf: now.toISOString(), totals, communes: out };
}

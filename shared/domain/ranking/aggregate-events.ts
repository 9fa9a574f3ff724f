import * as z from 'zod/mini';
import { CLOCK_RUNNING } from '../applications/state-machine.ts';
import {
  addDays,
  type Counter,
  casablancaDay,
  type DayAggregate,
  daysBetween,
  delayBucket,
} from './indicators.ts';

/**
 * From one change of an application item (its old and new images, as a DynamoDB stream record
 * carries them) to the per-commune per-day aggregate deltas it causes. Pure.
 *
 * Why the Application item and not the Event items: the application's new image carries everything
 * a delta needs (commune, first submission, deadline as moved by returns, pausedDays, round,
 * decision) and its old image tells what changed, while an event alone would need a read of the
 * application. Every status change rewrites the item (conditional on its version), so each change
 * is seen exactly once per version: `changeKey` (the item and the version it produced) is what
 * makes applying a change idempotent.
 *
 * Rules (day = the Moroccan date of the change's time, `updatedAt` of the new image):
 * - received: DRAFT (or nothing) → SUBMITTED, on the day of `submittedAt`.
 * - returned / resubmitted: → RETURNED_FOR_COMPLETION / RETURNED_FOR_COMPLETION → SUBMITTED.
 * - decided (+ approved / rejected / tacitApprovals): the image gains its `decision`, on the day of
 *   `decision.decidedAt`; decidedInTime when that day ≤ deadlineDate; returnRounds += round − 1;
 *   the delay (days from the submission date to the decision date, minus pausedDays) goes into the
 *   decision histogram.
 * - withdrawn: → WITHDRAWN. issued: → ISSUED, with its delay into the issue histogram.
 * - overdue backlog: a file is in the backlog at the end of day D when its clock runs (SUBMITTED,
 *   IN_COMMISSION, READY_FOR_DECISION) and D > deadlineDate. A change that makes the clock run with
 *   deadline d adds +1 on max(day, d + 1); a change that stops it (or moves its deadline) adds −1 on
 *   max(day, d_old + 1) — which cancels the +1 exactly when the file stopped before becoming
 *   overdue. Deltas land on the change's day or later, never on a past day.
 */

/** What the ranking reads of an application item (from the table's stream): other attributes pass. */
export const ApplicationImage = /* @__PURE__ */ (() =>
  z.looseObject({
    entity: z.optional(z.string()),
    pk: z.optional(z.string()),
    id: z.optional(z.string()),
    communeId: z.optional(z.string()),
    status: z.optional(z.string()),
    submittedAt: z.optional(z.string()),
    deadlineDate: z.optional(z.string()),
    pausedDays: z.optional(z.number()),
    round: z.optional(z.number()),
    decision: z.optional(
      z.looseObject({ decision: z.optional(z.string()), decidedAt: z.optional(z.string()) }),
    ),
    updatedAt: z.optional(z.string()),
    version: z.optional(z.number()),
  }))();
export type ApplicationImage = z.infer<typeof ApplicationImage>;

export type AggregateDelta = DayAggregate;

const DECISION_COUNTER: Record<string, Counter> = {
  APPROVED: 'approved',
  REJECTED: 'rejected',
  TACITLY_APPROVED: 'tacitApprovals',
};

const running = (image: ApplicationImage | undefined): image is ApplicationImage & { deadlineDate: string } =>
  Boolean(image?.status && (CLOCK_RUNNING as readonly string[]).includes(image.status) && image.deadlineDate);

/** The identity of a change: the item and the version it produced (each status change bumps the version). */
export const changeKey = (image: ApplicationImage): string =>
  `${image.pk ?? image.id}#v${image.version ?? 0}`;

/** Aggregate deltas of one change (empty when it changes nothing the ranking measures). */
export function aggregateDeltas(
  oldImage: ApplicationImage | undefined,
  newImage: ApplicationImage | undefined,
): AggregateDelta[] {
  if (newImage?.entity !== 'Application' || !newImage.communeId || !newImage.status) return [];
  if (newImage.status === 'DRAFT') return [];
  const communeId = newImage.communeId;
  const at = newImage.updatedAt ?? newImage.submittedAt;
  if (!at) return [];
  const day = casablancaDay(at);
  const byDay = new Map<string, AggregateDelta>();
  const on = (d: string) => {
    let delta = byDay.get(d);
    if (!delta) {
      delta = { communeId, day: d, counters: {}, decisionDays: {}, issueDays: {} };
      byDay.set(d, delta);
    }
    return delta;
  };
  const bump = (d: string, counter: Counter, by = 1) => {
    const delta = on(d);
    delta.counters[counter] = (delta.counters[counter] ?? 0) + by;
  };
  const delayTo = (endDay: string): number | undefined =>
    newImage.submittedAt
      ? delayBucket(daysBetween(casablancaDay(newImage.submittedAt), endDay) - (newImage.pausedDays ?? 0))
      : undefined;

  const from = oldImage?.status;
  const to = newImage.status;
  if (from !== to) {
    if (to === 'SUBMITTED' && (from === undefined || from === 'DRAFT'))
      bump(casablancaDay(newImage.submittedAt ?? at), 'received');
    if (to === 'SUBMITTED' && from === 'RETURNED_FOR_COMPLETION') bump(day, 'resubmitted');
    if (to === 'RETURNED_FOR_COMPLETION') bump(day, 'returned');
    if (to === 'WITHDRAWN') bump(day, 'withdrawn');
    if (to === 'ISSUED') {
      bump(day, 'issued');
      const delay = delayTo(day);
      if (delay !== undefined) on(day).issueDays[delay] = (on(day).issueDays[delay] ?? 0) + 1;
    }
  }
  const decision = newImage.decision;
  if (decision?.decision && !oldImage?.decision) {
    const decidedDay = casablancaDay(decision.decidedAt ?? at);
    bump(decidedDay, 'decided');
    const kind = DECISION_COUNTER[decision.decision];
    if (kind) bump(decidedDay, kind);
    if (newImage.deadlineDate && decidedDay <= newImage.deadlineDate) bump(decidedDay, 'decidedInTime');
    const rounds = (newImage.round ?? 1) - 1;
    if (rounds > 0) bump(decidedDay, 'returnRounds', rounds);
    const delay = delayTo(decidedDay);
    if (delay !== undefined)
      on(decidedDay).decisionDays[delay] = (on(decidedDay).decisionDays[delay] ?? 0) + 1;
  }

  const wasRunning = running(oldImage) ? oldImage : undefined;
  const isRunning = running(newImage) ? newImage : undefined;
  if (!(wasRunning && isRunning && wasRunning.deadlineDate === isRunning.deadlineDate)) {
    const later = (a: string, b: string) => (a > b ? a : b);
    if (wasRunning) bump(later(day, addDays(wasRunning.deadlineDate, 1)), 'backlogDelta', -1);
    if (isRunning) bump(later(day, addDays(isRunning.deadlineDate, 1)), 'backlogDelta', 1);
  }

  // Drop counters that cancelled out (a −1 and a +1 on the same day), and days left empty.
  const out: AggregateDelta[] = [];
  for (const delta of [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    for (const [name, value] of Object.entries(delta.counters)) {
      if (value === 0) delete delta.counters[name as Counter];
    }
    const empty =
      Object.keys(delta.counters).length === 0 &&
      Object.keys(delta.decisionDays).length === 0 &&
      Object.keys(delta.issueDays).length === 0;
    if (!empty) out.push(delta);
  }
  return out;
}

import { workingTimeMs } from '../holidays.ts';
import {
  addDaysCounting,
  casablancaDate,
  daysCounting,
  deadlineCount,
  legalDeadlineDays,
  needsCommission,
  stepBudgets,
} from '../procedures/rules.ts';
import type { DayCount, Procedure } from '../procedures/schema.ts';

/**
 * The legal clock of a file under review: how much of the legal deadline has run, by how many days
 * returns for completion pushed it back, the last legal day, and the time spent in each review phase
 * against the step budgets of the 2023 joint order.
 *
 * Pure: no I/O and no `Date.now()`; the caller passes `now` and the file's events. It never throws
 * on odd event sequences (missing, duplicated or out-of-order events): it reads them as described
 * on each rule below.
 *
 * Rules
 * - Events may come unsorted: they are sorted by instant (`at`); events at the same instant keep
 *   their given order. Events whose `at` is not a valid instant are ignored.
 * - Time starts at the first SUBMITTED; every event before it is ignored, and so are later SUBMITTED.
 *   Before it the clock is not running, nothing has elapsed, every phase is pending, and the
 *   deadline shown is the one a submission today would get: deadlineDays after casablancaDate(now).
 * - Days count as the procedure says (`dayCount`, from the catalogue): calendar days, or working
 *   days (Monday to Friday, Moroccan public holidays excluded, on Casablanca's calendar).
 * - The first DECIDED, TACITLY_APPROVED or WITHDRAWN after submission closes the file: the clock
 *   stops there for good and every later event is ignored.
 * - RETURNED pauses the clock until the next RESUBMITTED (the legal clock stops while the file is
 *   with the professional). A RETURNED while already returned, or a RESUBMITTED while not returned,
 *   is ignored. A return still open when the file closes (e.g. WITHDRAWN while returned) ends at
 *   the closing event; one still open otherwise ends at `now`.
 * - pausedDays = sum over returned periods of the calendar days between the Moroccan dates of the
 *   return and of the resubmission (casablancaDate(now) for a period still open): a return from
 *   23:30 to 00:30 the next day counts one day, a return and resubmission on the same day none.
 * - The deadline moves by the same periods counted as the procedure counts days (for working days:
 *   the working days after the return's date up to the resubmission's), so deadlineDate =
 *   deadlineDays + those days after casablancaDate(first SUBMITTED): equal to the submission's
 *   deadline moved at each resubmission (deadlineAfterReturn).
 * - elapsedDays = real running time, in days (ms / 86 400 000, rounded to 2 decimals), from the
 *   first SUBMITTED to the closing event (or `now`), minus every returned interval.
 * - remainingDays = days (as counted) from casablancaDate(now) to deadlineDate (negative once past).
 * - overdue = running && casablancaDate(now) > deadlineDate: the deadline day itself is still in
 *   time; a paused or closed file is never overdue.
 *
 * Phases (budgets from stepBudgets(procedure, size), summing whichever of the steps exist)
 * - ADMISSIBILITY: SUBMITTED → ADMISSIBLE; budget RECEIPT + REFERRAL.
 * - REVIEW: ADMISSIBLE → OPINIONS_COMPLETE; budget COMMISSION_REVIEW when the commission sits,
 *   REVIEW for desk-only files (falling back to the other step if the expected one is absent).
 * - DECISION: OPINIONS_COMPLETE → DECIDED / TACITLY_APPROVED; budget MINUTES + SIGNATURE.
 * A missing boundary takes the next available one (OPINIONS_COMPLETE without ADMISSIBLE ends
 * ADMISSIBILITY at OPINIONS_COMPLETE and leaves REVIEW done in 0 days; a decision straight after
 * submission ends all three phases). Boundaries never go backwards: one earlier than the previous
 * boundary is moved up to it. Each phase's elapsedDays excludes the returned time inside it, and a
 * phase whose steps count working days counts only the time on working days (its `dayCount`).
 * status: pending before its start, running from its start until its end (or until `now`), done
 * once ended; a WITHDRAWN file ends the phase it was in (done, time frozen at the withdrawal)
 * and leaves the later ones pending. overBudget = elapsedDays > budgetDays.
 */

export type ClockEventType =
  | 'SUBMITTED'
  | 'RETURNED'
  | 'RESUBMITTED'
  | 'ADMISSIBLE'
  | 'OPINIONS_COMPLETE'
  | 'DECIDED'
  | 'TACITLY_APPROVED'
  | 'WITHDRAWN';

export interface ClockEvent {
  type: ClockEventType;
  /** ISO instant. */
  at: string;
}

export type Phase = 'ADMISSIBILITY' | 'REVIEW' | 'DECISION';

export interface PhaseClock {
  phase: Phase;
  budgetDays: number;
  /** How the phase's budget and elapsed days count (the steps' `calendar` in the catalogue). */
  dayCount: DayCount;
  elapsedDays: number;
  status: 'pending' | 'running' | 'done';
  overBudget: boolean;
}

export interface LegalClock {
  /** False before SUBMITTED, while returned, and once DECIDED / TACITLY_APPROVED / WITHDRAWN. */
  running: boolean;
  /** True while returned for completion (and the file is not closed). */
  paused: boolean;
  /** legalDeadlineDays(procedure, size). */
  deadlineDays: number;
  /** How deadlineDays and remainingDays count: calendar days or working days. */
  dayCount: DayCount;
  /** Fractional days (2 decimals) of running time, excluding every returned period. */
  elapsedDays: number;
  /** Whole calendar days the file spent returned (the deadline moves by them, as counted). */
  pausedDays: number;
  /** The last legal day, YYYY-MM-DD (Moroccan calendar). */
  deadlineDate: string;
  /** Days (as counted) from casablancaDate(now) to deadlineDate (negative when past). */
  remainingDays: number;
  /** running && casablancaDate(now) > deadlineDate. */
  overdue: boolean;
  phases: PhaseClock[];
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOSING: ReadonlySet<ClockEventType> = new Set(['DECIDED', 'TACITLY_APPROVED', 'WITHDRAWN']);

/** Calendar days from `a` to `b` (both 'YYYY-MM-DD'): positive when `b` is later, negative when earlier. */
export function daysBetween(a: string, b: string): number {
  return (utcDay(b) - utcDay(a)) / DAY_MS;
}

function utcDay(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new Error(`'${isoDate}' is not a YYYY-MM-DD date`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const time = Date.UTC(y, m - 1, d);
  const date = new Date(time);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    throw new Error(`'${isoDate}' is not a calendar date`);
  return time;
}

/** Whether the file is past its legal deadline while the clock runs. */
export function isOverdue(clock: LegalClock): boolean {
  return clock.overdue;
}

const HISTORY_TO_CLOCK: Readonly<Record<string, ClockEventType>> = {
  APPLICATION_SUBMITTED: 'SUBMITTED',
  APPLICATION_RETURNED: 'RETURNED',
  APPLICATION_RESUBMITTED: 'RESUBMITTED',
  APPLICATION_ADMISSIBLE: 'ADMISSIBLE',
  OPINIONS_COMPLETE: 'OPINIONS_COMPLETE',
  APPLICATION_APPROVED: 'DECIDED',
  APPLICATION_REJECTED: 'DECIDED',
  APPLICATION_TACITLY_APPROVED: 'TACITLY_APPROVED',
  APPLICATION_WITHDRAWN: 'WITHDRAWN',
};

/** The clock events of an application's history, in the given order; event types the clock does not read are dropped. */
export function clockEventsFromHistory(events: { type: string; at: string }[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const event of events) {
    const type = Object.hasOwn(HISTORY_TO_CLOCK, event.type) ? HISTORY_TO_CLOCK[event.type] : undefined;
    if (type) out.push({ type, at: event.at });
  }
  return out;
}

interface Interval {
  start: number;
  end: number;
}

/** The legal clock of a file of this procedure and size, from its events, as of `now`. */
export function legalClock(
  procedure: Procedure,
  size: 'small' | 'large',
  events: ClockEvent[],
  now: Date,
): LegalClock {
  const deadlineDays = legalDeadlineDays(procedure, size);
  const dayCount = deadlineCount(procedure);
  const budgets = phaseBudgets(procedure, size);
  const nowMs = now.getTime();
  const today = casablancaDate(now);

  const timed = events
    .map((event) => ({ type: event.type, t: Date.parse(event.at) }))
    .filter((event) => !Number.isNaN(event.t))
    .sort((a, b) => a.t - b.t);

  const first = timed.findIndex((event) => event.type === 'SUBMITTED');
  const submitted = timed[first];
  if (!submitted) {
    const deadlineDate = addDaysCounting(today, deadlineDays, dayCount);
    return {
      running: false,
      paused: false,
      deadlineDays,
      dayCount,
      elapsedDays: 0,
      pausedDays: 0,
      deadlineDate,
      remainingDays: daysCounting(today, deadlineDate, dayCount),
      overdue: false,
      phases: budgets.map(([phase, budgetDays, count]) => phaseClock(phase, budgetDays, count, 0, 'pending')),
    };
  }

  // Walk the events after submission up to the closing one, collecting returns and phase boundaries.
  const start = submitted.t;
  const returns: Interval[] = [];
  let returnedAt: number | undefined;
  let admissibleAt: number | undefined;
  let opinionsAt: number | undefined;
  let decidedAt: number | undefined;
  let closedAt: number | undefined;
  for (const event of timed.slice(first + 1)) {
    if (event.type === 'RETURNED' && returnedAt === undefined) returnedAt = event.t;
    else if (event.type === 'RESUBMITTED' && returnedAt !== undefined) {
      returns.push({ start: returnedAt, end: event.t });
      returnedAt = undefined;
    } else if (event.type === 'ADMISSIBLE') admissibleAt ??= event.t;
    else if (event.type === 'OPINIONS_COMPLETE') opinionsAt ??= event.t;
    else if (CLOSING.has(event.type)) {
      closedAt = event.t;
      if (event.type !== 'WITHDRAWN') decidedAt = event.t;
      break;
    }
  }
  const closed = closedAt !== undefined;
  // Where running time ends: the closing event, or now (never before the submission).
  const horizon = Math.max(start, closedAt ?? nowMs);
  const paused = !closed && returnedAt !== undefined;
  if (returnedAt !== undefined) returns.push({ start: returnedAt, end: horizon });

  const returnedDates = returns.map((r, i) => {
    const open = paused && i === returns.length - 1;
    return [casablancaDate(new Date(r.start)), open ? today : casablancaDate(new Date(r.end))] as const;
  });
  const sumDays = (count: DayCount) =>
    returnedDates.reduce((total, [from, to]) => total + Math.max(0, daysCounting(from, to, count)), 0);
  const pausedDays = sumDays('calendar');
  const deadlineDate = addDaysCounting(
    casablancaDate(new Date(start)),
    deadlineDays + sumDays(dayCount),
    dayCount,
  );
  const running = !closed && !paused;

  // Phase boundaries: a missing one takes the next available one; none goes backwards.
  const b1 = atLeast(start, admissibleAt ?? opinionsAt ?? decidedAt);
  const b2 = atLeast(b1 ?? start, opinionsAt ?? decidedAt);
  const b3 = atLeast(b2 ?? start, decidedAt);
  const bounds: [number | undefined, number | undefined][] = [
    [start, b1],
    [b1, b2],
    [b2, b3],
  ];
  const phases = budgets.map(([phase, budgetDays, count], i) => {
    const [from, to] = bounds[i] ?? [undefined, undefined];
    if (from === undefined) return phaseClock(phase, budgetDays, count, 0, 'pending');
    const end = to ?? horizon;
    const status = to !== undefined || closed ? 'done' : 'running';
    return phaseClock(phase, budgetDays, count, runningDays({ start: from, end }, returns, count), status);
  });

  return {
    running,
    paused,
    deadlineDays,
    dayCount,
    elapsedDays: runningDays({ start, end: horizon }, returns, 'calendar'),
    pausedDays,
    deadlineDate,
    remainingDays: daysCounting(today, deadlineDate, dayCount),
    overdue: running && today > deadlineDate,
    phases,
  };
}

/** The phases' budgets and how they count: a phase counts as its steps do (the catalogue keeps a phase's steps alike). */
function phaseBudgets(procedure: Procedure, size: 'small' | 'large'): [Phase, number, DayCount][] {
  const steps = stepBudgets(procedure, size);
  const find = (step: string) => steps.find((s) => s.step === step);
  const sum = (...codes: string[]) => codes.reduce((total, code) => total + (find(code)?.days ?? 0), 0);
  const countOf = (...codes: string[]) =>
    codes.map(find).find((s) => s !== undefined)?.calendar ?? deadlineCount(procedure);
  const [reviewStep, otherStep] = needsCommission(procedure, size)
    ? ['COMMISSION_REVIEW', 'REVIEW']
    : ['REVIEW', 'COMMISSION_REVIEW'];
  return [
    ['ADMISSIBILITY', sum('RECEIPT', 'REFERRAL'), countOf('RECEIPT', 'REFERRAL')],
    ['REVIEW', find(reviewStep)?.days ?? find(otherStep)?.days ?? 0, countOf(reviewStep, otherStep)],
    ['DECISION', sum('MINUTES', 'SIGNATURE'), countOf('MINUTES', 'SIGNATURE')],
  ];
}

function atLeast(floor: number, value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.max(floor, value);
}

/** Days (2 decimals) of `span` not covered by a returned interval; for working days, only the time on working days. */
function runningDays(span: Interval, returns: Interval[], count: DayCount): number {
  const length = (from: number, to: number) =>
    to <= from ? 0 : count === 'working' ? workingTimeMs(from, to) : to - from;
  const total = length(span.start, span.end);
  const returned = returns.reduce(
    (sum, r) => sum + length(Math.max(span.start, r.start), Math.min(span.end, r.end)),
    0,
  );
  return Math.max(0, Math.round(((total - returned) / DAY_MS) * 100) / 100);
}

function phaseClock(
  phase: Phase,
  budgetDays: number,
  dayCount: DayCount,
  elapsedDays: number,
  status: PhaseClock['status'],
): PhaseClock {
  return { phase, budgetDays, dayCount, elapsedDays, status, overBudget: elapsedDays > budgetDays };
}

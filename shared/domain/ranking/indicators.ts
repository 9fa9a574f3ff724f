import { casablancaDate } from '../calendar.ts';

/**
 * The per-commune, per-day aggregate the stream consumer maintains, and how the ranking job folds
 * days into the indicators of a period. Pure.
 *
 * Delays are whole calendar days in Morocco (the legal clock's unit): from the Moroccan date of the
 * first submission to the Moroccan date of the decision (or of the permit's issue), minus the
 * `pausedDays` the file spent returned to the professional. Their histogram has one bucket per day
 * from 0 to 365 and one overflow bucket (366 = "366 days or more"), so the published median and
 * 90th percentile are exact to the day (a year or more is published as 366).
 */

/** Counters of one commune and one day (Africa/Casablanca). Each is a plain sum, so days add up. */
export const COUNTERS = [
  /** First submissions (resubmissions are not new applications). */
  'received',
  /** Returns for completion. */
  'returned',
  'resubmitted',
  /** Decisions: approved + rejected + tacitly approved. */
  'decided',
  'approved',
  'rejected',
  'tacitApprovals',
  'withdrawn',
  /** Permits issued (status ISSUED). */
  'issued',
  /** Decisions whose Moroccan date is on or before the file's legal deadline (tacit approvals never are). */
  'decidedInTime',
  /** Σ over the day's decisions of their return-for-completion rounds (round − 1). */
  'returnRounds',
  /**
   * Change of the overdue backlog that takes effect at the end of this day: +1 when a running file
   * becomes (or starts) past its deadline, −1 when an overdue file stops running. The backlog at
   * the end of day D is the sum of these deltas over every day ≤ D.
   */
  'backlogDelta',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Histogram buckets: 0 … 365 days, and 366 for "366 days or more". */
export const MAX_DELAY_BUCKET = 366;
export const delayBucket = (days: number): number =>
  Math.min(Math.max(0, Math.floor(days)), MAX_DELAY_BUCKET);

/** Sparse histogram: bucket (whole days) → count. */
export type Histogram = Record<number, number>;

export interface DayAggregate {
  communeId: string;
  /**
   * YYYY-MM-DD, Moroccan calendar; or YYYY-MM for a month roll-up (the sum of that month's days,
   * kept beside them by the stream consumer in the same transaction).
   */
  day: string;
  counters: Partial<Record<Counter, number>>;
  /** Submission → decision delays of the day's decisions. */
  decisionDays: Histogram;
  /** Submission → issue delays of the day's issued permits. */
  issueDays: Histogram;
}

/** Adds `delta` into `into` (mutates and returns it). */
export function mergeDay(into: DayAggregate, delta: Omit<DayAggregate, 'communeId' | 'day'>): DayAggregate {
  for (const [name, value] of Object.entries(delta.counters) as [Counter, number][]) {
    if (value) into.counters[name] = (into.counters[name] ?? 0) + value;
  }
  for (const [bucket, count] of Object.entries(delta.decisionDays))
    into.decisionDays[Number(bucket)] = (into.decisionDays[Number(bucket)] ?? 0) + count;
  for (const [bucket, count] of Object.entries(delta.issueDays))
    into.issueDays[Number(bucket)] = (into.issueDays[Number(bucket)] ?? 0) + count;
  return into;
}

/**
 * Nearest-rank percentile of a dense histogram (index = bucket): the smallest bucket b such that at
 * least ⌈p·n⌉ values are ≤ b. Null when empty.
 */
export function percentileOf(dense: ArrayLike<number>, total: number, p: number): number | null {
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let bucket = 0; bucket < dense.length; bucket++) {
    seen += dense[bucket] ?? 0;
    if (seen >= rank) return bucket;
  }
  return dense.length - 1;
}

/** The same percentile computed from raw values (the brute-force reference). */
export function percentileOfValues(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.map(delayBucket).sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1] ?? null;
}

/** What is published per commune and period. Ratios have 4 decimals, averages 2. */
export interface Indicators {
  received: number;
  decided: number;
  approved: number;
  rejected: number;
  tacitApprovals: number;
  withdrawn: number;
  issued: number;
  returned: number;
  medianDecisionDays: number | null;
  p90DecisionDays: number | null;
  medianIssueDays: number | null;
  p90IssueDays: number | null;
  /** decidedInTime / decided. */
  shareDecidedInTime: number | null;
  /** Open files, clock running, past their legal deadline at the end of the period's last day. */
  overdueBacklog: number;
  /** overdueBacklog / received (received counted as at least 1). */
  overdueBacklogRate: number;
  /** Return-for-completion rounds per decided file. */
  avgReturnRounds: number | null;
  /** tacitApprovals / decided. */
  tacitApprovalRate: number | null;
}

export const INDICATOR_NAMES = [
  'received',
  'decided',
  'approved',
  'rejected',
  'tacitApprovals',
  'withdrawn',
  'issued',
  'returned',
  'medianDecisionDays',
  'p90DecisionDays',
  'medianIssueDays',
  'p90IssueDays',
  'shareDecidedInTime',
  'overdueBacklog',
  'overdueBacklogRate',
  'avgReturnRounds',
  'tacitApprovalRate',
] as const satisfies readonly (keyof Indicators)[];
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

export const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
const ratio = (num: number, den: number, decimals = 4): number | null =>
  den > 0 ? round(num / den, decimals) : null;

/** Sums of a span of days, folded one day at a time. */
export class PeriodTotals {
  readonly counters: Record<Counter, number> = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<
    Counter,
    number
  >;
  readonly decisionDays = new Float64Array(MAX_DELAY_BUCKET + 1);
  readonly issueDays = new Float64Array(MAX_DELAY_BUCKET + 1);

  add(day: Pick<DayAggregate, 'counters' | 'decisionDays' | 'issueDays'>): void {
    for (const name of COUNTERS) {
      const value = day.counters[name];
      if (value) this.counters[name] += value;
    }
    for (const key in day.decisionDays) {
      const bucket = Number(key);
      this.decisionDays[bucket] = (this.decisionDays[bucket] ?? 0) + (day.decisionDays[bucket] ?? 0);
    }
    for (const key in day.issueDays) {
      const bucket = Number(key);
      this.issueDays[bucket] = (this.issueDays[bucket] ?? 0) + (day.issueDays[bucket] ?? 0);
    }
  }

  /** The indicators, with the overdue backlog at the end of the period given by the caller. */
  indicators(overdueBacklog: number): Indicators {
    const c = this.counters;
    // Percentiles over the histograms' own totals (equal to decided/issued unless an image lacked its dates).
    const decisionTotal = this.decisionDays.reduce((a, b) => a + b, 0);
    const issueTotal = this.issueDays.reduce((a, b) => a + b, 0);
    return {
      received: c.received,
      decided: c.decided,
      approved: c.approved,
      rejected: c.rejected,
      tacitApprovals: c.tacitApprovals,
      withdrawn: c.withdrawn,
      issued: c.issued,
      returned: c.returned,
      medianDecisionDays: percentileOf(this.decisionDays, decisionTotal, 0.5),
      p90DecisionDays: percentileOf(this.decisionDays, decisionTotal, 0.9),
      medianIssueDays: percentileOf(this.issueDays, issueTotal, 0.5),
      p90IssueDays: percentileOf(this.issueDays, issueTotal, 0.9),
      shareDecidedInTime: ratio(c.decidedInTime, c.decided),
      overdueBacklog,
      overdueBacklogRate: round(overdueBacklog / Math.max(1, c.received), 4),
      avgReturnRounds: ratio(c.returnRounds, c.decided, 2),
      tacitApprovalRate: ratio(c.tacitApprovals, c.decided),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Periods and the Moroccan calendar

/** A ranking period: a calendar month, 'YYYY-MM'. */
export const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export const firstDay = (period: string): string => `${period}-01`;
/** The month's length by arithmetic, not a `Date`: the job asks it once per month roll-up it folds. */
export function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return `${period}-${days}`;
}
export function addMonths(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  return date.toISOString().slice(0, 7);
}
export const previousPeriod = (period: string): string => addMonths(period, -1);
/** First day of the rolling 12 months that end with `period`. */
export const rollingStart = (period: string): string => firstDay(addMonths(period, -11));

/** Every day from `from` to `to` inclusive. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * Calendar arithmetic on 'YYYY-MM-DD' dates, memoised (equal to `addDays` of the procedures rules
 * and `daysBetween` of the legal clock, which the unit tests check): the aggregation and the
 * benchmark call them millions of times on a few hundred distinct dates.
 */
const DAY_MS = 86_400_000;
const numberOfDate = new Map<string, number>();
const dateOfNumber = new Map<number, string>();
function dayNumber(date: string): number {
  let n = numberOfDate.get(date);
  if (n === undefined) {
    n = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (!Number.isInteger(n) || new Date(n * DAY_MS).toISOString().slice(0, 10) !== date)
      throw new Error(`'${date}' is not a YYYY-MM-DD calendar date`);
    if (numberOfDate.size > 100_000) numberOfDate.clear();
    numberOfDate.set(date, n);
  }
  return n;
}
function dateOf(n: number): string {
  let date = dateOfNumber.get(n);
  if (date === undefined) {
    date = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dateOfNumber.size > 100_000) dateOfNumber.clear();
    dateOfNumber.set(n, date);
  }
  return date;
}
export const addDays = (date: string, days: number): string => dateOf(dayNumber(date) + days);
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a);

/**
 * The Moroccan date of an ISO instant. Equal to `casablancaDate` (the runtime's tz data), memoised
 * per UTC hour: Morocco's offset is a whole number of hours and changes on the hour, so every
 * instant of a UTC hour has the same Moroccan date. Hot path of the aggregation and the benchmark.
 */
const dayOfHour = new Map<number, string>();
export function casablancaDay(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`'${instant}' is not an instant`);
  const hour = Math.floor(ms / 3_600_000);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    day = casablancaDate(new Date(hour * 3_600_000));
    if (dayOfHour.size > 200_000) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day;
}

// ---------------------------------------------------------------------------------------------
// Folding a commune's days into the indicators of a period

/** What a run measures: the month, the rolling 12 months ending with it, both up to `to` (inclusive). */
export interface PeriodWindow {
  period: string;
  /** `final` once the month is over (and a day of grace for late stream records has passed). */
  status: 'final' | 'provisional';
  monthFrom: string;
  rollingFrom: string;
  /** The last day included: the month's last day, or yesterday for a provisional run. */
  to: string;
}

export interface CommuneIndicators {
  month: Indicators;
  rolling12: Indicators;
}

/**
 * The window of a period as of `today` (a Moroccan date): final when today is at least two days
 * after the month's end (the stream's records are then all in: they are retried for at most a
 * day), provisional up to yesterday while the month runs (or on the first day after it), and
 * undefined when the month has no complete day yet.
 */
export function periodWindow(period: string, today: string): PeriodWindow | undefined {
  const from = firstDay(period);
  const last = lastDay(period);
  const yesterday = addDays(today, -1);
  const base = { period, monthFrom: from, rollingFrom: rollingStart(period) };
  if (last < yesterday) return { ...base, status: 'final', to: last };
  if (from <= yesterday) return { ...base, status: 'provisional', to: [yesterday, last].sort()[0] as string };
  return undefined;
}

/** The month (YYYY-MM) of a day, or of a month roll-up. */
export const monthOf = (day: string): string => day.slice(0, 7);
export const isMonthRollUp = (aggregate: Pick<DayAggregate, 'day'>) => aggregate.day.length === 7;

/**
 * What a run of this window reads, per commune: the month roll-ups of every month up to
 * `monthsThrough` (closed months: their roll-up is final), and the day items from `daysFrom` to
 * `window.to` of the open month only (a provisional run). O(months), not O(days), per commune.
 */
export function aggregatesToRead(window: PeriodWindow): { monthsThrough: string; daysFrom?: string } {
  return window.status === 'final' && window.to === lastDay(window.period)
    ? { monthsThrough: window.period }
    : { monthsThrough: previousPeriod(window.period), daysFrom: window.monthFrom };
}

/**
 * Folds a commune's aggregates (any order; every day, or month roll-up, up to `window.to` — the
 * backlog is a sum from the first day) into its month and rolling-12 indicators. Day items and the
 * roll-up of the same month must not both be given (they would count twice); a roll-up is folded
 * whole, so it must end within the window (`aggregatesToRead`).
 */
export function foldDays(days: Iterable<DayAggregate>, window: PeriodWindow): CommuneIndicators {
  const month = new PeriodTotals();
  const rolling = new PeriodTotals();
  let backlog = 0;
  for (const day of days) {
    const from = isMonthRollUp(day) ? firstDay(day.day) : day.day;
    if (from > window.to) continue;
    if (isMonthRollUp(day) && lastDay(day.day) > window.to)
      throw new Error(`The roll-up of ${day.day} ends after ${window.to}: read its days instead`);
    backlog += day.counters.backlogDelta ?? 0;
    if (from >= window.rollingFrom) rolling.add(day);
    if (from >= window.monthFrom) month.add(day);
  }
  return { month: month.indicators(backlog), rolling12: rolling.indicators(backlog) };
}

/** Sums day aggregates into their month roll-ups (what the stream consumer keeps; pure, for the tests and the benchmark). */
export function rollUpMonths(days: Iterable<DayAggregate>): DayAggregate[] {
  const months = new Map<string, DayAggregate>();
  for (const day of days) {
    const key = `${day.communeId}|${monthOf(day.day)}`;
    let rollUp = months.get(key);
    if (!rollUp) {
      rollUp = {
        communeId: day.communeId,
        day: monthOf(day.day),
        counters: {},
        decisionDays: {},
        issueDays: {},
      };
      months.set(key, rollUp);
    }
    mergeDay(rollUp, day);
  }
  return [...months.values()];
}

/** One line per day aggregate, in a fixed field order: what the inputs checksum is computed over. */
export function canonicalDay(day: DayAggregate): string {
  // Integer keys of an object iterate in ascending numeric order (ECMAScript OrdinaryOwnPropertyKeys).
  // A loop rather than entries/map/join: the job writes this line for each of the ~18,000 items it reads.
  const histogram = (h: Histogram) => {
    let line = '';
    for (const bucket in h) line += `${line ? ',' : ''}${bucket}:${h[bucket]}`;
    return line;
  };
  return `${day.communeId}|${day.day}|${COUNTERS.map((c) => day.counters[c] ?? 0).join(',')}|${histogram(day.decisionDays)}|${histogram(day.issueDays)}`;
}

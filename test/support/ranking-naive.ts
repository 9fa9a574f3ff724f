import {
  COUNTERS,
  type CommuneIndicators,
  type Counter,
  casablancaDay,
  daysBetween,
  delayBucket,
  type Indicators,
  type PeriodWindow,
  percentileOfValues,
  round,
} from '../../shared/domain/ranking/indicators.ts';

/**
 * The brute-force reference: indicators computed straight from every application's raw event
 * history (no aggregates, no images). The integration test compares the aggregate path with it,
 * and the benchmark times it as the naive job that reads every application.
 *
 * It reads events only: SUBMITTED (first one: received, deadline from its details), RETURNED,
 * RESUBMITTED (details.pausedDays and the moved details.deadlineDate), APPROVED / REJECTED /
 * TACITLY_APPROVED (first one: the decision), WITHDRAWN, PERMIT_ISSUED. The backlog is the state
 * replayed up to the end of the window's last day.
 */

export interface RawEvent {
  type: string;
  at: string;
  details?: Record<string, unknown>;
}

export interface ApplicationHistory {
  communeId: string;
  events: RawEvent[];
}

const DECISIONS: Record<string, Counter> = {
  APPLICATION_APPROVED: 'approved',
  APPLICATION_REJECTED: 'rejected',
  APPLICATION_TACITLY_APPROVED: 'tacitApprovals',
};

class Span {
  readonly counters = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>;
  readonly decisionDelays: number[] = [];
  readonly issueDelays: number[] = [];

  indicators(backlog: number): Indicators {
    const c = this.counters;
    const ratio = (n: number, d: number, decimals = 4) => (d > 0 ? round(n / d, decimals) : null);
    return {
      received: c.received,
      decided: c.decided,
      approved: c.approved,
      rejected: c.rejected,
      tacitApprovals: c.tacitApprovals,
      withdrawn: c.withdrawn,
      issued: c.issued,
      returned: c.returned,
      medianDecisionDays: percentileOfValues(this.decisionDelays, 0.5),
      p90DecisionDays: percentileOfValues(this.decisionDelays, 0.9),
      medianIssueDays: percentileOfValues(this.issueDelays, 0.5),
      p90IssueDays: percentileOfValues(this.issueDelays, 0.9),
      shareDecidedInTime: ratio(c.decidedInTime, c.decided),
      overdueBacklog: backlog,
      overdueBacklogRate: round(backlog / Math.max(1, c.received), 4),
      avgReturnRounds: ratio(c.returnRounds, c.decided, 2),
      tacitApprovalRate: ratio(c.tacitApprovals, c.decided),
    };
  }
}

interface CommuneSpans {
  month: Span;
  rolling: Span;
  backlog: number;
}

/** Folds raw histories one at a time (memory grows with communes, not applications). */
export class NaiveIndicators {
  private readonly communes = new Map<string, CommuneSpans>();
  private readonly window: PeriodWindow;

  constructor(window: PeriodWindow) {
    this.window = window;
  }

  add(history: ApplicationHistory): void {
    let spans = this.communes.get(history.communeId);
    if (!spans) {
      spans = { month: new Span(), rolling: new Span(), backlog: 0 };
      this.communes.set(history.communeId, spans);
    }
    replay(history.events, this.window, spans);
  }

  result(): Map<string, CommuneIndicators> {
    const out = new Map<string, CommuneIndicators>();
    for (const [communeId, spans] of this.communes) {
      out.set(communeId, {
        month: spans.month.indicators(spans.backlog),
        rolling12: spans.rolling.indicators(spans.backlog),
      });
    }
    return out;
  }
}

/** Indicators of every commune that has at least one application, from raw histories. */
export function naiveIndicators(
  histories: Iterable<ApplicationHistory>,
  window: PeriodWindow,
): Map<string, CommuneIndicators> {
  const naive = new NaiveIndicators(window);
  for (const history of histories) naive.add(history);
  return naive.result();
}

function replay(events: RawEvent[], window: PeriodWindow, spans: CommuneSpans): void {
  const timed = events.map((e, i) => ({ e, t: Date.parse(e.at), i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const count = (day: string, counter: Counter, by = 1) => {
    if (day >= window.monthFrom && day <= window.to) spans.month.counters[counter] += by;
    if (day >= window.rollingFrom && day <= window.to) spans.rolling.counters[counter] += by;
  };
  const delay = (day: string, which: 'decisionDelays' | 'issueDelays', value: number) => {
    if (day >= window.monthFrom && day <= window.to) spans.month[which].push(value);
    if (day >= window.rollingFrom && day <= window.to) spans.rolling[which].push(value);
  };
  let submitted: string | undefined;
  let deadline: string | undefined;
  let paused = 0;
  let resubmissions = 0;
  let clockRuns = false;
  let decided = false;
  for (const { e, t } of timed) {
    const day = casablancaDay(t);
    if (day > window.to) break;
    const details = e.details ?? {};
    if (e.type === 'APPLICATION_SUBMITTED') {
      if (submitted !== undefined) continue;
      submitted = day;
      deadline = details.deadlineDate as string | undefined;
      clockRuns = true;
      count(day, 'received');
    } else if (submitted === undefined) {
      // Nothing counts before the first submission.
    } else if (e.type === 'APPLICATION_RETURNED') {
      clockRuns = false;
      count(day, 'returned');
    } else if (e.type === 'APPLICATION_RESUBMITTED') {
      clockRuns = true;
      paused += Number(details.pausedDays ?? 0);
      deadline = (details.deadlineDate as string | undefined) ?? deadline;
      resubmissions++;
      count(day, 'resubmitted');
    } else if (DECISIONS[e.type] && !decided) {
      decided = true;
      clockRuns = false;
      count(day, 'decided');
      count(day, DECISIONS[e.type] as Counter);
      if (deadline && day <= deadline) count(day, 'decidedInTime');
      count(day, 'returnRounds', resubmissions);
      delay(day, 'decisionDelays', delayBucket(daysBetween(submitted, day) - paused));
    } else if (e.type === 'APPLICATION_WITHDRAWN') {
      clockRuns = false;
      count(day, 'withdrawn');
    } else if (e.type === 'PERMIT_ISSUED') {
      count(day, 'issued');
      delay(day, 'issueDelays', delayBucket(daysBetween(submitted, day) - paused));
    }
  }
  if (clockRuns && deadline && window.to > deadline) spans.backlog++;
}

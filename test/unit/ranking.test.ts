import { describe, expect, it } from 'vitest';
import { partitions } from '#shared/adapters/dynamodb/keys.ts';
import { casablancaDate, addDays as rulesAddDays } from '#shared/domain/procedures/rules.ts';
import {
  type ApplicationImage,
  aggregateDeltas,
  changeKey,
} from '#shared/domain/ranking/aggregate-events.ts';
import {
  addDays,
  aggregatesToRead,
  type CommuneIndicators,
  canonicalDay,
  casablancaDay,
  type DayAggregate,
  daysBetween,
  delayBucket,
  foldDays,
  type Indicators,
  lastDay,
  MAX_DELAY_BUCKET,
  mergeDay,
  type PeriodWindow,
  percentileOf,
  percentileOfValues,
  periodWindow,
  rollUpMonths,
} from '#shared/domain/ranking/indicators.ts';
import { METHODOLOGY_2026_1, Methodology } from '#shared/domain/ranking/methodology.ts';
import { CSV_COLUMNS, rankingCsv, rankingJson } from '#shared/domain/ranking/publish.ts';
import {
  type CommuneInfo,
  EMPTY_INDICATORS,
  peerGroupOf,
  rankCommunes,
} from '#shared/domain/ranking/rank.ts';
import { buildSnapshot, requestedPeriod } from '#shared/domain/ranking/use-cases.ts';
import { daysBetween as clockDaysBetween } from '#shared/domain/review/clock.ts';
import { prng, syntheticApplications } from '../../scripts/bench/ranking-synthetic.ts';
import { naiveIndicators } from '../support/ranking-naive.ts';

const base: ApplicationImage = {
  entity: 'Application',
  pk: partitions.application('app-1'),
  id: 'app-1',
  communeId: 'cas-casablanca',
  status: 'DRAFT',
  updatedAt: '2026-05-04T08:00:00.000Z',
  version: 1,
};
// May 2026: Morocco is at UTC+1, so 09:00Z is 10:00 local and 23:30Z is 00:30 the next day.
const submitted: ApplicationImage = {
  ...base,
  status: 'SUBMITTED',
  submittedAt: '2026-05-04T09:00:00.000Z',
  updatedAt: '2026-05-04T09:00:00.000Z',
  deadlineDate: '2026-06-03',
  round: 1,
  pausedDays: 0,
  version: 2,
};

const counters = (deltas: DayAggregate[]) =>
  Object.fromEntries(deltas.map((d) => [d.day, { ...d.counters, dd: d.decisionDays, di: d.issueDays }]));

describe('casablancaDay', () => {
  it('equals casablancaDate for instants across the year, Ramadan (UTC+0) switches included', () => {
    const random = prng(7);
    const from = Date.parse('2025-01-01T00:00:00Z');
    const span = Date.parse('2028-01-01T00:00:00Z') - from;
    for (let i = 0; i < 5000; i++) {
      const t = from + Math.floor(random() * span);
      expect(casablancaDay(t)).toBe(casablancaDate(new Date(t)));
    }
    // Around midnight local time in summer (UTC+1) and in Ramadan 2026 (UTC+0, ~Feb 15 – Mar 22).
    expect(casablancaDay('2026-05-04T23:30:00Z')).toBe('2026-05-05');
    expect(casablancaDay('2026-03-01T23:30:00Z')).toBe(casablancaDate(new Date('2026-03-01T23:30:00Z')));
  });
});

describe('memoised calendar arithmetic', () => {
  it('equals the procedures’ addDays and the clock’s daysBetween, and refuses non-dates', () => {
    const random = prng(5);
    for (let i = 0; i < 2000; i++) {
      const day = addDays('2024-01-01', Math.floor(random() * 1500));
      const n = Math.floor(random() * 800) - 400;
      expect(addDays(day, n)).toBe(rulesAddDays(day, n));
      const other = rulesAddDays(day, n);
      expect(daysBetween(day, other)).toBe(clockDaysBetween(day, other));
    }
    expect(() => addDays('2025-02-30', 1)).toThrow(/calendar date/);
    expect(() => daysBetween('2025-13-01', '2025-01-01')).toThrow(/calendar date/);
  });
});

describe('aggregate deltas of one application change', () => {
  it('a submission is received on its Moroccan date and opens an overdue-backlog entry the day after the deadline', () => {
    expect(counters(aggregateDeltas(base, submitted))).toEqual({
      '2026-05-04': { received: 1, dd: {}, di: {} },
      '2026-06-04': { backlogDelta: 1, dd: {}, di: {} },
    });
  });

  it('a decision in time: counted, in time, its delay (paused days excluded) in the histogram; the backlog entry is cancelled', () => {
    const before = {
      ...submitted,
      status: 'READY_FOR_DECISION',
      round: 2,
      pausedDays: 5,
      deadlineDate: '2026-06-08',
    };
    const after = {
      ...before,
      status: 'AWAITING_PAYMENT',
      decision: { decision: 'APPROVED', decidedAt: '2026-05-24T10:00:00.000Z' },
      updatedAt: '2026-05-24T10:00:00.000Z',
      version: 9,
    };
    expect(counters(aggregateDeltas(before, after))).toEqual({
      '2026-05-24': {
        decided: 1,
        approved: 1,
        decidedInTime: 1,
        returnRounds: 1,
        dd: { 15: 1 }, // 20 calendar days − 5 paused
        di: {},
      },
      '2026-06-09': { backlogDelta: -1, dd: {}, di: {} },
    });
  });

  it('a tacit approval the day after the deadline is late, and removes the file from the backlog that same day', () => {
    const after = {
      ...submitted,
      status: 'TACITLY_APPROVED',
      decision: { decision: 'TACITLY_APPROVED', decidedAt: '2026-06-04T05:00:00.000Z' },
      updatedAt: '2026-06-04T05:00:00.000Z',
      version: 3,
    };
    expect(counters(aggregateDeltas(submitted, after))).toEqual({
      '2026-06-04': { decided: 1, tacitApprovals: 1, dd: { 31: 1 }, di: {}, backlogDelta: -1 },
    });
  });

  it('an overdue file stopping later removes itself on the day it stops; a return pauses the clock', () => {
    const returned = {
      ...submitted,
      status: 'RETURNED_FOR_COMPLETION',
      updatedAt: '2026-06-10T09:00:00.000Z',
      version: 3,
    };
    expect(counters(aggregateDeltas(submitted, returned))).toEqual({
      '2026-06-10': { returned: 1, backlogDelta: -1, dd: {}, di: {} },
    });
    const resubmitted = {
      ...returned,
      status: 'SUBMITTED',
      round: 2,
      pausedDays: 3,
      deadlineDate: '2026-06-06',
      updatedAt: '2026-06-13T09:00:00.000Z',
      version: 4,
    };
    // Back with the administration and still past its (moved) deadline: in the backlog from that day.
    expect(counters(aggregateDeltas(returned, resubmitted))).toEqual({
      '2026-06-13': { resubmitted: 1, backlogDelta: 1, dd: {}, di: {} },
    });
  });

  it('changes the ranking does not measure give nothing: drafts, moves between review statuses, overdue flags, other entities', () => {
    expect(aggregateDeltas(undefined, base)).toEqual([]);
    expect(aggregateDeltas({ ...base, documents: {} } as ApplicationImage, { ...base, version: 2 })).toEqual(
      [],
    );
    const inCommission = { ...submitted, status: 'IN_COMMISSION', version: 3 };
    expect(aggregateDeltas(submitted, inCommission)).toEqual([]);
    expect(
      aggregateDeltas(inCommission, { ...inCommission, overdue: true, version: 4 } as ApplicationImage),
    ).toEqual([]);
    expect(aggregateDeltas(undefined, { ...submitted, entity: 'Event' })).toEqual([]);
    expect(aggregateDeltas(submitted, undefined)).toEqual([]);
  });

  it('an issued permit counts with its submission → issue delay', () => {
    const paid = {
      ...submitted,
      status: 'PAID',
      decision: { decision: 'APPROVED', decidedAt: '2026-05-20T10:00:00Z' },
    };
    const issued = { ...paid, status: 'ISSUED', updatedAt: '2026-05-30T10:00:00.000Z', version: 12 };
    expect(counters(aggregateDeltas(paid, issued))).toEqual({
      '2026-05-30': { issued: 1, dd: {}, di: { 26: 1 } },
    });
  });

  it('identifies a change by the item and the version it produced', () => {
    expect(changeKey(submitted)).toBe(`${partitions.application('app-1')}#v2`);
  });
});

describe('histograms and percentiles', () => {
  it('nearest rank over one-day buckets equals the percentile of the raw values', () => {
    const random = prng(3);
    for (let round = 0; round < 50; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 500));
      const dense = new Float64Array(MAX_DELAY_BUCKET + 1);
      for (const v of values) dense[delayBucket(v)] = (dense[delayBucket(v)] ?? 0) + 1;
      for (const p of [0.5, 0.9, 0.1, 1]) {
        expect(percentileOf(dense, values.length, p)).toBe(percentileOfValues(values, p));
      }
    }
    expect(percentileOf(new Float64Array(3), 0, 0.5)).toBeNull();
    expect(delayBucket(900)).toBe(366);
    expect(delayBucket(-2)).toBe(0);
  });
});

describe('periods', () => {
  it("a month's last day, leap years and centuries included, as the calendar gives it", () => {
    for (let year = 1896; year <= 2104; year++)
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        expect(lastDay(period), period).toBe(new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10));
      }
    expect(lastDay('2024-02')).toBe('2024-02-29');
    expect(lastDay('1900-02')).toBe('1900-02-28');
    expect(lastDay('2000-02')).toBe('2000-02-29');
  });

  it("an aggregate's checksum line: counters in their fixed order, histogram buckets in ascending order", () => {
    const line = canonicalDay({
      communeId: 'c-1',
      day: '2026-03-04',
      counters: { decided: 2, received: 3 },
      decisionDays: { 12: 1, 3: 2 },
      issueDays: {},
    });
    expect(line).toMatch(/^c-1\|2026-03-04\|[\d,]+\|3:2,12:1\|$/);
    expect(
      line
        .split('|')[2]
        ?.split(',')
        .filter((n) => n !== '0')
        .sort(),
    ).toEqual(['2', '3']);
  });

  it('is final two days after the month, provisional up to yesterday while it runs, absent before its first complete day', () => {
    expect(periodWindow('2026-03', '2026-04-02')).toEqual({
      period: '2026-03',
      status: 'final',
      monthFrom: '2026-03-01',
      rollingFrom: '2025-04-01',
      to: '2026-03-31',
    });
    expect(periodWindow('2026-03', '2026-04-01')).toMatchObject({ status: 'provisional', to: '2026-03-31' });
    expect(periodWindow('2026-03', '2026-03-16')).toMatchObject({ status: 'provisional', to: '2026-03-15' });
    expect(periodWindow('2026-03', '2026-03-01')).toBeUndefined();
    expect(periodWindow('2026-05', '2026-03-10')).toBeUndefined();
  });

  it('the monthly schedule ranks the previous month, the weekly one the month of yesterday', () => {
    expect(requestedPeriod({ schedule: 'monthly' }, '2026-04-02')).toBe('2026-03');
    expect(requestedPeriod({ schedule: 'monthly' }, '2026-01-02')).toBe('2025-12');
    expect(requestedPeriod({ schedule: 'weekly' }, '2026-04-13')).toBe('2026-04');
    expect(requestedPeriod({ schedule: 'weekly' }, '2026-06-01')).toBe('2026-05');
    expect(requestedPeriod({ period: '2025-07' }, '2026-06-01')).toBe('2025-07');
  });
});

/** What the stream consumer would have stored: every change of every application, merged per commune and day. */
function aggregatesOf(apps: Iterable<{ images: ApplicationImage[] }>): Map<string, DayAggregate[]> {
  const days = new Map<string, DayAggregate>();
  for (const app of apps) {
    for (let i = 0; i < app.images.length; i++) {
      for (const delta of aggregateDeltas(app.images[i - 1], app.images[i])) {
        const key = `${delta.communeId}|${delta.day}`;
        const into = days.get(key) ?? {
          communeId: delta.communeId,
          day: delta.day,
          counters: {},
          decisionDays: {},
          issueDays: {},
        };
        days.set(key, mergeDay(into, delta));
      }
    }
  }
  const byCommune = new Map<string, DayAggregate[]>();
  for (const day of days.values())
    byCommune.set(day.communeId, [...(byCommune.get(day.communeId) ?? []), day]);
  return byCommune;
}

describe('aggregates against the brute force', () => {
  it('per-day aggregates folded into a month and 12 months equal the indicators recomputed from every raw event', () => {
    const communeIds = Array.from({ length: 12 }, (_, i) => `cas-commune-${i}`);
    const horizon = Date.parse('2026-07-01T00:00:00Z');
    const apps = [
      ...syntheticApplications({
        seed: 42,
        communeIds,
        applications: 3000,
        fromDay: '2025-06-01',
        days: 390,
        horizon,
      }),
    ];
    const aggregates = aggregatesOf(apps);
    for (const window of [
      periodWindow('2026-03', '2026-04-05') as PeriodWindow,
      periodWindow('2026-06', '2026-06-20') as PeriodWindow,
      periodWindow('2025-12', '2026-02-01') as PeriodWindow,
    ]) {
      const naive = naiveIndicators(apps, window);
      let compared = 0;
      for (const id of communeIds) {
        const fromAggregates = foldDays(aggregates.get(id) ?? [], window);
        expect(fromAggregates, `${id} ${window.period}`).toEqual(naive.get(id));
        compared += fromAggregates.rolling12.decided;
      }
      expect(compared).toBeGreaterThan(500);
    }
    // The data exercises every rule.
    const all = foldDays(
      [...aggregates.values()].flat(),
      periodWindow('2026-06', '2026-07-10') as PeriodWindow,
    );
    expect(all.rolling12).toMatchObject({
      tacitApprovals: expect.any(Number),
      issued: expect.any(Number),
      withdrawn: expect.any(Number),
    });
    for (const name of ['tacitApprovals', 'issued', 'withdrawn', 'returned', 'overdueBacklog'] as const)
      expect(all.rolling12[name], name).toBeGreaterThan(0);
  });
});

describe('month roll-ups', () => {
  /** What the store returns for a window: the roll-ups it names, then the open month's days. */
  const readFor = (days: DayAggregate[], window: PeriodWindow) => {
    const read = aggregatesToRead(window);
    return [
      ...rollUpMonths(days).filter((m) => m.day <= read.monthsThrough),
      ...(read.daysFrom ? days.filter((d) => d.day >= (read.daysFrom as string) && d.day <= window.to) : []),
    ];
  };

  it('closed months read as roll-ups and the open month as days give the indicators of every day, with far fewer items', () => {
    const communeIds = Array.from({ length: 8 }, (_, i) => `cas-commune-${i}`);
    const apps = [
      ...syntheticApplications({
        seed: 7,
        communeIds,
        applications: 2000,
        fromDay: '2025-06-01',
        days: 390,
        horizon: Date.parse('2026-07-01T00:00:00Z'),
      }),
    ];
    const aggregates = aggregatesOf(apps);
    for (const window of [
      periodWindow('2026-03', '2026-04-05') as PeriodWindow, // final
      periodWindow('2026-06', '2026-06-20') as PeriodWindow, // provisional: days of June up to the 19th
      periodWindow('2026-05', '2026-06-01') as PeriodWindow, // provisional on the day after the month
    ]) {
      const read = aggregatesToRead(window);
      if (window.status === 'final') expect(read.daysFrom).toBeUndefined();
      let fewer = 0;
      for (const id of communeIds) {
        const days = aggregates.get(id) ?? [];
        const items = readFor(days, window);
        expect(foldDays(items, window), `${id} ${window.period}`).toEqual(foldDays(days, window));
        fewer += days.filter((d) => d.day <= window.to).length - items.length;
      }
      expect(fewer).toBeGreaterThan(1000);
    }
  });

  it('refuses to fold a roll-up of a month that ends after the window', () => {
    const june: DayAggregate = {
      communeId: 'c',
      day: '2026-06',
      counters: { received: 1 },
      decisionDays: {},
      issueDays: {},
    };
    expect(() => foldDays([june], periodWindow('2026-06', '2026-06-20') as PeriodWindow)).toThrow(/roll-up/);
  });
});

// ---------------------------------------------------------------------------------------------
// Ranking

const commune = (
  id: string,
  regionId = 'MA-06',
  kind: 'urban' | 'rural' = 'urban',
  population = 50_000,
): CommuneInfo => ({
  id,
  nameFr: `Commune ${id}`,
  nameAr: 'جماعة',
  provinceId: 'MA-CAS',
  regionId,
  kind,
  population,
});
const indicators = (overrides: Partial<Indicators>): CommuneIndicators => {
  const value: Indicators = {
    ...EMPTY_INDICATORS,
    received: 100,
    decided: 80,
    approved: 70,
    rejected: 10,
    medianDecisionDays: 20,
    p90DecisionDays: 50,
    shareDecidedInTime: 0.8,
    overdueBacklog: 2,
    overdueBacklogRate: 0.02,
    avgReturnRounds: 0.5,
    tacitApprovalRate: 0,
    tacitApprovals: 0,
    ...overrides,
  };
  return { month: value, rolling12: value };
};

describe('ranking', () => {
  it('lists small communes without ranking them (minimum volume on the 12-month decisions)', () => {
    const rows = rankCommunes({
      communes: [commune('cas-a'), commune('cas-small'), commune('cas-b')],
      indicators: new Map([
        ['cas-a', indicators({})],
        ['cas-small', indicators({ decided: 19, shareDecidedInTime: 1 })],
        ['cas-b', indicators({ shareDecidedInTime: 0.9 })],
      ]),
      methodology: METHODOLOGY_2026_1,
      previousRanks: new Map(),
    });
    expect(rows.map((r) => [r.Jurisdiction, r.nationalRank, r.notRankedReason])).toEqual([
      ['cas-b', 1, null],
      ['cas-a', 2, null],
      ['cas-small', null, 'below-minimum-volume'],
    ]);
    // 20 decisions is enough.
    const exactly = rankCommunes({
      communes: [commune('cas-small')],
      indicators: new Map([['cas-small', indicators({ decided: 20 })]]),
      methodology: METHODOLOGY_2026_1,
      previousRanks: new Map(),
    });
    expect(exactly[0]?.ranked).toBe(true);
  });

  it('breaks ties on the methodology order, then on the commune id, whatever the input order', () => {
    // Same score: shareDecidedInTime and medianDecisionDays traded against each other.
    const tied = {
      'cas-c': indicators({ decided: 90 }),
      'cas-a': indicators({ decided: 80 }),
      'cas-b': indicators({ decided: 80 }),
      'cas-d': indicators({ shareDecidedInTime: 0.8 + 0.0001, medianDecisionDays: 20 }),
    };
    const random = prng(11);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const ids = Object.keys(tied).sort(() => random() - 0.5);
      const rows = rankCommunes({
        communes: ids.map((id) => commune(id)),
        indicators: new Map(ids.map((id) => [id, tied[id as keyof typeof tied]])),
        methodology: METHODOLOGY_2026_1,
        previousRanks: new Map(),
      });
      seen.add(JSON.stringify(rows));
      expect(rows.map((r) => r.Jurisdiction)).toEqual(['cas-d', 'cas-c', 'cas-a', 'cas-b']);
    }
    expect(seen.size).toBe(1);
  });

  it('scores on the goalposts, ranks within region and peer group, and reports the movement', () => {
    const rows = rankCommunes({
      communes: [
        commune('cas-big', 'MA-06', 'urban', 3_000_000),
        commune('rab-town', 'MA-04', 'urban', 40_000),
        commune('cas-village', 'MA-06', 'rural', 8_000),
      ],
      indicators: new Map([
        [
          'cas-big',
          indicators({
            shareDecidedInTime: 1,
            medianDecisionDays: 7,
            p90DecisionDays: 20,
            overdueBacklogRate: 0,
            avgReturnRounds: 0,
          }),
        ],
        [
          'rab-town',
          indicators({
            shareDecidedInTime: 0.5,
            medianDecisionDays: 60,
            p90DecisionDays: 120,
            overdueBacklogRate: 0.2,
            avgReturnRounds: 2,
            tacitApprovalRate: 0.2,
          }),
        ],
        ['cas-village', indicators({ shareDecidedInTime: 0.75 })],
      ]),
      methodology: METHODOLOGY_2026_1,
      previousRanks: new Map([
        ['cas-big', 3],
        ['rab-town', 1],
      ]),
    });
    expect(
      rows.map((r) => [
        r.Jurisdiction,
        r.score,
        r.nationalRank,
        r.regionalRank,
        r.peerGroup,
        r.peerGroupRank,
        r.movement,
      ]),
    ).toEqual([
      ['cas-big', 100, 1, 1, 'urban-large', 1, 2],
      ['cas-village', expect.any(Number), 2, 2, 'rural', 1, null],
      ['rab-town', 0, 3, 1, 'urban', 1, -2],
    ]);
    // 35×0.5 + 20×(40/53) + 15×(70/100) + 15×0.9 + 10×0.75 + 5×1
    expect(rows[1]?.score).toBeCloseTo(17.5 + (20 * 40) / 53 + 10.5 + 13.5 + 7.5 + 5, 2);
  });

  it('min–max normalisation ranks the best value of the run first', () => {
    const minmax = Methodology.parse({
      ...METHODOLOGY_2026_1,
      version: '2099.1',
      indicators: [
        {
          indicator: 'medianDecisionDays',
          weight: 100,
          better: 'lower',
          normalisation: { kind: 'minmax' },
          rationale: 'x',
        },
      ],
    });
    const rows = rankCommunes({
      communes: [commune('cas-a'), commune('cas-b'), commune('cas-c')],
      indicators: new Map([
        ['cas-a', indicators({ medianDecisionDays: 30 })],
        ['cas-b', indicators({ medianDecisionDays: 10 })],
        ['cas-c', indicators({ medianDecisionDays: 20 })],
      ]),
      methodology: minmax,
      previousRanks: new Map(),
    });
    expect(rows.map((r) => [r.Jurisdiction, r.score])).toEqual([
      ['cas-b', 100],
      ['cas-c', 50],
      ['cas-a', 0],
    ]);
  });

  it('refuses a methodology whose weights do not sum to 100', () => {
    const result = Methodology.safeParse({
      ...METHODOLOGY_2026_1,
      indicators: METHODOLOGY_2026_1.indicators.map((i) => ({ ...i, weight: i.weight + 1 })),
    });
    expect(result.success).toBe(false);
  });

  it('puts a commune in the first peer group it matches', () => {
    expect(peerGroupOf({ kind: 'urban', population: 100_000 }, METHODOLOGY_2026_1)).toBe('urban-large');
    expect(peerGroupOf({ kind: 'urban', population: null }, METHODOLOGY_2026_1)).toBe('urban');
    expect(peerGroupOf({ kind: 'rural', population: 500_000 }, METHODOLOGY_2026_1)).toBe('rural');
  });
});

describe('publication', () => {
  const window = periodWindow('2026-03', '2026-04-05') as PeriodWindow;
  const communes = [
    commune('cas-a'),
    commune('cas-b', 'MA-04'),
    { ...commune('cas-c'), nameFr: 'Sidi "Bou", Ali' },
  ];
  const data = new Map([
    ['cas-a', indicators({})],
    ['cas-b', indicators({ shareDecidedInTime: 0.9 })],
    ['cas-c', indicators({ decided: 3 })],
  ]);
  const snapshotOf = (order: CommuneInfo[]) =>
    buildSnapshot({
      window,
      communes: order,
      indicators: data,
      methodology: METHODOLOGY_2026_1,
      previousRanks: new Map([['cas-a', 1]]),
      inputsChecksum: 'f'.repeat(64),
    });

  it('gives the same bytes for the same inputs, whatever order they come in', () => {
    const a = snapshotOf(communes);
    const b = snapshotOf([...communes].reverse());
    expect(rankingJson(b)).toBe(rankingJson(a));
    expect(rankingCsv(b)).toBe(rankingCsv(a));
    expect(JSON.parse(rankingJson(a))).toMatchObject({
      period: '2026-03',
      status: 'final',
      asOf: '2026-03-31',
      methodologyVersion: '2026.1',
      communes: 3,
      ranked: 2,
    });
  });

  it('makes a commune name that looks like a formula inert in the open-data CSV', () => {
    const hostile = [
      { ...commune('cas-a'), nameFr: '=HYPERLINK("http://evil.example","x")' },
      commune('cas-b', 'MA-04'),
    ];
    const csv = rankingCsv(snapshotOf(hostile));
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(csv.split('\r\n').some((line) => line.split(',').some((cell) => /^[=+@]/.test(cell)))).toBe(false);
  });

  it('writes RFC 4180 CSV: one header, one line per commune, quoted cells, CRLF', () => {
    const csv = rankingCsv(snapshotOf(communes));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(5); // header + 3 rows + the empty string after the final CRLF
    expect(csv).toContain(',"Sidi ""Bou"", Ali",');
    expect(lines[1]?.split(',').slice(0, 6)).toEqual([
      '2026-03',
      'final',
      '2026-03-31',
      '2026.1',
      'cas-b',
      'Commune cas-b',
    ]);
    expect(CSV_COLUMNS).toContain('Jurisdiction');
  });
});

import * as z from 'zod/mini';
import { csvDocument } from '../csv.ts';
import {
  addDays,
  COUNTERS,
  type CommuneIndicators,
  type Counter,
  type DayAggregate,
  firstDay,
  foldDays,
  type Histogram,
  isMonthRollUp,
  MAX_DELAY_BUCKET,
  type PeriodWindow,
} from './indicators.ts';
import type { Methodology } from './methodology.ts';
import { sha256 } from './methodology.ts';
import { openDataKeys, type RankingSnapshot } from './publish.ts';
import { type CommuneInfo, rankCommunes } from './rank.ts';

/**
 * The inputs of a ranking, as published: everything the ranking of a period is a pure function of.
 * Per commune, its reference data, its previous national rank, the overdue backlog carried into the
 * rolling window, and one aggregate per month of the rolling 12 months (the counters and the delay
 * histograms of the days of that month up to the period's last day measured). Folding these gives
 * exactly what folding the day aggregates gives (every counter and bucket is a sum), so anyone can
 * recompute the published indicators, scores and ranks from this file and the methodology.
 *
 * The ranking's `inputsChecksum` is the SHA-256 of this file's bytes: a published ranking names
 * the one inputs file it was computed from.
 */

export const INPUTS_FORMAT = 'rukhsa-ranking-inputs/1';

const HistogramSchema = /* @__PURE__ */ (() =>
  z.record(z.string().check(z.regex(/^\d+$/)), z.number().check(z.int(), z.positive())))();
const CountersSchema = /* @__PURE__ */ (() =>
  z.object(
    Object.fromEntries(COUNTERS.map((c) => [c, z.number().check(z.int())])) as Record<
      Counter,
      z.ZodMiniNumber
    >,
  ))();

export const MonthAggregateSchema = /* @__PURE__ */ (() =>
  z.object({
    /** YYYY-MM. */
    month: z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/)),
    counters: CountersSchema,
    decisionDays: HistogramSchema,
    issueDays: HistogramSchema,
  }))();
export type MonthAggregate = z.infer<typeof MonthAggregateSchema>;

export const CommuneInputsSchema = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    nameFr: z.string(),
    nameAr: z.string(),
    provinceId: z.string(),
    regionId: z.string(),
    kind: z.enum(['urban', 'rural']),
    population: z.nullable(z.number().check(z.int(), z.nonnegative())),
    previousNationalRank: z.nullable(z.number().check(z.int(), z.positive())),
    /** Σ of the backlog deltas of every day before the rolling window: the overdue files carried in. */
    openingBacklog: z.number().check(z.int()),
    /** The months of the rolling window that had any activity, oldest first. */
    months: z.array(MonthAggregateSchema),
  }))();
export type CommuneInputs = z.infer<typeof CommuneInputsSchema>;

export const RankingInputsSchema = /* @__PURE__ */ (() =>
  z.object({
    format: z.literal(INPUTS_FORMAT),
    period: z.string(),
    status: z.enum(['final', 'provisional']),
    monthFrom: z.string(),
    rollingFrom: z.string(),
    asOf: z.string(),
    methodologyVersion: z.string(),
    methodology: z.string(),
    maxDelayBucket: z.literal(MAX_DELAY_BUCKET),
    communes: z.array(CommuneInputsSchema),
  }))();
export type RankingInputs = z.infer<typeof RankingInputsSchema>;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sorted sparse histogram with the zero buckets left out (integer keys iterate in ascending order). */
function cleanHistogram(h: Histogram): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [bucket, count] of Object.entries(h)) if (count) out[bucket] = count;
  return out;
}

/** A commune's inputs from its day aggregates or month roll-ups (any order; what starts after the window's end is ignored). */
export function communeInputs(
  commune: CommuneInfo,
  days: Iterable<DayAggregate>,
  window: PeriodWindow,
  previousNationalRank: number | null,
): CommuneInputs {
  let openingBacklog = 0;
  const months = new Map<string, MonthAggregate>();
  for (const day of days) {
    // A month roll-up (day = YYYY-MM) counts from its first day, as foldDays does.
    const from = isMonthRollUp(day) ? firstDay(day.day) : day.day;
    if (from > window.to) continue;
    if (from < window.rollingFrom) {
      openingBacklog += day.counters.backlogDelta ?? 0;
      continue;
    }
    const key = from.slice(0, 7);
    let month = months.get(key);
    if (!month) {
      month = {
        month: key,
        counters: Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>,
        decisionDays: {},
        issueDays: {},
      };
      months.set(key, month);
    }
    for (const name of COUNTERS) month.counters[name] += day.counters[name] ?? 0;
    for (const [bucket, count] of Object.entries(day.decisionDays))
      month.decisionDays[bucket] = (month.decisionDays[bucket] ?? 0) + count;
    for (const [bucket, count] of Object.entries(day.issueDays))
      month.issueDays[bucket] = (month.issueDays[bucket] ?? 0) + count;
  }
  return {
    id: commune.id,
    nameFr: commune.nameFr,
    nameAr: commune.nameAr,
    provinceId: commune.provinceId,
    regionId: commune.regionId,
    kind: commune.kind,
    population: commune.population,
    previousNationalRank,
    openingBacklog,
    months: [...months.values()]
      .sort((a, b) => (a.month < b.month ? -1 : 1))
      .map((m) => ({
        month: m.month,
        counters: m.counters,
        decisionDays: cleanHistogram(m.decisionDays),
        issueDays: cleanHistogram(m.issueDays),
      })),
  };
}

export function rankingInputs(input: {
  window: PeriodWindow;
  methodology: Methodology;
  communes: CommuneInputs[];
}): RankingInputs {
  return {
    format: INPUTS_FORMAT,
    period: input.window.period,
    status: input.window.status,
    monthFrom: input.window.monthFrom,
    rollingFrom: input.window.rollingFrom,
    asOf: input.window.to,
    methodologyVersion: input.methodology.version,
    methodology: openDataKeys.methodology(input.methodology.version),
    maxDelayBucket: MAX_DELAY_BUCKET,
    communes: [...input.communes].sort(byId),
  };
}

/** The published bytes: one JSON document, fixed key order, one line. */
export const inputsJson = (inputs: RankingInputs): string => `${JSON.stringify(inputs)}\n`;

export const windowOfInputs = (inputs: RankingInputs): PeriodWindow => ({
  period: inputs.period,
  status: inputs.status,
  monthFrom: inputs.monthFrom,
  rollingFrom: inputs.rollingFrom,
  to: inputs.asOf,
});

/** A commune's month and rolling-12 indicators, folded from its published inputs. */
export function indicatorsOfInputs(commune: CommuneInputs, window: PeriodWindow): CommuneIndicators {
  // The carried-in backlog is a day before the window, the months are their first days: foldDays
  // then counts each exactly where it counted the days they sum.
  const days: DayAggregate[] = [
    {
      communeId: commune.id,
      day: addDays(window.rollingFrom, -1),
      counters: { backlogDelta: commune.openingBacklog },
      decisionDays: {},
      issueDays: {},
    },
    ...commune.months.map((m) => ({
      communeId: commune.id,
      day: `${m.month}-01`,
      counters: m.counters,
      decisionDays: m.decisionDays as Histogram,
      issueDays: m.issueDays as Histogram,
    })),
  ];
  return foldDays(days, window);
}

/** The ranking of a period from its inputs alone (pure): what the job publishes and anyone can recompute. */
export function snapshotFromInputs(inputs: RankingInputs, methodology: Methodology): RankingSnapshot {
  if (methodology.version !== inputs.methodologyVersion)
    throw new Error(
      `The inputs were ranked with methodology ${inputs.methodologyVersion}, not ${methodology.version}.`,
    );
  const window = windowOfInputs(inputs);
  const communes: CommuneInfo[] = inputs.communes.map((c) => ({
    id: c.id,
    nameFr: c.nameFr,
    nameAr: c.nameAr,
    provinceId: c.provinceId,
    regionId: c.regionId,
    kind: c.kind,
    population: c.population,
  }));
  const indicators = new Map(inputs.communes.map((c) => [c.id, indicatorsOfInputs(c, window)]));
  const previousRanks = new Map<string, number>();
  for (const c of inputs.communes)
    if (c.previousNationalRank !== null) previousRanks.set(c.id, c.previousNationalRank);
  const rows = rankCommunes({ communes, indicators, methodology, previousRanks });
  return {
    period: inputs.period,
    status: inputs.status,
    monthFrom: inputs.monthFrom,
    rollingFrom: inputs.rollingFrom,
    asOf: inputs.asOf,
    methodologyVersion: methodology.version,
    inputsChecksum: sha256(inputsJson(inputs)),
    communes: rows.length,
    ranked: rows.filter((r) => r.ranked).length,
    rows,
  };
}

/** CSV columns of the inputs (one line per commune and month; histograms as `days:count` pairs). */
export const INPUTS_CSV_COLUMNS = [
  'period',
  'Jurisdiction',
  'communeNameFr',
  'communeNameAr',
  'provinceId',
  'regionId',
  'communeKind',
  'population',
  'previousNationalRank',
  'openingBacklog',
  'month',
  ...COUNTERS,
  'decisionDays',
  'issueDays',
] as const;

const histogramCell = (h: Record<string, number>): string =>
  Object.entries(h)
    .map(([bucket, count]) => `${bucket}:${count}`)
    .join(' ');

/** The same inputs for spreadsheets: one line per commune and month (a commune without activity has one line with no month). */
export function inputsCsv(inputs: RankingInputs): string {
  const rows: unknown[][] = [];
  for (const c of inputs.communes) {
    const head = [
      inputs.period,
      c.id,
      c.nameFr,
      c.nameAr,
      c.provinceId,
      c.regionId,
      c.kind,
      c.population,
      c.previousNationalRank,
      c.openingBacklog,
    ];
    if (c.months.length === 0) rows.push([...head, '', ...COUNTERS.map(() => 0), '', '']);
    for (const m of c.months)
      rows.push([
        ...head,
        m.month,
        ...COUNTERS.map((name) => m.counters[name]),
        histogramCell(m.decisionDays),
        histogramCell(m.issueDays),
      ]);
  }
  return csvDocument(INPUTS_CSV_COLUMNS, rows);
}

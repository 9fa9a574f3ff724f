import { csvDocument } from '../csv.ts';
import { INDICATOR_NAMES, type PeriodWindow } from './indicators.ts';
import type { RankingRow } from './rank.ts';

/**
 * The published files, byte for byte: the same snapshot always gives the same bytes (fixed field
 * order, no run time or host in the content, numbers as JavaScript prints them, LF-free CSV lines
 * ending in CRLF as RFC 4180 says). What depends on when the job ran stays in the table only.
 */

export interface RankingSnapshot {
  period: string;
  status: PeriodWindow['status'];
  /** First and last days of the month measured, and of the rolling 12 months. */
  monthFrom: string;
  rollingFrom: string;
  asOf: string;
  methodologyVersion: string;
  /** SHA-256 of the inputs: methodology version, window, communes, every day aggregate read, previous ranks. */
  inputsChecksum: string;
  communes: number;
  ranked: number;
  rows: RankingRow[];
}

export const RANKING_FORMAT = 'rukhsa-commune-ranking/1';

export const rankingJson = (s: RankingSnapshot): string =>
  `${JSON.stringify({
    format: RANKING_FORMAT,
    publisher: 'Ministère de l’Intérieur — Rukhsa',
    period: s.period,
    status: s.status,
    monthFrom: s.monthFrom,
    rollingFrom: s.rollingFrom,
    asOf: s.asOf,
    methodologyVersion: s.methodologyVersion,
    methodology: `rankings/methodology/${s.methodologyVersion}.json`,
    inputsChecksum: s.inputsChecksum,
    communes: s.communes,
    ranked: s.ranked,
    rows: s.rows,
  })}\n`;

/** CSV columns, in order: row fields, then month_<indicator> and rolling12_<indicator>. */
export const CSV_COLUMNS = [
  'period',
  'status',
  'asOf',
  'methodologyVersion',
  'Jurisdiction',
  'communeNameFr',
  'communeNameAr',
  'provinceId',
  'regionId',
  'communeKind',
  'peerGroup',
  'ranked',
  'notRankedReason',
  'score',
  'nationalRank',
  'regionalRank',
  'peerGroupRank',
  'previousNationalRank',
  'movement',
  ...INDICATOR_NAMES.map((name) => `month_${name}`),
  ...INDICATOR_NAMES.map((name) => `rolling12_${name}`),
] as const;

/** What a CSV line reads of a row: the published row, or the API's (the web portal exports its view). */
type CsvRow = { [K in (typeof CSV_COLUMNS)[number] & keyof RankingRow]: unknown } & {
  month: { [K in (typeof INDICATOR_NAMES)[number]]?: unknown };
  rolling12: { [K in (typeof INDICATOR_NAMES)[number]]?: unknown };
};

/** The published CSV (shared/domain/csv.ts: RFC 4180, formula-like text inert). */
export function rankingCsv(
  s: Pick<RankingSnapshot, 'period' | 'status' | 'asOf' | 'methodologyVersion'> & { rows: readonly CsvRow[] },
): string {
  const lines: unknown[][] = [];
  for (const row of s.rows) {
    lines.push([
      s.period,
      s.status,
      s.asOf,
      s.methodologyVersion,
      row.Jurisdiction,
      row.communeNameFr,
      row.communeNameAr,
      row.provinceId,
      row.regionId,
      row.communeKind,
      row.peerGroup,
      row.ranked,
      row.notRankedReason,
      row.score,
      row.nationalRank,
      row.regionalRank,
      row.peerGroupRank,
      row.previousNationalRank,
      row.movement,
      ...INDICATOR_NAMES.map((name) => row.month[name]),
      ...INDICATOR_NAMES.map((name) => row.rolling12[name]),
    ]);
  }
  return csvDocument(CSV_COLUMNS, lines);
}

/** Where a period's files and a methodology version live in the open-data bucket. */
export const openDataKeys = {
  json: (period: string) => `rankings/${period}/ranking.json`,
  csv: (period: string) => `rankings/${period}/ranking.csv`,
  methodology: (version: string) => `rankings/methodology/${version}.json`,
  inputsJson: (period: string) => `rankings/${period}/inputs.json`,
  inputsCsv: (period: string) => `rankings/${period}/inputs.csv`,
};

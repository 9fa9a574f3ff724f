import type { AggregateDelta } from './aggregate-events.ts';
import type { DayAggregate } from './indicators.ts';
import type { RankingSnapshot } from './publish.ts';
import type { RankingRow } from './rank.ts';

/** Per-commune per-day aggregates: written by the stream consumer, read by the ranking job. */
export interface RankingAggregateStore {
  /**
   * Adds the deltas of one change, at most once per `changeKey`: `duplicate` when that change was
   * already applied (a replayed stream record), in which case nothing is written.
   */
  apply(changeKey: string, deltas: AggregateDelta[]): Promise<'applied' | 'duplicate'>;
  /** Every day aggregate of a commune up to `to` inclusive (the backlog sums from the first day). */
  days(communeId: string, to: string): Promise<DayAggregate[]>;
  /**
   * What a ranking reads for a commune (`aggregatesToRead`): its month roll-ups up to
   * `monthsThrough`, then its day items from `daysFrom` to `to` when given.
   */
  forWindow(
    communeId: string,
    read: { monthsThrough: string; daysFrom?: string; to: string },
  ): Promise<DayAggregate[]>;
}

/** What a run leaves in the table besides the published files. */
export interface SnapshotHeader extends Omit<RankingSnapshot, 'rows'> {
  runAt: string;
  trigger: string;
  /** SHA-256 of the published JSON and CSV. */
  jsonSha256: string;
  csvSha256: string;
}

export interface PeriodRow extends RankingRow {
  period: string;
  status: RankingSnapshot['status'];
}

export interface RankingSnapshotStore {
  save(header: SnapshotHeader, rows: RankingRow[]): Promise<void>;
  header(period: string): Promise<SnapshotHeader | undefined>;
  rows(period: string): Promise<RankingRow[]>;
  /** The most recent period with a snapshot. */
  latestPeriod(): Promise<string | undefined>;
  /** A commune's rows over the periods, newest first. */
  communeHistory(communeId: string, limit: number): Promise<PeriodRow[]>;
}

/** The open-data bucket (put, and the listing the catalogue is built from). */
export type { OpenDataBucket as OpenDataPublisher } from '../open-data/catalogue.ts';

/** Where an administrator's request for a run goes (a queue the job consumes). */
export interface RankingRunQueue {
  request(run: { period: string; requestedBy: string }): Promise<void>;
}

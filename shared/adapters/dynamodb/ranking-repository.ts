import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AggregateDelta } from '../../domain/ranking/aggregate-events.ts';
import {
  COUNTERS,
  type Counter,
  type DayAggregate,
  type Histogram,
  rollUpMonths,
} from '../../domain/ranking/indicators.ts';
import type {
  PeriodRow,
  RankingAggregateStore,
  RankingSnapshotStore,
  SnapshotHeader,
} from '../../domain/ranking/ports.ts';
import type { RankingRow } from '../../domain/ranking/rank.ts';
import { backOff, lostRace } from './application-items.ts';
import { cancellationReasons } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** How long a change marker is kept: longer than a stream record can be retried or parked and replayed (DLQ: 14 days). */
export const CHANGE_MARKER_DAYS = 35;
const MAX_ATTEMPTS = 8;

const DECISION_PREFIX = 'dd';
const ISSUE_PREFIX = 'di';
const HISTOGRAM_ATTRIBUTE = /^(dd|di)(\d+)$/;

/**
 * Day aggregates are one item per commune and day: counters are top-level numbers and each delay
 * bucket a top-level number (`dd<days>` for decisions, `di<days>` for issues), so every delta is an
 * `ADD` (DynamoDB's ADD works on top-level attributes and creates them at 0). A change's deltas and
 * its marker (`attribute_not_exists`) are one transaction: a replayed change fails on the marker and
 * writes nothing.
 */
export class DynamoRankingAggregateStore extends TableRepository implements RankingAggregateStore {
  private readonly now: () => number;

  constructor(db: DynamoDBDocumentClient, table: string, now: () => number = Date.now) {
    super(db, table);
    this.now = now;
  }

  async apply(changeKey: string, deltas: AggregateDelta[]): Promise<'applied' | 'duplicate'> {
    const marker = {
      Put: {
        TableName: this.table,
        Item: {
          ...keys.rankingChange(changeKey),
          entity: 'RankingChange',
          days: deltas.map((d) => `${d.communeId}|${d.day}`),
          expiresAt: Math.floor(this.now() / 1000) + CHANGE_MARKER_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    // Each day's deltas, and the same summed per month into the month roll-ups, in the marker's
    // transaction: a replayed change adds to neither (roll-ups stay exact under replays).
    const updates = [
      ...deltas.map((delta) => ({ Update: this.addUpdate(delta) })),
      ...rollUpMonths(deltas).map((month) => ({ Update: this.addUpdate(month) })),
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: [marker, ...updates] }));
        return 'applied';
      } catch (error) {
        if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') return 'duplicate';
        // Two changes of the same commune and day at once: retry on a short jittered back-off.
        if (!lostRace(error) || attempt >= MAX_ATTEMPTS) throw error;
        await backOff(attempt);
      }
    }
  }

  private addUpdate(delta: AggregateDelta) {
    const month = delta.day.length === 7;
    const names: Record<string, string> = { '#entity': 'entity', '#commune': 'communeId', '#day': 'day' };
    const values: Record<string, unknown> = {
      ':entity': month ? 'RankingMonth' : 'RankingDay',
      ':commune': delta.communeId,
      ':day': delta.day,
    };
    const adds: string[] = [];
    const add = (attribute: string, value: number) => {
      const i = adds.length;
      names[`#a${i}`] = attribute;
      values[`:a${i}`] = value;
      adds.push(`#a${i} :a${i}`);
    };
    for (const [name, value] of Object.entries(delta.counters)) if (value) add(name, value);
    for (const [bucket, count] of Object.entries(delta.decisionDays))
      add(`${DECISION_PREFIX}${bucket}`, count);
    for (const [bucket, count] of Object.entries(delta.issueDays)) add(`${ISSUE_PREFIX}${bucket}`, count);
    return {
      TableName: this.table,
      Key: month
        ? keys.rankingMonth(delta.communeId, delta.day)
        : keys.rankingDay(delta.communeId, delta.day),
      UpdateExpression: `SET #entity = :entity, #commune = :commune, #day = :day${adds.length ? ` ADD ${adds.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    };
  }

  days(communeId: string, to: string): Promise<DayAggregate[]> {
    return this.between(communeId, sortKeys.days, sortKeys.day(to));
  }

  async forWindow(
    communeId: string,
    read: { monthsThrough: string; daysFrom?: string; to: string },
  ): Promise<DayAggregate[]> {
    const months = await this.between(communeId, sortKeys.months, sortKeys.month(read.monthsThrough));
    if (!read.daysFrom) return months;
    return [
      ...months,
      ...(await this.between(communeId, sortKeys.day(read.daysFrom), sortKeys.day(read.to))),
    ];
  }

  private async between(communeId: string, from: string, to: string): Promise<DayAggregate[]> {
    const out: DayAggregate[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.rankingDay(communeId, '').pk, ':from': from, ':to': to },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) out.push(dayFromItem(communeId, item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}

const COUNTER_SET: ReadonlySet<string> = new Set(COUNTERS);

export function dayFromItem(communeId: string, item: Record<string, unknown>): DayAggregate {
  const day: DayAggregate = {
    communeId,
    // DAY#<YYYY-MM-DD> or MONTH#<YYYY-MM>
    day: String(item.sk).slice(String(item.sk).indexOf('#') + 1),
    counters: {},
    decisionDays: {},
    issueDays: {},
  };
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number') continue;
    if (COUNTER_SET.has(name)) {
      if (value !== 0) day.counters[name as Counter] = value;
      continue;
    }
    const match = HISTOGRAM_ATTRIBUTE.exec(name);
    if (match && value !== 0) {
      const histogram: Histogram = match[1] === DECISION_PREFIX ? day.decisionDays : day.issueDays;
      histogram[Number(match[2])] = value;
    }
  }
  return day;
}

/**
 * Snapshots: a header item per period (listed under RANKINGS) and one row item per commune (each
 * commune's rows over the periods are its history, on gsi1). Rows are written before the header.
 */
export class DynamoRankingSnapshotStore extends TableRepository implements RankingSnapshotStore {
  async save(header: SnapshotHeader, rows: RankingRow[]): Promise<void> {
    const items = rows.map((row) => ({
      ...keys.rankingRow(header.period, row.Jurisdiction),
      entity: 'RankingRow',
      period: header.period,
      status: header.status,
      ...row,
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const { UnprocessedItems } = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
        );
        pending = (UnprocessedItems?.[this.table] ?? []) as typeof pending;
        if (pending.length > 0) {
          if (attempt >= MAX_ATTEMPTS) throw new Error(`ranking rows not written after ${attempt} attempts`);
          await backOff(attempt);
        }
      }
    }
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.rankingSnapshot(header.period), entity: 'RankingSnapshot', ...header },
      }),
    );
  }

  async header(period: string): Promise<SnapshotHeader | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.rankingSnapshotKey(period) }),
    );
    return Item ? (stripKeys(Item) as unknown as SnapshotHeader) : undefined;
  }

  async rows(period: string): Promise<RankingRow[]> {
    const out: RankingRow[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rows)',
          ExpressionAttributeValues: { ':pk': partitions.ranking(period), ':rows': sortKeys.rankingRows },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) out.push(rowOf(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async latestPeriod(): Promise<string | undefined> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :all',
        ExpressionAttributeValues: { ':all': 'RANKINGS' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    // The header's index sort key is its period: the index alone answers.
    return Items?.[0]?.gsi1sk as string | undefined;
  }

  async communeHistory(communeId: string, limit: number): Promise<PeriodRow[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :history',
        ExpressionAttributeValues: { ':history': partitions.rankingHistory(communeId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (await this.baseItems(Items ?? [])).map((item) => rowOf(item) as PeriodRow);
  }
}

const rowOf = (item: Record<string, unknown>): RankingRow => {
  const { entity, pk, sk, gsi1pk, gsi1sk, ...row } = item;
  return row as unknown as RankingRow;
};

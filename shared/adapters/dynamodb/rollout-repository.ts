import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { CommuneRollout, RegionWave, SigningKeyView } from '../../domain/rollout/onboarding.ts';
import type { RolloutEvent, RolloutRepository } from '../../domain/rollout/ports.ts';
import type { DayCount } from '../../domain/rollout/stats.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** How long a "counted" marker is kept: longer than the stream's 24 h record age, so retries are recognised. */
const COUNTED_MARKER_DAYS = 7;

/**
 * Commune rollout records (one per commune that left NOT_STARTED) with their status history, the
 * regions' waves, and the reads the readiness check and the public figures need.
 */
export class DynamoRolloutRepository extends TableRepository implements RolloutRepository {
  async get(communeId: string): Promise<CommuneRollout | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.communeRolloutKey(communeId) }),
    );
    return Item ? (stripKeys(Item) as CommuneRollout) : undefined;
  }

  async save(next: CommuneRollout, expectedVersion: number, event: RolloutEvent): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.communeRollout(next.communeId, next.provinceId, next.regionId, next.status),
                  entity: 'CommuneRollout',
                  ...next,
                },
                ...(expectedVersion === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: 'version = :v',
                      ExpressionAttributeValues: { ':v': expectedVersion },
                    }),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.rolloutEvent(event.communeId, event.at, randomBytes(4).toString('hex')),
                  entity: 'RolloutEvent',
                  ...event,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw conflict('The commune’s rollout status changed meanwhile; reload it and try again.');
      throw error;
    }
  }

  listByProvince(provinceId: string): Promise<CommuneRollout[]> {
    return this.queryAll<CommuneRollout>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.rolloutOfProvince(provinceId) },
    });
  }

  listByStatus(status: CommuneRollout['status']): Promise<CommuneRollout[]> {
    return this.queryAll<CommuneRollout>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.rolloutByStatus(status) },
    });
  }

  history(communeId: string): Promise<RolloutEvent[]> {
    return this.queryAll<RolloutEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': partitions.commune(communeId), ':e': sortKeys.rolloutEvents },
    });
  }

  waves(): Promise<RegionWave[]> {
    return this.queryAll<RegionWave>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.rolloutWaves },
    });
  }

  async putWave(wave: RegionWave): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.regionWave(wave.regionId), entity: 'RegionWave', ...wave },
      }),
    );
  }

  async activeKeys(communeId: string): Promise<SigningKeyView[]> {
    const items = await this.queryAll<Record<string, unknown>>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :active)',
      ExpressionAttributeValues: {
        ':pk': partitions.communeSigningKeys(communeId),
        ':active': sortKeys.signingKeysWithStatus('ACTIVE'),
      },
    });
    return items.map((k) => ({
      keyId: String(k.keyId),
      signatoryUsername: String(k.signatoryUsername),
      status: String(k.status),
      validUntil: String(k.expiresAt),
    }));
  }

  async tariffInForce(communeId: string, date: string): Promise<string | undefined> {
    // The latest schedule effective on or before the date (the tariff items, keyed FROM#<date>).
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': partitions.tariffs(communeId),
          ':first': sortKeys.tariffsFrom,
          ':last': sortKeys.tariffFrom(date),
        },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return Items[0]?.effectiveFrom as string | undefined;
  }

  async days(from: string, to: string): Promise<DayCount[]> {
    const items = await this.queryAll<Record<string, unknown>>({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': partitions.statsApplications,
        ':from': sortKeys.day(from),
        ':to': sortKeys.day(to),
      },
    });
    return items.map((d) => ({
      date: String(d.date),
      received: Number(d.received ?? 0),
      decided: Number(d.decided ?? 0),
    }));
  }

  async verifiedProfessions(): Promise<string[]> {
    const items = await this.queryAll<{ profession?: string }>(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.professionalsByStatus('VERIFIED') },
        ProjectionExpression: 'profession',
      },
      // gsi1 projects `profession` for this public count: no read of the registrations themselves.
      { indexOnly: true },
    );
    return items.map((i) => String(i.profession));
  }

  /**
   * Counts one application event in its day's counter, once: a marker for the event is created in
   * the same transaction, so a stream retry of the same record changes nothing. False if already counted.
   */
  async countEvent(
    event: { pk: string; sk: string },
    date: string,
    counter: 'received' | 'decided',
  ): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.statsCounted(event.pk, event.sk),
                  entity: 'StatsCounted',
                  expiresAt: Math.floor(Date.now() / 1000) + COUNTED_MARKER_DAYS * 86_400,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: keys.statsDay(date),
                UpdateExpression: 'SET entity = :e, #date = :d ADD #counter :one',
                ExpressionAttributeNames: { '#date': 'date', '#counter': counter },
                ExpressionAttributeValues: { ':e': 'StatsDay', ':d': date, ':one': 1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // Only "already counted" is swallowed; a conflict on the day's counter is thrown and retried.
      if (cancellationReasons(error)[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }
}

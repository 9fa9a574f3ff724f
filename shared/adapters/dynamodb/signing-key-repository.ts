import { randomUUID } from 'node:crypto';
import { TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { Page } from '../../domain/pagination.ts';
import type { SigningKeyRepository } from '../../domain/signing/ports.ts';
import type { KeyEvent, SigningKey } from '../../domain/signing/signing-key.ts';
import { isConditionFailure } from './errors.ts';
import { keys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** The stored key: by id, in its commune's list by status (gsi1), and in the public directory (gsi2). */
export const signingKeyItem = (key: SigningKey) => ({
  ...keys.signingKey(key.keyId),
  ...keys.communeSigningKeys(key.communeId, key.status, key.keyId),
  ...keys.publicKeyDirectory(key.communeId, key.keyId),
  entity: 'SigningKey',
  ...key,
});

export const keyEventItem = (e: KeyEvent, index = 0) => ({
  ...keys.event(`SIGNING_KEY#${e.keyId}`, e.at, `${index}.${randomUUID().slice(0, 8)}`),
  entity: 'KeyEvent',
  ...e,
});

/** Writes of the key, guarded by its version so two PIN attempts or handovers never overwrite each other. */
export const signingKeyPut = (table: string, next: SigningKey, expectedVersion: number) => ({
  Put: {
    TableName: table,
    Item: signingKeyItem(next),
    ConditionExpression: 'version = :expected',
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

const staleKey = () =>
  conflict('The signing key changed meanwhile (another attempt or handover step). Reload it and try again.');

export class DynamoSigningKeyRepository extends TableRepository implements SigningKeyRepository {
  async create(key: SigningKey, event: KeyEvent): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: signingKeyItem(key),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: this.table, Item: keyEventItem(event) } },
        ],
      }),
    );
  }

  async get(keyId: string): Promise<SigningKey | undefined> {
    return this.getItem<SigningKey>(keys.signingKey(keyId), true);
  }

  async save(next: SigningKey, expectedVersion: number, events: KeyEvent[]): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            signingKeyPut(this.table, next, expectedVersion),
            ...events.map((e, i) => ({ Put: { TableName: this.table, Item: keyEventItem(e, i) } })),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw staleKey();
      throw error;
    }
  }

  async listByCommune(communeId: string): Promise<SigningKey[]> {
    return this.queryAll<SigningKey>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `COMMUNE#${communeId}#SIGNING_KEYS` },
    });
  }

  async listAll(cursor: string | undefined, limit: number): Promise<Page<SigningKey>> {
    const page = await this.queryPage(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SIGNING_KEYS' },
      },
      { cursor, limit, from: { attribute: 'gsi2pk', partition: 'SIGNING_KEYS' } },
    );
    return { ...page, items: page.items.map((item) => stripKeys(item) as SigningKey) };
  }

  async audit(events: KeyEvent[]): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: events.map((e, i) => ({ Put: { TableName: this.table, Item: keyEventItem(e, i) } })),
      }),
    );
  }

  countPinAttempt(keyId: string, maxAttempts: number): Promise<SigningKey | undefined> {
    return this.updateKey(keyId, {
      UpdateExpression: 'SET failedAttempts = failedAttempts + :one, version = version + :one',
      ConditionExpression: '#status IN (:delivered, :active) AND failedAttempts < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts },
    });
  }

  acceptPin(keyId: string, pinHash: string): Promise<SigningKey | undefined> {
    return this.updateKey(keyId, {
      UpdateExpression: 'SET failedAttempts = :zero, version = version + :one',
      ConditionExpression: '#status IN (:delivered, :active) AND pinHash = :hash',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':hash': pinHash },
    });
  }

  async lockAfterFailures(keyId: string, maxAttempts: number, at: string): Promise<SigningKey | undefined> {
    const key = await this.get(keyId);
    if (!key) return undefined;
    return this.updateKey(keyId, {
      UpdateExpression:
        'SET #status = :locked, gsi1sk = :gsi1sk, handover = list_append(handover, :entry), version = version + :one',
      ConditionExpression: '#status IN (:delivered, :active) AND failedAttempts >= :max',
      ExpressionAttributeValues: {
        ':locked': 'LOCKED',
        ':gsi1sk': keys.communeSigningKeys(key.communeId, 'LOCKED', keyId).gsi1sk,
        ':entry': [{ status: 'LOCKED', at, by: 'system' }],
        ':one': 1,
        ':max': maxAttempts,
      },
    });
  }

  private async updateKey(
    keyId: string,
    update: Required<Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression'>> & {
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<SigningKey | undefined> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.signingKey(keyId),
          ...update,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':delivered': 'DELIVERED_TO_COMMUNE',
            ':active': 'ACTIVE',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? (stripKeys(Attributes) as SigningKey) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  events(keyId: string): Promise<KeyEvent[]> {
    return this.queryAll<KeyEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': `SIGNING_KEY#${keyId}`, ':events': 'EVENT#' },
    });
  }
}

import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { Page } from '../../domain/pagination.ts';
import type { SigningKeyRepository } from '../../domain/signing/ports.ts';
import type { KeyEvent, SigningKey } from '../../domain/signing/signing-key.ts';
import { isConditionFailure } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/**
 * The stored key: by id, in its commune's list by status (gsi1), and in the public directory (gsi2).
 * Never its PIN hash: that lives in the secrets table (`pinItem`), out of the indexes and the stream.
 */
export const signingKeyItem = ({ pinHash: _secret, ...key }: SigningKey) => ({
  ...keys.signingKey(key.keyId),
  ...keys.communeSigningKeys(key.communeId, key.status, key.keyId),
  ...keys.publicKeyDirectory(key.communeId, key.keyId),
  entity: 'SigningKey',
  ...key,
});

/** A key's PIN hash in the secrets table (granted only to the routes that declare `needs.pins`). */
export const pinItem = (keyId: string, pinHash: string) => ({ ...keys.pin(keyId), pinHash });

export const keyEventItem = (e: KeyEvent, index = 0) => ({
  ...keys.event(partitions.signingKey(e.keyId), e.at, `${index}.${randomUUID().slice(0, 8)}`),
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

/**
 * Signing keys in the platform table, their PIN hashes in the secrets table. Built without the
 * secrets table (functions not granted it), keys come back without `pinHash` and saves leave the
 * PIN alone; the PIN operations then fail loudly.
 */
export class DynamoSigningKeyRepository extends TableRepository implements SigningKeyRepository {
  private readonly secrets: string | undefined;

  constructor(db: DynamoDBDocumentClient, table: string, secretsTable?: string) {
    super(db, table);
    this.secrets = secretsTable;
  }

  private secretsTable(): string {
    if (!this.secrets) throw new Error('PIN operations need the secrets table (pins grant)');
    return this.secrets;
  }

  /** The PIN written with the key, in the same transaction (it is checked against the key's version). */
  private pinPut(key: SigningKey) {
    return { Put: { TableName: this.secretsTable(), Item: pinItem(key.keyId, key.pinHash) } };
  }

  private async withPin(key: SigningKey | undefined): Promise<SigningKey | undefined> {
    if (!key || !this.secrets) return key;
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.secrets, Key: keys.pin(key.keyId), ConsistentRead: true }),
    );
    return Item ? { ...key, pinHash: Item.pinHash as string } : key;
  }

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
          this.pinPut(key),
          { Put: { TableName: this.table, Item: keyEventItem(event) } },
        ],
      }),
    );
  }

  async get(keyId: string): Promise<SigningKey | undefined> {
    return this.withPin(await this.getItem<SigningKey>(keys.signingKey(keyId), true));
  }

  async save(next: SigningKey, expectedVersion: number, events: KeyEvent[]): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            signingKeyPut(this.table, next, expectedVersion),
            // Only where the PIN was read (pins grant); a hand-over step never holds it.
            ...(this.secrets && next.pinHash ? [this.pinPut(next)] : []),
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
      ExpressionAttributeValues: { ':pk': partitions.communeSigningKeys(communeId) },
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

  async countPinAttempt(keyId: string, maxAttempts: number): Promise<SigningKey | undefined> {
    this.secretsTable();
    // The PIN is read after the attempt is committed: it is the one the key has now.
    return this.withPin(
      await this.updateKey(keyId, {
        UpdateExpression: 'SET failedAttempts = failedAttempts + :one, version = version + :one',
        ConditionExpression: '#status IN (:delivered, :active) AND failedAttempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts },
      }),
    );
  }

  /** The counter back to 0, in one transaction with a check that the key still has this PIN. */
  async acceptPin(keyId: string, pinHash: string): Promise<SigningKey | undefined> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: keys.signingKey(keyId),
                UpdateExpression: 'SET failedAttempts = :zero, version = version + :one',
                ConditionExpression: '#status IN (:delivered, :active)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':zero': 0,
                  ':one': 1,
                  ':delivered': 'DELIVERED_TO_COMMUNE',
                  ':active': 'ACTIVE',
                },
              },
            },
            {
              ConditionCheck: {
                TableName: this.secretsTable(),
                Key: keys.pin(keyId),
                ConditionExpression: 'pinHash = :hash',
                ExpressionAttributeValues: { ':hash': pinHash },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    // Read back as written (later writes only bump the version further: they are checked on it).
    return this.get(keyId);
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
      ExpressionAttributeValues: { ':pk': partitions.signingKey(keyId), ':events': sortKeys.events },
    });
  }
}

import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor, invalidCursor, type Page } from '../../domain/pagination.ts';
import type { SigningKeyRepository } from '../../domain/signing/ports.ts';
import type { KeyEvent, SigningKey } from '../../domain/signing/signing-key.ts';
import { isConditionFailure } from './errors.ts';
import { keys, stripKeys } from './keys.ts';
import { queryAll } from './query-all.ts';

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

export class DynamoSigningKeyRepository implements SigningKeyRepository {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.db = db;
    this.table = table;
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
          { Put: { TableName: this.table, Item: keyEventItem(event) } },
        ],
      }),
    );
  }

  async get(keyId: string): Promise<SigningKey | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.signingKey(keyId), ConsistentRead: true }),
    );
    return Item ? (stripKeys(Item) as SigningKey) : undefined;
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
    return queryAll<SigningKey>(this.db, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `COMMUNE#${communeId}#SIGNING_KEYS` },
    });
  }

  async listAll(cursor: string | undefined, limit: number): Promise<Page<SigningKey>> {
    const start = decodeCursor(cursor);
    if (cursor && start?.gsi2pk !== 'SIGNING_KEYS') throw invalidCursor();
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SIGNING_KEYS' },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const nextCursor = encodeCursor(page.LastEvaluatedKey);
    return {
      items: (page.Items ?? []).map((item) => stripKeys(item) as SigningKey),
      ...(nextCursor ? { nextCursor } : {}),
    };
  }

  async audit(events: KeyEvent[]): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: events.map((e, i) => ({ Put: { TableName: this.table, Item: keyEventItem(e, i) } })),
      }),
    );
  }

  events(keyId: string): Promise<KeyEvent[]> {
    return queryAll<KeyEvent>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': `SIGNING_KEY#${keyId}`, ':events': 'EVENT#' },
    });
  }
}

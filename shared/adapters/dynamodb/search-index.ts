import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter, SearchIndex } from '../../domain/search/ports.ts';
import { keys, partitions } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** BatchWriteItem takes 25 requests at most. */
const BATCH = 25;

/** One item per term and file; the file's current terms beside it, so a changed name loses its old entries. */
export class DynamoSearchIndex extends TableRepository implements SearchIndex {
  async index(
    entry: { applicationId: string; provinceId: string; communeId: string },
    terms: string[],
  ): Promise<void> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.searchTermsOf(entry.applicationId),
        ConsistentRead: true,
      }),
    );
    const before = (Item?.terms as string[] | undefined) ?? [];
    const key = (term: string) =>
      keys.searchTerm(term, entry.provinceId, entry.communeId, entry.applicationId);
    const requests = [
      ...before.filter((t) => !terms.includes(t)).map((t) => ({ DeleteRequest: { Key: key(t) } })),
      ...terms.map((t) => ({
        PutRequest: { Item: { ...key(t), entity: 'SearchTerm', applicationId: entry.applicationId } },
      })),
    ];
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending: Record<string, unknown[]> | undefined = { [this.table]: requests.slice(i, i + BATCH) };
      // Unprocessed items come back under load: send them again until none is left.
      while (pending && Object.keys(pending).length > 0) {
        const result = await this.db.send(new BatchWriteCommand({ RequestItems: pending as never }));
        pending = result.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.searchTermsOf(entry.applicationId), entity: 'SearchTerms', terms },
      }),
    );
  }

  async find(term: string, within: string, limit: number): Promise<string[]> {
    // One page: a common name stops at `limit` entries instead of reading the whole partition.
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: within ? 'pk = :pk AND begins_with(sk, :within)' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': partitions.searchTerm(term),
          ...(within ? { ':within': within } : {}),
        },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => String(i.applicationId));
  }
}

/** A counter item per key and window, expired by the table's TTL after its window. */
export class DynamoAttemptCounter extends TableRepository implements AttemptCounter {
  async add(key: string, windowSeconds: number, now: Date): Promise<number> {
    const start = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.attempts(key, String(start)),
        UpdateExpression: 'ADD #n :one SET expiresAt = :expires, entity = :entity',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':expires': start + 2 * windowSeconds,
          ':entity': 'Attempts',
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.count ?? 1);
  }
}

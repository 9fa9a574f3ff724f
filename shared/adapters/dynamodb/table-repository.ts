import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor, invalidCursor } from '../../domain/pagination.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { stripKeys } from './keys.ts';
import { baseItems, queryAll } from './query-all.ts';

type Key = { pk: string; sk: string };
type Query = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/**
 * What every repository over the single table shares: the client and table, a get by key, every
 * item of a query, and one page of a query behind an opaque cursor.
 */
export abstract class TableRepository {
  protected readonly db: DynamoDBDocumentClient;
  protected readonly table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.db = db;
    this.table = table;
  }

  /**
   * Writes a new item with its uniqueness claims (one `Unique` item per claimed value, owned by
   * `owner`) in one transaction: all or nothing. Answers the index (in `claims`) of the first claim
   * already taken, or undefined once written; an item that already exists rethrows the failure.
   */
  protected async putClaimed(
    item: Record<string, unknown>,
    claims: Key[],
    owner: string,
  ): Promise<number | undefined> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            ...claims.map((claim) => ({
              Put: {
                TableName: this.table,
                Item: { ...claim, entity: 'Unique', owner },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const taken = cancellationReasons(error).slice(1).indexOf('ConditionalCheckFailed');
      if (taken < 0) throw error;
      return taken;
    }
  }

  /** The item under this key without its key attributes, or undefined. */
  protected async getItem<T>(key: Key, consistent = false): Promise<T | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: key, ...(consistent ? { ConsistentRead: true } : {}) }),
    );
    return Item ? (stripKeys(Item) as T) : undefined;
  }

  /**
   * Every item the query matches, page after page, without key attributes. An index query reads
   * the matching items whole from the table (the indexes project little, docs/data-model.md);
   * `indexOnly` when the caller needs only attributes the index projects.
   */
  protected queryAll<T>(
    input: Omit<QueryCommandInput, 'TableName'>,
    options: { indexOnly?: boolean } = {},
  ): Promise<T[]> {
    return queryAll<T>(this.db, { TableName: this.table, ...input }, options);
  }

  /** The table's items behind an index query's matches, in their order (see `queryAll`). */
  protected baseItems(matches: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    return baseItems(this.db, this.table, matches);
  }

  /**
   * One page of the query (raw items: the caller maps them) and the cursor of the next one. A
   * cursor must come from this list: `from` says which key attribute holds the queried partition
   * (a cursor from another partition is refused with 400); without it, any decodable cursor is taken.
   * An index query's items are read whole from the table (its filters see only projected
   * attributes), unless `indexOnly`.
   */
  protected async queryPage(
    input: Query,
    page: { cursor: string | undefined; limit: number; from?: { attribute: string; partition: string } },
    options: { indexOnly?: boolean } = {},
  ): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
    const start = decodeCursor(page.cursor);
    const foreign = page.from ? start?.[page.from.attribute] !== page.from.partition : !start;
    if (page.cursor && foreign) throw invalidCursor();
    const result = await this.db.send(
      new QueryCommand({ TableName: this.table, ...input, Limit: page.limit, ExclusiveStartKey: start }),
    );
    const next = encodeCursor(result.LastEvaluatedKey);
    const items =
      input.IndexName && !options.indexOnly ? await this.baseItems(result.Items ?? []) : (result.Items ?? []);
    return { items, ...(next ? { nextCursor: next } : {}) };
  }
}

import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { stripKeys } from './keys.ts';

type Item = Record<string, unknown>;

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_GET_LIMIT = 100;
/** Unprocessed keys (throttling) are asked again this many times, backing off, before giving up. */
const UNPROCESSED_ATTEMPTS = 8;

/**
 * Every item a query matches, page after page, without its key attributes. An index query answers
 * only what the index projects (keys and a few attributes its filters need, docs/data-model.md),
 * so its matches are read whole from the table, in the index's order; `indexOnly` reads the index
 * alone when the caller needs nothing but projected attributes.
 */
export async function queryAll<T>(
  db: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: { indexOnly?: boolean } = {},
): Promise<T[]> {
  const out: T[] = [];
  let start: Item | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    const items =
      input.IndexName && !options.indexOnly
        ? await baseItems(db, input.TableName as string, page.Items ?? [])
        : (page.Items ?? []);
    for (const item of items) out.push(stripKeys(item) as T);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * The table's items behind index matches (each carries the table's `pk`/`sk`), in the matches'
 * order; an item deleted since the index was read is left out. Reads are eventually consistent,
 * like the index itself.
 */
export async function baseItems(db: DynamoDBDocumentClient, table: string, matches: Item[]): Promise<Item[]> {
  if (matches.length === 0) return [];
  const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;
  const chunks: Item[][] = [];
  for (let i = 0; i < matches.length; i += BATCH_GET_LIMIT)
    chunks.push(matches.slice(i, i + BATCH_GET_LIMIT));
  const found = new Map<string, Item>();
  await Promise.all(
    chunks.map(async (chunk) => {
      let keys: Item[] = chunk.map((m) => ({ pk: m.pk, sk: m.sk }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt === UNPROCESSED_ATTEMPTS)
          throw new Error(`BatchGetItem left ${keys.length} keys unprocessed after ${attempt} attempts`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        const { Responses, UnprocessedKeys } = await db.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }),
        );
        for (const item of Responses?.[table] ?? []) found.set(keyOf(item), item);
        keys = (UnprocessedKeys?.[table]?.Keys as Item[] | undefined) ?? [];
      }
    }),
  );
  return matches.flatMap((m): Item[] => {
    const item = found.get(keyOf(m));
    return item ? [item] : [];
  });
}

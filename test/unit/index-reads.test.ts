import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/keys.ts';
import { baseItems } from '#shared/adapters/dynamodb/query-all.ts';

type Key = { pk: string; sk: string };

/**
 * A table that answers BatchGetItem from a map, in reverse order, and leaves keys unprocessed the
 * first `throttled` times (the fault DynamoDB answers under throttling).
 */
function fakeTable(items: Record<string, unknown>[], throttled = 0) {
  const calls: Key[][] = [];
  const db = {
    send: async (command: unknown) => {
      if (!(command instanceof BatchGetCommand)) throw new Error('unexpected command');
      const asked = command.input.RequestItems?.t?.Keys as Key[];
      calls.push(asked);
      const [served, left] = calls.length <= throttled ? [asked.slice(1), asked.slice(0, 1)] : [asked, []];
      const found = served
        .map((k) => items.find((i) => i.pk === k.pk && i.sk === k.sk))
        .filter(Boolean)
        .reverse();
      return { Responses: { t: found }, UnprocessedKeys: left.length > 0 ? { t: { Keys: left } } : {} };
    },
  } as unknown as DynamoDBDocumentClient;
  return { db, calls };
}

// Real keys (a region's), so the fake table matches on what baseItems really sends.
const item = (n: number) => ({ ...keys.region(`r${n}`), n, secret: `whole-${n}` });
const match = (n: number) => ({ ...keys.region(`r${n}`), status: 'X' });

describe('reading an index query’s items from the table (baseItems)', () => {
  it('returns the whole items in the index’s order, whatever order the batch answers in', async () => {
    const { db } = fakeTable([1, 2, 3].map(item));
    expect(await baseItems(db, 't', [match(3), match(1), match(2)])).toEqual([item(3), item(1), item(2)]);
  });

  it('leaves out a match whose item was deleted since the index was read', async () => {
    const { db } = fakeTable([item(1)]);
    expect(await baseItems(db, 't', [match(1), match(2)])).toEqual([item(1)]);
  });

  it('asks again for the keys the table left unprocessed', async () => {
    const { db, calls } = fakeTable([1, 2].map(item), 2);
    expect(await baseItems(db, 't', [match(1), match(2)])).toEqual([item(1), item(2)]);
    expect(calls.map((keys) => keys.length)).toEqual([2, 1, 1]);
  });

  it('reads at most 100 keys a call', async () => {
    const all = Array.from({ length: 250 }, (_, n) => n);
    const { db, calls } = fakeTable(all.map(item));
    expect(await baseItems(db, 't', all.map(match))).toHaveLength(250);
    expect(calls.map((keys) => keys.length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
  });

  it('makes no call for no match', async () => {
    const { db, calls } = fakeTable([]);
    expect(await baseItems(db, 't', [])).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});

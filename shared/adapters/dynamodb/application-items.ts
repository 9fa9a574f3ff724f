import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Application, ApplicationEvent } from '../../domain/applications/application.ts';
import { OPEN_STATUSES } from '../../domain/applications/state-machine.ts';
import { auditDay, type ChainHead, EMPTY_HEAD, linkEvents } from '../../domain/audit/chain.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * How an application and its events are stored, shared by every repository that writes them (the
 * application repository, and the payment repository when a payment settles the file).
 */

/** Drafts stay out of the commune worklist (sparse gsi2); submitted files are in its OPEN or CLOSED partition. */
export const applicationItem = (a: Application) => ({
  ...keys.application(a.id, a.professionalId, a.createdAt),
  ...(a.status === 'DRAFT'
    ? {}
    : keys.communeWorklist(a.communeId, OPEN_STATUSES.includes(a.status), a.deadlineDate, a.id)),
  entity: 'Application',
  ...a,
});

/** The `Put` of a state change: the application as it becomes, only if nobody changed it since `expectedVersion`. */
export const applicationPut = (table: string, next: Application, expectedVersion: number) => ({
  Put: {
    TableName: table,
    Item: applicationItem(next),
    ConditionExpression: 'version = :expected',
    ExpressionAttributeValues: { ':expected': expectedVersion },
  },
});

/** The head of an application's chain, read strongly consistent (none yet: seq 0, genesis hash). */
export async function readChainHead(
  db: DynamoDBDocumentClient,
  table: string,
  applicationId: string,
): Promise<ChainHead> {
  const { Item } = await db.send(
    new GetCommand({ TableName: table, Key: keys.auditHead(applicationId), ConsistentRead: true }),
  );
  return Item ? { seq: Number(Item.seq), hash: String(Item.hash) } : EMPTY_HEAD;
}

/**
 * The writes that append `events` to an application's chain after `head`: each event at its
 * position (`attribute_not_exists`: one event per position) and the head moved from `head` to the
 * last event, conditional on still being `head`. Two writers that read the same head cannot both
 * commit: the second transaction is cancelled, so the chain never forks.
 */
export function chainWrites(
  table: string,
  applicationId: string,
  head: ChainHead,
  events: ApplicationEvent[],
): TransactItem[] {
  const { linked, head: next } = linkEvents(head, events);
  return [
    ...linked.map((e) => ({
      Put: {
        TableName: table,
        Item: { ...keys.applicationEvent(applicationId, e.seq, auditDay(e.at)), entity: 'Event', ...e },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
    {
      Put: {
        TableName: table,
        Item: { ...keys.auditHead(applicationId), entity: 'AuditHead', applicationId, ...next },
        ...(head.seq === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'seq = :seq AND #hash = :hash',
              ExpressionAttributeNames: { '#hash': 'hash' },
              ExpressionAttributeValues: { ':seq': head.seq, ':hash': head.hash },
            }),
      },
    },
  ];
}

/**
 * Writes `items` and appends `events` (all of one application) to its chain in one transaction.
 * When only the chain's writes failed (another writer appended first), the head is read again and
 * the transaction retried; any other failure is thrown to the caller's own handling unchanged
 * (the chain's writes come last, so cancellation reasons keep the caller's indices).
 */
export async function transactWithEvents(
  db: DynamoDBDocumentClient,
  table: string,
  items: TransactItem[],
  events: ApplicationEvent[],
): Promise<void> {
  const applicationId = events[0]?.applicationId;
  if (!applicationId) {
    await db.send(new TransactWriteCommand({ TransactItems: items }));
    return;
  }
  if (events.some((e) => e.applicationId !== applicationId))
    throw new Error('transactWithEvents: events of several applications in one transaction');
  for (let attempt = 1; ; attempt++) {
    const head = await readChainHead(db, table, applicationId);
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [...items, ...chainWrites(table, applicationId, head, events)],
        }),
      );
      return;
    } catch (error) {
      const reasons = cancellationReasons(error);
      const callerFailed = reasons.slice(0, items.length).some((r) => r !== 'None');
      const chainFailed = reasons.slice(items.length).some((r) => r !== 'None');
      const retryable =
        (chainFailed && !callerFailed) ||
        (error as { name?: string }).name === 'TransactionConflictException';
      if (!retryable || attempt >= MAX_COUNTER_ATTEMPTS) throw error;
      await backOff(attempt);
    }
  }
}

/**
 * The `Put` that moves a gapless counter from `current` to `current + 1`, only if nobody moved it
 * since it was read. Put in the same transaction as what consumes the number, a number is never
 * taken without its record, so the sequence has no gaps.
 */
export const nextSequencePut = (
  table: string,
  key: { pk: string; sk: string },
  current: number,
  attributes: Record<string, unknown>,
) => ({
  Put: {
    TableName: table,
    Item: { ...key, entity: 'Counter', sequence: current + 1, ...attributes },
    ConditionExpression: current === 0 ? 'attribute_not_exists(pk)' : '#seq = :current',
    ...(current === 0
      ? {}
      : {
          ExpressionAttributeNames: { '#seq': 'sequence' },
          ExpressionAttributeValues: { ':current': current },
        }),
  },
});

/** A cancelled transaction that lost a race (condition or conflict): worth retrying on fresh reads. */
export const lostRace = (error: unknown): boolean =>
  isConditionFailure(error) || (error as { name?: string }).name === 'TransactionConflictException';

/** Jittered back-off between retries of a contended counter (grows with the attempt, capped at 200 ms). */
export const backOff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * attempt)));

/** Attempts before a contended counter gives up with a 409 (50 concurrent writers converge well before). */
export const MAX_COUNTER_ATTEMPTS = 60;

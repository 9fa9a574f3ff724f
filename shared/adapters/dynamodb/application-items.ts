import { randomUUID } from 'node:crypto';
import type { Application, ApplicationEvent } from '../../domain/applications/application.ts';
import { OPEN_STATUSES } from '../../domain/applications/state-machine.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';

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

/**
 * Events sort by time, then by the application version they produced and their place in the
 * transaction, so events stamped with the same instant keep the order in which they happened.
 */
export const applicationEventItem = (e: ApplicationEvent, version: number, index = 0) => ({
  ...keys.event(
    `APPLICATION#${e.applicationId}`,
    e.at,
    `${String(version).padStart(6, '0')}.${index}.${randomUUID().slice(0, 4)}`,
  ),
  entity: 'Event',
  ...e,
});

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

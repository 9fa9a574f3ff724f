import * as z from 'zod/mini';
import { ApplicationEvent } from '../applications/application.ts';
import { canonicalJson, sha256Hex } from './canonical.ts';

/**
 * An application's events form a hash chain. Event n (from 1) carries `seq = n`, the previous
 * event's hash as `prevHash` (64 zeros for the first) and `hash = SHA-256(JCS(content))` in lower-case
 * hex, where the content is every attribute of the stored event except its table keys and `hash`
 * itself: the event (application, type, time, actor, role, statuses, details) plus `seq` and
 * `prevHash`. An edit to any attribute, a new attribute, or a move to another position changes the
 * hash; removing or inserting an event breaks the next event's `prevHash`.
 */
export const GENESIS_HASH = /* @__PURE__ */ (() => '0'.repeat(64))();

export const ChainLink = /* @__PURE__ */ (() =>
  z.object({
    seq: z.number().check(z.int(), z.positive()),
    prevHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
    hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  }))();
export type ChainLink = z.infer<typeof ChainLink>;

/** An event as recorded: the event and its place in the application's chain. */
export const RecordedEvent = /* @__PURE__ */ (() => z.extend(ApplicationEvent, ChainLink.shape))();
export type RecordedEvent = z.infer<typeof RecordedEvent>;

/** The attributes of a stored event that are not its content (table keys, the index, and the hash). */
export const NON_CONTENT_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity', 'hash'] as const;

/** The hash of a stored event, computed from its content (whatever attributes it holds now). */
export function eventHash(stored: Record<string, unknown>): string {
  const content: Record<string, unknown> = { ...stored };
  for (const name of NON_CONTENT_ATTRIBUTES) delete content[name];
  return sha256Hex(canonicalJson(content));
}

/** The head of a chain: the last event's position and hash (seq 0 and the genesis hash when empty). */
export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** Links new events after `head`, in order; returns them and the new head. */
export function linkEvents(
  head: ChainHead,
  events: ApplicationEvent[],
): { linked: RecordedEvent[]; head: ChainHead } {
  let current = head;
  const linked = events.map((event) => {
    const content = { ...event, seq: current.seq + 1, prevHash: current.hash };
    const recorded = { ...content, hash: eventHash(content) };
    current = { seq: recorded.seq, hash: recorded.hash };
    return recorded;
  });
  return { linked, head: current };
}

/** The UTC day an event belongs to for the daily roots. */
export const auditDay = (at: string): string => new Date(at).toISOString().slice(0, 10);

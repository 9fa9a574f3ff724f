import { verify } from 'node:crypto';
import { auditDay, eventHash, GENESIS_HASH } from './chain.ts';
import { type DayLeaf, dayRoot, rootStatement, type SealedRoot } from './daily-root.ts';

/**
 * What `verify:audit` finds. `edited`: an event's content no longer matches its hash. `deleted`: a
 * position of the chain has no event (a gap, or a tail the head still counts). `inserted`: an event
 * that does not link to the one before it, sits at a key that is not its position, or lies beyond
 * the head. `head`: the head does not name the last event. `root` / `signature`: a published daily
 * root that the events no longer produce, or whose seal does not verify.
 */
export type FindingKind = 'edited' | 'deleted' | 'inserted' | 'head' | 'root' | 'signature';

export interface Finding {
  kind: FindingKind;
  applicationId?: string;
  seq?: number;
  date?: string;
  detail: string;
}

/**
 * Checks every chain from the raw table items of application partitions (events `EVENT#…` and heads
 * `AUDIT_HEAD`, with their keys). Returns the findings and the day leaves recomputed from the events'
 * current content, for the daily roots.
 */
/** How chain items are keyed: the adapter's (auditChainLayout in keys.ts); the domain does not spell keys. */
export interface ChainLayout {
  /** The application whose partition this is, or undefined for any other partition. */
  applicationOf(pk: string): string | undefined;
  isHead(sk: unknown): boolean;
  isEvent(sk: unknown): boolean;
  /** The sort key of the event at this chain position. */
  eventAt(seq: number): string;
}

export function verifyChains(
  items: Record<string, unknown>[],
  layout: ChainLayout,
): {
  findings: Finding[];
  leaves: Map<string, DayLeaf[]>;
} {
  const byApplication = new Map<
    string,
    { events: Record<string, unknown>[]; head?: Record<string, unknown> }
  >();
  for (const item of items) {
    const pk = String(item.pk);
    const id = layout.applicationOf(pk);
    if (id === undefined) continue;
    const entry = byApplication.get(id) ?? { events: [] };
    if (layout.isHead(item.sk)) entry.head = item;
    else if (layout.isEvent(item.sk)) entry.events.push(item);
    else continue;
    byApplication.set(id, entry);
  }

  const findings: Finding[] = [];
  const leaves = new Map<string, DayLeaf[]>();
  for (const [applicationId, { events, head }] of [...byApplication].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const at = (kind: FindingKind, seq: number | undefined, detail: string) =>
      findings.push({ kind, applicationId, ...(seq === undefined ? {} : { seq }), detail });
    const positioned: { seq: number; item: Record<string, unknown> }[] = [];
    for (const item of events) {
      const seq = item.seq;
      if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || item.sk !== layout.eventAt(seq)) {
        at(
          'inserted',
          typeof seq === 'number' ? seq : undefined,
          `event ${String(item.sk)} is not at its chain position`,
        );
        continue;
      }
      if (item.applicationId !== applicationId) at('inserted', seq, 'event of another application');
      positioned.push({ seq, item });
    }
    positioned.sort((a, b) => a.seq - b.seq);

    let expected = 1;
    let previousHash = GENESIS_HASH;
    for (const { seq, item } of positioned) {
      const gap = seq > expected;
      for (let missing = expected; missing < seq; missing++)
        at('deleted', missing, `no event at position ${missing}`);
      const recomputed = eventHash(item);
      if (recomputed !== item.hash) at('edited', seq, 'the content does not match the stored hash');
      else if (!gap && item.prevHash !== previousHash)
        at('inserted', seq, 'prevHash does not name the previous event');
      previousHash = String(item.hash);
      expected = seq + 1;
      const day = typeof item.at === 'string' ? auditDay(item.at) : 'invalid';
      const ofDay = leaves.get(day) ?? [];
      ofDay.push({ applicationId, seq, hash: recomputed });
      leaves.set(day, ofDay);
    }

    const last = expected - 1;
    if (!head) {
      if (last > 0) at('head', undefined, 'the chain head is missing');
      continue;
    }
    const headSeq = Number(head.seq);
    for (let missing = last + 1; missing <= headSeq; missing++)
      at('deleted', missing, `no event at position ${missing} (the head counts ${headSeq})`);
    if (headSeq < last) at('inserted', headSeq + 1, `events beyond the head (seq ${headSeq})`);
    else if (headSeq === last && head.hash !== previousHash)
      at('head', last, 'the head hash does not match the last event');
  }
  return { findings, leaves };
}

/** Checks published roots against the recomputed leaves, and their seals against the public key. */
export function verifyRoots(
  published: SealedRoot[],
  leaves: Map<string, DayLeaf[]>,
  publicKeyPem: string,
): Finding[] {
  const findings: Finding[] = [];
  for (const root of published) {
    const date = root.date;
    const expectedStatement = rootStatement(root.date, root.count, root.root, root.keyId);
    const signed =
      root.statement === expectedStatement &&
      verify(
        'sha256',
        Buffer.from(root.statement, 'utf8'),
        publicKeyPem,
        Buffer.from(root.signature, 'base64'),
      );
    if (!signed) findings.push({ kind: 'signature', date, detail: 'the seal signature does not verify' });
    const now = dayRoot(leaves.get(date) ?? []);
    if (now.root !== root.root || now.count !== root.count)
      findings.push({
        kind: 'root',
        date,
        detail: `the day's events give ${now.count} events and root ${now.root.slice(0, 16)}…, the sealed root has ${root.count} and ${root.root.slice(0, 16)}…`,
      });
  }
  return findings;
}

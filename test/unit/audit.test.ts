import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditChainLayout, keys, sortKeys } from '#shared/adapters/dynamodb/keys.ts';
import type { ApplicationEvent } from '#shared/domain/applications/application.ts';
import { canonicalJson } from '#shared/domain/audit/canonical.ts';
import { EMPTY_HEAD, eventHash, GENESIS_HASH, linkEvents } from '#shared/domain/audit/chain.ts';
import { dayRoot, previousDay, rootStatement, type SealedRoot } from '#shared/domain/audit/daily-root.ts';
import { merkleRoot } from '#shared/domain/audit/merkle.ts';
import { verifyChains, verifyRoots } from '#shared/domain/audit/verify.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('serializes the RFC 8785 §3.2.2 sample as the RFC prints it', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units (RFC 8785 §3.2.3), at every depth, and drops undefined', () => {
    const input = {
      '\u20ac': 'Euro',
      '\r': 'CR',
      '\ufb33': 'Hebrew',
      '1': 'One',
      '\ud83d\ude00': 'Smiley',
      '\u0080': 'Control',
      '\u00f6': 'ö',
    };
    // (Read the values off the text: JSON.parse would put the integer-like key first again.)
    expect([...canonicalJson(input).matchAll(/:"([^"]+)"/g)].map((m) => m[1])).toEqual([
      'CR',
      'One',
      'Control',
      'ö',
      'Euro',
      'Smiley',
      'Hebrew',
    ]);
    expect(canonicalJson({ b: { d: 1, c: [{ z: 1, y: undefined }] }, a: 'x', u: undefined })).toBe(
      '{"a":"x","b":{"c":[{"z":1}],"d":1}}',
    );
  });
});

describe('Merkle tree hash (RFC 6962)', () => {
  // The certificate-transparency reference vectors: leaf data and the root of the first n leaves.
  const data = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('gives the reference roots for 0 to 8 leaves', () => {
    expect(merkleRoot([])).toBe(createHash('sha256').digest('hex'));
    roots.forEach((root, i) => {
      expect(merkleRoot(data.slice(0, i + 1)), `${i + 1} leaves`).toBe(root);
    });
  });
});

const event = (applicationId: string, n: number, at = '2026-03-02T10:00:00.000Z'): ApplicationEvent => ({
  applicationId,
  type: n === 1 ? 'APPLICATION_CREATED' : 'APPLICATION_UPDATED',
  at,
  actor: 'pro-1',
  role: 'professional',
  details: { n, fields: ['project'] },
});

const chains = (items: Record<string, unknown>[]) => verifyChains(items, auditChainLayout);
/** Items as the table holds them: keys, entity, the linked event; and the head. */
function storedChain(applicationId: string, count: number, at?: string) {
  const { linked, head } = linkEvents(
    EMPTY_HEAD,
    Array.from({ length: count }, (_, i) => event(applicationId, i + 1, at)),
  );
  const items: Record<string, unknown>[] = linked.map((e) => ({
    ...keys.applicationEvent(applicationId, e.seq, e.at.slice(0, 10)),
    entity: 'Event',
    ...e,
  }));
  items.push({
    ...keys.auditHead(applicationId),
    entity: 'AuditHead',
    applicationId,
    ...head,
  });
  return items;
}

describe('hash chain', () => {
  it('links each event to the previous one and hashes its content without keys', () => {
    const items = storedChain('app-1', 3);
    const [first, second] = items as [Record<string, unknown>, Record<string, unknown>];
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(eventHash(first)).toBe(first.hash);
    // Keys and index attributes are not content: the same event elsewhere in the table hashes the same.
    expect(eventHash({ ...first, pk: 'X', gsi1pk: 'Y' })).toBe(first.hash);
    expect(eventHash({ ...first, actor: 'someone-else' })).not.toBe(first.hash);
    expect(eventHash({ ...first, extra: 1 })).not.toBe(first.hash);
  });

  it('finds nothing in untouched chains', () => {
    expect(chains([...storedChain('a', 4), ...storedChain('b', 1)]).findings).toEqual([]);
  });

  it('reports an edited event with its position', () => {
    const items = storedChain('a', 4);
    (items[1] as Record<string, unknown>).actor = 'intruder';
    expect(chains(items).findings).toEqual([
      expect.objectContaining({ kind: 'edited', applicationId: 'a', seq: 2 }),
    ]);
  });

  it('reports an event replaced with a recomputed hash at the link it breaks', () => {
    const items = storedChain('a', 4);
    const second = items[1] as Record<string, unknown>;
    second.actor = 'intruder';
    second.hash = eventHash(second);
    expect(chains(items).findings).toEqual([
      expect.objectContaining({ kind: 'inserted', applicationId: 'a', seq: 3 }),
    ]);
  });

  it('reports a deleted event in the middle and at the end', () => {
    const middle = storedChain('a', 4).filter((i) => i.sk !== sortKeys.applicationEvent(2));
    expect(chains(middle).findings).toEqual([
      expect.objectContaining({ kind: 'deleted', applicationId: 'a', seq: 2 }),
    ]);
    const last = storedChain('a', 4).filter((i) => i.sk !== sortKeys.applicationEvent(4));
    expect(chains(last).findings).toEqual([
      expect.objectContaining({ kind: 'deleted', applicationId: 'a', seq: 4 }),
    ]);
  });

  it('reports an inserted event off its position, or beyond the head', () => {
    const items = storedChain('a', 2);
    const forged = {
      ...(items[1] as Record<string, unknown>),
      sk: `${sortKeys.applicationEvent(1)}.5`,
      seq: 1,
    };
    expect(chains([...items, forged]).findings).toEqual([
      expect.objectContaining({ kind: 'inserted', applicationId: 'a' }),
    ]);
    const longer = storedChain('a', 3);
    const beyond = [...longer.slice(0, 3), ...storedChain('a', 2).slice(2)];
    expect(chains(beyond).findings).toEqual([
      expect.objectContaining({ kind: 'inserted', applicationId: 'a', seq: 3 }),
    ]);
  });
});

describe('daily roots', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  function seal(items: Record<string, unknown>[], date: string): SealedRoot {
    const { leaves } = chains(items);
    const { root, count } = dayRoot(leaves.get(date) ?? []);
    const statement = rootStatement(date, count, root, 'key-1');
    return {
      date,
      count,
      root,
      statement,
      signature: sign('sha256', Buffer.from(statement), privateKey).toString('base64'),
      algorithm: 'ECDSA_SHA_256',
      keyId: 'key-1',
      sealedAt: '2026-03-03T01:00:00.000Z',
    };
  }

  it('orders leaves by application then seq, whatever order they come in', () => {
    const leaves = [
      { applicationId: 'b', seq: 1, hash: 'aa'.repeat(32) },
      { applicationId: 'a', seq: 2, hash: 'bb'.repeat(32) },
      { applicationId: 'a', seq: 1, hash: 'cc'.repeat(32) },
    ];
    expect(dayRoot(leaves)).toEqual(dayRoot([...leaves].reverse()));
    expect(dayRoot(leaves).root).toBe(merkleRoot(['cc'.repeat(32), 'bb'.repeat(32), 'aa'.repeat(32)]));
  });

  it('verifies a sealed day, and reports a changed event or a forged signature', () => {
    const items = [
      ...storedChain('a', 3),
      ...storedChain('b', 2),
      ...storedChain('c', 1, '2026-03-03T09:00:00.000Z'),
    ];
    const sealed = seal(items, '2026-03-02');
    expect(sealed.count).toBe(5);
    const { leaves } = chains(items);
    expect(verifyRoots([sealed], leaves, pem)).toEqual([]);

    // An event rewritten with its whole chain recomputed passes the chain check, not the root.
    const rewritten = storedChain('a', 3).map((i) => (i.sk === sortKeys.applicationEvent(1) ? { ...i } : i));
    const { linked, head } = linkEvents(EMPTY_HEAD, [
      { ...event('a', 1), actor: 'intruder' },
      event('a', 2),
      event('a', 3),
    ]);
    const forgedChain = linked.map((e) => ({ ...(rewritten[e.seq - 1] as object), ...e }));
    const forged = [...forgedChain, { ...(rewritten[3] as object), ...head }, ...storedChain('b', 2)];
    const check = chains(forged);
    expect(check.findings).toEqual([]);
    expect(verifyRoots([sealed], check.leaves, pem)).toEqual([
      expect.objectContaining({ kind: 'root', date: '2026-03-02' }),
    ]);

    const badSignature = { ...sealed, root: 'ff'.repeat(32) };
    expect(
      verifyRoots([badSignature], leaves, pem)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['root', 'signature']);
  });

  it('seals the previous UTC day', () => {
    expect(previousDay(new Date('2026-03-01T00:30:00Z'))).toBe('2026-02-28');
  });
});

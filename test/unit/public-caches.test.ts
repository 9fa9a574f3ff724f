import { describe, expect, it } from 'vitest';
import { MemoryCache } from '#shared/adapters/memory-cache.ts';
import type { Permit, VerificationResult } from '#shared/domain/signing/permit.ts';
import type { SigningKey } from '#shared/domain/signing/signing-key.ts';
import { verifyStoredPermit } from '#shared/domain/signing/use-cases/permits.ts';

/** Issue 17, finding 11: the expensive public answers are kept, and only as long as they hold. */
describe('MemoryCache', () => {
  it('keeps a value for its time to live, then computes it again', async () => {
    let now = 0;
    const cache = new MemoryCache<number>({ max: 10, ttlMs: 60_000, now: () => now });
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now = 59_999;
    expect(await cache.getOrCompute('k', compute)).toBe(1);
    now = 60_000;
    expect(await cache.getOrCompute('k', compute)).toBe(2);
  });

  it('drops the least recently used entry beyond its size, and keeps nothing with a zero time to live', () => {
    const cache = new MemoryCache<string>({ max: 2, ttlMs: 1000 });
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A'); // a is now the most recent
    cache.set('c', 'C');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    const off = new MemoryCache<string>({ max: 2, ttlMs: 0 });
    off.set('a', 'A');
    expect(off.get('a')).toBeUndefined();
  });

  it('keeps no failure', async () => {
    const cache = new MemoryCache<number>({ max: 1, ttlMs: 1000 });
    await expect(cache.getOrCompute('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrCompute('k', async () => 7)).toBe(7);
  });
});

describe('verifying a stored permit', () => {
  const permit = {
    permitNumber: 'RK-CAS-CASABLANCA-2026-00001',
    keyId: 'key-1',
    keyFingerprint: 'f',
    procedureCode: 'building-permit',
    procedureLabelFr: 'Permis de construire',
    communeNameFr: 'Casablanca',
    issuedAt: '2026-11-28T10:00:00.000Z',
    signedAt: '2026-11-28T10:00:00.000Z',
    signatory: { name: 'Démo', title: 'Président', username: 'demo-signatory' },
    sha256: 'none',
    pdf: { key: 'permits/RK-CAS-CASABLANCA-2026-00001.pdf', versionId: 'v1' },
  } as unknown as Permit;
  const setUp = () => {
    const key = { keyId: 'key-1', status: 'ACTIVE', certificatePem: 'x' } as unknown as SigningKey;
    const reads: string[] = [];
    const deps = {
      permits: { get: async () => permit } as never,
      keys: { get: async () => key } as never,
      authority: { get: async () => undefined },
      storage: {
        get: async (k: string) => {
          reads.push(k);
          return new TextEncoder().encode('%PDF-1.7 not a signed permit');
        },
      } as never,
      memo: new MemoryCache<VerificationResult>({ max: 10, ttlMs: 60_000 }),
    };
    return { key, reads, deps };
  };

  it('reads and checks the PDF once, then answers from the memo', async () => {
    const { reads, deps } = setUp();
    const first = await verifyStoredPermit(deps, permit.permitNumber);
    const again = await verifyStoredPermit(deps, permit.permitNumber);
    expect(again).toEqual(first);
    expect(reads).toHaveLength(1);
  });

  it('checks again as soon as the key is revoked (the answer depends on it)', async () => {
    const { key, reads, deps } = setUp();
    await verifyStoredPermit(deps, permit.permitNumber);
    Object.assign(key, { status: 'REVOKED', revokedAt: '2026-11-29T10:00:00.000Z' });
    const after = await verifyStoredPermit(deps, permit.permitNumber);
    expect(reads).toHaveLength(2);
    expect(after.permit.keyStatus).toBe('REVOKED');
  });
});

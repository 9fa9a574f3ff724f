import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import {
  assertSessionActive,
  endOwnSessions,
  type SessionRevocations,
} from '#shared/domain/identity/session.ts';

/** An in-memory marker store (the DynamoDB adapter's own rule, never moving back, is in test/integration/rollout.test.ts). */
function markers() {
  const revokedAt = new Map<string, string>();
  const store: SessionRevocations = {
    async revokeUntil(username, at) {
      const current = revokedAt.get(username);
      if (!current || current < at) revokedAt.set(username, at);
    },
  };
  return { store, revokedAt };
}

const refusal = (marker: { revokedAt?: string }, iat: number) => {
  try {
    assertSessionActive(marker, iat);
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.type : String(error);
  }
};

describe('ending my own sessions', () => {
  const now = new Date('2026-12-01T03:00:05.750Z');
  const second = Date.parse('2026-12-01T03:00:05Z') / 1000;

  it('refuses every token issued before the current second, and spares the current one (the next sign-in)', async () => {
    const { store, revokedAt } = markers();
    const ended = await endOwnSessions(store, { username: 'contact-1' }, now);
    expect(ended).toEqual({ endedBefore: '2026-12-01T03:00:05.000Z' });
    const marker = { revokedAt: revokedAt.get('contact-1') as string };
    expect(marker.revokedAt).toBe('2026-12-01T03:00:04.999Z');
    expect(refusal(marker, second - 1)).toBe('session-revoked');
    expect(refusal(marker, second - 3600)).toBe('session-revoked');
    expect(refusal(marker, second)).toBeUndefined();
    expect(refusal(marker, second + 1)).toBeUndefined();
  });
});

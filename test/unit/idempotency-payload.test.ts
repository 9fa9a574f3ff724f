import { describe, expect, it } from 'vitest';
import { idempotencyPayload } from '#shared/http/idempotency.ts';

describe('the idempotency validation payload', () => {
  it('keeps no secret, only that one was sent and its type', () => {
    const payload = idempotencyPayload(
      JSON.stringify({ email: 'a@b.ma', password: 'Correct-horse-1', nested: { pin: 1234 } }),
    );
    expect(payload).toEqual({
      email: 'a@b.ma',
      password: '<secret string>',
      nested: { pin: '<secret number>' },
    });
    expect(JSON.stringify(payload)).not.toContain('Correct-horse-1');
  });

  it('tells a retry without the secret from the first request, so it is refused rather than replayed', () => {
    const first = idempotencyPayload(JSON.stringify({ email: 'a@b.ma', password: 'Correct-horse-1' }));
    const sameSecretChanged = idempotencyPayload(
      JSON.stringify({ email: 'a@b.ma', password: 'Other-horse-22' }),
    );
    const secretDropped = idempotencyPayload(JSON.stringify({ email: 'a@b.ma' }));
    expect(sameSecretChanged).toEqual(first);
    expect(secretDropped).not.toEqual(first);
  });
});

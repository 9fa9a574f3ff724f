import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors.ts';
import {
  canSign,
  expiryFor,
  FINAL_KEY_STATUSES,
  KEY_STATUSES,
  KEY_TRANSITIONS,
  type KeyAction,
  type KeyStatus,
  keyActorsOf,
  keyTransition,
  registerPinAttempt,
} from '#shared/domain/signing/key-lifecycle.ts';
import {
  generatePin,
  hashPin,
  isTrivialPin,
  LOCAL_SCRYPT_N,
  measurePinVerification,
  newHashCost,
  PIN_POLICY,
  parsePinHash,
  SCRYPT_PARAMS,
  validateNewPin,
  verifyPin,
} from '#shared/domain/signing/pin.ts';
import { statusOf } from '#shared/http/problem.ts';

/** A cheap hash (N=2^10) in the stored format, to test verification without paying OWASP cost. */
function cheapHash(pin: string, salt = Buffer.alloc(16, 7)): string {
  const hash = scryptSync(pin, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('PIN_POLICY', () => {
  it('is 6–8 digits and 5 attempts', () => {
    expect(PIN_POLICY).toEqual({ minLength: 6, maxLength: 8, maxAttempts: 5 });
  });
});

describe('generatePin', () => {
  it.each([6, 7, 8])('draws %i digits only, never trivial, over 2,000 draws', (length) => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const pin = generatePin(length);
      expect(pin).toMatch(new RegExp(`^[0-9]{${length}}$`));
      expect(isTrivialPin(pin)).toBe(false);
      seen.add(pin);
    }
    // 2,000 draws among ≥10^6 values: collisions are rare, a broken generator would repeat a lot.
    expect(seen.size).toBeGreaterThan(1980);
  });

  it('defaults to 6 digits and uses every digit in every position', () => {
    const perPosition = Array.from({ length: 6 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const pin = generatePin();
      expect(pin).toHaveLength(6);
      [...pin].forEach((digit, position) => {
        perPosition[position]?.add(digit);
      });
    }
    for (const digits of perPosition) expect(digits.size).toBe(10);
  });

  it.each([5, 9, 0, -6, 6.5, Number.NaN])('rejects length %s', (length) => {
    expect(() => generatePin(length)).toThrow(RangeError);
  });
});

describe('isTrivialPin', () => {
  it.each([
    ['000000', 'all the same digit'],
    ['99999999', 'all the same digit (8)'],
    ['111112', 'fewer than 3 distinct digits'],
    ['100000', 'fewer than 3 distinct digits'],
    ['121212', 'repeated pair'],
    ['123123', 'repeated triple'],
    ['12341234', 'repeated quadruple'],
    ['1231231', 'repeated triple, odd length'],
    ['123456', 'ascending run'],
    ['2345678', 'ascending run (7)'],
    ['987654', 'descending run'],
    ['890123', 'ascending run wrapping past 9'],
    ['210987', 'descending run wrapping past 0'],
    ['135791', 'stepped run'],
    ['147036', 'stepped run (step 3)'],
    ['112233', 'doubled run'],
    ['998877', 'doubled descending run'],
    ['11223344', 'doubled run (8)'],
    ['654321', 'descending run'],
    ['147258', 'keypad columns'],
    ['159753', 'keypad cross'],
    ['123321', 'mirrored run'],
    ['102030', 'counting by tens'],
  ])('%s is trivial (%s)', (pin) => {
    expect(isTrivialPin(pin)).toBe(true);
  });

  it.each(['583920', '402817', '9051736', '73019482', '124578', '123457', '112234', '890124', '385027'])(
    '%s is not trivial',
    (pin) => {
      expect(isTrivialPin(pin)).toBe(false);
    },
  );

  it.each(['', 'abcdef', '12a456', ' 583920'])('non-digit input %j is invalid, not trivial', (pin) => {
    expect(isTrivialPin(pin)).toBe(false);
  });
});

describe('the cost of new PIN hashes', () => {
  it('is 2^17 unless PIN_SCRYPT_N lowers it, which only the local stage (or none: tests) honours', () => {
    expect(newHashCost({})).toBe(SCRYPT_PARAMS.N);
    expect(SCRYPT_PARAMS.N).toBe(131_072);
    expect(newHashCost({ PIN_SCRYPT_N: '16384' })).toBe(LOCAL_SCRYPT_N);
    expect(newHashCost({ PIN_SCRYPT_N: '16384', STAGE: 'local' })).toBe(16_384);
    expect(newHashCost({ PIN_SCRYPT_N: '32768', STAGE: 'local' })).toBe(32_768);
    for (const stage of ['prod', 'staging', ''])
      expect(newHashCost({ PIN_SCRYPT_N: '16384', STAGE: stage })).toBe(SCRYPT_PARAMS.N);
  });
  it.each(['1024', '20000', '262144', 'abc', ''])(
    'refuses PIN_SCRYPT_N=%j rather than hash at it',
    (value) => {
      expect(() => newHashCost({ PIN_SCRYPT_N: value })).toThrow(/power of two from 16384 to 131072/);
    },
  );
  it('hashes at the lowered cost where it applies, and the hash verifies like any other', async () => {
    const encoded = await hashPin('583920'); // the test runs set PIN_SCRYPT_N (vitest.config.ts)
    expect(encoded).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPin('583920', encoded)).toBe(true);
    expect(await verifyPin('583921', encoded)).toBe(false);
  });
});

describe('hashPin / verifyPin', () => {
  it('hashes in the scrypt$N$r$p$salt$hash format with fresh salts, and verifies', async () => {
    // The production cost: the test runs' lowered one set aside for this test.
    const lowered = process.env.PIN_SCRYPT_N;
    delete process.env.PIN_SCRYPT_N;
    const [first, second] = await Promise.all([hashPin('583920'), hashPin('583920')]).finally(() => {
      if (lowered !== undefined) process.env.PIN_SCRYPT_N = lowered;
    });
    for (const encoded of [first, second]) {
      expect(encoded).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
      const parsed = parsePinHash(encoded);
      expect(parsed?.salt).toHaveLength(SCRYPT_PARAMS.saltLength);
      expect(parsed?.hash).toHaveLength(SCRYPT_PARAMS.keyLength);
    }
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    expect(first).not.toBe(second);
    expect(first).not.toContain('583920');
    const [right, wrong] = await Promise.all([verifyPin('583920', first), verifyPin('583921', first)]);
    expect(right).toBe(true);
    expect(wrong).toBe(false);
    // Four scrypt runs at N=2^17 (128 MiB each): seconds on a busy 2-core machine.
  }, 60_000);

  it('uses the parameters stored in the hash', async () => {
    const encoded = cheapHash('402817');
    expect(await verifyPin('402817', encoded)).toBe(true);
    expect(await verifyPin('402818', encoded)).toBe(false);
    expect(await verifyPin('', encoded)).toBe(false);
  });

  const good = cheapHash('402817');
  const [, n, r, p, salt, hash] = good.split('$');
  it.each([
    ['empty', ''],
    ['garbage', 'not-a-hash'],
    ['other algorithm', `bcrypt$${n}$${r}$${p}$${salt}$${hash}`],
    ['missing part', `scrypt$${n}$${r}$${p}$${salt}`],
    ['extra part', `${good}$x`],
    ['N not a power of two', `scrypt$1000$${r}$${p}$${salt}$${hash}`],
    ['N too small', `scrypt$512$${r}$${p}$${salt}$${hash}`],
    ['N too large (memory bomb)', `scrypt$${2 ** 24}$${r}$${p}$${salt}$${hash}`],
    ['r too large', `scrypt$${n}$64$${p}$${salt}$${hash}`],
    ['p zero', `scrypt$${n}$${r}$0$${salt}$${hash}`],
    ['non-numeric N', `scrypt$abc$${r}$${p}$${salt}$${hash}`],
    ['bad base64 salt', `scrypt$${n}$${r}$${p}$!!!!$${hash}`],
    ['short salt', `scrypt$${n}$${r}$${p}$AAAA$${hash}`],
    ['short hash', `scrypt$${n}$${r}$${p}$${salt}$AAAA`],
    ['wrong hash', `scrypt$${n}$${r}$${p}$${salt}$${Buffer.alloc(32).toString('base64')}`],
  ])('is false, never throws, on a malformed hash: %s', async (_label, encoded) => {
    await expect(verifyPin('402817', encoded)).resolves.toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['number', 402817],
    ['object', {}],
  ])('is false on a non-string hash or PIN: %s', async (_label, value) => {
    await expect(verifyPin('402817', value as any)).resolves.toBe(false);
    await expect(verifyPin(value as any, good)).resolves.toBe(false);
  });

  it('is false on an absurdly long PIN', async () => {
    await expect(verifyPin('4'.repeat(10_000), good)).resolves.toBe(false);
  });
});

describe('validateNewPin', () => {
  it('accepts a good PIN, with or without a current one', () => {
    expect(validateNewPin('583920')).toEqual([]);
    expect(validateNewPin('73019482', '583920')).toEqual([]);
  });

  it.each([
    ['58392a', /digits/],
    ['５８３９２０', /digits/],
    ['58392', /6 to 8 digits; it has 5/],
    ['583920174', /6 to 8 digits; it has 9/],
    ['123456', /too easy/],
    ['000000', /too easy/],
    ['', /digits/],
  ])('rejects %j', (pin, message) => {
    const problems = validateNewPin(pin);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join(' ')).toMatch(message);
  });

  it('requires the new PIN to differ from the current one', () => {
    expect(validateNewPin('583920', '583920')).toEqual(['The new PIN must differ from the current one.']);
  });

  it('lists every problem at once', () => {
    expect(validateNewPin('12a', '12a')).toHaveLength(3);
  });
});

describe('measurePinVerification', () => {
  it('returns a positive median', async () => {
    const { medianMs } = await measurePinVerification(1);
    expect(medianMs).toBeGreaterThan(0);
    await expect(measurePinVerification(0)).rejects.toThrow(RangeError);
  }, 60_000);
});

describe('key transitions', () => {
  const allowed = KEY_TRANSITIONS.flatMap((rule) =>
    (rule.from as readonly KeyStatus[]).map((from) => [rule.action, from, rule.to] as const),
  );

  it.each(allowed)('%s from %s leads to %s', (action, from, to) => {
    const input = action === 'HAND_TO_CONTACT' ? { trackingNumber: 'EE123456789MA' } : {};
    expect(keyTransition(from, action, input)).toBe(to);
  });

  it('walks the happy path and back through a lock', () => {
    let status: KeyStatus = 'ISSUED';
    status = keyTransition(status, 'HAND_TO_CONTACT', { trackingNumber: 'EE123456789MA' });
    status = keyTransition(status, 'CONFIRM_DELIVERY');
    status = keyTransition(status, 'ACTIVATE');
    expect(status).toBe('ACTIVE');
    status = keyTransition(status, 'LOCK');
    status = keyTransition(status, 'UNLOCK');
    expect(status).toBe('DELIVERED_TO_COMMUNE');
    expect(keyTransition(status, 'ACTIVATE')).toBe('ACTIVE');
  });

  it('forbids every pair that is not in the table', () => {
    let forbidden = 0;
    for (const rule of KEY_TRANSITIONS) {
      for (const status of KEY_STATUSES) {
        if ((rule.from as readonly KeyStatus[]).includes(status)) continue;
        const error = domainError(() =>
          keyTransition(status, rule.action, { trackingNumber: 'EE123456789MA' }),
        );
        expect(statusOf(error)).toBe(409);
        expect(error.type).toBe('invalid-key-transition');
        expect(error.message).toContain(status);
        forbidden++;
      }
    }
    expect(forbidden).toBeGreaterThan(30);
  });

  it.each([
    ['ISSUED', 'ACTIVATE', 'DELIVERED_TO_COMMUNE'],
    ['ISSUED', 'CONFIRM_DELIVERY', 'HANDED_TO_CONTACT'],
    ['HANDED_TO_CONTACT', 'ACTIVATE', 'DELIVERED_TO_COMMUNE'],
    ['ACTIVE', 'UNLOCK', 'LOCKED'],
    ['ISSUED', 'LOCK', 'DELIVERED_TO_COMMUNE or ACTIVE'],
    ['REVOKED', 'UNLOCK', 'LOCKED'],
    ['EXPIRED', 'REVOKE', 'ISSUED or HANDED_TO_CONTACT'],
    ['REVOKED', 'EXPIRE', 'ISSUED'],
    ['LOCKED', 'ACTIVATE', 'DELIVERED_TO_COMMUNE'],
  ] as const)('%s → %s is refused, naming where it is possible (%s)', (status, action, where) => {
    const error = domainError(() => keyTransition(status, action as KeyAction));
    expect(error.message).toMatch(new RegExp(`while the signing key is ${status}; it is possible when`));
    expect(error.message).toContain(where);
    expect(error.details).toMatchObject({ currentStatus: status, action });
  });

  it('ISSUE never applies to an existing key', () => {
    for (const status of KEY_STATUSES) {
      expect(domainError(() => keyTransition(status, 'ISSUE')).message).toMatch(/issued once/);
    }
  });

  it.each([undefined, '', '   ', 'EE12', 'EE 123 456 789 MA', 'x'.repeat(41)])(
    'handing over needs a tracking number (%j refused with 422)',
    (trackingNumber) => {
      const input = trackingNumber === undefined ? {} : { trackingNumber };
      const error = domainError(() => keyTransition('ISSUED', 'HAND_TO_CONTACT', input));
      expect(statusOf(error)).toBe(422);
      expect(error.type).toBe('tracking-number-required');
    },
  );

  it('accepts a tracking number with surrounding spaces and lower case', () => {
    expect(keyTransition('ISSUED', 'HAND_TO_CONTACT', { trackingNumber: ' ee123456789ma ' })).toBe(
      'HANDED_TO_CONTACT',
    );
  });

  it('final statuses have no way out', () => {
    for (const status of FINAL_KEY_STATUSES) {
      expect(KEY_TRANSITIONS.some((rule) => (rule.from as readonly KeyStatus[]).includes(status))).toBe(
        false,
      );
    }
  });

  it('names who may act', () => {
    expect(keyActorsOf('ISSUE')).toEqual(['ministry_admin']);
    expect(keyActorsOf('HAND_TO_CONTACT')).toEqual(['ministry_admin']);
    expect(keyActorsOf('CONFIRM_DELIVERY')).toEqual(['province_contact']);
    expect(keyActorsOf('ACTIVATE')).toEqual(['signatory']);
    expect(keyActorsOf('LOCK')).toEqual(['system']);
    expect(keyActorsOf('UNLOCK')).toEqual(['ministry_admin']);
    expect(keyActorsOf('REVOKE')).toEqual(['ministry_admin']);
    expect(keyActorsOf('EXPIRE')).toEqual(['system']);
  });
});

describe('canSign', () => {
  const now = new Date('2026-06-01T10:00:00Z');
  const key = { status: 'ACTIVE' as KeyStatus, expiresAt: '2028-06-01T10:00:00.000Z', pinChanged: true };

  it('allows an active, unexpired key whose PIN was changed', () => {
    expect(canSign(key, now)).toEqual({ ok: true });
  });

  it.each(KEY_STATUSES.filter((status) => status !== 'ACTIVE'))('refuses a %s key', (status) => {
    const result = canSign({ ...key, status }, now);
    expect(result).toMatchObject({ ok: false, code: 'not-active' });
    if (!result.ok) expect(result.reason).toContain(status);
  });

  it('tells a locked key to ask the ministry', () => {
    const result = canSign({ ...key, status: 'LOCKED' }, now);
    expect(!result.ok && result.reason).toMatch(/5 wrong PINs.*ministry/);
  });

  it.each(['2026-06-01T10:00:00.000Z', '2026-05-31T23:59:59.999Z', 'not a date'])(
    'refuses an expired key (expiresAt %s)',
    (expiresAt) => {
      const result = canSign({ ...key, expiresAt }, now);
      expect(result).toMatchObject({ ok: false, code: 'expired' });
      if (!result.ok) expect(result.reason).toMatch(/expired/);
    },
  );

  it('refuses a key whose PIN was never changed', () => {
    const result = canSign({ ...key, pinChanged: false }, now);
    expect(result).toMatchObject({ ok: false, code: 'pin-not-changed' });
    if (!result.ok) expect(result.reason).toMatch(/changed once/);
  });
});

describe('registerPinAttempt', () => {
  it('locks an active key after 5 consecutive wrong PINs', () => {
    let state = { failedAttempts: 0, status: 'ACTIVE' as KeyStatus };
    for (let attempt = 1; attempt <= 4; attempt++) {
      const next = registerPinAttempt(state, false);
      expect(next).toEqual({
        failedAttempts: attempt,
        status: 'ACTIVE',
        locked: false,
        remainingAttempts: 5 - attempt,
      });
      state = next;
    }
    expect(registerPinAttempt(state, false)).toEqual({
      failedAttempts: 5,
      status: 'LOCKED',
      locked: true,
      remainingAttempts: 0,
    });
  });

  it('locks a delivered key (wrong initial PIN at the first change) too', () => {
    expect(registerPinAttempt({ failedAttempts: 4, status: 'DELIVERED_TO_COMMUNE' }, false)).toMatchObject({
      status: 'LOCKED',
      locked: true,
    });
  });

  it('resets the counter on a correct PIN, so only consecutive failures count', () => {
    const reset = registerPinAttempt({ failedAttempts: 4, status: 'ACTIVE' }, true);
    expect(reset).toEqual({ failedAttempts: 0, status: 'ACTIVE', locked: false, remainingAttempts: 5 });
    let state = { failedAttempts: reset.failedAttempts, status: reset.status };
    for (let i = 0; i < 4; i++) state = registerPinAttempt(state, false);
    expect(state.status).toBe('ACTIVE');
  });

  it.each(['LOCKED', 'REVOKED', 'EXPIRED', 'ISSUED', 'HANDED_TO_CONTACT'] as const)(
    'refuses any attempt on a %s key, even a correct one',
    (status) => {
      for (const correct of [true, false]) {
        const error = domainError(() => registerPinAttempt({ failedAttempts: 5, status }, correct));
        expect(statusOf(error)).toBe(409);
        expect(error.type).toBe('key-not-usable');
      }
    },
  );
});

describe('expiryFor', () => {
  it('is two years after issue by default', () => {
    expect(expiryFor(new Date('2026-03-15T08:30:00.000Z'))).toBe('2028-03-15T08:30:00.000Z');
  });

  it('clamps 29 February to 28 February of a non-leap year', () => {
    expect(expiryFor(new Date('2028-02-29T10:00:00.000Z'))).toBe('2030-02-28T10:00:00.000Z');
    expect(expiryFor(new Date('2028-02-29T10:00:00.000Z'), 4)).toBe('2032-02-29T10:00:00.000Z');
  });

  it('crosses a leap day in between without drifting', () => {
    expect(expiryFor(new Date('2027-03-01T00:00:00.000Z'))).toBe('2029-03-01T00:00:00.000Z');
    expect(expiryFor(new Date('2026-12-31T23:59:59.999Z'), 3)).toBe('2029-12-31T23:59:59.999Z');
  });

  it('rejects an invalid date or duration', () => {
    expect(() => expiryFor(new Date('nope'))).toThrow(RangeError);
    expect(() => expiryFor(new Date(), 0)).toThrow(RangeError);
  });
});

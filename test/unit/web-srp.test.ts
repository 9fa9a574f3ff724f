import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cognitoTimestamp,
  g,
  generateEphemeral,
  modPow,
  N,
  pad,
  passwordClaimSignature,
} from '../../web/src/auth/srp.ts';

/**
 * The browser's SRP against a server written independently with node:crypto, after the checks of
 * Cognito (and of the emulator's verifier, ministack/services/cognito.py): the server derives the
 * verifier from the password, answers B, and recomputes the claim from its own side of the exchange.
 */
const big = (buf: Buffer) => BigInt(`0x${buf.toString('hex') || '0'}`);
const bytes = (n: bigint) => {
  const hex = n.toString(16);
  const even = hex.length % 2 ? `0${hex}` : hex;
  return Buffer.from(/^[89a-f]/.test(even) ? `00${even}` : even, 'hex');
};
const H = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

function server(poolId: string, userId: string, password: string) {
  const poolName = poolId.split('_')[1] as string;
  const salt = randomBytes(16);
  salt[0] = (salt[0] as number) | 0x80; // a salt whose high bit is set must be padded too
  const x = big(H(bytes(big(salt)), H(Buffer.from(`${poolName}${userId}:${password}`))));
  const v = modPow(g, x, N);
  const k = big(H(bytes(N), bytes(g)));
  const b = big(randomBytes(64));
  const B = (k * v + modPow(g, b, N)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  return {
    params: { saltHex: salt.toString('hex'), srpBHex: B.toString(16), secretBlock },
    expected(A: bigint, timestamp: string) {
      const u = big(H(bytes(A), bytes(B)));
      const S = modPow(A * modPow(v, u, N), b, N);
      const prk = createHmac('sha256', bytes(u)).update(bytes(S)).digest();
      const key = createHmac('sha256', prk)
        .update(Buffer.from('Caldera Derived Key\x01'))
        .digest()
        .subarray(0, 16);
      return createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName + userId),
            Buffer.from(secretBlock, 'base64'),
            Buffer.from(timestamp),
          ]),
        )
        .digest('base64');
    },
  };
}

describe('web SRP (Cognito USER_SRP_AUTH)', () => {
  it('pads like the SDKs: a leading zero byte when the high bit is set', () => {
    expect(Buffer.from(pad(0x7fn)).toString('hex')).toBe('7f');
    expect(Buffer.from(pad(0x80n)).toString('hex')).toBe('0080');
    expect(Buffer.from(pad(0xabcn)).toString('hex')).toBe('0abc');
    expect(pad(N)).toHaveLength(385);
  });

  it('k = H(N | g) is the value every Cognito SDK uses', () => {
    expect(H(bytes(N), bytes(g)).toString('hex')).toBe(
      '538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6',
    );
  });

  it('formats the timestamp as "EEE MMM d HH:mm:ss UTC yyyy" with an unpadded day', () => {
    expect(cognitoTimestamp(new Date('2026-11-04T09:05:03Z'))).toBe('Wed Nov 4 09:05:03 UTC 2026');
    expect(cognitoTimestamp(new Date('2027-01-31T23:59:59Z'))).toBe('Sun Jan 31 23:59:59 UTC 2027');
  });

  it('produces the PASSWORD_CLAIM_SIGNATURE the server expects, and a different one for a wrong password', async () => {
    for (let i = 0; i < 3; i++) {
      const s = server('eu-west-3_AbCdEf123', 'demo-desk-agent', 'Rk-correct horse-9a');
      const { a, A } = generateEphemeral();
      const timestamp = cognitoTimestamp(new Date());
      const claim = (password: string) =>
        passwordClaimSignature({
          userPoolId: 'eu-west-3_AbCdEf123',
          userId: 'demo-desk-agent',
          password,
          a,
          A,
          timestamp,
          ...s.params,
        });
      expect(await claim('Rk-correct horse-9a')).toBe(s.expected(A, timestamp));
      expect(await claim('Rk-wrong-9a')).not.toBe(s.expected(A, timestamp));
    }
  });

  it('refuses a B that is 0 mod N', async () => {
    const { a, A } = generateEphemeral();
    await expect(
      passwordClaimSignature({
        userPoolId: 'p_x',
        userId: 'u',
        password: 'p',
        a,
        A,
        timestamp: 't',
        saltHex: '01',
        srpBHex: N.toString(16),
        secretBlock: '',
      }),
    ).rejects.toThrow(/B mod N/);
  });
});

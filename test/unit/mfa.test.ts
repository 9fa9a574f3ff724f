import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoTotpEnrolment } from '#shared/adapters/cognito/totp-enrolment.ts';
import { DomainError } from '#shared/domain/errors.ts';
import { admitsTotpRoles, assertTotpEnrolled, type TotpEnrolment } from '#shared/domain/identity/mfa.ts';
import type { Principal, Role } from '#shared/domain/identity/principal.ts';
import { PROBLEM_MESSAGES } from '#shared/http/i18n/problems.ts';
import { totpCode, wrongTotpCode } from '../support/totp.ts';

const principal = (roles: Role[]): Principal => ({ userId: 'u', username: 'u', roles, scope: {} });
const enrolment = (on: boolean): TotpEnrolment & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    enabled: async (username) => {
      asked.push(username);
      return on;
    },
  };
};

describe('TOTP for ministry administrators and province contacts (issue 17, finding 12)', () => {
  it('is checked on the routes those roles may call: signed-in routes and lists naming them', () => {
    expect(admitsTotpRoles('signed-in')).toBe(true);
    expect(admitsTotpRoles(['ministry_admin'])).toBe(true);
    expect(admitsTotpRoles(['desk_agent', 'province_contact'])).toBe(true);
    expect(admitsTotpRoles(['desk_agent', 'signatory'])).toBe(false);
    expect(admitsTotpRoles('public')).toBe(false);
  });

  it('refuses those roles without TOTP with 403 mfa-required, and asks nothing for other roles', async () => {
    for (const roles of [
      ['ministry_admin'],
      ['province_contact'],
      ['desk_agent', 'ministry_admin'],
    ] as Role[][]) {
      const error = await assertTotpEnrolled(principal(roles), enrolment(false)).catch((e) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'forbidden', type: 'mfa-required' });
    }
    await expect(assertTotpEnrolled(principal(['ministry_admin']), enrolment(true))).resolves.toBeUndefined();
    const other = enrolment(false);
    await assertTotpEnrolled(principal(['desk_agent', 'professional']), other);
    expect(other.asked).toEqual([]);
  });

  it('says so in French and Arabic', () => {
    const messages = PROBLEM_MESSAGES['mfa-required'];
    expect(messages.fr.title).toMatch(/deux étapes/);
    expect(messages.ar.title).toMatch(/بخطوتين/);
  });
});

describe('the Cognito TOTP enrolment reader', () => {
  const client = (answers: (string[] | Error)[]) => {
    const calls: unknown[] = [];
    const fake = {
      calls,
      send: async (command: { input: unknown }) => {
        calls.push(command.input);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return { UserMFASettingList: answer };
      },
    };
    return fake as unknown as CognitoIdentityProviderClient & { calls: unknown[] };
  };

  it('reads UserMFASettingList with AdminGetUser, keeps only a positive answer for the TTL', async () => {
    let now = 0;
    const cognito = client([[], ['SOFTWARE_TOKEN_MFA'], []]);
    const reader = new CognitoTotpEnrolment(cognito, 'pool', { ttlMs: 60_000, now: () => now });
    expect(await reader.enabled('a')).toBe(false);
    expect(await reader.enabled('a')).toBe(true);
    now = 59_000;
    expect(await reader.enabled('a')).toBe(true);
    expect(cognito.calls).toEqual([
      { UserPoolId: 'pool', Username: 'a' },
      { UserPoolId: 'pool', Username: 'a' },
    ]);
    now = 61_000;
    expect(await reader.enabled('a')).toBe(false);
  });

  it('asks every time with no cache (the local stage), and treats a deleted account as not enrolled', async () => {
    const gone = Object.assign(new Error('gone'), { name: 'UserNotFoundException' });
    const cognito = client([['SOFTWARE_TOKEN_MFA'], [], gone, new Error('throttled')]);
    const reader = new CognitoTotpEnrolment(cognito, 'pool', { ttlMs: 0 });
    expect(await reader.enabled('a')).toBe(true);
    expect(await reader.enabled('a')).toBe(false);
    expect(await reader.enabled('a')).toBe(false);
    await expect(reader.enabled('a')).rejects.toThrow('throttled');
  });
});

describe('the tests’ authenticator (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1: the secret "12345678901234567890" in base32, 8-digit codes.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it('computes the RFC’s test vectors', () => {
    expect(totpCode(secret, new Date(59_000), 8)).toBe('94287082');
    expect(totpCode(secret, new Date(1_111_111_109_000), 8)).toBe('07081804');
    expect(totpCode(secret, new Date(1_234_567_890_000), 8)).toBe('89005924');
    expect(totpCode(secret, new Date(20_000_000_000_000), 8)).toBe('65353130');
    expect(totpCode(secret, new Date(59_000))).toBe('287082');
  });

  it('gives a wrong code that is none of the accepted steps', () => {
    const at = new Date(1_234_567_890_000);
    const wrong = wrongTotpCode(secret, at);
    for (const d of [-30_000, 0, 30_000])
      expect(totpCode(secret, new Date(at.getTime() + d))).not.toBe(wrong);
  });
});

import { describe, expect, it } from 'vitest';
import type { EmbeddedSignatureReport } from '#shared/domain/signing/pki/permit-signature.ts';
import { signatureChecks } from '#shared/domain/signing/signature-checks.ts';
import type { SigningKey } from '#shared/domain/signing/signing-key.ts';

const ok = { ok: true, detail: 'ok' };
const reportAt = (signedAt: string): EmbeddedSignatureReport => ({
  signature: ok,
  chain: ok,
  timestamp: ok,
  signerFingerprint: 'f1',
  signedAt: new Date(signedAt),
});
const key = (over: Partial<SigningKey> = {}) =>
  ({
    keyId: 'k1',
    fingerprint: 'f1',
    validFrom: '2026-11-29T10:00:00.700Z',
    expiresAt: '2027-11-29T10:00:00.700Z',
    ...over,
  }) as SigningKey;
const failed = (checks: ReturnType<typeof signatureChecks>) => checks.filter((c) => !c.ok).map((c) => c.name);
const signed = { keyId: 'k1', fingerprint: 'f1' };

describe('the checks a permit and a signed document share', () => {
  it('accepts a signature time-stamped in the second the key became valid (genTime has whole seconds)', () => {
    expect(failed(signatureChecks(reportAt('2026-11-29T10:00:00Z'), key(), signed, 'unread'))).toEqual([]);
  });

  it('refuses a signature time-stamped the second before the key was valid, or after it expired', () => {
    expect(failed(signatureChecks(reportAt('2026-11-29T09:59:59Z'), key(), signed, 'unread'))).toEqual([
      'key-valid-at-signing',
    ]);
    expect(failed(signatureChecks(reportAt('2027-11-29T10:00:01Z'), key(), signed, 'unread'))).toEqual([
      'key-valid-at-signing',
    ]);
  });

  it('refuses a key revoked before the time-stamp, a key whose fingerprint differs, and an unknown key', () => {
    const revoked = key({ revokedAt: '2026-12-01T00:00:00Z' });
    expect(failed(signatureChecks(reportAt('2026-12-02T00:00:00Z'), revoked, signed, 'x'))).toEqual([
      'key-not-revoked-before-signing',
    ]);
    expect(failed(signatureChecks(reportAt('2026-11-30T00:00:00Z'), revoked, signed, 'x'))).toEqual([]);
    expect(
      failed(
        signatureChecks(reportAt('2026-11-30T00:00:00Z'), key(), { keyId: 'k1', fingerprint: 'f2' }, 'x'),
      ),
    ).toEqual(['key-fingerprint']);
    const unknown = signatureChecks(reportAt('2026-11-30T00:00:00Z'), undefined, signed, 'x');
    expect(unknown.find((c) => c.name === 'key-fingerprint')?.detail).toBe('Key k1 is unknown.');
  });

  it('fails every check that needs the signature when it could not be read, with the reason given', () => {
    const checks = signatureChecks(undefined, key(), signed, 'The PDF could not be read.');
    expect(checks.find((c) => c.name === 'signature')).toEqual({
      name: 'signature',
      ok: false,
      detail: 'The PDF could not be read.',
    });
    expect(failed(checks)).toContain('timestamp');
  });
});

import { describe, expect, it } from 'vitest';
import { redact } from '#shared/observability/logger.ts';

describe('log redaction', () => {
  it.each([
    'pin',
    'PIN',
    'newPin',
    'password',
    'authorization',
    'idToken',
    'phone_number',
    'phone',
    'storeKey',
    'email',
    'cin',
  ])('hides the value of %s', (key) => {
    expect(redact(key, 'secret-value-123')).toBe('[redacted]');
  });

  it('masks phone numbers inside free text but keeps the last two digits', () => {
    const text = redact('message', 'SMS sent to +212612345678 and 0661234567') as string;
    expect(text).not.toContain('612345678');
    expect(text).not.toContain('661234567');
    expect(text).toContain('***78');
    expect(text).toContain('***67');
  });

  it('masks inline secrets in messages', () => {
    expect(redact('message', 'login failed: password=hunter2, pin: 482913')).toBe(
      'login failed: password=[redacted], pin: [redacted]',
    );
  });

  it('does not mistake account ids or ARNs for phone numbers', () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:x';
    expect(redact('function_arn', arn)).toBe(arn);
  });

  it('leaves ordinary values alone', () => {
    expect(redact('communeId', 'cas-casablanca')).toBe('cas-casablanca');
    expect(redact('count', 42)).toBe(42);
    expect(redact('date', '2026-11-29')).toBe('2026-11-29');
  });

  it('redacts nested keys when used as a JSON replacer', () => {
    const line = JSON.stringify(
      { user: { phone: '+212600000000', role: 'signatory' }, pin: '123456' },
      redact,
    );
    expect(line).not.toContain('123456');
    expect(line).not.toContain('600000000');
    expect(JSON.parse(line).user.role).toBe('signatory');
  });
});

import { describe, expect, it } from 'vitest';
import { groupedSecret, isCode, otpauthUri, typedCode } from '../../web/src/lib/totp-format.ts';

describe('the web’s two-step verification helpers', () => {
  it('writes the otpauth:// address authenticator apps read (issuer and account in the label)', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'demo-ministry-admin'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Rukhsa:demo-ministry-admin');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Rukhsa',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('shows the secret in groups of four and reads codes typed with spaces or dashes', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPA')).toBe('JBSW Y3DP EHPK 3PXP A');
    expect(typedCode(' 123 456 ')).toBe('123456');
    expect(isCode('123-456')).toBe(true);
    expect(isCode('12345')).toBe(false);
    expect(isCode('12345a')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { Cin, Email, Language, MoroccanPhone } from '#shared/domain/contact.ts';

describe('MoroccanPhone', () => {
  it.each([
    ['0612345678', '+212612345678'],
    ['+212 6 12 34 56 78', '+212612345678'],
    ['00212612345678', '+212612345678'],
    ['+212612345678', '+212612345678'],
    ['0712345678', '+212712345678'],
    ['0522123456', '+212522123456'],
    ['06.12.34.56.78', '+212612345678'],
    ['06-12-34-56-78', '+212612345678'],
    ['  0612345678  ', '+212612345678'],
    ['00 212 5 22 12 34 56', '+212522123456'],
  ])('normalises %j to E.164 %j', (raw, expected) => {
    expect(MoroccanPhone.parse(raw)).toBe(expected);
  });

  it.each([
    ['0812345678', 'a prefix other than 05, 06 or 07'],
    ['+33612345678', 'a foreign number'],
    ['0033612345678', 'a foreign number with the 00 prefix'],
    ['061234567', 'one digit short'],
    ['06123456789', 'one digit too many'],
    ['+2126123456789', 'E.164 with one digit too many'],
    ['+212812345678', 'E.164 with a non-mobile/landline prefix'],
    ['06abcdefgh', 'letters'],
    ['phone', 'letters only'],
    ['', 'empty'],
  ])('refuses %j (%s)', (raw) => {
    const result = MoroccanPhone.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      'a Moroccan phone number, e.g. +212612345678 or 0612345678',
    );
  });
});

describe('Cin', () => {
  it.each([
    ['BE123456', 'BE123456'],
    ['be123456', 'BE123456'],
    ['Ab12', 'AB12'],
    ['A1', 'A1'],
    [' j987654 ', 'J987654'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(Cin.parse(raw)).toBe(expected);
  });

  it.each([
    ['123456', 'no letter'],
    ['ABC123', 'three letters'],
    ['BE1234567', 'seven digits'],
    ['BE', 'no digit'],
    ['B-123456', 'a separator'],
    ['', 'empty'],
  ])('refuses %j (%s)', (raw) => {
    const result = Cin.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('a CIN looks like BE123456');
  });
});

describe('Email', () => {
  it('lower-cases and trims', () => {
    expect(Email.parse('  Amina.El-Idrissi@Example.MA ')).toBe('amina.el-idrissi@example.ma');
  });

  it.each(['not-an-email', 'a@', '@example.ma', 'a b@example.ma', ''])('refuses %j', (raw) => {
    const result = Email.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('a valid e-mail address');
  });
});

describe('Language', () => {
  it('accepts fr and ar only', () => {
    expect(Language.parse('fr')).toBe('fr');
    expect(Language.parse('ar')).toBe('ar');
    expect(Language.safeParse('en').success).toBe(false);
  });
});

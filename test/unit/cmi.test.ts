import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cmiHash,
  cmiNormalise,
  cmiPlainText,
  formatAmount,
  natCaseCompare,
  verifyCmiHash,
} from '#shared/domain/payments/cmi.ts';

/** Independent reference: SHA-512 of the UTF-8 text, base64 of the binary digest. */
const sha512Base64 = (text: string): string => createHash('sha512').update(text, 'utf8').digest('base64');

const STORE_KEY = 'TEST|KEY\\1'; // the characters T E S T | K E Y \ 1

const PARAMS: Record<string, string> = {
  clientid: '600000000',
  oid: 'RK-1',
  amount: '3025.00',
  currency: '504',
  okUrl: 'https://x/ok',
  failUrl: 'https://x/fail',
  rnd: 'abc',
  storetype: '3D_PAY_HOSTING',
  hashAlgorithm: 'ver3',
  lang: 'fr',
  encoding: 'utf-8',
};

// Names sorted case-insensitively, `encoding` left out:
// amount, clientid, currency, failUrl, hashAlgorithm, lang, oid, okUrl, rnd, storetype; then the key
// with `|` → `\|` and `\` → `\\`.
const EXPECTED_PLAIN = [
  '3025.00',
  '600000000',
  '504',
  'https://x/fail',
  'ver3',
  'fr',
  'RK-1',
  'https://x/ok',
  'abc',
  '3D_PAY_HOSTING',
  'TEST\\|KEY\\\\1',
].join('|');

describe('CMI ver3 hash', () => {
  it('builds the plain text from the sorted, escaped values and the escaped store key', () => {
    expect(EXPECTED_PLAIN).toBe(
      '3025.00|600000000|504|https://x/fail|ver3|fr|RK-1|https://x/ok|abc|3D_PAY_HOSTING|TEST\\|KEY\\\\1',
    );
    expect(cmiPlainText(PARAMS, STORE_KEY)).toBe(EXPECTED_PLAIN);
  });

  it('hashes the plain text with SHA-512 and encodes it in base64', () => {
    const hash = cmiHash(PARAMS, STORE_KEY);
    expect(hash).toBe(sha512Base64(EXPECTED_PLAIN));
    expect(Buffer.from(hash, 'base64')).toHaveLength(64);
  });

  it('does not depend on the order of the parameters', () => {
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(cmiHash(reversed, STORE_KEY)).toBe(cmiHash(PARAMS, STORE_KEY));
  });

  it('escapes backslashes then pipes in values', () => {
    expect(cmiPlainText({ a: 'x|y', b: 'c:\\dir', c: '\\|' }, 'k')).toBe('x\\|y|c:\\\\dir|\\\\\\||k');
  });

  it('leaves out hash and encoding whatever their case', () => {
    const base = { amount: '10.00', oid: 'RK-2' };
    const plain = cmiPlainText(base, 'key');
    expect(plain).toBe('10.00|RK-2|key');
    const extras: Record<string, string>[] = [
      { hash: 'x' },
      { HASH: 'x' },
      { Hash: 'x' },
      { encoding: 'utf-8' },
      { ENCODING: 'utf-8' },
    ];
    for (const extra of extras) {
      expect(cmiPlainText({ ...base, ...extra }, 'key')).toBe(plain);
    }
  });

  it('sorts names case-insensitively (BillToName between amount and clientid)', () => {
    const plain = cmiPlainText({ clientid: 'C', BillToName: 'B', amount: 'A', Zeta: 'Z', oid: 'O' }, 'k');
    expect(plain).toBe('A|B|C|O|Z|k');
    // Names equal but for case keep the order they were received in (PHP 8's natcasesort is stable).
    expect(cmiPlainText({ rnd: 'lower', RND: 'upper' }, 'k')).toBe('lower|upper|k');
    expect(cmiPlainText({ RND: 'upper', rnd: 'lower' }, 'k')).toBe('upper|lower|k');
  });

  it('sorts as natcasesort: digit runs as numbers, letters upper-cased (so `_` after the letters)', () => {
    const sorted = (names: string[]) => [...names].sort(natCaseCompare);
    expect(sorted(['x10', 'x2', 'X1'])).toEqual(['X1', 'x2', 'x10']);
    // Upper-cased, `_` (0x5F) comes after `Z`: PHP orders `ab_c` after `abz`, a lower-casing sort before.
    expect(sorted(['ab_c', 'abz', 'ABY'])).toEqual(['ABY', 'abz', 'ab_c']);
    // Leading zeros compare left-aligned (fractional), as strnatcmp does.
    expect(sorted(['a011', 'a02', 'a1'])).toEqual(['a011', 'a02', 'a1']);
    // The callback's dotted and mixed-case names.
    expect(sorted(['EXTRA.TRXDATE', 'clientIp', 'ErrMsg', 'EXTRA.CARDBRAND', 'amount'])).toEqual([
      'amount',
      'clientIp',
      'ErrMsg',
      'EXTRA.CARDBRAND',
      'EXTRA.TRXDATE',
    ]);
  });

  it('normalises values as the callback sample: final line feed dropped, HTML entities decoded', () => {
    expect(cmiNormalise('Approved\n')).toBe('Approved');
    expect(cmiNormalise('a\n\n')).toBe('a');
    expect(cmiNormalise('a\n\n\n')).toBe('a\n');
    expect(cmiNormalise('a\nb')).toBe('a\nb');
    expect(cmiNormalise('Caf&eacute; &amp; th&#233; &#x27;x&#39; &quot;q&quot;')).toBe(`Café & thé 'x' "q"`);
    // Not HTML 4.01, no semicolon, a forbidden code point, one pass only: left as written.
    expect(cmiNormalise('&apos; &amp &#0; &amp;lt;')).toBe('&apos; &amp &#0; &lt;');
  });

  it('verifies a genuine callback whose values carry entities, a trailing newline, pipes and backslashes', () => {
    const sent: Record<string, string> = {
      amount: '10.00',
      BillToName: 'Al&amp;Amal | \\ x',
      ErrMsg: 'Approved\n',
      oid: 'RK-3',
    };
    // Written by hand as the PHP sample builds it: decoded, final newline dropped, `\` and `|` escaped.
    const bankPlain = '10.00|Al&Amal \\| \\\\ x|Approved|RK-3|TEST\\|KEY\\\\1';
    expect(cmiPlainText(sent, STORE_KEY)).toBe(bankPlain);
    expect(verifyCmiHash({ ...sent, HASH: sha512Base64(bankPlain) }, STORE_KEY)).toBe(true);
  });
});

describe('CMI callback verification', () => {
  const callback = (hashField: string): Record<string, string> => ({
    ...PARAMS,
    ProcReturnCode: '00',
    Response: 'Approved',
    [hashField]: cmiHash({ ...PARAMS, ProcReturnCode: '00', Response: 'Approved' }, STORE_KEY),
  });

  it('accepts the right hash, sent as HASH or hash', () => {
    expect(verifyCmiHash(callback('HASH'), STORE_KEY)).toBe(true);
    expect(verifyCmiHash(callback('hash'), STORE_KEY)).toBe(true);
    expect(verifyCmiHash(callback('Hash'), STORE_KEY)).toBe(true);
  });

  it('refuses a tampered amount, a wrong key, a truncated or missing hash', () => {
    expect(verifyCmiHash({ ...callback('HASH'), amount: '1.00' }, STORE_KEY)).toBe(false);
    expect(verifyCmiHash(callback('HASH'), 'TEST|KEY\\2')).toBe(false);
    const sent = callback('HASH');
    const hash = sent.HASH ?? '';
    expect(hash).toHaveLength(88);
    expect(verifyCmiHash({ ...sent, HASH: hash.slice(0, -4) }, STORE_KEY)).toBe(false);
    expect(verifyCmiHash({ ...sent, HASH: `${hash}==` }, STORE_KEY)).toBe(false);
    expect(verifyCmiHash({ ...sent, HASH: `${hash.slice(0, -2)}A=` }, STORE_KEY)).toBe(false);
    const { HASH: _removed, ...withoutHash } = sent;
    expect(verifyCmiHash(withoutHash, STORE_KEY)).toBe(false);
    expect(verifyCmiHash({ ...sent, HASH: '' }, STORE_KEY)).toBe(false);
  });
});

describe('formatAmount', () => {
  it('writes integer centimes with a dot and two decimals, no grouping', () => {
    expect(formatAmount(302_500)).toBe('3025.00');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(0)).toBe('0.00');
    expect(formatAmount(123_456_789)).toBe('1234567.89');
    expect(() => formatAmount(10.5)).toThrow(RangeError);
    expect(() => formatAmount(-100)).toThrow(RangeError);
  });
});

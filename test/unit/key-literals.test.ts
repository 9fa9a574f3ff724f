// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the samples are source lines that spell keys on purpose
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEY_PREFIXES } from '#shared/adapters/dynamodb/keys.ts';
import { keyLiteralLines, keyLiteralSites, SCANNED } from '../support/key-literals.ts';

const root = join(import.meta.dirname, '../..');

describe('table keys are spelled in shared/adapters/dynamodb/keys.ts alone', () => {
  it('no key prefix or constant sort key appears in any other .ts file', () => {
    // Each line names file:line; build the key with keys, partitions, sortKeys or parseKeys instead.
    expect(keyLiteralSites(root)).toEqual([]);
  });

  it('the matcher catches a prefix segment and a constant sort key, and leaves prose and look-alikes', () => {
    const spelled = [
      "Key: { pk: `APPLICATION#${id}`, sk: 'APPLICATION' },",
      "ExpressionAttributeValues: { ':pk': 'ROLLOUT#WAVES' },",
      'const p = `COMMUNE#${c}#PAYMENTS#${date}`;',
      "items.filter((i) => i.sk !== 'AUDIT_HEAD');",
      "if (String(image.pk).startsWith('PROFESSIONAL#')) {",
      'const k = { pk: "PIN#" + id };',
    ];
    for (const line of spelled) expect(keyLiteralLines(line), line).toHaveLength(1);
    const clean = [
      ' * A comment may say `APPLICATION#<id>` to explain a key.',
      '// EVENT#… in a comment',
      "expect(password).not.toBe('LONGPASSWORD#1234');",
      "const within = 'MA-CAS#cas-casablanca#';",
      'Key: keys.applicationKey(id),',
      "const state = { status: 'APPLICATION' };",
    ];
    for (const line of clean) expect(keyLiteralLines(line), line).toEqual([]);
    expect(KEY_PREFIXES.every((prefix) => keyLiteralLines(`'${prefix}#x'`).length === 1)).toBe(true);
  });

  it('fails naming file:line when a key is planted in a copy of the tree', () => {
    const copy = mkdtempSync(join(tmpdir(), 'key-literals-'));
    try {
      for (const folder of SCANNED) cpSync(join(root, folder), join(copy, folder), { recursive: true });
      writeFileSync(
        join(copy, 'functions/planted.ts'),
        "export const x = 1;\nexport const key = (id: string) => ({ pk: `PERMIT#${id}`, sk: 'PERMIT' });\n",
      );
      expect(keyLiteralSites(copy)).toEqual([
        "functions/planted.ts:2: export const key = (id: string) => ({ pk: `PERMIT#${id}`, sk: 'PERMIT' });",
      ]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

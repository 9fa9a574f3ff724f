import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KEY_PREFIXES } from '#shared/adapters/dynamodb/keys.ts';

/** Folders whose TypeScript must build keys with shared/adapters/dynamodb/keys.ts. */
export const SCANNED = ['functions', 'shared', 'scripts', 'infra', 'test', 'web/src'];
export const KEYS_FILE = 'shared/adapters/dynamodb/keys.ts';
/** The matcher's own test holds sample lines that spell keys on purpose. */
const EXEMPT = new Set([KEYS_FILE, 'test/unit/key-literals.test.ts']);

// A prefix as a key segment (`APPLICATION#`, `…#PAYMENTS#`), not the tail of a longer word.
const segment = new RegExp(`(?<![A-Za-z0-9_])(?:${KEY_PREFIXES.join('|')})#`);
// A constant sort key compared or set (`sk: 'APPLICATION'`, `i.sk === 'AUDIT_HEAD'`).
const constantSortKey = /\bsk\s*(?::|===|!==|==|!=)\s*['"`][A-Z][A-Z_]*['"`]/;
const comment = /^\s*(?:\/\/|\/\*|\*)/;

/** The lines of one source text that spell a key (1-based line numbers); comments are prose, not keys. */
export function keyLiteralLines(text: string): { line: number; text: string }[] {
  return text.split('\n').flatMap((line, index) => {
    if (comment.test(line)) return [];
    const code = line.replace(/\s\/\/.*$/, '');
    return segment.test(code) || constantSortKey.test(code) ? [{ line: index + 1, text: line.trim() }] : [];
  });
}

function* typescriptFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'cdk.out' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* typescriptFiles(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Every `file:line` under the scanned folders of root that spells a key outside keys.ts. */
export function keyLiteralSites(root: string): string[] {
  return SCANNED.flatMap((folder) => [...typescriptFiles(join(root, folder))])
    .map((path) => relative(root, path))
    .filter((file) => !EXEMPT.has(file))
    .flatMap((file) =>
      keyLiteralLines(readFileSync(join(root, file), 'utf8')).map((l) => `${file}:${l.line}: ${l.text}`),
    );
}

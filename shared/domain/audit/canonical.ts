import { createHash } from 'node:crypto';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) for the JSON values the table holds: object members
 * sorted by their names' UTF-16 code units (JavaScript's default string order), no whitespace,
 * strings and numbers serialized as ECMAScript's JSON.stringify does (which is what RFC 8785
 * prescribes). `undefined` members are left out, as DynamoDB does not store them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('JCS: numbers must be finite');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((name) => record[name] !== undefined)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new Error(`JCS: cannot encode a ${typeof value}`);
  }
}

export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

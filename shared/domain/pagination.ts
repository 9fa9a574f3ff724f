import { fieldError } from './checks.ts';
import { DomainError } from './errors.ts';

/** A page of results and the opaque cursor of the next one (absent on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** Cursors are opaque to clients; a tampered one is a 400, not a 500. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  return undefined;
}

/**
 * A cursor this list never returned (tampered, or from another list). Any string is a well-formed
 * cursor, so this is 422 like any other reference to something unknown (a commune, a permit).
 */
export const invalidCursor = () =>
  new DomainError({
    kind: 'unprocessable',
    type: 'unknown-cursor',
    title: 'Invalid cursor',
    detail: 'The cursor is not one this list returned. Start again without a cursor.',
    details: { errors: [fieldError('query.cursor', 'invalid_cursor')] },
  });

import { DynamoAccessMarkers } from '../adapters/dynamodb/access-markers.ts';
import { documentClient } from '../adapters/dynamodb/client.ts';
import type { AccessMarkers } from '../domain/identity/session.ts';
import { optionalEnv } from '../environment.ts';

let markers: AccessMarkers | undefined;

/**
 * The access markers the session check reads (shared/domain/identity/session.ts), built on first
 * use from ACCESS_TABLE (set by the access-check grant). Deployed functions always have it: refuse
 * rather than skip the check. Only the HTTP layer's unit tests, with no table at all, skip it.
 */
export function accessMarkers(): AccessMarkers | undefined {
  if (markers) return markers;
  const table = accessTable();
  if (!table) {
    if (process.env.AWS_LAMBDA_FUNCTION_NAME)
      throw new Error('ACCESS_TABLE is not set: cannot check sessions');
    return undefined;
  }
  markers = new DynamoAccessMarkers(documentClient(), table);
  return markers;
}

/** The table of the access markers: ACCESS_TABLE, or TABLE_NAME for handlers called in-process by tests. */
export const accessTable = (): string | undefined => optionalEnv('ACCESS_TABLE') ?? optionalEnv('TABLE_NAME');

/** `iat` of the token: a number (JSON claims) or a numeric string (API Gateway stringifies claims). */
export function issuedAt(claims: Record<string, unknown> | undefined): number | undefined {
  const value = claims?.iat;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

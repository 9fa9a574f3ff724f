import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/dynamodb/client.ts';
import { keys } from '../adapters/dynamodb/keys.ts';
import { DomainError } from '../domain/errors.ts';
import { optionalEnv } from '../environment.ts';

/**
 * The platform's own check of a verified token, on every authenticated request. Cognito's
 * AdminDisableUser + AdminUserGlobalSignOut stop new sign-ins and revoke refresh tokens, but an ID
 * token already issued stays valid for the gateway's JWT authorizer until it expires (up to an
 * hour): so the function refuses it itself, from the user's access marker (`ACCESS#<username>`):
 *
 * - the account is suspended → 401 `account-suspended`;
 * - the token was issued (`iat`) at or before the last suspension → 401 `session-revoked`, even
 *   after a reactivation (the person signs in again).
 *
 * One eventually consistent GetItem of a tiny item (0.5 read unit, a few ms) per request, no
 * cache: a suspension takes effect at once (within DynamoDB's replication delay, typically well
 * under a second) on every route. Users with no marker (professionals, applicants, accounts
 * created outside the staff capability) are not affected.
 */
export async function assertSessionActive(
  username: string,
  issuedAtSeconds: number | undefined,
): Promise<void> {
  const table = optionalEnv('ACCESS_TABLE') ?? optionalEnv('TABLE_NAME');
  if (!table) {
    // Deployed functions always have it (the API stack sets it); refuse rather than skip the check.
    if (process.env.AWS_LAMBDA_FUNCTION_NAME)
      throw new Error('ACCESS_TABLE is not set: cannot check sessions');
    return; // unit tests of the HTTP layer, with no table at all
  }
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: table,
      Key: keys.accessMarker(username),
      ProjectionExpression: 'suspended, revokedAt',
    }),
  );
  if (!Item) return;
  if (Item.suspended === true) {
    throw new DomainError({
      type: 'account-suspended',
      status: 401,
      title: 'Account suspended',
      detail: 'This account is suspended. Ask your province contact or the ministry to reactivate it.',
    });
  }
  if (typeof Item.revokedAt === 'string') {
    const revokedSeconds = Math.floor(Date.parse(Item.revokedAt) / 1000);
    if (issuedAtSeconds === undefined || issuedAtSeconds <= revokedSeconds) {
      throw new DomainError({
        type: 'session-revoked',
        status: 401,
        title: 'Session revoked',
        detail: 'This session was ended when the account was suspended. Sign in again.',
      });
    }
  }
}

/** `iat` of the token: a number (JSON claims) or a numeric string (API Gateway stringifies claims). */
export function issuedAt(claims: Record<string, unknown> | undefined): number | undefined {
  const value = claims?.iat;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import { effectiveRoles, isRole, type Principal, type Scope } from '../domain/identity/principal.ts';

type Claims = Record<string, unknown>;

/**
 * Claims reach the function as JSON values (local emulator) or as strings (API Gateway stringifies
 * them; arrays become `[a b]`), so every reader accepts both.
 */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: API Gateway's `[a b]` form
    }
    return text
      .slice(1, -1)
      .split(/[\s,]+/)
      .map((s) => s.replace(/^"|"$/g, ''))
      .filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

const claimString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } };
  return context.authorizer?.jwt?.claims;
}

/** Builds the typed principal from verified JWT claims (ID token: groups + custom scope attributes). */
export function principalFromClaims(claims: Claims): Principal {
  const userId = claimString(claims.sub);
  if (!userId) {
    throw new DomainError({
      type: 'unauthenticated',
      kind: 'unauthenticated',
      title: 'Unauthenticated',
      detail: 'Sign in and send your ID token as `Authorization: Bearer <token>`.',
    });
  }
  const scope: Scope = {};
  const communeId = claimString(claims['custom:commune']);
  const provinceId = claimString(claims['custom:province']);
  const agencyId = claimString(claims['custom:agency']);
  if (communeId) scope.communeId = communeId;
  if (provinceId) scope.provinceId = provinceId;
  if (agencyId) scope.agencyId = agencyId;
  const roles = claimList(claims['cognito:groups']).filter(isRole);
  return {
    userId,
    username: claimString(claims['cognito:username']) ?? claimString(claims.username) ?? userId,
    roles: effectiveRoles(roles, scope),
    scope,
  };
}

export function principalOf(event: APIGatewayProxyEventV2): Principal | undefined {
  const claims = claimsOf(event);
  return claims ? principalFromClaims(claims) : undefined;
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.ts';
import { clockOverrideAllowed } from '../environment.ts';

/**
 * The time a request acts at. On the local stage only (CLOCK_OVERRIDE_ALLOWED, set by the function
 * construct for the local cloud and asserted absent elsewhere by the infra tests), an
 * `x-rukhsa-now` header sets it, so end-to-end tests can walk a file through weeks of legal clock.
 */
export function requestTime(event: APIGatewayProxyEventV2): Date {
  const header = event.headers?.['x-rukhsa-now'];
  if (!header || !clockOverrideAllowed()) return new Date();
  const at = new Date(header);
  if (Number.isNaN(at.getTime())) {
    throw new DomainError({
      type: 'validation',
      kind: 'invalid',
      title: 'Invalid clock',
      detail: 'x-rukhsa-now must be an ISO 8601 instant.',
    });
  }
  return at;
}

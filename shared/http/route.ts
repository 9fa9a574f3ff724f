import type * as z from 'zod/mini';
import type { Role } from '../domain/identity/principal.ts';

/**
 * Who may call a route: `public` (no token; the gateway has no authorizer on it), `signed-in`
 * (any valid token) or a list of roles (checked in the handler; scope checks live in the domain).
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

type AnyObject = z.core.$ZodObject;

/**
 * One HTTP route, declared once and read by three consumers: the CDK stack (route, function,
 * authorizer), the handler (validation, access) and the OpenAPI document.
 */
export interface RouteSpec<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.core.$ZodType = z.core.$ZodType,
  R extends z.core.$ZodType = z.core.$ZodType,
> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/geo/regions/{regionId}/provinces`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  /** The handler module, relative to the repository root (bundled by the function construct). */
  entry: string;
  /** `bodyFormat: 'form'` parses an application/x-www-form-urlencoded body (the bank's callback). */
  request?: { params?: P; query?: Q; body?: B; bodyFormat?: 'json' | 'form' };
  /** Deployed only on these stages (e.g. the local gateway simulator); every stage when absent. */
  stages?: readonly string[];
  response: { status: number; description: string; schema: R; contentType?: string };
  /** `required`: a mutating call without an `Idempotency-Key` header is refused. */
  idempotency?: 'optional' | 'required';
  /** Problem statuses the route documents besides 400/401/403/500. */
  problems?: number[];
  /** What the function may touch; the API stack turns each into a least-privilege grant + environment. */
  needs?: Needs;
  /**
   * `sdk`: X-Ray subsegments around this function's AWS SDK calls (shared/observability/tracer.ts),
   * where a slow dependency is the request. Off elsewhere: the X-Ray SDK costs cold-start time.
   */
  tracing?: 'sdk';
  /**
   * `pdf`: the route draws or signs PDFs; its function carries the PDF engine as a module of its own
   * beside the handler, loaded on first use (shared/documents/load-engine.ts).
   */
  renders?: 'pdf';
}

export interface Needs {
  table?: 'read' | 'write';
  /**
   * The signing keys' PIN hashes (the secrets table): `read` to check a PIN, `write` also to set
   * one (issue, change, reset). No other function can read them.
   */
  pins?: 'read' | 'write';
  /** The documents bucket: `read` = presigned downloads, `write` = presigned uploads + inspection. */
  documents?: 'read' | 'write';
  /**
   * Cognito administration: `admin` = create accounts and add them to a group; `staff-admin` also
   * changes attributes and groups, disables/enables and signs out (civil-servant accounts);
   * `confirm-email` only marks an e-mail verified and enables the account (a public route).
   */
  userPool?: 'admin' | 'staff-admin' | 'confirm-email';
  /** Send e-mail through SES from the platform's sender. */
  email?: true;
  /** Read the card gateway's store key (Secrets Manager) and its configuration. */
  gateway?: true;
  /** Send SMS (SNS direct publish to a phone number). */
  sms?: true;
  /**
   * KMS on signatory keys: `issue` creates, tags and aliases them (and reads their public key);
   * `sign` signs digests with ECDSA_SHA_256 only, on keys tagged as signatory keys only; `revoke`
   * disables them. `issue` also signs with the platform CA key (certificates) and `sign` with the
   * time-stamping key (the proven signing time).
   */
  kms?: 'issue' | 'sign' | 'revoke';
  /** The write-once permits bucket: `read` for verification and download, `write` to store signed permits. */
  permits?: 'read' | 'write';
  /** The web portal's origin in the environment (`APP_WEB_URL`): the permit's QR opens its verification page. */
  webUrl?: true;
  /** Send run requests to the ranking job's queue. */
  rankingRuns?: true;
  /** Publish the signing key set and the CA certificate to the open-data bucket (and its catalogue). */
  openData?: 'key-set';
  /** `end`: move an account's access marker's `revokedAt` forward (UpdateItem on `ACCESS#` keys only). */
  sessions?: 'end';
}

export const defineRoute = <
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.core.$ZodType,
  R extends z.core.$ZodType,
>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec<P, Q, B, R> => spec;

/** The media type of a `bodyFormat: 'form'` body; any other is refused with 415. */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * The methods each path declares, for the API's `$default` route (functions/platform/unmatched-route.ts):
 * a request the gateway matched to no route is a 405 with `Allow` on a known path, else a 404.
 */
export const methodsByPath = (
  routes: readonly Pick<RouteSpec, 'path' | 'method'>[],
): Record<string, string[]> => {
  const table: Record<string, string[]> = {};
  for (const { path, method } of routes) table[path] = [...(table[path] ?? []), method];
  for (const methods of Object.values(table)) methods.sort();
  return table;
};

export const isPublic = (route: Pick<RouteSpec, 'access'>): boolean => route.access === 'public';

/** Whether the route has input to validate (a schema, or a required Idempotency-Key). */
export const validates = (route: Pick<RouteSpec, 'request' | 'idempotency'>): boolean =>
  Boolean(route.request?.params || route.request?.query || route.request?.body) ||
  route.idempotency === 'required';

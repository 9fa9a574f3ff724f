import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainError, ErrorKind } from '../domain/errors.ts';

/** Base of every problem `type` (RFC 9457); the slug after it is stable and documented in docs/errors.md. */
export const PROBLEM_BASE = 'https://rukhsa.ma/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): Problem {
  // Extensions never override the standard members (a domain detail named `status` must not change the HTTP status).
  return { ...extensions, type: `${PROBLEM_BASE}${slug}`, title, status, detail };
}

export function problemResponse(
  body: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: body.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify(body),
  };
}

/** The one place a domain error kind becomes an HTTP status. */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  locked: 423,
  'too-many': 429,
};

export const statusOf = (error: Pick<DomainError, 'kind'>): number => STATUS_OF_KIND[error.kind];

/** A domain error as problem+json: its kind gives the status, its type the problem type. */
export const domainProblem = (error: DomainError, extensions: Record<string, unknown> = {}): Problem =>
  problem(statusOf(error), error.type, error.title, error.message, { ...error.details, ...extensions });

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

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

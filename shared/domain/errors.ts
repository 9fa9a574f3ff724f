/**
 * Domain errors carry a stable `type` slug that becomes the RFC 9457 problem `type`
 * (`https://rukhsa.ma/problems/<type>`), so clients can branch on it without parsing text.
 * The message is written for the user: say what is wrong and what to do.
 */
export type ProblemDetails = Record<string, unknown>;

export class DomainError extends Error {
  readonly type: string;
  readonly status: number;
  readonly title: string;
  readonly details: ProblemDetails;

  constructor(args: {
    type: string;
    status: number;
    title: string;
    detail: string;
    details?: ProblemDetails;
  }) {
    super(args.detail);
    this.name = 'DomainError';
    this.type = args.type;
    this.status = args.status;
    this.title = args.title;
    this.details = args.details ?? {};
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError({
    type: 'not-found',
    status: 404,
    title: 'Not found',
    detail: `${what} '${id}' does not exist. Check the identifier (lists are available under /geo).`,
    details: { resource: what, id },
  });

export const forbidden = (detail: string): DomainError =>
  new DomainError({ type: 'forbidden', status: 403, title: 'Forbidden', detail });

export const conflict = (detail: string, details?: ProblemDetails): DomainError =>
  new DomainError({
    type: 'conflict',
    status: 409,
    title: 'Conflict',
    detail,
    ...(details ? { details } : {}),
  });

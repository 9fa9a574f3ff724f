/**
 * Domain errors say what went wrong in the domain's words: a kind (what sort of refusal), a stable
 * `type` slug (which rule refused; it becomes the RFC 9457 problem type
 * `https://rukhsa.ma/problems/<type>`, so clients branch on it without parsing text) and a message
 * written for the user (what is wrong and what to do). They carry no HTTP: the edge maps each kind
 * to a status (shared/http/problem.ts).
 */
export type ProblemDetails = Record<string, unknown>;

/** The kinds of refusal the domain needs. */
export type ErrorKind =
  /** The request itself is malformed or out of range (bad field, bad format, limits of the law). */
  | 'invalid'
  /** No verified identity, or one that may no longer be used (suspended account, revoked session). */
  | 'unauthenticated'
  /** The caller's role or scope does not allow the action. */
  | 'forbidden'
  /** The thing does not exist, or is not visible to the caller. */
  | 'not-found'
  /** The path exists but not with this HTTP method. */
  | 'method-not-allowed'
  /** The action conflicts with the current state (already done, changed meanwhile, wrong status). */
  | 'conflict'
  /** The input is too large to accept. */
  | 'too-large'
  /** The body is not in the media type the route declares (a form route sent JSON). */
  | 'unsupported-media-type'
  /** Well-formed, but a business rule refuses it (incomplete file, unknown reference, missing data). */
  | 'unprocessable'
  /** The resource is locked until someone else acts (a signing key after five wrong PINs). */
  | 'locked'
  /** Too many attempts in a window (tracking a file by receipt number and CIN); retry later. */
  | 'too-many';

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly type: string;
  readonly title: string;
  readonly details: ProblemDetails;

  constructor(args: {
    kind: ErrorKind;
    type: string;
    title: string;
    detail: string;
    details?: ProblemDetails;
  }) {
    super(args.detail);
    this.name = 'DomainError';
    this.kind = args.kind;
    this.type = args.type;
    this.title = args.title;
    this.details = args.details ?? {};
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError({
    kind: 'not-found',
    type: 'not-found',
    title: 'Not found',
    detail: `${what} '${id}' does not exist. Check the identifier (lists are available under /geo).`,
    details: { resource: what, id },
  });

export const forbidden = (detail: string): DomainError =>
  new DomainError({ kind: 'forbidden', type: 'forbidden', title: 'Forbidden', detail });

export const conflict = (detail: string, details?: ProblemDetails): DomainError =>
  new DomainError({
    kind: 'conflict',
    type: 'conflict',
    title: 'Conflict',
    detail,
    ...(details ? { details } : {}),
  });

export const unauthenticated = (): DomainError =>
  new DomainError({
    kind: 'unauthenticated',
    type: 'unauthenticated',
    title: 'Unauthenticated',
    detail: 'Sign in and send your ID token as `Authorization: Bearer <token>`.',
  });

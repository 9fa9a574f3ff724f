/**
 * API failures as one error type: RFC 9457 problem details (docs/errors.md), an unreachable API
 * (status 0) or a gateway answer that is not a problem. No generated types here, so it is unit-tested
 * without a build.
 */
/** RFC 9457 problem details as the API sends them (docs/errors.md). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  /** Each failing field: a stable `code` (docs/errors.md) and a `message` in the page's language. */
  errors?: { path: string; code?: string; message: string; params?: Record<string, unknown> }[];
  correlationId?: string;
  [k: string]: unknown;
}

export class ApiError extends Error {
  /** 0 when the API could not be reached. */
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  /** The stable problem type without its URL prefix, e.g. `no-tariff`. */
  get kind(): string {
    return (this.problem.type ?? '').split('/').pop() ?? '';
  }
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, else an `ApiError` (network failure: status 0). */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (e) {
    throw new ApiError(0, { title: 'network', detail: e instanceof Error ? e.message : String(e) });
  }
  if (answer.response.ok && answer.error === undefined) return answer.data as T;
  const body = answer.error;
  const problem: Problem =
    body && typeof body === 'object'
      ? (body as Problem)
      : { title: answer.response.statusText, detail: typeof body === 'string' ? body : undefined };
  throw new ApiError(answer.response.status, problem);
}

/** Field errors of a 400 keyed by field name (`body.phone` → `phone`). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError)
    for (const { path, message } of e.problem.errors ?? []) {
      const field = path.replace(/^body\./, '');
      out[field] ??= message;
    }
  return out;
}

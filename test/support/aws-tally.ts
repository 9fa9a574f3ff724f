/**
 * Counts every AWS call our handlers make in this process, for the cost per permit
 * (scripts/bench/cost.ts). A test-only hook, so product code carries nothing: every SDK v3 client
 * (DynamoDB, the document client, S3, KMS, SES, SNS, SQS, Secrets Manager…) extends the one smithy
 * `Client` class, whose `send` is wrapped to add a middleware to each client's stack on its first call.
 * The middleware asks DynamoDB for its consumed capacity (ReturnConsumedCapacity=TOTAL, which the
 * product never sets) and records, per service and operation: calls, items, request and response
 * bytes and capacity units. Lambda invocations are recorded by the caller (`invoke`), with their
 * measured duration and configured memory.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface CallTally {
  service: string;
  operation: string;
  calls: number;
  items: number;
  bytesOut: number;
  bytesIn: number;
  readUnits: number;
  writeUnits: number;
}
export interface InvocationTally {
  fn: string;
  invocations: number;
  totalMs: number;
  memoryMb: number;
}
export interface Tally {
  calls: CallTally[];
  invocations: InvocationTally[];
  /** Requests a browser makes to S3 itself (presigned POST uploads), not through our SDK clients. */
  direct: CallTally[];
}

const DYNAMO_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const DYNAMO_WITH_CAPACITY = new Set([
  ...DYNAMO_READS,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

const calls = new Map<string, CallTally>();
const direct = new Map<string, CallTally>();
const invocations = new Map<string, InvocationTally>();
let counting = false;

const entry = (map: Map<string, CallTally>, service: string, operation: string) => {
  const key = `${service} ${operation}`;
  let row = map.get(key);
  if (!row) {
    row = { service, operation, calls: 0, items: 0, bytesOut: 0, bytesIn: 0, readUnits: 0, writeUnits: 0 };
    map.set(key, row);
  }
  return row;
};

const lengthOf = (body: unknown): number => {
  if (body === undefined || body === null) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
};

const capacityUnits = (consumed: unknown): number =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []).reduce(
    (sum: number, c: { CapacityUnits?: number }) => sum + (c.CapacityUnits ?? 0),
    0,
  );

const itemsOf = (operation: string, input: any, output: any): number => {
  if (output?.Items) return output.Items.length;
  if (output?.Item) return 1;
  if (output?.Responses && !Array.isArray(output.Responses))
    return Object.values(output.Responses as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
  if (input?.TransactItems) return input.TransactItems.length;
  if (input?.RequestItems)
    return Object.values(input.RequestItems as Record<string, { Keys?: unknown[] } | unknown[]>).reduce(
      (n: number, r) => n + (Array.isArray(r) ? r.length : (r.Keys?.length ?? 0)),
      0,
    );
  return /^(Put|Update|Delete)Item$/.test(operation) ? 1 : 0;
};

const tallyMiddleware =
  (next: (args: any) => Promise<any>, context: { clientName?: string; commandName?: string }) =>
  async (args: any) => {
    if (!counting) return next(args);
    const service = String(context.clientName ?? 'Unknown')
      .replace(/DocumentClient$/, '')
      .replace(/Client$/, '')
      .replace(/^SESv2$/, 'SES');
    const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
    if (service === 'DynamoDB' && DYNAMO_WITH_CAPACITY.has(operation)) {
      args.input.ReturnConsumedCapacity = 'TOTAL';
    }
    const result = await next(args);
    const row = entry(calls, service, operation);
    row.calls++;
    row.items += itemsOf(operation, args.input, result.output);
    const units = capacityUnits(result.output?.ConsumedCapacity);
    if (DYNAMO_READS.has(operation)) row.readUnits += units;
    else row.writeUnits += units;
    return result;
  };

/** Request and response sizes on the wire (after serialization, before deserialization). */
const bytesMiddleware =
  (next: (args: any) => Promise<any>, context: { clientName?: string; commandName?: string }) =>
  async (args: any) => {
    const result = await next(args);
    if (!counting) return result;
    const service = String(context.clientName ?? 'Unknown')
      .replace(/DocumentClient$/, '')
      .replace(/Client$/, '')
      .replace(/^SESv2$/, 'SES');
    const row = entry(calls, service, String(context.commandName ?? 'Unknown').replace(/Command$/, ''));
    row.bytesOut += lengthOf(args.request?.body);
    row.bytesIn += Number(result.response?.headers?.['content-length'] ?? 0);
    return result;
  };

const instrumented = new WeakSet<object>();

/** Wraps the shared smithy `Client.send` once per process (idempotent). */
export function installAwsTally(): void {
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...a: any[]) => any };
  const marker = Symbol.for('rukhsa.awsTally');
  if ((base as Record<symbol, unknown>)[marker]) return;
  const send = base.send;
  base.send = function (this: { middlewareStack: any }, ...args: any[]) {
    if (!instrumented.has(this.middlewareStack)) {
      instrumented.add(this.middlewareStack);
      // After the document client's marshalling (initialize) so the capacity request survives it.
      this.middlewareStack.add(tallyMiddleware, {
        step: 'serialize',
        priority: 'high',
        name: 'rukhsaAwsTally',
      });
      this.middlewareStack.add(bytesMiddleware, {
        step: 'deserialize',
        priority: 'low',
        name: 'rukhsaAwsTallyBytes',
      });
    }
    return send.apply(this, args);
  };
  (base as Record<symbol, unknown>)[marker] = true;
}

/** Starts counting from zero. */
export function startTally(): void {
  calls.clear();
  direct.clear();
  invocations.clear();
  counting = true;
}

export function stopTally(): Tally {
  counting = false;
  return { calls: [...calls.values()], invocations: [...invocations.values()], direct: [...direct.values()] };
}

/** Runs one Lambda invocation in-process, recording its wall time under the function's name. */
export async function invoke<T>(fn: string, memoryMb: number, run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await run();
  } finally {
    if (counting) {
      let row = invocations.get(fn);
      if (!row) {
        row = { fn, invocations: 0, totalMs: 0, memoryMb };
        invocations.set(fn, row);
      }
      row.invocations++;
      row.totalMs += performance.now() - t;
    }
  }
}

/** A request the browser makes to S3 directly (a presigned POST), with its body size. */
export function recordDirect(service: string, operation: string, bytesOut: number): void {
  if (!counting) return;
  const row = entry(direct, service, operation);
  row.calls++;
  row.items++;
  row.bytesOut += bytesOut;
}

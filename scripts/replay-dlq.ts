/**
 * `npm run ops:replay-dlq -- --queue <dead-letter queue URL> --function <consumer function name>
 * [--to-queue <work queue URL>] [--max N] [--dry-run]`: replays a dead-letter queue safely, one
 * message at a time, after the cause is fixed. A message is deleted only once its replay succeeded;
 * the first failure stops the run and leaves that message (and the rest) in the queue.
 * - A table-stream consumer's dead letter holds no records, only where they were
 *   (`DDBStreamBatchInfo`): the records are read back from the stream (kept 24 hours), passed through
 *   the consumer's own event filter, and handed to the function as Lambda would (RequestResponse);
 *   a reported batch item failure counts as a failure.
 * - `--to-queue`: a work queue's dead letter is sent back to that queue (the ranking run requests).
 * - Otherwise the message body is the event (EventBridge Scheduler's dead letters: sweep, ranking)
 *   and the function is invoked with it.
 * The consumers are idempotent (a marker per event, a sent-message log), so a record that had in fact
 * been processed changes nothing when replayed. Without `--queue` nothing happens; AWS credentials
 * and region come from the environment (AWS_ENDPOINT_URL for the local cloud).
 */
import { parseArgs } from 'node:util';
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { InvokeCommand, LambdaClient, paginateListEventSourceMappings } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

export interface ReplayClients {
  sqs: SQSClient;
  lambda: LambdaClient;
  streams: DynamoDBStreamsClient;
}

export interface ReplayOptions {
  queueUrl: string;
  functionName: string;
  toQueueUrl?: string;
  max?: number;
  dryRun?: boolean;
}

export interface ReplayResult {
  replayed: number;
  /** Set when a replay failed: the message stays in the queue and the run stopped there. */
  failed?: { messageId: string; reason: string };
}

interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

export async function replayDeadLetters(
  clients: ReplayClients,
  options: ReplayOptions,
  log: (line: string) => void = console.log,
): Promise<ReplayResult> {
  let replayed = 0;
  while (options.max === undefined || replayed < options.max) {
    const { Messages } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: 1,
        // Long enough for one replay; a crash of this script makes the message visible again.
        VisibilityTimeout: 300,
        MessageAttributeNames: ['All'],
      }),
    );
    const message = Messages?.[0];
    if (!message?.ReceiptHandle) break;
    const id = message.MessageId ?? '?';
    try {
      const done = await replayOne(clients, options, message, log);
      if (options.dryRun) {
        log(`[dry run] ${id}: ${done}`);
        await release(clients, options.queueUrl, message);
        break;
      }
      await clients.sqs.send(
        new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      replayed++;
      log(`${id}: ${done}; deleted from the dead-letter queue`);
    } catch (error) {
      await release(clients, options.queueUrl, message);
      const reason = error instanceof Error ? error.message : String(error);
      log(`${id}: replay failed, the message stays in the queue: ${reason}`);
      return { replayed, failed: { messageId: id, reason } };
    }
  }
  return { replayed };
}

const release = (clients: ReplayClients, queueUrl: string, message: Message) =>
  clients.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: 0,
    }),
  );

async function replayOne(
  clients: ReplayClients,
  options: ReplayOptions,
  message: Message,
  log: (l: string) => void,
) {
  const body = message.Body ?? '';
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const batch = parsed?.DDBStreamBatchInfo as BatchInfo | undefined;
  if (batch) {
    const records = await streamRecords(clients.streams, batch);
    const filters = await eventFilters(clients.lambda, options.functionName, batch.streamArn);
    const passed = records.filter((r) => filters.length === 0 || filters.some((f) => matches(f, r)));
    log(
      `${message.MessageId}: ${records.length} stream record(s) ${batch.startSequenceNumber}…${batch.endSequenceNumber}, ${passed.length} pass the consumer's filter`,
    );
    if (passed.length === 0) return 'no record to replay';
    if (options.dryRun) return `would invoke ${options.functionName} with ${passed.length} record(s)`;
    await invoke(clients.lambda, options.functionName, {
      Records: passed.map((r) => ({ ...r, eventSourceARN: batch.streamArn })),
    });
    return `${passed.length} record(s) processed by ${options.functionName}`;
  }
  if (options.toQueueUrl) {
    if (options.dryRun) return `would move the message back to ${options.toQueueUrl}`;
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: options.toQueueUrl,
        MessageBody: body,
        ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
      }),
    );
    return `moved back to ${options.toQueueUrl}`;
  }
  if (!parsed)
    throw new Error('the message body is not JSON; pass --to-queue to move it back to its work queue');
  if (options.dryRun) return `would invoke ${options.functionName} with the message body`;
  await invoke(clients.lambda, options.functionName, parsed);
  return `${options.functionName} ran with the message body`;
}

/** The records of a failed batch, read back from the stream by sequence number (inclusive range). */
async function streamRecords(
  streams: DynamoDBStreamsClient,
  batch: BatchInfo,
): Promise<Record<string, unknown>[]> {
  const end = BigInt(batch.endSequenceNumber);
  let { ShardIterator: iterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: batch.startSequenceNumber,
    }),
  );
  const out: Record<string, unknown>[] = [];
  let emptyPages = 0;
  while (iterator && emptyPages < 10) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    const records = page.Records ?? [];
    emptyPages = records.length === 0 ? emptyPages + 1 : 0;
    for (const record of records) {
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return out;
      out.push(asLambdaRecord(record));
      if (BigInt(record.dynamodb?.SequenceNumber ?? '0') === end) return out;
    }
    iterator = page.NextShardIterator;
  }
  if (out.length === 0)
    throw new Error('the records are no longer in the stream (kept 24 hours); see docs/operations.md');
  return out;
}

/** The stream API's record as Lambda hands it over: epoch seconds, binary values in base64. */
function asLambdaRecord(record: StreamRecord): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(record, (key, value) => {
      if (key === 'ApproximateCreationDateTime' && typeof value === 'string') return Date.parse(value) / 1000;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      if (value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data))
        return Buffer.from(value.data).toString('base64');
      return value;
    }),
  ) as Record<string, unknown>;
}

/** The event filters of the function's mapping on that stream (the records Lambda would have passed). */
async function eventFilters(
  lambda: LambdaClient,
  functionName: string,
  streamArn: string,
): Promise<unknown[]> {
  for await (const page of paginateListEventSourceMappings(
    { client: lambda },
    { FunctionName: functionName },
  )) {
    for (const mapping of page.EventSourceMappings ?? []) {
      if (mapping.EventSourceArn !== streamArn) continue;
      return (mapping.FilterCriteria?.Filters ?? []).map((f) => JSON.parse(f.Pattern ?? '{}'));
    }
  }
  throw new Error(`${functionName} has no event source mapping on ${streamArn}`);
}

/**
 * Lambda's event-filter matching, for the operators the consumers use: a list of allowed values, and
 * `anything-but`, `prefix`, `exists`; anything else is refused rather than guessed.
 */
export function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => matchesOne(allowed, value));
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, sub]) => {
      const child = (value as Record<string, unknown>)[key];
      if (Array.isArray(sub) && sub.some((s) => s && typeof s === 'object' && 'exists' in s))
        return sub.some((s) => (s as { exists: boolean }).exists === (child !== undefined));
      return child !== undefined && matches(sub, child);
    });
  }
  throw new Error(`unsupported filter pattern ${JSON.stringify(pattern)}`);
}

function matchesOne(allowed: unknown, value: unknown): boolean {
  if (allowed === null || typeof allowed !== 'object') return allowed === value;
  const rule = allowed as Record<string, unknown>;
  if ('anything-but' in rule) {
    const excluded = rule['anything-but'];
    return Array.isArray(excluded) ? !excluded.includes(value) : excluded !== value;
  }
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
  throw new Error(`unsupported filter rule ${JSON.stringify(rule)}`);
}

async function invoke(lambda: LambdaClient, functionName: string, event: unknown): Promise<void> {
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: Buffer.from(JSON.stringify(event)),
    }),
  );
  const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  if (response.FunctionError) throw new Error(`${functionName} failed: ${text.slice(0, 500)}`);
  const payload = text ? (JSON.parse(text) as { batchItemFailures?: unknown[] } | null) : null;
  if (payload?.batchItemFailures?.length)
    throw new Error(`${functionName} reported ${payload.batchItemFailures.length} failed record(s)`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      queue: { type: 'string' },
      function: { type: 'string' },
      'to-queue': { type: 'string' },
      max: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.queue || !values.function) {
    console.error(
      'Usage: npm run ops:replay-dlq -- --queue <dead-letter queue URL> --function <consumer function> [--to-queue <work queue URL>] [--max N] [--dry-run]',
    );
    process.exit(2);
  }
  const result = await replayDeadLetters(
    { sqs: new SQSClient({}), lambda: new LambdaClient({}), streams: new DynamoDBStreamsClient({}) },
    {
      queueUrl: values.queue,
      functionName: values.function,
      ...(values['to-queue'] ? { toQueueUrl: values['to-queue'] } : {}),
      ...(values.max ? { max: Number(values.max) } : {}),
      dryRun: values['dry-run'] ?? false,
    },
  );
  console.log(
    `${result.replayed} message(s) replayed${result.failed ? `; stopped at ${result.failed.messageId}` : ''}.`,
  );
  process.exit(result.failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

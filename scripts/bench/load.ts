/**
 * Holding load: our handlers against bare handlers making the same AWS calls, same run, same cloud.
 * Measured in-process (not as a second deployed Lambda: one more function in the local stage would
 * be deployed by every test run and `npm start`): a loopback HTTP server turns each request into the
 * API Gateway event and calls the route's real handler (`/ours/…`: middleware, validation, wiring),
 * or replays, on the same SDK clients, the exact commands that handler sent for that request when
 * it was recorded once, then writes the answer our handler gave then (`/bare/…`: the AWS calls and
 * the same bytes, nothing else; calls that overlapped in the handler are sent together). The same
 * bytes on both sides: the catalogue of `GET /procedures` (37 KB) is the route's contract, not our
 * overhead (the bare side used to answer the last SDK output, `{}` on the routes without a call). autocannon drives 20 connections over the mixed routes for
 * BENCH_LOAD_SECONDS (60) each, in alternating halves; p50/p95 from every response's own time.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import { DynamoProfessionalRepository } from '../../shared/adapters/dynamodb/professional-repository.ts';
import { DynamoRolloutRepository } from '../../shared/adapters/dynamodb/rollout-repository.ts';
import { DynamoStaffRepository } from '../../shared/adapters/dynamodb/staff-repository.ts';
import { KmsKeyManager } from '../../shared/adapters/kms/key-manager.ts';
import { requiredAgencies } from '../../shared/domain/rollout/onboarding.ts';
import { claimsOf, httpEvent, lambdaContext } from '../../test/support/events.ts';
import { buildingPermit } from '../../test/support/fixtures.ts';
import type { StackOutputs } from '../local-cloud/deploy.ts';
import { ensureStaffRecord, goLive } from '../local-cloud/rollout-bodies.ts';
import { putActiveSigningKey } from '../local-cloud/signing-keys.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = 20;
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode?: number; body?: string }>;
/** One piece of AWS work the handler did, and how to do it again: an SDK command, or a presigned POST. */
interface Sent {
  replay: () => Promise<unknown>;
  start: number;
  end: number;
}
interface Route {
  name: string;
  handler: Handler;
  event: Parameters<typeof httpEvent>[0];
  status?: number;
  sent?: Sent[];
  /** Our handler's answer when the calls were recorded: what the bare side writes. */
  answer?: string;
}

/** Times of one side's requests, every route together and route by route. */
interface Times {
  all: number[];
  byRoute: number[][];
}

let recording: Sent[] | undefined;
/** Records `run` as one piece of work when `recording` is set; `replay` does the same work again. */
function recorded<T>(run: () => Promise<T>, replay: () => Promise<unknown>): Promise<T> {
  if (!recording) return run();
  const call: Sent = { replay, start: performance.now(), end: Number.POSITIVE_INFINITY };
  recording.push(call);
  return run().finally(() => {
    call.end = performance.now();
  });
}

/**
 * Records the commands the SDK clients send while `recording` is set (the smithy base `send`), and
 * the documents bucket's presigned POSTs: the SDK signs those in the process without a request, and
 * the bare side must sign them too (left out, they counted as our overhead: 2026-12-01).
 */
function installRecorder(storage: { presignUpload: (args: never) => Promise<unknown> }) {
  type Client = { send: (command: unknown) => Promise<unknown> };
  type Send = (this: Client, command: { input: unknown }, ...rest: unknown[]) => Promise<unknown>;
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: Send };
  const send = base.send;
  base.send = function (this: Client, command, ...rest) {
    if (!recording) return send.call(this, command, ...rest);
    // Cloned once, when recorded: the SDK builds its request from the input without changing it.
    const Command = command.constructor as new (input: unknown) => { input: unknown };
    const input = structuredClone(command.input);
    return recorded(
      () => send.call(this, command, ...rest),
      () => send.call(this, new Command(input)),
    );
  };
  const presign = storage.presignUpload.bind(storage);
  storage.presignUpload = (args) => {
    if (!recording) return presign(args);
    const input = structuredClone(args);
    return recorded(
      () => presign(args),
      () => presign(input),
    );
  };
}

/** The recorded calls in waves: a call started while another was in flight runs beside it, as the handler ran them. */
function waves(sent: Sent[]): Sent[][] {
  const out: Sent[][] = [];
  let inFlightUntil = Number.NEGATIVE_INFINITY;
  for (const call of [...sent].sort((a, b) => a.start - b.start)) {
    const wave = out.at(-1);
    if (wave && call.start < inFlightUntil) wave.push(call);
    else out.push([call]);
    inFlightUntil = Math.max(call.start < inFlightUntil ? inFlightUntil : call.end, call.end);
  }
  return out;
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

async function bodyOf(request: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** A verified professional and a draft in a LIVE Casablanca, for the upload-URL route. */
async function givenDraft(endpoint: string, outputs: StackOutputs, createApplication: Handler) {
  const config = {
    region: outputs.region,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  };
  const db = DynamoDBDocumentClient.from(new DynamoDBClient(config));
  const table = outputs.tableName;
  const staff = new DynamoStaffRepository(db, table);
  const person = (username: string, title: string) => ({
    username,
    firstName: 'Bench',
    lastName: username,
    title,
    phone: '+212600000009',
    email: `${username}@bench.rukhsa.ma`,
    preferredLanguage: 'fr' as const,
  });
  const scope = { communeId: 'cas-casablanca', provinceId: 'MA-CAS' };
  await ensureStaffRecord(
    staff,
    { ...person('bench-desk', 'Guichet'), roles: ['desk_agent'], scope },
    'bench',
  );
  const signatory = await ensureStaffRecord(
    staff,
    { ...person('bench-sig', 'Président'), roles: ['signatory'], scope },
    'bench',
  );
  for (const agency of requiredAgencies())
    await ensureStaffRecord(
      staff,
      {
        ...person(`bench-member-${agency}`, 'Commission'),
        roles: ['commission_member'],
        scope: { agencyId: agency, provinceId: 'MA-CAS' },
      },
      'bench',
    );
  const kms = new KMSClient(config);
  await putActiveSigningKey(
    db,
    { table, secrets: outputs.secretsTableName },
    new KmsKeyManager(kms, 'local'),
    {
      pin: '48213795',
      communeId: 'cas-casablanca',
      provinceId: 'MA-CAS',
      signatoryUsername: signatory.username,
    },
    { kms, caKeyArn: outputs.caKeyArn, timestampKeyArn: outputs.timestampKeyArn },
  );
  await goLive(
    { rollout: new DynamoRolloutRepository(db, table), staff },
    { id: 'cas-casablanca', provinceId: 'MA-CAS', regionId: 'MA-06' },
    'bench',
  ).catch(() => undefined); // already LIVE on a reused cloud
  const professionals = new DynamoProfessionalRepository(db, table);
  const id = `pro-bench-${randomUUID()}`;
  const professional = {
    id,
    profession: 'architect' as const,
    registrationNumber: `B-${randomUUID().slice(0, 8)}`.toUpperCase(),
    firstName: 'Bench',
    lastName: 'Architecte',
    cin: 'BE100200',
    phone: '+212600000002',
    email: `${id}@bench.rukhsa.ma`,
    preferredLanguage: 'fr' as const,
    status: 'PENDING_VERIFICATION' as const,
    registeredAt: new Date().toISOString(),
  };
  await professionals.register(professional);
  await professionals.decide({ ...professional, status: 'VERIFIED' }, 'bench', new Date().toISOString());
  const claims = claimsOf(['professional'], { 'cognito:username': id, sub: `sub-${id}` });
  const draft = await createApplication(
    httpEvent({
      method: 'POST',
      path: '/applications',
      claims,
      headers: { 'idempotency-key': randomUUID() },
      body: buildingPermit(),
    }),
    lambdaContext('createApplication'),
  );
  if (draft.statusCode !== 201) throw new Error(`the bench draft was refused: ${draft.body}`);
  return { id: JSON.parse(draft.body ?? '{}').id as string, claims };
}

export interface LoadResult {
  seconds: number;
  connections: number;
  routes: string[];
  ours: { requests: number; errors: number; p50Ms: number; p95Ms: number };
  bare: { requests: number; errors: number; p50Ms: number; p95Ms: number };
  /** Each route's times inside the server (arrival to answer), to find where a gap comes from. */
  byRoute: { route: string; ours: RouteTimes; bare: RouteTimes; cpuMicros: { ours: number; bare: number } }[];
}
interface RouteTimes {
  requests: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * The process's CPU time per request of each route on each side, one request at a time (no load):
 * our overhead itself, without the queueing that turns it into latency under load. Blocks of
 * CPU_REQUESTS requests, alternating sides; the median block of each.
 */
const CPU_REQUESTS = 200;
async function cpuPerRequest(
  routes: Route[],
  sides: Record<'ours' | 'bare', (route: Route) => Promise<string>>,
): Promise<{ ours: number; bare: number }[]> {
  const out: { ours: number; bare: number }[] = [];
  for (const route of routes) {
    const blocks = { ours: [] as number[], bare: [] as number[] };
    for (let round = 0; round < 5; round++)
      for (const side of ['ours', 'bare'] as const) {
        const before = process.cpuUsage();
        for (let i = 0; i < CPU_REQUESTS; i++) await sides[side](route);
        const used = process.cpuUsage(before);
        blocks[side].push((used.user + used.system) / CPU_REQUESTS);
      }
    out.push({ ours: quantile(blocks.ours, 0.5), bare: quantile(blocks.bare, 0.5) });
  }
  return out;
}

export async function benchLoad(endpoint: string, outputs: StackOutputs): Promise<LoadResult> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: outputs.region,
    TABLE_NAME: outputs.tableName,
    SECRETS_TABLE: outputs.secretsTableName,
    DOCUMENTS_BUCKET: outputs.documentsBucket,
    PERMITS_BUCKET: outputs.permitsBucket,
    OPEN_DATA_BUCKET: outputs.openDataBucket,
    USER_POOL_ID: outputs.userPoolId,
    S3_FORCE_PATH_STYLE: 'true',
    STAGE: 'local',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const handler = async (module: string) => (await import(`../../functions/${module}.ts`)).handler as Handler;
  // The same module the upload route's wiring uses: the route's presigned POST is recorded on it.
  const { documentStorage } = await import('../../functions/wiring/s3.ts');
  installRecorder(documentStorage());
  const createApplication = await handler('applications/create-application');
  const draft = await givenDraft(endpoint, outputs, createApplication);
  const routes: Route[] = [
    {
      name: 'GET /procedures',
      handler: await handler('procedures/list-procedures'),
      event: { path: '/procedures' },
    },
    { name: 'GET /geo/regions', handler: await handler('geo/list-regions'), event: { path: '/geo/regions' } },
    { name: 'GET /stats', handler: await handler('rollout/get-stats'), event: { path: '/stats' } },
    { name: 'GET /rankings', handler: await handler('ranking/list-rankings'), event: { path: '/rankings' } },
    {
      name: 'POST …/documents/SITE_PLAN/uploads',
      handler: await handler('applications/request-upload'),
      event: {
        method: 'POST',
        path: `/applications/${draft.id}/documents/SITE_PLAN/uploads`,
        pathParameters: { applicationId: draft.id, documentCode: 'SITE_PLAN' },
        claims: draft.claims,
        body: { contentType: 'application/pdf', sizeBytes: 300_000 },
      },
    },
  ];
  // Warm each route, then record the commands of one call (the bare side replays them).
  for (const route of routes) {
    await route.handler(httpEvent(route.event), lambdaContext(route.name));
    recording = [];
    const answer = await route.handler(httpEvent(route.event), lambdaContext(route.name));
    route.sent = recording;
    recording = undefined;
    route.status = answer.statusCode ?? 200;
    route.answer = answer.body ?? '';
  }

  /** One request on each side: its answer's body, or an error when ours answers another status. */
  const sides = {
    ours: async (route: Route) => {
      const answer = await route.handler(httpEvent(route.event), lambdaContext(route.name));
      if ((answer.statusCode ?? 200) !== route.status) throw new Error(`${route.name}: ${answer.statusCode}`);
      return answer.body ?? '';
    },
    bare: async (route: Route) => {
      for (const wave of waves(route.sent ?? [])) await Promise.all(wave.map((call) => call.replay()));
      return route.answer ?? '';
    },
  };
  const cpu = await cpuPerRequest(routes, sides);

  const times = {
    ours: { all: [], byRoute: routes.map(() => []) } as Times,
    bare: { all: [], byRoute: routes.map(() => []) } as Times,
  };
  const server = createServer(async (request, response) => {
    const [, side, index] = (request.url ?? '').split('/');
    const route = routes[Number(index)];
    if (!route || (side !== 'ours' && side !== 'bare')) return void response.writeHead(404).end();
    await bodyOf(request);
    // Each route's own times, from its request's arrival to its answer (autocannon's do not say the route).
    const arrived = performance.now();
    response.on('finish', () => times[side].byRoute[Number(index)]?.push(performance.now() - arrived));
    try {
      const body = await sides[side](route);
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const totals = { ours: { requests: 0, errors: 0 }, bare: { requests: 0, errors: 0 } };
  const run = async (side: 'ours' | 'bare', seconds: number) => {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: `http://127.0.0.1:${port}`,
          connections: CONNECTIONS,
          duration: seconds,
          requests: routes.map((_, i) => ({ method: 'GET' as const, path: `/${side}/${i}` })),
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => times[side].all.push(responseTime));
    });
    totals[side].requests += result.requests.total;
    totals[side].errors += result.errors + result.non2xx + result.timeouts;
  };
  const summary = (side: 'ours' | 'bare') => ({
    ...totals[side],
    p50Ms: quantile(times[side].all, 0.5),
    p95Ms: quantile(times[side].all, 0.95),
  });
  const inServer = (side: 'ours' | 'bare', i: number) => ({
    requests: times[side].byRoute[i]?.length ?? 0,
    p50Ms: quantile(times[side].byRoute[i] ?? [], 0.5),
    p95Ms: quantile(times[side].byRoute[i] ?? [], 0.95),
  });
  try {
    // Two alternating halves each, so a neighbour's load lands on both sides alike.
    for (const side of ['ours', 'bare', 'ours', 'bare'] as const) await run(side, SECONDS / 2);
    return {
      seconds: SECONDS,
      connections: CONNECTIONS,
      routes: routes.map(
        (r) =>
          `${r.name} (${r.status}, ${r.sent?.length} AWS calls or presigned POSTs, ${Buffer.byteLength(r.answer ?? '')} B)`,
      ),
      ours: summary('ours'),
      bare: summary('bare'),
      byRoute: routes.map((route, i) => ({
        route: route.name,
        ours: inServer('ours', i),
        bare: inServer('bare', i),
        cpuMicros: cpu[i] as { ours: number; bare: number },
      })),
    };
  } finally {
    server.close();
  }
}

export function printLoad(load: LoadResult): void {
  console.log(
    `\nLoad, ${load.connections} connections × ${load.seconds} s each, loopback, handlers in-process on the local cloud, over: ${load.routes.join(', ')}`,
  );
  for (const [name, side] of [
    ['bare (same AWS calls only)', load.bare],
    ['ours', load.ours],
  ] as const)
    console.log(
      `  ${name.padEnd(28)} ${String(side.requests).padStart(6)} requests, ${side.errors} errors   p50 ${side.p50Ms.toFixed(1)} ms   p95 ${side.p95Ms.toFixed(1)} ms`,
    );
  console.log(
    `  ours / bare: p50 ×${(load.ours.p50Ms / load.bare.p50Ms).toFixed(2)}, p95 ×${(load.ours.p95Ms / load.bare.p95Ms).toFixed(2)} (goal ≤ 1.2×)`,
  );
  console.log(
    '  route by route (ours / bare): p50 and p95 inside the server under the load; CPU per request, one at a time',
  );
  for (const { route, ours, bare, cpuMicros } of load.byRoute)
    console.log(
      `    ${route.padEnd(36)} ${ours.p50Ms.toFixed(1)} / ${bare.p50Ms.toFixed(1)} ms   ${ours.p95Ms.toFixed(1)} / ${bare.p95Ms.toFixed(1)} ms   CPU ${cpuMicros.ours.toFixed(0)} / ${cpuMicros.bare.toFixed(0)} µs (+${(cpuMicros.ours - cpuMicros.bare).toFixed(0)} µs)`,
    );
}

// `npm run bench:load` alone: its own throwaway local cloud, deployed and seeded.
if (import.meta.main) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { deployLocal } = await import('../local-cloud/deploy.ts');
  const { freePort, startLocalCloud, stopLocalCloud } = await import('../local-cloud/ministack.ts');
  const { seedReferenceData } = await import('../local-cloud/seed.ts');
  const { ensureVenv } = await import('../local-cloud/venv.ts');
  ensureVenv();
  const stateDir = mkdtempSync(path.join(tmpdir(), 'rukhsa-load-'));
  const port = await freePort();
  const cloud = await startLocalCloud({ port, stateDir, persist: false });
  try {
    const quiet = () => undefined;
    const { outputs } = await deployLocal({
      port,
      stateDir,
      webUrl: `http://127.0.0.1:${await freePort()}`,
      log: quiet,
    });
    await seedReferenceData(port, outputs, quiet);
    printLoad(await benchLoad(cloud.endpoint, outputs));
  } finally {
    await stopLocalCloud(cloud.pid);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

import { createHash } from 'node:crypto';
import { DomainError, notFound } from '../errors.ts';
import type { GeoRepository } from '../geo/ports.ts';
import { assertRole, type Principal } from '../identity/principal.ts';
import { mapLimited } from '../map-limited.ts';
import type { PublicRecordStore } from '../open-data/public-records.ts';
import { publishCatalogue, publishMonth } from '../open-data/use-cases.ts';
import { casablancaDate } from '../procedures/rules.ts';
import { type ApplicationImage, aggregateDeltas, changeKey } from './aggregate-events.ts';
import {
  addDays,
  aggregatesToRead,
  type CommuneIndicators,
  canonicalDay,
  foldDays,
  PERIOD,
  type PeriodWindow,
  periodWindow,
  previousPeriod,
} from './indicators.ts';
import {
  communeInputs,
  inputsCsv,
  inputsJson,
  type RankingInputs,
  rankingInputs,
  snapshotFromInputs,
} from './inputs.ts';
import { CURRENT_METHODOLOGY, type Methodology, methodologyJson, sha256 } from './methodology.ts';
import type {
  OpenDataPublisher,
  PeriodRow,
  RankingAggregateStore,
  RankingRunQueue,
  RankingSnapshotStore,
  SnapshotHeader,
} from './ports.ts';
import { openDataKeys, type RankingSnapshot, rankingCsv, rankingJson } from './publish.ts';
import { type CommuneInfo, type RankingRow, rankCommunes } from './rank.ts';

// ---------------------------------------------------------------------------------------------
// Stream consumer

/** Applies one application change to the aggregates (idempotent per change). */
export async function applyApplicationChange(
  store: RankingAggregateStore,
  oldImage: ApplicationImage | undefined,
  newImage: ApplicationImage | undefined,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  const deltas = aggregateDeltas(oldImage, newImage);
  if (deltas.length === 0 || !newImage) return 'ignored';
  return store.apply(changeKey(newImage), deltas);
}

// ---------------------------------------------------------------------------------------------
// The job

export interface RankingJobDeps {
  aggregates: RankingAggregateStore;
  snapshots: RankingSnapshotStore;
  geo: GeoRepository;
  publisher: OpenDataPublisher;
  /** The decisions and permits kept from the stream, published with the period's ranking. */
  records: PublicRecordStore;
}

export type RankingRequest =
  | { period: string; communeIds?: string[] }
  /** monthly: the previous month, final; weekly: the month of yesterday, provisional while it runs. */
  | { schedule: 'monthly' | 'weekly'; communeIds?: string[] };

export interface RankingRunResult {
  period: string;
  status: PeriodWindow['status'];
  asOf: string;
  communes: number;
  ranked: number;
  itemsRead: number;
  inputsChecksum: string;
  jsonSha256: string;
  csvSha256: string;
  keys: string[];
}

/** The period a request names, as of `today` (Moroccan date). */
export function requestedPeriod(request: RankingRequest, today: string): string {
  if ('period' in request) return request.period;
  if (request.schedule === 'monthly') return previousPeriod(today.slice(0, 7));
  return addDays(today, -1).slice(0, 7);
}

/** The window of a period, or a 422 telling when it can be ranked. */
export function windowOrProblem(period: string, today: string): PeriodWindow {
  if (!PERIOD.test(period))
    throw new DomainError({
      type: 'validation',
      kind: 'invalid',
      title: 'Invalid period',
      detail: `'${period}' is not a month; write it as YYYY-MM, e.g. 2026-03.`,
    });
  const window = periodWindow(period, today);
  if (!window)
    throw new DomainError({
      type: 'period-not-started',
      kind: 'unprocessable',
      title: 'Nothing to rank yet',
      detail: `${period} has no complete day yet (today is ${today} in Morocco). A provisional ranking is possible from the day after its first day.`,
      details: { period, today },
    });
  return window;
}

/** Every commune of the reference data, with its region (12 + 75 queries). */
export async function allCommunes(geo: GeoRepository): Promise<CommuneInfo[]> {
  const out: CommuneInfo[] = [];
  for (const region of await geo.listRegions()) {
    for (const province of await geo.listProvinces(region.id)) {
      for (const c of await geo.listCommunes(province.id)) {
        out.push({
          id: c.id,
          nameFr: c.nameFr,
          nameAr: c.nameAr,
          provinceId: c.provinceId,
          regionId: c.regionId,
          kind: c.kind,
          population: c.population ?? null,
        });
      }
    }
  }
  return out;
}

/**
 * The inputs of a ranking, read from aggregates only: month roll-ups, and the open month's days for
 * a provisional run, so reads grow with communes × months, never with days or applications.
 */
export async function readIndicators(
  aggregates: RankingAggregateStore,
  communes: CommuneInfo[],
  window: PeriodWindow,
  concurrency = 16,
): Promise<{ indicators: Map<string, CommuneIndicators>; itemsRead: number; digests: string[] }> {
  const sorted = [...communes].sort((a, b) => (a.id < b.id ? -1 : 1));
  const perCommune = await mapLimited(sorted, concurrency, async (commune) => {
    const days = await aggregates.forWindow(commune.id, { ...aggregatesToRead(window), to: window.to });
    const hash = createHash('sha256');
    for (const day of [...days].sort((a, b) => (a.day < b.day ? -1 : 1)))
      hash.update(`${canonicalDay(day)}\n`);
    return {
      id: commune.id,
      indicators: foldDays(days, window),
      read: days.length,
      digest: hash.digest('hex'),
    };
  });
  return {
    indicators: new Map(perCommune.map((c) => [c.id, c.indicators])),
    itemsRead: perCommune.reduce((sum, c) => sum + c.read, 0),
    digests: perCommune.map((c) => `${c.id}:${c.digest}`),
  };
}

/**
 * The published inputs of a ranking, read from the aggregates only (month roll-ups, and the open
 * month's days for a provisional run: reads grow with communes × months, never with days or
 * applications): per commune, its months of the rolling window and the backlog carried in.
 */
export async function readInputs(
  aggregates: RankingAggregateStore,
  communes: CommuneInfo[],
  window: PeriodWindow,
  methodology: Methodology,
  previousRanks: ReadonlyMap<string, number>,
  concurrency = 16,
): Promise<{ inputs: RankingInputs; itemsRead: number }> {
  let itemsRead = 0;
  const perCommune = await mapLimited(communes, concurrency, async (commune) => {
    const days = await aggregates.forWindow(commune.id, { ...aggregatesToRead(window), to: window.to });
    itemsRead += days.length;
    return communeInputs(commune, days, window, previousRanks.get(commune.id) ?? null);
  });
  return { inputs: rankingInputs({ window, methodology, communes: perCommune }), itemsRead };
}

/** The checksum of everything a ranking depends on. */
export function inputsChecksum(input: {
  methodology: Methodology;
  window: PeriodWindow;
  communes: CommuneInfo[];
  dayDigests: string[];
  previousRanks: ReadonlyMap<string, number>;
}): string {
  const hash = createHash('sha256');
  hash.update(`methodology ${input.methodology.version} ${sha256(methodologyJson(input.methodology))}\n`);
  hash.update(`window ${JSON.stringify(input.window)}\n`);
  for (const c of [...input.communes].sort((a, b) => (a.id < b.id ? -1 : 1)))
    hash.update(
      `commune ${c.id}|${c.provinceId}|${c.regionId}|${c.kind}|${c.population}|${c.nameFr}|${c.nameAr}\n`,
    );
  for (const digest of input.dayDigests) hash.update(`days ${digest}\n`);
  for (const id of [...input.previousRanks.keys()].sort())
    hash.update(`previous ${id}:${input.previousRanks.get(id)}\n`);
  return hash.digest('hex');
}

/** A ranking snapshot from indicators (pure): what the job and the benchmark publish. */
export function buildSnapshot(input: {
  window: PeriodWindow;
  communes: CommuneInfo[];
  indicators: ReadonlyMap<string, CommuneIndicators>;
  methodology: Methodology;
  previousRanks: ReadonlyMap<string, number>;
  inputsChecksum: string;
}): RankingSnapshot {
  const rows = rankCommunes(input);
  return {
    period: input.window.period,
    status: input.window.status,
    monthFrom: input.window.monthFrom,
    rollingFrom: input.window.rollingFrom,
    asOf: input.window.to,
    methodologyVersion: input.methodology.version,
    inputsChecksum: input.inputsChecksum,
    communes: rows.length,
    ranked: rows.filter((r) => r.ranked).length,
    rows,
  };
}

/**
 * One run: read the aggregates of every commune, rank, publish JSON + CSV + the methodology to the
 * open-data bucket, then store the snapshot (rows first, header last: a header means a complete
 * snapshot). Re-running a period over the same aggregates publishes the same bytes.
 */
export async function runRanking(
  deps: RankingJobDeps,
  request: RankingRequest,
  now: Date,
  trigger: string,
): Promise<RankingRunResult> {
  const today = casablancaDate(now);
  const period = requestedPeriod(request, today);
  const window = windowOrProblem(period, today);
  const methodology = CURRENT_METHODOLOGY;
  let communes = await allCommunes(deps.geo);
  if (request.communeIds) {
    const wanted = new Set(request.communeIds);
    communes = communes.filter((c) => wanted.has(c.id));
  }
  const previousRanks = new Map<string, number>();
  for (const row of await deps.snapshots.rows(previousPeriod(period))) {
    if (row.nationalRank !== null) previousRanks.set(row.Jurisdiction, row.nationalRank);
  }
  const { inputs, itemsRead } = await readInputs(
    deps.aggregates,
    communes,
    window,
    methodology,
    previousRanks,
  );
  const snapshot = snapshotFromInputs(inputs, methodology);
  const json = rankingJson(snapshot);
  const csv = rankingCsv(snapshot);
  // The inputs first, the ranking that names their checksum after them.
  const files: [string, string, string][] = [
    [openDataKeys.methodology(methodology.version), methodologyJson(methodology), 'application/json'],
    [openDataKeys.inputsJson(period), inputsJson(inputs), 'application/json'],
    [openDataKeys.inputsCsv(period), inputsCsv(inputs), 'text/csv; charset=utf-8'],
    [openDataKeys.json(period), json, 'application/json'],
    [openDataKeys.csv(period), csv, 'text/csv; charset=utf-8'],
  ];
  for (const [key, body, type] of files) await deps.publisher.put(key, body, type);
  const keys = files.map(([key]) => key);
  keys.push(...(await publishMonth({ records: deps.records, bucket: deps.publisher }, period)));
  const { rows, ...rest } = snapshot;
  const header: SnapshotHeader = {
    ...rest,
    runAt: now.toISOString(),
    trigger,
    jsonSha256: sha256(json),
    csvSha256: sha256(csv),
  };
  await deps.snapshots.save(header, rows);
  // Last: the catalogue names every file now in the bucket, this run's included.
  await publishCatalogue(deps.publisher);
  return {
    period,
    status: window.status,
    asOf: window.to,
    communes: snapshot.communes,
    ranked: snapshot.ranked,
    itemsRead,
    inputsChecksum: snapshot.inputsChecksum,
    jsonSha256: header.jsonSha256,
    csvSha256: header.csvSha256,
    keys,
  };
}

// ---------------------------------------------------------------------------------------------
// Public reads and the administrator's trigger

const noRanking = (period?: string) =>
  new DomainError({
    type: 'not-found',
    kind: 'not-found',
    title: 'No ranking',
    detail: period
      ? `No ranking was published for ${period}. GET /rankings without a period gives the latest one.`
      : 'No ranking has been published yet.',
  });

export interface RankingView extends Omit<SnapshotHeader, 'runAt' | 'trigger'> {
  items: RankingRow[];
}

export async function listRankings(
  deps: { snapshots: RankingSnapshotStore },
  query: { period?: string; region?: string; group?: string },
): Promise<RankingView> {
  const period = query.period ?? (await deps.snapshots.latestPeriod());
  if (!period) throw noRanking();
  const header = await deps.snapshots.header(period);
  if (!header) throw noRanking(period);
  const rows = await deps.snapshots.rows(period);
  const order = (r: RankingRow) => r.nationalRank ?? Number.MAX_SAFE_INTEGER;
  const items = rows
    .filter(
      (r) => (!query.region || r.regionId === query.region) && (!query.group || r.peerGroup === query.group),
    )
    .sort((a, b) => order(a) - order(b) || (a.Jurisdiction < b.Jurisdiction ? -1 : 1));
  const { runAt, trigger, ...published } = header;
  return { ...published, items };
}

export async function communeRankingHistory(
  deps: { snapshots: RankingSnapshotStore; geo: Pick<GeoRepository, 'getCommune'> },
  communeId: string,
  limit = 36,
): Promise<{ communeId: string; items: PeriodRow[] }> {
  if (!(await deps.geo.getCommune(communeId))) throw notFound('Commune', communeId);
  return { communeId, items: await deps.snapshots.communeHistory(communeId, limit) };
}

/** A ministry administrator asks for a run of a period; the job runs it from the queue. */
export async function requestRankingRun(
  deps: { queue: RankingRunQueue },
  principal: Principal,
  input: { period: string },
  now: Date,
): Promise<{ period: string; status: PeriodWindow['status']; asOf: string; state: 'queued' }> {
  assertRole(principal, 'ministry_admin');
  const window = windowOrProblem(input.period, casablancaDate(now));
  await deps.queue.request({ period: input.period, requestedBy: principal.username });
  return { period: input.period, status: window.status, asOf: window.to, state: 'queued' };
}

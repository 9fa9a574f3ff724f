/**
 * `npm run bench:ranking` (also run at the end of `npm run bench`): the ranking job at national scale.
 *
 * 1. Generates, from a fixed seed, 1,000,000 applications of 1,500 communes over 12 months (2025),
 *    each with the successive images of its table item and its raw events.
 * 2. Feeds every image change through the stream consumer's pure aggregation (the same
 *    `aggregateDeltas` the Lambda runs) into per-commune per-day aggregates, and writes them out
 *    as the table would hold them; writes every application with its events too.
 * 3. In a fresh process each (so time and peak memory are the computation's own), measures:
 *    - the ranking job over the aggregates: read them, fold per commune, rank, serialise JSON + CSV;
 *    - the naive job over every application and its events: same output, computed from raw events.
 *    Both must produce the same rows. Reports time, peak RSS and heap, items read, and the ratio.
 *
 * Results: printed and written to .local/bench-ranking.json.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { aggregateDeltas } from '../../shared/domain/ranking/aggregate-events.ts';
import {
  aggregatesToRead,
  type CommuneIndicators,
  canonicalDay,
  type DayAggregate,
  foldDays,
  mergeDay,
  type PeriodWindow,
  periodWindow,
  rollUpMonths,
} from '../../shared/domain/ranking/indicators.ts';
import { CURRENT_METHODOLOGY, sha256 } from '../../shared/domain/ranking/methodology.ts';
import { rankingCsv, rankingJson } from '../../shared/domain/ranking/publish.ts';
import type { CommuneInfo } from '../../shared/domain/ranking/rank.ts';
import { buildSnapshot } from '../../shared/domain/ranking/use-cases.ts';
import { type ApplicationHistory, NaiveIndicators } from '../../test/support/ranking-naive.ts';
import { LOCAL_DIR } from '../local-cloud/paths.ts';
import { syntheticApplications, syntheticCommunes } from './ranking-synthetic.ts';

const SEED = 20_260_701;
const COMMUNES = Number(process.env.BENCH_RANKING_COMMUNES ?? 1500);
const APPLICATIONS = Number(process.env.BENCH_RANKING_APPLICATIONS ?? 1_000_000);
const PERIOD = '2025-12';
const TODAY = '2026-01-05';
const WORK_DIR = path.join(LOCAL_DIR, 'bench-ranking');
const files = {
  communes: path.join(WORK_DIR, 'communes.json'),
  aggregates: path.join(WORK_DIR, 'aggregates.ndjson'),
  /** What the job reads (`aggregatesToRead`): month roll-ups, and the open month's days if provisional. */
  rollUps: path.join(WORK_DIR, 'roll-ups.ndjson'),
  applications: path.join(WORK_DIR, 'applications.ndjson'),
};

interface Measure {
  ms: number;
  peakRssMB: number;
  peakHeapMB: number;
  itemsRead: number;
  /** Bytes of the items read (as the benchmark stores them: JSON lines). */
  bytesRead: number;
  /**
   * DynamoDB requests the same reads need at least: ranking = one Query page (≤ 1 MB) per commune;
   * naive = one Query per application for its events, plus one per commune to list its applications.
   */
  requestsAtLeast: number;
  rowsSha256: string;
  jsonSha256: string;
  csvBytes: number;
  ranked: number;
}

/** Samples the heap while `work` runs (RSS peak comes from the kernel's accounting). */
async function measured(
  work: () => Promise<Omit<Measure, 'ms' | 'peakRssMB' | 'peakHeapMB'>>,
): Promise<Measure> {
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    ms,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    peakHeapMB: peakHeap / 1024 / 1024,
    ...result,
  };
}

const window = () => periodWindow(PERIOD, TODAY) as PeriodWindow;
const communesOf = (): CommuneInfo[] => JSON.parse(readFileSync(files.communes, 'utf8'));

function publish(
  communes: CommuneInfo[],
  indicators: Map<string, CommuneIndicators>,
  inputsChecksum: string,
) {
  const snapshot = buildSnapshot({
    window: window(),
    communes,
    indicators,
    methodology: CURRENT_METHODOLOGY,
    previousRanks: new Map(),
    inputsChecksum,
  });
  const json = rankingJson(snapshot);
  const csv = rankingCsv(snapshot);
  return {
    rowsSha256: sha256(JSON.stringify(snapshot.rows)),
    jsonSha256: sha256(json),
    csvBytes: Buffer.byteLength(csv),
    ranked: snapshot.ranked,
  };
}

/**
 * The job over aggregates only, one commune at a time (they come grouped by commune, as per-commune
 * queries return them): the month roll-ups it reads now, or every day aggregate as it read before.
 */
async function rankingChild(file: string): Promise<Measure> {
  return measured(async () => {
    const communes = communesOf();
    const indicators = new Map<string, CommuneIndicators>();
    const digests: string[] = [];
    let itemsRead = 0;
    let bytesRead = 0;
    let requestsAtLeast = 0;
    let communeBytes = 0;
    let current: string | undefined;
    let days: DayAggregate[] = [];
    const flush = () => {
      if (current === undefined) return;
      indicators.set(current, foldDays(days, window()));
      digests.push(`${current}:${sha256(days.map(canonicalDay).join('\n'))}`);
      requestsAtLeast += Math.max(1, Math.ceil(communeBytes / 1_000_000));
      communeBytes = 0;
      days = [];
    };
    const lines = createInterface({
      input: createReadStream(file),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      const day = JSON.parse(line) as DayAggregate;
      itemsRead++;
      bytesRead += line.length;
      communeBytes += line.length;
      if (day.communeId !== current) {
        flush();
        current = day.communeId;
      }
      days.push(day);
    }
    flush();
    const inputs = sha256(digests.join('\n'));
    return { itemsRead, bytesRead, requestsAtLeast, ...publish(communes, indicators, inputs) };
  });
}

/** The naive job: every application and every event, indicators from the raw histories (streamed). */
async function naiveChild(): Promise<Measure> {
  return measured(async () => {
    const communes = communesOf();
    const naive = new NaiveIndicators(window());
    let itemsRead = 0;
    let bytesRead = 0;
    let applications = 0;
    const lines = createInterface({
      input: createReadStream(files.applications),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) {
      const history = JSON.parse(line) as ApplicationHistory;
      itemsRead += 1 + history.events.length;
      bytesRead += line.length;
      applications++;
      naive.add(history);
    }
    const requestsAtLeast = applications + communes.length;
    return { itemsRead, bytesRead, requestsAtLeast, ...publish(communes, naive.result(), 'naive') };
  });
}

function generate() {
  mkdirSync(WORK_DIR, { recursive: true });
  const communes = syntheticCommunes(COMMUNES, SEED);
  writeFileSync(files.communes, JSON.stringify(communes));
  const started = performance.now();
  const aggregates = new Map<string, DayAggregate>();
  const out = openSync(files.applications, 'w');
  let buffer: string[] = [];
  let buffered = 0;
  let changes = 0;
  let events = 0;
  for (const app of syntheticApplications({
    seed: SEED,
    communeIds: communes.map((c) => c.id),
    applications: APPLICATIONS,
    fromDay: '2025-01-01',
    days: 365,
    horizon: Date.parse(`${TODAY}T00:00:00Z`),
  })) {
    for (let i = 0; i < app.images.length; i++) {
      changes++;
      for (const delta of aggregateDeltas(app.images[i - 1], app.images[i])) {
        const key = `${delta.communeId}|${delta.day}`;
        const existing = aggregates.get(key);
        if (existing) mergeDay(existing, delta);
        else aggregates.set(key, delta);
      }
    }
    events += app.events.length;
    const line = JSON.stringify({ communeId: app.communeId, events: app.events });
    buffer.push(line);
    buffered += line.length;
    if (buffered > 4_000_000) {
      writeSync(out, `${buffer.join('\n')}\n`);
      buffer = [];
      buffered = 0;
    }
  }
  if (buffer.length > 0) writeSync(out, `${buffer.join('\n')}\n`);
  closeSync(out);
  const keys = [...aggregates.keys()].sort();
  const agg = openSync(files.aggregates, 'w');
  for (let i = 0; i < keys.length; i += 20_000) {
    writeSync(
      agg,
      `${keys
        .slice(i, i + 20_000)
        .map((k) => JSON.stringify(aggregates.get(k)))
        .join('\n')}\n`,
    );
  }
  closeSync(agg);
  // The month roll-ups the stream consumer keeps beside the days (same deltas, same transaction),
  // and from them what the job reads for this window.
  const read = aggregatesToRead(window());
  const wanted = [
    ...rollUpMonths(aggregates.values()).filter((m) => m.day <= read.monthsThrough),
    ...(read.daysFrom
      ? [...aggregates.values()].filter((d) => d.day >= (read.daysFrom as string) && d.day <= window().to)
      : []),
  ].sort((a, b) =>
    a.communeId === b.communeId ? (a.day < b.day ? -1 : 1) : a.communeId < b.communeId ? -1 : 1,
  );
  writeFileSync(files.rollUps, `${wanted.map((m) => JSON.stringify(m)).join('\n')}\n`);
  return {
    seconds: (performance.now() - started) / 1000,
    applications: APPLICATIONS,
    communes: COMMUNES,
    changes,
    events,
    dayAggregates: keys.length,
    itemsTheJobReads: wanted.length,
  };
}

const child = (mode: string): Measure =>
  JSON.parse(
    execFileSync(process.execPath, [import.meta.filename, '--child', mode], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );

async function main() {
  const mode = process.argv[process.argv.indexOf('--child') + 1];
  if (process.argv.includes('--child')) {
    const result =
      mode === 'ranking'
        ? await rankingChild(files.rollUps)
        : mode === 'days'
          ? await rankingChild(files.aggregates)
          : await naiveChild();
    process.stdout.write(JSON.stringify(result));
    return;
  }
  console.log(
    `\nRanking benchmark: ${COMMUNES} communes, ${APPLICATIONS.toLocaleString('en')} applications, 2025 (seed ${SEED})`,
  );
  const generated = generate();
  console.log(
    `  generated in ${generated.seconds.toFixed(1)} s: ${generated.changes.toLocaleString('en')} item changes through the stream aggregation → ${generated.dayAggregates.toLocaleString('en')} day aggregates; ${generated.events.toLocaleString('en')} events`,
  );
  const ranking = child('ranking');
  const days = child('days');
  const naive = child('naive');
  if (ranking.rowsSha256 !== naive.rowsSha256 || days.rowsSha256 !== naive.rowsSha256)
    throw new Error('the ranking from aggregates differs from the naive ranking over raw events');
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    seed: SEED,
    period: PERIOD,
    generated,
    ranking,
    days,
    naive,
    ratio: {
      time: naive.ms / ranking.ms,
      peakRss: naive.peakRssMB / ranking.peakRssMB,
      itemsRead: naive.itemsRead / ranking.itemsRead,
      bytesRead: naive.bytesRead / ranking.bytesRead,
      requestsAtLeast: naive.requestsAtLeast / ranking.requestsAtLeast,
    },
    sameRows: true,
    goal: { itemsRead: 50, time: 10 },
    budget: { maxSeconds: 10, maxPeakMB: 512, met: ranking.ms <= 10_000 && ranking.peakRssMB <= 512 },
  };
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(path.join(LOCAL_DIR, 'bench-ranking.json'), `${JSON.stringify(results, null, 2)}\n`);
  const row = (name: string, m: Measure) =>
    `  ${name.padEnd(30)} ${`${(m.ms / 1000).toFixed(2)} s`.padStart(9)} ${`${m.peakRssMB.toFixed(0)} MB`.padStart(9)} ${`${m.peakHeapMB.toFixed(0)} MB`.padStart(9)} ${m.itemsRead.toLocaleString('en').padStart(12)} ${`${(m.bytesRead / 1e6).toFixed(0)} MB`.padStart(8)} ${m.requestsAtLeast.toLocaleString('en').padStart(10)}`;
  console.log(
    `\n  ${'computation'.padEnd(30)} ${'time'.padStart(9)} ${'peak RSS'.padStart(9)} ${'peak heap'.padStart(9)} ${'items read'.padStart(12)} ${'bytes'.padStart(8)} ${'requests≥'.padStart(10)}`,
  );
  console.log(row('ranking over month roll-ups', ranking));
  console.log(row('(before) over day aggregates', days));
  console.log(row('naive over every application', naive));
  console.log(
    `  ratio naive / roll-ups: time ×${results.ratio.time.toFixed(1)}, peak RSS ×${results.ratio.peakRss.toFixed(1)}, items read ×${results.ratio.itemsRead.toFixed(1)}, bytes ×${results.ratio.bytesRead.toFixed(1)}, requests ×${results.ratio.requestsAtLeast.toFixed(0)}`,
  );
  const goalMet = results.ratio.itemsRead >= 50 && results.ratio.time >= 10;
  console.log(
    `  goal vs. the naive job, same run: ≥ ×50 fewer items (×${results.ratio.itemsRead.toFixed(0)}), ≥ ×10 faster (×${results.ratio.time.toFixed(1)}), same rows: ${goalMet ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  same ${ranking.ranked} ranked communes and rows from all three; budget ≤ 10 s and ≤ 512 MB: ${results.budget.met ? 'met' : 'NOT met'}`,
  );
  console.log('  Written to .local/bench-ranking.json');
}

await main();

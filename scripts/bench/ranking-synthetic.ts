/**
 * Seeded synthetic application lifecycles for the ranking benchmark and tests: each application
 * comes with the successive images of its table item (what the stream carries) and its raw events
 * (what the history holds), produced by the same walk so both describe the same facts. Same seed,
 * same output.
 */
import { partitions } from '../../shared/adapters/dynamodb/keys.ts';
import type { ApplicationImage } from '../../shared/domain/ranking/aggregate-events.ts';
import { addDays, casablancaDay, daysBetween } from '../../shared/domain/ranking/indicators.ts';
import type { RawEvent } from '../../test/support/ranking-naive.ts';

/** mulberry32: small, fast, good enough for synthetic data; deterministic for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticApplication {
  id: string;
  communeId: string;
  images: ApplicationImage[];
  events: RawEvent[];
}

export interface SyntheticOptions {
  seed: number;
  communeIds: string[];
  applications: number;
  /** First Moroccan day submissions may fall on. */
  fromDay: string;
  /** Days over which submissions spread. */
  days: number;
  /** Nothing happens at or after this instant (files still open stay open): "now" of the data set. */
  horizon: number;
}

const DAY_MS = 86_400_000;

/** Moroccan midnight of a date as an instant (offset +01 most of the year, +00 in Ramadan: both handled by asking back). */
function instantOf(day: string, hourLocal: number): number {
  let t = Date.parse(`${day}T${String(hourLocal).padStart(2, '0')}:00:00Z`) - 3_600_000;
  if (casablancaDay(t) !== day) t += 3_600_000;
  return t;
}

export function* syntheticApplications(options: SyntheticOptions): Generator<SyntheticApplication> {
  const random = prng(options.seed);
  const communes = options.communeIds;
  // Commune sizes follow a Zipf-like law (a few big cities, many small communes); each has a pace.
  const weights = communes.map((_, i) => 1 / (1 + i) ** 0.8);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  const pace = communes.map(() => 0.5 + random() * 1.8);
  const silenceIsConsent = communes.map(() => random() < 0.5);
  const start = instantOf(options.fromDay, 0);

  for (let n = 0; n < options.applications; n++) {
    const target = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    const c = lo;
    const communeId = communes[c] as string;
    const speed = pace[c] as number;
    const id = `app-${options.seed}-${n}`;
    const images: ApplicationImage[] = [];
    const events: RawEvent[] = [];
    let t = start + Math.floor(random() * options.days * DAY_MS);
    const legalDays = random() < 0.7 ? 30 : 60;
    const submittedAt = new Date(t).toISOString();
    const image: ApplicationImage = {
      entity: 'Application',
      pk: partitions.application(id),
      id,
      communeId,
      status: 'DRAFT',
      updatedAt: new Date(t - 3_600_000).toISOString(),
      version: 1,
    };
    images.push({ ...image });
    const step = (at: number, change: Partial<ApplicationImage>, event: RawEvent['type'], details = {}) => {
      const iso = new Date(at).toISOString();
      Object.assign(image, change, { updatedAt: iso, version: (image.version ?? 1) + 1 });
      images.push({ ...image });
      events.push({ type: event, at: iso, details });
    };
    let deadline = addDays(casablancaDay(t), legalDays);
    step(
      t,
      { status: 'SUBMITTED', submittedAt, deadlineDate: deadline, round: 1, pausedDays: 0 },
      'APPLICATION_SUBMITTED',
      {
        deadlineDate: deadline,
        legalDeadlineDays: legalDays,
      },
    );

    let open = true;
    const returns = random() < 0.35 ? (random() < 0.3 ? 2 : 1) : 0;
    for (let r = 0; r < returns && open; r++) {
      const returnAt = t + Math.floor((0.5 + random() * 8) * speed * DAY_MS);
      if (returnAt >= options.horizon) {
        t = returnAt;
        break;
      }
      step(returnAt, { status: 'RETURNED_FOR_COMPLETION' }, 'APPLICATION_RETURNED', { round: image.round });
      const backAt = returnAt + Math.floor((0.2 + random() * 20) * DAY_MS);
      if (random() < 0.04 || backAt >= options.horizon) {
        if (backAt < options.horizon) step(backAt, { status: 'WITHDRAWN' }, 'APPLICATION_WITHDRAWN');
        open = false;
        break;
      }
      const paused = daysBetween(casablancaDay(returnAt), casablancaDay(backAt));
      deadline = addDays(deadline, paused);
      step(
        backAt,
        {
          status: 'SUBMITTED',
          round: (image.round ?? 1) + 1,
          pausedDays: (image.pausedDays ?? 0) + paused,
          deadlineDate: deadline,
        },
        'APPLICATION_RESUBMITTED',
        { pausedDays: paused, deadlineDate: deadline, round: (image.round ?? 1) + 1 },
      );
      t = backAt;
    }
    if (!open || t >= options.horizon) {
      yield { id, communeId, images, events };
      continue;
    }
    const admissibleAt = t + Math.floor((0.2 + random() * 4) * speed * DAY_MS);
    if (admissibleAt < options.horizon) {
      step(admissibleAt, { status: 'IN_COMMISSION' }, 'APPLICATION_ADMISSIBLE');
      t = admissibleAt;
    }
    // Decision time; past the deadline a silence-is-consent commune's sweep approves tacitly first.
    let decideAt = t + Math.floor((1 + random() * random() * 70) * speed * DAY_MS);
    // The first sweep after the deadline (or, for a file already late, the next morning's).
    const sweepAt = Math.max(instantOf(addDays(deadline, 1), 6), instantOf(addDays(casablancaDay(t), 1), 6));
    if (decideAt > sweepAt && sweepAt < options.horizon) {
      if (silenceIsConsent[c]) {
        step(
          sweepAt,
          {
            status: 'TACITLY_APPROVED',
            decision: { decision: 'TACITLY_APPROVED', decidedAt: new Date(sweepAt).toISOString() },
          },
          'APPLICATION_TACITLY_APPROVED',
          { deadlineDate: deadline },
        );
        yield { id, communeId, images, events };
        continue;
      }
      step(sweepAt, { overdue: true } as Partial<ApplicationImage>, 'APPLICATION_OVERDUE', {
        deadlineDate: deadline,
      });
    }
    if (random() < 0.02 && decideAt < options.horizon) {
      step(decideAt, { status: 'WITHDRAWN' }, 'APPLICATION_WITHDRAWN');
      yield { id, communeId, images, events };
      continue;
    }
    if (decideAt >= options.horizon) {
      yield { id, communeId, images, events };
      continue;
    }
    decideAt = Math.max(decideAt, t + 1000);
    const approved = random() < 0.85;
    const decidedAt = new Date(decideAt).toISOString();
    step(
      decideAt,
      {
        status: approved ? 'AWAITING_PAYMENT' : 'REJECTED',
        decision: { decision: approved ? 'APPROVED' : 'REJECTED', decidedAt },
      },
      approved ? 'APPLICATION_APPROVED' : 'APPLICATION_REJECTED',
    );
    if (approved) {
      const paidAt = decideAt + Math.floor((0.1 + random() * 10) * DAY_MS);
      if (paidAt < options.horizon) {
        step(paidAt, { status: 'PAID' }, 'PAYMENT_RECEIVED');
        const issuedAt = paidAt + Math.floor((0.1 + random() * 5 * speed) * DAY_MS);
        if (issuedAt < options.horizon) step(issuedAt, { status: 'ISSUED' }, 'PERMIT_ISSUED');
      }
    }
    yield { id, communeId, images, events };
  }
}

/** Synthetic commune ids and their reference attributes (regions and provinces spread evenly). */
export function syntheticCommunes(count: number, seed: number) {
  const random = prng(seed ^ 0x5eed);
  return Array.from({ length: count }, (_, i) => {
    const province = i % 75;
    const kind: 'urban' | 'rural' = random() < 0.3 ? 'urban' : 'rural';
    return {
      id: `p${String(province).padStart(2, '0')}-commune-${String(i).padStart(4, '0')}`,
      nameFr: `Commune ${i}`,
      nameAr: `جماعة ${i}`,
      provinceId: `MA-P${String(province).padStart(2, '0')}`,
      regionId: `MA-${String((province % 12) + 1).padStart(2, '0')}`,
      kind,
      population:
        kind === 'urban' ? Math.floor(20_000 + random() * 400_000) : Math.floor(2_000 + random() * 30_000),
    };
  });
}

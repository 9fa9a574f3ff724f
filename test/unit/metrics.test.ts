import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** The metric lines the functions print: embedded metric format with bounded dimensions. */
let metrics: typeof import('#shared/observability/metrics.ts');
/** From the same fresh module graph as `metrics`, so that its `instanceof` holds. */
let DomainError: typeof import('#shared/domain/errors.ts').DomainError;
const lines: Record<string, any>[] = [];

const savedStage = process.env.STAGE;
beforeAll(async () => {
  // The module reads STAGE when it loads. The unit project shares one module graph per worker between
  // files (isolate: false), and an earlier file may have loaded it already: load it afresh.
  process.env.STAGE = 'prod';
  vi.resetModules();
  metrics = await import('#shared/observability/metrics.ts');
  ({ DomainError } = await import('#shared/domain/errors.ts'));
});
afterAll(() => {
  if (savedStage === undefined) delete process.env.STAGE;
  else process.env.STAGE = savedStage;
});
afterEach(() => {
  vi.restoreAllMocks();
  lines.length = 0;
});
const capture = () =>
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  });

describe('business metrics', () => {
  it('prints one EMF line per event: the national total and the region as dimension sets, the commune as a property', () => {
    capture();
    metrics.countEvent(
      'ApplicationSubmitted',
      metrics.applicationContext({
        id: 'a1',
        communeId: 'cas-casablanca',
        provinceId: 'MA-CAS',
        regionId: 'MA-06',
      }),
    );
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Rukhsa',
        Dimensions: [
          ['service', 'stage'],
          ['service', 'stage', 'region'],
        ],
        Metrics: [{ Name: 'ApplicationSubmitted', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({
      service: 'rukhsa',
      stage: 'prod',
      region: 'MA-06',
      ApplicationSubmitted: 1,
      communeId: 'cas-casablanca',
      applicationId: 'a1',
    });
    expect(typeof line?._aws.Timestamp).toBe('number');
  });

  it('keeps nothing from one event to the next', () => {
    capture();
    metrics.countEvent('ApplicationDecided', { dimensions: { decision: 'APPROVED' } });
    metrics.countEvent('PaymentRefused', {}, 1);
    expect(lines[1]?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage']]);
    expect(lines[1]).not.toHaveProperty('decision');
    expect(lines[1]).not.toHaveProperty('ApplicationDecided');
  });

  it("emits a job's heartbeat with the job as its only extra dimension", () => {
    capture();
    metrics.jobSucceeded('deadline-sweep');
    expect(lines[0]?._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage', 'job']]);
    expect(lines[0]).toMatchObject({ job: 'deadline-sweep', JobSucceeded: 1 });
  });

  it('counts a wrong PIN, and the locking one as a failure and a lock; not a key that was already locked', () => {
    capture();
    const wrong = new DomainError({ kind: 'forbidden', type: 'wrong-pin', title: 'Wrong PIN', detail: '' });
    const locking = new DomainError({ kind: 'locked', type: 'key-locked', title: 'Key locked', detail: '' });
    const alreadyLocked = new DomainError({ kind: 'conflict', type: 'key-locked', title: 'x', detail: '' });
    metrics.countPinRefusal(wrong, { communeId: 'c' });
    metrics.countPinRefusal(locking, { communeId: 'c' });
    metrics.countPinRefusal(alreadyLocked, { communeId: 'c' });
    metrics.countPinRefusal(new Error('boom'), { communeId: 'c' });
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0].Metrics[0].Name)).toEqual([
      'PinFailure',
      'PinFailure',
      'KeyLocked',
    ]);
  });
});

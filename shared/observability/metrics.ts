import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DomainError } from '../domain/errors.ts';
import { optionalEnv } from '../environment.ts';
import { logger } from './logger.ts';
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  JOB_SUCCEEDED,
  type Job,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricDimension,
} from './metric-names.ts';

/**
 * Business metrics in CloudWatch's embedded metric format: one JSON line on stdout per event, which
 * CloudWatch Logs turns into metrics (no PutMetricData call, nothing on the request's path). Every
 * line carries the `service` and `stage` dimensions; see metric-names.ts for the names and why the
 * commune is a property, not a dimension.
 */
const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: optionalEnv('POWERTOOLS_SERVICE_NAME') ?? METRICS_SERVICE,
  defaultDimensions: { stage: optionalEnv('STAGE') ?? 'unknown' },
  logger,
});

/** Where an event happened and what kind it was. */
export interface MetricContext {
  /** Bounded values: each becomes its own dimension set next to the national total. */
  dimensions?: Partial<Record<MetricDimension, string | undefined>>;
  /** Unbounded context (commune, province, region ids): searchable properties of the line, never dimensions. */
  properties?: Record<string, string | undefined>;
}

/**
 * Counts one business event (or `count` of them). Published at once, so a later failure in the same
 * invocation cannot lose it; a metrics failure is logged and never fails the caller.
 */
export function countEvent(name: BusinessMetric, context: MetricContext = {}, count = 1): void {
  publish(name, count, context, true);
}

/** The heartbeat of a scheduled job's successful run: its absence raises the missed-run alarm. */
export function jobSucceeded(job: Job): void {
  publish(JOB_SUCCEEDED, 1, { dimensions: { job } }, false);
}

function publish(name: string, count: number, context: MetricContext, withTotal: boolean): void {
  try {
    // An empty set is the national total: only the default dimensions (service, stage).
    if (withTotal) metrics.addDimensions({});
    for (const [dimension, value] of Object.entries(context.dimensions ?? {}))
      if (value) metrics.addDimensions({ [dimension]: value });
    for (const [key, value] of Object.entries(context.properties ?? {}))
      if (value) metrics.addMetadata(key, value);
    metrics.addMetric(name, MetricUnit.Count, count);
    metrics.publishStoredMetrics();
  } catch (error) {
    metrics.clearMetrics();
    metrics.clearDimensions();
    metrics.clearMetadata();
    logger.warn('metric not published', { metric: name, error });
  }
}

/** The places an application is: dimension `region`; properties its id, commune, province and region. */
export const applicationContext = (app: {
  id: string;
  communeId: string;
  provinceId?: string;
  regionId?: string;
}): MetricContext => ({
  dimensions: { region: app.regionId },
  properties: {
    applicationId: app.id,
    communeId: app.communeId,
    provinceId: app.provinceId,
    regionId: app.regionId,
  },
});

/**
 * A refused PIN (signing or PIN change): the domain throws `wrong-pin`, or `key-locked` of kind
 * `locked` for the fifth wrong PIN that locks the key (a key already locked is refused as a conflict,
 * before any PIN is checked, and counts as neither).
 */
export function countPinRefusal(error: unknown, properties: MetricContext['properties']): void {
  if (!(error instanceof DomainError)) return;
  const locking = error.type === 'key-locked' && error.kind === 'locked';
  if (error.type !== 'wrong-pin' && !locking) return;
  countEvent(BUSINESS_METRICS.pinFailure, { properties });
  if (locking) countEvent(BUSINESS_METRICS.keyLocked, { properties });
}

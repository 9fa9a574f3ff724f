/**
 * The platform's CloudWatch metrics, named once: the functions emit them (metrics.ts, embedded metric
 * format), the alarms and the dashboard read them (infra/constructs/operations.ts), the runbooks quote
 * them (docs/operations.md). No import here, so infra can use it without the Powertools runtime.
 */
export const METRICS_NAMESPACE = 'Rukhsa';
/** Powertools' `service` dimension (POWERTOOLS_SERVICE_NAME, set by the function construct). */
export const METRICS_SERVICE = 'rukhsa';

/** Counted business events. Each is emitted once per event, at the edge, after the use case succeeded (or refused). */
export const BUSINESS_METRICS = {
  /** A draft was submitted (gapless receipt number given). Dimension set: region. */
  applicationSubmitted: 'ApplicationSubmitted',
  /** The desk returned a file for completion (the clock stops). Dimension set: region. */
  applicationReturned: 'ApplicationReturned',
  /** An explicit decision (APPROVED or REJECTED). Dimension sets: region, decision. */
  applicationDecided: 'ApplicationDecided',
  /** Files tacitly approved by the daily sweep (law 55-19). */
  applicationTacitlyApproved: 'ApplicationTacitlyApproved',
  /** Files the daily sweep flagged overdue (deadline passed, silence is not consent). */
  applicationOverdue: 'ApplicationOverdue',
  /** The bank approved a payment (first delivery of its callback; duplicates are not counted). */
  paymentApproved: 'PaymentApproved',
  /** The bank declined a payment (the order stays payable). */
  paymentRefused: 'PaymentRefused',
  /** A gateway callback refused by our checks (hash, amount, currency, unknown order, already paid). Dimension set: reason. */
  gatewayCallbackRejected: 'GatewayCallbackRejected',
  /** A permit was signed and issued. */
  permitIssued: 'PermitIssued',
  /** A wrong PIN (signing or PIN change), the locking one included. */
  pinFailure: 'PinFailure',
  /** A signing key locked by its fifth wrong PIN in a row. */
  keyLocked: 'KeyLocked',
  /** KMS refused or failed a Sign call. */
  kmsSigningFailure: 'KmsSigningFailure',
  /** A message handed to SMS (SNS) or e-mail (SES). Dimension set: channel. */
  notificationSent: 'NotificationSent',
  /** A message the provider refused or failed (the stream record is retried, then dead-lettered). Dimension set: channel. */
  notificationFailed: 'NotificationFailed',
} as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];

/** A scheduled job's heartbeat: 1 per successful run, dimension `job`. Its absence is the missed-run alarm. */
export const JOB_SUCCEEDED = 'JobSucceeded';
export const JOBS = {
  deadlineSweep: 'deadline-sweep',
  ranking: 'ranking',
  auditSeal: 'audit-seal',
  settlementImport: 'settlement-import',
} as const;
export type Job = (typeof JOBS)[keyof typeof JOBS];

/**
 * Extra dimensions, each with few values so the metric count stays bounded: 12 regions, 2 decisions,
 * 5 rejection reasons, 2 channels, 3 jobs. The commune (~1,500) and province (75) are not dimensions
 * (1,500 communes × 14 metrics would be 21,000 custom metrics); they travel in every EMF line as
 * properties, which Logs Insights filters and groups on (docs/operations.md).
 */
export type MetricDimension = 'region' | 'decision' | 'reason' | 'channel' | 'job';

/**
 * Per-stage settings, picked with `-c rukhsa:stage=<name>` (default `local`, see cdk.json).
 * No account id lives here: `cdk deploy` takes the account and region of the caller's credentials.
 */
export interface StageConfig {
  stage: string;
  /** The embedded local cloud: same stacks, shorter retention, no Object Lock years. */
  isLocal: boolean;
  logRetentionDays: 7 | 30 | 90 | 365;
  /** Default-stage throttling of the HTTP API (requests/s and burst). */
  throttle: { rateLimit: number; burstLimit: number };
  /**
   * Limits against floods and credential stuffing (AWS stages; the emulator has no WAF and no
   * per-route throttling). docs/security.md, finding 11.
   */
  rateLimits?: RateLimits;
  corsOrigins: string[];
  /** Compliance-mode retention of signed permits, in days. */
  permitRetentionDays: number;
  /** SES identity (domain) the platform sends from; e-mails come from no-reply@<domain>. */
  emailDomain: string;
  /** Origin of the web portal: the QR code and every link in e-mails and SMS point there. */
  webUrl: string;
  /** Where the web portal's sign-in page is (sent in invitations): `${webUrl}/connexion`. */
  loginUrl: string;
  /** The CMI merchant id and 3D_PAY_HOSTING gateway; the local stage uses its own simulator instead. */
  cmi: { clientId: string; gatewayUrl?: string };
  /** What the national peak needs (docs/performance.md, capacity model); unset on stages that need no limit. */
  capacity?: {
    /** On-demand table, with a ceiling on request units per second (bounds the cost of a runaway). */
    table: { maxReadRequestUnits: number; maxWriteRequestUnits: number };
    /** Reserved concurrency per route (operation id): capacity the route keeps, and its ceiling. */
    reservedConcurrency: Record<string, number>;
  };
  /**
   * What the alarms watch for and whom they tell (docs/operations.md has a runbook per alarm). None on
   * the local stage: the emulator computes no metrics from the functions' logs and evaluates no alarm.
   */
  alarms?: AlarmConfig;
}

/** Per-client and per-route limits (docs/security.md, finding 11). */
export interface RateLimits {
  /** WAF on the user pool: requests of one IP address in a window (seconds: 60, 120, 300 or 600). */
  userPoolPerIp: { limit: number; windowSeconds: 60 | 120 | 300 | 600 };
  /** WAF on the user pool: the calls that try a password or a code (sign-in, its challenges, password reset), per IP. */
  signInPerIp: { limit: number; windowSeconds: 60 | 120 | 300 | 600 };
  /** WAF at the API's CloudFront edge: every API request of one IP address in a window. */
  apiPerIp: { limit: number; windowSeconds: 60 | 120 | 300 | 600 };
  /** WAF at the API's edge: the public look-ups that read and check (verify, track, stats), per IP. */
  publicLookupsPerIp: { limit: number; windowSeconds: 60 | 120 | 300 | 600 };
  /**
   * HTTP API stage throttling of the expensive routes, by route key (`METHOD /path` as declared in
   * functions/<capability>/routes.ts), in requests per second and burst, shared by all clients.
   */
  routes: Record<string, { rateLimit: number; burstLimit: number }>;
}

/**
 * The AWS stages' limits. The public pages a person opens a few times (verification, figures,
 * tracking) get a few requests per second in all; registration and its e-mail proof less, since a
 * flood there creates accounts and sends mail; search reads the inverted index per term.
 */
const AWS_RATE_LIMITS: RateLimits = {
  userPoolPerIp: { limit: 300, windowSeconds: 300 },
  signInPerIp: { limit: 60, windowSeconds: 300 },
  // A desk agent works a few requests a minute; an architect uploading a large file's 11 documents
  // makes ~40 in a minute. 3,000 in 5 minutes stays far above both, even behind one office NAT.
  apiPerIp: { limit: 3_000, windowSeconds: 300 },
  // A citizen checks a permit or follows a file a few times; a scraper walks thousands.
  publicLookupsPerIp: { limit: 100, windowSeconds: 300 },
  routes: {
    'GET /verify/{permitNumber}': { rateLimit: 50, burstLimit: 100 },
    'GET /stats': { rateLimit: 20, burstLimit: 40 },
    'POST /tracking': { rateLimit: 20, burstLimit: 40 },
    'GET /search': { rateLimit: 50, burstLimit: 100 },
    'POST /professionals': { rateLimit: 5, burstLimit: 10 },
    'POST /professionals/{professionalId}/email-confirmation': { rateLimit: 5, burstLimit: 10 },
    'POST /businesses': { rateLimit: 5, burstLimit: 10 },
    'POST /businesses/{businessId}/email-confirmation': { rateLimit: 5, burstLimit: 10 },
  },
};

/**
 * Alarm thresholds, as data per stage. Every alarm publishes to the stage's one SNS topic, and the
 * topic e-mails `email` (the subscription must be confirmed once from that mailbox).
 */
export interface AlarmConfig {
  /** The operations team's mailbox; omit to create the topic without a subscription (local stage). */
  email?: string;
  /** Errors of any one function in 5 minutes (Sum) at or above which it alarms. */
  functionErrors: number;
  /** Throttled invocations of any one function in 5 minutes (Sum) at or above which it alarms. */
  functionThrottles: number;
  /** Share of API requests answered 5xx over 5 minutes, in percent, at or above which it alarms. */
  api5xxPercent: number;
  /** p99 latency of the API over 5 minutes, in milliseconds, above which it alarms (3 periods running). */
  apiP99LatencyMs: number;
  /** Messages waiting in a work queue (not a dead-letter queue: any message there alarms). */
  queueDepth: number;
  /** Age of the oldest stream record a consumer has not processed yet, in seconds. */
  streamIteratorAgeSeconds: number;
  /** Signing keys locked (five wrong PINs) in one hour at or above which it alarms: a spike, not one forgetful signatory. */
  pinLockoutsPerHour: number;
  /**
   * Hours without a successful run after which a scheduled job alarms (its heartbeat metric): the
   * daily deadline sweep runs at 06:00 Morocco time; the ranking runs weekly (Mondays 04:00). CloudWatch
   * looks back at most 7 days, so the ranking's window is 168 hours in whole days.
   */
  missedRunHours: { deadlineSweep: number; ranking: number; auditSeal: number; settlementImport: number };
}

/** Thresholds shared by the AWS stages; prod and staging differ only in where alarms go. */
const AWS_ALARMS: Omit<AlarmConfig, 'email'> = {
  functionErrors: 1,
  functionThrottles: 1,
  api5xxPercent: 1,
  // The slowest routes (signing: scrypt PIN check + KMS + PDF) stay under 2 s when healthy.
  apiP99LatencyMs: 3000,
  queueDepth: 10,
  streamIteratorAgeSeconds: 300,
  pinLockoutsPerHour: 3,
  // One daily run + DST/Ramadan time shifts (Morocco moves between UTC+1 and UTC+0) + retries.
  // The audit seal runs daily at 01:00 UTC: a day and its retries.
  missedRunHours: { deadlineSweep: 27, ranking: 168, auditSeal: 27, settlementImport: 27 },
};

/** The emulator's account: the only one the local stage may be synthesized for (see app.ts). */
export const LOCAL_ACCOUNT = '000000000000';

/** The local site's default port (`npm start`); tests pass their own free port as `rukhsa:webUrl`. */
export const LOCAL_WEB_URL = 'http://127.0.0.1:4567';
/** The local open-data site's default port (`npm start`; on AWS stages CloudFront serves it). */
export const LOCAL_OPEN_DATA_URL = 'http://127.0.0.1:4568';

const STAGES: Record<string, Omit<StageConfig, 'stage' | 'loginUrl' | 'corsOrigins'>> = {
  local: {
    isLocal: true,
    logRetentionDays: 7,
    throttle: { rateLimit: 500, burstLimit: 1000 },
    permitRetentionDays: 1,
    emailDomain: 'local.rukhsa.ma',
    webUrl: LOCAL_WEB_URL,
    cmi: { clientId: '600000000' },
  },
  staging: {
    isLocal: false,
    logRetentionDays: 30,
    throttle: { rateLimit: 200, burstLimit: 400 },
    rateLimits: AWS_RATE_LIMITS,
    permitRetentionDays: 30,
    emailDomain: 'staging.rukhsa.ma',
    webUrl: 'https://staging.rukhsa.ma',
    cmi: { clientId: '600000000', gatewayUrl: 'https://testpayment.cmi.co.ma/fim/est3Dgate' },
    alarms: { ...AWS_ALARMS, email: 'exploitation-staging@rukhsa.ma' },
  },
  prod: {
    isLocal: false,
    logRetentionDays: 365,
    // The national deadline-day peak is ~210 requests/s (docs/performance.md): about 2.4× headroom.
    throttle: { rateLimit: 500, burstLimit: 1000 },
    rateLimits: AWS_RATE_LIMITS,
    capacity: {
      // ~8× the modelled peak (≈ 1,500 reads and 500 writes per second).
      table: { maxReadRequestUnits: 12_000, maxWriteRequestUnits: 4_000 },
      // The submission path keeps 50 instances each on deadline day (modelled need ≤ 20), whatever
      // else floods the account's 1,000; 200 reserved leaves 800 for the other functions.
      reservedConcurrency: {
        createApplication: 50,
        requestDocumentUpload: 50,
        confirmDocumentUpload: 50,
        submitApplication: 50,
      },
    },
    // Permits are public-law acts kept for decades; compliance mode means nobody can shorten it.
    permitRetentionDays: 30 * 365,
    emailDomain: 'rukhsa.ma',
    webUrl: 'https://rukhsa.ma',
    // The merchant id is not a secret; the store key is (Secrets Manager, set by the operator).
    cmi: { clientId: '600000000', gatewayUrl: 'https://payment.cmi.co.ma/fim/est3Dgate' },
    // The ministry's operations desk (DGCT); one list address, so people change without a deploy.
    alarms: { ...AWS_ALARMS, email: 'exploitation@rukhsa.ma' },
  },
};

/**
 * The local stage takes the site's URL from the caller (`-c rukhsa:webUrl=…`), because tests serve the
 * site on a free port; the API's CORS must name that exact origin, as on AWS.
 */
export function stageConfig(stage: string, overrides: { webUrl?: string } = {}): StageConfig {
  const config = STAGES[stage];
  if (!config) throw new Error(`Unknown stage '${stage}'. Known stages: ${Object.keys(STAGES).join(', ')}.`);
  const webUrl = (config.isLocal && overrides.webUrl ? overrides.webUrl : config.webUrl).replace(/\/$/, '');
  // The Vite dev server (`npm run web:dev`) is a second origin of the local stage only.
  const devServer = config.isLocal ? ['http://localhost:5173', 'http://127.0.0.1:5173'] : [];
  return { stage, ...config, webUrl, loginUrl: `${webUrl}/connexion`, corsOrigins: [webUrl, ...devServer] };
}

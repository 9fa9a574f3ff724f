/**
 * Every environment variable a function reads, declared once. The infra sets them only through
 * `PlatformFunction.setEnv` (typed by this list) and the functions read them only through `env` /
 * `optionalEnv`, so a name cannot be set under one spelling and read under another.
 */
export const ENVIRONMENT = {
  // Set on every function by the platform construct.
  STAGE: 'the stage (local, staging, prod): KMS key tags, local-only behaviour',
  POWERTOOLS_SERVICE_NAME: 'service name in every log line',
  POWERTOOLS_LOG_LEVEL: 'log level (DEBUG on the local stage)',
  NODE_OPTIONS: 'source maps in stack traces',
  S3_FORCE_PATH_STYLE: 'local stage: path-style S3 addresses (the emulator has one host name)',
  CLOCK_OVERRIDE_ALLOWED: 'local stage: x-rukhsa-now and `now` in scheduled events set the time',
  PIN_SCRYPT_N: 'local stage: the scrypt cost of new PIN hashes (shared/domain/signing/pin.ts)',
  APP_LOGIN_URL: 'the web sign-in page, printed in account e-mails',
  APP_WEB_URL: "the web portal's origin: the QR printed on permits opens its verification page (webUrl need)",
  APP_VERSION: 'build version reported by GET /health',
  // Set by the grant that gives access to the resource.
  TABLE_NAME: 'the platform table (table read/write grants)',
  SECRETS_TABLE: "the secrets table: the signing keys' PIN hashes (pins grant)",
  ACCESS_TABLE: 'the table holding access markers (session check grant)',
  DOCUMENTS_BUCKET: 'the documents bucket (documents grant)',
  PERMITS_BUCKET: 'the write-once permits bucket (permits grant)',
  OPEN_DATA_BUCKET: 'the open-data bucket (ranking publication grant)',
  USER_POOL_ID: 'the Cognito user pool (user-pool administration grants)',
  MFA_USER_POOL_ID:
    "the user pool whose accounts' TOTP the session check reads (TOTP-check grant: routes of ministry administrators and province contacts)",
  EMAIL_FROM: 'the SES sender (e-mail grant)',
  PUBLIC_API_URL: 'the URL browsers and the bank reach the API at (payment pages, gateway callbacks)',
  CMI_STORE_KEY_SECRET: 'ARN of the card gateway store key secret (gateway grant)',
  CMI_CLIENT_ID: 'the merchant id at the card gateway (gateway grant)',
  MERCHANT_SECRET_PREFIX:
    "the name prefix of the other beneficiaries' merchant secrets ({clientId, storeKey}) (gateway grant)",
  SETTLEMENT_BUCKET: "the bucket the acquirer's settlement files are dropped in (settlement import grant)",
  CMI_GATEWAY_URL: 'the card gateway payment page (gateway grant; the simulator on the local stage)',
  AUDIT_SEAL_KEY_ID: 'the platform seal key (KMS) that signs the daily audit roots (audit seal grant)',
  PKI_CA_KEY_ID: 'the platform CA key (KMS): signs signatory certificates (kms issue grant)',
  PKI_TIMESTAMP_KEY_ID:
    'the platform time-stamping key (KMS): countersigns permit signatures (kms issue/sign grants)',
  RANKING_RUNS_QUEUE_URL: "the ranking job's run-request queue (ranking runs grant)",
} as const;

export type EnvName = keyof typeof ENVIRONMENT;

/** A variable the function cannot work without; a missing one is a deployment bug, so it throws. */
export function env(name: EnvName): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set (the function construct sets it).`);
  return value;
}

export function optionalEnv(name: EnvName): string | undefined {
  return process.env[name] || undefined;
}

/** The local stage's test clock: only where the construct allows it (never outside the local stage). */
/** Only on the local stage: a stray CLOCK_OVERRIDE_ALLOWED elsewhere never lets a header set the time. */
export const clockOverrideAllowed = (): boolean =>
  process.env.CLOCK_OVERRIDE_ALLOWED === 'true' && process.env.STAGE === 'local';

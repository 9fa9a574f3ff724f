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
  corsOrigins: string[];
  /** Compliance-mode retention of signed permits, in days. */
  permitRetentionDays: number;
  /** SES identity (domain) the platform sends from; e-mails come from no-reply@<domain>. */
  emailDomain: string;
  /** Where the web application's sign-in page is (sent in invitations). */
  loginUrl: string;
  /** The CMI merchant id and 3D_PAY_HOSTING gateway; the local stage uses its own simulator instead. */
  cmi: { clientId: string; gatewayUrl?: string };
}

const STAGES: Record<string, Omit<StageConfig, 'stage'>> = {
  local: {
    isLocal: true,
    logRetentionDays: 7,
    throttle: { rateLimit: 500, burstLimit: 1000 },
    corsOrigins: ['http://localhost:5173', 'http://127.0.0.1:5173'],
    permitRetentionDays: 1,
    emailDomain: 'local.rukhsa.ma',
    loginUrl: 'http://localhost:5173/connexion',
    cmi: { clientId: '600000000' },
  },
  staging: {
    isLocal: false,
    logRetentionDays: 30,
    throttle: { rateLimit: 200, burstLimit: 400 },
    corsOrigins: ['https://staging.rukhsa.ma'],
    permitRetentionDays: 30,
    emailDomain: 'staging.rukhsa.ma',
    loginUrl: 'https://staging.rukhsa.ma/connexion',
    cmi: { clientId: '600000000', gatewayUrl: 'https://testpayment.cmi.co.ma/fim/est3Dgate' },
  },
  prod: {
    isLocal: false,
    logRetentionDays: 365,
    // ~1,250 applications/day nationally; deadline-day peaks stay far below this.
    throttle: { rateLimit: 1000, burstLimit: 2000 },
    corsOrigins: ['https://rukhsa.ma'],
    // Permits are public-law acts kept for decades; compliance mode means nobody can shorten it.
    permitRetentionDays: 30 * 365,
    emailDomain: 'rukhsa.ma',
    loginUrl: 'https://rukhsa.ma/connexion',
    // The merchant id is not a secret; the store key is (Secrets Manager, set by the operator).
    cmi: { clientId: '600000000', gatewayUrl: 'https://payment.cmi.co.ma/fim/est3Dgate' },
  },
};

export function stageConfig(stage: string): StageConfig {
  const config = STAGES[stage];
  if (!config) throw new Error(`Unknown stage '${stage}'. Known stages: ${Object.keys(STAGES).join(', ')}.`);
  return { stage, ...config };
}

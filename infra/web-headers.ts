/**
 * The web portal's response headers, as data: CloudFront's response headers policy (AWS stages) and
 * the local static server (`npm start`, browser tests) both read them, so what the tests see is what
 * citizens get. Plain values only (no CDK import): the local server loads this file too.
 */

/** Where the site may connect: its own origin, the HTTP API and the Cognito endpoint. */
export interface WebOrigins {
  apiUrl: string;
  cognitoEndpoint: string;
  /** The card gateway's payment page: the workspace posts the signed payment form to it. */
  paymentGatewayUrl?: string;
  /** Where documents are uploaded straight from the browser (the presigned POST's S3 endpoint). */
  uploadOrigins?: string[];
}

const originOf = (url: string) => {
  // CDK tokens (`${Token[…]}`) are not URLs yet; CloudFormation resolves them to one at deploy.
  const match = /^(https?:\/\/[^/]+)/.exec(url);
  return match?.[1] ?? url;
};

/**
 * No inline script or style anywhere (Vite emits none), so `'self'` is enough; frames are refused
 * both ways; forms post to the site itself and to the card gateway's payment page only.
 */
export function contentSecurityPolicy(origins: WebOrigins): string {
  const connect = [
    ...new Set([
      "'self'",
      originOf(origins.apiUrl),
      originOf(origins.cognitoEndpoint),
      ...(origins.uploadOrigins ?? []).map(originOf),
    ]),
  ];
  const forms = [
    ...new Set(["'self'", ...(origins.paymentGatewayUrl ? [originOf(origins.paymentGatewayUrl)] : [])]),
  ];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${forms.join(' ')}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the site carries (CloudFront adds them with `override: true`). */
export function securityHeaders(origins: WebOrigins): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(origins),
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

/** Hashed build assets never change; the entry page and the runtime config are always revalidated. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';
export const isHashedAsset = (path: string) => path.startsWith('/assets/');

/** The SPA's routes have no file extension; they all answer with the entry page. */
export const isAppRoute = (path: string) => !/\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '');

/** The runtime configuration the app fetches at start-up (`/config.json`), one build for every stage. */
export interface WebRuntimeConfig {
  stage: string;
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** Only on the local cloud; on AWS the app calls `https://cognito-idp.<region>.amazonaws.com/`. */
  cognitoEndpoint?: string;
}

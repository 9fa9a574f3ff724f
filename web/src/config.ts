import type { WebRuntimeConfig } from '../../infra/web-headers.ts';

/**
 * The runtime configuration written next to the site at deploy (`/config.json`), so one build serves
 * every stage. Declared once, beside the headers, for the Web stack, the local server and the app.
 */
export type SiteConfig = WebRuntimeConfig;

let current: SiteConfig | undefined;

export async function loadConfig(): Promise<SiteConfig> {
  const res = await fetch('/config.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const c = (await res.json()) as SiteConfig;
  current = { ...c, apiUrl: new URL(c.apiUrl.replace(/\/$/, ''), location.href).href };
  return current;
}

export function config(): SiteConfig {
  if (!current) throw new Error('configuration not loaded');
  return current;
}

export const cognitoEndpoint = (c: SiteConfig = config()) =>
  c.cognitoEndpoint ?? `https://cognito-idp.${c.region}.amazonaws.com/`;

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { inject } from 'vitest';
import type { StackOutputs } from '../../scripts/local-cloud/deploy.ts';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import { TOTP_ROLES } from '../../shared/domain/identity/mfa.ts';
import type { Role, Scope } from '../../shared/domain/identity/principal.ts';
import { enrolTotp, signInWithTotp } from './totp.ts';

export interface TestUser {
  username: string;
  password: string;
  role: Role;
  scope: Scope;
  totpSecret?: string;
}

export interface TestCloud {
  port: number;
  endpoint: string;
  logFile: string;
  outputs: StackOutputs;
  /** The seeded demo users; ministry administrators and province contacts with their TOTP secret. */
  users: TestUser[];
  reference: { regions: number; provinces: number; communes: number };
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: TestCloud;
  }
}

export const testCloud = (): TestCloud => inject('cloud');

export const clientConfig = (cloud: TestCloud) => ({
  region: cloud.outputs.region,
  endpoint: cloud.endpoint,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

const tokens = new Map<string, string>();

/**
 * Enrols the demo users whose roles need TOTP (global setup): SRP sign-in, then the enrolment the
 * web page makes. Each user comes back with its secret.
 */
export async function withTotp(
  port: number,
  outputs: StackOutputs,
  users: Omit<TestUser, 'totpSecret'>[],
): Promise<TestUser[]> {
  const cognito = new CognitoIdentityProviderClient({
    region: outputs.region,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const out: TestUser[] = [];
  for (const user of users) {
    if (!(TOTP_ROLES as readonly Role[]).includes(user.role)) {
      out.push(user);
      continue;
    }
    const { AuthenticationResult } = await signInWithSrp(cognito, {
      userPoolId: outputs.userPoolId,
      clientId: outputs.userPoolClientId,
      username: user.username,
      password: user.password,
    });
    if (!AuthenticationResult?.AccessToken) throw new Error(`no access token for ${user.username}`);
    out.push({ ...user, totpSecret: await enrolTotp(cognito, AuthenticationResult.AccessToken) });
  }
  return out;
}

/**
 * A real Cognito ID token of a seeded demo user (SRP sign-in against the emulator, as the web does;
 * ministry administrators and province contacts answer the TOTP step with their current code).
 */
export async function idTokenFor(role: Role): Promise<string> {
  const cloud = testCloud();
  const cached = tokens.get(role);
  if (cached) return cached;
  const user = cloud.users.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user for role ${role}`);
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const { AuthenticationResult } = await signInWithTotp(
    cognito,
    {
      userPoolId: cloud.outputs.userPoolId,
      clientId: cloud.outputs.userPoolClientId,
      username: user.username,
      password: user.password,
    },
    user.totpSecret,
  );
  const token = AuthenticationResult?.IdToken;
  if (!token) throw new Error(`Cognito returned no ID token for ${user.username}`);
  tokens.set(role, token);
  return token;
}

/** Calls the deployed HTTP API. */
export async function api(
  path: string,
  init: {
    method?: string;
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** `Accept-Language`: English (the developers' texts the tests read) unless a test says otherwise; `null` sends none. */
    language?: string | null;
  } = {},
) {
  const cloud = testCloud();
  const language = init.language === undefined ? 'en' : init.language;
  const response = await fetch(`${cloud.outputs.apiUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(language ? { 'accept-language': language } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined || init.rawBody !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...init.headers,
    },
    ...(init.rawBody !== undefined
      ? { body: init.rawBody }
      : init.body !== undefined
        ? { body: JSON.stringify(init.body) }
        : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as Record<string, any> };
}

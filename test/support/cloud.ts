import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { inject } from 'vitest';
import type { StackOutputs } from '../../scripts/local-cloud/deploy.ts';
import { signInWithSrp } from '../../scripts/local-cloud/srp-sign-in.ts';
import type { Role, Scope } from '../../shared/domain/identity/principal.ts';

export interface TestCloud {
  port: number;
  endpoint: string;
  logFile: string;
  outputs: StackOutputs;
  users: { username: string; password: string; role: Role; scope: Scope }[];
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

/** A real Cognito ID token of a seeded demo user (SRP sign-in against the emulator, as the web does). */
export async function idTokenFor(role: Role): Promise<string> {
  const cloud = testCloud();
  const cached = tokens.get(role);
  if (cached) return cached;
  const user = cloud.users.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user for role ${role}`);
  const cognito = new CognitoIdentityProviderClient(clientConfig(cloud));
  const { AuthenticationResult } = await signInWithSrp(cognito, {
    userPoolId: cloud.outputs.userPoolId,
    clientId: cloud.outputs.userPoolClientId,
    username: user.username,
    password: user.password,
  });
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

import { cognitoEndpoint, config } from '../config.ts';

/** One call to the Cognito user pool's JSON API (what the AWS SDK would send), without the SDK. */
export class CognitoError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export async function cognito<T = Record<string, unknown>>(
  action: string,
  body: Record<string, unknown>,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(cognitoEndpoint(), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new CognitoError('NetworkError', e instanceof Error ? e.message : String(e));
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const code = String(json.__type ?? json.code ?? 'UnknownError')
      .split('#')
      .pop() as string;
    throw new CognitoError(code, String(json.message ?? json.Message ?? res.statusText));
  }
  return json as T;
}

export const clientId = () => config().userPoolClientId;

export interface AuthenticationResult {
  IdToken: string;
  AccessToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

export interface AuthAnswer {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  Session?: string;
}

import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** An HTTP API (payload 2.0) event as API Gateway hands it to a function, with optional JWT claims. */
export function httpEvent(options: {
  method?: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  claims?: Record<string, unknown>;
  /** `Accept-Language`: English (the developers' texts the tests read) unless a test says otherwise; `null` sends none. */
  language?: string | null;
}): APIGatewayProxyEventV2 {
  const language = options.language === undefined ? 'en' : options.language;
  const requestId = `req-${Math.random().toString(36).slice(2, 10)}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return {
    version: '2.0',
    routeKey: `${options.method ?? 'GET'} ${options.path}`,
    rawPath: options.path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      'content-type': 'application/json',
      ...(language ? { 'accept-language': language } : {}),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: options.method ?? 'GET',
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId,
      routeKey: `${options.method ?? 'GET'} ${options.path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
  } as APIGatewayProxyEventV2;
}

/**
 * The context Lambda passes a handler. `remainingMs` is what middy's timeout counts down from: 10 s,
 * the functions' default (infra/constructs/platform-function.ts).
 */
export function lambdaContext(name = 'test-function', remainingMs = 10_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: `aws-${Math.random().toString(36).slice(2, 10)}`,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Claims of a signed-in user as the JWT authorizer passes them (JSON values, or API Gateway's strings). */
export const claimsOf = (groups: string[], extra: Record<string, string> = {}, asStrings = false) => ({
  sub: `sub-${groups.join('-') || 'none'}`,
  'cognito:username': `user-${groups.join('-') || 'none'}`,
  'cognito:groups': asStrings ? `[${groups.join(' ')}]` : groups,
  ...extra,
});

import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A request header, whatever its case (API Gateway lower-cases them; tests and emulators may not). */
export const headerOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
};

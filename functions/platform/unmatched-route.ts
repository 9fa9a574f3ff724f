import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { languageHeaders, negotiateLanguage } from '#shared/http/i18n/language.ts';
import { localizeProblem } from '#shared/http/i18n/localize.ts';
import { problem, problemResponse } from '#shared/http/problem.ts';

/**
 * The HTTP API's `$default` route: what the gateway matched to no route. A path the API declares,
 * called with another method, is a 405 whose `Allow` lists the path's methods (RFC 9110 §15.5.6);
 * OPTIONS on it (not a CORS preflight, which the gateway answers) says the same in a 204; any other
 * path is a 404. Both problem+json in the caller's language, like every other refusal. The table of
 * paths and methods is compiled in from the route list (RoutesStack's `unmatched`).
 */
export function unmatchedRoute(table: Record<string, string[]>) {
  const templates = Object.entries(table).map(([template, methods]) => ({
    // `{param}` matches one path segment, as the gateway's own routing does.
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    allow: [...methods, 'OPTIONS'].join(', '),
    methods,
  }));
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const path = event.requestContext.http.path;
    const method = event.requestContext.http.method.toUpperCase();
    const language = negotiateLanguage(event);
    const match = templates.find((t) => t.pattern.test(path));
    if (!match)
      return problemResponse(
        await localizeProblem(
          problem(404, 'not-found', 'Not found', `No route of this API answers ${path}. See /openapi.json.`, {
            instance: path,
          }),
          language,
        ),
        languageHeaders(language),
      );
    if (method === 'OPTIONS') return { statusCode: 204, headers: { allow: match.allow } };
    return problemResponse(
      await localizeProblem(
        problem(
          405,
          'method-not-allowed',
          'Method not allowed',
          `${path} does not answer ${method}; it answers ${match.methods.join(', ')}.`,
          { instance: path, method, allowed: match.methods },
        ),
        language,
      ),
      { ...languageHeaders(language), allow: match.allow },
    );
  };
}

export const handler = unmatchedRoute(JSON.parse(process.env.ROUTE_METHODS ?? '{}'));

import createClient, { type Client } from 'openapi-fetch';
import { lang } from '../i18n/index.ts';
import { navigate } from '../lib/router.ts';
import { href } from '../paths.ts';
import type { paths } from './schema.gen.ts';

/**
 * The typed API client, generated from docs/openapi.json: a renamed field or a changed route breaks
 * `tsc -p web` and the build, not the users. `unwrap` (problem.ts) turns every failure into an `ApiError`.
 */
export type Api = Client<paths>;
let client: Api | undefined;

export function initApi(baseUrl: string) {
  client = createClient<paths>({ baseUrl });
  // Problems (title, detail, each field's message) come back in the page's language.
  client.use({
    onRequest: ({ request }) => {
      request.headers.set('accept-language', lang.value);
      return request;
    },
    // A ministry administrator or province contact without two-step verification: every call is
    // refused until it is on, so the site takes them to the page that turns it on.
    onResponse: async ({ response }) => {
      if (response.status !== 403) return response;
      const problem = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { type?: string } | undefined;
      if (problem?.type?.endsWith('/mfa-required')) navigate(href('twoStep', lang.value), { replace: true });
      return response;
    },
  });
}

export function api(): Api {
  if (!client) throw new Error('API not initialised');
  return client;
}

export { ApiError, fieldErrors, type Problem, unwrap } from './problem.ts';

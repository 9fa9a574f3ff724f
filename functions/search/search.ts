import { searchApplications } from '#shared/domain/search/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { applications, searchIndex } from '../wiring/table.ts';
import { searchRoute } from './routes.ts';

export const handler = httpHandler(searchRoute, async ({ principal, query }) => ({
  body: {
    results: await searchApplications(
      { applications: applications(), search: searchIndex() },
      principal,
      query.q,
    ),
  },
  headers: { 'cache-control': 'no-store' },
}));

import { listRankings } from '#shared/domain/ranking/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rankingSnapshots } from '../wiring/table.ts';
import { listRankingsRoute } from './routes.ts';

export const handler = httpHandler(listRankingsRoute, async ({ query }) => ({
  body: await listRankings({ snapshots: rankingSnapshots() }, query),
  headers: { 'cache-control': 'public, max-age=300' },
}));

import { communeRankingHistory } from '#shared/domain/ranking/use-cases.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { geo, rankingSnapshots } from '../wiring/table.ts';
import { communeRankingHistoryRoute } from './routes.ts';

export const handler = httpHandler(communeRankingHistoryRoute, async ({ params }) => ({
  body: await communeRankingHistory({ snapshots: rankingSnapshots(), geo: geo() }, params.communeId),
  headers: { 'cache-control': 'public, max-age=300' },
}));

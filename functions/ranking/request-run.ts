import { requestRankingRun } from '#shared/domain/ranking/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { rankingRunQueue } from '../wiring/queue.ts';
import { requestRankingRunRoute } from './routes.ts';

export const handler = httpHandler(requestRankingRunRoute, async ({ principal, body, event }) => ({
  status: 202,
  body: await requestRankingRun({ queue: rankingRunQueue() }, principal, body, requestTime(event)),
}));

import { requiredEnv } from '#shared/adapters/aws-config.ts';
import { SqsRankingRunQueue, sqsClient } from '#shared/adapters/sqs/ranking-run-queue.ts';
import { requestRankingRun } from '#shared/domain/ranking/use-cases.ts';
import { requestTime } from '#shared/http/clock.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { idempotent } from '#shared/http/idempotency.ts';
import { requestRankingRunRoute } from './routes.ts';

const queue = new SqsRankingRunQueue(sqsClient, requiredEnv('RANKING_RUNS_QUEUE_URL'));

export const handler = httpHandler(
  requestRankingRunRoute,
  async ({ principal, body, event }) => ({
    status: 202,
    body: await requestRankingRun({ queue }, principal, body, requestTime(event)),
  }),
  [idempotent(requestRankingRunRoute.operationId)],
);

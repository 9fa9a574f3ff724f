/** The ranking job's run requests (SQS). See once.ts for how the wiring is built. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientConfig } from '#shared/adapters/aws-config.ts';
import { SqsRankingRunQueue } from '#shared/adapters/sqs/ranking-run-queue.ts';
import { env } from '#shared/environment.ts';
import { once } from './once.ts';

export const rankingRunQueue = /* @__PURE__ */ once(
  () => new SqsRankingRunQueue(new SQSClient(awsClientConfig()), env('RANKING_RUNS_QUEUE_URL')),
);

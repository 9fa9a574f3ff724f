import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RankingRunQueue } from '../../domain/ranking/ports.ts';

/** Administrators' ranking requests: one message per run, consumed by the ranking job. */
export class SqsRankingRunQueue implements RankingRunQueue {
  private readonly sqs: SQSClient;
  private readonly queueUrl: string;

  constructor(sqs: SQSClient, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  async request(run: { period: string; requestedBy: string }): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(run) }),
    );
  }
}

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SentMessageLog } from '../../domain/notifications/ports.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** How long a sent marker outlives its message (stream retries stop long before). */
const SENT_MARKER_DAYS = 30;

/** One small item per message sent, expired by the table's TTL. */
export class DynamoSentMessageLog extends TableRepository implements SentMessageLog {
  async wasSent(eventKey: string, channel: string, dedupeKey: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.notificationSent(eventKey, channel, dedupeKey),
        ConsistentRead: true,
      }),
    );
    return Item !== undefined;
  }

  async markSent(eventKey: string, channel: string, dedupeKey: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.notificationSent(eventKey, channel, dedupeKey),
          entity: 'NotificationSent',
          expiresAt: Math.floor(Date.now() / 1000) + SENT_MARKER_DAYS * 86400,
        },
      }),
    );
  }
}

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord } from '../../domain/notifications/message-log.ts';
import type { MessageLog } from '../../domain/notifications/ports.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** One item per message and file, in the file's own message partition, ordered by event instant. */
export class DynamoMessageLog extends TableRepository implements MessageLog {
  async record(key: string, message: MessageRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.fileMessage(message.applicationId, message.eventAt, key),
          entity: 'Message',
          ...message,
        },
      }),
    );
  }

  list(applicationId: string): Promise<MessageRecord[]> {
    return this.queryAll<MessageRecord>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.fileMessage(applicationId, '', '').pk },
      ConsistentRead: true,
    });
  }
}

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SealedRoot } from '../../domain/audit/daily-root.ts';
import type { AuditRepository } from '../../domain/audit/ports.ts';
import { isConditionFailure } from './errors.ts';
import { keys, partitions } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/** The day index of application events (gsi1 `AUDIT_DAY#<date>`) and the sealed daily roots. */
export class DynamoAuditRepository extends TableRepository implements AuditRepository {
  eventsOfDay(date: string): Promise<Record<string, unknown>[]> {
    return this.queryAll<Record<string, unknown>>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :day',
      ExpressionAttributeValues: { ':day': partitions.auditDay(date) },
    });
  }

  root(date: string): Promise<SealedRoot | undefined> {
    return this.getItem<SealedRoot>(keys.auditRoot(date), true);
  }

  async saveRoot(root: SealedRoot): Promise<SealedRoot> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.auditRoot(root.date), entity: 'AuditRoot', ...root },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return root;
    } catch (error) {
      // A concurrent run sealed the day first: its root is the day's root.
      if (!isConditionFailure(error)) throw error;
      const stored = await this.root(root.date);
      if (!stored) throw error;
      return stored;
    }
  }
}

import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type {
  PublicRecord,
  PublicRecordKind,
  PublicRecordStore,
} from '../../domain/open-data/public-records.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/**
 * Public records, one partition per kind and month (about 1,250 decisions a day nationally: far
 * below a partition's write limit), keyed by commune and record id so a replayed stream record
 * rewrites the same item.
 */
export class DynamoPublicRecordStore extends TableRepository implements PublicRecordStore {
  async put(records: PublicRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 25) {
      let items: Record<string, unknown>[] = records.slice(i, i + 25).map((r) => ({
        PutRequest: {
          Item: {
            ...keys.publicRecord(r.kind, r.month, r.Jurisdiction, r.recordId),
            entity: 'PublicRecord',
            ...r,
          },
        },
      }));
      // Unprocessed items are retried until written (at most a handful of times under throttling).
      for (let attempt = 0; items.length > 0; attempt++) {
        if (attempt === 5)
          throw new Error('Public records could not be written (throttled); the stream retries the change.');
        const { UnprocessedItems } = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: items as never } }),
        );
        items = (UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined) ?? [];
      }
    }
  }

  async month(kind: PublicRecordKind, month: string): Promise<PublicRecord[]> {
    const items = await this.queryAll<PublicRecord & { entity?: string }>({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.publicRecord(kind, month, '', '').pk },
    });
    return items.map(({ entity: _entity, ...record }) => record as PublicRecord);
  }
}

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessMarker, AccessMarkers } from '../../domain/identity/session.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

/**
 * One eventually consistent GetItem of a tiny item (0.5 read unit, a few ms) per request, no
 * cache: a suspension takes effect at once (within DynamoDB's replication delay, typically well
 * under a second) on every route. The function's grant allows GetItem on `ACCESS#*` keys only.
 */
export class DynamoAccessMarkers extends TableRepository implements AccessMarkers {
  async get(username: string): Promise<AccessMarker | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.accessMarker(username),
        ProjectionExpression: 'suspended, revokedAt',
      }),
    );
    return Item as AccessMarker | undefined;
  }
}

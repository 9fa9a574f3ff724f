import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccessMarker, AccessMarkers, SessionRevocations } from '../../domain/identity/session.ts';
import { isConditionFailure } from './errors.ts';
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

/**
 * The owner ending their sessions (`DELETE /me/sessions`, whose grant alone allows UpdateItem on
 * `ACCESS#*` keys). A class of its own, so the session check's bundle in every other route carries
 * no update command.
 */
export class DynamoSessionRevocations extends TableRepository implements SessionRevocations {
  /** Creates the marker if the account has none (professionals, applicants); keeps `suspended`. */
  async revokeUntil(username: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.accessMarker(username),
          UpdateExpression: 'SET revokedAt = :at, entity = if_not_exists(entity, :entity)',
          // ISO 8601 instants in UTC compare as strings; a later revocation (a suspension) stays.
          ConditionExpression: 'attribute_not_exists(revokedAt) OR revokedAt < :at',
          ExpressionAttributeValues: { ':at': at, ':entity': 'AccessMarker' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

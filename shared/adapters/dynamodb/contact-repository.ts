import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { ContactRepository } from '../../domain/signing/ports.ts';
import type { ProvinceContact } from '../../domain/signing/province-contact.ts';
import { isConditionFailure } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const current = keys.currentContact;
const historyKey = (c: ProvinceContact) => keys.contactDesignation(c.provinceId, c.designatedAt, c.username);

const marker = (table: string, username: string, state: { suspended: boolean; revokedAt?: string }) => ({
  Update: {
    TableName: table,
    Key: keys.accessMarker(username),
    UpdateExpression: `SET entity = :e, suspended = :s${state.revokedAt ? ', revokedAt = :at' : ''}`,
    ExpressionAttributeValues: {
      ':e': 'AccessMarker',
      ':s': state.suspended,
      ...(state.revokedAt ? { ':at': state.revokedAt } : {}),
    },
  },
});

/**
 * Province contacts: a history item per designation and a `CURRENT` copy of the active one. The
 * CURRENT item is replaced conditionally on the designation it replaces, so two concurrent
 * designations cannot both become active.
 */
export class DynamoContactRepository extends TableRepository implements ContactRepository {
  async current(provinceId: string): Promise<ProvinceContact | undefined> {
    return this.getItem<ProvinceContact>(current(provinceId), true);
  }

  async history(provinceId: string): Promise<ProvinceContact[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': partitions.province(provinceId),
          ':prefix': sortKeys.contactDesignations,
        },
      }),
    );
    return Items.map((i) => stripKeys(i) as ProvinceContact);
  }

  async designate(next: ProvinceContact, previous: ProvinceContact | undefined): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...current(next.provinceId), entity: 'ProvinceContact', ...next },
                ...(previous
                  ? {
                      ConditionExpression: 'designatedAt = :at',
                      ExpressionAttributeValues: { ':at': previous.designatedAt },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...historyKey(next), entity: 'ProvinceContact', ...next },
              },
            },
            // The contact's access marker: an active designation gives access back (tokens from
            // before a replacement stay refused); a replaced contact is refused from now on.
            marker(this.table, next.username, { suspended: false }),
            ...(previous && previous.username !== next.username
              ? [marker(this.table, previous.username, { suspended: true, revokedAt: next.designatedAt })]
              : []),
            ...(previous
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: {
                        ...historyKey(previous),
                        entity: 'ProvinceContact',
                        ...previous,
                        active: false,
                        replacedAt: next.designatedAt,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error))
        throw conflict('Another contact was designated for this province meanwhile; reload and retry.');
      throw error;
    }
  }
}

import { randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { Page } from '../../domain/pagination.ts';
import type { StaffRepository } from '../../domain/rollout/ports.ts';
import { endsSessions, type StaffEvent, type StaffMember } from '../../domain/rollout/staff.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const staffItem = (m: StaffMember) => ({
  ...keys.staff(m.username, m.scope.provinceId),
  entity: 'Staff',
  ...m,
});
const emailClaim = (email: string) => keys.unique('STAFF_EMAIL', email);
const eventItem = (e: StaffEvent) => ({
  ...keys.event(partitions.staff(e.username), e.at, randomBytes(4).toString('hex')),
  // Not 'Event': the notifier's stream filter must not pick staff changes up.
  entity: 'StaffEvent',
  ...e,
});

/**
 * Civil-servant accounts: the account item, a uniqueness claim on its e-mail, one audit event per
 * change and the access marker the session check reads, always written together in one transaction.
 */
export class DynamoStaffRepository extends TableRepository implements StaffRepository {
  async get(username: string): Promise<StaffMember | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.staffKey(username),
        ConsistentRead: true,
      }),
    );
    return Item ? (stripKeys(Item) as StaffMember) : undefined;
  }

  async findByEmail(email: string): Promise<StaffMember | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: emailClaim(email), ConsistentRead: true }),
    );
    return typeof Item?.username === 'string' ? this.get(Item.username) : undefined;
  }

  async create(member: StaffMember, event: StaffEvent): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: staffItem(member),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...emailClaim(member.email), entity: 'Unique', username: member.username },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: { TableName: this.table, Item: eventItem(event) } },
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.accessMarker(member.username), entity: 'AccessMarker', suspended: false },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        const reasons = cancellationReasons(error);
        throw conflict(
          reasons[1] === 'ConditionalCheckFailed'
            ? `An account with the e-mail ${member.email} already exists; update it instead.`
            : 'This account already exists.',
          { email: member.email },
        );
      }
      throw error;
    }
  }

  async update(next: StaffMember, previous: StaffMember, event: StaffEvent): Promise<void> {
    const emailChanged = next.email !== previous.email;
    const statusChanged = next.status !== previous.status;
    const revokes = endsSessions(previous, next);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: staffItem(next),
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': previous.version },
              },
            },
            ...(emailChanged
              ? [
                  {
                    Delete: {
                      TableName: this.table,
                      Key: emailClaim(previous.email),
                      ConditionExpression: 'username = :u',
                      ExpressionAttributeValues: { ':u': previous.username },
                    },
                  },
                  {
                    Put: {
                      TableName: this.table,
                      Item: { ...emailClaim(next.email), entity: 'Unique', username: next.username },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
            { Put: { TableName: this.table, Item: eventItem(event) } },
            ...(statusChanged || revokes
              ? [
                  {
                    Update: {
                      TableName: this.table,
                      Key: keys.accessMarker(next.username),
                      // Suspension, and any change of roles, scope or e-mail, revokes every token issued
                      // until now; reactivation keeps that instant.
                      UpdateExpression: `SET ${[
                        'entity = :e',
                        ...(statusChanged ? ['suspended = :s'] : []),
                        ...(revokes || next.status === 'SUSPENDED' ? ['revokedAt = :at'] : []),
                      ].join(', ')}`,
                      ExpressionAttributeValues: {
                        ':e': 'AccessMarker',
                        ...(statusChanged ? { ':s': next.status === 'SUSPENDED' } : {}),
                        ...(revokes || next.status === 'SUSPENDED' ? { ':at': event.at } : {}),
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        const reasons = cancellationReasons(error);
        if (emailChanged && reasons[2] === 'ConditionalCheckFailed')
          throw conflict(`Another account already uses the e-mail ${next.email}.`, { email: next.email });
        throw conflict('The account changed meanwhile; reload it and apply your change again.');
      }
      throw error;
    }
  }

  async remove(member: StaffMember): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table, Key: keys.staffKey(member.username) } },
          {
            Delete: {
              TableName: this.table,
              Key: emailClaim(member.email),
              ConditionExpression: 'attribute_not_exists(pk) OR username = :u',
              ExpressionAttributeValues: { ':u': member.username },
            },
          },
          { Delete: { TableName: this.table, Key: keys.accessMarker(member.username) } },
        ],
      }),
    );
  }

  listByProvince(provinceId: string): Promise<StaffMember[]> {
    return this.queryIndex('gsi1', 'gsi1pk', partitions.staffOfProvince(provinceId));
  }

  listAll(): Promise<StaffMember[]> {
    return this.queryIndex('gsi2', 'gsi2pk', 'STAFF');
  }

  async list(cursor: string | undefined, limit: number): Promise<Page<StaffMember>> {
    const page = await this.queryPage(
      {
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': 'STAFF' },
      },
      { cursor, limit },
    );
    return { ...page, items: page.items.map((i) => stripKeys(i) as StaffMember) };
  }

  async history(username: string): Promise<StaffEvent[]> {
    return this.queryAll<StaffEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': partitions.staff(username), ':e': sortKeys.events },
    });
  }

  private queryIndex(index: 'gsi1' | 'gsi2', key: string, value: string): Promise<StaffMember[]> {
    return this.queryAll<StaffMember>({
      IndexName: index,
      KeyConditionExpression: `${key} = :pk`,
      ExpressionAttributeValues: { ':pk': value },
    });
  }
}

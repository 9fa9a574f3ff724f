import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Business } from '../../domain/businesses/business.ts';
import type { BusinessRepository } from '../../domain/businesses/ports.ts';
import { conflict } from '../../domain/errors.ts';
import { keys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const key = keys.business;

/** The claims a business holds: its e-mail (one account per address) and, for a company, its ICE. */
const claims = (b: Business) => [
  keys.unique('BUSINESS_EMAIL', b.email),
  ...(b.ice ? [keys.unique('ICE', b.ice)] : []),
];

export class DynamoBusinessRepository extends TableRepository implements BusinessRepository {
  async register(b: Business): Promise<void> {
    const taken = await this.putClaimed({ ...key(b.id), entity: 'Business', ...b }, claims(b), b.id);
    if (taken === 0)
      throw conflict(`A business with the e-mail ${b.email} is already registered. Sign in instead.`, {
        field: 'email',
      });
    if (taken === 1) throw conflict(`A company with ICE ${b.ice} is already registered.`, { field: 'ice' });
  }

  async remove(b: Business): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [key(b.id), ...claims(b)].map((Key) => ({ Delete: { TableName: this.table, Key } })),
      }),
    );
  }

  async get(id: string): Promise<Business | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: key(id) }));
    return Item ? (stripKeys(Item) as Business) : undefined;
  }
}

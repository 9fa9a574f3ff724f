import { conflict } from '../../domain/errors.ts';
import type { Permit, PermitRepository } from '../../domain/signing/permits.ts';
import { applicationPut, transactWithEvents } from './application-items.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { keyEventItem, signingKeyPut } from './signing-key-repository.ts';
import { TableRepository } from './table-repository.ts';

export class DynamoPermitRepository extends TableRepository implements PermitRepository {
  async issue(args: Parameters<PermitRepository['issue']>[0]): Promise<void> {
    const { next, permit, key } = args;
    try {
      // The application's event goes last, appended to its audit chain (application-items.ts).
      await transactWithEvents(
        this.db,
        this.table,
        [
          applicationPut(this.table, next, args.expectedVersion),
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.permit(permit.permitNumber), entity: 'Permit', ...permit },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          signingKeyPut(this.table, key, key.version - 1),
          ...args.keyEvents.map((e, i) => ({ Put: { TableName: this.table, Item: keyEventItem(e, i) } })),
        ],
        [args.event],
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw conflict(
          'The application or your key changed while signing (signed by someone else, or another PIN attempt). Reload the worklist.',
        );
      }
      throw error;
    }
  }

  async get(permitNumber: string): Promise<Permit | undefined> {
    return this.getItem<Permit>(keys.permit(permitNumber), true);
  }
}

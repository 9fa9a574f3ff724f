import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { Permit } from '../../domain/signing/permit.ts';
import type { PermitRepository } from '../../domain/signing/ports.ts';
import { applicationPut, transactWithEvents } from './application-items.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { keyEventItem } from './signing-key-repository.ts';
import { TableRepository } from './table-repository.ts';

/** Longer than any signing function runs, so a live signing never loses its claim. */
const CLAIM_LEASE_SECONDS = 120;

export class DynamoPermitRepository extends TableRepository implements PermitRepository {
  async claim(permitNumber: string, owner: string): Promise<void> {
    const nowSeconds = Math.floor(Date.now() / 1000);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.permitClaim(permitNumber),
            entity: 'PermitClaim',
            owner,
            expiresAt: nowSeconds + CLAIM_LEASE_SECONDS,
          },
          // Free, or a lease left by a signing that died; never once the permit is issued (a signing
          // that loaded the file before it was issued must not reach the bucket either).
          ConditionExpression:
            'attribute_not_exists(pk) OR (expiresAt < :now AND attribute_not_exists(issued))',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw conflict(
          'This file is being signed right now (by you or another signatory). Reload the worklist.',
        );
      }
      throw error;
    }
  }

  async release(permitNumber: string, owner: string): Promise<void> {
    await this.db
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.permitClaim(permitNumber),
          ConditionExpression: '#owner = :owner AND attribute_not_exists(issued)',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

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
          // The key must still sign (not revoked meanwhile); PIN attempts racing this one change its
          // counter, not this: they must not fail a signing whose PDF is already in the bucket.
          {
            ConditionCheck: {
              TableName: this.table,
              Key: keys.signingKey(key.keyId),
              ConditionExpression: '#status = :active',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':active': 'ACTIVE' },
            },
          },
          // The claim taken before KMS and the bucket becomes permanent: no later claim succeeds.
          {
            Update: {
              TableName: this.table,
              Key: keys.permitClaim(permit.permitNumber),
              UpdateExpression: 'SET issued = :true REMOVE expiresAt',
              ConditionExpression: '#owner = :owner',
              ExpressionAttributeNames: { '#owner': 'owner' },
              ExpressionAttributeValues: { ':owner': args.claimedBy, ':true': true },
            },
          },
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

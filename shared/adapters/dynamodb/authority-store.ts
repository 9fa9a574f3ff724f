import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorityStore } from '../../domain/signing/pki/authority.ts';
import type { Authority } from '../../domain/signing/pki/permit-signature.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

type Stored = Authority & { createdAt: string };

/** The platform CA and time-stamping certificates: one item, written once. */
export class DynamoAuthorityStore extends TableRepository implements AuthorityStore {
  get(): Promise<Stored | undefined> {
    return this.getItem<Stored>(keys.certificationAuthority(), true);
  }

  async putOnce(authority: Stored): Promise<Stored> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.certificationAuthority(), entity: 'CertificationAuthority', ...authority },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return authority;
    } catch (error) {
      // Another first issuance won the race: its certificates are the published ones.
      if (!isConditionFailure(error)) throw error;
      const stored = await this.get();
      if (!stored) throw error;
      return stored;
    }
  }
}

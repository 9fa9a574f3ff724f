import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../domain/errors.ts';
import type { Page } from '../../domain/pagination.ts';
import type { EmailProof } from '../../domain/professionals/email-proof.ts';
import type { EmailProofs, ProfessionalRepository } from '../../domain/professionals/ports.ts';
import type { Professional, ProfessionalStatus } from '../../domain/professionals/professional.ts';
import { isConditionFailure } from './errors.ts';
import { keys, partitions, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const item = (p: Professional) => ({
  ...keys.professional(p.id, p.status, p.registeredAt),
  entity: 'Professional',
  ...p,
});

export class DynamoProfessionalRepository extends TableRepository implements ProfessionalRepository {
  async register(p: Professional): Promise<void> {
    const claims = [
      keys.unique('REGISTRATION', `${p.profession}#${p.registrationNumber}`),
      keys.unique('EMAIL', p.email),
    ];
    const taken = await this.putClaimed(item(p), claims, p.id);
    if (taken === 0)
      throw conflict(
        `A ${p.profession} with registration number ${p.registrationNumber} is already registered.`,
        { field: 'registrationNumber' },
      );
    if (taken === 1)
      throw conflict(`An account with the e-mail ${p.email} already exists. Sign in instead.`, {
        field: 'email',
      });
  }

  async remove(p: Professional): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table, Key: keys.professionalKey(p.id) } },
          {
            Delete: {
              TableName: this.table,
              Key: keys.unique('REGISTRATION', `${p.profession}#${p.registrationNumber}`),
            },
          },
          { Delete: { TableName: this.table, Key: keys.unique('EMAIL', p.email) } },
        ],
      }),
    );
  }

  async ownerOfEmail(email: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.unique('EMAIL', email), ConsistentRead: true }),
    );
    return typeof Item?.owner === 'string' ? Item.owner : undefined;
  }

  async get(id: string): Promise<Professional | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.professionalKey(id) }),
    );
    return Item ? (stripKeys(Item) as Professional) : undefined;
  }

  async listByStatus(
    status: ProfessionalStatus,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Professional>> {
    const partition = partitions.professionalsByStatus(status);
    const page = await this.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
      },
      { cursor, limit, from: { attribute: 'gsi1pk', partition } },
    );
    return { ...page, items: page.items.map((i) => stripKeys(i) as Professional) };
  }

  async decide(p: Professional, actor: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: item(p),
                ConditionExpression: '#status = :pending',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':pending': 'PENDING_VERIFICATION' },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.event(partitions.professional(p.id), at, crypto.randomUUID().slice(0, 8)),
                  entity: 'Event',
                  type: p.status === 'VERIFIED' ? 'PROFESSIONAL_VERIFIED' : 'PROFESSIONAL_REJECTED',
                  professionalId: p.id,
                  actor,
                  at,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw conflict('This registration was decided meanwhile; reload it.');
      throw error;
    }
  }
}

const proofKey = keys.emailProof;

/** E-mail proofs: one item per pending registration, removed by the table's TTL a day after expiry. */
export class DynamoEmailProofs extends TableRepository implements EmailProofs {
  async put(proof: EmailProof): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...proofKey(proof.professionalId),
          entity: 'EmailProof',
          ...proof,
          expiresAt: Math.floor(Date.parse(proof.validUntil) / 1000) + 86_400,
        },
      }),
    );
  }

  get(professionalId: string): Promise<EmailProof | undefined> {
    return this.getItem<EmailProof>(proofKey(professionalId), true);
  }

  async recordFailure(proof: EmailProof): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...proofKey(proof.professionalId),
            entity: 'EmailProof',
            ...proof,
            failedAttempts: proof.failedAttempts + 1,
            expiresAt: Math.floor(Date.parse(proof.validUntil) / 1000) + 86_400,
          },
          // Parallel guesses cannot share one count.
          ConditionExpression: 'failedAttempts = :seen',
          ExpressionAttributeValues: { ':seen': proof.failedAttempts },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw conflict('Another code was tried meanwhile; try again.');
      throw error;
    }
  }

  async delete(professionalId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.table, Key: proofKey(professionalId) }));
  }
}

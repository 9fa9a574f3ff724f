import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  Application,
  ApplicationEvent,
  DocumentVersion,
} from '../../domain/applications/application.ts';
import { staleVersion } from '../../domain/applications/errors.ts';
import type {
  ApplicationRepository,
  ListQuery,
  Transition,
  WorklistQuery,
} from '../../domain/applications/ports.ts';
import type { RecordedEvent } from '../../domain/audit/chain.ts';
import { conflict } from '../../domain/errors.ts';
import type { Page } from '../../domain/pagination.ts';
import {
  applicationItem,
  applicationPut,
  backOff,
  lostRace,
  MAX_COUNTER_ATTEMPTS,
  nextSequencePut,
  transactWithEvents,
} from './application-items.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { keys, parseKeys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

export class DynamoApplicationRepository extends TableRepository implements ApplicationRepository {
  async create(app: Application, event: ApplicationEvent): Promise<void> {
    await transactWithEvents(
      this.db,
      this.table,
      [
        {
          Put: {
            TableName: this.table,
            Item: applicationItem(app),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      [event],
    );
  }

  async get(id: string): Promise<Application | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.applicationKey(id),
        ConsistentRead: true,
      }),
    );
    return Item ? (stripKeys(Item) as Application) : undefined;
  }

  update(next: Application, expectedVersion: number, event: ApplicationEvent): Promise<void> {
    return this.saveTransition({ next, expectedVersion, events: [event] });
  }

  async saveTransition(t: Transition): Promise<void> {
    const { next } = t;
    const round = next.round ?? 1;
    try {
      await transactWithEvents(
        this.db,
        this.table,
        [
          applicationPut(this.table, next, t.expectedVersion),
          ...(t.opinion
            ? [
                {
                  Put: {
                    TableName: this.table,
                    Item: {
                      ...keys.opinion(next.id, t.opinion.round, t.opinion.agency),
                      entity: 'Opinion',
                      applicationId: next.id,
                      ...t.opinion,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
          ...(t.referrals ?? []).map((r) => ({
            Put: {
              TableName: this.table,
              Item: {
                ...keys.referral(next.id, round, r.agency, next.provinceId, r.state, next.deadlineDate),
                entity: 'Referral',
                applicationId: next.id,
                agency: r.agency,
                round,
                state: r.state,
              },
            },
          })),
          ...(t.paymentOrder
            ? [
                {
                  Put: {
                    TableName: this.table,
                    Item: {
                      ...keys.paymentOrder(next.id, t.paymentOrder.stage),
                      entity: 'PaymentOrder',
                      ...t.paymentOrder,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
        ],
        t.events,
      );
    } catch (error) {
      if (t.opinion && cancellationReasons(error)[1] === 'ConditionalCheckFailed') {
        throw conflict(
          `The ${t.opinion.agency} opinion for round ${t.opinion.round} was already given; an opinion is final.`,
          {
            reason: 'opinion-already-given',
          },
        );
      }
      if (isConditionFailure(error)) throw staleVersion();
      throw error;
    }
  }

  listByCommune(communeId: string, query: WorklistQuery): Promise<Page<Application>> {
    const filters: string[] = [];
    const values: Record<string, unknown> = {};
    if (query.status) {
      filters.push('#status = :status');
      values[':status'] = query.status;
    }
    if (query.procedureCode) {
      filters.push('procedureCode = :procedure');
      values[':procedure'] = query.procedureCode;
    }
    return this.listIndex(
      'gsi2',
      partitions.communeWorklist(communeId, query.open),
      query.cursor,
      query.limit,
      true,
      filters,
      values,
    );
  }

  async listPastDeadline(communeId: string, date: string): Promise<Application[]> {
    return this.queryAll<Application>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :date',
      ExpressionAttributeValues: { ':pk': partitions.communeWorklist(communeId, true), ':date': date },
    });
  }

  async listClosedByDeadline(communeId: string, from: string, to: string): Promise<Application[]> {
    return this.queryAll<Application>({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      // `~` sorts after the `#<id>` suffix, so files of the last day are in.
      ExpressionAttributeValues: {
        ':pk': partitions.communeWorklist(communeId, false),
        ':from': from,
        ':to': `${to}~`,
      },
    });
  }

  async listReferrals(
    agency: string,
    provinceId: string,
    state: 'PENDING' | 'ANSWERED',
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Application>> {
    const partition = partitions.agencyReferrals(agency, provinceId, state);
    const page = await this.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
      },
      { cursor, limit, from: { attribute: 'gsi1pk', partition } },
    );
    const referrals = page.items;
    const apps = await this.batchGet(referrals.map((r) => String(r.applicationId)));
    // A referral of an earlier round may still be indexed: keep the ones of the application's current round.
    const items = referrals
      .map((r) => ({ r, app: apps.get(String(r.applicationId)) }))
      .filter(({ r, app }) => app && (app.round ?? 1) === r.round)
      .map(({ app }) => app as Application);
    return { ...page, items };
  }

  private async batchGet(ids: string[]): Promise<Map<string, Application>> {
    const out = new Map<string, Application>();
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = [...new Set(ids.slice(i, i + 100))];
      if (chunk.length === 0) continue;
      const { Responses } = await this.db.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table]: { Keys: chunk.map((id) => keys.applicationKey(id)) },
          },
        }),
      );
      for (const item of Responses?.[this.table] ?? [])
        out.set(String(item.id), stripKeys(item) as Application);
    }
    return out;
  }

  private async listIndex(
    index: 'gsi1' | 'gsi2',
    partition: string,
    cursor: string | undefined,
    limit: number,
    ascending: boolean,
    filters: string[],
    values: Record<string, unknown>,
  ): Promise<Page<Application>> {
    const page = await this.queryPage(
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': partition, ...values },
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(filters.some((f) => f.includes('#status'))
          ? { ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ScanIndexForward: ascending,
      },
      { cursor, limit, from: { attribute: `${index}pk`, partition } },
    );
    return { ...page, items: page.items.map((i) => stripKeys(i) as Application) };
  }

  async deleteDraft(app: Application): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: this.table,
                Key: keys.applicationKey(app.id),
                ConditionExpression: 'version = :v AND #status = :draft',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':v': app.version, ':draft': 'DRAFT' },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw staleVersion();
      throw error;
    }
    // The draft is gone; its document history and followers go with it (a draft is not a record).
    // Its audit chain stays: a published daily root may already cover its events (docs/audit.md).
    const { Items: all = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitions.application(app.id) },
        ProjectionExpression: 'pk, sk',
      }),
    );
    const Items = all.filter((i) => !parseKeys.isEvent(i.sk) && i.sk !== sortKeys.auditHead);
    for (let i = 0; i < Items.length; i += 25) {
      await this.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table]: Items.slice(i, i + 25).map((key) => ({
              DeleteRequest: { Key: { pk: key.pk, sk: key.sk } },
            })),
          },
        }),
      );
    }
  }

  async submit(
    expectedVersion: number,
    receipt: { communeId: string; year: number },
    build: (sequence: number) => { next: Application; event: ApplicationEvent },
  ): Promise<Application> {
    const counterKey = keys.receiptCounter(receipt.communeId, receipt.year);
    for (let attempt = 1; attempt <= MAX_COUNTER_ATTEMPTS; attempt++) {
      const { Item } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: counterKey, ConsistentRead: true }),
      );
      const current = (Item?.sequence as number | undefined) ?? 0;
      const { next, event } = build(current + 1);
      try {
        await transactWithEvents(
          this.db,
          this.table,
          [
            nextSequencePut(this.table, counterKey, current, {
              communeId: receipt.communeId,
              year: receipt.year,
            }),
            {
              Put: {
                TableName: this.table,
                Item: applicationItem(next),
                ConditionExpression: 'version = :expected AND #status = :draft',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':expected': expectedVersion, ':draft': 'DRAFT' },
              },
            },
          ],
          [event],
        );
        return next;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons[1] === 'ConditionalCheckFailed') throw staleVersion();
        if (!lostRace(error)) throw error;
        // Another submission in the same commune took the number: back off a little and retry.
        await backOff(attempt);
      }
    }
    throw conflict('Too many simultaneous submissions in this commune; retry in a few seconds.');
  }

  async addDocumentVersion(app: Application, doc: DocumentVersion, event: ApplicationEvent): Promise<void> {
    try {
      await transactWithEvents(
        this.db,
        this.table,
        [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.documentVersion(app.id, doc.code, doc.version),
                entity: 'DocumentVersion',
                applicationId: app.id,
                ...doc,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            // In place, so a concurrent upload to another slot is not lost; the version bump makes a
            // stale draft edit (which replaces the whole item) fail instead of erasing this document.
            Update: {
              TableName: this.table,
              Key: keys.applicationKey(app.id),
              UpdateExpression: 'SET documents.#code = :doc, version = version + :one, updatedAt = :at',
              ConditionExpression: '#status IN (:draft, :returned)',
              ExpressionAttributeNames: { '#code': doc.code, '#status': 'status' },
              ExpressionAttributeValues: {
                ':doc': doc,
                ':one': 1,
                ':at': doc.uploadedAt,
                ':draft': 'DRAFT',
                ':returned': 'RETURNED_FOR_COMPLETION',
              },
            },
          },
        ],
        [event],
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw conflict(
          `Another upload of ${doc.code} was confirmed at the same time, or the application is no longer a draft; reload it.`,
        );
      }
      throw error;
    }
  }

  async documentHistory(id: string, code: string): Promise<DocumentVersion[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': partitions.application(id),
          ':prefix': sortKeys.documentVersions(code),
        },
      }),
    );
    return Items.map((i) => {
      const { applicationId, ...doc } = stripKeys(i) as DocumentVersion & { applicationId: string };
      return doc;
    });
  }

  async events(id: string): Promise<RecordedEvent[]> {
    return this.queryAll<RecordedEvent>({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partitions.application(id), ':prefix': sortKeys.events },
    });
  }

  listByProfessional(professionalId: string, query: ListQuery): Promise<Page<Application>> {
    return this.listGsi1(
      partitions.applicationsOfProfessional(professionalId),
      query,
      (items) => items as Application[],
    );
  }

  listFollowed(username: string, query: ListQuery): Promise<Page<Application>> {
    return this.listGsi1(
      partitions.applicationsOfApplicant(username),
      { ...query, status: undefined },
      async (followers) => {
        const ids = followers.map((f) => parseKeys.applicationId(String(f.pk)) ?? '');
        if (ids.length === 0) return [];
        const { Responses } = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: { Keys: ids.map((id) => keys.applicationKey(id)) },
            },
          }),
        );
        const byId = new Map(
          (Responses?.[this.table] ?? []).map((i) => [i.id as string, stripKeys(i) as Application]),
        );
        return ids
          .map((id) => byId.get(id))
          .filter((a): a is Application => Boolean(a) && (!query.status || a?.status === query.status));
      },
      // A follower's key names its application: the index alone lists them.
      { indexOnly: true },
    );
  }

  async addFollower(app: Application, username: string, event: ApplicationEvent): Promise<void> {
    try {
      await transactWithEvents(
        this.db,
        this.table,
        [
          {
            Update: {
              TableName: this.table,
              Key: keys.applicationKey(app.id),
              UpdateExpression: 'SET followers = list_append(followers, :user), version = version + :one',
              ConditionExpression: 'NOT contains(followers, :name)',
              ExpressionAttributeValues: { ':user': [username], ':name': username, ':one': 1 },
            },
          },
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.follower(app.id, username, app.createdAt),
                entity: 'Follower',
                applicationId: app.id,
                username,
              },
            },
          },
        ],
        [event],
      );
    } catch (error) {
      // Already following: inviting twice changes nothing.
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async listGsi1(
    partition: string,
    query: ListQuery,
    toApplications: (items: Record<string, unknown>[]) => Application[] | Promise<Application[]>,
    options: { indexOnly?: boolean } = {},
  ): Promise<Page<Application>> {
    const page = await this.queryPage(
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ...(query.status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pk': partition, ':status': query.status },
            }
          : { ExpressionAttributeValues: { ':pk': partition } }),
        ScanIndexForward: false,
      },
      { cursor: query.cursor, limit: query.limit, from: { attribute: 'gsi1pk', partition } },
      options,
    );
    // Index-only items are keys (followers): the caller reads them; whole items lose their keys.
    const items = await toApplications(options.indexOnly ? page.items : page.items.map((i) => stripKeys(i)));
    return { ...page, items };
  }
}

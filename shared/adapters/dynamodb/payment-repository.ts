import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Application } from '../../domain/applications/application.ts';
import { conflict } from '../../domain/errors.ts';
import { type Beneficiary, TREASURY } from '../../domain/payments/beneficiaries.ts';
import type { Payment, PaymentOrder } from '../../domain/payments/payment.ts';
import type { LedgerEntry, PaymentRepository, TariffRepository } from '../../domain/payments/ports.ts';
import type { SettlementReport } from '../../domain/payments/settlement.ts';
import type { CommuneTariff, LegalRanges } from '../../domain/payments/tariffs.ts';
import {
  applicationItem,
  backOff,
  lostRace,
  MAX_COUNTER_ATTEMPTS,
  nextSequencePut,
  transactWithEvents,
} from './application-items.ts';
import { cancellationReasons, isConditionFailure } from './errors.ts';
import { keys, partitions, sortKeys, stripKeys } from './keys.ts';
import { TableRepository } from './table-repository.ts';

const paymentItem = (p: Payment) => ({
  ...keys.payment(p.orderId),
  ...(p.status === 'APPROVED' && p.paidOn && p.receiptNumber
    ? keys.paymentsOfDay(p.communeId, p.paidOn, p.receiptNumber)
    : {}),
  entity: 'Payment',
  ...p,
});

export class DynamoPaymentRepository extends TableRepository implements PaymentRepository {
  async order(
    applicationId: string,
    stage: PaymentOrder['stage'] = 'authorisation',
  ): Promise<PaymentOrder | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.paymentOrder(applicationId, stage),
        ConsistentRead: true,
      }),
    );
    return Item ? (stripKeys(Item) as PaymentOrder) : undefined;
  }

  async createOrder(order: PaymentOrder): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keys.paymentOrder(order.applicationId, order.stage), entity: 'PaymentOrder', ...order },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async createAttempt(payment: Payment): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: paymentItem(payment),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async attempt(orderId: string): Promise<Payment | undefined> {
    return this.getItem<Payment>(keys.payment(orderId), true);
  }

  async decline(payment: Payment, at: string): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: paymentItem({ ...payment, status: 'DECLINED', decidedAt: at }),
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      // Already decided (approved or declined): an out-of-order decline changes nothing.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordApproved(args: Parameters<PaymentRepository['recordApproved']>[0]) {
    const { payment } = args;
    const year = Number(args.paidOn.slice(0, 4));
    const beneficiary = payment.beneficiary ?? TREASURY;
    // Each beneficiary numbers its own quittances: the treasury per commune and year, the others per year.
    const counterKey =
      beneficiary === TREASURY
        ? keys.quittanceCounter(payment.communeId, year)
        : keys.beneficiaryQuittanceCounter(beneficiary, year);
    for (let attempt = 1; attempt <= MAX_COUNTER_ATTEMPTS; attempt++) {
      const current = await this.attempt(payment.orderId);
      if (current?.status === 'APPROVED') return 'already-recorded' as const;
      const order = await this.order(payment.applicationId, payment.stage ?? 'authorisation');
      if (!order) throw new Error(`payment ${payment.orderId}: the application has no payment order`);
      const mine = order.lines.filter((l) => payment.lineCodes.includes(l.code));
      if (mine.some((l) => l.paidBy && l.paidBy !== payment.orderId)) return 'already-paid' as const;
      // A concurrent delivery of this same callback committed between our reads.
      if (mine.length > 0 && mine.every((l) => l.paidBy === payment.orderId))
        return 'already-recorded' as const;
      const { Item: appItem } = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: keys.applicationKey(payment.applicationId),
          ConsistentRead: true,
        }),
      );
      const app = stripKeys(appItem ?? {}) as Application;
      const { Item: counter } = await this.db.send(
        new GetCommand({ TableName: this.table, Key: counterKey, ConsistentRead: true }),
      );
      const sequence = (counter?.sequence as number | undefined) ?? 0;
      const built = args.build(sequence + 1, order, app);
      try {
        await transactWithEvents(
          this.db,
          this.table,
          [
            nextSequencePut(this.table, counterKey, sequence, {
              ...(beneficiary === TREASURY ? { communeId: payment.communeId } : { beneficiary }),
              year,
            }),
            {
              Put: {
                TableName: this.table,
                Item: paymentItem(built.payment),
                ConditionExpression: '#status IN (:pending, :declined)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':pending': 'PENDING', ':declined': 'DECLINED' },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.paymentOrder(order.applicationId, order.stage),
                  entity: 'PaymentOrder',
                  ...built.order,
                },
                ConditionExpression: 'dueCentimes = :due',
                ExpressionAttributeValues: { ':due': order.dueCentimes },
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: applicationItem(built.app),
                ConditionExpression: 'version = :v',
                ExpressionAttributeValues: { ':v': app.version },
              },
            },
            // The merchant account's day, as the bank will settle it (reconciliation).
            ...(built.payment.channel === 'counter'
              ? []
              : [
                  {
                    Put: {
                      TableName: this.table,
                      Item: {
                        ...keys.ledgerEntry(beneficiary, args.paidOn, payment.orderId),
                        entity: 'LedgerEntry',
                        orderId: payment.orderId,
                        amountCentimes: payment.amountCentimes,
                        applicationId: payment.applicationId,
                        receiptNumber: built.payment.receiptNumber,
                        ...(args.gateway.authCode ? { authCode: args.gateway.authCode } : {}),
                      },
                    },
                  },
                ]),
          ],
          [built.event],
        );
        return built.payment;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!lostRace(error)) throw error;
        if (reasons[1] === 'ConditionalCheckFailed') {
          const now = await this.attempt(payment.orderId);
          if (now?.status === 'APPROVED') return 'already-recorded' as const;
        }
        await backOff(attempt);
      }
    }
    throw conflict('Too many simultaneous payments in this commune; the bank will retry the callback.');
  }

  paymentsOn(communeId: string, date: string): Promise<Payment[]> {
    return this.queryAll<Payment>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.paymentsOfDay(communeId, date) },
    });
  }

  async ledger(beneficiary: string, date: string): Promise<LedgerEntry[]> {
    const out: LedgerEntry[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.ledgerEntry(beneficiary, date, '').pk },
          ConsistentRead: true,
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) out.push(stripKeys(item) as LedgerEntry);
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return out;
  }

  async settlement(beneficiary: string, date: string): Promise<SettlementReport | undefined> {
    return this.getItem<SettlementReport>(keys.settlement(beneficiary, date), true);
  }

  async putSettlement(report: SettlementReport): Promise<{ stored: boolean; report: SettlementReport }> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.settlement(report.beneficiary, report.date),
            entity: 'SettlementReport',
            ...report,
          },
          // Never over a closed day, never over the same file (two imports racing store one report).
          ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :closed AND fileSha256 <> :sha)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':closed': 'CLOSED', ':sha': report.fileSha256 },
        }),
      );
      return { stored: true, report };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.settlement(report.beneficiary, report.date);
      return { stored: false, report: stored ?? report };
    }
  }

  async securityEvent(event: { type: string; orderId?: string; reason: string; at: string }): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.securityEvent(event.at, randomUUID().slice(0, 8)),
          entity: 'SecurityEvent',
          ...event,
        },
      }),
    );
  }
}

export class DynamoTariffRepository extends TableRepository implements TariffRepository {
  async history(communeId: string): Promise<CommuneTariff[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :from)',
        ExpressionAttributeValues: { ':pk': partitions.tariffs(communeId), ':from': sortKeys.tariffsFrom },
      }),
    );
    return Items.map((i) => {
      const { setBy, setAt, ...tariff } = stripKeys(i) as CommuneTariff & { setBy?: string; setAt?: string };
      return tariff;
    });
  }

  async put(tariff: CommuneTariff, actor: string, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.tariff(tariff.communeId, tariff.effectiveFrom),
          entity: 'Tariff',
          ...tariff,
          setBy: actor,
          setAt: at,
        },
      }),
    );
  }

  async beneficiaries(): Promise<Beneficiary[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
        ExpressionAttributeValues: { ':pk': partitions.beneficiaries, ':b': sortKeys.beneficiaries },
      }),
    );
    return Items.map((i) => {
      const { setBy, setAt, ...beneficiary } = stripKeys(i) as Beneficiary & {
        setBy?: string;
        setAt?: string;
      };
      return beneficiary;
    });
  }

  async putBeneficiary(beneficiary: Beneficiary, actor: string, at: string): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.beneficiary(beneficiary.id),
          entity: 'Beneficiary',
          ...beneficiary,
          setBy: actor,
          setAt: at,
        },
      }),
    );
  }

  async legalRanges(): Promise<LegalRanges | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.legalRanges() }));
    return Item?.ranges as LegalRanges | undefined;
  }

  async putLegalRanges(ranges: LegalRanges, actor: string, at: string): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: { ...keys.legalRanges(), entity: 'LegalRanges', ranges, setBy: actor, setAt: at },
            },
          },
          // History: every version of the ranges is kept.
          {
            Put: {
              TableName: this.table,
              Item: {
                ...keys.legalRangesVersion(at),
                entity: 'LegalRanges',
                ranges,
                setBy: actor,
              },
            },
          },
        ],
      }),
    );
  }
}

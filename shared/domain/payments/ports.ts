import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { Beneficiary } from './beneficiaries.ts';
import type { Payment, PaymentOrder } from './payment.ts';
import type { SettlementReport } from './settlement.ts';
import type { CommuneTariff, LegalRanges } from './tariffs.ts';

export interface TariffRepository {
  /** Every tariff of the commune, history included. */
  history(communeId: string): Promise<CommuneTariff[]>;
  put(tariff: CommuneTariff, actor: string, at: string): Promise<void>;
  legalRanges(): Promise<LegalRanges | undefined>;
  putLegalRanges(ranges: LegalRanges, actor: string, at: string): Promise<void>;
  /** The beneficiaries other than the commune treasury (beneficiaries.ts). */
  beneficiaries(): Promise<Beneficiary[]>;
  putBeneficiary(beneficiary: Beneficiary, actor: string, at: string): Promise<void>;
}

export interface PaymentRepository {
  order(applicationId: string, stage?: PaymentOrder['stage']): Promise<PaymentOrder | undefined>;
  /** Stores a new payment order (a conformity balance); false when that order already exists. */
  createOrder(order: PaymentOrder): Promise<boolean>;
  createAttempt(payment: Payment): Promise<void>;
  attempt(orderId: string): Promise<Payment | undefined>;
  /** Marks a pending attempt declined (no-op if it is no longer pending). */
  decline(payment: Payment, at: string): Promise<void>;
  /**
   * Records an approved payment atomically: attempt APPROVED (only once), the order's lines paid,
   * the application PAID when nothing is due, a gapless quittance number of the beneficiary's
   * series (the treasury's: per commune and year; another beneficiary's: its own per year), the
   * settlement ledger entry of its merchant's day, and the event. Returns the recorded payment, or `already-paid` when the order was paid by
   * another attempt meanwhile.
   */
  recordApproved(args: {
    payment: Payment;
    gateway: NonNullable<Payment['gateway']>;
    at: string;
    paidOn: string;
    build: (
      sequence: number,
      order: PaymentOrder,
      app: Application,
    ) => {
      payment: Payment;
      order: PaymentOrder;
      app: Application;
      event: ApplicationEvent;
    };
  }): Promise<Payment | 'already-paid' | 'already-recorded'>;
  /** Approved payments of a commune on a day (Casablanca date), by quittance number. */
  paymentsOn(communeId: string, date: string): Promise<Payment[]>;
  /** Card payments a beneficiary's merchant account took on a day (Casablanca date), by order id. */
  ledger(beneficiary: string, date: string): Promise<LedgerEntry[]>;
  settlement(beneficiary: string, date: string): Promise<SettlementReport | undefined>;
  /**
   * Stores a day's report unless that day is closed (returns the closed one) or the same file was
   * already imported (returns the stored one, unchanged).
   */
  putSettlement(report: SettlementReport): Promise<{ stored: boolean; report: SettlementReport }>;
  /** A security event: a callback that failed its checks (kept for audit, never its secrets). */
  securityEvent(event: { type: string; orderId?: string; reason: string; at: string }): Promise<void>;
}

/** What one card payment put on a merchant account's day, written with the payment. */
export interface LedgerEntry {
  orderId: string;
  amountCentimes: number;
  authCode?: string;
  applicationId: string;
  receiptNumber: string;
}

/** A merchant account at the bank: its client id and store key (secrets; never logged, never returned). */
export interface MerchantAccount {
  clientId: string;
  storeKey: string;
}

/** The gateway's store keys, from the secret store; never logged, never returned. */
export interface SecretProvider {
  /** The commune treasury's store key (the stage's merchant account). */
  storeKey(): Promise<string>;
  /** The merchant account of a beneficiary (the treasury's included); unknown: throws. */
  merchant(beneficiary: string): Promise<MerchantAccount>;
  /** Only the merchant id of a beneficiary's account (the settlement import needs no store key). */
  clientId(beneficiary: string): Promise<string>;
}

/** Where the acquirer drops its settlement files (a bucket): `incoming/<BENEFICIARY>/<name>.csv`. */
export interface SettlementInbox {
  pending(): Promise<{ key: string; beneficiary: string }[]>;
  read(key: string): Promise<string>;
  /** Moves a handled file out of the inbox. */
  archive(key: string, outcome: 'processed' | 'rejected'): Promise<void>;
}

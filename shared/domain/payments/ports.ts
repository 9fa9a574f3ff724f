import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { Payment, PaymentOrder } from './payment.ts';
import type { CommuneTariff, LegalRanges } from './tariffs.ts';

export interface TariffRepository {
  /** Every tariff of the commune, history included. */
  history(communeId: string): Promise<CommuneTariff[]>;
  put(tariff: CommuneTariff, actor: string, at: string): Promise<void>;
  legalRanges(): Promise<LegalRanges | undefined>;
  putLegalRanges(ranges: LegalRanges, actor: string, at: string): Promise<void>;
}

export interface PaymentRepository {
  order(applicationId: string): Promise<PaymentOrder | undefined>;
  createAttempt(payment: Payment): Promise<void>;
  attempt(orderId: string): Promise<Payment | undefined>;
  /** Marks a pending attempt declined (no-op if it is no longer pending). */
  decline(payment: Payment, at: string): Promise<void>;
  /**
   * Records an approved payment atomically: attempt APPROVED (only once), the order's lines paid,
   * the application PAID when nothing is due, a gapless quittance number of the commune and year,
   * and the event. Returns the recorded payment, or `already-paid` when the order was paid by
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
  /** A security event: a callback that failed its checks (kept for audit, never its secrets). */
  securityEvent(event: { type: string; orderId?: string; reason: string; at: string }): Promise<void>;
}

/** The gateway's store key, from the secret store; never logged, never returned. */
export interface SecretProvider {
  storeKey(): Promise<string>;
}

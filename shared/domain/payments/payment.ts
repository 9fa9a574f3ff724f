import * as z from 'zod';

/** What an approved application owes: its fee lines, each for a beneficiary, and what is still due. */
export const PaymentOrderLine = z.object({
  code: z.string(),
  label: z.string(),
  labelAr: z.string(),
  legalBasis: z.string(),
  beneficiary: z.string(),
  amountCentimes: z.number().int().nonnegative(),
  mandatory: z.boolean(),
  exempted: z.string().optional(),
  /** `counter` while the beneficiary's online payment is not switched on (absent: online). */
  collection: z.enum(['online', 'counter']).optional(),
  /** The gateway order that paid this line. */
  paidBy: z.string().optional(),
});
export type PaymentOrderLine = z.infer<typeof PaymentOrderLine>;

export const PaymentOrder = z.object({
  applicationId: z.string(),
  communeId: z.string(),
  stage: z.enum(['authorisation', 'conformity']),
  tariffEffectiveFrom: z.iso.date(),
  lines: z.array(PaymentOrderLine),
  totalCentimes: z.number().int().nonnegative(),
  dueCentimes: z.number().int().nonnegative(),
  status: z.enum(['PAYABLE', 'PAID']),
  createdAt: z.iso.datetime(),
  paidAt: z.iso.datetime().optional(),
});
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const PAYMENT_STATUSES = ['PENDING', 'APPROVED', 'DECLINED'] as const;

/** One attempt to pay through the card gateway, identified by the unique order id sent to the bank. */
export const Payment = z.object({
  orderId: z.string(),
  applicationId: z.string(),
  communeId: z.string(),
  /** Whose merchant account is paid (absent: the commune treasury, for attempts made before #16). */
  beneficiary: z.string().optional(),
  /** Which order of the file it pays (absent: the authorisation order). */
  stage: z.enum(['authorisation', 'conformity']).optional(),
  /** `counter`: recorded by the beneficiary's treasurer from its counter receipt, no gateway. */
  channel: z.enum(['card', 'counter']).optional(),
  amountCentimes: z.number().int().positive(),
  currency: z.literal('504'),
  lineCodes: z.array(z.string()),
  status: z.enum(PAYMENT_STATUSES),
  payer: z.string(),
  language: z.enum(['fr', 'ar']),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().optional(),
  receiptNumber: z.string().optional(),
  /** Casablanca date of the payment (reconciliation day). */
  paidOn: z.iso.date().optional(),
  gateway: z
    .object({
      transactionId: z.string().optional(),
      authCode: z.string().optional(),
      procReturnCode: z.string().optional(),
      maskedPan: z.string().optional(),
    })
    .optional(),
});
export type Payment = z.infer<typeof Payment>;

/** Quittance: commune + year + Q + gapless sequence, e.g. CAS-CASABLANCA/2026/Q00042. */
export const formatQuittanceNumber = (communeId: string, year: number, sequence: number) =>
  `${communeId.toUpperCase()}/${year}/Q${String(sequence).padStart(5, '0')}`;

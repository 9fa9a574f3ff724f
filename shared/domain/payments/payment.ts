import * as z from 'zod/mini';

/** What an approved application owes: its fee lines, each for a beneficiary, and what is still due. */
export const PaymentOrderLine = /* @__PURE__ */ (() =>
  z.object({
    code: z.string(),
    label: z.string(),
    labelAr: z.string(),
    legalBasis: z.string(),
    beneficiary: z.string(),
    amountCentimes: z.number().check(z.int(), z.nonnegative()),
    mandatory: z.boolean(),
    exempted: z.optional(z.string()),
    /** `counter` while the beneficiary's online payment is not switched on (absent: online). */
    collection: z.optional(z.enum(['online', 'counter'])),
    /** The gateway order that paid this line. */
    paidBy: z.optional(z.string()),
  }))();
export type PaymentOrderLine = z.infer<typeof PaymentOrderLine>;

export const PaymentOrder = /* @__PURE__ */ (() =>
  z.object({
    applicationId: z.string(),
    communeId: z.string(),
    stage: z.enum(['authorisation', 'conformity']),
    tariffEffectiveFrom: z.iso.date(),
    lines: z.array(PaymentOrderLine),
    totalCentimes: z.number().check(z.int(), z.nonnegative()),
    dueCentimes: z.number().check(z.int(), z.nonnegative()),
    status: z.enum(['PAYABLE', 'PAID']),
    createdAt: z.iso.datetime(),
    paidAt: z.optional(z.iso.datetime()),
  }))();
export type PaymentOrder = z.infer<typeof PaymentOrder>;

export const PAYMENT_STATUSES = ['PENDING', 'APPROVED', 'DECLINED'] as const;

/** One attempt to pay through the card gateway, identified by the unique order id sent to the bank. */
export const Payment = /* @__PURE__ */ (() =>
  z.object({
    orderId: z.string(),
    applicationId: z.string(),
    communeId: z.string(),
    /** Whose merchant account is paid (absent: the commune treasury, for attempts made before #16). */
    beneficiary: z.optional(z.string()),
    /** Which order of the file it pays (absent: the authorisation order). */
    stage: z.optional(z.enum(['authorisation', 'conformity'])),
    /** `counter`: recorded by the beneficiary's treasurer from its counter receipt, no gateway. */
    channel: z.optional(z.enum(['card', 'counter'])),
    amountCentimes: z.number().check(z.int(), z.positive()),
    currency: z.literal('504'),
    lineCodes: z.array(z.string()),
    status: z.enum(PAYMENT_STATUSES),
    payer: z.string(),
    language: z.enum(['fr', 'ar']),
    createdAt: z.iso.datetime(),
    decidedAt: z.optional(z.iso.datetime()),
    receiptNumber: z.optional(z.string()),
    /** Casablanca date of the payment (reconciliation day). */
    paidOn: z.optional(z.iso.date()),
    gateway: z.optional(
      z.object({
        transactionId: z.optional(z.string()),
        authCode: z.optional(z.string()),
        procReturnCode: z.optional(z.string()),
        maskedPan: z.optional(z.string()),
      }),
    ),
  }))();
export type Payment = z.infer<typeof Payment>;

/** Quittance: commune + year + Q + gapless sequence, e.g. CAS-CASABLANCA/2026/Q00042. */
export const formatQuittanceNumber = (communeId: string, year: number, sequence: number) =>
  `${communeId.toUpperCase()}/${year}/Q${String(sequence).padStart(5, '0')}`;

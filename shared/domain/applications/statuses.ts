/**
 * The statuses of an application, in the order of its life. Kept free of any library so the web
 * portal imports this same list (its filters) without bundling the domain's schemas.
 */
export const APPLICATION_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'RETURNED_FOR_COMPLETION',
  'IN_COMMISSION',
  'READY_FOR_DECISION',
  /** Approved; the communal fees of its payment order are due before the permit is signed. */
  'AWAITING_PAYMENT',
  'PAID',
  'REJECTED',
  'TACITLY_APPROVED',
  'WITHDRAWN',
  /** Paid, signed by the commune's signatory with their KMS key: the permit exists and can be verified. */
  'ISSUED',
] as const;

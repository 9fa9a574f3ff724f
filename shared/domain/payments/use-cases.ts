import { randomBytes } from 'node:crypto';
import { assertCanRead } from '../applications/access.ts';
import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { transition } from '../applications/state-machine.ts';
import { fieldError } from '../checks.ts';
import { csvLine } from '../csv.ts';
import { DomainError } from '../errors.ts';
import { assertRole, hasRole, type Principal } from '../identity/principal.ts';
import { casablancaDate } from '../procedures/rules.ts';
import type { ProcedureCode, ProjectData } from '../procedures/schema.ts';
import { cmiHash, formatAmount, verifyCmiHash } from './cmi.ts';
import { computeFees, totalCentimes } from './fees.ts';
import { formatQuittanceNumber, type Payment, type PaymentOrder } from './payment.ts';
import type { PaymentRepository, SecretProvider, TariffRepository } from './ports.ts';
import {
  type CommuneTariff,
  LEGAL_RANGES,
  type LegalRanges,
  tariffInForce,
  validateTariff,
} from './tariffs.ts';

const noTariff = (communeId: string, date: string) =>
  new DomainError({
    type: 'no-tariff',
    kind: 'unprocessable',
    title: 'No tariff in force',
    detail: `Commune ${communeId} has no tariff in force on ${date}; its treasurer must set one (PUT /communes/${communeId}/tariffs/{effectiveFrom}).`,
  });

/** The tariff of a commune in force on a date (history kept; the latest effective on that date). */
export async function tariffOn(
  tariffs: TariffRepository,
  communeId: string,
  date: string,
): Promise<CommuneTariff> {
  const tariff = tariffInForce(await tariffs.history(communeId), date);
  if (!tariff) throw noTariff(communeId, date);
  return tariff;
}

/** Public simulation of the fees before filing, with the tariff in force on the date given (today by default). */
export async function estimateFees(
  tariffs: TariffRepository,
  input: { communeId: string; procedureCode: ProcedureCode; project: ProjectData; onDate?: string },
  now: Date,
) {
  const date = input.onDate ?? casablancaDate(now);
  const tariff = await tariffOn(tariffs, input.communeId, date);
  const lines = computeFees(input.procedureCode, input.project, tariff);
  return {
    communeId: input.communeId,
    onDate: date,
    tariffEffectiveFrom: tariff.effectiveFrom,
    lines,
    totalCentimes: totalCentimes(lines),
  };
}

/** The payment order of an approved application, from the tariff in force on the decision date. */
export function buildPaymentOrder(app: Application, tariff: CommuneTariff, at: string): PaymentOrder {
  const lines = computeFees(app.procedureCode, app.project, tariff).map((line) => ({
    code: line.code,
    label: line.label,
    labelAr: line.labelAr,
    legalBasis: line.legalBasis,
    beneficiary: line.beneficiary,
    amountCentimes: line.amountCentimes,
    mandatory: line.mandatory,
    ...(line.exempted ? { exempted: line.exempted } : {}),
  }));
  const total = lines.reduce((sum, l) => sum + l.amountCentimes, 0);
  const due = lines.filter((l) => l.mandatory).reduce((sum, l) => sum + l.amountCentimes, 0);
  return {
    applicationId: app.id,
    communeId: app.communeId,
    stage: 'authorisation',
    tariffEffectiveFrom: tariff.effectiveFrom,
    lines,
    totalCentimes: total,
    dueCentimes: due,
    status: due > 0 ? 'PAYABLE' : 'PAID',
    createdAt: at,
    ...(due > 0 ? {} : { paidAt: at }),
  };
}

/** A commune's treasurer (or the ministry) sets a rate schedule; a rate outside the legal range is a 400 naming the range. */
export async function setTariff(
  deps: { tariffs: TariffRepository },
  principal: Principal,
  tariff: CommuneTariff,
  now: Date,
): Promise<CommuneTariff> {
  const ownTreasurer =
    hasRole(principal, 'commune_treasurer') && principal.scope.communeId === tariff.communeId;
  if (!ownTreasurer && !hasRole(principal, 'ministry_admin')) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Forbidden',
      detail: `Only the treasurer of commune ${tariff.communeId} (or the ministry) can set its rates.`,
    });
  }
  const problems = validateTariff(tariff, (await deps.tariffs.legalRanges()) ?? LEGAL_RANGES);
  if (problems.length > 0) {
    throw new DomainError({
      type: 'tariff-out-of-range',
      kind: 'invalid',
      title: 'Rate outside the legal range',
      detail: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      details: {
        errors: problems.map((p) => ({
          ...fieldError(`body.${p.path}`, 'tariff_out_of_range', p.params),
          message: p.message,
        })),
      },
    });
  }
  await deps.tariffs.put(tariff, principal.username, now.toISOString());
  return tariff;
}

export async function setLegalRanges(
  deps: { tariffs: TariffRepository },
  principal: Principal,
  ranges: LegalRanges,
  now: Date,
) {
  assertRole(principal, 'ministry_admin');
  await deps.tariffs.putLegalRanges(ranges, principal.username, now.toISOString());
  return ranges;
}

export interface GatewayConfig {
  clientId: string;
  gatewayUrl: string;
  /** The API's public base URL: okUrl, failUrl and callbackUrl live under it. */
  apiUrl: string;
}

/** Unique order id sent to the bank (letters and digits, ≤ 64 characters). */
const newOrderId = (now: Date) =>
  `RK${casablancaDate(now).replaceAll('-', '')}${randomBytes(6).toString('hex').toUpperCase()}`;

/**
 * Starts a card payment of what the order still owes: records the attempt and returns the form the
 * browser posts to the bank (CMI 3D_PAY_HOSTING, ver3 hash). The professional who filed the file and
 * the applicants who follow it may pay.
 */
export async function startPayment(
  deps: {
    applications: ApplicationRepository;
    payments: PaymentRepository;
    secrets: SecretProvider;
    gateway: GatewayConfig;
  },
  principal: Principal,
  applicationId: string,
  language: 'fr' | 'ar',
  now: Date,
) {
  const app = assertCanRead(principal, await deps.applications.get(applicationId), applicationId);
  const payer =
    (hasRole(principal, 'professional', 'business') && app.professionalId === principal.username) ||
    (hasRole(principal, 'applicant') && app.followers.includes(principal.username));
  if (!payer) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Forbidden',
      detail: 'Only the professional or the applicant of this file can pay it.',
    });
  }
  transition(app.status, 'PAY');
  const order = await deps.payments.order(app.id);
  const unpaid = (order?.lines ?? []).filter((l) => l.mandatory && !l.paidBy && l.amountCentimes > 0);
  if (!order || order.status === 'PAID' || unpaid.length === 0) {
    throw new DomainError({
      type: 'already-paid',
      kind: 'conflict',
      title: 'Nothing to pay',
      detail: 'This payment order is already paid.',
    });
  }
  const amount = unpaid.reduce((sum, l) => sum + l.amountCentimes, 0);
  const orderId = newOrderId(now);
  const payment: Payment = {
    orderId,
    applicationId: app.id,
    communeId: app.communeId,
    amountCentimes: amount,
    currency: '504',
    lineCodes: unpaid.map((l) => l.code),
    status: 'PENDING',
    payer: principal.username,
    language,
    createdAt: now.toISOString(),
  };
  await deps.payments.createAttempt(payment);
  const base = deps.gateway.apiUrl;
  const fields: Record<string, string> = {
    clientid: deps.gateway.clientId,
    oid: orderId,
    amount: formatAmount(amount),
    currency: '504',
    okUrl: `${base}/payments/${orderId}/return`,
    failUrl: `${base}/payments/${orderId}/return`,
    callbackUrl: `${base}/payments/callback`,
    shopurl: `${base}/applications/${app.id}`,
    TranType: 'PreAuth',
    rnd: randomBytes(12).toString('hex'),
    storetype: '3D_PAY_HOSTING',
    hashAlgorithm: 'ver3',
    lang: language,
    refreshtime: '5',
    encoding: 'UTF-8',
  };
  fields.hash = cmiHash(fields, await deps.secrets.storeKey());
  return {
    orderId,
    amountCentimes: amount,
    gatewayUrl: deps.gateway.gatewayUrl,
    method: 'POST' as const,
    fields,
  };
}

export type CallbackAnswer = 'ACTION=POSTAUTH' | 'APPROVED' | 'FAILURE';

/**
 * The bank's server-to-server callback. The hash is recomputed in constant time; order id, amount
 * and currency must match what is owed. A mismatch is a security event that changes nothing. An
 * approval is recorded once (duplicates and concurrent retries answer the same); a decline leaves
 * the order payable.
 */
export async function handleGatewayCallback(
  deps: { payments: PaymentRepository; secrets: SecretProvider },
  params: Record<string, string>,
  now: Date,
): Promise<{ answer: CallbackAnswer; outcome: string; payment?: Payment }> {
  const at = now.toISOString();
  const refuse = async (reason: string, orderId?: string) => {
    await deps.payments.securityEvent({
      type: 'GATEWAY_CALLBACK_REJECTED',
      ...(orderId ? { orderId } : {}),
      reason,
      at,
    });
    return { answer: 'FAILURE' as const, outcome: `rejected: ${reason}` };
  };
  if (!verifyCmiHash(params, await deps.secrets.storeKey())) return refuse('hash mismatch', params.oid);
  const payment = params.oid ? await deps.payments.attempt(params.oid) : undefined;
  if (!payment) return refuse('unknown order id', params.oid);
  if (params.amount !== formatAmount(payment.amountCentimes))
    return refuse('amount mismatch', payment.orderId);
  if (params.currency !== payment.currency) return refuse('currency mismatch', payment.orderId);

  const approved = params.ProcReturnCode === '00' && (params.Response ?? 'Approved') === 'Approved';
  if (!approved) {
    if (payment.status === 'PENDING') await deps.payments.decline(payment, at);
    return { answer: 'APPROVED', outcome: 'declined', payment };
  }
  if (payment.status === 'APPROVED') return { answer: 'ACTION=POSTAUTH', outcome: 'duplicate', payment };
  const paidOn = casablancaDate(now);
  const year = Number(paidOn.slice(0, 4));
  const gateway = {
    ...(params.TransId ? { transactionId: params.TransId } : {}),
    ...(params.AuthCode ? { authCode: params.AuthCode } : {}),
    ...(params.ProcReturnCode ? { procReturnCode: params.ProcReturnCode } : {}),
    ...(params.maskedCreditCard ? { maskedPan: params.maskedCreditCard } : {}),
  };
  const recorded = await deps.payments.recordApproved({
    payment,
    gateway,
    at,
    paidOn,
    build: (sequence, order, app) => {
      const receiptNumber = formatQuittanceNumber(payment.communeId, year, sequence);
      const lines = order.lines.map((l) =>
        payment.lineCodes.includes(l.code) ? { ...l, paidBy: payment.orderId } : l,
      );
      const due = lines.filter((l) => l.mandatory && !l.paidBy).reduce((sum, l) => sum + l.amountCentimes, 0);
      const paid = due === 0;
      const nextOrder: PaymentOrder = {
        ...order,
        lines,
        dueCentimes: due,
        status: paid ? 'PAID' : 'PAYABLE',
        ...(paid ? { paidAt: at } : {}),
      };
      // Read outside the transaction: if another delivery already moved the file on, keep its status;
      // the transaction's conditions then fail and the repository sees the recorded payment.
      const to =
        paid && app.status === 'AWAITING_PAYMENT'
          ? (transition(app.status, 'PAY') ?? app.status)
          : app.status;
      const nextApp: Application = { ...app, status: to, version: app.version + 1, updatedAt: at };
      const event: ApplicationEvent = {
        applicationId: app.id,
        type: 'PAYMENT_RECEIVED',
        at,
        actor: 'gateway',
        role: 'system',
        from: app.status,
        to,
        details: {
          orderId: payment.orderId,
          receiptNumber,
          amountCentimes: payment.amountCentimes,
          transactionId: gateway.transactionId,
        },
      };
      return {
        payment: { ...payment, status: 'APPROVED', decidedAt: at, receiptNumber, paidOn, gateway },
        order: nextOrder,
        app: nextApp,
        event,
      };
    },
  });
  if (recorded === 'already-recorded') return { answer: 'ACTION=POSTAUTH', outcome: 'duplicate' };
  if (recorded === 'already-paid') {
    // Another attempt paid the order meanwhile: do not capture this one (the pre-authorisation lapses).
    return refuse('order already paid by another attempt', payment.orderId);
  }
  return { answer: 'ACTION=POSTAUTH', outcome: 'approved', payment: recorded };
}

/** The treasury's daily reconciliation: payments of the day, totals per beneficiary, gateway references. */
export async function reconciliation(
  deps: { payments: PaymentRepository; applications: ApplicationRepository },
  principal: Principal,
  communeId: string,
  date: string,
) {
  const allowed =
    hasRole(principal, 'ministry_admin') ||
    (hasRole(principal, 'commune_treasurer') && principal.scope.communeId === communeId);
  if (!allowed) {
    throw new DomainError({
      type: 'forbidden',
      kind: 'forbidden',
      title: 'Forbidden',
      detail: `Only the treasurer of ${communeId} (or the ministry) sees its payments.`,
    });
  }
  const payments = await deps.payments.paymentsOn(communeId, date);
  const rows = [];
  const byBeneficiary = new Map<string, number>();
  for (const payment of payments) {
    const order = await deps.payments.order(payment.applicationId);
    const lines = (order?.lines ?? []).filter((l) => l.paidBy === payment.orderId);
    for (const line of lines) {
      byBeneficiary.set(line.beneficiary, (byBeneficiary.get(line.beneficiary) ?? 0) + line.amountCentimes);
      rows.push({
        receiptNumber: payment.receiptNumber ?? '',
        paidAt: payment.decidedAt ?? '',
        applicationId: payment.applicationId,
        orderId: payment.orderId,
        transactionId: payment.gateway?.transactionId ?? '',
        authCode: payment.gateway?.authCode ?? '',
        lineCode: line.code,
        beneficiary: line.beneficiary,
        amountCentimes: line.amountCentimes,
      });
    }
  }
  return {
    communeId,
    date,
    payments: payments.length,
    rows,
    totals: {
      totalCentimes: rows.reduce((sum, r) => sum + r.amountCentimes, 0),
      byBeneficiary: Object.fromEntries(byBeneficiary),
    },
  };
}

/** CSV (RFC 4180, `;`-free commas, amounts in MAD with 2 decimals) of a reconciliation. */
export function reconciliationCsv(report: Awaited<ReturnType<typeof reconciliation>>): string {
  const header =
    'receiptNumber,paidAt,applicationId,orderId,transactionId,authCode,lineCode,beneficiary,amountMad';
  // The gateway's fields (transaction id, auth code) come from outside: every cell goes through csvCell.
  const lines = report.rows.map((r) =>
    csvLine([
      r.receiptNumber,
      r.paidAt,
      r.applicationId,
      r.orderId,
      r.transactionId,
      r.authCode,
      r.lineCode,
      r.beneficiary,
      formatAmount(r.amountCentimes),
    ]),
  );
  const totals = Object.entries(report.totals.byBeneficiary).map(([b, c]) =>
    csvLine(['TOTAL', '', '', '', '', '', '', b, formatAmount(c)]),
  );
  return `${[header, ...lines, ...totals, `TOTAL,,,,,,,ALL,${formatAmount(report.totals.totalCentimes)}`].join('\r\n')}\r\n`;
}

import { randomBytes } from 'node:crypto';
import { assertCanRead } from '../applications/access.ts';
import type { Application, ApplicationEvent } from '../applications/application.ts';
import type { ApplicationRepository } from '../applications/ports.ts';
import { transition } from '../applications/state-machine.ts';
import { fieldError } from '../checks.ts';
import { csvLine } from '../csv.ts';
import { DomainError } from '../errors.ts';
import { assertRole, hasRole, type Principal } from '../identity/principal.ts';
import { mapLimited } from '../map-limited.ts';
import { casablancaDate } from '../procedures/rules.ts';
import type { ProcedureCode, ProjectData } from '../procedures/schema.ts';
import {
  type Beneficiary,
  beneficiaryLines,
  formatBeneficiaryQuittance,
  TREASURY,
  validateBeneficiary,
} from './beneficiaries.ts';
import { cmiHash, formatAmount, verifyCmiHash } from './cmi.ts';
import { computeFees, type FeeStage, totalCentimes } from './fees.ts';
import { formatQuittanceNumber, type Payment, type PaymentOrder, type PaymentOrderLine } from './payment.ts';
import type {
  MerchantAccount,
  PaymentRepository,
  SecretProvider,
  SettlementInbox,
  TariffRepository,
} from './ports.ts';
import { parseSettlementFile, reconcile, type SettlementReport, sha256 } from './settlement.ts';
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

/**
 * The payment order of an approved application, from the tariff in force on the decision date:
 * the treasury's lines, then those of the other beneficiaries (`others`, from beneficiaryLines).
 */
export function buildPaymentOrder(
  app: Application,
  tariff: CommuneTariff,
  at: string,
  others: readonly PaymentOrderLine[] = [],
  stage: FeeStage = 'authorisation',
): PaymentOrder {
  const treasury = computeFees(app.procedureCode, app.project, tariff, { stage }).map((line) => ({
    code: line.code,
    label: line.label,
    labelAr: line.labelAr,
    legalBasis: line.legalBasis,
    beneficiary: line.beneficiary,
    amountCentimes: line.amountCentimes,
    mandatory: line.mandatory,
    ...(line.exempted ? { exempted: line.exempted } : {}),
  }));
  const lines: PaymentOrderLine[] = [...treasury, ...others];
  const total = lines.reduce((sum, l) => sum + l.amountCentimes, 0);
  const due = lines.filter((l) => l.mandatory).reduce((sum, l) => sum + l.amountCentimes, 0);
  return {
    applicationId: app.id,
    communeId: app.communeId,
    stage,
    tariffEffectiveFrom: tariff.effectiveFrom,
    lines,
    totalCentimes: total,
    dueCentimes: due,
    status: due > 0 ? 'PAYABLE' : 'PAID',
    createdAt: at,
    ...(due > 0 ? {} : { paidAt: at }),
  };
}

/**
 * Opens the payment order of a file that is approved (explicitly or tacitly) on `now`: the tariff
 * in force that day and every beneficiary's schedule in force that day.
 */
export async function openPaymentOrder(
  deps: { tariffs: TariffRepository },
  app: Application,
  now: Date,
): Promise<PaymentOrder> {
  const day = casablancaDate(now);
  const tariff = await tariffOn(deps.tariffs, app.communeId, day);
  const others = beneficiaryLines(app, await deps.tariffs.beneficiaries(), day);
  return buildPaymentOrder(app, tariff, now.toISOString(), others);
}

/**
 * Nothing uncollected: when the conformity certificate of a lotissement (or housing group) is
 * requested, the balance of its lotissement tax is billed on the permit's file as its `conformity`
 * order, computed with the very tariff its authorisation order used, so that the share billed then
 * and this balance add up to the whole tax (fees.ts `lotissementTax`). Idempotent: a second request
 * returns the order already opened. Called by the conformity request (review capability, #18).
 */
export async function billConformityBalance(
  deps: { applications: ApplicationRepository; payments: PaymentRepository; tariffs: TariffRepository },
  permitApplicationId: string,
  now: Date,
): Promise<PaymentOrder | undefined> {
  const permit = await deps.applications.get(permitApplicationId);
  if (!permit || (permit.procedureCode !== 'LOTISSEMENT' && permit.procedureCode !== 'HOUSING_GROUP'))
    return undefined;
  const existing = await deps.payments.order(permit.id, 'conformity');
  if (existing) return existing;
  const authorisation = await deps.payments.order(permit.id, 'authorisation');
  const history = await deps.tariffs.history(permit.communeId);
  const tariff =
    (authorisation && history.find((t) => t.effectiveFrom === authorisation.tariffEffectiveFrom)) ??
    (await tariffOn(deps.tariffs, permit.communeId, casablancaDate(now)));
  const order = buildPaymentOrder(permit, tariff, now.toISOString(), [], 'conformity');
  if (order.lines.length === 0) return undefined;
  if (await deps.payments.createOrder(order)) return order;
  return deps.payments.order(permit.id, 'conformity');
}

/** The ministry registers or updates a beneficiary; a fee above the cap of its legal basis is a 400. */
export async function setBeneficiary(
  deps: { tariffs: TariffRepository },
  principal: Principal,
  beneficiary: Beneficiary,
  now: Date,
): Promise<Beneficiary> {
  assertRole(principal, 'ministry_admin');
  const problems = validateBeneficiary(beneficiary);
  if (problems.length > 0) {
    throw new DomainError({
      type: 'tariff-out-of-range',
      kind: 'invalid',
      title: 'Fee outside the legal cap',
      detail: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      details: {
        errors: problems.map((p) => ({
          ...fieldError(`body.${p.path}`, 'tariff_out_of_range', {}),
          message: p.message,
        })),
      },
    });
  }
  await deps.tariffs.putBeneficiary(beneficiary, principal.username, now.toISOString());
  return beneficiary;
}

/**
 * The treasurer of a beneficiary: `agency_treasurer` whose agencyId is its id. The treasury's
 * merchant account is national (one for every commune): its settlement is the ministry's (or the
 * scheduled import's); a `commune_treasurer` reads its own commune's payments (reconciliation).
 */
export function isTreasurerOf(principal: Principal, beneficiary: string): boolean {
  if (hasRole(principal, 'ministry_admin')) return true;
  if (beneficiary === TREASURY) return false;
  return hasRole(principal, 'agency_treasurer') && principal.scope.agencyId === beneficiary;
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
  beneficiary?: string,
  stage: PaymentOrder['stage'] = 'authorisation',
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
  // A tacit approval stays TACITLY_APPROVED (final) while its order is paid; otherwise the file must await payment.
  // The conformity balance is paid after the permit, whatever the file's status since.
  if (stage === 'authorisation' && app.status !== 'TACITLY_APPROVED') transition(app.status, 'PAY');
  const order = await deps.payments.order(app.id, stage);
  const due = (order?.lines ?? []).filter((l) => l.mandatory && !l.paidBy && l.amountCentimes > 0);
  const payee = beneficiary ?? (due.find((l) => l.collection !== 'counter') ?? due[0])?.beneficiary;
  const mine = due.filter((l) => l.beneficiary === payee);
  if (!order || order.status === 'PAID' || mine.length === 0) {
    throw new DomainError({
      type: 'already-paid',
      kind: 'conflict',
      title: 'Nothing to pay',
      detail: beneficiary
        ? `Nothing is due to ${beneficiary} on this payment order.`
        : 'This payment order is already paid.',
    });
  }
  // One checkout per beneficiary: its lines, through its own merchant account.
  const unpaid = mine.filter((l) => l.collection !== 'counter');
  if (unpaid.length === 0) {
    throw new DomainError({
      type: 'pay-at-counter',
      kind: 'conflict',
      title: 'To pay at the counter',
      detail: `${payee} does not take online payments yet: its lines are paid at its counter.`,
      details: { beneficiary: payee },
    });
  }
  const payeeId = payee ?? TREASURY;
  const merchant = await deps.secrets.merchant(payeeId);
  const amount = unpaid.reduce((sum, l) => sum + l.amountCentimes, 0);
  const orderId = newOrderId(now);
  const payment: Payment = {
    orderId,
    applicationId: app.id,
    communeId: app.communeId,
    beneficiary: payeeId,
    channel: 'card',
    ...(stage === 'conformity' ? { stage } : {}),
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
    clientid: merchant.clientId,
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
  fields.hash = cmiHash(fields, merchant.storeKey);
  return {
    orderId,
    beneficiary: payeeId,
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
  // The order names the merchant account whose store key signs the callback; an unknown order is
  // checked with the treasury's key so a forged one is still reported as a hash mismatch.
  const payment = params.oid ? await deps.payments.attempt(params.oid) : undefined;
  let merchant: MerchantAccount;
  try {
    merchant = await deps.secrets.merchant(payment?.beneficiary ?? TREASURY);
  } catch {
    return refuse('unknown merchant account', payment?.orderId);
  }
  if (!verifyCmiHash(params, merchant.storeKey)) return refuse('hash mismatch', params.oid);
  if (!payment) return refuse('unknown order id', params.oid);
  if (params.clientid !== undefined && params.clientid !== merchant.clientId)
    return refuse('merchant mismatch', payment.orderId);
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
      const receiptNumber =
        (payment.beneficiary ?? TREASURY) === TREASURY
          ? formatQuittanceNumber(payment.communeId, year, sequence)
          : formatBeneficiaryQuittance(payment.beneficiary as string, year, sequence);
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
          beneficiary: payment.beneficiary ?? TREASURY,
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
  /** The Moroccan day to report; none: today, by the server's clock and tz data. */
  onDate: string | undefined,
  now: Date,
) {
  const date = onDate ?? casablancaDate(now);
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
  // A busy commune's deadline day has hundreds of payments: read their orders a few at a time.
  const orders = await mapLimited(payments, 16, (payment) => deps.payments.order(payment.applicationId));
  const rows = [];
  const byBeneficiary = new Map<string, number>();
  for (const [i, payment] of payments.entries()) {
    const order = orders[i];
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

const forbiddenSettlement = (beneficiary: string) =>
  new DomainError({
    type: 'forbidden',
    kind: 'forbidden',
    title: 'Forbidden',
    detail: `Only the treasurer of ${beneficiary} (or the ministry) reconciles its merchant account.`,
  });

/**
 * Imports the acquirer's settlement file of one merchant account and day (settlement.ts), matches it
 * with the card payments recorded for it, and stores the day's report (CLOSED when nothing differs).
 * The same file again changes nothing; a closed day is never reopened by another file.
 */
export async function importSettlement(
  deps: { payments: PaymentRepository; secrets: Pick<SecretProvider, 'clientId'> },
  principal: Principal | 'scheduled-job',
  beneficiary: string,
  text: string,
  now: Date,
): Promise<{ report: SettlementReport; changed: boolean }> {
  if (principal !== 'scheduled-job' && !isTreasurerOf(principal, beneficiary))
    throw forbiddenSettlement(beneficiary);
  const file = parseSettlementFile(text);
  if (file.merchantId !== (await deps.secrets.clientId(beneficiary))) {
    throw new DomainError({
      type: 'settlement-file-invalid',
      kind: 'invalid',
      title: 'Settlement file refused',
      detail: `This file is the settlement of merchant ${file.merchantId.slice(0, 15)}, not of ${beneficiary}'s account.`,
      details: { reason: `merchant ${file.merchantId.slice(0, 15)} is not ${beneficiary}'s account` },
    });
  }
  const fileSha256 = sha256(text);
  const stored = await deps.payments.settlement(beneficiary, file.date);
  if (stored && stored.fileSha256 === fileSha256) return { report: stored, changed: false };
  if (stored?.status === 'CLOSED') {
    throw new DomainError({
      type: 'settlement-day-closed',
      kind: 'conflict',
      title: 'Day already closed',
      detail: `${beneficiary}'s settlement of ${file.date} matched and was closed on ${stored.importedAt}; another file for that day is refused.`,
      details: { beneficiary, date: file.date },
    });
  }
  const ours = await deps.payments.ledger(beneficiary, file.date);
  const discrepancies = reconcile(file.rows, ours);
  const settled = file.rows.filter((r) => ['SETTLED', 'ACCEPTED', 'CAPTURED'].includes(r.status));
  const report: SettlementReport = {
    beneficiary,
    date: file.date,
    merchantId: file.merchantId,
    fileSha256,
    importedAt: now.toISOString(),
    importedBy: principal === 'scheduled-job' ? 'scheduled-job' : principal.username,
    bankCount: settled.length,
    bankTotalCentimes: settled.reduce((sum, r) => sum + r.amountCentimes, 0),
    ourCount: ours.length,
    ourTotalCentimes: ours.reduce((sum, e) => sum + e.amountCentimes, 0),
    discrepancies,
    status: discrepancies.length === 0 ? 'CLOSED' : 'OPEN',
  };
  const result = await deps.payments.putSettlement(report);
  return { report: result.report, changed: result.stored };
}

/** The stored report of a merchant account's day, for its treasurer. */
export async function settlementReport(
  deps: { payments: PaymentRepository },
  principal: Principal,
  beneficiary: string,
  date: string,
): Promise<SettlementReport> {
  if (!isTreasurerOf(principal, beneficiary)) throw forbiddenSettlement(beneficiary);
  const report = await deps.payments.settlement(beneficiary, date);
  if (!report) {
    throw new DomainError({
      type: 'not-found',
      kind: 'not-found',
      title: 'No settlement imported',
      detail: `No settlement file of ${beneficiary} for ${date} has been imported.`,
    });
  }
  return report;
}

/**
 * The scheduled import: every file waiting in the inbox is reconciled as its beneficiary's treasurer
 * would upload it, then moved out (`rejected` when it cannot be read or belongs to a closed day with
 * other content). A file already imported changes nothing, so a rerun after a failure is harmless.
 */
export async function importPendingSettlements(
  deps: { payments: PaymentRepository; secrets: Pick<SecretProvider, 'clientId'>; inbox: SettlementInbox },
  now: Date,
) {
  const results: {
    key: string;
    outcome: 'processed' | 'rejected';
    status?: string;
    discrepancies?: number;
    reason?: string;
  }[] = [];
  for (const file of await deps.inbox.pending()) {
    try {
      const { report } = await importSettlement(
        deps,
        'scheduled-job',
        file.beneficiary,
        await deps.inbox.read(file.key),
        now,
      );
      await deps.inbox.archive(file.key, 'processed');
      results.push({
        key: file.key,
        outcome: 'processed',
        status: report.status,
        discrepancies: report.discrepancies.length,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await deps.inbox.archive(file.key, 'rejected');
      results.push({ key: file.key, outcome: 'rejected', reason: error.type });
    }
  }
  return results;
}

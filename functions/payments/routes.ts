import * as z from 'zod/mini';
import { CommuneId } from '#shared/domain/geo/geo.ts';
import { Beneficiary, BeneficiaryId } from '#shared/domain/payments/beneficiaries.ts';
import { PaymentOrder } from '#shared/domain/payments/payment.ts';
import { SettlementReport } from '#shared/domain/payments/settlement.ts';
import { CommuneTariff, LegalRanges } from '#shared/domain/payments/tariffs.ts';
import { ProcedureCode, ProjectData } from '#shared/domain/procedures/schema.ts';
import { defineRoute } from '#shared/http/route.ts';

const tags = ['Payment'];
const IsoDate = /* @__PURE__ */ (() => z.iso.date())();
const OrderId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^RK\d{8}[0-9A-F]{12}$/, 'an order id looks like RK20261129ABCDEF012345')))();
const FeeLines = /* @__PURE__ */ (() =>
  z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      labelAr: z.string(),
      legalBasis: z.string(),
      beneficiary: z.string(),
      quantity: z.number(),
      unit: z.string(),
      unitPriceCentimes: z.number(),
      amountCentimes: z.number(),
      mandatory: z.boolean(),
      exempted: z.optional(z.string()),
    }),
  ))();

export const getLegalRangesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getLegalRanges',
    method: 'GET',
    path: '/tariffs/legal-ranges',
    summary: 'The legal ranges of communal rates (law 47-06) in force',
    tags,
    access: 'public',
    entry: 'functions/payments/get-legal-ranges.ts',
    response: { status: 200, description: 'The ranges, in centimes or basis points', schema: LegalRanges },
    needs: { table: 'read' },
  }))();

export const putLegalRangesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'putLegalRanges',
    method: 'PUT',
    path: '/tariffs/legal-ranges',
    summary: 'Set the legal ranges (ministry administrators); earlier versions are kept',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/payments/put-legal-ranges.ts',
    request: { body: LegalRanges },
    response: { status: 200, description: 'The ranges now in force', schema: LegalRanges },
    idempotency: 'optional',
    needs: { table: 'write' },
  }))();

export const listTariffsRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listCommuneTariffs',
    method: 'GET',
    path: '/communes/{communeId}/tariffs',
    summary: "A commune's rate schedules, with their effective dates (history kept)",
    tags,
    access: 'public',
    entry: 'functions/payments/list-tariffs.ts',
    request: { params: z.object({ communeId: CommuneId }) },
    response: {
      status: 200,
      description: 'Every schedule, oldest first',
      schema: z.object({ tariffs: z.array(CommuneTariff) }),
    },
    needs: { table: 'read' },
  }))();

export const putTariffRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'putCommuneTariff',
    method: 'PUT',
    path: '/communes/{communeId}/tariffs/{effectiveFrom}',
    summary:
      "Set the commune's rates from a date (its treasurer); a rate outside the legal range is a 400 naming the range",
    tags,
    access: ['commune_treasurer', 'ministry_admin'],
    entry: 'functions/payments/put-tariff.ts',
    request: {
      params: z.object({ communeId: CommuneId, effectiveFrom: IsoDate }),
      body: z.omit(CommuneTariff, { communeId: true, effectiveFrom: true }),
    },
    response: { status: 200, description: 'The stored schedule', schema: CommuneTariff },
    idempotency: 'optional',
    needs: { table: 'write' },
  }))();

export const estimateFeesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'estimateFees',
    method: 'POST',
    path: '/fees/estimate',
    summary: 'Simulate the communal fees of a project before filing (public)',
    tags,
    access: 'public',
    entry: 'functions/payments/estimate-fees.ts',
    request: {
      body: z.object({
        communeId: CommuneId,
        procedureCode: ProcedureCode,
        project: ProjectData,
        onDate: z.optional(IsoDate),
      }),
    },
    response: {
      status: 200,
      description: 'Fee lines in integer centimes of MAD, each with its legal basis and beneficiary',
      schema: z.object({
        communeId: z.string(),
        onDate: z.string(),
        tariffEffectiveFrom: z.string(),
        lines: FeeLines,
        totalCentimes: z.number(),
      }),
    },
    problems: [422],
    needs: { table: 'read' },
  }))();

export const getPaymentOrderRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getPaymentOrder',
    method: 'GET',
    path: '/applications/{applicationId}/payment-order',
    summary: 'What an approved application owes: lines per beneficiary, paid or due',
    tags,
    access: 'signed-in',
    entry: 'functions/payments/get-payment-order.ts',
    request: {
      params: z.object({ applicationId: z.string().check(z.regex(/^app-[0-9a-f-]{36}$/)) }),
      query: z.object({ stage: z._default(z.enum(['authorisation', 'conformity']), 'authorisation') }),
    },
    response: { status: 200, description: 'The payment order', schema: PaymentOrder },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const startPaymentRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'startPayment',
    method: 'POST',
    path: '/payments',
    summary: 'Start a card payment of what the order owes: the form to post to the bank (CMI, ver3 hash)',
    tags,
    access: ['professional', 'business', 'applicant'],
    entry: 'functions/payments/start-payment.ts',
    request: {
      body: z.object({
        applicationId: z.string().check(z.regex(/^app-[0-9a-f-]{36}$/)),
        language: z._default(z.enum(['fr', 'ar']), 'fr'),
        /** Whose lines to pay (one checkout per beneficiary); default: the first with online lines due. */
        beneficiary: z.optional(z.string().check(z.maxLength(40))),
        /** `conformity`: the lotissement balance billed when the conformity certificate was requested. */
        stage: z._default(z.enum(['authorisation', 'conformity']), 'authorisation'),
      }),
    },
    response: {
      status: 201,
      description: 'POST `fields` as a form to `gatewayUrl` from the browser',
      schema: z.object({
        orderId: z.string(),
        beneficiary: z.string(),
        amountCentimes: z.number(),
        gatewayUrl: z.string(),
        method: z.literal('POST'),
        fields: z.record(z.string(), z.string()),
      }),
    },
    idempotency: 'optional',
    problems: [404, 409],
    needs: { table: 'write', gateway: true },
  }))();

export const gatewayCallbackRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'gatewayCallback',
    method: 'POST',
    path: '/payments/callback',
    summary:
      "The bank's server-to-server callback (form-encoded, signed); answers ACTION=POSTAUTH, APPROVED or FAILURE",
    tags,
    access: 'public',
    entry: 'functions/payments/gateway-callback.ts',
    tracing: 'sdk',
    request: { body: z.record(z.string(), z.string()), bodyFormat: 'form' },
    response: {
      status: 200,
      description: 'The protocol answer, in plain text',
      schema: z.string(),
      contentType: 'text/plain; charset=utf-8',
    },
    needs: { table: 'write', gateway: true },
  }))();

const returnRoute = (method: 'GET' | 'POST') =>
  defineRoute({
    operationId: method === 'GET' ? 'paymentReturn' : 'paymentReturnPost',
    method,
    path: '/payments/{orderId}/return',
    summary: 'Where the bank sends the browser back: shows the status the server recorded (never changes it)',
    tags,
    access: 'public',
    entry:
      method === 'GET' ? 'functions/payments/payment-return.ts' : 'functions/payments/payment-return-post.ts',
    request: {
      params: z.object({ orderId: OrderId }),
      ...(method === 'POST'
        ? { body: z.optional(z.record(z.string(), z.string())), bodyFormat: 'form' as const }
        : {}),
    },
    response: {
      status: 200,
      description: 'An HTML page',
      schema: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    needs: { table: 'read' },
  });
export const paymentReturnRoute = /* @__PURE__ */ (() => returnRoute('GET'))();
export const paymentReturnPostRoute = /* @__PURE__ */ (() => returnRoute('POST'))();

export const paymentReceiptRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getPaymentReceipt',
    method: 'GET',
    path: '/payments/{orderId}/receipt',
    summary:
      'The receipt (quittance) of a successful payment, as PDF (the payer, the file professional, the treasury)',
    tags,
    access: 'signed-in',
    entry: 'functions/payments/get-receipt.ts',
    request: { params: z.object({ orderId: OrderId }) },
    response: { status: 200, description: 'The PDF', schema: z.string(), contentType: 'application/pdf' },
    problems: [404],
    needs: { table: 'read' },
    renders: 'pdf',
  }))();

export const reconciliationRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getCommunePayments',
    method: 'GET',
    path: '/communes/{communeId}/payments',
    summary:
      "The treasury's daily reconciliation: payments, amounts per beneficiary, totals, gateway references (JSON or CSV)",
    tags,
    access: ['commune_treasurer', 'ministry_admin'],
    entry: 'functions/payments/reconciliation.ts',
    request: {
      params: z.object({ communeId: CommuneId }),
      // No date: today in Morocco by the server's clock and tz data. A browser's tz data may be older
      // (Node 24's 2026c has Morocco on UTC+0 since 2026-09-20; our test Chromium still says UTC+1),
      // so the treasury page asks without a date and shows the day answered.
      query: z.object({ date: z.optional(IsoDate), format: z._default(z.enum(['json', 'csv']), 'json') }),
    },
    response: { status: 200, description: 'The day’s payments', schema: z.unknown() },
    needs: { table: 'read' },
  }))();

export const listBeneficiariesRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'listBeneficiaries',
    method: 'GET',
    path: '/beneficiaries',
    summary:
      'The beneficiaries other than the commune treasury: their fee schedules, legal basis, and from when they are paid online',
    tags,
    access: 'public',
    entry: 'functions/payments/list-beneficiaries.ts',
    response: {
      status: 200,
      description: 'Every beneficiary',
      schema: z.object({ beneficiaries: z.array(Beneficiary) }),
    },
    needs: { table: 'read' },
  }))();

export const putBeneficiaryRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'putBeneficiary',
    method: 'PUT',
    path: '/beneficiaries/{beneficiaryId}',
    summary:
      'Register or update a beneficiary (ministry): its fee schedules inside its legal cap, the date its online payment opens',
    tags,
    access: ['ministry_admin'],
    entry: 'functions/payments/put-beneficiary.ts',
    request: {
      params: z.object({ beneficiaryId: BeneficiaryId }),
      body: z.omit(Beneficiary, { id: true }),
    },
    response: { status: 200, description: 'The stored beneficiary', schema: Beneficiary },
    idempotency: 'optional',
    needs: { table: 'write' },
  }))();

const SettlementParams = /* @__PURE__ */ (() =>
  z.object({ beneficiaryId: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{2,39}$/)) }))();

export const importSettlementRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'importSettlement',
    method: 'POST',
    path: '/beneficiaries/{beneficiaryId}/settlements',
    summary:
      "Import the bank's settlement file of a merchant account and day (its treasurer): matched with our payments, the day closed when it matches",
    tags,
    access: ['commune_treasurer', 'agency_treasurer', 'ministry_admin'],
    entry: 'functions/payments/import-settlement.ts',
    request: {
      params: SettlementParams,
      body: z.object({ csv: z.string().check(z.minLength(1), z.maxLength(5_000_000)) }),
    },
    response: {
      status: 200,
      description:
        'The day’s report: every discrepancy once; `changed` false when this file was already imported',
      schema: z.object({ report: SettlementReport, changed: z.boolean() }),
    },
    problems: [409],
    needs: { table: 'write', gateway: true },
  }))();

export const getSettlementRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'getSettlement',
    method: 'GET',
    path: '/beneficiaries/{beneficiaryId}/settlements/{date}',
    summary: "A merchant account's reconciled day, for its treasurer (JSON or CSV)",
    tags,
    access: ['commune_treasurer', 'agency_treasurer', 'ministry_admin'],
    entry: 'functions/payments/get-settlement.ts',
    request: {
      params: z.extend(SettlementParams, { date: IsoDate }),
      query: z.object({ format: z._default(z.enum(['json', 'csv']), 'json') }),
    },
    response: { status: 200, description: 'The report', schema: z.unknown() },
    problems: [404],
    needs: { table: 'read' },
  }))();

export const simulatorRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'cmiSimulator',
    method: 'POST',
    path: '/simulator/cmi',
    summary: 'LOCAL STAGE ONLY — a CMI gateway simulator: shows the amount and lets you approve or decline',
    tags: ['Simulator (local only)'],
    access: 'public',
    entry: 'functions/payments/simulator.ts',
    stages: ['local'],
    request: { body: z.record(z.string(), z.string()), bodyFormat: 'form' },
    response: {
      status: 200,
      description: 'The simulator page',
      schema: z.string(),
      contentType: 'text/html; charset=utf-8',
    },
    needs: { gateway: true },
  }))();

export const simulatorDecisionRoute = /* @__PURE__ */ (() =>
  defineRoute({
    operationId: 'cmiSimulatorDecision',
    method: 'POST',
    path: '/simulator/cmi/decision',
    summary:
      'LOCAL STAGE ONLY — the simulator calls back the platform, signed, then sends the browser to okUrl/failUrl',
    tags: ['Simulator (local only)'],
    access: 'public',
    entry: 'functions/payments/simulator-decision.ts',
    stages: ['local'],
    // The form the checkout page posts: the order's gateway fields, among them the platform's callback.
    request: { body: z.catchall(z.object({ callbackUrl: z.string() }), z.string()), bodyFormat: 'form' },
    response: {
      status: 303,
      description: 'Redirect to okUrl or failUrl',
      schema: z.string(),
      contentType: 'text/plain; charset=utf-8',
    },
    problems: [422],
    needs: { table: 'read', gateway: true },
  }))();

export const paymentRoutes = [
  getLegalRangesRoute,
  putLegalRangesRoute,
  listTariffsRoute,
  putTariffRoute,
  estimateFeesRoute,
  getPaymentOrderRoute,
  startPaymentRoute,
  gatewayCallbackRoute,
  paymentReturnRoute,
  paymentReturnPostRoute,
  paymentReceiptRoute,
  reconciliationRoute,
  listBeneficiariesRoute,
  putBeneficiaryRoute,
  importSettlementRoute,
  getSettlementRoute,
  simulatorRoute,
  simulatorDecisionRoute,
];

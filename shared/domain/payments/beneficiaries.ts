import * as z from 'zod/mini';
import type { Application } from '../applications/application.ts';
import { ProcedureCode } from '../procedures/schema.ts';
import { TrimmedText } from '../text.ts';
import type { PaymentOrderLine } from './payment.ts';
import { Centimes } from './tariffs.ts';

/**
 * Who a fee line is paid to. The commune treasury (`COMMUNE_TREASURY`) is implicit: its rates are
 * the commune's tariff (tariffs.ts), its merchant account the stage's gateway configuration, its
 * quittances numbered per commune and year, its treasurer `commune_treasurer`. Every other actor the
 * ministry designates (the urban agency, civil protection, a utility…) is data: a beneficiary with
 * its own fee schedule capped by its legal basis, its own merchant account (client id + store key
 * in the secret `<MERCHANT_SECRET_PREFIX><id>`, JSON `{clientId, storeKey}`), its own quittance series (`<ID>/<year>/Q00001`),
 * its own treasurer (`agency_treasurer` whose scope's agencyId is the beneficiary id) and the date
 * the ministry switches its online payment on. Until that date its lines are paid at its counter.
 */
export const TREASURY = 'COMMUNE_TREASURY';

/** The name prefix of a stage's merchant secrets: `rukhsa/<stage>/merchant/<BENEFICIARY_ID>`. */
export const merchantSecretPrefix = (stage: string) => `rukhsa/${stage}/merchant/`;

export const BeneficiaryId = /* @__PURE__ */ (() =>
  z
    .string()
    .check(z.regex(/^[A-Z][A-Z0-9_]{2,39}$/, 'upper-case letters, digits and _, e.g. AURBA_CASABLANCA')))();

export const BeneficiaryFee = /* @__PURE__ */ (() =>
  z.object({
    code: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{2,59}$/)),
    label: TrimmedText(3, 200),
    labelAr: TrimmedText(2, 200),
    /** The procedures this fee is due on. */
    procedures: z.array(ProcedureCode).check(z.minLength(1)),
    amountCentimes: Centimes,
    /** Due only on files where the beneficiary's agency gave an opinion (it was consulted). */
    whenConsulted: z._default(z.boolean(), false),
  }))();
export type BeneficiaryFee = z.infer<typeof BeneficiaryFee>;

export const BeneficiarySchedule = /* @__PURE__ */ (() =>
  z.object({
    effectiveFrom: z.iso.date(),
    fees: z.array(BeneficiaryFee).check(z.maxLength(50)),
  }))();
export type BeneficiarySchedule = z.infer<typeof BeneficiarySchedule>;

export const Beneficiary = /* @__PURE__ */ (() =>
  z.object({
    id: BeneficiaryId.check(
      z.refine((id) => id !== TREASURY, 'the commune treasury is not registered as data'),
    ),
    nameFr: TrimmedText(2, 200),
    nameAr: TrimmedText(2, 200),
    /** The text that entitles it to collect, printed on every line. */
    legalBasis: TrimmedText(3, 300),
    /** The cap its legal basis puts on any one fee: a schedule above it is refused. */
    maxFeeCentimes: Centimes,
    /** The agency code in opinions (for `whenConsulted` fees); defaults to none. */
    agencyCode: z.optional(z.string().check(z.maxLength(60))),
    /** Online payment is on from this Casablanca date (set by the ministry); absent: counter only. */
    onlineFrom: z.optional(z.iso.date()),
    /** Communes where its fees apply; absent: nationwide. */
    communeIds: z.optional(z.array(z.string())),
    schedules: z.array(BeneficiarySchedule).check(z.maxLength(100)),
  }))();
export type Beneficiary = z.infer<typeof Beneficiary>;

export interface BeneficiaryProblem {
  path: string;
  message: string;
}

/** Every fee inside the legal cap; one schedule per effective date. */
export function validateBeneficiary(b: Beneficiary): BeneficiaryProblem[] {
  const problems: BeneficiaryProblem[] = [];
  const dates = new Set<string>();
  b.schedules.forEach((s, i) => {
    if (dates.has(s.effectiveFrom))
      problems.push({
        path: `schedules.${i}.effectiveFrom`,
        message: `two schedules from ${s.effectiveFrom}`,
      });
    dates.add(s.effectiveFrom);
    s.fees.forEach((f, j) => {
      if (f.amountCentimes > b.maxFeeCentimes)
        problems.push({
          path: `schedules.${i}.fees.${j}.amountCentimes`,
          message: `${f.amountCentimes} centimes is above the cap of ${b.maxFeeCentimes} set by ${b.legalBasis}`,
        });
    });
  });
  return problems;
}

/** The schedule in force on a date: the latest effective on or before it. */
export function scheduleInForce(b: Beneficiary, onDate: string): BeneficiarySchedule | undefined {
  return b.schedules
    .filter((s) => s.effectiveFrom <= onDate)
    .sort((x, y) => (x.effectiveFrom < y.effectiveFrom ? 1 : -1))[0];
}

/** Online on that day: switched on by the ministry (its merchant secret must exist by then). */
export const isOnline = (b: Beneficiary, onDate: string): boolean =>
  Boolean(b.onlineFrom && b.onlineFrom <= onDate);

/** The lines other beneficiaries add to a file's order on a date (the treasury's come from fees.ts). */
export function beneficiaryLines(
  app: Pick<Application, 'procedureCode' | 'communeId' | 'opinions'>,
  beneficiaries: readonly Beneficiary[],
  onDate: string,
): PaymentOrderLine[] {
  const consulted = new Set(Object.values(app.opinions ?? {}).map((o) => o.agency));
  const lines: PaymentOrderLine[] = [];
  for (const b of [...beneficiaries].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    if (b.communeIds && !b.communeIds.includes(app.communeId)) continue;
    const schedule = scheduleInForce(b, onDate);
    for (const fee of schedule?.fees ?? []) {
      if (!fee.procedures.includes(app.procedureCode)) continue;
      if (fee.whenConsulted && !(b.agencyCode && consulted.has(b.agencyCode))) continue;
      lines.push({
        // Namespaced: two beneficiaries may name their fees alike, a line code is unique in an order.
        code: `${b.id}.${fee.code}`,
        label: fee.label,
        labelAr: fee.labelAr,
        legalBasis: b.legalBasis,
        beneficiary: b.id,
        amountCentimes: fee.amountCentimes,
        mandatory: true,
        collection: isOnline(b, onDate) ? 'online' : 'counter',
      });
    }
  }
  return lines;
}

/** Quittance number of a beneficiary other than the treasury: its id + year + gapless sequence. */
export const formatBeneficiaryQuittance = (beneficiaryId: string, year: number, sequence: number) =>
  `${beneficiaryId}/${year}/Q${String(sequence).padStart(5, '0')}`;

import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { csvDocument, parseCsv } from '../csv.ts';
import { DomainError } from '../errors.ts';
import { formatAmount } from './cmi.ts';
import type { LedgerEntry } from './ports.ts';

/**
 * The acquirer's daily settlement file of one merchant account, matched against the card payments
 * the platform recorded for that account and day (the ledger written with each payment).
 *
 * Accepted format (UTF-8, optional BOM, CRLF or LF, `,` separated, RFC 4180 quoting):
 *   date,merchant_id,order_id,amount,auth_code,status
 *   2026-11-29,600000001,RK20261129ABCDEF012345,3025.00,A1B2C3,SETTLED
 * - header required, column names case-insensitive, in any order, other columns ignored;
 * - `date` ISO (YYYY-MM-DD), the Casablanca day of the authorisation; one date and one merchant per file;
 * - `amount` in MAD, dot decimal, two decimals (`3025.00`);
 * - `status`: `SETTLED` (also `ACCEPTED`, `CAPTURED`) counts; any other (`REFUSED`, `REVERSED`…)
 *   is money the bank did not take and is not matched.
 * Discrepancies: BANK_ONLY (the bank settled an order we have no payment for), OURS_ONLY (we
 * recorded a payment the bank did not settle), AMOUNT_MISMATCH, DUPLICATE (an order id settled more
 * than once; the first row is matched). Each is reported once. A day is CLOSED only when there is
 * none; a closed day is never reopened, and importing the same file again changes nothing.
 */

export const DISCREPANCY_KINDS = ['BANK_ONLY', 'OURS_ONLY', 'AMOUNT_MISMATCH', 'DUPLICATE'] as const;

export const Discrepancy = /* @__PURE__ */ (() =>
  z.object({
    kind: z.enum(DISCREPANCY_KINDS),
    orderId: z.string(),
    bankCentimes: z.optional(z.number().check(z.int())),
    ourCentimes: z.optional(z.number().check(z.int())),
    /** How many times the bank settled it (DUPLICATE). */
    occurrences: z.optional(z.number().check(z.int())),
  }))();
export type Discrepancy = z.infer<typeof Discrepancy>;

export const SettlementReport = /* @__PURE__ */ (() =>
  z.object({
    beneficiary: z.string(),
    date: z.iso.date(),
    merchantId: z.string(),
    /** SHA-256 of the imported file: the same file imported again is recognised. */
    fileSha256: z.string(),
    importedAt: z.iso.datetime(),
    importedBy: z.string(),
    bankCount: z.number().check(z.int()),
    bankTotalCentimes: z.number().check(z.int()),
    ourCount: z.number().check(z.int()),
    ourTotalCentimes: z.number().check(z.int()),
    discrepancies: z.array(Discrepancy),
    status: z.enum(['CLOSED', 'OPEN']),
  }))();
export type SettlementReport = z.infer<typeof SettlementReport>;

export interface SettlementRow {
  date: string;
  merchantId: string;
  orderId: string;
  amountCentimes: number;
  authCode: string;
  status: string;
}

const COLUMNS = ['date', 'merchant_id', 'order_id', 'amount', 'auth_code', 'status'] as const;
const SETTLED = /* @__PURE__ */ (() => new Set(['SETTLED', 'ACCEPTED', 'CAPTURED']))();

const badFile = (detail: string) =>
  new DomainError({
    type: 'settlement-file-invalid',
    kind: 'invalid',
    title: 'Settlement file refused',
    detail,
  });

/** `3025.00` → 302500; refuses anything else (no grouping, no comma decimal, no sign). */
function parseAmount(text: string, line: number): number {
  const m = /^(\d{1,12})\.(\d{2})$/.exec(text);
  if (!m) throw badFile(`line ${line}: amount "${text.slice(0, 20)}" is not MAD with two decimals (3025.00)`);
  return Number(m[1]) * 100 + Number(m[2]);
}

export function parseSettlementFile(text: string): {
  date: string;
  merchantId: string;
  rows: SettlementRow[];
} {
  const body = text.replace(/^\uFEFF/, '');
  const table = parseCsv(body).filter((r) => r.length > 1 || (r[0] ?? '').trim() !== '');
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const absent = COLUMNS.filter((c) => index[c] < 0);
  if (absent.length > 0)
    throw badFile(`the header lacks ${absent.join(', ')} (expected ${COLUMNS.join(',')})`);
  const rows = table.slice(1).map((cells, i): SettlementRow => {
    const cell = (c: (typeof COLUMNS)[number]) => (cells[index[c]] ?? '').trim();
    const line = i + 2;
    const date = cell('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw badFile(`line ${line}: date must be YYYY-MM-DD`);
    const orderId = cell('order_id');
    if (!orderId) throw badFile(`line ${line}: order_id is empty`);
    return {
      date,
      merchantId: cell('merchant_id'),
      orderId,
      amountCentimes: parseAmount(cell('amount'), line),
      authCode: cell('auth_code'),
      status: cell('status').toUpperCase(),
    };
  });
  if (rows.length === 0) throw badFile('the file has no transaction (an empty day is a header alone)');
  const dates = new Set(rows.map((r) => r.date));
  const merchants = new Set(rows.map((r) => r.merchantId));
  if (dates.size > 1 || merchants.size > 1)
    throw badFile('a settlement file holds one day of one merchant account');
  return { date: rows[0]?.date ?? '', merchantId: rows[0]?.merchantId ?? '', rows };
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Compares the bank's settled rows with our ledger of the same merchant and day. */
export function reconcile(rows: readonly SettlementRow[], ours: readonly LedgerEntry[]): Discrepancy[] {
  const bank = new Map<string, { amount: number; count: number }>();
  for (const row of rows) {
    if (!SETTLED.has(row.status)) continue;
    const seen = bank.get(row.orderId);
    if (seen) seen.count += 1;
    else bank.set(row.orderId, { amount: row.amountCentimes, count: 1 });
  }
  const mine = new Map(ours.map((e) => [e.orderId, e]));
  const out: Discrepancy[] = [];
  for (const [orderId, b] of bank) {
    if (b.count > 1) out.push({ kind: 'DUPLICATE', orderId, bankCentimes: b.amount, occurrences: b.count });
    const entry = mine.get(orderId);
    if (!entry) out.push({ kind: 'BANK_ONLY', orderId, bankCentimes: b.amount });
    else if (entry.amountCentimes !== b.amount)
      out.push({
        kind: 'AMOUNT_MISMATCH',
        orderId,
        bankCentimes: b.amount,
        ourCentimes: entry.amountCentimes,
      });
  }
  for (const entry of ours) {
    if (!bank.has(entry.orderId))
      out.push({ kind: 'OURS_ONLY', orderId: entry.orderId, ourCentimes: entry.amountCentimes });
  }
  return out.sort((x, y) =>
    x.orderId === y.orderId ? (x.kind < y.kind ? -1 : 1) : x.orderId < y.orderId ? -1 : 1,
  );
}

/** The report as CSV for the treasurer: every cell through csvCell (the bank's order ids come from outside). */
export function settlementReportCsv(report: SettlementReport): string {
  const money = (c: number | undefined) => (c === undefined ? '' : formatAmount(c));
  return csvDocument(
    ['beneficiary', 'date', 'status', 'kind', 'orderId', 'bankAmountMad', 'ourAmountMad', 'occurrences'],
    report.discrepancies.length > 0
      ? report.discrepancies.map((d) => [
          report.beneficiary,
          report.date,
          report.status,
          d.kind,
          d.orderId,
          money(d.bankCentimes),
          money(d.ourCentimes),
          d.occurrences ?? '',
        ])
      : [[report.beneficiary, report.date, report.status, 'NONE', '', '', '', '']],
  );
}

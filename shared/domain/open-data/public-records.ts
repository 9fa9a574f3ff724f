import { createHash } from 'node:crypto';
import { csvDocument } from '../csv.ts';
import { casablancaDay } from '../ranking/indicators.ts';

/**
 * Decisions and issued permits as open data: one record per decision and one per permit, aligned on
 * the Building and Land Development Specification (BLDS) where it has a field, with nothing personal:
 * no applicant, professional, parcel, address, land title, description or free text — the commune,
 * the procedure, dates, the outcome and the project's size. Pure.
 *
 * Records are derived from an application change (its old and new images, as the table's stream
 * carries them) and stored per month; the monthly publication writes them as CSV. A record's id is
 * an opaque digest of the application id, so a decision and its permit can be joined without
 * exposing the file's identifiers.
 */

export type PublicRecordKind = 'decision' | 'permit';

export interface PublicRecord {
  kind: PublicRecordKind;
  /** YYYY-MM of the decision or of the issue (Moroccan calendar): the file it is published in. */
  month: string;
  /** Opaque, stable: the first 16 hex digits of SHA-256("rukhsa-open-data:" + application id). */
  recordId: string;
  /** BLDS `Jurisdiction`: the commune id. */
  Jurisdiction: string;
  provinceId: string;
  regionId: string;
  /** BLDS `PermitType`: the procedure's code. */
  PermitType: string;
  /** BLDS `ProposedUse`: the building category, when the procedure records one. */
  ProposedUse: string | null;
  /** BLDS `AppliedDate`: the first submission's Moroccan date. */
  AppliedDate: string | null;
  /** The decision's Moroccan date and outcome. */
  DecisionDate: string | null;
  Decision: string | null;
  /** BLDS `PermitNum` and `IssuedDate`: only on permit records (the number printed on the permit). */
  PermitNum: string | null;
  IssuedDate: string | null;
  /** BLDS `StatusCurrent` at the time of the record. */
  StatusCurrent: string;
  /** BLDS `TotalSqFt`, in square metres here. */
  FloorAreaM2: number | null;
  /** BLDS `HousingUnits`. */
  HousingUnits: number | null;
  /** BLDS `EstProjectCost`, in MAD. */
  EstProjectCostMAD: number | null;
  /** Days from submission to decision (or issue), time returned to the professional excluded. */
  DelayDays: number | null;
}

/** What a record needs of an application image (the stream's view of the Application item). */
export interface PublicRecordImage {
  entity?: string;
  id?: string;
  communeId?: string;
  provinceId?: string;
  regionId?: string;
  procedureCode?: string;
  status?: string;
  submittedAt?: string;
  pausedDays?: number;
  project?: { floorAreaM2?: number; units?: number; worksCostCentimes?: number; buildingCategory?: string };
  decision?: { decision?: string; decidedAt?: string };
  permit?: { number?: string; issuedAt?: string };
}

export const recordIdOf = (applicationId: string): string =>
  createHash('sha256').update(`rukhsa-open-data:${applicationId}`).digest('hex').slice(0, 16);

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** The public records an application change creates: a decision record, a permit record, or none. */
export function publicRecords(
  oldImage: PublicRecordImage | undefined,
  newImage: PublicRecordImage | undefined,
): PublicRecord[] {
  if (newImage?.entity !== 'Application' || !newImage.id || !newImage.communeId || !newImage.status)
    return [];
  const applied = newImage.submittedAt ? casablancaDay(newImage.submittedAt) : null;
  const delayTo = (day: string) =>
    applied ? Math.max(0, dayNumber(day) - dayNumber(applied) - (newImage.pausedDays ?? 0)) : null;
  const cost = newImage.project?.worksCostCentimes;
  const base = {
    recordId: recordIdOf(newImage.id),
    Jurisdiction: newImage.communeId,
    provinceId: newImage.provinceId ?? '',
    regionId: newImage.regionId ?? '',
    PermitType: newImage.procedureCode ?? '',
    ProposedUse: newImage.project?.buildingCategory ?? null,
    AppliedDate: applied,
    FloorAreaM2: newImage.project?.floorAreaM2 ?? null,
    HousingUnits: newImage.project?.units ?? null,
    EstProjectCostMAD: cost === undefined ? null : cost / 100,
  };
  const decision = newImage.decision;
  const decisionDay = decision?.decidedAt ? casablancaDay(decision.decidedAt) : null;
  const out: PublicRecord[] = [];
  if (decision?.decision && decisionDay && !oldImage?.decision?.decision) {
    out.push({
      ...base,
      kind: 'decision',
      month: decisionDay.slice(0, 7),
      DecisionDate: decisionDay,
      Decision: decision.decision,
      PermitNum: null,
      IssuedDate: null,
      StatusCurrent: newImage.status,
      DelayDays: delayTo(decisionDay),
    });
  }
  const permit = newImage.permit;
  if (newImage.status === 'ISSUED' && oldImage?.status !== 'ISSUED' && permit?.number && permit.issuedAt) {
    const issued = casablancaDay(permit.issuedAt);
    out.push({
      ...base,
      kind: 'permit',
      month: issued.slice(0, 7),
      DecisionDate: decisionDay,
      Decision: decision?.decision ?? null,
      PermitNum: permit.number,
      IssuedDate: issued,
      StatusCurrent: 'ISSUED',
      DelayDays: delayTo(issued),
    });
  }
  return out;
}

/** CSV columns of both datasets, in order. */
export const PUBLIC_RECORD_COLUMNS = [
  'recordId',
  'Jurisdiction',
  'provinceId',
  'regionId',
  'PermitType',
  'ProposedUse',
  'AppliedDate',
  'DecisionDate',
  'Decision',
  'PermitNum',
  'IssuedDate',
  'StatusCurrent',
  'FloorAreaM2',
  'HousingUnits',
  'EstProjectCostMAD',
  'DelayDays',
] as const satisfies readonly (keyof PublicRecord)[];

/** A month's records of one kind as CSV, ordered by commune then record id (same records → same bytes). */
export function publicRecordsCsv(records: readonly PublicRecord[]): string {
  const sorted = [...records].sort((a, b) =>
    a.Jurisdiction !== b.Jurisdiction
      ? a.Jurisdiction < b.Jurisdiction
        ? -1
        : 1
      : a.recordId < b.recordId
        ? -1
        : a.recordId > b.recordId
          ? 1
          : 0,
  );
  return csvDocument(
    PUBLIC_RECORD_COLUMNS,
    sorted.map((r) => PUBLIC_RECORD_COLUMNS.map((column) => r[column])),
  );
}

export const publicRecordKeys = {
  decisions: (month: string) => `decisions/${month}/decisions.csv`,
  permits: (month: string) => `permits/${month}/permits.csv`,
};

/** Where the records wait for their month's publication. */
export interface PublicRecordStore {
  /** Idempotent: the same record written twice is one record. */
  put(records: PublicRecord[]): Promise<void>;
  month(kind: PublicRecordKind, month: string): Promise<PublicRecord[]>;
}

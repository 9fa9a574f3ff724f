import { casablancaDate } from '../calendar.ts';
import { CATALOGUE } from './catalogue.ts';
import type {
  AgencyCode,
  Catalogue,
  DocumentRequirement,
  Procedure,
  ProcedureCode,
  ProjectData,
} from './schema.ts';

/**
 * Pure rules over the procedures catalogue: project size, required documents, review path and legal
 * deadline. No I/O: handlers load the application and call these.
 */

export type ProjectSize = 'small' | 'large';
export type StepBudgets = Procedure['deadline']['steps']['small'];
type ProjectField = Procedure['requiredProjectFields'][number];

/** The procedure for a code; a missing one is a catalogue bug (every code must be configured), so it throws. */
export function getProcedure(code: ProcedureCode, catalogue: Catalogue = CATALOGUE): Procedure {
  const procedure = catalogue.procedures.find((p) => p.code === code);
  if (!procedure) throw new Error(`Procedure ${code} is missing from catalogue ${catalogue.version}`);
  return procedure;
}

/** Small or large per the procedure's size rule: large as soon as one threshold is exceeded (missing values do not exceed). */
export function classifyProject(procedure: Procedure, project: ProjectData): ProjectSize {
  const rule = procedure.size;
  if ('always' in rule) return rule.always;
  const exceeds = (value: number | undefined, limit: number) => value !== undefined && value > limit;
  return exceeds(project.floorAreaM2, rule.largeIfFloorAreaOverM2) ||
    exceeds(project.floors, rule.largeIfFloorsOver) ||
    exceeds(project.units, rule.largeIfUnitsOver)
    ? 'large'
    : 'small';
}

/** The documents the applicant must upload: always-mandatory ones, plus the `large` ones for large projects. */
export function requiredDocuments(procedure: Procedure, size: ProjectSize): DocumentRequirement[] {
  return procedure.documents.filter(
    (d) => d.mandatory === true || (d.mandatory === 'large' && size === 'large'),
  );
}

/** Total legal deadline in days for a project of this size. */
export function legalDeadlineDays(procedure: Procedure, size: ProjectSize): number {
  return size === 'large' ? procedure.deadline.largeDays : procedure.deadline.smallDays;
}

/** Per-step day budgets for this size (they add up to at most the legal deadline). */
export function stepBudgets(procedure: Procedure, size: ProjectSize): StepBudgets {
  return procedure.deadline.steps[size];
}

/** Whether the file goes to the commission (otherwise the one-stop desk reviews it alone). */
export function needsCommission(procedure: Procedure, size: ProjectSize): boolean {
  const { when } = procedure.commission;
  return when === 'always' || (when === 'large' && size === 'large');
}

/** The agencies asked for an opinion: the commission's members when it sits, none for desk review. */
export function consultedAgencies(procedure: Procedure, size: ProjectSize): AgencyCode[] {
  return needsCommission(procedure, size) ? [...procedure.commission.agencies] : [];
}

/** Project fields the procedure needs (for fees and deadlines) that the applicant has not given yet. */
export function missingProjectFields(procedure: Procedure, project: ProjectData): ProjectField[] {
  return procedure.requiredProjectFields.filter((field) => project[field] === undefined);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Adds calendar days to a 'YYYY-MM-DD' date (UTC arithmetic on the date alone, so no DST surprises). */
export function addDays(isoDate: string, days: number): string {
  const match = ISO_DATE.exec(isoDate);
  if (!match || !Number.isInteger(days)) throw new Error(`Cannot add ${days} days to '${isoDate}'`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    throw new Error(`'${isoDate}' is not a calendar date`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Adds working days (Monday–Friday) to a 'YYYY-MM-DD' date; public holidays are not modelled. */
function addWorkingDays(isoDate: string, days: number): string {
  let date = isoDate;
  for (let left = days; left > 0; ) {
    date = addDays(date, 1);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date;
}

/** The legal deadline of a file: its size, the days allowed and the last day, counted from the Moroccan date of submission. */
export function deadlineFor(
  procedure: Procedure,
  project: ProjectData,
  submittedAt: Date,
): { size: ProjectSize; days: number; deadlineDate: string } {
  const size = classifyProject(procedure, project);
  const days = legalDeadlineDays(procedure, size);
  const start = casablancaDate(submittedAt);
  const deadlineDate =
    procedure.deadline.calendar === 'working' ? addWorkingDays(start, days) : addDays(start, days);
  return { size, days, deadlineDate };
}

export { casablancaDate };

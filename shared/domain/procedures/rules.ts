import { casablancaDate } from '../calendar.ts';
import { addWorkingDays, workingDaysBetween } from '../holidays.ts';
import { CATALOGUE } from './catalogue.ts';
import type {
  AgencyCode,
  Catalogue,
  DayCount,
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

/**
 * How many months a licence of this procedure and project is valid: the procedure's validity, or the
 * duration asked (`validityFromProject`) up to it; undefined when the procedure's acts do not expire.
 */
export function licenceValidityMonths(
  procedure: Procedure,
  project: Pick<ProjectData, 'occupationMonths'>,
): number | undefined {
  const most = procedure.validityMonths;
  if (most === undefined) return undefined;
  const asked = procedure.validityFromProject ? project[procedure.validityFromProject] : undefined;
  return asked === undefined ? most : Math.min(asked, most);
}

/** Whether the procedure gives an act that expires (and is renewed). */
export const expires = (procedure: Procedure): boolean => procedure.validityMonths !== undefined;

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

/** The date `days` days after `isoDate`, counting every day or working days only (`days` ≥ 0 for working days). */
export function addDaysCounting(isoDate: string, days: number, count: DayCount): string {
  if (count === 'calendar') return addDays(isoDate, days);
  addDays(isoDate, 0); // validates the date
  if (days < 0) throw new Error(`Cannot count ${days} working days back from '${isoDate}'`);
  return addWorkingDays(isoDate, days);
}

/** Days from `from` to `to` as `count` counts them: positive when `to` is later, negative when earlier. */
export function daysCounting(from: string, to: string, count: DayCount): number {
  if (count === 'calendar')
    return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (to >= from) return workingDaysBetween(from, to);
  const back = workingDaysBetween(to, from);
  return back === 0 ? 0 : -back; // never -0
}

/** How the procedure's total legal deadline counts its days. */
export const deadlineCount = (procedure: Procedure): DayCount => procedure.deadline.calendar;

/**
 * The legal deadline of a file: its size, the days allowed, how they count, and the last day,
 * counted from the Moroccan date of submission (working days skip weekends and public holidays).
 */
export function deadlineFor(
  procedure: Procedure,
  project: ProjectData,
  submittedAt: Date,
): { size: ProjectSize; days: number; calendar: DayCount; deadlineDate: string } {
  const size = classifyProject(procedure, project);
  const days = legalDeadlineDays(procedure, size);
  const calendar = deadlineCount(procedure);
  const deadlineDate = addDaysCounting(casablancaDate(submittedAt), days, calendar);
  return { size, days, calendar, deadlineDate };
}

/**
 * The deadline after a return for completion: pushed back by the days, as the procedure counts
 * them, between the Moroccan dates of the return and of the resubmission.
 */
export function deadlineAfterReturn(
  procedure: Procedure,
  deadlineDate: string,
  returnedOn: string,
  resubmittedOn: string,
): string {
  const count = deadlineCount(procedure);
  return addDaysCounting(deadlineDate, Math.max(0, daysCounting(returnedOn, resubmittedOn, count)), count);
}

export { casablancaDate };

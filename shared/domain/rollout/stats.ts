import * as z from 'zod/mini';
import type { Region } from '../geo/geo.ts';
import { addDays, casablancaDate } from '../procedures/rules.ts';
import { PROFESSIONS } from '../professionals/professional.ts';
import { STAFF_ROLES, type StaffMember } from './staff.ts';

/** How many days of applications the public figures show (today included). */
export const STATS_DAYS = 30;

/** The application events counted per Moroccan day: first submissions, and decisions (approval, rejection, tacit approval). */
export const RECEIVED_EVENTS = ['APPLICATION_SUBMITTED'] as const;
export const DECIDED_EVENTS = [
  'APPLICATION_APPROVED',
  'APPLICATION_REJECTED',
  'APPLICATION_TACITLY_APPROVED',
] as const;

/** Which daily counter an application event feeds, if any. */
export function counterOf(eventType: string): 'received' | 'decided' | undefined {
  if ((RECEIVED_EVENTS as readonly string[]).includes(eventType)) return 'received';
  if ((DECIDED_EVENTS as readonly string[]).includes(eventType)) return 'decided';
  return undefined;
}

export const DayCount = /* @__PURE__ */ (() =>
  z.object({
    date: z.iso.date(),
    received: z.number().check(z.int(), z.nonnegative()),
    decided: z.number().check(z.int(), z.nonnegative()),
  }))();
export type DayCount = z.infer<typeof DayCount>;

const countBy = <K extends string>(keys: readonly K[]) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().check(z.int(), z.nonnegative())])) as Record<
      K,
      z.ZodMiniNumber
    >,
  );

export const PublicStats = /* @__PURE__ */ (() =>
  z.object({
    generatedAt: z.iso.datetime(),
    communesLive: z.object({
      total: z.number().check(z.int(), z.nonnegative()),
      byRegion: z.array(
        z.object({
          regionId: z.string(),
          nameFr: z.string(),
          nameAr: z.string(),
          live: z.number().check(z.int(), z.nonnegative()),
        }),
      ),
    }),
    professionals: z.object({
      total: z.number().check(z.int(), z.nonnegative()),
      byProfession: countBy(PROFESSIONS),
    }),
    civilServants: z.object({
      total: z.number().check(z.int(), z.nonnegative()),
      byRole: countBy(STAFF_ROLES),
    }),
    applications: z.object({
      from: z.iso.date(),
      to: z.iso.date(),
      received: z.number().check(z.int(), z.nonnegative()),
      decided: z.number().check(z.int(), z.nonnegative()),
      days: z.array(DayCount),
    }),
  }))();
export type PublicStats = z.infer<typeof PublicStats>;

/** The first and last day (Africa/Casablanca) of the window, today included. */
export function statsWindow(now: Date): { from: string; to: string } {
  const to = casablancaDate(now);
  return { from: addDays(to, -(STATS_DAYS - 1)), to };
}

/**
 * The public figures (pure): live communes per region, verified professionals per profession,
 * active civil servants per role (an account with two roles counts once in the total and once
 * under each role), and applications received and decided per day over the last 30 days, days
 * without activity shown as zero.
 */
export function computeStats(input: {
  regions: readonly Region[];
  liveCommunes: readonly { regionId: string }[];
  verifiedProfessions: readonly string[];
  staff: readonly Pick<StaffMember, 'roles' | 'status'>[];
  days: readonly DayCount[];
  now: Date;
}): PublicStats {
  const { from, to } = statsWindow(input.now);
  const byRegion = [...input.regions]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => ({
      regionId: r.id,
      nameFr: r.nameFr,
      nameAr: r.nameAr,
      live: input.liveCommunes.filter((c) => c.regionId === r.id).length,
    }));
  const byProfession = Object.fromEntries(
    PROFESSIONS.map((p) => [p, input.verifiedProfessions.filter((x) => x === p).length]),
  ) as Record<(typeof PROFESSIONS)[number], number>;
  const activeStaff = input.staff.filter((s) => s.status === 'ACTIVE');
  const byRole = Object.fromEntries(
    STAFF_ROLES.map((role) => [role, activeStaff.filter((s) => s.roles.includes(role)).length]),
  ) as Record<(typeof STAFF_ROLES)[number], number>;
  const counted = new Map(input.days.map((d) => [d.date, d]));
  const days: DayCount[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const day = counted.get(date);
    days.push({ date, received: day?.received ?? 0, decided: day?.decided ?? 0 });
  }
  return {
    generatedAt: input.now.toISOString(),
    communesLive: { total: byRegion.reduce((n, r) => n + r.live, 0), byRegion },
    professionals: { total: input.verifiedProfessions.length, byProfession },
    civilServants: { total: activeStaff.length, byRole },
    applications: {
      from,
      to,
      received: days.reduce((n, d) => n + d.received, 0),
      decided: days.reduce((n, d) => n + d.decided, 0),
      days,
    },
  };
}

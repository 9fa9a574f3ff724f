import { describe, expect, it } from 'vitest';
import {
  addDays,
  casablancaDate,
  deadlineAfterReturn,
  getProcedure,
} from '#shared/domain/procedures/rules.ts';
import type { DayCount, Procedure } from '#shared/domain/procedures/schema.ts';
import {
  type ClockEvent,
  type ClockEventType,
  clockEventsFromHistory,
  daysBetween,
  isOverdue,
  type LegalClock,
  legalClock,
} from '#shared/domain/review/clock.ts';

// Instants are chosen in May–July 2026, when Morocco is at UTC+1 (outside Ramadan, before the
// 2026-09-20 switch to UTC+0), so 09:00Z is 10:00 in Casablanca and 23:30Z is 00:30 the next day.
/** The procedure as if it counted calendar days (as the month-long ones do): these tests check the clock's calendar arithmetic. */
const counting = (procedure: Procedure, calendar: DayCount): Procedure => ({
  ...procedure,
  deadline: {
    ...procedure.deadline,
    calendar,
    steps: {
      small: procedure.deadline.steps.small.map((s) => ({ ...s, calendar })),
      large: procedure.deadline.steps.large.map((s) => ({ ...s, calendar })),
    },
  },
});
const BUILDING = counting(getProcedure('BUILDING_PERMIT'), 'calendar'); // small: 15 days, desk (1 + 11 + 3); large: 30, commission (1+3, 15, 3+3)
const REPAIR = counting(getProcedure('REPAIR'), 'calendar'); // 10 days, desk (1 + 6 + 3)

const ev = (type: ClockEventType, at: string): ClockEvent => ({ type, at });
const at = (iso: string) => new Date(iso);
const phaseSummary = (clock: LegalClock) =>
  clock.phases.map((p) => [p.phase, p.budgetDays, p.elapsedDays, p.status, p.overBudget]);

describe('daysBetween', () => {
  it('counts calendar days from a to b, across months, years and leap days', () => {
    expect(daysBetween('2026-05-04', '2026-05-04')).toBe(0);
    expect(daysBetween('2026-05-04', '2026-05-19')).toBe(15);
    expect(daysBetween('2026-05-19', '2026-05-04')).toBe(-15);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });

  it('rejects what is not a calendar date', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow();
    expect(() => daysBetween('4 May 2026', '2026-03-01')).toThrow();
  });
});

describe('legalClock', () => {
  it('before submission: not running, nothing elapsed, deadline counted from today', () => {
    const clock = legalClock(
      REPAIR,
      'small',
      [ev('RETURNED', '2026-05-01T09:00:00Z')], // meaningless before submission: ignored
      at('2026-05-10T10:00:00Z'),
    );
    expect(clock).toEqual({
      running: false,
      paused: false,
      deadlineDays: 10,
      dayCount: 'calendar',
      elapsedDays: 0,
      pausedDays: 0,
      deadlineDate: '2026-05-20',
      remainingDays: 10,
      overdue: false,
      phases: [
        {
          phase: 'ADMISSIBILITY',
          budgetDays: 1,
          dayCount: 'calendar',
          elapsedDays: 0,
          status: 'pending',
          overBudget: false,
        },
        {
          phase: 'REVIEW',
          budgetDays: 6,
          dayCount: 'calendar',
          elapsedDays: 0,
          status: 'pending',
          overBudget: false,
        },
        {
          phase: 'DECISION',
          budgetDays: 3,
          dayCount: 'calendar',
          elapsedDays: 0,
          status: 'pending',
          overBudget: false,
        },
      ],
    });
    expect(isOverdue(clock)).toBe(false);
  });

  it('runs from submission without returns: elapsed, deadline, remaining and phases', () => {
    const events = [ev('SUBMITTED', '2026-05-04T09:00:00Z'), ev('ADMISSIBLE', '2026-05-05T09:00:00Z')];
    const clock = legalClock(BUILDING, 'small', events, at('2026-05-08T21:00:00Z'));
    expect(clock).toMatchObject({
      running: true,
      paused: false,
      deadlineDays: 15,
      elapsedDays: 4.5,
      pausedDays: 0,
      deadlineDate: '2026-05-19',
      remainingDays: 11,
      overdue: false,
    });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 1, 'done', false],
      ['REVIEW', 11, 3.5, 'running', false],
      ['DECISION', 3, 0, 'pending', false],
    ]);
  });

  it('uses the large budgets and the commission review for a large building permit', () => {
    const events = [ev('SUBMITTED', '2026-05-04T09:00:00Z'), ev('ADMISSIBLE', '2026-05-06T09:00:00Z')];
    const clock = legalClock(BUILDING, 'large', events, at('2026-05-07T15:00:00Z'));
    expect(clock.deadlineDays).toBe(30);
    expect(clock.deadlineDate).toBe('2026-06-03');
    expect(clock.remainingDays).toBe(27);
    expect(clock.elapsedDays).toBe(3.25);
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 4, 2, 'done', false],
      ['REVIEW', 15, 1.25, 'running', false],
      ['DECISION', 6, 0, 'pending', false],
    ]);
  });

  it('a return of 5 calendar days pushes the deadline by 5 days and its time is not counted', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('RETURNED', '2026-05-05T09:00:00Z'),
      ev('RESUBMITTED', '2026-05-10T15:00:00Z'), // 5.25 days later, 5 calendar days (05-05 → 05-10)
    ];
    const clock = legalClock(BUILDING, 'small', events, at('2026-05-12T09:00:00Z'));
    expect(clock).toMatchObject({
      running: true,
      paused: false,
      elapsedDays: 2.75, // 8 days since submission − 5.25 returned
      pausedDays: 5,
      deadlineDate: '2026-05-24', // 05-04 + 15 + 5
      remainingDays: 12,
      overdue: false,
    });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 2.75, 'running', true],
      ['REVIEW', 11, 0, 'pending', false],
      ['DECISION', 3, 0, 'pending', false],
    ]);
  });

  it('while a return is still open: paused, not running, deadline pushed by the days so far', () => {
    const events = [ev('SUBMITTED', '2026-05-04T09:00:00Z'), ev('RETURNED', '2026-05-06T09:00:00Z')];
    const clock = legalClock(BUILDING, 'small', events, at('2026-05-09T20:00:00Z'));
    expect(clock).toMatchObject({
      running: false,
      paused: true,
      elapsedDays: 2,
      pausedDays: 3, // 05-06 → 05-09
      deadlineDate: '2026-05-22',
      remainingDays: 13,
      overdue: false,
    });
    expect(clock.phases[0]).toEqual({
      phase: 'ADMISSIBILITY',
      budgetDays: 1,
      dayCount: 'calendar',
      elapsedDays: 2,
      status: 'running',
      overBudget: true,
    });
    // A paused file is never overdue, even long past the original deadline.
    const later = legalClock(BUILDING, 'small', events, at('2026-06-30T09:00:00Z'));
    expect(later).toMatchObject({ paused: true, pausedDays: 55, deadlineDate: '2026-07-13', overdue: false });
    expect(later.elapsedDays).toBe(2);
  });

  it('adds up two returns, in time excluded and in calendar days', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T08:00:00Z'),
      ev('RETURNED', '2026-05-04T14:00:00Z'),
      ev('RESUBMITTED', '2026-05-06T14:00:00Z'), // 2 days, 2 calendar days
      ev('RETURNED', '2026-05-07T08:00:00Z'),
      ev('RESUBMITTED', '2026-05-10T20:00:00Z'), // 3.5 days, 3 calendar days
      ev('ADMISSIBLE', '2026-05-11T08:00:00Z'),
    ];
    const clock = legalClock(BUILDING, 'small', events, at('2026-05-12T08:00:00Z'));
    expect(clock).toMatchObject({
      running: true,
      paused: false,
      elapsedDays: 2.5, // 8 days − 5.5 returned
      pausedDays: 5,
      deadlineDate: '2026-05-24',
      remainingDays: 12,
    });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 1.5, 'done', true], // 7 days − 5.5 returned
      ['REVIEW', 11, 1, 'running', false],
      ['DECISION', 3, 0, 'pending', false],
    ]);
  });

  it('is not overdue on the deadline day itself, and is the day after (Casablanca midnight)', () => {
    const events = [ev('SUBMITTED', '2026-05-04T09:00:00Z')]; // deadline 2026-05-14
    const lastMinute = legalClock(REPAIR, 'small', events, at('2026-05-14T22:30:00Z')); // 23:30 local
    expect(lastMinute).toMatchObject({ deadlineDate: '2026-05-14', remainingDays: 0, overdue: false });
    expect(isOverdue(lastMinute)).toBe(false);
    const nextDay = legalClock(REPAIR, 'small', events, at('2026-05-14T23:30:00Z')); // 00:30 local, 05-15
    expect(nextDay).toMatchObject({ deadlineDate: '2026-05-14', remainingDays: -1, overdue: true });
    expect(isOverdue(nextDay)).toBe(true);
  });

  it('stops at the decision: elapsed frozen, every phase done, never overdue', () => {
    const events = [
      ev('SUBMITTED', '2026-06-01T08:00:00Z'),
      ev('ADMISSIBLE', '2026-06-03T08:00:00Z'),
      ev('OPINIONS_COMPLETE', '2026-06-20T08:00:00Z'),
      ev('DECIDED', '2026-06-22T20:00:00Z'),
      ev('RETURNED', '2026-06-25T08:00:00Z'), // after closing: ignored
    ];
    const clock = legalClock(BUILDING, 'large', events, at('2026-07-15T12:00:00Z'));
    expect(clock).toMatchObject({
      running: false,
      paused: false,
      elapsedDays: 21.5,
      pausedDays: 0,
      deadlineDate: '2026-07-01',
      remainingDays: -14,
      overdue: false,
    });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 4, 2, 'done', false],
      ['REVIEW', 15, 17, 'done', true], // the commission took 2 days more than its budget
      ['DECISION', 6, 2.5, 'done', false],
    ]);
  });

  it('closes on tacit approval like on a decision', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('ADMISSIBLE', '2026-05-05T09:00:00Z'),
      ev('TACITLY_APPROVED', '2026-05-15T09:00:00Z'),
    ];
    const clock = legalClock(REPAIR, 'small', events, at('2026-05-20T09:00:00Z'));
    expect(clock).toMatchObject({ running: false, elapsedDays: 11, overdue: false });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 1, 'done', false],
      ['REVIEW', 6, 10, 'done', true], // no OPINIONS_COMPLETE: review ends at the decision
      ['DECISION', 3, 0, 'done', false],
    ]);
  });

  it('a withdrawal while returned freezes the time and the days paused', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('RETURNED', '2026-05-05T09:00:00Z'),
      ev('WITHDRAWN', '2026-05-08T09:00:00Z'),
    ];
    const clock = legalClock(REPAIR, 'small', events, at('2026-06-01T09:00:00Z'));
    expect(clock).toMatchObject({
      running: false,
      paused: false,
      elapsedDays: 1,
      pausedDays: 3,
      deadlineDate: '2026-05-17',
      remainingDays: -15,
      overdue: false,
    });
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 1, 'done', false],
      ['REVIEW', 6, 0, 'pending', false],
      ['DECISION', 3, 0, 'pending', false],
    ]);
  });

  it('gives the same clock whatever the order of the events', () => {
    const sorted = [
      ev('SUBMITTED', '2026-05-04T08:00:00Z'),
      ev('RETURNED', '2026-05-04T14:00:00Z'),
      ev('RESUBMITTED', '2026-05-06T14:00:00Z'),
      ev('RETURNED', '2026-05-07T08:00:00Z'),
      ev('RESUBMITTED', '2026-05-10T20:00:00Z'),
      ev('ADMISSIBLE', '2026-05-11T08:00:00Z'),
    ];
    const shuffled = [sorted[5], sorted[2], sorted[0], sorted[4], sorted[1], sorted[3]] as ClockEvent[];
    const now = at('2026-05-12T08:00:00Z');
    const clock = legalClock(BUILDING, 'small', shuffled, now);
    expect(clock).toEqual(legalClock(BUILDING, 'small', sorted, now));
    expect(clock).toMatchObject({ elapsedDays: 2.5, pausedDays: 5, deadlineDate: '2026-05-24' });
  });

  it('fills a missing boundary with the next one instead of throwing', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('OPINIONS_COMPLETE', '2026-05-06T09:00:00Z'), // no ADMISSIBLE
    ];
    const clock = legalClock(REPAIR, 'small', events, at('2026-05-07T09:00:00Z'));
    expect(phaseSummary(clock)).toEqual([
      ['ADMISSIBILITY', 1, 2, 'done', true],
      ['REVIEW', 6, 0, 'done', false],
      ['DECISION', 3, 1, 'running', false],
    ]);
    const decidedOnly = legalClock(
      REPAIR,
      'small',
      [ev('SUBMITTED', '2026-05-04T09:00:00Z'), ev('DECIDED', '2026-05-05T21:00:00Z')],
      at('2026-05-07T09:00:00Z'),
    );
    expect(phaseSummary(decidedOnly)).toEqual([
      ['ADMISSIBILITY', 1, 1.5, 'done', true],
      ['REVIEW', 6, 0, 'done', false],
      ['DECISION', 3, 0, 'done', false],
    ]);
  });

  it('ignores stray events: a second SUBMITTED, a RESUBMITTED without return, a double RETURNED', () => {
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('RESUBMITTED', '2026-05-04T12:00:00Z'),
      ev('RETURNED', '2026-05-05T09:00:00Z'),
      ev('RETURNED', '2026-05-06T09:00:00Z'),
      ev('SUBMITTED', '2026-05-06T10:00:00Z'),
      ev('RESUBMITTED', '2026-05-07T09:00:00Z'),
    ];
    const clock = legalClock(REPAIR, 'small', events, at('2026-05-08T09:00:00Z'));
    expect(clock).toMatchObject({
      running: true,
      elapsedDays: 2,
      pausedDays: 2,
      deadlineDate: '2026-05-16',
    });
  });

  it('counts Moroccan dates around midnight for the submission and the returns', () => {
    // Submitted at 00:30 on 05-04 in Casablanca (23:30Z the day before): counted from 05-04.
    const submitted = legalClock(
      REPAIR,
      'small',
      [ev('SUBMITTED', '2026-05-03T23:30:00Z')],
      at('2026-05-04T09:00:00Z'),
    );
    expect(submitted).toMatchObject({ deadlineDate: '2026-05-14', remainingDays: 10, elapsedDays: 0.4 });

    // Returned at 23:30 and resubmitted at 00:30 the next Moroccan day: one hour, but one calendar day.
    const events = [
      ev('SUBMITTED', '2026-05-04T09:00:00Z'),
      ev('RETURNED', '2026-05-05T22:30:00Z'),
      ev('RESUBMITTED', '2026-05-05T23:30:00Z'),
    ];
    const overnight = legalClock(REPAIR, 'small', events, at('2026-05-06T09:00:00Z'));
    expect(overnight).toMatchObject({ pausedDays: 1, deadlineDate: '2026-05-15', elapsedDays: 1.96 });

    // Returned and resubmitted the same Moroccan day: the deadline does not move.
    const sameDay = legalClock(
      REPAIR,
      'small',
      [
        ev('SUBMITTED', '2026-05-04T09:00:00Z'),
        ev('RETURNED', '2026-05-04T23:30:00Z'), // 00:30 on 05-05
        ev('RESUBMITTED', '2026-05-05T22:00:00Z'), // 23:00 on 05-05
      ],
      at('2026-05-06T09:00:00Z'),
    );
    expect(sameDay).toMatchObject({ pausedDays: 0, deadlineDate: '2026-05-14', elapsedDays: 1.06 });
  });

  it('follows the runtime tz data after the 2026-09-20 change (expectation from casablancaDate)', () => {
    const submittedAt = '2026-10-01T23:30:00Z';
    const clock = legalClock(REPAIR, 'small', [ev('SUBMITTED', submittedAt)], at('2026-10-02T12:00:00Z'));
    const start = casablancaDate(at(submittedAt));
    expect(clock.deadlineDate).toBe(addDays(start, 10));
    expect(clock.remainingDays).toBe(
      daysBetween(casablancaDate(at('2026-10-02T12:00:00Z')), addDays(start, 10)),
    );
    expect(clock.elapsedDays).toBe(0.52);
  });
});

describe('clockEventsFromHistory', () => {
  it('maps application events to clock events and drops the others', () => {
    const history = [
      { type: 'APPLICATION_CREATED', at: '2026-05-01T09:00:00Z' },
      { type: 'APPLICATION_SUBMITTED', at: '2026-05-04T09:00:00Z' },
      { type: 'APPLICATION_RETURNED', at: '2026-05-05T09:00:00Z' },
      { type: 'APPLICATION_UPDATED', at: '2026-05-06T09:00:00Z' },
      { type: 'APPLICATION_RESUBMITTED', at: '2026-05-07T09:00:00Z' },
      { type: 'APPLICATION_ADMISSIBLE', at: '2026-05-08T09:00:00Z' },
      { type: 'OPINIONS_COMPLETE', at: '2026-05-09T09:00:00Z' },
      { type: 'APPLICATION_APPROVED', at: '2026-05-10T09:00:00Z' },
      { type: 'APPLICATION_REJECTED', at: '2026-05-11T09:00:00Z' },
      { type: 'APPLICATION_TACITLY_APPROVED', at: '2026-05-12T09:00:00Z' },
      { type: 'APPLICATION_WITHDRAWN', at: '2026-05-13T09:00:00Z' },
      { type: 'toString', at: '2026-05-14T09:00:00Z' },
    ];
    expect(clockEventsFromHistory(history)).toEqual([
      { type: 'SUBMITTED', at: '2026-05-04T09:00:00Z' },
      { type: 'RETURNED', at: '2026-05-05T09:00:00Z' },
      { type: 'RESUBMITTED', at: '2026-05-07T09:00:00Z' },
      { type: 'ADMISSIBLE', at: '2026-05-08T09:00:00Z' },
      { type: 'OPINIONS_COMPLETE', at: '2026-05-09T09:00:00Z' },
      { type: 'DECIDED', at: '2026-05-10T09:00:00Z' },
      { type: 'DECIDED', at: '2026-05-11T09:00:00Z' },
      { type: 'TACITLY_APPROVED', at: '2026-05-12T09:00:00Z' },
      { type: 'WITHDRAWN', at: '2026-05-13T09:00:00Z' },
    ]);
  });

  it('feeds legalClock directly', () => {
    const history = [
      { type: 'APPLICATION_SUBMITTED', at: '2026-05-04T09:00:00Z' },
      { type: 'APPLICATION_REJECTED', at: '2026-05-07T09:00:00Z' },
    ];
    const clock = legalClock(REPAIR, 'small', clockEventsFromHistory(history), at('2026-05-20T09:00:00Z'));
    expect(clock).toMatchObject({
      running: false,
      elapsedDays: 3,
      overdue: false,
      deadlineDate: '2026-05-14',
    });
  });
});

describe('legalClock in working days (the catalogue: decree procedures count working days)', () => {
  const PERMIT = getProcedure('BUILDING_PERMIT'); // 15 / 30 working days
  const WORKING_REPAIR = getProcedure('REPAIR'); // 10 working days

  it('skips Eid al-Adha (27–28 May 2026) and the weekends: 15 working days from 20 May end on 12 June', () => {
    const clock = legalClock(
      PERMIT,
      'small',
      [ev('SUBMITTED', '2026-05-20T09:00:00Z')],
      at('2026-05-21T09:00:00Z'),
    );
    expect(clock).toMatchObject({ dayCount: 'working', deadlineDays: 15, deadlineDate: '2026-06-12' });
    // Counted in working days: Thursday 21 May to Friday 12 June leaves 14 of them (27–28 May are Eid).
    expect(clock.remainingDays).toBe(14);
    // The calendar count would have ended on 4 June.
    expect(
      legalClock(BUILDING, 'small', [ev('SUBMITTED', '2026-05-20T09:00:00Z')], at('2026-05-21T09:00:00Z'))
        .deadlineDate,
    ).toBe('2026-06-04');
    // Overdue only once 12 June has passed in Casablanca (00:00 on the 13th is 12th 23:00 UTC).
    const events = [ev('SUBMITTED', '2026-05-20T09:00:00Z')];
    expect(legalClock(PERMIT, 'small', events, at('2026-06-12T22:59:00Z')).overdue).toBe(false);
    expect(legalClock(PERMIT, 'small', events, at('2026-06-12T23:00:00Z'))).toMatchObject({
      overdue: true,
      remainingDays: 0,
    });
    expect(legalClock(PERMIT, 'small', events, at('2026-06-15T09:00:00Z'))).toMatchObject({
      overdue: true,
      remainingDays: -1,
    });
  });

  it('skips Throne Day, 14, 20–21 August and Mawlid (25–26 August): 30 working days from 20 July end on 8 September', () => {
    const clock = legalClock(
      PERMIT,
      'large',
      [ev('SUBMITTED', '2026-07-20T10:00:00Z')],
      at('2026-07-20T12:00:00Z'),
    );
    expect(clock).toMatchObject({ dayCount: 'working', deadlineDays: 30, deadlineDate: '2026-09-08' });
  });

  it('a repair filed on a Friday: the weekend and Independence Day (18 November) do not count', () => {
    const clock = legalClock(
      WORKING_REPAIR,
      'small',
      [ev('SUBMITTED', '2026-11-13T10:00:00Z')],
      at('2026-11-13T11:00:00Z'),
    );
    expect(clock.deadlineDate).toBe('2026-11-30');
  });

  it('a return moves the deadline by the working days it lasted; pausedDays stay calendar days', () => {
    const events = [
      ev('SUBMITTED', '2026-05-20T09:00:00Z'),
      ev('RETURNED', '2026-05-22T09:00:00Z'), // Friday
      ev('RESUBMITTED', '2026-05-29T09:00:00Z'), // next Friday: 25, 26 and 29 May are working days, 27–28 Eid
    ];
    const clock = legalClock(PERMIT, 'small', events, at('2026-06-01T09:00:00Z'));
    // 12 June + 3 working days, Islamic New Year (16 June) skipped.
    expect(clock).toMatchObject({ pausedDays: 7, deadlineDate: '2026-06-18', running: true });
    // The resubmission use case moves the stored deadline the same way.
    expect(deadlineAfterReturn(PERMIT, '2026-06-12', '2026-05-22', '2026-05-29')).toBe('2026-06-18');
    expect(deadlineAfterReturn(PERMIT, '2026-06-12', '2026-05-22', '2026-05-22')).toBe('2026-06-12');
  });

  it('a step counting working days uses only the time on working days', () => {
    // Friday 10:00 to Monday 10:00 in Casablanca: 3 calendar days, one working day (14 h + 10 h).
    const events = [ev('SUBMITTED', '2026-05-22T09:00:00Z')];
    const clock = legalClock(PERMIT, 'small', events, at('2026-05-25T09:00:00Z'));
    expect(clock.elapsedDays).toBe(3);
    expect(clock.phases[0]).toEqual({
      phase: 'ADMISSIBILITY',
      budgetDays: 1,
      dayCount: 'working',
      elapsedDays: 1,
      status: 'running',
      overBudget: false,
    });
    // The same file counted in calendar days is already over its one-day budget.
    expect(legalClock(BUILDING, 'small', events, at('2026-05-25T09:00:00Z')).phases[0]).toMatchObject({
      elapsedDays: 3,
      overBudget: true,
    });
  });

  it('months stay calendar periods: demolition and the occupancy permit count 30 calendar days', () => {
    for (const code of ['DEMOLITION', 'OCCUPANCY_PERMIT', 'CONFORMITY_CERTIFICATE'] as const) {
      const clock = legalClock(
        getProcedure(code),
        'small',
        [ev('SUBMITTED', '2026-05-20T09:00:00Z')],
        at('2026-05-21T09:00:00Z'),
      );
      expect(clock).toMatchObject({ dayCount: 'calendar', deadlineDate: '2026-06-19' });
      expect(clock.phases.every((p) => p.dayCount === 'calendar')).toBe(true);
    }
  });
});

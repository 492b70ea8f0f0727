/**
 * 班前教育 (pre-shift briefings), version `briefing@1`: the days a team is expected to hold one (statutory working days
 * of the jurisdiction's WorkCalendar, inspectionSchedule.ts), the reminder level at an instant (after the due time
 * the team leader, some hours later the enterprise's safety managers) and the monthly statistics per team.
 * Days are calendar days `YYYY-MM-DD` in Asia/Shanghai (UTC+8).
 */
import { addCalendarDays, isWorkingDay, shanghaiDayOf, shanghaiMidnight, type WorkCalendar } from "./inspectionSchedule";

export const BRIEFING_VERSION = "briefing@1";

/** Default hours credited to each attendee's training record for one briefing [U: no national figure]. */
export const BRIEFING_TRAINING_HOURS = 0.25;

export const BRIEFING_REMINDER_LEVELS = {
  1: { zh: "提醒班组长", en: "Team leader reminded" },
  2: { zh: "升级至安全管理人员", en: "Escalated to the safety managers" },
} as const;
export type BriefingReminderLevel = 0 | 1 | 2;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
export function isMonthKey(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

/** All calendar days of a month "YYYY-MM". */
export function daysOfMonth(month: string): string[] {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`bad month ${month}`);
  const n = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => addCalendarDays(`${month}-01`, i));
}

/** Is a briefing expected on this day? (statutory working days of the calendar) */
export function isBriefingDay(day: string, cal: WorkCalendar): boolean {
  return isWorkingDay(day, cal);
}

/** The expected briefing days of a month, optionally only up to and including `until` (e.g. today). */
export function expectedBriefingDays(month: string, cal: WorkCalendar, until?: string): string[] {
  return daysOfMonth(month).filter((d) => (until === undefined || d <= until) && isBriefingDay(d, cal));
}

/** "HH:MM" → minutes after midnight; throws on a bad value. */
export function parseDueTime(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new RangeError(`bad time ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The instants of the day at which level 1 (due time) and level 2 (due time + escalateHours) start. */
export function briefingReminderTimes(day: string, dueTime: string, escalateHours: number): { level1: Date; level2: Date } {
  const level1 = new Date(shanghaiMidnight(day).getTime() + parseDueTime(dueTime) * 60_000);
  return { level1, level2: new Date(level1.getTime() + escalateHours * 3_600_000) };
}

/**
 * Reminder level for a team at `now` (its briefing of today not held): 0 on rest days and before the due time,
 * 1 from the due time (Beijing), 2 from `escalateHours` later. Only the current Beijing day is considered.
 */
export function briefingReminderLevel(now: Date, cal: WorkCalendar, dueTime: string, escalateHours: number, held = false): BriefingReminderLevel {
  if (held) return 0;
  const day = shanghaiDayOf(now);
  if (!isBriefingDay(day, cal)) return 0;
  const { level1, level2 } = briefingReminderTimes(day, dueTime, escalateHours);
  if (now.getTime() >= level2.getTime()) return 2;
  if (now.getTime() >= level1.getTime()) return 1;
  return 0;
}

export interface BriefingFact {
  day: string;
  /** People who signed in. */
  attendees: number;
  /** People expected (the team's members). */
  members: number;
}

export interface TeamMonthStats {
  /** Expected briefing days (working days, up to `until`). */
  days: number;
  /** Briefings held in the month (any day). */
  held: number;
  /** Briefings held on expected days. */
  heldOnDays: number;
  /** heldOnDays / days, 4 decimals; null when no day was expected. */
  rate: number | null;
  /** Σ min(attendees, members) / Σ members over the briefings held; null when there is nobody to expect. */
  attendanceRate: number | null;
  /** Expected days without a briefing. */
  missedDays: string[];
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Monthly statistics of one team from its briefings in the month. */
export function teamMonthStats(month: string, briefings: readonly BriefingFact[], cal: WorkCalendar, until?: string): TeamMonthStats {
  const expected = expectedBriefingDays(month, cal, until);
  const inMonth = briefings.filter((b) => b.day.startsWith(`${month}-`) && (until === undefined || b.day <= until));
  const heldDays = new Set(inMonth.map((b) => b.day));
  const heldOnDays = expected.filter((d) => heldDays.has(d)).length;
  const expectedPeople = inMonth.reduce((s, b) => s + b.members, 0);
  const present = inMonth.reduce((s, b) => s + Math.min(b.attendees, b.members), 0);
  return {
    days: expected.length,
    held: heldDays.size,
    heldOnDays,
    rate: expected.length ? round4(heldOnDays / expected.length) : null,
    attendanceRate: expectedPeople ? round4(present / expectedPeople) : null,
    missedDays: expected.filter((d) => !heldDays.has(d)),
  };
}

/** The Beijing day of an instant (re-exported for briefing callers). */
export const briefingDayOf = (at: Date): string => shanghaiDayOf(at);

/** Statistics periods (统计周期) in Asia/Shanghai calendar days: day, ISO week (from Monday), month. */
import { addDays } from "../../platform/time";

export const PERIODS = ["day", "week", "month"] as const;
export type Period = (typeof PERIODS)[number];

/** The first day (YYYY-MM-DD) of the period that holds `day`; weeks start on Monday (ISO). */
export function periodStart(day: string, period: Period): string {
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

export function nextPeriod(start: string, period: Period): string {
  if (period === "day") return addDays(start, 1);
  if (period === "week") return addDays(start, 7);
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Default window: the last 12 months, 12 weeks or 30 days up to today (Asia/Shanghai). */
export function defaultRange(today: string, period: Period): { from: string; to: string } {
  if (period === "day") return { from: addDays(today, -29), to: today };
  if (period === "week") return { from: periodStart(addDays(today, -7 * 11), "week"), to: today };
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 11);
  return { from: d.toISOString().slice(0, 10), to: today };
}

/**
 * Which rows of the summary table cover [from, to]: whole months from the monthly rows, the rest from the daily ones.
 * A range reaching today covers the rest of the current month too (nothing is reported or closed after now).
 */
export function summaryRanges(from: string, to: string, today: string, period: Period): { months: [string, string] | null; days: [string, string][] } {
  if (period !== "month") return { months: null, days: [[from, to]] };
  const firstMonth = from === periodStart(from, "month") ? from : nextPeriod(periodStart(from, "month"), "month");
  const end = to >= today ? addDays(nextPeriod(periodStart(to, "month"), "month"), -1) : to;
  const afterLast =
    end === addDays(nextPeriod(periodStart(end, "month"), "month"), -1) ? nextPeriod(periodStart(end, "month"), "month") : periodStart(end, "month");
  if (firstMonth >= afterLast) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < firstMonth) days.push([from, addDays(firstMonth, -1)]);
  if (afterLast <= to) days.push([afterLast, to]);
  return { months: [firstMonth, afterLast], days };
}

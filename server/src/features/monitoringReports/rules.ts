/**
 * The rules of the monitoring reports (日记录、周分析、月通报) in one place: report periods and the thresholds of the
 * monthly bulletin. The thresholds are not fixed by national rules [U]: change them here (every generated report
 * records the values it used in `data.thresholds`, so an old report still says by which rules it was judged).
 */
import { addDays } from "../../platform/time";

export const REPORT_KINDS = {
  daily: { zh: "日记录", en: "Daily record" },
  weekly: { zh: "周分析", en: "Weekly analysis" },
  monthly: { zh: "月通报", en: "Monthly bulletin" },
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;
export const REPORT_KIND_CODES = Object.keys(REPORT_KINDS) as ReportKind[];

/** Bump when the shape or the rules of `data` change: stored reports of an older version are recomputed on request. */
export const REPORT_FORMAT_VERSION = 1;

/**
 * Configurable thresholds (可配置阈值):
 * - acknowledged in time = within the first escalation step (`config.ALARM_ESCALATION_MINUTES[0]`, passed in);
 * - disposed in time = within `DISPOSE_WITHIN_HOURS` of raising;
 * - red list (重点关注名单): online rate below `RED_LIST.minOnlineRate`, or disposal timeliness below
 *   `RED_LIST.minTimeliness`, or (when `RED_LIST.unacknowledgedRed`) any red alarm of the period still unacknowledged;
 * - repeat offenders: sensors with at least `REPEAT_OFFENDER_MIN_ALARMS` alarms in the week;
 * - top lists: `TOP_N` entries.
 */
export const DISPOSE_WITHIN_HOURS = 24;
export const RED_LIST = { minOnlineRate: 0.95, minTimeliness: 0.8, unacknowledgedRed: true } as const;
export const REPEAT_OFFENDER_MIN_ALARMS = 3;
export const TOP_N = 10;

export interface ReportThresholds {
  ackWithinMinutes: number;
  disposeWithinHours: number;
  redList: { minOnlineRate: number; minTimeliness: number; unacknowledgedRed: boolean };
  repeatOffenderMinAlarms: number;
  topN: number;
}

export function reportThresholds(escalationMinutes: readonly number[]): ReportThresholds {
  return {
    ackWithinMinutes: escalationMinutes[0] ?? 5,
    disposeWithinHours: DISPOSE_WITHIN_HOURS,
    redList: { ...RED_LIST },
    repeatOffenderMinAlarms: REPEAT_OFFENDER_MIN_ALARMS,
    topN: TOP_N,
  };
}

export const RED_LIST_REASONS = {
  online_rate: { zh: "在线率低于阈值", en: "Online rate below threshold" },
  timeliness: { zh: "处置及时率低于阈值", en: "Timeliness below threshold" },
  unacknowledged_red: { zh: "存在未确认的红色预警", en: "Unacknowledged red alarm" },
} as const;
export type RedListReason = keyof typeof RED_LIST_REASONS;

// ---------------------------------------------------------------------------------------------------------------
// Periods: Asia/Shanghai calendar days; weeks Monday–Sunday; calendar months.

export interface Period {
  kind: ReportKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD. */
  end: string;
  /** [startAt, endAt) as instants. */
  startAt: Date;
  endAt: Date;
}

/** The first instant of a calendar day in Asia/Shanghai. */
export const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** Day of the week of a calendar date, Monday = 0 … Sunday = 6. */
const weekday = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

export function mondayOf(date: string): string {
  return addDays(date, -weekday(date));
}

function lastDayOfMonth(date: string): string {
  const [y, m] = date.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

/** The period of this kind that contains `date`. */
export function periodOf(kind: ReportKind, date: string): Period {
  let start: string;
  let end: string;
  if (kind === "daily") {
    start = date;
    end = date;
  } else if (kind === "weekly") {
    start = mondayOf(date);
    end = addDays(start, 6);
  } else {
    start = `${date.slice(0, 7)}-01`;
    end = lastDayOfMonth(date);
  }
  return { kind, start, end, startAt: dayStart(start), endAt: dayStart(addDays(end, 1)) };
}

/** The period before this one (the day, week or month before). */
export function previousPeriod(p: Period): Period {
  return periodOf(p.kind, addDays(p.start, -1));
}

/** The last complete period of this kind before `today` (what the scheduled job generates). */
export function lastCompletePeriod(kind: ReportKind, today: string): Period {
  return previousPeriod(periodOf(kind, today));
}

/** Every calendar day of a period. */
export function daysOf(p: Pick<Period, "start" | "end">): string[] {
  const out: string[] = [];
  for (let d = p.start; d <= p.end; d = addDays(d, 1)) out.push(d);
  return out;
}

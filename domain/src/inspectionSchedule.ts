/**
 * 排查任务周期 (inspection task cycles) → 排查时段 (occurrence windows), version `schedule@1`.
 *
 * A task (隐患排查任务, domain-reference §1.3/§1.4) has a cycle (`checkCycle` > 0) in hours, days, weeks, months or
 * years, a work-day type (`workDayType` 0 every day, 1 statutory working days, 2 non-working days), work hours for
 * hourly tasks and a start time. Days are calendar days in Asia/Shanghai (UTC+8, no daylight saving).
 *
 * - hour: every `cycle` hours from workStart, the last window cut at workEnd, on each eligible day.
 * - day: periods of `cycle` days counted from startAt's date; the window is the whole first eligible day of the period.
 * - week / month / year: periods of `cycle` weeks / months / years counted from startAt's date (a month boundary past
 *   the month's end is its last day, as PostgreSQL's `date + interval`); one window covers the whole period and is
 *   generated on the period's first eligible day.
 * A window is due only when it ends after startAt. The server generates the same windows in SQL
 * (server/src/features/inspections/generate.ts); a test checks the two agree.
 */
import { z } from "zod";

export const SCHEDULE_VERSION = "schedule@1";

export const CYCLE_UNITS = {
  hour: { zh: "小时", en: "hour", national: "小时" },
  day: { zh: "天", en: "day", national: "天" },
  week: { zh: "周", en: "week", national: "周" },
  month: { zh: "月", en: "month", national: "月" },
  year: { zh: "年", en: "year", national: "年" },
} as const;
export type CycleUnit = keyof typeof CYCLE_UNITS;
export const CYCLE_UNIT_CODES = Object.keys(CYCLE_UNITS) as CycleUnit[];

/** workDayType (工作日类型). */
export const WORK_DAY_TYPES = {
  0: { zh: "每天", en: "Every day" },
  1: { zh: "法定工作日", en: "Statutory working days" },
  2: { zh: "非工作日", en: "Non-working days" },
} as const;
export type WorkDayType = 0 | 1 | 2;

/** workType (任务类型): 0 routine; 1–3 the 包保责任人 tasks of a major hazard source. */
export const WORK_TYPES = {
  0: { zh: "日常任务", en: "Routine task" },
  1: { zh: "主要负责人任务", en: "Principal responsible person's task" },
  2: { zh: "技术负责人任务", en: "Technical responsible person's task" },
  3: { zh: "操作负责人任务", en: "Operations responsible person's task" },
} as const;
export type WorkType = 0 | 1 | 2 | 3;
/** taskNum range per 包保 workType: items of 《危险化学品企业重大危险源安全包保责任人隐患排查任务清单》. */
export const TASK_NUM_MAX: Record<1 | 2 | 3, number> = { 1: 9, 2: 9, 3: 10 };

/** Inspection instance statuses: pending 待排查, done 已完成, late 逾期完成, missed 漏检, suspended 停用检维修中. */
export const INSTANCE_STATUSES = {
  pending: { zh: "待排查", en: "Pending" },
  done: { zh: "已完成", en: "Done" },
  late: { zh: "逾期完成", en: "Done late" },
  missed: { zh: "漏检", en: "Missed" },
  suspended: { zh: "停用暂停", en: "Suspended (shutdown)" },
} as const;
export type InstanceStatus = keyof typeof INSTANCE_STATUSES;
export const INSTANCE_STATUS_CODES = Object.keys(INSTANCE_STATUSES) as InstanceStatus[];

// ---------------------------------------------------------------------------------------------
// Calendar days (YYYY-MM-DD, Asia/Shanghai)

const DAY_MS = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDay(s: string): boolean {
  if (!DAY_PATTERN.test(s)) return false;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}
const dayNum = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The Shanghai calendar day of an instant. */
export function shanghaiDayOf(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
/** 00:00 Shanghai of a day, as an instant (16:00 UTC the day before). */
export function shanghaiMidnight(day: string): Date {
  return new Date(dayNum(day) * DAY_MS - SHANGHAI_OFFSET_MS);
}
export function addCalendarDays(day: string, n: number): string {
  return dayOf(dayNum(day) + n);
}
/** b − a in days. */
export function calendarDaysBetween(a: string, b: string): number {
  return dayNum(b) - dayNum(a);
}
/** Adds months; a day past the target month's end becomes its last day (as PostgreSQL's date + interval 'n months'). */
export function addMonthsClamped(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${String(ty).padStart(4, "0")}-${String(tm + 1).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

// ---------------------------------------------------------------------------------------------
// Working-day calendar (法定工作日, with 调休)

/**
 * A working-day calendar: weekends are non-working unless listed in `workdays` (调休上班); weekdays are working unless
 * listed in `holidays` (法定节假日放假). Configurable per jurisdiction (setting `work-calendar`).
 */
export interface WorkCalendar {
  holidays: readonly string[];
  workdays: readonly string[];
}

const days = (from: string, to: string) => Array.from({ length: calendarDaysBetween(from, to) + 1 }, (_, i) => addCalendarDays(from, i));

/**
 * 2026 as announced in 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, published by Xinhua): 元旦 1/1–1/3 (1/4 上班);
 * 春节 2/15–2/23 (2/14, 2/28 上班); 清明 4/4–4/6; 劳动节 5/1–5/5 (5/9 上班); 端午 6/19–6/21; 中秋 9/25–9/27;
 * 国庆 10/1–10/7 (9/20, 10/10 上班). Other years: weekends only until a jurisdiction adds them.
 */
export const CN_2026_CALENDAR: WorkCalendar = {
  holidays: [
    ...days("2026-01-01", "2026-01-03"),
    ...days("2026-02-15", "2026-02-23"),
    ...days("2026-04-04", "2026-04-06"),
    ...days("2026-05-01", "2026-05-05"),
    ...days("2026-06-19", "2026-06-21"),
    ...days("2026-09-25", "2026-09-27"),
    ...days("2026-10-01", "2026-10-07"),
  ],
  workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
};
export const DEFAULT_WORK_CALENDAR: WorkCalendar = CN_2026_CALENDAR;
export const WEEKENDS_ONLY_CALENDAR: WorkCalendar = { holidays: [], workdays: [] };

const dayString = z.string({ error: "日期应为文本" }).refine(isCalendarDay, { error: "日期格式应为 YYYY-MM-DD" });
export const workCalendarSchema = z
  .object({
    holidays: z.array(dayString).max(1000, { error: "节假日最多 1000 天" }),
    workdays: z.array(dayString).max(1000, { error: "调休上班日最多 1000 天" }),
  })
  .superRefine((c, ctx) => {
    const off = new Set(c.holidays);
    c.workdays.forEach((d, i) => {
      if (off.has(d)) ctx.addIssue({ code: "custom", path: ["workdays", i], message: `${d} 同时列为节假日和上班日` });
    });
  });

/** Weekday 0 = Sunday … 6 = Saturday. */
export function calendarWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Is the day a statutory working day (法定工作日)? */
export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
  if (cal.workdays.includes(day)) return true;
  if (cal.holidays.includes(day)) return false;
  const wd = calendarWeekday(day);
  return wd !== 0 && wd !== 6;
}

/** May a task of this work-day type fall on the day? */
export function isEligibleDay(workDayType: WorkDayType, day: string, cal: WorkCalendar): boolean {
  if (workDayType === 0) return true;
  return isWorkingDay(day, cal) === (workDayType === 1);
}

/** The latest eligible day before `day` (looking back at most `lookback` days), or null. */
export function lastEligibleBefore(workDayType: WorkDayType, day: string, cal: WorkCalendar, lookback = 400): string | null {
  for (let i = 1; i <= lookback; i++) {
    const d = addCalendarDays(day, -i);
    if (isEligibleDay(workDayType, d, cal)) return d;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Occurrences

export interface ScheduleTask {
  cycle: number;
  cycleUnit: CycleUnit;
  workDayType: WorkDayType;
  /** "HH:mm", required for hourly tasks. */
  workStart?: string | null;
  /** "HH:mm" (24:00 allowed), after workStart. */
  workEnd?: string | null;
  startAt: Date;
}

export interface OccurrenceWindow {
  dueFrom: Date;
  dueTo: Date;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** Minutes after midnight of "HH:mm" ("24:00" only when `end`), or null when malformed. */
export function parseHHmm(s: string | null | undefined, end = false): number | null {
  if (!s) return null;
  if (end && s === "24:00") return 1440;
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The period (non-hourly tasks) containing `day`, as [start, end) days; null before the task's first day. */
export function periodOf(task: ScheduleTask, day: string): { start: string; end: string } | null {
  const startDay = shanghaiDayOf(task.startAt);
  const diff = calendarDaysBetween(startDay, day);
  if (diff < 0 || task.cycleUnit === "hour") return null;
  const n = task.cycle;
  if (task.cycleUnit === "day" || task.cycleUnit === "week") {
    const len = task.cycleUnit === "day" ? n : 7 * n;
    const start = addCalendarDays(startDay, Math.floor(diff / len) * len);
    return { start, end: addCalendarDays(start, len) };
  }
  const step = task.cycleUnit === "month" ? n : 12 * n;
  let k = Math.floor((monthIndex(day) - monthIndex(startDay)) / step) * step;
  if (addMonthsClamped(startDay, k) > day) k -= step;
  return { start: addMonthsClamped(startDay, k), end: addMonthsClamped(startDay, k + step) };
}

/** The first eligible day of a period, or null when it has none (searching at most `limit` days). */
function firstEligibleIn(task: ScheduleTask, p: { start: string; end: string }, cal: WorkCalendar, limit = 400): string | null {
  const len = Math.min(calendarDaysBetween(p.start, p.end), limit);
  for (let i = 0; i < len; i++) {
    const d = addCalendarDays(p.start, i);
    if (isEligibleDay(task.workDayType, d, cal)) return d;
  }
  return null;
}

function hourlyWindows(task: ScheduleTask, day: string): OccurrenceWindow[] {
  const from = parseHHmm(task.workStart);
  const to = parseHHmm(task.workEnd, true);
  if (from === null || to === null || from >= to || task.cycle < 1) return [];
  const base = shanghaiMidnight(day).getTime();
  const out: OccurrenceWindow[] = [];
  for (let m = from; m < to; m += task.cycle * 60) {
    out.push({ dueFrom: new Date(base + m * 60_000), dueTo: new Date(base + Math.min(m + task.cycle * 60, to) * 60_000) });
  }
  return out;
}

/** The windows generated on `day` (Shanghai): what the daily job inserts for the task. */
export function occurrencesOn(task: ScheduleTask, day: string, cal: WorkCalendar): OccurrenceWindow[] {
  if (!Number.isInteger(task.cycle) || task.cycle < 1) return [];
  if (calendarDaysBetween(shanghaiDayOf(task.startAt), day) < 0 || !isEligibleDay(task.workDayType, day, cal)) return [];
  const due = (w: OccurrenceWindow) => w.dueTo.getTime() > task.startAt.getTime();
  if (task.cycleUnit === "hour") return hourlyWindows(task, day).filter(due);
  const p = periodOf(task, day);
  if (!p || firstEligibleIn(task, p, cal) !== day) return [];
  const w =
    task.cycleUnit === "day"
      ? { dueFrom: shanghaiMidnight(day), dueTo: shanghaiMidnight(addCalendarDays(day, 1)) }
      : { dueFrom: shanghaiMidnight(p.start), dueTo: shanghaiMidnight(p.end) };
  return due(w) ? [w] : [];
}

/** The next window that has not ended at `now` (the current one if open), or null within the horizon. */
export function nextOccurrence(task: ScheduleTask, now: Date, cal: WorkCalendar, horizonDays = 800): OccurrenceWindow | null {
  if (!Number.isInteger(task.cycle) || task.cycle < 1) return null;
  const open = (w: OccurrenceWindow) => w.dueTo.getTime() > now.getTime() && w.dueTo.getTime() > task.startAt.getTime();
  const startDay = shanghaiDayOf(task.startAt);
  const today = shanghaiDayOf(now);
  // biome-ignore lint/complexity/useMathMinMax: ISO day strings, compared as strings
  let day = today < startDay ? startDay : today;
  const last = addCalendarDays(day, horizonDays);
  if (task.cycleUnit === "hour") {
    for (let i = 0; i < Math.min(horizonDays, 60); i++) {
      const w = occurrencesOn(task, addCalendarDays(day, i), cal).find(open);
      if (w) return w;
    }
    return null;
  }
  let p = periodOf(task, day);
  while (p && p.start <= last) {
    const first = firstEligibleIn(task, p, cal);
    if (first) {
      const w =
        task.cycleUnit === "day"
          ? { dueFrom: shanghaiMidnight(first), dueTo: shanghaiMidnight(addCalendarDays(first, 1)) }
          : { dueFrom: shanghaiMidnight(p.start), dueTo: shanghaiMidnight(p.end) };
      if (open(w)) return w;
    }
    day = p.end;
    p = periodOf(task, day);
  }
  return null;
}

/** Done after its window closed (逾期完成). */
export function isLate(window: { dueTo: Date }, doneAt: Date): boolean {
  return doneAt.getTime() >= window.dueTo.getTime();
}

/** Missed (漏检): marked so, or still pending when its window has closed. */
export function isMissed(instance: { status: string; dueTo: Date }, now: Date): boolean {
  return instance.status === "missed" || (instance.status === "pending" && now.getTime() >= instance.dueTo.getTime());
}

// ---------------------------------------------------------------------------------------------
// Task input (the API and the web form share it)

const HHMM_TEXT = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export const inspectionTaskFields = {
  content: z.string({ error: "排查内容应为文本" }).trim().min(1, { error: "排查内容不能为空" }).max(500, { error: "排查内容不能超过 500 个字" }),
  cycle: z
    .number({ error: "排查周期应为数字" })
    .int({ error: "排查周期应为正整数" })
    .min(1, { error: "排查周期应大于 0" })
    .max(1000, { error: "排查周期过大" }),
  cycleUnit: z.enum(CYCLE_UNIT_CODES as [CycleUnit, ...CycleUnit[]], { error: "周期单位应为 hour/day/week/month/year" }),
  workDayType: z.union([z.literal(0), z.literal(1), z.literal(2)], { error: "工作日类型应为 0（每天）、1（法定工作日）或 2（非工作日）" }),
  workStart: z.string().regex(HHMM_TEXT, { error: "开始时间格式应为 HH:mm" }).nullish(),
  workEnd: z.string().regex(HHMM_TEXT, { error: "结束时间格式应为 HH:mm" }).nullish(),
  workType: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { error: "任务类型应为 0–3" }),
  taskNum: z.number({ error: "包保任务序号应为数字" }).int({ error: "包保任务序号应为整数" }).nullish(),
  assigneeUserId: z.uuid({ error: "责任人无效" }).nullish(),
  assigneePost: z.string().trim().max(100, { error: "责任岗位不能超过 100 个字" }).optional(),
  startAt: z.iso.datetime({ offset: true, error: "开始时间应为 ISO 8601 时间" }),
};

type Issue = { path: string; message: string };
/** Cross-field rules: hourly tasks need workStart < workEnd; 包保 tasks (workType 1–3) need taskNum in their range. */
export function taskScheduleIssues(t: {
  cycleUnit?: CycleUnit;
  workStart?: string | null;
  workEnd?: string | null;
  workType?: number;
  taskNum?: number | null;
}): Issue[] {
  const out: Issue[] = [];
  if (t.cycleUnit === "hour") {
    const s = parseHHmm(t.workStart);
    const e = parseHHmm(t.workEnd, true);
    // A malformed time is the field schema's error; here only the missing ones and their order.
    if (!t.workStart) out.push({ path: "workStart", message: "按小时排查的任务须填写开始时间（HH:mm）" });
    if (!t.workEnd) out.push({ path: "workEnd", message: "按小时排查的任务须填写结束时间（HH:mm）" });
    if (s !== null && e !== null && s >= e) out.push({ path: "workEnd", message: "结束时间应晚于开始时间" });
  }
  if (t.workType === 1 || t.workType === 2 || t.workType === 3) {
    const max = TASK_NUM_MAX[t.workType];
    if (t.taskNum === null || t.taskNum === undefined) out.push({ path: "taskNum", message: `包保责任人任务须填写任务序号（1–${max}）` });
    else if (t.taskNum < 1 || t.taskNum > max) out.push({ path: "taskNum", message: `${WORK_TYPES[t.workType].zh}的任务序号应在 1–${max} 之间` });
  } else if (t.taskNum !== null && t.taskNum !== undefined) {
    out.push({ path: "taskNum", message: "日常任务不填写包保任务序号" });
  }
  return out;
}

export const inspectionTaskInputSchema = z
  .object({ ...inspectionTaskFields, workType: inspectionTaskFields.workType.default(0), workDayType: inspectionTaskFields.workDayType.default(0) })
  .strict()
  .superRefine((t, ctx) => {
    for (const i of taskScheduleIssues(t)) ctx.addIssue({ code: "custom", path: [i.path], message: i.message });
  });
export type InspectionTaskInput = z.infer<typeof inspectionTaskInputSchema>;

export const inspectionTaskPatchSchema = z
  .object({
    content: inspectionTaskFields.content.optional(),
    cycle: inspectionTaskFields.cycle.optional(),
    cycleUnit: inspectionTaskFields.cycleUnit.optional(),
    workDayType: inspectionTaskFields.workDayType.optional(),
    workStart: inspectionTaskFields.workStart,
    workEnd: inspectionTaskFields.workEnd,
    workType: inspectionTaskFields.workType.optional(),
    taskNum: inspectionTaskFields.taskNum,
    assigneeUserId: inspectionTaskFields.assigneeUserId,
    assigneePost: inspectionTaskFields.assigneePost,
    startAt: inspectionTaskFields.startAt.optional(),
    expectedVersion: z.number().int().optional(),
  })
  .strict();
export type InspectionTaskPatch = z.infer<typeof inspectionTaskPatchSchema>;

import { describe, expect, it } from "vitest";
import {
  addMonthsClamped,
  CN_2026_CALENDAR,
  inspectionTaskInputSchema,
  isLate,
  isMissed,
  isWorkingDay,
  lastEligibleBefore,
  nextOccurrence,
  occurrencesOn,
  periodOf,
  SCHEDULE_VERSION,
  shanghaiDayOf,
  shanghaiMidnight,
  taskScheduleIssues,
  WEEKENDS_ONLY_CALENDAR,
  type ScheduleTask,
} from "../src/inspectionSchedule";

const CAL = WEEKENDS_ONLY_CALENDAR;
/** "2026-11-23 08:00" Shanghai → instant. */
const sh = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);
const iso = (w: { dueFrom: Date; dueTo: Date }) => [w.dueFrom.toISOString(), w.dueTo.toISOString()];
const task = (t: Partial<ScheduleTask>): ScheduleTask => ({ cycle: 1, cycleUnit: "day", workDayType: 0, startAt: sh("2026-11-01 00:00"), ...t });

describe("calendar days in Asia/Shanghai", () => {
  it("names its version", () => expect(SCHEDULE_VERSION).toBe("schedule@1"));

  it("puts 16:00 UTC on the next Shanghai day and midnight Shanghai at 16:00 UTC the day before", () => {
    expect(shanghaiDayOf(new Date("2026-11-22T15:59:59Z"))).toBe("2026-11-22");
    expect(shanghaiDayOf(new Date("2026-11-22T16:00:00Z"))).toBe("2026-11-23");
    expect(shanghaiMidnight("2026-11-23").toISOString()).toBe("2026-11-22T16:00:00.000Z");
  });

  it("clamps month ends like PostgreSQL", () => {
    expect(addMonthsClamped("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonthsClamped("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonthsClamped("2026-01-31", 3)).toBe("2026-04-30");
    expect(addMonthsClamped("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonthsClamped("2028-02-29", 12)).toBe("2029-02-28");
  });

  it("knows weekends, 2026 holidays and make-up working days (调休)", () => {
    expect(isWorkingDay("2026-11-23", CAL)).toBe(true); // Monday
    expect(isWorkingDay("2026-11-28", CAL)).toBe(false); // Saturday
    expect(isWorkingDay("2026-10-05", CN_2026_CALENDAR)).toBe(false); // 国庆 Monday
    expect(isWorkingDay("2026-10-10", CN_2026_CALENDAR)).toBe(true); // Saturday 调休上班
    expect(isWorkingDay("2026-02-14", CN_2026_CALENDAR)).toBe(true);
    expect(isWorkingDay("2026-02-23", CN_2026_CALENDAR)).toBe(false);
    expect(CN_2026_CALENDAR.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(lastEligibleBefore(1, "2026-10-08", CN_2026_CALENDAR)).toBe("2026-09-30");
    expect(lastEligibleBefore(2, "2026-10-10", CN_2026_CALENDAR)).toBe("2026-10-07");
  });
});

describe("hourly tasks", () => {
  const hourly = task({ cycleUnit: "hour", cycle: 2, workStart: "08:00", workEnd: "17:30" });

  it("cuts windows every cycle hours from workStart and ends the last at workEnd", () => {
    const ws = occurrencesOn(hourly, "2026-11-23", CAL);
    expect(ws.map(iso)).toEqual([
      ["2026-11-23T00:00:00.000Z", "2026-11-23T02:00:00.000Z"],
      ["2026-11-23T02:00:00.000Z", "2026-11-23T04:00:00.000Z"],
      ["2026-11-23T04:00:00.000Z", "2026-11-23T06:00:00.000Z"],
      ["2026-11-23T06:00:00.000Z", "2026-11-23T08:00:00.000Z"],
      ["2026-11-23T08:00:00.000Z", "2026-11-23T09:30:00.000Z"],
    ]);
  });

  it("runs to midnight with workEnd 24:00 and starts the Shanghai day at 16:00 UTC", () => {
    const ws = occurrencesOn(task({ cycleUnit: "hour", cycle: 8, workStart: "00:00", workEnd: "24:00" }), "2026-11-23", CAL);
    expect(ws.map(iso)).toEqual([
      ["2026-11-22T16:00:00.000Z", "2026-11-23T00:00:00.000Z"],
      ["2026-11-23T00:00:00.000Z", "2026-11-23T08:00:00.000Z"],
      ["2026-11-23T08:00:00.000Z", "2026-11-23T16:00:00.000Z"],
    ]);
  });

  it("skips windows that end before startAt and days before it", () => {
    const late = { ...hourly, startAt: sh("2026-11-23 10:30") };
    expect(occurrencesOn(late, "2026-11-23", CAL).map((w) => w.dueFrom.toISOString())).toEqual([
      "2026-11-23T02:00:00.000Z",
      "2026-11-23T04:00:00.000Z",
      "2026-11-23T06:00:00.000Z",
      "2026-11-23T08:00:00.000Z",
    ]);
    expect(occurrencesOn(late, "2026-11-22", CAL)).toEqual([]);
  });

  it("keeps working-day hourly tasks off weekends", () => {
    const wd = { ...hourly, workDayType: 1 as const };
    expect(occurrencesOn(wd, "2026-11-28", CAL)).toEqual([]);
    expect(occurrencesOn(wd, "2026-11-27", CAL)).toHaveLength(5);
    expect(occurrencesOn({ ...wd, workDayType: 2 }, "2026-11-28", CAL)).toHaveLength(5);
  });

  it("has nothing without valid work hours", () => {
    expect(occurrencesOn({ ...hourly, workEnd: "07:00" }, "2026-11-23", CAL)).toEqual([]);
    expect(occurrencesOn({ ...hourly, workStart: null }, "2026-11-23", CAL)).toEqual([]);
  });
});

describe("daily tasks", () => {
  it("is due every day from startAt's Shanghai date, the whole day", () => {
    // 2026-11-22T17:00Z is already 23 Nov in Shanghai: the task starts on the 23rd.
    const t = task({ startAt: new Date("2026-11-22T17:00:00Z") });
    expect(occurrencesOn(t, "2026-11-22", CAL)).toEqual([]);
    expect(occurrencesOn(t, "2026-11-23", CAL).map(iso)).toEqual([["2026-11-22T16:00:00.000Z", "2026-11-23T16:00:00.000Z"]]);
  });

  it("is due every cycle days, and a skipped working day moves to the first working day of the period", () => {
    const every2 = task({ cycle: 2, startAt: sh("2026-11-23 09:00") });
    const due = (t: ScheduleTask, from: string, n: number) =>
      Array.from({ length: n }, (_, i) => shanghaiDayOf(new Date(shanghaiMidnight(from).getTime() + i * 86_400_000))).filter(
        (d) => occurrencesOn(t, d, CAL).length,
      );
    expect(due(every2, "2026-11-23", 8)).toEqual(["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-29"]);
    const wd = { ...every2, workDayType: 1 as const };
    // periods 23–24, 25–26, 27–28, 29–30 (Sun–Mon → Monday 30th)
    expect(due(wd, "2026-11-23", 8)).toEqual(["2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"]);
    const daily = task({ workDayType: 1 });
    expect(due(daily, "2026-11-23", 7)).toEqual(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]);
  });

  it("skips statutory holidays and works on 调休 Saturdays", () => {
    const daily = task({ workDayType: 1, startAt: sh("2026-09-01 00:00") });
    expect(occurrencesOn(daily, "2026-10-05", CN_2026_CALENDAR)).toEqual([]);
    expect(occurrencesOn(daily, "2026-10-10", CN_2026_CALENDAR)).toHaveLength(1);
    expect(occurrencesOn(daily, "2026-10-10", CAL)).toEqual([]);
  });
});

describe("weekly, monthly and yearly tasks", () => {
  it("covers the whole week counted from startAt, generated on the first eligible day", () => {
    const weekly = task({ cycleUnit: "week", startAt: sh("2026-11-21 08:00"), workDayType: 1 }); // Saturday
    expect(periodOf(weekly, "2026-11-25")).toEqual({ start: "2026-11-21", end: "2026-11-28" });
    expect(occurrencesOn(weekly, "2026-11-21", CAL)).toEqual([]);
    const [w] = occurrencesOn(weekly, "2026-11-23", CAL);
    expect(iso(w!)).toEqual(["2026-11-20T16:00:00.000Z", "2026-11-27T16:00:00.000Z"]);
    expect(occurrencesOn(weekly, "2026-11-24", CAL)).toEqual([]);
  });

  it("counts months from startAt and clamps the boundary at month ends", () => {
    const monthly = task({ cycleUnit: "month", startAt: sh("2026-01-31 00:00") });
    expect(periodOf(monthly, "2026-02-27")).toEqual({ start: "2026-01-31", end: "2026-02-28" });
    expect(periodOf(monthly, "2026-02-28")).toEqual({ start: "2026-02-28", end: "2026-03-31" });
    expect(periodOf(monthly, "2026-03-30")).toEqual({ start: "2026-02-28", end: "2026-03-31" });
    expect(periodOf(monthly, "2026-04-30")).toEqual({ start: "2026-04-30", end: "2026-05-31" });
    expect(occurrencesOn(monthly, "2026-02-28", CAL).map(iso)).toEqual([["2026-02-27T16:00:00.000Z", "2026-03-30T16:00:00.000Z"]]);
    expect(occurrencesOn(monthly, "2026-03-01", CAL)).toEqual([]);
    const quarterly = task({ cycleUnit: "month", cycle: 3, startAt: sh("2026-11-30 00:00") });
    expect(periodOf(quarterly, "2027-03-15")).toEqual({ start: "2027-02-28", end: "2027-05-30" });
  });

  it("moves a month starting on a holiday to its first working day (2026 calendar)", () => {
    const monthly = task({ cycleUnit: "month", startAt: sh("2026-01-01 00:00"), workDayType: 1 });
    expect(occurrencesOn(monthly, "2026-10-01", CN_2026_CALENDAR)).toEqual([]);
    expect(occurrencesOn(monthly, "2026-10-08", CN_2026_CALENDAR).map(iso)).toEqual([["2026-09-30T16:00:00.000Z", "2026-10-31T16:00:00.000Z"]]);
  });

  it("counts years from startAt (29 Feb → 28 Feb)", () => {
    const yearly = task({ cycleUnit: "year", startAt: sh("2028-02-29 00:00") });
    expect(periodOf(yearly, "2029-03-01")).toEqual({ start: "2029-02-28", end: "2030-02-28" });
    expect(occurrencesOn(yearly, "2029-02-28", CAL)).toHaveLength(1);
  });
});

describe("next occurrence, late and missed", () => {
  it("gives the open window, or the next one", () => {
    const hourly = task({ cycleUnit: "hour", cycle: 4, workStart: "08:00", workEnd: "16:00" });
    expect(iso(nextOccurrence(hourly, sh("2026-11-23 09:00"), CAL)!)).toEqual(["2026-11-23T00:00:00.000Z", "2026-11-23T04:00:00.000Z"]);
    expect(iso(nextOccurrence(hourly, sh("2026-11-23 16:00"), CAL)!)).toEqual(["2026-11-24T00:00:00.000Z", "2026-11-24T04:00:00.000Z"]);
    const weekly = task({ cycleUnit: "week", startAt: sh("2026-11-16 00:00") });
    expect(iso(nextOccurrence(weekly, sh("2026-11-23 00:00"), CAL)!)).toEqual(["2026-11-22T16:00:00.000Z", "2026-11-29T16:00:00.000Z"]);
    const future = task({ startAt: sh("2026-12-05 10:00"), workDayType: 1 });
    expect(iso(nextOccurrence(future, sh("2026-11-23 10:00"), CAL)!)).toEqual(["2026-12-06T16:00:00.000Z", "2026-12-07T16:00:00.000Z"]);
  });

  it("flags late completion and missed windows at the boundary", () => {
    const w = { dueFrom: sh("2026-11-23 08:00"), dueTo: sh("2026-11-23 10:00") };
    expect(isLate(w, sh("2026-11-23 09:59"))).toBe(false);
    expect(isLate(w, sh("2026-11-23 10:00"))).toBe(true);
    expect(isMissed({ status: "pending", dueTo: w.dueTo }, sh("2026-11-23 09:59"))).toBe(false);
    expect(isMissed({ status: "pending", dueTo: w.dueTo }, sh("2026-11-23 10:00"))).toBe(true);
    expect(isMissed({ status: "done", dueTo: w.dueTo }, sh("2026-11-24 10:00"))).toBe(false);
    expect(isMissed({ status: "suspended", dueTo: w.dueTo }, sh("2026-11-24 10:00"))).toBe(false);
  });
});

describe("task input", () => {
  const base = { content: "巡检储罐区", cycle: 1, cycleUnit: "day", startAt: "2026-11-23T08:00:00+08:00" };
  const fields = (r: ReturnType<typeof inspectionTaskInputSchema.safeParse>) => (r.success ? [] : r.error.issues.map((i) => i.path.join(".")).sort());

  it("accepts a routine daily task with defaults", () => {
    const r = inspectionTaskInputSchema.parse(base);
    expect(r).toMatchObject({ workType: 0, workDayType: 0 });
  });

  it("refuses a non-integer or zero cycle, and hourly tasks without work hours in order", () => {
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycle: 0 }))).toEqual(["cycle"]);
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycle: 1.5 }))).toEqual(["cycle"]);
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycleUnit: "hour" }))).toEqual(["workEnd", "workStart"]);
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycleUnit: "hour", workStart: "18:00", workEnd: "08:00" }))).toEqual(["workEnd"]);
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycleUnit: "hour", workStart: "08:00", workEnd: "24:00" }))).toEqual([]);
    expect(fields(inspectionTaskInputSchema.safeParse({ ...base, cycleUnit: "fortnight" }))).toEqual(["cycleUnit"]);
  });

  it("checks taskNum ranges of the 包保 tasks (1–9, 1–9, 1–10)", () => {
    expect(taskScheduleIssues({ workType: 1, taskNum: 9 })).toEqual([]);
    expect(taskScheduleIssues({ workType: 1, taskNum: 10 }).map((i) => i.path)).toEqual(["taskNum"]);
    expect(taskScheduleIssues({ workType: 2, taskNum: 10 }).map((i) => i.path)).toEqual(["taskNum"]);
    expect(taskScheduleIssues({ workType: 3, taskNum: 10 })).toEqual([]);
    expect(taskScheduleIssues({ workType: 3, taskNum: 0 }).map((i) => i.path)).toEqual(["taskNum"]);
    expect(taskScheduleIssues({ workType: 3 }).map((i) => i.path)).toEqual(["taskNum"]);
    expect(taskScheduleIssues({ workType: 0, taskNum: 2 }).map((i) => i.path)).toEqual(["taskNum"]);
  });
});

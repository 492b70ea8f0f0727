import { describe, expect, it } from "vitest";
import { briefingReminderLevel, briefingReminderTimes, daysOfMonth, expectedBriefingDays, parseDueTime, teamMonthStats } from "../src/briefing";
import { CN_2026_CALENDAR, WEEKENDS_ONLY_CALENDAR } from "../src/inspectionSchedule";

describe("expected briefing days", () => {
  it("are the working days of the month per the calendar (holidays off, 调休 on)", () => {
    // 2026-10: 国庆 10/1–10/7 off, 10/10 (Saturday) a working day. 22 weekdays − 5 holiday weekdays (1,2,5,6,7) + 1 = 18.
    const oct = expectedBriefingDays("2026-10", CN_2026_CALENDAR);
    expect(oct).toHaveLength(18);
    expect(oct[0]).toBe("2026-10-08");
    expect(oct).toContain("2026-10-10");
    expect(oct).not.toContain("2026-10-11");
    // weekends-only: 22 weekdays.
    expect(expectedBriefingDays("2026-10", WEEKENDS_ONLY_CALENDAR)).toHaveLength(22);
  });
  it("up to a day, inclusive", () => {
    // 2026-11-23 is a Monday: Nov 2–6, 9–13, 16–20, 23 = 16.
    expect(expectedBriefingDays("2026-11", CN_2026_CALENDAR, "2026-11-23")).toHaveLength(16);
    expect(expectedBriefingDays("2026-11", CN_2026_CALENDAR, "2026-11-22")).toHaveLength(15);
  });
  it("February of a leap year has 29 days", () => {
    expect(daysOfMonth("2028-02")).toHaveLength(29);
    expect(daysOfMonth("2026-02")).toHaveLength(28);
    expect(() => daysOfMonth("2026-13")).toThrow();
  });
});

describe("reminder level", () => {
  const cal = CN_2026_CALENDAR;
  const at = (iso: string) => new Date(iso);
  it("0 before the due time, 1 from it, 2 from escalateHours later (Beijing time)", () => {
    // Monday 2026-11-23, due 09:00 Beijing = 01:00Z, escalate 2 h → 03:00Z.
    expect(briefingReminderLevel(at("2026-11-23T00:59:59Z"), cal, "09:00", 2)).toBe(0);
    expect(briefingReminderLevel(at("2026-11-23T01:00:00Z"), cal, "09:00", 2)).toBe(1);
    expect(briefingReminderLevel(at("2026-11-23T02:59:59Z"), cal, "09:00", 2)).toBe(1);
    expect(briefingReminderLevel(at("2026-11-23T03:00:00Z"), cal, "09:00", 2)).toBe(2);
    expect(briefingReminderLevel(at("2026-11-23T15:59:59Z"), cal, "09:00", 2)).toBe(2);
    // 16:00Z is midnight Beijing: the next day (Tuesday) starts at 0.
    expect(briefingReminderLevel(at("2026-11-23T16:00:00Z"), cal, "09:00", 2)).toBe(0);
    expect(briefingReminderLevel(at("2026-11-23T03:00:00Z"), cal, "09:00", 2, true)).toBe(0);
    expect(briefingReminderLevel(at("2026-11-23T02:00:00Z"), cal, "08:30", 1.5)).toBe(2);
  });
  it("nothing on rest days and holidays, reminders on 调休 working Saturdays", () => {
    expect(briefingReminderLevel(at("2026-11-22T05:00:00Z"), cal, "09:00", 2)).toBe(0); // Sunday
    expect(briefingReminderLevel(at("2026-10-01T05:00:00Z"), cal, "09:00", 2)).toBe(0); // 国庆
    expect(briefingReminderLevel(at("2026-10-10T05:00:00Z"), cal, "09:00", 2)).toBe(2); // 调休 Saturday
  });
  it("times of the day and bad input", () => {
    const t = briefingReminderTimes("2026-11-23", "09:00", 2);
    expect(t.level1.toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(t.level2.toISOString()).toBe("2026-11-23T03:00:00.000Z");
    expect(parseDueTime("23:59")).toBe(1439);
    expect(() => parseDueTime("24:00")).toThrow();
  });
});

describe("monthly team statistics", () => {
  it("counts held days, the rate over expected days and the attendance rate", () => {
    const s = teamMonthStats(
      "2026-11",
      [
        { day: "2026-11-02", attendees: 4, members: 5 },
        { day: "2026-11-03", attendees: 5, members: 5 },
        // a Saturday briefing: held, but not an expected day
        { day: "2026-11-07", attendees: 2, members: 5 },
        // more attendees than members (a contractor signed in): capped at members
        { day: "2026-11-23", attendees: 7, members: 5 },
        // next month: ignored
        { day: "2026-12-01", attendees: 5, members: 5 },
      ],
      CN_2026_CALENDAR,
      "2026-11-23",
    );
    expect(s.days).toBe(16);
    expect(s.held).toBe(4);
    expect(s.heldOnDays).toBe(3);
    expect(s.rate).toBe(0.1875);
    expect(s.attendanceRate).toBe(0.8); // (4+5+2+5)/20
    expect(s.missedDays).toHaveLength(13);
    expect(s.missedDays[0]).toBe("2026-11-04");
  });
  it("null rates when nothing was expected", () => {
    const s = teamMonthStats("2026-10", [], CN_2026_CALENDAR, "2026-10-07");
    expect(s.days).toBe(0);
    expect(s.rate).toBeNull();
    expect(s.attendanceRate).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  applicableDuties,
  DUTY_CATALOGUE,
  DUTY_CYCLE_CODES,
  dutyApplies,
  dutyByCode,
  dutyPeriodByKey,
  dutyPeriodOf,
  dutyPeriods,
  dutyPeriodStatus,
  dutyYearView,
  isNoPlan,
  periodDue,
  planDeadline,
  scheduleIssues,
} from "../src/duties";

describe("duty catalogue", () => {
  it("has stable unique codes, Chinese names, a known cycle and a legal basis", () => {
    const codes = DUTY_CATALOGUE.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(12);
    for (const d of DUTY_CATALOGUE) {
      expect(d.code).toMatch(/^[a-z_]+$/);
      expect(d.name).toMatch(/[\u4e00-\u9fa5]/);
      expect(DUTY_CYCLE_CODES).toContain(d.cycle);
      expect(d.basis).toMatch(/《.+》/);
    }
    expect(dutyByCode("drill_comprehensive")?.cycle).toBe("annual");
    expect(dutyByCode("drill_onsite")?.cycle).toBe("semiannual");
    expect(dutyByCode("major_hazard_principal")?.cycle).toBe("quarterly");
    expect(dutyByCode("major_hazard_technical")?.cycle).toBe("monthly");
    expect(dutyByCode("nope")).toBeUndefined();
  });

  it("applies major-hazard duties only to hazchem enterprises with a major hazard, 安责险 only to high-risk sectors", () => {
    const mh = dutyByCode("major_hazard_principal")!;
    expect(dutyApplies(mh, { sector: "hazchem_production", hasMajorHazard: true })).toBe(true);
    expect(dutyApplies(mh, { sector: "hazchem_production", hasMajorHazard: false })).toBe(false);
    expect(dutyApplies(mh, { sector: "catering", hasMajorHazard: true })).toBe(false);
    const ins = dutyByCode("liability_insurance")!;
    expect(dutyApplies(ins, { sector: "catering", hasMajorHazard: false })).toBe(false);
    expect(dutyApplies(ins, { sector: "hazchem_use", hasMajorHazard: false })).toBe(true);
    const all = DUTY_CATALOGUE.length;
    expect(applicableDuties({ sector: "hazchem_production", hasMajorHazard: true })).toHaveLength(all);
    // catering: not the three major-hazard duties, not insurance
    expect(applicableDuties({ sector: "catering", hasMajorHazard: false })).toHaveLength(all - 4);
    expect(applicableDuties({ sector: "hazchem_use", hasMajorHazard: false })).toHaveLength(all - 3);
  });
});

describe("periods", () => {
  it("annual, half-yearly, quarterly and monthly keys, labels and bounds", () => {
    expect(dutyPeriods("annual", 2026)).toEqual([{ key: "2026", label: "2026年", start: "2026-01-01", end: "2026-12-31" }]);
    expect(dutyPeriods("semiannual", 2026)).toEqual([
      { key: "2026-H1", label: "2026年上半年", start: "2026-01-01", end: "2026-06-30" },
      { key: "2026-H2", label: "2026年下半年", start: "2026-07-01", end: "2026-12-31" },
    ]);
    const q = dutyPeriods("quarterly", 2026);
    expect(q.map((p) => [p.key, p.label, p.start, p.end])).toEqual([
      ["2026-Q1", "2026年第一季度", "2026-01-01", "2026-03-31"],
      ["2026-Q2", "2026年第二季度", "2026-04-01", "2026-06-30"],
      ["2026-Q3", "2026年第三季度", "2026-07-01", "2026-09-30"],
      ["2026-Q4", "2026年第四季度", "2026-10-01", "2026-12-31"],
    ]);
    const m = dutyPeriods("monthly", 2026);
    expect(m).toHaveLength(12);
    expect(m[2]).toEqual({ key: "2026-03", label: "2026年3月", start: "2026-03-01", end: "2026-03-31" });
    expect(m[10]!.end).toBe("2026-11-30");
  });

  it("February ends on the 28th, or the 29th in a leap year (2028, 2000) but not 2100", () => {
    expect(dutyPeriodByKey("monthly", "2026-02")!.end).toBe("2026-02-28");
    expect(dutyPeriodByKey("monthly", "2028-02")!.end).toBe("2028-02-29");
    expect(dutyPeriodByKey("monthly", "2000-02")!.end).toBe("2000-02-29");
    expect(dutyPeriodByKey("monthly", "2100-02")!.end).toBe("2100-02-28");
  });

  it("finds periods by key only for their cycle", () => {
    expect(dutyPeriodByKey("quarterly", "2026-Q3")!.start).toBe("2026-07-01");
    expect(dutyPeriodByKey("quarterly", "2026-Q5")).toBeNull();
    expect(dutyPeriodByKey("quarterly", "2026-03")).toBeNull();
    expect(dutyPeriodByKey("monthly", "2026-13")).toBeNull();
    expect(dutyPeriodByKey("annual", "2026-H1")).toBeNull();
    expect(dutyPeriodByKey("semiannual", "2026-H2")!.end).toBe("2026-12-31");
  });

  it("the period of a day at the boundaries", () => {
    expect(dutyPeriodOf("quarterly", "2026-03-31").key).toBe("2026-Q1");
    expect(dutyPeriodOf("quarterly", "2026-04-01").key).toBe("2026-Q2");
    expect(dutyPeriodOf("semiannual", "2026-06-30").key).toBe("2026-H1");
    expect(dutyPeriodOf("semiannual", "2026-07-01").key).toBe("2026-H2");
    expect(dutyPeriodOf("monthly", "2028-02-29").key).toBe("2028-02");
    expect(dutyPeriodOf("annual", "2026-12-31").key).toBe("2026");
  });
});

describe("due dates and statuses", () => {
  const q1 = dutyPeriodByKey("quarterly", "2026-Q1")!;
  it("due = period end unless the schedule gives an earlier valid date", () => {
    expect(periodDue(q1)).toBe("2026-03-31");
    expect(periodDue(q1, { "2026-Q1": "2026-03-15" })).toBe("2026-03-15");
    expect(periodDue(q1, { "2026-Q1": "2026-04-15" })).toBe("2026-03-31");
    expect(periodDue(q1, { "2026-Q1": "2026-02-30" })).toBe("2026-03-31");
    expect(periodDue(q1, { "2026-Q2": "2026-01-15" })).toBe("2026-03-31");
  });

  it("status on the due day is due, the day after overdue; 7 days before due, 8 pending", () => {
    const due = "2026-03-31";
    expect(dutyPeriodStatus(due, false, "2026-03-31")).toBe("due");
    expect(dutyPeriodStatus(due, false, "2026-04-01")).toBe("overdue");
    expect(dutyPeriodStatus(due, false, "2026-03-24")).toBe("due");
    expect(dutyPeriodStatus(due, false, "2026-03-23")).toBe("pending");
    expect(dutyPeriodStatus(due, true, "2026-04-01")).toBe("done");
    expect(dutyPeriodStatus(due, true, "2026-01-01")).toBe("done");
  });

  it("Dec 31 and the turn of the year", () => {
    expect(dutyPeriodStatus("2026-12-31", false, "2026-12-31")).toBe("due");
    expect(dutyPeriodStatus("2026-12-31", false, "2027-01-01")).toBe("overdue");
    expect(dutyPeriodStatus("2026-12-31", false, "2026-12-24")).toBe("due");
    expect(dutyPeriodStatus("2026-12-31", false, "2026-12-23")).toBe("pending");
  });

  it("leap-year February: due the 29th", () => {
    const feb = dutyPeriodByKey("monthly", "2028-02")!;
    const due = periodDue(feb);
    expect(due).toBe("2028-02-29");
    expect(dutyPeriodStatus(due, false, "2028-02-29")).toBe("due");
    expect(dutyPeriodStatus(due, false, "2028-03-01")).toBe("overdue");
    expect(dutyPeriodStatus(due, false, "2028-02-22")).toBe("due");
    expect(dutyPeriodStatus(due, false, "2028-02-21")).toBe("pending");
  });

  it("a whole year of a quarterly duty on 2026-11-23 with Q2 done", () => {
    const v = dutyYearView("quarterly", 2026, { completedKeys: ["2026-Q2"], today: "2026-11-23", schedule: { "2026-Q4": "2026-11-30" } });
    expect(v.map((p) => [p.key, p.due, p.status])).toEqual([
      ["2026-Q1", "2026-03-31", "overdue"],
      ["2026-Q2", "2026-06-30", "done"],
      ["2026-Q3", "2026-09-30", "overdue"],
      ["2026-Q4", "2026-11-30", "due"],
    ]);
  });
});

describe("plan deadline and no plan", () => {
  it("defaults to 01-31 and is configurable (clamped to the month's end)", () => {
    expect(planDeadline(2026)).toBe("2026-01-31");
    expect(planDeadline(2026, "03-15")).toBe("2026-03-15");
    expect(planDeadline(2026, "02-30")).toBe("2026-02-28");
    expect(planDeadline(2028, "02-30")).toBe("2028-02-29");
  });
  it("no plan only after the deadline, and never with a plan", () => {
    expect(isNoPlan(false, 2026, "2026-01-31")).toBe(false);
    expect(isNoPlan(false, 2026, "2026-02-01")).toBe(true);
    expect(isNoPlan(true, 2026, "2026-02-01")).toBe(false);
    expect(isNoPlan(false, 2026, "2026-03-15", "03-15")).toBe(false);
    expect(isNoPlan(false, 2026, "2026-03-16", "03-15")).toBe(true);
  });
});

describe("schedule validation", () => {
  it("names bad keys and days outside the period", () => {
    expect(scheduleIssues("quarterly", 2026, { "2026-Q1": "2026-03-10" })).toEqual([]);
    expect(scheduleIssues("quarterly", 2026, { "2026-03": "2026-03-10" }).map((i) => i.key)).toEqual(["2026-03"]);
    expect(scheduleIssues("quarterly", 2026, { "2027-Q1": "2027-03-10" }).map((i) => i.key)).toEqual(["2027-Q1"]);
    expect(scheduleIssues("quarterly", 2026, { "2026-Q1": "2026-04-01" })[0]!.message).toContain("2026-03-31");
    expect(scheduleIssues("monthly", 2026, { "2026-02": "2026-02-29" })[0]!.message).toContain("YYYY-MM-DD");
  });
});

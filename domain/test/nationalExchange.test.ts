import { describe, expect, it } from "vitest";
import {
  checkExchangeReferences,
  checkRecordFromNational,
  checkTaskFromNational,
  companyCodeOf,
  controlMeasureFromNational,
  fromNationalClock,
  fromNationalTime,
  hiddenDangerFromNational,
  parseNationalExchange,
  riskEventFromNational,
  riskUnitFromNational,
  toNationalCheckRecord,
  toNationalCheckTask,
  toNationalControlMeasure,
  toNationalCycle,
  toNationalHiddenDanger,
  toNationalRiskEvent,
  toNationalRiskUnit,
  toNationalTime,
  type OurCheckTask,
  type OurHazard,
} from "../src/nationalExchange";

const meta = { companyCode: "MA1MXXXX1" };
const t0 = new Date("2026-03-01T00:30:00Z"); // 08:30 in Shanghai
const stamp = { createdAt: t0, updatedAt: new Date("2026-03-02T16:00:00Z") };

describe("codes and times", () => {
  it("takes companyCode from the credit code's organisation code part (characters 9–17)", () => {
    expect(companyCodeOf("91321191MA1MXXXX1K")).toBe("MA1MXXXX1");
    expect(companyCodeOf("91321191MA1MXXXX1K")).toHaveLength(9);
  });

  it("writes yyyyMMddHHmmss in Asia/Shanghai and reads both national formats", () => {
    expect(toNationalTime(new Date("2026-12-31T16:05:09Z"))).toBe("20270101000509");
    expect(fromNationalTime("20270101000509")?.toISOString()).toBe("2026-12-31T16:05:09.000Z");
    expect(fromNationalTime("2027-01-01 00:05:09")?.toISOString()).toBe("2026-12-31T16:05:09.000Z");
    expect(fromNationalTime("20260230120000")).toBeNull();
    expect(fromNationalTime("20261301120000")).toBeNull();
    expect(fromNationalTime("2026-11-23")).toBeNull();
    expect(fromNationalTime("20261123246000")).toBeNull();
  });

  it("maps cycles to 小时/天/月/年, a week as 7 天", () => {
    expect(toNationalCycle(2, "hour")).toEqual({ checkCycle: 2, checkCycleUnit: "小时" });
    expect(toNationalCycle(1, "week")).toEqual({ checkCycle: 7, checkCycleUnit: "天" });
    expect(toNationalCycle(2, "week")).toEqual({ checkCycle: 14, checkCycleUnit: "天" });
    expect(toNationalCycle(3, "month")).toEqual({ checkCycle: 3, checkCycleUnit: "月" });
    expect(toNationalCycle(1, "year")).toEqual({ checkCycle: 1, checkCycleUnit: "年" });
  });

  it("reads work hours as H:mm:ss or HH:mm", () => {
    expect(fromNationalClock("8:00:00")).toBe("08:00");
    expect(fromNationalClock("17:30")).toBe("17:30");
    expect(fromNationalClock("24:00:00")).toBe("24:00");
    expect(fromNationalClock("25:00:00")).toBeNull();
    expect(fromNationalClock("8点")).toBeNull();
  });
});

const unit = { id: "u1", hazardCode: "HC-0001", name: "液氯储罐区", department: "储运车间", liablePerson: "张三", ...stamp };
const event = { id: "e1", unitId: "u1", name: "液氯泄漏中毒", ...stamp };
const measure = {
  id: "m1",
  eventId: "e1",
  description: "储罐区设置有毒气体报警仪",
  classify1: "1",
  classify2: "1-4",
  classify3: "报警联锁",
  dataSrc: 2,
  troubleshootContent: "报警仪是否正常投用",
  ...stamp,
};
const hourly: OurCheckTask = {
  id: "t1",
  measureId: "m1",
  content: "巡检报警仪",
  cycle: 2,
  cycleUnit: "hour",
  workDayType: 0,
  workStart: "08:00",
  workEnd: "18:00",
  workType: 0,
  taskNum: null,
  startAt: t0,
  active: true,
  ...stamp,
};
const weekly: OurCheckTask = { ...hourly, id: "t2", cycle: 1, cycleUnit: "week", workStart: null, workEnd: null, workType: 1, taskNum: 3, workDayType: 1 };
const record = { id: "r1", taskId: "t1", checkedAt: new Date("2026-03-03T02:00:00Z"), checkedByName: "刘强" };
const closedHazard: OurHazard = {
  id: "h1",
  hazardCode: "HC-0001",
  measureId: "m1",
  checkRecordId: "r1",
  title: "有毒气体报警仪失效",
  description: "2# 报警仪无读数",
  level: "major",
  status: "closed",
  source: "9",
  enforcementId: null,
  manageType: "deadline",
  dangerType: 4,
  category: 0,
  reportedAt: new Date("2026-03-03T02:00:00Z"),
  reportedByName: "刘强",
  deadline: new Date("2026-03-10T09:00:00Z"),
  rectification: { measures: "更换报警仪探头", liablePerson: "李四", funds: 3500 },
  acceptedByName: "孙静",
  acceptedAt: new Date("2026-03-09T08:00:00Z"),
  acceptComment: "复测正常",
  ...stamp,
};

function file() {
  return {
    companyCode: meta.companyCode,
    exportedAt: "20260401000000",
    riskUnits: [toNationalRiskUnit(unit, meta)],
    riskEvents: [toNationalRiskEvent(event, meta)],
    controlMeasures: [toNationalControlMeasure(measure, meta)],
    checkTasks: [toNationalCheckTask(hourly, meta), toNationalCheckTask(weekly, meta)],
    checkRecords: [toNationalCheckRecord(record, meta)],
    hiddenDangers: [toNationalHiddenDanger(closedHazard, meta)!],
  };
}

describe("our records → the national objects", () => {
  it("uses the interface's field names and codes", () => {
    const f = file();
    expect(f.riskUnits[0]).toEqual({
      id: "u1",
      companyCode: "MA1MXXXX1",
      deleted: 0,
      createDate: "20260301083000",
      createBy: "",
      updateDate: "20260303000000",
      updateBy: "",
      hazardCode: "HC-0001",
      hazardDep: "储运车间",
      hazardLiablePerson: "张三",
      riskUnitName: "液氯储罐区",
    });
    expect(f.riskEvents[0]).toMatchObject({ riskUnitId: "u1", riskEventName: "液氯泄漏中毒" });
    expect(f.controlMeasures[0]).toMatchObject({
      riskEventId: "e1",
      dataSrc: 2,
      riskMeasureDesc: measure.description,
      classify1: "1",
      classify2: "1-4",
      classify3: "报警联锁",
      troubleshootContent: "报警仪是否正常投用",
    });
    expect(f.checkTasks[0]).toMatchObject({
      riskMeasureId: "m1",
      troubleshootContent: "巡检报警仪",
      checkCycle: 2,
      checkCycleUnit: "小时",
      taskStartTime: "20260301083000",
      workStartTime: "8:00:00",
      workEndTime: "18:00:00",
      workDayType: 0,
      workType: 0,
    });
    expect(f.checkTasks[0]).not.toHaveProperty("taskNum");
    expect(f.checkTasks[1]).toMatchObject({ checkCycle: 7, checkCycleUnit: "天", workType: 1, taskNum: 3, workDayType: 1 });
    expect(f.checkRecords[0]).toMatchObject({ checkTaskId: "t1", checkTime: "20260303100000", createBy: "刘强" });
    expect(f.hiddenDangers[0]).toMatchObject({
      hazardCode: "HC-0001",
      riskMeasureId: "m1",
      checkRecordId: "r1",
      dangerName: "有毒气体报警仪失效",
      dangerLevel: 1,
      registTime: "20260303100000",
      registrant: "刘强",
      dangerSrc: 9,
      dangerManageType: 1,
      hazardDangerType: 4,
      hazardCategory: 0,
      controlMeasures: "更换报警仪探头",
      cost: 3500,
      liablePerson: "李四",
      dangerManageDeadline: "20260310170000",
      checkAcceptPerson: "孙静",
      checkAcceptTime: "20260309160000",
      checkAcceptComment: "复测正常",
      dangerState: 9,
    });
  });

  it("maps statuses to dangerState 0/1/9 and leaves out the ones without a national state", () => {
    const state = (status: OurHazard["status"]) => toNationalHiddenDanger({ ...closedHazard, status }, meta)?.dangerState ?? null;
    expect(state("rectifying")).toBe(0);
    expect(state("awaiting_acceptance")).toBe(1);
    expect(state("awaiting_signoff")).toBe(1);
    expect(state("closed")).toBe(9);
    expect(state("reported")).toBeNull();
    expect(state("dismissed")).toBeNull();
    // Sources outside the enterprise's own inspections go out as their national code (regulator → 10 其他).
    expect(toNationalHiddenDanger({ ...closedHazard, source: "regulator" }, meta)?.dangerSrc).toBe(10);
    expect(toNationalHiddenDanger({ ...closedHazard, source: "third_party" }, meta)?.dangerSrc).toBe(8);
    expect(toNationalHiddenDanger({ ...closedHazard, level: "general", manageType: "immediate" }, meta)).toMatchObject({ dangerLevel: 0, dangerManageType: 0 });
    // An inactive task is exported as deleted.
    expect(toNationalCheckTask({ ...hourly, active: false }, meta).deleted).toBe(1);
  });
});

describe("a file → validated objects", () => {
  it("accepts a well-formed file, numbers given as strings too", () => {
    const f = file();
    (f.hiddenDangers[0] as Record<string, unknown>).dangerLevel = "1";
    const r = parseNationalExchange(JSON.parse(JSON.stringify(f)), meta.companyCode);
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (r.ok) expect(r.data.hiddenDangers[0]!.dangerLevel).toBe(1);
  });

  it("reports every bad object with its index and field", () => {
    const f = JSON.parse(JSON.stringify(file()));
    f.riskUnits.push({ ...f.riskUnits[0], id: "u2", riskUnitName: "" });
    f.controlMeasures[0].classify2 = "2-1"; // not under classify1 1
    f.checkTasks[0].workStartTime = undefined; // hourly without work hours
    f.checkTasks[1].taskNum = 12; // principal's items are 1–9
    f.checkRecords[0].checkTime = "2026-03-03";
    f.hiddenDangers[0].dangerSrc = 11;
    f.hiddenDangers[0].checkAcceptPerson = undefined;
    f.hiddenDangers.push({ ...f.hiddenDangers[0], id: "h2", dangerState: 5, hazardDangerType: 9, checkAcceptPerson: "x" });
    const r = parseNationalExchange(f, meta.companyCode);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path).sort();
    expect(paths).toEqual(
      [
        "riskUnits[1].riskUnitName",
        "controlMeasures[0].classify2",
        "checkTasks[0].workStartTime",
        "checkTasks[1].taskNum",
        "checkRecords[0].checkTime",
        "hiddenDangers[0].dangerSrc",
        "hiddenDangers[0].checkAcceptPerson",
        "hiddenDangers[1].dangerSrc",
        "hiddenDangers[1].dangerState",
        "hiddenDangers[1].hazardDangerType",
      ].sort(),
    );
    const one = r.errors.find((e) => e.path === "riskUnits[1].riskUnitName")!;
    expect(one).toMatchObject({ collection: "riskUnits", index: 1, field: "riskUnitName" });
    expect(one.message).toContain("不能为空");
  });

  it("refuses another company's file, duplicate ids and a bad envelope", () => {
    const other = parseNationalExchange(file(), "ZZZZZZZZZ");
    expect(!other.ok && other.errors.map((e) => e.path)).toEqual(["companyCode"]);
    const f = JSON.parse(JSON.stringify(file()));
    f.riskEvents.push({ ...f.riskEvents[0] });
    f.riskEvents[1].companyCode = "AAAAAAAAA";
    const dup = parseNationalExchange(f, meta.companyCode);
    expect(!dup.ok && dup.errors.map((e) => e.path)).toEqual(["riskEvents[1].id", "riskEvents[1].companyCode"]);
    expect(!parseNationalExchange([], "x").ok).toBe(true);
    const env = parseNationalExchange({ companyCode: meta.companyCode, riskUnits: {} });
    expect(!env.ok && env.errors.map((e) => e.path)).toEqual(["riskUnits"]);
  });

  it("checks that references resolve within the file or to existing records", () => {
    const f = file();
    expect(checkExchangeReferences(f)).toEqual([]);
    const broken = { ...f, riskUnits: [], checkRecords: [{ ...f.checkRecords[0]!, checkTaskId: "t9" }] };
    expect(checkExchangeReferences(broken).map((e) => e.path)).toEqual(["riskEvents[0].riskUnitId", "checkRecords[0].checkTaskId"]);
    const noRecord = { ...f, checkRecords: [] };
    expect(checkExchangeReferences(noRecord).map((e) => e.path)).toEqual(["hiddenDangers[0].checkRecordId"]);
    // …unless the enterprise already holds them.
    expect(checkExchangeReferences(broken, { riskUnits: new Set(["u1"]), checkTasks: new Set(["t9"]) })).toEqual([]);
    // Optional links may be empty.
    const loose = { ...f, hiddenDangers: [{ ...f.hiddenDangers[0]!, riskMeasureId: null, checkRecordId: null }] };
    expect(checkExchangeReferences(loose)).toEqual([]);
  });
});

describe("round trip: ours → national → JSON → validated → ours", () => {
  it("keeps every field the interface carries", () => {
    const r = parseNationalExchange(JSON.parse(JSON.stringify(file())), meta.companyCode);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.data;
    expect(riskUnitFromNational(d.riskUnits[0]!)).toEqual({
      name: unit.name,
      department: unit.department,
      liablePerson: unit.liablePerson,
      hazardCode: unit.hazardCode,
    });
    expect(riskEventFromNational(d.riskEvents[0]!)).toEqual({ name: event.name });
    expect(controlMeasureFromNational(d.controlMeasures[0]!)).toEqual({
      description: measure.description,
      classify1: "1",
      classify2: "1-4",
      classify3: "报警联锁",
      dataSrc: 2,
      troubleshootContent: measure.troubleshootContent,
    });
    expect(checkTaskFromNational(d.checkTasks[0]!)).toEqual({
      content: hourly.content,
      cycle: 2,
      cycleUnit: "hour",
      workDayType: 0,
      workStart: "08:00",
      workEnd: "18:00",
      workType: 0,
      taskNum: null,
      startAt: t0,
      active: true,
    });
    // A week comes back as 7 days: the same schedule.
    expect(checkTaskFromNational(d.checkTasks[1]!)).toMatchObject({ cycle: 7, cycleUnit: "day", workType: 1, taskNum: 3, workDayType: 1, workStart: null });
    expect(checkRecordFromNational(d.checkRecords[0]!)).toEqual({ checkedAt: record.checkedAt, checkedByName: "刘强" });
    const h = hiddenDangerFromNational(d.hiddenDangers[0]!);
    expect(h).toEqual({
      title: closedHazard.title,
      description: closedHazard.description,
      level: "major",
      dangerType: 4,
      source: "9",
      manageType: "deadline",
      category: 0,
      enforcementId: null,
      reportedAt: closedHazard.reportedAt,
      reportedByName: "刘强",
      deadline: closedHazard.deadline,
      rectification: { measures: "更换报警仪探头", liablePerson: "李四", funds: 3500, deadline: closedHazard.deadline!.toISOString(), contingencyPlan: "" },
      status: "closed",
      acceptedByName: "孙静",
      acceptedAt: closedHazard.acceptedAt,
      acceptComment: "复测正常",
      dangerReason: "",
    });
    // And out again: the same national object.
    const again = toNationalHiddenDanger({ ...closedHazard, ...h, id: "h1", hazardCode: "HC-0001", measureId: "m1", checkRecordId: "r1" }, meta);
    expect(again).toEqual(d.hiddenDangers[0]);
  });
});

/**
 * 双重预防数据交换: export in the national field names and codes, import back (round trip), re-import without
 * duplicates, a bad file reported object by object with nothing imported, and who may do it.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  controlMeasures,
  enterprises,
  exchangeIds,
  hazardEvents,
  hazards,
  inspectionRecords,
  inspectionTasks,
  riskEvents,
  riskObjects,
  riskUnits,
  users,
} from "../src/db/schema";
import { startTestApp, type TestApp } from "./support/testApp";

let t: TestApp;
const ent: Record<"A" | "B", { id: string; creditCode: string }> = {} as never;
const T = (iso: string) => new Date(iso);

async function counts(enterpriseId: string) {
  const n = async (
    table:
      | typeof riskUnits
      | typeof riskEvents
      | typeof controlMeasures
      | typeof inspectionTasks
      | typeof inspectionRecords
      | typeof hazards
      | typeof riskObjects,
  ) => {
    const [r] = await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.enterpriseId, enterpriseId));
    return Number(r!.n);
  };
  return {
    objects: await n(riskObjects),
    units: await n(riskUnits),
    events: await n(riskEvents),
    measures: await n(controlMeasures),
    tasks: await n(inspectionTasks),
    records: await n(inspectionRecords),
    hazards: await n(hazards),
  };
}

/** A small register for ent-a: one object, one unit, one event, one measure, an hourly and a weekly task, a record, three hazards. */
async function seedA() {
  const id = ent.A.id;
  const [acceptor] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.a"));
  const [o] = await t.db.insert(riskObjects).values({ enterpriseId: id, kind: "major_hazard", name: "液氯储罐区", hazardCode: "HC321191001" }).returning();
  const [u] = await t.db
    .insert(riskUnits)
    .values({
      enterpriseId: id,
      objectId: o!.id,
      name: "1# 液氯储罐",
      department: "储运车间",
      liablePerson: "张三",
      qrToken: "qr-exchange-test-1",
      createdAt: T("2026-03-01T00:30:00Z"),
      updatedAt: T("2026-03-01T00:30:00Z"),
    })
    .returning();
  const [ev] = await t.db.insert(riskEvents).values({ enterpriseId: id, unitId: u!.id, name: "液氯泄漏中毒" }).returning();
  const [m] = await t.db
    .insert(controlMeasures)
    .values({
      enterpriseId: id,
      unitId: u!.id,
      eventId: ev!.id,
      description: "设置有毒气体报警仪并联锁",
      classify1: "1",
      classify2: "1-4",
      classify3: "联锁",
      controlLevel: "workshop",
      dataSrc: 2,
      troubleshootContent: "报警仪是否投用",
    })
    .returning();
  const [hourly] = await t.db
    .insert(inspectionTasks)
    .values({
      enterpriseId: id,
      unitId: u!.id,
      measureId: m!.id,
      content: "巡检报警仪",
      cycle: 2,
      cycleUnit: "hour",
      workDayType: 0,
      workStart: "08:00",
      workEnd: "18:00",
      startAt: T("2026-03-01T00:00:00Z"),
    })
    .returning();
  await t.db.insert(inspectionTasks).values({
    enterpriseId: id,
    unitId: u!.id,
    measureId: m!.id,
    content: "主要负责人周检",
    cycle: 1,
    cycleUnit: "week",
    workDayType: 1,
    workType: 1,
    taskNum: 3,
    startAt: T("2026-03-02T00:00:00Z"),
  });
  const [rec] = await t.db
    .insert(inspectionRecords)
    .values({
      enterpriseId: id,
      unitId: u!.id,
      taskId: hourly!.id,
      measureId: m!.id,
      result: "abnormal",
      checkedByName: "刘强",
      checkedAt: T("2026-03-03T02:00:00Z"),
    })
    .returning();
  const base = { enterpriseId: id, regionPath: "", sector: "hazchem_production", reportedByName: "刘强", riskUnitId: u!.id, measureId: m!.id };
  const [row] = await t.db.select({ regionPath: enterprises.regionPath }).from(enterprises).where(eq(enterprises.id, id));
  base.regionPath = row!.regionPath;
  await t.db.insert(hazards).values([
    {
      ...base,
      code: "YHX0001",
      title: "报警仪失效",
      description: "2# 报警仪无读数",
      status: "closed",
      level: "major",
      dangerType: 4,
      source: "9",
      manageType: "deadline",
      checkRecordId: rec!.id,
      reportedAt: T("2026-03-03T02:00:00Z"),
      deadline: T("2026-03-10T09:00:00Z"),
      rectification: { measures: "更换探头", liablePerson: "李四", funds: 3500, deadline: "2026-03-10T09:00:00Z", contingencyPlan: "预案" },
      acceptedBy: acceptor!.id,
      acceptedAt: T("2026-03-09T08:00:00Z"),
      acceptComment: "复测正常",
      closedAt: T("2026-03-09T08:00:00Z"),
    },
    {
      ...base,
      code: "YHX0002",
      title: "防护服破损",
      status: "rectifying",
      dangerType: 1,
      source: "1",
      manageType: "immediate",
      reportedAt: T("2026-03-05T02:00:00Z"),
      deadline: T("2026-03-05T09:00:00Z"),
      rectification: { measures: "更换", liablePerson: "王五", funds: 0 },
    },
    { ...base, code: "YHX0003", title: "待确认的随手拍", status: "reported", source: "snapshot", reportedAt: T("2026-03-06T02:00:00Z") },
  ]);
}

beforeAll(async () => {
  t = await startTestApp();
  for (const [k, name] of [
    ["A", "镇江华泰化工有限公司"],
    ["B", "句容宝华智运仓储物流有限公司"],
  ] as const) {
    const [r] = await t.db.select({ id: enterprises.id, creditCode: enterprises.creditCode }).from(enterprises).where(eq(enterprises.name, name));
    ent[k] = r!;
  }
  // Whatever the demo seed put in the register of these two: this file counts its own.
  for (const e of [ent.A.id, ent.B.id]) {
    await t.db.delete(hazards).where(eq(hazards.enterpriseId, e));
    await t.db.delete(inspectionRecords).where(eq(inspectionRecords.enterpriseId, e));
    await t.db.delete(riskObjects).where(eq(riskObjects.enterpriseId, e));
  }
  await seedA();
}, 60_000);
afterAll(() => t?.close());

type Exported = {
  companyCode: string;
  exportedAt: string;
  riskUnits: Record<string, unknown>[];
  riskEvents: Record<string, unknown>[];
  controlMeasures: Record<string, unknown>[];
  checkTasks: Record<string, unknown>[];
  checkRecords: Record<string, unknown>[];
  hiddenDangers: Record<string, unknown>[];
};

describe("GET /api/enterprises/:id/dual-prevention/export", () => {
  it("exports the register in the national field names and codes", async () => {
    const a = await t.as("ent.a");
    const r = await a.get(`/api/enterprises/${ent.A.id}/dual-prevention/export`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const x = r.body as Exported;
    expect(x.companyCode).toBe(ent.A.creditCode.slice(8, 17));
    expect(x.exportedAt).toBe("20261123100000"); // TEST_NOW 02:00Z = 10:00 in Shanghai
    expect([x.riskUnits.length, x.riskEvents.length, x.controlMeasures.length, x.checkTasks.length, x.checkRecords.length]).toEqual([1, 1, 1, 2, 1]);
    expect(x.riskUnits[0]).toMatchObject({
      companyCode: x.companyCode,
      deleted: 0,
      hazardCode: "HC321191001",
      hazardDep: "储运车间",
      hazardLiablePerson: "张三",
      riskUnitName: "1# 液氯储罐",
      createDate: "20260301083000",
    });
    expect(x.riskEvents[0]).toMatchObject({ riskUnitId: x.riskUnits[0]!.id, riskEventName: "液氯泄漏中毒" });
    expect(x.controlMeasures[0]).toMatchObject({ riskEventId: x.riskEvents[0]!.id, dataSrc: 2, classify1: "1", classify2: "1-4", classify3: "联锁" });
    const weekly = x.checkTasks.find((c) => c.workType === 1)!;
    expect(weekly).toMatchObject({ checkCycle: 7, checkCycleUnit: "天", taskNum: 3, workDayType: 1, taskStartTime: "20260302080000" });
    expect(x.checkTasks.find((c) => c.workType === 0)).toMatchObject({ checkCycleUnit: "小时", workStartTime: "8:00:00", workEndTime: "18:00:00" });
    // The unconfirmed hazard has no national state and is left out.
    expect(x.hiddenDangers.map((h) => h.dangerName)).toEqual(["报警仪失效", "防护服破损"]);
    expect(x.hiddenDangers[0]).toMatchObject({
      hazardCode: "HC321191001",
      riskMeasureId: x.controlMeasures[0]!.id,
      checkRecordId: x.checkRecords[0]!.id,
      dangerLevel: 1,
      dangerSrc: 9,
      dangerManageType: 1,
      hazardDangerType: 4,
      dangerState: 9,
      cost: 3500,
      liablePerson: "李四",
      dangerManageDeadline: "20260310170000",
      checkAcceptPerson: "赵国强（主要负责人）",
      checkAcceptTime: "20260309160000",
      registTime: "20260303100000",
    });
    expect(x.hiddenDangers[1]).toMatchObject({ dangerState: 0, dangerLevel: 0, dangerManageType: 0 });
  });

  it("is 404 outside the caller's scope", async () => {
    const b = await t.as("ent.b");
    expect((await b.get(`/api/enterprises/${ent.A.id}/dual-prevention/export`)).status).toBe(404);
    const bh = await t.as("baohua.ajb");
    expect((await bh.get(`/api/enterprises/${ent.A.id}/dual-prevention/export`)).status).toBe(404);
    expect((await bh.get(`/api/enterprises/${ent.B.id}/dual-prevention/export`)).status).toBe(200);
  });
});

describe("POST /api/enterprises/:id/dual-prevention/import", () => {
  let file: Exported;
  beforeAll(async () => {
    const a = await t.as("ent.a");
    file = (await a.get(`/api/enterprises/${ent.A.id}/dual-prevention/export`)).body;
  });

  it("re-importing an enterprise's own export creates nothing", async () => {
    const a = await t.as("ent.a");
    const before = await counts(ent.A.id);
    const r = await a.post(`/api/enterprises/${ent.A.id}/dual-prevention/import`, file);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(Object.values(r.body.created).every((n) => n === 0)).toBe(true);
    expect(r.body.existing).toEqual({ riskUnits: 1, riskEvents: 1, controlMeasures: 1, checkTasks: 2, checkRecords: 1, hiddenDangers: 2 });
    expect(await counts(ent.A.id)).toEqual(before);
  });

  it("imports into another enterprise, round-trips, and does not duplicate on a second import", async () => {
    const b = await t.as("ent.b");
    const code = ent.B.creditCode.slice(8, 17);
    const mine = JSON.parse(JSON.stringify(file).replaceAll(file.companyCode, code)) as Exported;
    const before = await counts(ent.B.id);
    const r = await b.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, mine);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.created).toEqual({ riskUnits: 1, riskEvents: 1, controlMeasures: 1, checkTasks: 2, checkRecords: 1, hiddenDangers: 2 });
    expect(r.body.riskObjectsCreated).toBe(1);
    const after = await counts(ent.B.id);
    expect(after).toEqual({
      objects: before.objects + 1,
      units: before.units + 1,
      events: before.events + 1,
      measures: before.measures + 1,
      tasks: before.tasks + 2,
      records: before.records + 1,
      hazards: before.hazards + 2,
    });
    // New ids, kept in the mapping.
    const newUnit = r.body.mapping.riskUnits[file.riskUnits[0]!.id as string];
    expect(newUnit).toBeTruthy();
    expect(newUnit).not.toBe(file.riskUnits[0]!.id);
    const [m] = await t.db.select({ n: sql<number>`count(*)::int` }).from(exchangeIds).where(eq(exchangeIds.enterpriseId, ent.B.id));
    expect(Number(m!.n)).toBe(8);
    // Hazards came in through registration, then their state, with an import event.
    const hz = await t.db.select().from(hazards).where(eq(hazards.enterpriseId, ent.B.id));
    const closed = hz.find((h) => h.title === "报警仪失效")!;
    expect(closed).toMatchObject({ status: "closed", level: "major", manageType: "deadline", source: "9" });
    expect(closed.closedAt?.toISOString()).toBe("2026-03-09T08:00:00.000Z");
    const evs = await t.db.select().from(hazardEvents).where(eq(hazardEvents.hazardId, closed.id));
    // Registered (a major one is also reported to the regulators at once), then set to its state by the import.
    expect(evs.map((e) => e.action)).toEqual(["report", "report_major", "import"]);
    const [rec] = await t.db.select().from(inspectionRecords).where(eq(inspectionRecords.enterpriseId, ent.B.id));
    expect(rec).toMatchObject({ result: "abnormal", hazardId: closed.id });

    // Round trip: B's export says what A's said, but for ids and record times.
    const back = (await b.get(`/api/enterprises/${ent.B.id}/dual-prevention/export`)).body as Exported;
    const strip = (o: Record<string, unknown>) => {
      const {
        id: _i,
        companyCode: _c,
        createDate: _cd,
        updateDate: _ud,
        riskUnitId: _u,
        riskEventId: _e,
        riskMeasureId: _m,
        checkTaskId: _t,
        checkRecordId: _r,
        ...rest
      } = o;
      return rest;
    };
    for (const k of ["riskUnits", "riskEvents", "controlMeasures", "checkTasks", "checkRecords", "hiddenDangers"] as const) {
      // Imported in one go, the records share their creation time: compare them in a fixed order.
      const sorted = (xs: Record<string, unknown>[]) => xs.map(strip).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sorted(back[k]), k).toEqual(sorted(mine[k]));
    }
    // The links point at B's own new records.
    expect(back.hiddenDangers[0]!.riskMeasureId).toBe(back.controlMeasures[0]!.id);
    expect(back.hiddenDangers[0]!.checkRecordId).toBe(back.checkRecords[0]!.id);

    // Importing the same file again: everything is found, nothing created.
    const again = await b.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, mine);
    expect(again.status).toBe(200);
    expect(Object.values(again.body.created).every((n) => n === 0)).toBe(true);
    expect(again.body.existing).toEqual({ riskUnits: 1, riskEvents: 1, controlMeasures: 1, checkTasks: 2, checkRecords: 1, hiddenDangers: 2 });
    expect(await counts(ent.B.id)).toEqual(after);
    // A file that only adds to what is there may cite existing records by their national ids.
    const extra = {
      companyCode: code,
      exportedAt: "20261123100000",
      riskEvents: [{ id: "EV-NEW-1", companyCode: code, riskUnitId: file.riskUnits[0]!.id, riskEventName: "储罐超压" }],
    };
    const add = await b.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, extra);
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    expect(add.body.created.riskEvents).toBe(1);
    const [ne] = await t.db.select().from(riskEvents).where(eq(riskEvents.id, add.body.mapping.riskEvents["EV-NEW-1"]));
    expect(ne!.unitId).toBe(newUnit);
  });

  it("reports every bad object with its path and imports nothing", async () => {
    const bh = await t.as("baohua.ajb");
    const code = ent.B.creditCode.slice(8, 17);
    const before = await counts(ent.B.id);
    const bad = {
      companyCode: code,
      exportedAt: "20261123100000",
      riskUnits: [
        { id: "U1", companyCode: code, hazardCode: "HC-X", riskUnitName: "好单元" },
        { id: "U2", companyCode: code, hazardCode: "HC-X", riskUnitName: "" },
      ],
      riskEvents: [{ id: "E1", companyCode: code, riskUnitId: "U1", riskEventName: "火灾" }],
      controlMeasures: [{ id: "M1", companyCode: code, riskEventId: "E1", dataSrc: 3, riskMeasureDesc: "灭火器", classify1: "4", classify2: "1-1" }],
      checkTasks: [
        { id: "T1", companyCode: code, riskMeasureId: "M1", troubleshootContent: "检查", checkCycle: 0, checkCycleUnit: "周", taskStartTime: "20260101000000" },
      ],
      checkRecords: [],
      hiddenDangers: [
        {
          id: "H1",
          companyCode: code,
          dangerName: "x",
          dangerLevel: 2,
          registTime: "2026-01-01",
          dangerSrc: 1,
          dangerManageType: 0,
          hazardDangerType: 1,
          dangerState: 0,
        },
      ],
    };
    const r = await bh.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, bad);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("EXCHANGE_INVALID");
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      [
        "riskUnits[1].riskUnitName",
        "controlMeasures[0].dataSrc",
        "controlMeasures[0].classify2",
        "checkTasks[0].checkCycle",
        "checkTasks[0].checkCycleUnit",
        "hiddenDangers[0].dangerLevel",
        "hiddenDangers[0].registTime",
      ].sort(),
    );
    expect(r.body.errors[0]).toHaveProperty("index");
    expect(r.body.fields.length).toBe(r.body.errors.length);
    expect(await counts(ent.B.id)).toEqual(before);

    // Well-formed objects, but a reference that resolves nowhere: still nothing is written.
    const dangling = {
      companyCode: code,
      exportedAt: "20261123100000",
      riskUnits: [{ id: "U1", companyCode: code, hazardCode: "HC-X", riskUnitName: "好单元" }],
      riskEvents: [
        { id: "E1", companyCode: code, riskUnitId: "U1", riskEventName: "火灾" },
        { id: "E2", companyCode: code, riskUnitId: "U-MISSING", riskEventName: "爆炸" },
      ],
    };
    const d = await bh.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, dangling);
    expect(d.status).toBe(400);
    expect(d.body.errors.map((e: { path: string }) => e.path)).toEqual(["riskEvents[1].riskUnitId"]);
    expect(await counts(ent.B.id)).toEqual(before);
    // Another enterprise's file.
    const other = await bh.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, { ...dangling, companyCode: "AAAAAAAAA" });
    expect(other.status).toBe(400);
    expect(other.body.errors.some((e: { path: string }) => e.path === "companyCode")).toBe(true);
    expect((await bh.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, [])).status).toBe(400);
  });

  it("lets only the enterprise's managers and in-scope regulators import (403 otherwise)", async () => {
    const code = ent.B.creditCode.slice(8, 17);
    const empty = { companyCode: code, exportedAt: "20261123100000" };
    for (const [user, status] of [
      ["ent.b.worker", 403],
      ["expert1", 403],
      ["ent.a", 403],
      ["baohua.ajb", 200],
      ["jr.yjj", 200],
      ["zj.sw", 403],
      ["ent.b.leader", 200],
      ["admin", 200],
    ] as const) {
      const c = await t.as(user);
      const r = await c.post(`/api/enterprises/${ent.B.id}/dual-prevention/import`, empty);
      expect(r.status, `${user}: ${JSON.stringify(r.body)}`).toBe(status);
    }
    const a = await t.as("ent.a");
    expect((await a.post("/api/enterprises/00000000-0000-4000-8000-000000000000/dual-prevention/import", empty)).status).toBe(404);
  });
});

/**
 * Inspection tasks, windows, QR rounds and records: every endpoint as the roles that matter, the jobs with the test
 * clock (missed, late), shutdown suspension, the scan → abnormal → hazard chain, bad input, and the SQL generator
 * against the domain's occurrence rules.
 */
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CN_2026_CALENDAR, addCalendarDays, occurrencesOn, type CycleUnit, type WorkDayType } from "@anguan/domain";
import {
  controlMeasures,
  enterprises,
  evidence,
  files,
  hazards,
  inspectionInstances,
  inspectionRecords,
  inspectionTasks,
  riskEvents,
  riskObjects,
  riskUnits,
  unitShutdowns,
  users,
} from "../src/db/schema";
import { generateInspectionInstances, markMissedInspections } from "../src/features/inspections/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client, entB: Client, worker: Client, leaderB: Client, entA: Client, baohua: Client, expert1: Client, jr: Client;
let entAId: string, entBId: string;

/** A risk object → unit → event → two measures (inspection and monitoring) of an enterprise, written directly. */
async function makeUnit(enterpriseId: string, name: string, kind = "storage_area") {
  const [o] = await t.db
    .insert(riskObjects)
    .values({ enterpriseId, kind, name: `${name}对象` })
    .returning();
  const [u] = await t.db
    .insert(riskUnits)
    .values({ enterpriseId, objectId: o!.id, name, location: `${name}现场`, qrToken: crypto.randomBytes(12).toString("base64url"), riskGrade: "较大" })
    .returning();
  const [ev] = await t.db
    .insert(riskEvents)
    .values({ enterpriseId, unitId: u!.id, name: `${name}火灾`, riskGrade: "较大", riskLevel: 2 })
    .returning();
  const [m1, m2] = await t.db
    .insert(controlMeasures)
    .values([
      {
        enterpriseId,
        unitId: u!.id,
        eventId: ev!.id,
        description: `${name}消防器材完好`,
        classify1: "4",
        classify2: "4-3",
        controlLevel: "workshop",
        dataSrc: 2,
        troubleshootContent: "检查灭火器压力",
      },
      {
        enterpriseId,
        unitId: u!.id,
        eventId: ev!.id,
        description: `${name}烟感报警在线`,
        classify1: "1",
        classify2: "1-4",
        controlLevel: "company",
        dataSrc: 1,
      },
    ])
    .returning();
  return { unit: u!, event: ev!, measure: m1!, monitored: m2! };
}

async function makeEvidence(enterpriseId: string | null) {
  const sha = crypto.randomBytes(32).toString("hex");
  await t.db.insert(files).values({ sha256: sha, size: 10, mime: "image/jpeg", originalName: "x.jpg" });
  const [e] = await t.db.insert(evidence).values({ enterpriseId, fileSha256: sha, receivedAt: TEST_NOW, capture: "camera" }).returning();
  return e!.id;
}

const userId = async (username: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const daily = (extra: Record<string, unknown> = {}) => ({
  content: "检查灭火器压力与铅封",
  cycle: 1,
  cycleUnit: "day",
  startAt: "2026-11-20T00:00:00+08:00",
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  [admin, entB, worker, leaderB, entA, baohua, expert1, jr] = await Promise.all([
    t.as("admin"),
    t.as("ent.b"),
    t.as("ent.b.worker"),
    t.as("ent.b.leader"),
    t.as("ent.a"),
    t.as("baohua.ajb"),
    t.as("expert1"),
    t.as("jr.yjj"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
}, 60_000);
afterAll(() => t?.close());

describe("inspection tasks", () => {
  it("creates a task from a measure, with names and the next window, and today's window at once", async () => {
    const { measure, unit } = await makeUnit(entBId, "1号库");
    const r = await entB.post(`/api/control-measures/${measure.id}/tasks`, daily({ assigneeUserId: await userId("ent.b.worker"), assigneePost: "仓管员" }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      unitId: unit.id,
      unitName: "1号库",
      measureDescription: "1号库消防器材完好",
      eventName: "1号库火灾",
      assigneeName: "刘强（仓储班组长）",
      workType: 0,
      taskNum: null,
      nextOccurrence: { dueFrom: "2026-11-22T16:00:00.000Z", dueTo: "2026-11-23T16:00:00.000Z" },
    });
    const inst = await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.taskId, r.body.id));
    // today (generated with catch-up) and tomorrow
    expect(inst.map((i) => i.dueFrom.toISOString()).sort()).toEqual(["2026-11-22T16:00:00.000Z", "2026-11-23T16:00:00.000Z"]);
    const list = await baohua.get(`/api/enterprises/${entBId}/inspection-tasks`);
    expect(list.status).toBe(200);
    expect(list.body.items.some((x: { id: string }) => x.id === r.body.id)).toBe(true);
    expect(list.body.abilities).toEqual({ manage: false, record: false });
    expect((await entB.get(`/api/enterprises/${entBId}/inspection-tasks`)).body.abilities).toEqual({ manage: true, record: true });
  });

  it("validates cycle, work hours, taskNum ranges and the assignee", async () => {
    const { measure } = await makeUnit(entBId, "2号库");
    const url = `/api/control-measures/${measure.id}/tasks`;
    const cases: [Record<string, unknown>, string[]][] = [
      [daily({ cycle: 0 }), ["cycle"]],
      [daily({ cycle: 2.5 }), ["cycle"]],
      [daily({ cycleUnit: "hour" }), ["workEnd", "workStart"]],
      [daily({ cycleUnit: "hour", workStart: "17:00", workEnd: "08:00" }), ["workEnd"]],
      [daily({ cycleUnit: "hour", workStart: "8:00", workEnd: "17:00" }), ["workStart"]],
      [daily({ workType: 2, taskNum: 10 }), ["taskNum"]],
      [daily({ workType: 1 }), ["taskNum"]],
      [daily({ workDayType: 3 }), ["workDayType"]],
      [daily({ startAt: "tomorrow" }), ["startAt"]],
      [daily({ assigneeUserId: await userId("ent.a") }), ["assigneeUserId"]],
    ];
    for (const [body, fields] of cases) {
      const r = await entB.post(url, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r.body), JSON.stringify(body)).toEqual(fields);
    }
    const ok = await entB.post(url, daily({ cycle: 1, cycleUnit: "month", workType: 3, taskNum: 10, workDayType: 1 }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ workType: 3, taskNum: 10, cycleUnit: "month" });
    expect((await entB.post(`/api/control-measures/${crypto.randomUUID()}/tasks`, daily())).status).toBe(404);
    expect(await t.db.select().from(inspectionTasks).where(eq(inspectionTasks.measureId, measure.id))).toHaveLength(1);
  });

  it("lets only the enterprise's managers (and admins) manage tasks; others 403, reads outside 404", async () => {
    const { measure } = await makeUnit(entBId, "3号库");
    const url = `/api/control-measures/${measure.id}/tasks`;
    for (const c of [worker, baohua, entA, expert1, jr]) expect((await c.post(url, daily())).status).toBe(403);
    expect((await leaderB.post(url, daily())).status).toBe(201);
    expect((await admin.post(url, daily())).status).toBe(201);
    expect((await entA.get(`/api/enterprises/${entBId}/inspection-tasks`)).status).toBe(404);
    expect((await expert1.get(`/api/enterprises/${entBId}/inspection-tasks`)).status).toBe(404);
    expect((await expert1.get(`/api/enterprises/${entAId}/inspection-tasks`)).status).toBe(200);
  });

  it("changes a task's schedule: open windows follow it, with a version check", async () => {
    const { measure } = await makeUnit(entBId, "4号库");
    const created = (await entB.post(`/api/control-measures/${measure.id}/tasks`, daily())).body;
    const url = `/api/inspection-tasks/${created.id}`;
    expect((await entB.patch(url, { cycle: 0 })).status).toBe(400);
    expect(fieldsOf((await entB.patch(url, { cycleUnit: "hour" })).body)).toEqual(["workEnd", "workStart"]);
    expect((await entB.patch(url, { cycleUnit: "hour", workStart: "08:00", workEnd: "12:00", cycle: 2, expectedVersion: 99 })).status).toBe(409);
    expect((await worker.patch(url, { content: "x" })).status).toBe(403);
    expect((await baohua.patch(url, { content: "x" })).status).toBe(403);
    const r = await entB.patch(url, { cycleUnit: "hour", workStart: "08:00", workEnd: "12:00", cycle: 2, expectedVersion: created.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ cycleUnit: "hour", workStart: "08:00", workEnd: "12:00", version: created.version + 1 });
    expect(r.body.nextOccurrence).toEqual({ dueFrom: "2026-11-23T02:00:00.000Z", dueTo: "2026-11-23T04:00:00.000Z" });
    const inst = await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.taskId, created.id));
    expect(inst.map((i) => i.dueFrom.toISOString()).sort()).toEqual([
      "2026-11-23T00:00:00.000Z",
      "2026-11-23T02:00:00.000Z",
      "2026-11-24T00:00:00.000Z",
      "2026-11-24T02:00:00.000Z",
    ]);
    // Switching a routine task to a 包保 task needs its item number.
    expect(fieldsOf((await entB.patch(url, { workType: 1 })).body)).toEqual(["taskNum"]);
  });

  it("retires a task: gone from the list, open windows removed, history kept", async () => {
    const { measure } = await makeUnit(entBId, "5号库");
    const created = (await entB.post(`/api/control-measures/${measure.id}/tasks`, daily())).body;
    expect((await worker.del(`/api/inspection-tasks/${created.id}`)).status).toBe(403);
    expect((await entB.del(`/api/inspection-tasks/${created.id}`)).status).toBe(204);
    expect((await entB.del(`/api/inspection-tasks/${created.id}`)).status).toBe(404);
    const list = await entB.get(`/api/enterprises/${entBId}/inspection-tasks`);
    expect(list.body.items.some((x: { id: string }) => x.id === created.id)).toBe(false);
    expect(await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.taskId, created.id))).toHaveLength(0);
    const [row] = await t.db.select().from(inspectionTasks).where(eq(inspectionTasks.id, created.id));
    expect(row!.active).toBe(false);
  });
});

describe("jobs: generation, missed and late, shutdown suspension", () => {
  it("generates idempotently and marks closed pending windows missed (test clock)", async () => {
    const { measure } = await makeUnit(entBId, "6号库");
    const task = (await entB.post(`/api/control-measures/${measure.id}/tasks`, daily())).body;
    const again = await generateInspectionInstances(t.db, "2026-11-23", t.clock.now, { taskIds: [task.id] });
    expect(again).toBe(0);
    t.clock.now = new Date("2026-11-23T16:00:00Z"); // midnight Shanghai: today's window has closed
    try {
      const entB = await t.as("ent.b"); // a session of the moved clock (the others have been idle too long by now)
      const before = await entB.get(`/api/enterprises/${entBId}/inspection-instances?date=2026-11-23&status=missed`);
      expect(before.body.items.find((i: { taskId: string }) => i.taskId === task.id)).toMatchObject({ status: "missed", missed: true, late: false });
      const n = await markMissedInspections(t.db, t.clock.now);
      expect(n).toBeGreaterThanOrEqual(1);
      const [inst] = await t.db
        .select()
        .from(inspectionInstances)
        .where(and(eq(inspectionInstances.taskId, task.id), eq(inspectionInstances.dueFrom, new Date("2026-11-22T16:00:00Z"))));
      expect(inst!.status).toBe("missed");
      expect(await markMissedInspections(t.db, t.clock.now)).toBe(0);
      // Tomorrow's window is still pending.
      const tomorrow = await entB.get(`/api/enterprises/${entBId}/inspection-instances?date=2026-11-24&status=pending`);
      expect(tomorrow.body.items.some((i: { taskId: string }) => i.taskId === task.id)).toBe(true);
    } finally {
      t.clock.now = new Date(TEST_NOW);
    }
  });

  it("suspends the windows of a unit in shutdown, and resumes those after it ends", async () => {
    const { measure, unit } = await makeUnit(entBId, "7号库");
    const task = (await entB.post(`/api/control-measures/${measure.id}/tasks`, daily())).body;
    // A shutdown registered today at 09:00: today's pending window overlaps it.
    const [s] = await t.db
      .insert(unitShutdowns)
      .values({ enterpriseId: entBId, unitId: unit.id, startAt: new Date("2026-11-23T01:00:00Z"), reason: "检修" })
      .returning();
    await t.db.update(riskUnits).set({ status: "shutdown" }).where(eq(riskUnits.id, unit.id));
    await markMissedInspections(t.db, t.clock.now);
    const statuses = async () =>
      Object.fromEntries(
        (await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.taskId, task.id))).map((i) => [
          i.dueFrom.toISOString().slice(0, 10),
          i.status,
        ]),
      );
    expect(await statuses()).toEqual({ "2026-11-22": "suspended", "2026-11-23": "suspended" });
    expect(await generateInspectionInstances(t.db, "2026-11-25", t.clock.now, { taskIds: [task.id] })).toBe(1);
    expect((await statuses())["2026-11-24"]).toBe("suspended");
    const list = await entB.get(`/api/enterprises/${entBId}/inspection-instances?date=2026-11-23&status=suspended`);
    expect(list.body.items.some((i: { taskId: string }) => i.taskId === task.id)).toBe(true);
    // The phone says so and takes no results.
    const scan = await worker.get(`/api/scan/${unit.qrToken}`);
    expect(scan.body).toMatchObject({ due: [], adHoc: [], canRecord: false, shutdown: { reason: "检修" } });
    const ev = await makeEvidence(entBId);
    const post = await worker.post(`/api/scan/${unit.qrToken}/records`, { items: [{ measureId: measure.id, result: "normal", evidenceIds: [ev] }] });
    expect(post.status).toBe(409);
    expect(post.body.code).toBe("UNIT_SHUTDOWN");
    // Ended at 12:00 today: today's window overlapped the shutdown and stays suspended; later ones resume.
    await t.db
      .update(unitShutdowns)
      .set({ endAt: new Date("2026-11-23T04:00:00Z") })
      .where(eq(unitShutdowns.id, s!.id));
    await t.db.update(riskUnits).set({ status: "normal" }).where(eq(riskUnits.id, unit.id));
    await markMissedInspections(t.db, t.clock.now);
    expect(await statuses()).toEqual({ "2026-11-22": "suspended", "2026-11-23": "pending", "2026-11-24": "pending" });
  });
});

describe("scan → record → hazard", () => {
  let fx: Awaited<ReturnType<typeof makeUnit>>;
  let taskId: string;
  beforeAll(async () => {
    fx = await makeUnit(entBId, "8号库");
    taskId = (await entB.post(`/api/control-measures/${fx.measure.id}/tasks`, daily({ cycleUnit: "hour", cycle: 4, workStart: "08:00", workEnd: "16:00" })))
      .body.id;
  });

  it("shows the unit, its risks, measures and the items due now", async () => {
    const r = await worker.get(`/api/scan/${fx.unit.qrToken}`);
    expect(r.status).toBe(200);
    expect(r.body.unit).toMatchObject({ id: fx.unit.id, name: "8号库", riskGrade: "较大", color: "orange", status: "normal" });
    expect(r.body.enterprise).toEqual({ id: entBId, name: "句容宝华智运仓储物流有限公司" });
    expect(r.body.events).toEqual([expect.objectContaining({ name: "8号库火灾", riskGrade: "较大", color: "orange" })]);
    expect(r.body.measures.map((m: { id: string }) => m.id).sort()).toEqual([fx.measure.id, fx.monitored.id].sort());
    expect(r.body.due).toEqual([
      expect.objectContaining({ taskId, measureId: fx.measure.id, dueFrom: "2026-11-23T00:00:00.000Z", dueTo: "2026-11-23T04:00:00.000Z" }),
    ]);
    expect(r.body.adHoc).toEqual([]); // its one inspection-type measure is due; the monitored one is not for rounds
    expect(r.body.canRecord).toBe(true);
    expect(r.body.shutdown).toBeNull();
  });

  it("refuses unknown or out-of-scope codes (404), and recording by regulators (403)", async () => {
    expect((await worker.get("/api/scan/no-such-token")).status).toBe(404);
    expect((await entA.get(`/api/scan/${fx.unit.qrToken}`)).status).toBe(404);
    expect((await expert1.get(`/api/scan/${fx.unit.qrToken}`)).status).toBe(404);
    const reg = await baohua.get(`/api/scan/${fx.unit.qrToken}`);
    expect(reg.status).toBe(200);
    expect(reg.body.canRecord).toBe(false);
    const body = { items: [{ taskId, result: "normal" }] };
    expect((await baohua.post(`/api/scan/${fx.unit.qrToken}/records`, body)).status).toBe(403);
    expect((await entA.post(`/api/scan/${fx.unit.qrToken}/records`, body)).status).toBe(403);
    expect((await admin.post(`/api/scan/${fx.unit.qrToken}/records`, body)).status).toBe(403);
    expect((await worker.post("/api/scan/no-such-token/records", body)).status).toBe(404);
  });

  it("refuses an abnormal item without a photo, naming the item's field; nothing is written", async () => {
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(inspectionRecords))[0]!.n;
    const r = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, {
      items: [
        { taskId, result: "normal" },
        { measureId: fx.measure.id, result: "abnormal", note: "灭火器压力不足", evidenceIds: [] },
      ],
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["items.1.evidenceIds"]);
    const other = await makeEvidence(entAId);
    const r2 = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ taskId, result: "abnormal", evidenceIds: [other] }] });
    expect(r2.status).toBe(400);
    expect(fieldsOf(r2.body)).toEqual(["items.0.evidenceIds"]);
    const r3 = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ measureId: fx.monitored.id, taskId, result: "normal" }] });
    expect(fieldsOf(r3.body)).toEqual(["items.0.measureId"]);
    expect(fieldsOf((await worker.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ result: "normal" }] })).body)).toEqual(["items.0.measureId"]);
    expect(fieldsOf((await worker.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ taskId, result: "broken" }] })).body)).toEqual(["items.0.result"]);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(inspectionRecords))[0]!.n).toBe(before);
  });

  it("records a round: the due window done, an abnormal item a hazard (source 9) linked to measure, unit and record", async () => {
    const photo = await makeEvidence(null); // uploaded before the enterprise was known
    const r = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, {
      items: [
        {
          taskId,
          result: "abnormal",
          note: "灭火器压力表指针在红区",
          evidenceIds: [photo],
          hazard: { title: "8号库灭火器压力不足", description: "2 具灭火器压力不足", dangerType: 5 },
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const [rec] = r.body.records;
    expect(rec).toMatchObject({ taskId, measureId: fx.measure.id, result: "abnormal", late: false });
    expect(rec.instanceId).toBeTruthy();
    expect(rec.hazardCode).toMatch(/^YH20261123/);
    const [h] = await t.db.select().from(hazards).where(eq(hazards.id, rec.hazardId));
    expect(h).toMatchObject({
      source: "9",
      measureId: fx.measure.id,
      riskUnitId: fx.unit.id,
      checkRecordId: rec.id,
      status: "reported",
      dangerType: 5,
      title: "8号库灭火器压力不足",
    });
    const [row] = await t.db.select().from(inspectionRecords).where(eq(inspectionRecords.id, rec.id));
    expect(row).toMatchObject({ hazardId: rec.hazardId, checkedByName: "刘强（仓储班组长）", evidenceIds: [photo] });
    const [inst] = await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.id, rec.instanceId));
    expect(inst).toMatchObject({ status: "done", recordId: rec.id });
    const detail = await entB.get(`/api/hazards/${rec.hazardId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.title ?? detail.body.hazard?.title).toBe("8号库灭火器压力不足");
    // The same window again: a conflict, nothing written.
    const again = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ taskId, instanceId: rec.instanceId, result: "normal" }] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("INSPECTION_ALREADY_DONE");
    // Due now no more; the measure can still be checked ad hoc.
    const scan = await worker.get(`/api/scan/${fx.unit.qrToken}`);
    expect(scan.body.due).toEqual([]);
    expect(scan.body.adHoc.map((a: { measureId: string }) => a.measureId)).toEqual([fx.measure.id]);
  });

  it("records ad hoc checks of a measure; an abnormal one is a daily-inspection hazard (source 1)", async () => {
    const photo = await makeEvidence(entBId);
    const r = await entB.post(`/api/scan/${fx.unit.qrToken}/records`, {
      items: [
        { measureId: fx.measure.id, result: "normal", note: "复查正常" },
        { measureId: fx.measure.id, result: "abnormal", note: "消防通道堆放货物", evidenceIds: [photo] },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.records.map((x: { instanceId: string | null; hazardId: string | null }) => [x.instanceId, !!x.hazardId])).toEqual([
      [null, false],
      [null, true],
    ]);
    const [h] = await t.db.select().from(hazards).where(eq(hazards.id, r.body.records[1].hazardId));
    expect(h).toMatchObject({ source: "1", measureId: fx.measure.id, title: "8号库：8号库消防器材完好（排查异常）", description: "消防通道堆放货物" });
  });

  it("marks a window done after it closed as late", async () => {
    t.clock.now = new Date("2026-11-23T04:30:00Z"); // 12:30, the 08:00–12:00 window closed
    try {
      const [worker, entB, expert1] = await Promise.all([t.as("ent.b.worker"), t.as("ent.b"), t.as("expert1")]);
      const [inst] = await t.db
        .select()
        .from(inspectionInstances)
        .where(and(eq(inspectionInstances.taskId, taskId), eq(inspectionInstances.dueFrom, new Date("2026-11-23T04:00:00Z"))));
      // The 12:00–16:00 window is open now; do the 12:00 one (open) and check lateness of an older closed one by hand.
      const [older] = await t.db
        .insert(inspectionInstances)
        .values({
          enterpriseId: entBId,
          taskId,
          unitId: fx.unit.id,
          dueFrom: new Date("2026-11-22T00:00:00Z"),
          dueTo: new Date("2026-11-22T04:00:00Z"),
          status: "missed",
        })
        .returning();
      const r = await expert1.post(`/api/scan/${fx.unit.qrToken}/records`, { items: [{ taskId, result: "normal" }] });
      expect(r.status).toBe(403); // expert1's firm is not assigned ent-b
      const ok = await worker.post(`/api/scan/${fx.unit.qrToken}/records`, {
        items: [
          { taskId, result: "normal" },
          { taskId, instanceId: older!.id, result: "normal" },
        ],
      });
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.records.map((x: { instanceId: string; late: boolean }) => [x.instanceId, x.late])).toEqual([
        [inst!.id, false],
        [older!.id, true],
      ]);
      const [o] = await t.db.select().from(inspectionInstances).where(eq(inspectionInstances.id, older!.id));
      expect(o!.status).toBe("late");
      const list = await entB.get(`/api/enterprises/${entBId}/inspection-instances?date=2026-11-22&status=late`);
      expect(list.body.items.find((i: { id: string }) => i.id === older!.id)).toMatchObject({ late: true, missed: false, status: "late" });
    } finally {
      t.clock.now = new Date(TEST_NOW);
    }
  });

  it("lists records by day with names and hazards, in scope only", async () => {
    const r = await baohua.get(`/api/enterprises/${entBId}/inspection-records?from=2026-11-23&to=2026-11-23&pageSize=200`);
    expect(r.status).toBe(200);
    const mine = r.body.items.filter((x: { unitId: string }) => x.unitId === fx.unit.id);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.find((x: { hazardCode: string | null }) => x.hazardCode)).toMatchObject({
      unitName: "8号库",
      measureDescription: "8号库消防器材完好",
      hazardStatus: "reported",
    });
    expect((await entA.get(`/api/enterprises/${entBId}/inspection-records`)).status).toBe(404);
    expect(fieldsOf((await entB.get(`/api/enterprises/${entBId}/inspection-records?from=2026-11-24&to=2026-11-23`)).body)).toEqual(["from"]);
    expect(fieldsOf((await entB.get(`/api/enterprises/${entBId}/inspection-records?from=2026-13-01`)).body)).toEqual(["from"]);
    expect((await entA.get(`/api/enterprises/${entBId}/inspection-instances`)).status).toBe(404);
    expect(fieldsOf((await entB.get(`/api/enterprises/${entBId}/inspection-instances?status=late-ish`)).body)).toEqual(["status"]);
  });

  it("lets an assigned expert record for ent-a", async () => {
    const a = await makeUnit(entAId, "甲类仓库");
    const r = await expert1.post(`/api/scan/${a.unit.qrToken}/records`, { items: [{ measureId: a.measure.id, result: "normal" }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe("working-day calendar setting", () => {
  it("is set by the jurisdiction's emergency bureau, and generation follows it", async () => {
    const { measure } = await makeUnit(entBId, "9号库");
    const task = (await entB.post(`/api/control-measures/${measure.id}/tasks`, daily({ workDayType: 1 }))).body;
    const a = await makeUnit(entAId, "丙类仓库");
    const taskA = (await entA.post(`/api/control-measures/${a.measure.id}/tasks`, daily({ workDayType: 1 }))).body;
    const body = { holidays: ["2026-11-26"], workdays: ["2026-11-28"] };
    expect((await entB.request("PUT", "/api/settings/work-calendar?regionCode=321183103", { body })).status).toBe(403);
    const sw = await t.as("zj.sw"); // a city department that supervises only some sectors
    expect((await sw.request("PUT", "/api/settings/work-calendar?regionCode=321183103", { body })).status).toBe(403);
    expect((await baohua.request("PUT", "/api/settings/work-calendar?regionCode=321183", { body })).status).toBe(403);
    const bad = await baohua.request("PUT", "/api/settings/work-calendar?regionCode=321183103", { body: { holidays: ["2026-02-30"], workdays: [] } });
    expect(fieldsOf(bad.body)).toEqual(["holidays.0"]);
    const ok = await baohua.request("PUT", "/api/settings/work-calendar?regionCode=321183103", { body });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const got = await entB.get("/api/settings/work-calendar?regionCode=321183103201");
    expect(got.body).toMatchObject({ inheritedFrom: "321183103", holidays: ["2026-11-26"], workdays: ["2026-11-28"], canEdit: false });
    expect((await baohua.get("/api/settings/work-calendar")).body).toMatchObject({ regionCode: "321183103", canEdit: true });
    const gen = async (day: string, id: string) => generateInspectionInstances(t.db, day, t.clock.now, { taskIds: [id] });
    expect(await gen("2026-11-26", task.id)).toBe(0); // holiday in 宝华镇
    expect(await gen("2026-11-26", taskA.id)).toBe(1); // a working day in 镇江新区
    expect(await gen("2026-11-28", task.id)).toBe(1); // make-up Saturday in 宝华镇
    expect(await gen("2026-11-28", taskA.id)).toBe(0);
  });
});

describe("the SQL generator agrees with the domain's occurrence rules", () => {
  it("over seven weeks with month ends, 2026 holidays and make-up days, for every kind of cycle", async () => {
    const { measure, unit } = await makeUnit(entAId, "对照单元");
    const sh = (s: string) => new Date(`${s}+08:00`);
    const specs: { cycle: number; cycleUnit: CycleUnit; workDayType: WorkDayType; workStart?: string; workEnd?: string; startAt: Date }[] = [
      { cycle: 1, cycleUnit: "day", workDayType: 0, startAt: sh("2026-09-20T09:30:00") },
      { cycle: 1, cycleUnit: "day", workDayType: 1, startAt: sh("2026-09-01T00:00:00") },
      { cycle: 1, cycleUnit: "day", workDayType: 2, startAt: sh("2026-09-01T00:00:00") },
      { cycle: 3, cycleUnit: "day", workDayType: 1, startAt: sh("2026-09-02T00:00:00") },
      { cycle: 1, cycleUnit: "week", workDayType: 1, startAt: sh("2026-09-26T08:00:00") },
      { cycle: 2, cycleUnit: "week", workDayType: 0, startAt: sh("2026-09-10T00:00:00") },
      { cycle: 1, cycleUnit: "month", workDayType: 1, startAt: sh("2026-08-31T00:00:00") },
      { cycle: 1, cycleUnit: "month", workDayType: 2, startAt: sh("2026-01-31T00:00:00") },
      { cycle: 3, cycleUnit: "month", workDayType: 0, startAt: sh("2026-07-30T00:00:00") },
      { cycle: 1, cycleUnit: "year", workDayType: 1, startAt: sh("2025-10-01T00:00:00") },
      { cycle: 2, cycleUnit: "hour", workDayType: 1, workStart: "08:00", workEnd: "17:30", startAt: sh("2026-09-30T11:00:00") },
      { cycle: 5, cycleUnit: "hour", workDayType: 0, workStart: "00:00", workEnd: "24:00", startAt: sh("2026-09-15T00:00:00") },
      { cycle: 1, cycleUnit: "day", workDayType: 0, startAt: new Date("2026-10-15T17:00:00Z") }, // 16 Oct in Shanghai
    ];
    const rows = await t.db
      .insert(inspectionTasks)
      .values(specs.map((s) => ({ enterpriseId: entAId, unitId: unit.id, measureId: measure.id, content: "对照", ...s })))
      .returning();
    const ids = rows.map((r) => r.id);
    const expected: string[] = [];
    for (let day = "2026-09-14"; day <= "2026-11-02"; day = addCalendarDays(day, 1)) {
      await generateInspectionInstances(t.db, day, t.clock.now, { taskIds: ids });
      rows.forEach((r, i) => {
        for (const w of occurrencesOn(specs[i]!, day, CN_2026_CALENDAR)) expected.push(`${r.id} ${w.dueFrom.toISOString()} ${w.dueTo.toISOString()}`);
      });
    }
    const got = (
      await t.db
        .select()
        .from(inspectionInstances)
        .where(
          sql`${inspectionInstances.taskId} IN (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
        )
    ).map((i) => `${i.taskId} ${i.dueFrom.toISOString()} ${i.dueTo.toISOString()}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(300);
  });
});

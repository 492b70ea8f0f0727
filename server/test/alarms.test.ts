/** 报警处置 API: list filters and scope, summary, detail, the duty life cycle with its refusals, live push, escalation. */
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJobs } from "../src/platform/jobs";
import { alarmEvents, alarms, auditEvents, enterprises, gateways, hazardUnits, notifications, organizations, sensors, users } from "../src/db/schema";
import { escalateUnacknowledgedAlarms } from "../src/features/alarms/escalation";
import type { ScopedLiveAlarm } from "../src/features/telemetry/runtime";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
const published: ScopedLiveAlarm[] = [];
type Ent = typeof enterprises.$inferSelect;
let entA: Ent;
let entB: Ent;
let unitA: string;
const sensorIds: Record<string, number> = {};

const MIN = 60_000;

async function enterprise(name: string): Promise<Ent> {
  const [r] = await t.db.select().from(enterprises).where(eq(enterprises.name, name));
  return r!;
}

async function sensorFor(e: Ent, gatewayId: string, tag: string, name: string, unitId: string | null = null): Promise<number> {
  const [s] = await t.db
    .insert(sensors)
    .values({
      enterpriseId: e.id,
      regionPath: e.regionPath,
      sector: e.sector,
      unitId,
      gatewayId,
      tag,
      name,
      type: "temperature",
      engineeringUnit: "℃",
      h: 60,
      hh: 80,
    })
    .returning({ id: sensors.id });
  return s!.id;
}

interface AlarmInit {
  sensor: string;
  ent: Ent;
  kind?: string;
  level?: string | null;
  severity?: string;
  status?: string;
  conditionActive?: boolean;
  raisedAt?: Date;
  unitId?: string | null;
  lastValue?: number | null;
  limitValue?: number | null;
}

async function makeAlarm(a: AlarmInit): Promise<string> {
  const [r] = await t.db
    .insert(alarms)
    .values({
      sensorId: sensorIds[a.sensor]!,
      enterpriseId: a.ent.id,
      regionPath: a.ent.regionPath,
      sector: a.ent.sector,
      unitId: a.unitId ?? null,
      kind: a.kind ?? "limit",
      level: a.level === undefined ? "h" : a.level,
      severity: a.severity ?? "yellow",
      status: a.status ?? "raised",
      conditionActive: a.conditionActive ?? true,
      raisedAt: a.raisedAt ?? t.clock.now,
      firstValue: a.lastValue ?? 65,
      lastValue: a.lastValue ?? 65,
      peakValue: a.lastValue ?? 65,
      limitValue: a.limitValue === undefined ? 60 : a.limitValue,
    })
    .returning({ id: alarms.id });
  return r!.id;
}

const fx = {} as Record<"a1" | "a2" | "a3" | "aCleared" | "b1" | "b2", string>;
const at = (minutesBefore: number) => new Date(TEST_NOW.getTime() - minutesBefore * MIN);

beforeAll(async () => {
  t = await startTestApp({ ALARM_ESCALATION_MINUTES: "3,10,20" });
  t.app.ctx.monitoring = { live: { publishAlarm: (a) => published.push(a) }, reloadSensors: async () => {} };
  // This file's alarms only (whatever else the demo seed may hold).
  await t.db.delete(alarms);
  entA = await enterprise("镇江华泰化工有限公司");
  entB = await enterprise("句容宝华智运仓储物流有限公司");
  const [u] = await t.db
    .insert(hazardUnits)
    .values({ enterpriseId: entA.id, regionPath: entA.regionPath, sector: entA.sector, name: "液氯储罐区", kind: "storage", isMajor: true, grade: 2 })
    .returning({ id: hazardUnits.id });
  unitA = u!.id;
  await t.db.insert(gateways).values([
    { id: "gw-alarm-a", enterpriseId: entA.id, regionPath: entA.regionPath, sector: entA.sector, name: "华泰网关", passwordHash: "x" },
    { id: "gw-alarm-b", enterpriseId: entB.id, regionPath: entB.regionPath, sector: entB.sector, name: "智运网关", passwordHash: "x" },
  ]);
  sensorIds.a1 = await sensorFor(entA, "gw-alarm-a", "TT-101", "1#储罐温度", unitA);
  sensorIds.a2 = await sensorFor(entA, "gw-alarm-a", "TT-102", "2#储罐温度", unitA);
  sensorIds.a3 = await sensorFor(entA, "gw-alarm-a", "TT-103", "3#储罐温度");
  sensorIds.b1 = await sensorFor(entB, "gw-alarm-b", "TT-201", "库房温度");
  sensorIds.b2 = await sensorFor(entB, "gw-alarm-b", "TT-202", "叉车充电间温度");
  fx.a1 = await makeAlarm({ sensor: "a1", ent: entA, unitId: unitA, level: "hh", severity: "red", raisedAt: at(10), lastValue: 85, limitValue: 80 });
  fx.a2 = await makeAlarm({ sensor: "a2", ent: entA, unitId: unitA, status: "acknowledged", raisedAt: at(60), conditionActive: false });
  fx.a3 = await makeAlarm({
    sensor: "a3",
    ent: entA,
    kind: "offline",
    level: null,
    severity: "blue",
    raisedAt: at(24 * 60 + 30),
    limitValue: null,
    lastValue: null,
  });
  fx.aCleared = await makeAlarm({ sensor: "a1", ent: entA, unitId: unitA, status: "cleared", conditionActive: false, raisedAt: at(3 * 24 * 60) });
  fx.b1 = await makeAlarm({ sensor: "b1", ent: entB, raisedAt: at(5) });
  fx.b2 = await makeAlarm({ sensor: "b2", ent: entB, kind: "rate", level: null, status: "verified", raisedAt: at(120), limitValue: 5 });
}, 60_000);
afterAll(() => t?.close());

const ids = (r: { body: { items: { id: string }[] } }) => r.body.items.map((i) => i.id);

describe("alarm list and scope", () => {
  it("lists the enterprise's own alarms, newest first, with the LiveAlarm fields", async () => {
    const a = await t.as("ent.a");
    const r = await a.get("/api/alarms");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(ids(r)).toEqual([fx.a1, fx.a2, fx.a3, fx.aCleared]);
    expect(r.body).toMatchObject({ total: 4, page: 1, pageSize: 20 });
    expect(r.body.items[0]).toMatchObject({
      id: fx.a1,
      sensorId: sensorIds.a1,
      tag: "TT-101",
      sensorName: "1#储罐温度",
      engineeringUnit: "℃",
      enterpriseId: entA.id,
      enterpriseName: "镇江华泰化工有限公司",
      unitId: unitA,
      unitName: "液氯储罐区",
      kind: "limit",
      level: "hh",
      severity: "red",
      status: "raised",
      conditionActive: true,
      raisedAt: at(10).toISOString(),
      lastValue: 85,
      limitValue: 80,
      escalationLevel: 0,
      occurrences: 1,
      version: 1,
      acknowledgedAt: null,
    });
    expect(r.body.items[0].regionPath).toBeUndefined();
    expect(r.body.items[2]).toMatchObject({ unitId: null, unitName: null, kind: "offline" });
    const page2 = await a.get("/api/alarms?pageSize=3&page=2");
    expect(ids(page2)).toEqual([fx.aCleared]);
    expect(page2.body.total).toBe(4);
  });

  it("filters by status (a comma list, open, all), severity, kind, condition, sensor, unit, enterprise and raised time", async () => {
    const a = await t.as("ent.a");
    const q = async (qs: string) => {
      const r = await a.get(`/api/alarms?${qs}`);
      expect(r.status, `${qs}: ${JSON.stringify(r.body)}`).toBe(200);
      return ids(r);
    };
    expect(await q("status=open")).toEqual([fx.a1, fx.a2, fx.a3]);
    expect(await q("status=all")).toEqual([fx.a1, fx.a2, fx.a3, fx.aCleared]);
    expect(await q("status=raised,acknowledged")).toEqual([fx.a1, fx.a2, fx.a3]);
    expect(await q("status=acknowledged,cleared")).toEqual([fx.a2, fx.aCleared]);
    expect(await q("severity=red")).toEqual([fx.a1]);
    expect(await q("kind=offline")).toEqual([fx.a3]);
    expect(await q("active=false")).toEqual([fx.a2, fx.aCleared]);
    expect(await q("active=true&status=open")).toEqual([fx.a1, fx.a3]);
    expect(await q(`sensorId=${sensorIds.a1}`)).toEqual([fx.a1, fx.aCleared]);
    expect(await q(`unitId=${unitA}`)).toEqual([fx.a1, fx.a2, fx.aCleared]);
    expect(await q(`enterpriseId=${entB.id}`)).toEqual([]);
    // Days are Asia/Shanghai: TEST_NOW is 2026-11-23 10:00 there; 24 h 30 min earlier is 2026-11-22 09:30.
    expect(await q("from=2026-11-23")).toEqual([fx.a1, fx.a2]);
    expect(await q("from=2026-11-22&to=2026-11-22")).toEqual([fx.a3]);
    expect(await q(`from=${encodeURIComponent(at(30).toISOString())}`)).toEqual([fx.a1]);
    expect(await q(`to=${encodeURIComponent(at(60).toISOString())}`)).toEqual([fx.a2, fx.a3, fx.aCleared]);
    const bad = await a.get("/api/alarms?status=raised,bogus");
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("status");
    const badSeverity = await a.get("/api/alarms?severity=purple");
    expect([badSeverity.status, badSeverity.body.fields[0].field]).toEqual([400, "severity"]);
    const reversed = await a.get("/api/alarms?from=2026-11-23&to=2026-11-22");
    expect([reversed.status, reversed.body.fields[0].field]).toEqual([400, "to"]);
  });

  it("keeps every caller to its scope: ent.b, 宝华镇, 镇江市", async () => {
    const b = await t.as("ent.b");
    expect(ids(await b.get("/api/alarms"))).toEqual([fx.b1, fx.b2]);
    expect(ids(await b.get(`/api/alarms?enterpriseId=${entA.id}`))).toEqual([]);
    expect((await b.get(`/api/alarms/${fx.a1}`)).status).toBe(404);
    const baohua = await t.as("baohua.ajb");
    const bh = await baohua.get("/api/alarms?pageSize=200");
    expect(ids(bh)).toEqual([fx.b1, fx.b2]);
    expect((await baohua.get(`/api/alarms/${fx.a1}`)).status).toBe(404);
    expect((await baohua.get(`/api/alarms/${fx.b1}`)).status).toBe(200);
    const zj = await t.as("zj.yjj");
    const all = await zj.get("/api/alarms?pageSize=200");
    expect(ids(all)).toEqual([fx.b1, fx.a1, fx.a2, fx.b2, fx.a3, fx.aCleared]);
    expect(all.body.total).toBe(6);
    // 句容市: only the 宝华镇 enterprise's.
    const jr = await t.as("jr.yjj");
    expect(ids(await jr.get("/api/alarms"))).toEqual([fx.b1, fx.b2]);
  });

  it("summarises open alarms by severity and status in scope", async () => {
    const zj = await t.as("zj.yjj");
    const s = await zj.get("/api/alarms/summary");
    expect(s.status).toBe(200);
    expect(s.body).toEqual({
      open: 5,
      unacknowledged: 3,
      conditionActive: 4,
      bySeverity: { red: 1, orange: 0, yellow: 3, blue: 1 },
      byStatus: { raised: 3, acknowledged: 1, verified: 1, disposed: 0, cleared: 1 },
    });
    const onlyB = await zj.get(`/api/alarms/summary?enterpriseId=${entB.id}`);
    expect(onlyB.body).toMatchObject({ open: 2, unacknowledged: 1, bySeverity: { yellow: 2 } });
    const baohuaRegion = await zj.get("/api/alarms/summary?regionCode=321183103");
    expect(baohuaRegion.body.open).toBe(2);
    const b = await t.as("ent.b");
    expect((await b.get("/api/alarms/summary")).body).toMatchObject({ open: 2, unacknowledged: 1, conditionActive: 2 });
    expect((await b.get(`/api/alarms/summary?enterpriseId=${entA.id}`)).body.open).toBe(0);
    const baohua = await t.as("baohua.ajb");
    expect((await baohua.get("/api/alarms/summary?regionCode=321183")).status).toBe(404);
  });
});

describe("alarm detail and the duty life cycle", () => {
  it("shows the detail with sensor, unit, events and the caller's actions", async () => {
    const a = await t.as("ent.a");
    const d = await a.get(`/api/alarms/${fx.a1}`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      id: fx.a1,
      status: "raised",
      version: 1,
      sensor: { id: sensorIds.a1, tag: "TT-101", hh: 80, h: 60, gatewayId: "gw-alarm-a" },
      unit: { id: unitA, name: "液氯储罐区", isMajor: true, grade: 2 },
      events: [],
      actions: ["acknowledge"],
    });
    const zj = await t.as("zj.yjj");
    expect((await zj.get(`/api/alarms/${fx.a1}`)).body.actions).toEqual([]);
    expect((await zj.get(`/api/alarms/${fx.a3}`)).body.unit).toBeNull();
    expect((await a.get("/api/alarms/not-a-uuid")).status).toBe(404);
    expect((await a.get("/api/alarms/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("goes raised → acknowledged → verified → disposed → cleared, with events, audit and live pushes", async () => {
    const a = await t.as("ent.a");
    const zj = await t.as("zj.yjj");
    const b = await t.as("ent.b");
    const act = (c: Client, body: Record<string, unknown>, id = fx.a1) => c.post(`/api/alarms/${id}/actions`, body);
    published.length = 0;

    // A regulator watches but does not handle; another enterprise may not touch it.
    const reg = await act(zj, { action: "acknowledge", version: 1 });
    expect([reg.status, reg.body.code]).toEqual([403, "FORBIDDEN"]);
    expect((await act(b, { action: "acknowledge", version: 1 })).status).toBe(403);
    expect((await act(a, { action: "verify", version: 1, cause: "real_event" })).body.code).toBe("ALARM_WRONG_STATUS");

    const t1 = t.clock.now;
    const ack = await act(a, { action: "acknowledge", version: 1, note: "已通知班长" });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ status: "acknowledged", version: 2, acknowledgedAt: t1.toISOString(), actions: ["verify"] });
    expect(published.map((p) => [p.id, p.status, p.regionPath])).toEqual([[fx.a1, "acknowledged", entA.regionPath]]);

    // The same click twice, and a stale version.
    const again = await act(a, { action: "acknowledge", version: 2 });
    expect([again.status, again.body.code]).toEqual([409, "ALARM_WRONG_STATUS"]);
    const stale = await act(a, { action: "verify", version: 1, cause: "real_event" });
    expect([stale.status, stale.body.code]).toEqual([409, "VERSION_CONFLICT"]);

    const noCause = await act(a, { action: "verify", version: 2, note: "现场查看" });
    expect([noCause.status, noCause.body.code, noCause.body.fields]).toEqual([
      400,
      "VALIDATION_FAILED",
      [{ field: "cause", message: "现场核实须选择报警原因" }],
    ]);
    const badCause = await act(a, { action: "verify", version: 2, cause: "ghosts" });
    expect([badCause.status, badCause.body.fields[0].field]).toEqual([400, "cause"]);
    const noVersion = await act(a, { action: "verify", cause: "real_event" });
    expect([noVersion.status, noVersion.body.fields[0].field]).toEqual([400, "version"]);
    const ver = await act(a, { action: "verify", version: 2, cause: "instrument_fault", note: "热电偶接线松动" });
    expect(ver.body).toMatchObject({ status: "verified", version: 3, cause: "instrument_fault", verifyNote: "热电偶接线松动", actions: ["dispose"] });

    const empty = await act(a, { action: "dispose", version: 3, feedback: "   " });
    expect([empty.status, empty.body.fields[0].field]).toEqual([400, "feedback"]);
    const missing = await act(a, { action: "dispose", version: 3 });
    expect([missing.status, missing.body.fields[0].field]).toEqual([400, "feedback"]);
    const disp = await act(a, { action: "dispose", version: 3, feedback: "紧固接线，温度读数恢复" });
    expect(disp.body).toMatchObject({ status: "disposed", version: 4, feedback: "紧固接线，温度读数恢复" });
    // The reading still above the limit: 消警 not yet offered, and refused.
    expect(disp.body.actions).toEqual([]);
    const early = await act(a, { action: "clear", version: 4 });
    expect([early.status, early.body.code]).toEqual([409, "ALARM_CONDITION_ACTIVE"]);

    // The engine sees the value return to normal.
    await t.db.update(alarms).set({ conditionActive: false, returnedAt: t.clock.now }).where(eq(alarms.id, fx.a1));
    expect((await a.get(`/api/alarms/${fx.a1}`)).body.actions).toEqual(["clear"]);
    const regulatorClear = await act(zj, { action: "clear", version: 4 });
    expect([regulatorClear.status, regulatorClear.body.code]).toEqual([403, "FORBIDDEN"]);
    const clr = await act(a, { action: "clear", version: 4, note: "恢复正常" });
    expect(clr.body).toMatchObject({ status: "cleared", version: 5, clearedAt: t.clock.now.toISOString(), conditionActive: false, actions: [] });

    expect(
      clr.body.events.map((e: { action: string; fromStatus: string; toStatus: string; actorName: string }) => [
        e.action,
        e.fromStatus,
        e.toStatus,
        e.actorName,
      ]),
    ).toEqual([
      ["acknowledge", "raised", "acknowledged", "赵国强（主要负责人）"],
      ["verify", "acknowledged", "verified", "赵国强（主要负责人）"],
      ["dispose", "verified", "disposed", "赵国强（主要负责人）"],
      ["clear", "disposed", "cleared", "赵国强（主要负责人）"],
    ]);
    expect(clr.body.events[1].comment).toBe("仪表故障：热电偶接线松动");
    expect(clr.body.events[1].data).toEqual({ cause: "instrument_fault", note: "热电偶接线松动" });
    const audit = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, fx.a1), like(auditEvents.action, "alarm.%")))
      .orderBy(asc(auditEvents.id));
    expect(audit.map((x) => x.action)).toEqual(["alarm.acknowledge", "alarm.verify", "alarm.dispose", "alarm.clear"]);
    expect(published.map((p) => p.status)).toEqual(["acknowledged", "verified", "disposed", "cleared"]);
    // A new alarm on the same sensor may now be raised (the open-alarm index no longer holds this one).
    const next = await makeAlarm({ sensor: "a1", ent: entA, raisedAt: t.clock.now });
    await t.db.delete(alarms).where(eq(alarms.id, next));
  });

  it("lets staff acknowledge but only managers clear", async () => {
    const worker = await t.as("ent.b.worker");
    const d = await worker.get(`/api/alarms/${fx.b1}`);
    expect(d.body.actions).toEqual(["acknowledge"]);
    const ack = await worker.post(`/api/alarms/${fx.b1}/actions`, { action: "acknowledge", version: 1 });
    expect(ack.body.status).toBe("acknowledged");
    // b2 is verified; dispose it and return the condition: the worker still may not clear.
    const dispose = await worker.post(`/api/alarms/${fx.b2}/actions`, { action: "dispose", version: 1, feedback: "降低充电功率" });
    expect(dispose.body.status).toBe("disposed");
    await t.db.update(alarms).set({ conditionActive: false }).where(eq(alarms.id, fx.b2));
    const refused = await worker.post(`/api/alarms/${fx.b2}/actions`, { action: "clear", version: 2 });
    expect([refused.status, refused.body.code]).toEqual([403, "FORBIDDEN"]);
    const leader = await t.as("ent.b.leader");
    expect((await leader.post(`/api/alarms/${fx.b2}/actions`, { action: "clear", version: 2 })).body.status).toBe("cleared");
    const admin = await t.as("admin");
    expect((await admin.post(`/api/alarms/${fx.b1}/actions`, { action: "verify", version: 2, cause: "false_alarm" })).body.status).toBe("verified");
    const bad = await admin.post(`/api/alarms/${fx.b1}/actions`, { action: "explode", version: 3 });
    expect([bad.status, bad.body.fields[0].field]).toEqual([400, "action"]);
  });
});

describe("escalation of unacknowledged alarms", () => {
  async function notes(alarmId: string) {
    return t.db
      .select({
        userId: notifications.userId,
        orgId: notifications.orgId,
        kind: notifications.kind,
        title: notifications.title,
        targetType: notifications.targetType,
      })
      .from(notifications)
      .where(eq(notifications.targetId, alarmId))
      .orderBy(asc(notifications.createdAt), asc(notifications.title));
  }
  const orgId = async (name: string) => (await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  const userId = async (username: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  const levelOf = async (id: string) => (await t.db.select({ l: alarms.escalationLevel }).from(alarms).where(eq(alarms.id, id)))[0]!.l;

  it("escalates at the configured minutes to the main leader, the township, then the district, once each", async () => {
    const saved = t.clock.now;
    try {
      const raised = new Date(TEST_NOW.getTime() + 3600_000);
      const id = await makeAlarm({ sensor: "b1", ent: entB, kind: "bad_quality", level: null, severity: "blue", raisedAt: raised });
      // Older unacknowledged fixtures (ent.a's offline alarm) escalate on the first run: get them out of the way.
      t.clock.now = new Date(raised.getTime() - MIN);
      expect((await runJobs(t.app.ctx)).alarmsEscalated).toBe(1);
      // Config 3,10,20 minutes (ALARM_ESCALATION_MINUTES), through the jobs as scheduled.
      const run = async (minutes: number) => {
        t.clock.now = new Date(raised.getTime() + minutes * MIN);
        return (await runJobs(t.app.ctx)).alarmsEscalated;
      };
      expect(await run(2.9)).toBe(0);
      expect(await levelOf(id)).toBe(0);
      expect(await run(3)).toBe(1);
      expect(await levelOf(id)).toBe(1);
      expect(await run(3)).toBe(0);
      const leaderB = await userId("ent.b.leader");
      expect((await notes(id)).map((n) => [n.userId, n.kind, n.targetType])).toEqual([[leaderB, "alarm_escalation", "alarm"]]);
      expect(await run(10)).toBe(1);
      expect(await run(25)).toBe(1);
      expect(await run(40)).toBe(0);
      expect(await levelOf(id)).toBe(3);
      const n = await notes(id);
      expect(n.map((x) => x.orgId ?? x.userId)).toEqual([leaderB, await orgId("句容市宝华镇安全生产监督管理办公室"), await orgId("句容市应急管理局")]);
      expect(n[0]!.title).toContain("第 1 级");
      expect(n[2]!.title).toContain("句容宝华智运仓储物流有限公司 库房温度（TT-201）数据质量异常");
      // The history through the API (sessions expire while the clock moves: sign in again).
      const b = await t.as("ent.b");
      const d = await b.get(`/api/alarms/${id}`);
      expect(d.body.escalationLevel).toBe(3);
      const comments = d.body.events.map((e: { comment: string }) => e.comment);
      expect(comments).toHaveLength(3);
      expect(comments[0]).toMatch(/^未确认报警升级至企业主要负责人（第 1 级，已 3 分钟未确认）：钱卫东（主要负责人）$/);
      expect(comments[1]).toMatch(/^未确认报警升级至属地乡镇（街道）（第 2 级，已 10 分钟未确认）：句容市宝华镇安全生产监督管理办公室$/);
      expect(comments[2]).toMatch(/^未确认报警升级至区（县）应急管理局（第 3 级，已 25 分钟未确认）：句容市应急管理局$/);
      expect(d.body.events.every((e: { action: string; actorName: string }) => e.action === "escalate" && e.actorName === "系统")).toBe(true);
      // The township office sees it among its notices.
      const baohua = await t.as("baohua.ajb");
      const todos = await baohua.get("/api/todos");
      expect(JSON.stringify(todos.body)).toContain(id);
      // Acknowledging stops it; a later acknowledgement keeps the version the escalation left untouched.
      expect(d.body.version).toBe(1);
      expect((await b.post(`/api/alarms/${id}/actions`, { action: "acknowledge", version: 1 })).body.status).toBe("acknowledged");
      await t.db.delete(alarms).where(eq(alarms.id, id));
    } finally {
      t.clock.now = saved;
    }
  });

  it("jumps an old alarm straight to the level it is due for, with a row per level, and skips acknowledged ones", async () => {
    const raised = new Date(TEST_NOW.getTime() + 5 * 3600_000);
    // ent.a's 镇江新区 has no township body: level 2 falls back to the district body, as hazards do.
    const old = await makeAlarm({ sensor: "a3", ent: entA, kind: "bad_quality", level: null, severity: "blue", raisedAt: raised });
    const acked = await makeAlarm({ sensor: "a2", ent: entA, kind: "rate", level: null, status: "acknowledged", raisedAt: raised });
    const now = new Date(raised.getTime() + 31 * MIN);
    expect(await escalateUnacknowledgedAlarms(t.db, now, [5, 15, 30])).toBe(1);
    expect(await escalateUnacknowledgedAlarms(t.db, now, [5, 15, 30])).toBe(0);
    expect([await levelOf(old), await levelOf(acked)]).toEqual([3, 0]);
    const ev = await t.db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, old)).orderBy(asc(alarmEvents.id));
    expect(ev.map((e) => (e.data as { level: number }).level)).toEqual([1, 2, 3]);
    expect(ev[0]!.comment).toContain("赵国强（主要负责人）");
    expect(ev[0]!.comment).toContain("已 31 分钟未确认");
    const n = await notes(old);
    expect(n).toHaveLength(3);
    // Titles sort by level (第 1 级 < 第 2 级 < 第 3 级).
    expect(n.map((x) => x.orgId ?? x.userId)).toEqual([
      await userId("ent.a"),
      await orgId("镇江新区安全生产监督管理局"),
      await orgId("镇江新区安全生产监督管理局"),
    ]);
    expect(await notes(acked)).toEqual([]);
    await t.db.delete(alarms).where(eq(alarms.id, old));
    await t.db.delete(alarms).where(eq(alarms.id, acked));
  });
});

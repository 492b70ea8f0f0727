/**
 * Monitoring reports (日记录、周分析、月通报): fixtures written directly (a test county with two townships, three
 * enterprises, gateways, sensors, alarms with known times and causes, offline spells), then the computed numbers,
 * scope, PDF and Excel, and the scheduled generation. TEST_NOW is Monday 2026-11-23 10:00 (Asia/Shanghai).
 */
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "@anguan/domain";
import { alarms, enterprises, gateways, hazardUnits, monitoringReports, regions, sensors } from "../src/db/schema";
import { computeReport, handlingOf, median, rankEnterprises, redListReasons } from "../src/features/monitoringReports/compute";
import { lastCompletePeriod, periodOf, reportThresholds } from "../src/features/monitoringReports/rules";
import { generateDueReports } from "../src/features/monitoringReports/service";
import { runJobs } from "../src/platform/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
const E: Record<"X" | "Y" | "Z", string> = { X: "", Y: "", Z: "" };
const S: Record<string, number> = {};
const A: Record<string, string> = {};

/** A Shanghai wall-clock time. */
const at = (s: string) => new Date(`${s}:00+08:00`);
const COUNTY = "321199";
const T1 = "321199001";
const T2 = "321199002";
const pages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  await t.db.insert(regions).values([
    { code: COUNTY, name: "测试区", level: "county", parentCode: "321100", path: `320000/321100/${COUNTY}/` },
    { code: T1, name: "甲镇", level: "township", parentCode: COUNTY, path: `320000/321100/${COUNTY}/${T1}/` },
    { code: T2, name: "乙镇", level: "township", parentCode: COUNTY, path: `320000/321100/${COUNTY}/${T2}/` },
  ]);
  const mk = async (key: "X" | "Y" | "Z", name: string, regionCode: string, n: number) => {
    const r = await admin.post("/api/enterprises", {
      name,
      creditCode: makeCreditCode("91", "321100", `MRP${String(n).padStart(5, "0")}`),
      regionCode,
      sector: "hazchem_production",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    E[key] = r.body.id;
  };
  await mk("X", "测试化工甲有限公司", T1, 1);
  await mk("Y", "测试化工乙有限公司", T2, 2);
  await mk("Z", "测试化工丙有限公司", T2, 3);
  const ents = new Map((await t.db.select().from(enterprises)).map((e) => [e.id, e]));
  const where = (key: "X" | "Y" | "Z") => ({ enterpriseId: E[key], regionPath: ents.get(E[key])!.regionPath, sector: "hazchem_production" });
  for (const k of ["X", "Y", "Z"] as const) await t.db.insert(gateways).values({ id: `gw-mr-${k}`, ...where(k), name: `网关${k}`, passwordHash: "x" });
  const [unit] = await t.db
    .insert(hazardUnits)
    .values({ ...where("X"), name: "罐区一", kind: "storage" })
    .returning();
  const created = at("2026-11-01T00:00");
  const sensor = async (key: string, ent: "X" | "Y" | "Z", unitId: string | null) => {
    const [s] = await t.db
      .insert(sensors)
      .values({
        ...where(ent),
        unitId,
        gatewayId: `gw-mr-${ent}`,
        tag: key,
        name: `测点${key}`,
        type: "pressure",
        engineeringUnit: "MPa",
        h: 70,
        hh: 75,
        createdAt: created,
      })
      .returning();
    S[key] = s!.id;
  };
  await sensor("TX-1", "X", unit!.id);
  await sensor("TX-2", "X", unit!.id);
  await sensor("TX-3", "X", null);
  await sensor("TY-1", "Y", null);
  await sensor("TY-2", "Y", null);
  await sensor("TZ-1", "Z", null);

  type Fx = {
    sensor: string;
    ent: "X" | "Y" | "Z";
    kind: string;
    level?: string;
    severity: string;
    status: string;
    raised: string;
    ack?: string;
    verified?: string;
    cause?: string;
    disposed?: string;
    cleared?: string;
    returned?: string;
    value?: number;
    limit?: number;
  };
  const alarm = async (key: string, f: Fx) => {
    const [a] = await t.db
      .insert(alarms)
      .values({
        ...where(f.ent),
        sensorId: S[f.sensor]!,
        unitId: f.sensor.startsWith("TX-1") || f.sensor.startsWith("TX-2") ? unit!.id : null,
        kind: f.kind,
        level: f.level ?? null,
        severity: f.severity,
        status: f.status,
        conditionActive: !f.returned && f.status !== "cleared",
        raisedAt: at(f.raised),
        acknowledgedAt: f.ack ? at(f.ack) : null,
        verifiedAt: f.verified ? at(f.verified) : null,
        cause: f.cause ?? null,
        disposedAt: f.disposed ? at(f.disposed) : null,
        clearedAt: f.cleared ? at(f.cleared) : null,
        returnedAt: f.returned ? at(f.returned) : null,
        firstValue: f.value ?? null,
        peakValue: f.value ?? null,
        limitValue: f.limit ?? null,
      })
      .returning();
    A[key] = a!.id;
  };
  // The previous week (2026-11-09 … 11-15) and earlier in November.
  await alarm("o4", {
    sensor: "TY-1",
    ent: "Y",
    kind: "offline",
    severity: "blue",
    status: "cleared",
    raised: "2026-11-05T00:00",
    ack: "2026-11-05T00:01",
    verified: "2026-11-05T00:10",
    cause: "instrument_fault",
    disposed: "2026-11-05T01:00",
    returned: "2026-11-07T00:00",
    cleared: "2026-11-07T01:00",
  });
  await alarm("p1", {
    sensor: "TY-1",
    ent: "Y",
    kind: "limit",
    level: "h",
    severity: "yellow",
    status: "cleared",
    raised: "2026-11-10T09:00",
    ack: "2026-11-10T09:02",
    verified: "2026-11-10T09:10",
    cause: "real_event",
    disposed: "2026-11-10T09:30",
    returned: "2026-11-10T09:20",
    cleared: "2026-11-10T09:40",
    value: 72,
    limit: 70,
  });
  await alarm("p2", {
    sensor: "TY-1",
    ent: "Y",
    kind: "limit",
    level: "hh",
    severity: "orange",
    status: "cleared",
    raised: "2026-11-12T09:00",
    ack: "2026-11-12T09:03",
    verified: "2026-11-12T09:20",
    cause: "real_event",
    disposed: "2026-11-12T10:00",
    returned: "2026-11-12T09:50",
    cleared: "2026-11-12T10:10",
    value: 77,
    limit: 75,
  });
  // The week 2026-11-16 … 11-22.
  await alarm("c1", {
    sensor: "TX-2",
    ent: "X",
    kind: "limit",
    level: "h",
    severity: "yellow",
    status: "cleared",
    raised: "2026-11-18T10:00",
    ack: "2026-11-18T10:02",
    verified: "2026-11-18T10:10",
    cause: "maintenance",
    disposed: "2026-11-18T10:58",
    returned: "2026-11-18T10:30",
    cleared: "2026-11-18T11:00",
    value: 71,
    limit: 70,
  });
  await alarm("c2", {
    sensor: "TX-1",
    ent: "X",
    kind: "limit",
    level: "h",
    severity: "yellow",
    status: "cleared",
    raised: "2026-11-20T10:00",
    ack: "2026-11-20T10:20",
    verified: "2026-11-20T11:00",
    cause: "real_event",
    disposed: "2026-11-21T11:00",
    returned: "2026-11-20T12:00",
    cleared: "2026-11-21T12:00",
    value: 73,
    limit: 70,
  });
  await alarm("o1", {
    sensor: "TX-3",
    ent: "X",
    kind: "offline",
    severity: "blue",
    status: "cleared",
    raised: "2026-11-21T22:00",
    ack: "2026-11-21T22:02",
    returned: "2026-11-22T02:00",
    cleared: "2026-11-22T03:00",
  });
  // The day 2026-11-22.
  await alarm("a1", {
    sensor: "TX-1",
    ent: "X",
    kind: "limit",
    level: "hh",
    severity: "red",
    status: "cleared",
    raised: "2026-11-22T08:00",
    ack: "2026-11-22T08:03",
    verified: "2026-11-22T08:10",
    cause: "real_event",
    disposed: "2026-11-22T09:00",
    returned: "2026-11-22T08:40",
    cleared: "2026-11-22T10:00",
    value: 80,
    limit: 75,
  });
  await alarm("a2", {
    sensor: "TX-1",
    ent: "X",
    kind: "limit",
    level: "h",
    severity: "yellow",
    status: "cleared",
    raised: "2026-11-22T12:00",
    ack: "2026-11-22T12:10",
    verified: "2026-11-22T12:20",
    cause: "false_alarm",
    disposed: "2026-11-22T12:40",
    returned: "2026-11-22T12:05",
    cleared: "2026-11-22T13:00",
    value: 71,
    limit: 70,
  });
  await alarm("a3", {
    sensor: "TX-2",
    ent: "X",
    kind: "rate",
    severity: "yellow",
    status: "acknowledged",
    raised: "2026-11-22T14:00",
    ack: "2026-11-22T14:04",
    value: 60,
    limit: 5,
  });
  await alarm("a4", {
    sensor: "TX-1",
    ent: "X",
    kind: "limit",
    level: "hh",
    severity: "red",
    status: "raised",
    raised: "2026-11-22T20:00",
    value: 78,
    limit: 75,
  });
  await alarm("o2", {
    sensor: "TX-3",
    ent: "X",
    kind: "offline",
    severity: "blue",
    status: "acknowledged",
    raised: "2026-11-22T18:00",
    ack: "2026-11-22T18:30",
    returned: "2026-11-22T21:00",
  });
  await alarm("b1", {
    sensor: "TY-2",
    ent: "Y",
    kind: "bad_quality",
    severity: "blue",
    status: "disposed",
    raised: "2026-11-22T09:00",
    ack: "2026-11-22T09:01",
    verified: "2026-11-22T09:10",
    cause: "instrument_fault",
    disposed: "2026-11-22T09:30",
    returned: "2026-11-22T09:05",
  });
  await alarm("o3", { sensor: "TY-2", ent: "Y", kind: "offline", severity: "blue", status: "raised", raised: "2026-11-22T23:00" });
}, 120_000);
afterAll(() => t?.close());

const get = (c: Client, q: string) => c.get(`/api/monitoring-reports?${q}`);
const DAY = 1440;
const WEEK = 7 * DAY;
/** Minutes from 2026-11-01 00:00 to TEST_NOW (2026-11-23 10:00). */
const NOV_SO_FAR = 22 * DAY + 600;

describe("pure rules", () => {
  it("periods: Shanghai days, Monday–Sunday weeks, calendar months; the last finished ones", () => {
    expect(periodOf("weekly", "2026-11-22")).toMatchObject({ start: "2026-11-16", end: "2026-11-22" });
    expect(periodOf("weekly", "2026-11-23")).toMatchObject({ start: "2026-11-23", end: "2026-11-29" });
    expect(periodOf("monthly", "2024-02-10")).toMatchObject({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodOf("daily", "2026-11-22").startAt.toISOString()).toBe("2026-11-21T16:00:00.000Z");
    expect(lastCompletePeriod("daily", "2026-11-23").start).toBe("2026-11-22");
    expect(lastCompletePeriod("weekly", "2026-11-23").start).toBe("2026-11-16");
    expect(lastCompletePeriod("monthly", "2026-11-23")).toMatchObject({ start: "2026-10-01", end: "2026-10-31" });
    expect(median([30, 1, 4, 10, 3])).toBe(4);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it("ranking and red list follow the thresholds", () => {
    const th = reportThresholds([5, 15, 30]);
    const base = { onlineRate: 1, timeliness: 1, unacknowledgedRed: 0 };
    expect(redListReasons(base, th)).toEqual([]);
    expect(redListReasons({ ...base, onlineRate: 0.9499 }, th)).toEqual(["online_rate"]);
    expect(redListReasons({ ...base, onlineRate: 0.95, timeliness: 0.79 }, th)).toEqual(["timeliness"]);
    expect(redListReasons({ onlineRate: null, timeliness: null, unacknowledgedRed: 1 }, th)).toEqual(["unacknowledged_red"]);
    const e = (name: string, alarms: number, onlineRate: number | null, timeliness: number | null) => ({
      enterpriseId: name,
      name,
      regionCode: "",
      sensors: 1,
      alarms,
      bySeverity: { red: 0, orange: 0, yellow: 0, blue: 0 },
      onlineRate,
      offlineSpells: 0,
      offlineMinutes: 0,
      ackTimelyRate: null,
      disposeTimelyRate: null,
      timeliness,
      unacknowledgedRed: 0,
    });
    const ranked = rankEnterprises([e("甲", 3, 1, 1), e("乙", 5, 1, 1), e("丙", 3, 0.9, 1), e("丁", 3, 0.9, 0.5)]);
    expect(ranked.map((r) => [r.name, r.rank])).toEqual([
      ["乙", 1],
      ["丁", 2],
      ["丙", 3],
      ["甲", 4],
    ]);
    // An alarm not yet acknowledged is judged only once its window has passed.
    const fresh = { raisedAt: new Date("2026-11-23T01:58:00Z"), acknowledgedAt: null, disposedAt: null } as never;
    expect(handlingOf([fresh], TEST_NOW, th)).toMatchObject({ ackTimelyRate: null, timeliness: null });
    void computeReport;
  });
});

describe("scheduled generation", () => {
  it("generates the last finished day and week once for every enterprise and region with sensors; a second run does nothing", async () => {
    const first = await generateDueReports(t.db, TEST_NOW, [5, 15, 30], 10_000);
    expect(first).toBeGreaterThan(0);
    const rows = await t.db.select().from(monitoringReports);
    const keys = new Set(rows.map((r) => `${r.kind}|${r.periodStart}|${r.scopeKey}`));
    for (const key of [
      `enterprise:${E.X}`,
      `enterprise:${E.Y}`,
      `enterprise:${E.Z}`,
      `320000/321100/${COUNTY}/`,
      `320000/321100/${COUNTY}/${T1}/`,
      `320000/321100/${COUNTY}/${T2}/`,
      "320000/321100/",
    ]) {
      expect(keys.has(`daily|2026-11-22|${key}`), `daily ${key}`).toBe(true);
      expect(keys.has(`weekly|2026-11-16|${key}`), `weekly ${key}`).toBe(true);
    }
    // Sensors registered in November: no October bulletin for them, and no province-level report.
    expect(keys.has(`monthly|2026-10-01|enterprise:${E.X}`)).toBe(false);
    expect([...keys].some((k) => k.endsWith("|320000/"))).toBe(false);
    const stored = rows.find((r) => r.kind === "daily" && r.scopeKey === `enterprise:${E.X}`)!;
    expect((stored.data as { summary: { alarms: number } }).summary.alarms).toBe(5);

    expect(await generateDueReports(t.db, TEST_NOW, [5, 15, 30], 10_000)).toBe(0);
    const again = await runJobs(t.app.ctx);
    expect(again).toMatchObject({ ran: true, reports: 0 });
    const after = await t.db.select().from(monitoringReports);
    expect(after.length).toBe(rows.length);
    expect(after.find((r) => r.id === stored.id)!.generatedAt.getTime()).toBe(stored.generatedAt.getTime());
    const [dups] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(monitoringReports)
      .where(and(eq(monitoringReports.kind, "daily"), eq(monitoringReports.scopeKey, `enterprise:${E.X}`)));
    expect(dups!.n).toBe(1);
  });

  it("a request for a stored report returns it; regenerate recomputes it", async () => {
    const c = await t.as("zj.yjj");
    const r = await get(c, `kind=daily&date=2026-11-22&enterpriseId=${E.X}`);
    expect(r.status).toBe(200);
    const [row] = await t.db
      .select()
      .from(monitoringReports)
      .where(and(eq(monitoringReports.kind, "daily"), eq(monitoringReports.scopeKey, `enterprise:${E.X}`)));
    expect(r.body.id).toBe(row!.id);
    expect(r.body.generatedAt).toBe(row!.generatedAt.toISOString());
    t.clock.now = new Date(TEST_NOW.getTime() + 60_000);
    const again = await get(c, `kind=daily&date=2026-11-22&enterpriseId=${E.X}&regenerate=true`);
    t.clock.now = new Date(TEST_NOW);
    expect([again.body.id, again.body.generatedAt]).toEqual([row!.id, new Date(TEST_NOW.getTime() + 60_000).toISOString()]);
  });
});

describe("日记录 (daily record)", () => {
  it("counts, alarm rows, durations, offline spells, disposal times and online rates", async () => {
    const r = await get(admin, `kind=daily&date=2026-11-22&regionCode=${COUNTY}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body.data;
    expect([r.body.kind, r.body.periodStart, r.body.periodEnd, d.partial]).toEqual(["daily", "2026-11-22", "2026-11-22", false]);
    expect(d.scope).toMatchObject({ type: "region", regionCode: COUNTY, name: "镇江市测试区", sectors: null });
    const s = d.summary;
    expect([s.alarms, s.sensors, s.enterprises]).toEqual([7, 6, 3]);
    expect(s.byKind).toEqual({ limit: 3, rate: 1, bad_quality: 1, offline: 2 });
    expect(s.bySeverity).toEqual({ red: 2, orange: 0, yellow: 2, blue: 3 });
    expect(s.byStatus).toEqual({ raised: 2, acknowledged: 2, verified: 0, disposed: 1, cleared: 2 });
    // Acknowledged after 3, 10, 4, 30, 1 min; disposed after 60, 40, 30 min.
    expect(s.handling).toEqual({
      acknowledged: 5,
      ackMedianMinutes: 4,
      ackAvgMinutes: 9.6,
      disposed: 3,
      disposeMedianMinutes: 40,
      disposeAvgMinutes: 43.3,
      ackTimelyRate: Number((3 / 7).toFixed(6)),
      disposeTimelyRate: 1,
      timeliness: Number((2 / 3).toFixed(6)),
    });
    // Offline: TX-3 00:00–02:00 (from the day before) and 18:00–21:00, TY-2 from 23:00 (still offline).
    expect([s.offlineSpells, s.offlineMinutes]).toEqual([3, 360]);
    expect(s.onlineRate).toBeCloseTo((4 + (1 - 300 / DAY) + (1 - 60 / DAY)) / 6, 6);
    expect(d.offlineSpells.map((x: { tag: string; minutes: number; to: string | null }) => [x.tag, x.minutes, x.to])).toEqual([
      ["TX-3", 120, at("2026-11-22T02:00").toISOString()],
      ["TX-3", 180, at("2026-11-22T21:00").toISOString()],
      ["TY-2", 60, null],
    ]);
    const rows = d.alarms as {
      id: string;
      tag: string;
      kind: string;
      ackMinutes: number | null;
      disposeMinutes: number | null;
      cause: string | null;
      unitName: string | null;
      value: number | null;
      limit: number | null;
      enterpriseName: string;
    }[];
    expect(rows.map((a) => a.id)).toEqual([A.a1, A.b1, A.a2, A.a3, A.o2, A.a4, A.o3]);
    expect(rows[0]).toMatchObject({
      tag: "TX-1",
      kind: "limit",
      level: "hh",
      severity: "red",
      value: 80,
      limit: 75,
      ackMinutes: 3,
      disposeMinutes: 60,
      cause: "real_event",
      unitName: "罐区一",
      enterpriseName: "测试化工甲有限公司",
      status: "cleared",
    });
    expect(rows[5]).toMatchObject({ tag: "TX-1", ackMinutes: null, disposeMinutes: null, cause: null, status: "raised" });
    const ents = d.enterprises as { name: string; alarms: number; sensors: number; onlineRate: number; unacknowledgedRed: number }[];
    expect(ents.map((e) => [e.name, e.alarms, e.sensors, e.unacknowledgedRed])).toEqual([
      ["测试化工甲有限公司", 5, 3, 1],
      ["测试化工乙有限公司", 2, 2, 0],
      ["测试化工丙有限公司", 0, 1, 0],
    ]);
    expect(ents[0]!.onlineRate).toBeCloseTo((2 + (1 - 300 / DAY)) / 3, 6);
    expect(ents[1]!.onlineRate).toBeCloseTo((1 + (1 - 60 / DAY)) / 2, 6);
    expect(ents[2]!.onlineRate).toBe(1);
  });

  it("an enterprise's own record holds only its alarms", async () => {
    const r = await get(admin, `kind=daily&date=2026-11-22&enterpriseId=${E.Y}`);
    expect(r.status).toBe(200);
    expect(r.body.scopeKey).toBe(`enterprise:${E.Y}`);
    expect(r.body.data.alarms.map((a: { id: string }) => a.id)).toEqual([A.b1, A.o3]);
    expect(r.body.data.summary.sensors).toBe(2);
  });

  it("today's record is partial (up to now) and recomputed on each request", async () => {
    const r = await get(admin, `kind=daily&date=2026-11-23&enterpriseId=${E.Y}`);
    expect([r.status, r.body.data.partial]).toEqual([200, true]);
    // TY-2 offline 00:00–10:00 of a day that has run for 10 hours.
    expect(r.body.data.enterprises[0].onlineRate).toBeCloseTo((1 + 0) / 2, 6);
    const future = await get(admin, `kind=daily&date=2026-11-24&enterpriseId=${E.Y}`);
    expect([future.status, future.body.fields?.[0]?.field]).toEqual([400, "date"]);
  });
});

describe("周分析 (weekly analysis)", () => {
  it("trend, top sources, causes, repeat offenders, online rates and the week before", async () => {
    const r = await get(admin, `kind=weekly&date=2026-11-19&regionCode=${COUNTY}`);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect([d.periodStart, d.periodEnd, d.summary.alarms]).toEqual(["2026-11-16", "2026-11-22", 10]);
    expect(d.trend.map((p: { date: string; total: number }) => p.total)).toEqual([0, 0, 1, 0, 1, 1, 7]);
    expect(d.trend[6]).toEqual({ date: "2026-11-22", total: 7, red: 2, orange: 0, yellow: 2, blue: 3 });
    expect(d.topSensors.map((s: { tag: string; count: number }) => [s.tag, s.count])).toEqual([
      ["TX-1", 4],
      ["TX-2", 2],
      ["TX-3", 2],
      ["TY-2", 2],
    ]);
    expect(d.topUnits).toEqual([{ unitId: expect.any(String), name: "罐区一", enterpriseName: "测试化工甲有限公司", count: 6 }]);
    expect(d.causes).toEqual([
      { cause: "real_event", count: 2 },
      { cause: "instrument_fault", count: 1 },
      { cause: "maintenance", count: 1 },
      { cause: "false_alarm", count: 1 },
      { cause: "unverified", count: 5 },
    ]);
    expect(d.repeatOffenders.map((s: { tag: string; count: number; kinds: object }) => [s.tag, s.count, s.kinds])).toEqual([["TX-1", 4, { limit: 4 }]]);
    // TX-3 offline 240 + 180 min, TY-2 60 min, of a 7-day week.
    expect(d.summary.onlineRate).toBeCloseTo((4 + (1 - 420 / WEEK) + (1 - 60 / WEEK)) / 6, 6);
    expect(d.previous).toMatchObject({ periodStart: "2026-11-09", periodEnd: "2026-11-15" });
    const cmp = Object.fromEntries(d.comparison.map((c: { key: string; current: number; previous: number }) => [c.key, [c.current, c.previous]]));
    expect(cmp.alarms).toEqual([10, 2]);
    expect(cmp.red).toEqual([2, 0]);
    expect(cmp.orange).toEqual([0, 1]);
    expect(cmp.offlineMinutes).toEqual([480, 0]);
    expect(cmp.onlineRate[1]).toBe(1);
  });
});

describe("月通报 (monthly bulletin)", () => {
  it("ranks enterprises, lists the red list and totals by region", async () => {
    const r = await get(admin, `kind=monthly&date=2026-11-05&regionCode=${COUNTY}`);
    expect(r.status).toBe(200);
    const d = r.body.data;
    expect([d.periodStart, d.periodEnd, d.partial, d.summary.alarms]).toEqual(["2026-11-01", "2026-11-30", true, 13]);
    expect(d.thresholds).toMatchObject({
      ackWithinMinutes: 5,
      disposeWithinHours: 24,
      redList: { minOnlineRate: 0.95, minTimeliness: 0.8, unacknowledgedRed: true },
    });
    const rank = d.ranking as { name: string; rank: number; alarms: number; onlineRate: number; timeliness: number | null; ackTimelyRate: number | null }[];
    expect(rank.map((e) => [e.rank, e.name, e.alarms])).toEqual([
      [1, "测试化工甲有限公司", 8],
      [2, "测试化工乙有限公司", 5],
      [3, "测试化工丙有限公司", 0],
    ]);
    // 甲: of c1, c2, o1, a1, a2 (24 h passed), only c1 and a1 were acknowledged within 5 min and disposed within 24 h.
    expect(rank[0]!.timeliness).toBe(0.4);
    expect(rank[1]!.timeliness).toBe(1);
    expect(rank[2]!.timeliness).toBeNull();
    expect(rank[0]!.onlineRate).toBeCloseTo((2 + (1 - 420 / NOV_SO_FAR)) / 3, 6);
    expect(rank[1]!.onlineRate).toBeCloseTo((1 - 2880 / NOV_SO_FAR + (1 - 660 / NOV_SO_FAR)) / 2, 6);
    expect(d.redList.map((e: { name: string; reasons: string[] }) => [e.name, e.reasons])).toEqual([
      ["测试化工甲有限公司", ["timeliness", "unacknowledged_red"]],
      ["测试化工乙有限公司", ["online_rate"]],
    ]);
    expect(
      d.regions.map((g: { code: string; enterprises: number; sensors: number; alarms: number; red: number; redListed: number }) => [
        g.code,
        g.enterprises,
        g.sensors,
        g.alarms,
        g.red,
        g.redListed,
      ]),
    ).toEqual([
      [T1, 1, 3, 8, 2, 1],
      [T2, 2, 3, 5, 0, 1],
    ]);
    expect(d.regions[1].name).toBe("乙镇");
    // An enterprise's bulletin has no region totals.
    const own = await get(admin, `kind=monthly&date=2026-11-05&enterpriseId=${E.Z}`);
    expect([own.body.data.regions, own.body.data.redList, own.body.data.ranking.length]).toEqual([[], [], 1]);
  });
});

describe("scope", () => {
  it("enterprise users get their own enterprise; another's is 404, a region is 404", async () => {
    const entA = await t.as("ent.a");
    const entB = await t.as("ent.b");
    const [a] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "镇江华泰化工有限公司"));
    const own = await get(entB, "kind=daily&date=2026-11-22");
    expect([own.status, own.body.data.scope.type]).toEqual([200, "enterprise"]);
    const [b] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "句容宝华智运仓储物流有限公司"));
    expect(own.body.data.scope.enterpriseId).toBe(b!.id);
    const foreign = await get(entB, `kind=daily&date=2026-11-22&enterpriseId=${a!.id}`);
    expect([foreign.status, foreign.body.code]).toEqual([404, "NOT_FOUND"]);
    expect((await get(entB, `kind=daily&date=2026-11-22&enterpriseId=${a!.id}&format=pdf`)).status).toBe(404);
    expect((await get(entA, "kind=monthly&date=2026-11-05&regionCode=321100")).status).toBe(404);
    expect((await get(entA, `kind=daily&date=2026-11-22&enterpriseId=${a!.id}`)).status).toBe(200);
    const list = await entB.get("/api/monitoring-reports/list?pageSize=200");
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(new Set(list.body.items.map((i: { scopeKey: string }) => i.scopeKey))).toEqual(new Set([`enterprise:${b!.id}`]));
  });

  it("a township official gets its township, not the county above nor another county", async () => {
    const bh = await t.as("baohua.ajb");
    const own = await get(bh, "kind=daily&date=2026-11-22");
    expect([own.status, own.body.data.scope.regionCode, own.body.data.scope.name]).toEqual([200, "321183103", "镇江市句容市宝华镇"]);
    expect((await get(bh, "kind=daily&date=2026-11-22&regionCode=321183")).status).toBe(404);
    expect((await get(bh, `kind=daily&date=2026-11-22&regionCode=${COUNTY}`)).status).toBe(404);
    expect((await get(bh, `kind=daily&date=2026-11-22&enterpriseId=${E.X}`)).status).toBe(404);
    expect((await get(bh, "kind=daily&date=2026-11-22&regionCode=999999")).body.code).toBe("UNKNOWN_REGION");
    const list = await bh.get("/api/monitoring-reports/list?kind=daily&pageSize=200");
    expect(list.status).toBe(200);
    for (const i of list.body.items as { scopeKey: string; scopeType: string }[]) {
      if (i.scopeType === "region") expect(i.scopeKey.startsWith("320000/321100/321183/321183103/"), i.scopeKey).toBe(true);
    }
    expect(list.body.items.some((i: { regionCode: string | null }) => i.regionCode === "321183103")).toBe(true);
    // A city official sees the test county; a sector-limited one sees it through its sectors only.
    const zj = await t.as("zj.yjj");
    expect((await get(zj, `kind=daily&date=2026-11-22&regionCode=${COUNTY}`)).body.data.summary.alarms).toBe(7);
    const sw = await t.as("zj.sw");
    const limited = await get(sw, `kind=daily&date=2026-11-22&regionCode=${COUNTY}`);
    expect([limited.status, limited.body.data.scope.sectors, limited.body.data.summary.alarms, limited.body.scopeKey]).toEqual([
      200,
      ["catering", "commerce"],
      0,
      `320000/321100/${COUNTY}/#catering,commerce`,
    ]);
    const validation = await get(zj, `kind=yearly&date=2026-11-22`);
    expect([validation.status, validation.body.fields?.[0]?.field]).toEqual([400, "kind"]);
    const both = await get(zj, `kind=daily&enterpriseId=${E.X}&regionCode=${COUNTY}`);
    expect([both.status, both.body.fields?.[0]?.field]).toEqual([400, "regionCode"]);
  });
});

describe("downloads", () => {
  it("PDF: Chinese, with charts, several pages", async () => {
    for (const kind of ["daily", "weekly", "monthly"]) {
      const r = await admin.get(`/api/monitoring-reports?kind=${kind}&date=2026-11-22&regionCode=${COUNTY}&format=pdf`);
      expect(r.status, String(r.body).slice(0, 300)).toBe(200);
      expect(r.headers["content-type"]).toBe("application/pdf");
      expect(String(r.headers["content-disposition"])).toContain("attachment");
      const pdf = r.raw.rawPayload;
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.toString("latin1")).toContain("NotoSansCJKsc");
      expect(pages(pdf), kind).toBeGreaterThan(1);
      expect(pdf.length).toBeGreaterThan(30_000);
    }
  }, 60_000);

  it("Excel: one sheet per section, every alarm", async () => {
    const r = await admin.get(`/api/monitoring-reports?kind=daily&date=2026-11-22&regionCode=${COUNTY}&format=xlsx`);
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["概况", "报警明细", "离线记录", "企业在线率", "判定规则"]);
    const alarmsSheet = wb.getWorksheet("报警明细")!;
    expect(alarmsSheet.rowCount).toBe(1 + 7);
    expect(alarmsSheet.getRow(2).getCell(1).value).toBe("测试化工甲有限公司");
    expect(wb.getWorksheet("离线记录")!.rowCount).toBe(1 + 3);
    const m = await admin.get(`/api/monitoring-reports?kind=monthly&date=2026-11-22&regionCode=${COUNTY}&format=xlsx`);
    const wm = new ExcelJS.Workbook();
    await wm.xlsx.load(m.raw.rawPayload as unknown as ArrayBuffer);
    expect(wm.worksheets.map((w) => w.name)).toEqual(["概况", "每日趋势", "企业排名", "重点关注名单", "报警原因", "分区域汇总", "判定规则"]);
    expect(wm.getWorksheet("重点关注名单")!.rowCount).toBe(1 + 2);
    const w = await admin.get(`/api/monitoring-reports?kind=weekly&date=2026-11-22&regionCode=${COUNTY}&format=xlsx`);
    const ww = new ExcelJS.Workbook();
    await ww.xlsx.load(w.raw.rawPayload as unknown as ArrayBuffer);
    expect(ww.worksheets.map((s) => s.name)).toEqual([
      "概况",
      "每日趋势",
      "与上周对比",
      "报警最多的监测点",
      "报警最多的单元",
      "报警原因",
      "频繁报警监测点",
      "企业在线率",
      "判定规则",
    ]);
  });
});

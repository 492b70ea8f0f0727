/**
 * Gateways and sensors (网关、监测点位): CRUD with validation and GB/T 50493 defaults, scope per role, a sensor's
 * readings (raw and bucketed, against inserted points), and the monitoring overview / online rates against fixtures
 * with offline spells. Expected numbers are worked out by hand in the comments, not by the code under test.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "@anguan/domain";
import { alarms, auditEvents, enterprises, gateways, hazardUnits, readings, sensors, sensorState } from "../src/db/schema";
import { ensureReadingPartitions } from "../src/features/telemetry/partitions";
import { verifyPassword } from "../src/platform/auth";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
let entA: Client; // ent.a: enterprise_leader of 镇江华泰化工
let entB: Client; // ent.b: enterprise_safety of 句容宝华智运
type Ent = typeof enterprises.$inferSelect;
let A: Ent;
let B: Ent;
let unitA: string;
let unitB: string;
let reloads = 0;
/** Sensors this file made, by tag (the demo seed has tags of its own on its own gateways). */
const mine: Record<string, number> = {};

const H = 3600_000;
const MIN = 60_000;

async function enterprise(name: string): Promise<Ent> {
  const [r] = await t.db.select().from(enterprises).where(eq(enterprises.name, name));
  return r!;
}
async function unitOf(e: Ent, name: string): Promise<string> {
  const [u] = await t.db
    .insert(hazardUnits)
    .values({ enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector, name, kind: "storage", isMajor: true, grade: 2 })
    .returning({ id: hazardUnits.id });
  return u!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  t.app.ctx.monitoring = {
    live: { publishAlarm: () => {} },
    reloadSensors: async () => {
      reloads++;
    },
  };
  admin = await t.as("admin");
  entA = await t.as("ent.a");
  entB = await t.as("ent.b");
  A = await enterprise("镇江华泰化工有限公司");
  B = await enterprise("句容宝华智运仓储物流有限公司");
  unitA = await unitOf(A, "液氯储罐区");
  unitB = await unitOf(B, "危化品仓库");
}, 60_000);
afterAll(() => t?.close());

describe("gateways", () => {
  it("registers a gateway with a hashed password that is never returned", async () => {
    const before = reloads;
    const r = await entA.post("/api/gateways", { id: "gw-a1", enterpriseId: A.id, name: "罐区网关", password: "Secret#123" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      id: "gw-a1",
      enterpriseId: A.id,
      enterpriseName: A.name,
      name: "罐区网关",
      enabled: true,
      lastSeenAt: null,
      sensorCount: 0,
    });
    expect(JSON.stringify(r.body)).not.toMatch(/password|argon/i);
    expect(reloads).toBe(before + 1);
    const [row] = await t.db.select().from(gateways).where(eq(gateways.id, "gw-a1"));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, "Secret#123")).toBe(true);
    expect([row!.regionPath, row!.sector]).toEqual([A.regionPath, A.sector]);
    // The audit row does not carry the hash either.
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, "gw-a1"));
    expect(audit!.action).toBe("gateway.create");
    expect(JSON.stringify(audit!.after)).not.toMatch(/argon|password/i);
  });

  it("refuses a bad id, a short password, a duplicate id, and another enterprise", async () => {
    const bad = await entA.post("/api/gateways", { id: "a b", enterpriseId: A.id, name: "x", password: "Secret#123" });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain("id");
    const short = await entA.post("/api/gateways", { id: "gw-a9", enterpriseId: A.id, name: "x", password: "short" });
    expect(short.status).toBe(400);
    expect(short.body.fields.map((f: { field: string }) => f.field)).toContain("password");
    const dup = await admin.post("/api/gateways", { id: "gw-a1", enterpriseId: B.id, name: "重复", password: "Secret#123" });
    expect([dup.status, dup.body.code, dup.body.fields?.[0]?.field]).toEqual([409, "DUPLICATE_GATEWAY", "id"]);
    const other = await entA.post("/api/gateways", { id: "gw-x1", enterpriseId: B.id, name: "越界", password: "Secret#123" });
    expect([other.status, other.body.code]).toEqual([403, "FORBIDDEN"]);
    const expert = await (await t.as("expert1")).post("/api/gateways", { id: "gw-x2", enterpriseId: A.id, name: "专家", password: "Secret#123" });
    expect(expert.status).toBe(403);
    expect(await t.db.select().from(gateways).where(eq(gateways.id, "gw-x1"))).toEqual([]);
  });

  it("lists only gateways in scope, changes the password, and reads 404 outside", async () => {
    const b = await entB.post("/api/gateways", { id: "gw-b1", enterpriseId: B.id, name: "库房网关", password: "Secret#456" });
    expect(b.status).toBe(201);
    const listA = await entA.get("/api/gateways");
    expect(listA.body.items.map((g: { id: string }) => g.id)).toContain("gw-a1");
    expect(listA.body.items.every((g: { enterpriseId: string }) => g.enterpriseId === A.id)).toBe(true);
    expect((await entA.get(`/api/gateways?enterpriseId=${B.id}`)).status).toBe(404);
    const jr = await (await t.as("jr.yjj")).get("/api/gateways");
    expect(jr.body.items.map((g: { id: string }) => g.id)).toContain("gw-b1");
    expect(jr.body.items.map((g: { id: string }) => g.id)).not.toContain("gw-a1");
    const p = await entA.patch("/api/gateways/gw-a1", { name: "罐区网关（一）", password: "NewSecret#1" });
    expect([p.status, p.body.name]).toEqual([200, "罐区网关（一）"]);
    const [row] = await t.db.select().from(gateways).where(eq(gateways.id, "gw-a1"));
    expect(await verifyPassword(row!.passwordHash, "NewSecret#1")).toBe(true);
    expect((await entB.patch("/api/gateways/gw-a1", { enabled: false })).status).toBe(403);
    expect((await entB.del("/api/gateways/gw-a1")).status).toBe(403);
    expect((await entA.patch("/api/gateways/gw-a1", { unknown: 1 })).status).toBe(400);
  });
});

describe("sensors", () => {
  const base = () => ({ enterpriseId: A.id, gatewayId: "gw-a1", unitId: unitA });

  it("gives a combustible gas detector the GB/T 50493 set-points (25 / 50 %LEL) and its unit", async () => {
    const r = await entA.post("/api/sensors", { ...base(), tag: "GT-101", name: "罐区可燃气体", type: "combustible_gas" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ tag: "GT-101", type: "combustible_gas", engineeringUnit: "%LEL", h: 25, hh: 50, l: null, ll: null, version: 1 });
    expect(r.body).toMatchObject({ unitName: "液氯储罐区", enterpriseName: A.name, current: null, unit: { id: unitA }, gateway: { id: "gw-a1" } });
    expect(r.body.abilities).toEqual({ update: true, delete: true });
    mine["GT-101"] = r.body.id;
    const [row] = await t.db.select().from(sensors).where(eq(sensors.id, r.body.id));
    expect([row!.regionPath, row!.sector]).toEqual([A.regionPath, A.sector]);
  });

  it("derives toxic gas limits from the OEL (100 % / 200 %): oelPpm 10 → 10 / 20 ppm", async () => {
    const r = await entA.post("/api/sensors", { ...base(), tag: "AT-201", name: "氯气检测", type: "toxic_gas", oelPpm: 10 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect([r.body.h, r.body.hh, r.body.engineeringUnit]).toEqual([10, 20, "ppm"]);
    // Given limits are kept as sent.
    const given = await entA.post("/api/sensors", { ...base(), tag: "GT-102", name: "可燃气体 2", type: "combustible_gas", h: 20, hh: 40 });
    expect([given.body.h, given.body.hh]).toEqual([20, 40]);
    const temp = await entA.post("/api/sensors", { ...base(), tag: "TT-101", name: "储罐温度", type: "temperature", h: 45, hh: 60, deadband: 1 });
    expect([temp.status, temp.body.engineeringUnit, temp.body.h, temp.body.l]).toEqual([201, "℃", 45, null]);
    mine["TT-101"] = temp.body.id;
  });

  it("refuses inconsistent limits naming the field", async () => {
    const r1 = await entA.post("/api/sensors", { ...base(), tag: "PT-1", name: "压力", type: "pressure", h: 2, hh: 1 });
    expect([r1.status, r1.body.code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(r1.body.fields.map((f: { field: string }) => f.field)).toEqual(["hh"]);
    const r2 = await entA.post("/api/sensors", { ...base(), tag: "PT-1", name: "压力", type: "pressure", h: 1, l: 1.5 });
    expect(r2.body.fields.map((f: { field: string }) => f.field)).toEqual(["h"]);
    const r3 = await entA.post("/api/sensors", { ...base(), tag: "PT-1", name: "压力", type: "pressure", ll: 2, l: 1 });
    expect(r3.body.fields.map((f: { field: string }) => f.field)).toEqual(["ll"]);
    const r4 = await entA.post("/api/sensors", { ...base(), tag: "PT-1", name: "压力", type: "pressure", rangeLow: 5, rangeHigh: 1, deadband: -1 });
    expect(r4.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(["deadband", "rangeHigh"]);
    const r5 = await entA.post("/api/sensors", { ...base(), tag: "PT-1", name: "压力", type: "nonsense" });
    expect(r5.body.fields.map((f: { field: string }) => f.field)).toEqual(["type"]);
    const n = await t.db.select().from(sensors).where(eq(sensors.gatewayId, "gw-a1"));
    expect(n.map((x) => x.tag).sort()).toEqual(["AT-201", "GT-101", "GT-102", "TT-101"]);
  });

  it("refuses a duplicate tag on the gateway (409), and a unit or gateway of another enterprise (400)", async () => {
    const dup = await entA.post("/api/sensors", { ...base(), tag: "GT-101", name: "重复", type: "combustible_gas" });
    expect([dup.status, dup.body.code, dup.body.fields?.[0]?.field]).toEqual([409, "DUPLICATE_TAG", "tag"]);
    const unit = await entA.post("/api/sensors", { ...base(), unitId: unitB, tag: "GT-103", name: "别家单元", type: "combustible_gas" });
    expect(unit.status).toBe(400);
    expect(unit.body.fields.map((f: { field: string }) => f.field)).toEqual(["unitId"]);
    const gw = await admin.post("/api/sensors", { ...base(), gatewayId: "gw-b1", tag: "GT-104", name: "别家网关", type: "combustible_gas" });
    expect(gw.status).toBe(400);
    expect(gw.body.fields.map((f: { field: string }) => f.field)).toEqual(["gatewayId"]);
    // The same tag on another gateway is fine.
    const other = await entB.post("/api/sensors", {
      enterpriseId: B.id,
      gatewayId: "gw-b1",
      unitId: unitB,
      tag: "GT-101",
      name: "库房可燃气体",
      type: "combustible_gas",
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
  });

  it("changes a sensor with compare-and-set on the version, re-checking the limits", async () => {
    const s = { id: mine["TT-101"]! };
    const before = reloads;
    const ok = await entA.patch(`/api/sensors/${s!.id}`, { hh: 70, version: 1 });
    expect([ok.status, ok.body.hh, ok.body.h, ok.body.version]).toEqual([200, 70, 45, 2]);
    expect(reloads).toBe(before + 1);
    const stale = await entA.patch(`/api/sensors/${s!.id}`, { name: "x", version: 1 });
    expect([stale.status, stale.body.code]).toEqual([409, "VERSION_CONFLICT"]);
    const bad = await entA.patch(`/api/sensors/${s!.id}`, { h: 80, version: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(["hh"]);
    const unit = await entA.patch(`/api/sensors/${s!.id}`, { unitId: unitB });
    expect(unit.body.fields.map((f: { field: string }) => f.field)).toEqual(["unitId"]);
    const tag = await entA.patch(`/api/sensors/${s!.id}`, { tag: "GT-101" });
    expect([tag.status, tag.body.code]).toEqual([409, "DUPLICATE_TAG"]);
    // Switching to a combustible gas detector without limits brings its defaults and unit.
    const gas = await entA.patch(`/api/sensors/${s!.id}`, { type: "combustible_gas" });
    expect([gas.status, gas.body.engineeringUnit, gas.body.h, gas.body.hh, gas.body.version]).toEqual([200, "%LEL", 25, 50, 3]);
    // Limits cleared on purpose stay cleared.
    const cleared = await entA.patch(`/api/sensors/${s!.id}`, { h: null, hh: null });
    expect([cleared.body.h, cleared.body.hh]).toEqual([null, null]);
    const renamed = await entA.patch(`/api/sensors/${s!.id}`, { name: "改为可燃气体" });
    expect([renamed.body.h, renamed.body.hh, renamed.body.version]).toEqual([null, null, 5]);
    // A toxic detector given its OEL gets 100 % / 200 % of it.
    const toxic = await entA.patch(`/api/sensors/${s!.id}`, { type: "toxic_gas", oelPpm: 5 });
    expect([toxic.body.engineeringUnit, toxic.body.h, toxic.body.hh]).toEqual(["ppm", 5, 10]);
    expect((await entA.patch(`/api/sensors/${s!.id}`, { enterpriseId: B.id })).status).toBe(400);
  });

  it("keeps each role to its scope: read 404 outside, write 403 outside or without rights", async () => {
    const aSensor = { id: mine["GT-101"]! };
    expect((await entA.get(`/api/sensors/${aSensor.id}`)).status).toBe(200);
    expect((await entB.get(`/api/sensors/${aSensor.id}`)).status).toBe(404);
    expect((await entB.get(`/api/sensors/${aSensor.id}/readings`)).status).toBe(404);
    expect((await entB.patch(`/api/sensors/${aSensor.id}`, { name: "越界" })).status).toBe(403);
    expect((await entB.del(`/api/sensors/${aSensor.id}`)).status).toBe(403);
    expect((await entB.post("/api/sensors", { ...base(), tag: "X-1", name: "越界", type: "other" })).status).toBe(403);
    const listB = await entB.get("/api/sensors");
    expect(listB.body.items.length).toBeGreaterThan(0);
    expect(listB.body.items.every((x: { enterpriseId: string }) => x.enterpriseId === B.id)).toBe(true);
    expect(listB.body.abilities.create).toBe(true);
    expect((await entB.get(`/api/sensors?enterpriseId=${A.id}`)).status).toBe(404);
    // Post employees and experts read only.
    const worker = await t.as("ent.b.worker");
    const wl = await worker.get(`/api/sensors?enterpriseId=${B.id}`);
    expect([wl.status, wl.body.abilities.create]).toEqual([200, false]);
    const bSensor = wl.body.items[0];
    const wd = await worker.get(`/api/sensors/${bSensor.id}`);
    expect([wd.status, wd.body.abilities.update]).toEqual([200, false]);
    expect((await worker.patch(`/api/sensors/${bSensor.id}`, { name: "员工改" })).status).toBe(403);
    expect((await worker.post("/api/sensors", { enterpriseId: B.id, gatewayId: "gw-b1", tag: "W-1", name: "员工", type: "other" })).status).toBe(403);
    const expert = await t.as("expert1");
    expect((await expert.get(`/api/sensors/${aSensor.id}`)).status).toBe(200);
    expect((await expert.patch(`/api/sensors/${aSensor.id}`, { name: "专家改" })).status).toBe(403);
    // Regulators manage in their jurisdiction only.
    const zj = await t.as("zj.yjj");
    const created = await zj.post("/api/sensors", { ...base(), tag: "LT-301", name: "液位", type: "level", h: 8, l: 1 });
    expect([created.status, created.body.engineeringUnit]).toEqual([201, "m"]);
    const jr = await t.as("jr.yjj");
    expect((await jr.post("/api/sensors", { ...base(), tag: "LT-302", name: "液位", type: "level" })).status).toBe(403);
    expect((await jr.get(`/api/sensors/${created.body.id}`)).status).toBe(404);
    const filtered = await zj.get(`/api/sensors?enterpriseId=${A.id}&gatewayId=gw-a1&type=level`);
    expect(filtered.body.items.map((x: { tag: string }) => x.tag)).toEqual(["LT-301"]);
    const q = await zj.get(`/api/sensors?gatewayId=gw-a1&q=${encodeURIComponent("液位")}`);
    expect(q.body.total).toBe(1);
    const byUnit = await zj.get(`/api/sensors?unitId=${unitA}`);
    expect(byUnit.body.items.map((x: { tag: string }) => x.tag).sort()).toEqual(["AT-201", "GT-101", "GT-102", "LT-301", "TT-101"]);
    const del = await zj.del(`/api/sensors/${created.body.id}`);
    expect(del.status).toBe(204);
    expect((await zj.get(`/api/sensors/${created.body.id}`)).status).toBe(404);
  });

  it("deletes a gateway with its sensors", async () => {
    const g = await entA.post("/api/gateways", { id: "gw-a-temp", enterpriseId: A.id, name: "临时", password: "Secret#123" });
    expect(g.status).toBe(201);
    const s = await entA.post("/api/sensors", { enterpriseId: A.id, gatewayId: "gw-a-temp", tag: "TMP-1", name: "临时点", type: "flow" });
    expect([s.status, s.body.engineeringUnit]).toEqual([201, "m³/h"]);
    expect((await entA.get("/api/gateways")).body.items.find((x: { id: string }) => x.id === "gw-a-temp").sensorCount).toBe(1);
    expect((await entA.del("/api/gateways/gw-a-temp")).status).toBe(204);
    expect(await t.db.select().from(sensors).where(eq(sensors.id, s.body.id))).toEqual([]);
    expect((await entA.get("/api/gateways/gw-a-temp")).status).toBe(404);
  });
});

describe("readings", () => {
  let sensorId: number;
  const start = TEST_NOW.getTime() - 6 * H;
  /** 6 h of points every 10 s ending just before TEST_NOW; the value is known from the index. */
  const N = 2160;
  const valAt = (i: number) => (i % 37) * 1.5 + Math.floor(i / 360) * 10;
  const tsOf = (i: number) => start + i * 10_000;

  beforeAll(async () => {
    const r = await entA.post("/api/sensors", {
      enterpriseId: A.id,
      gatewayId: "gw-a1",
      tag: "TT-500",
      name: "趋势测试",
      type: "temperature",
      periodSeconds: 10,
    });
    expect(r.status).toBe(201);
    sensorId = r.body.id;
    await ensureReadingPartitions(t.db, start - 31 * 24 * H, TEST_NOW);
    const rows = Array.from({ length: N }, (_, i) => ({ sensorId, ts: new Date(tsOf(i)), value: valAt(i), quality: 0 }));
    // A bad-quality point in the last hour: shown raw, left out of the aggregates.
    rows.push({ sensorId, ts: new Date(TEST_NOW.getTime() - 30 * MIN + 5000), value: 9999, quality: 1 });
    // An old point 20 days back (for the wide ranges).
    rows.push({ sensorId, ts: new Date(TEST_NOW.getTime() - 20 * 24 * H), value: 7, quality: 0 });
    for (let i = 0; i < rows.length; i += 500) await t.db.insert(readings).values(rows.slice(i, i + 500));
  });

  const iso = (ms: number) => new Date(ms).toISOString();
  const get = (q: string) => entA.get(`/api/sensors/${sensorId}/readings?${q}`);

  it("answers raw points for a short range, with their quality", async () => {
    const r = await get(`from=${iso(TEST_NOW.getTime() - H)}&to=${iso(TEST_NOW.getTime())}&bucket=raw`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.bucket).toBe("raw");
    expect(r.body.points).toHaveLength(361);
    expect(r.body.points[0]).toEqual({ ts: iso(tsOf(1800)), value: valAt(1800), quality: "good" });
    expect(r.body.points.filter((p: { quality: string }) => p.quality === "bad")).toEqual([
      { ts: iso(TEST_NOW.getTime() - 30 * MIN + 5000), value: 9999, quality: "bad" },
    ]);
    const auto = await get(`from=${iso(TEST_NOW.getTime() - H)}&to=${iso(TEST_NOW.getTime())}`);
    expect([auto.body.bucket, auto.body.points.length]).toEqual(["raw", 361]);
  });

  it("averages per minute and per hour (bad points left out)", async () => {
    const m = await get(`from=${iso(TEST_NOW.getTime() - 2 * H)}&to=${iso(TEST_NOW.getTime())}&bucket=minute`);
    expect([m.status, m.body.bucket, m.body.intervalSeconds, m.body.points.length]).toEqual([200, "minute", 60, 120]);
    for (const [k, p] of (m.body.points as { ts: string; avg: number; min: number; max: number; count: number }[]).entries()) {
      const first = N - 720 + k * 6; // 6 points a minute
      const vals = [0, 1, 2, 3, 4, 5].map((j) => valAt(first + j));
      expect(p.ts).toBe(iso(tsOf(first)));
      expect(p.count).toBe(6);
      expect(p.avg).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / 6, 9);
      expect([p.min, p.max]).toEqual([Math.min(...vals), Math.max(...vals)]);
    }
    const h = await get(`from=${iso(start)}&to=${iso(TEST_NOW.getTime())}&bucket=hour`);
    expect([h.body.bucket, h.body.intervalSeconds, h.body.points.length]).toEqual(["hour", 3600, 6]);
    // Hour k holds indexes 360k … 360k+359: the (i % 37)·1.5 part over 360 consecutive indexes, plus 10k.
    for (let k = 0; k < 6; k++) {
      let sum = 0;
      for (let i = 360 * k; i < 360 * (k + 1); i++) sum += valAt(i);
      expect(h.body.points[k].ts).toBe(iso(start + k * H));
      expect(h.body.points[k].count).toBe(360);
      expect(h.body.points[k].avg).toBeCloseTo(sum / 360, 9);
    }
  });

  it("keeps every answer bounded: auto coarsens, an explicit bucket too fine is refused", async () => {
    const six = await get(`from=${iso(start)}&to=${iso(TEST_NOW.getTime())}`);
    // 6 h at 10 s = 2160 raw points > 2000: per minute instead.
    expect([six.body.bucket, six.body.intervalSeconds, six.body.points.length]).toEqual(["minute", 60, 360]);
    const raw = await get(`from=${iso(start)}&to=${iso(TEST_NOW.getTime())}&bucket=raw`);
    expect([raw.status, raw.body.fields?.[0]?.field]).toEqual([400, "bucket"]);
    const three = await get(`from=${iso(TEST_NOW.getTime() - 3 * 24 * H)}&to=${iso(TEST_NOW.getTime())}`);
    expect([three.body.bucket, three.body.intervalSeconds]).toEqual(["minute", 300]);
    expect(three.body.points.length).toBe(72); // 6 h of 5-minute buckets
    const month = await get(`from=${iso(TEST_NOW.getTime() - 30 * 24 * H)}&to=${iso(TEST_NOW.getTime())}`);
    expect([month.body.bucket, month.body.intervalSeconds, month.body.points.length]).toEqual(["hour", 3600, 7]);
    expect(month.body.points[0]).toMatchObject({ avg: 7, count: 1 });
    const tooFine = await get(`from=${iso(TEST_NOW.getTime() - 60 * 24 * H)}&to=${iso(TEST_NOW.getTime())}&bucket=minute`);
    expect([tooFine.status, tooFine.body.fields?.[0]?.field]).toEqual([400, "bucket"]);
    const backwards = await get(`from=${iso(TEST_NOW.getTime())}&to=${iso(TEST_NOW.getTime() - H)}`);
    expect([backwards.status, backwards.body.fields?.[0]?.field]).toEqual([400, "to"]);
    expect((await get("bucket=second")).status).toBe(400);
    // Default: the last 24 h.
    const def = await get("");
    expect([def.body.bucket, def.body.to]).toEqual(["minute", iso(TEST_NOW.getTime())]);
  });
});

describe("overview and online rates", () => {
  /** 2026-11-23 10:00 Shanghai = TEST_NOW; the day started 10 h earlier. */
  const sh = (hhmm: string, day = "2026-11-23") => new Date(`${day}T${hhmm}:00+08:00`);
  let X: Ent;
  const id: Record<string, number> = {};
  let unitX: string;

  beforeAll(async () => {
    expect(TEST_NOW.toISOString()).toBe(sh("10:00").toISOString());
    const e = await admin.post("/api/enterprises", {
      name: "在线率测试化工有限公司",
      creditCode: makeCreditCode("91", "321183", "TQNLNE01"),
      regionCode: "321183103",
      sector: "hazchem_use",
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    X = await enterprise("在线率测试化工有限公司");
    unitX = await unitOf(X, "甲类仓库");
    await t.db.insert(gateways).values({ id: "gw-x", enterpriseId: X.id, regionPath: X.regionPath, sector: X.sector, name: "测试网关", passwordHash: "x" });
    const mk = async (tag: string, createdAt: Date, unitId: string | null, enabled = true) => {
      const [s] = await t.db
        .insert(sensors)
        .values({
          enterpriseId: X.id,
          regionPath: X.regionPath,
          sector: X.sector,
          unitId,
          gatewayId: "gw-x",
          tag,
          name: tag,
          type: "temperature",
          engineeringUnit: "℃",
          h: 60,
          hh: 80,
          periodSeconds: 10,
          enabled,
          createdAt,
        })
        .returning({ id: sensors.id });
      return s!.id;
    };
    id.x1 = await mk("X1", sh("00:00", "2026-11-20"), unitX);
    id.x2 = await mk("X2", sh("00:00", "2026-11-20"), unitX);
    id.x3 = await mk("X3", sh("05:00"), null); // registered this morning
    id.x4 = await mk("X4", sh("00:00", "2026-11-20"), null, false); // disabled: not counted
    const alarm = (sensor: number, v: Partial<typeof alarms.$inferInsert>) =>
      t.db.insert(alarms).values({
        sensorId: sensor,
        enterpriseId: X.id,
        regionPath: X.regionPath,
        sector: X.sector,
        kind: "offline",
        severity: "blue",
        raisedAt: TEST_NOW,
        ...v,
      });
    // X1: offline 22:00 yesterday – 01:00 (cleared), and 08:00 – 09:00 today (acknowledged, returned): 2 h of today off.
    await alarm(id.x1, { raisedAt: sh("22:00", "2026-11-22"), returnedAt: sh("01:00"), conditionActive: false, status: "cleared", clearedAt: sh("02:00") });
    await alarm(id.x1, { raisedAt: sh("08:00"), returnedAt: sh("09:00"), conditionActive: false, status: "acknowledged" });
    // X1 is above its high-high limit now (red, acknowledged).
    await alarm(id.x1, { kind: "limit", level: "hh", severity: "red", raisedAt: sh("09:50"), status: "acknowledged", lastValue: 88 });
    // X2: offline since 09:30 and still: 0.5 h off, unacknowledged.
    await alarm(id.x2, { raisedAt: sh("09:30"), status: "raised" });
    // X4 (disabled) was offline all day: must not lower anything.
    await alarm(id.x4, { raisedAt: sh("00:00", "2026-11-21"), status: "cleared", conditionActive: false, returnedAt: sh("10:00") });
    await t.db.insert(sensorState).values([
      {
        sensorId: id.x1,
        lastTs: new Date(TEST_NOW.getTime() - 5000),
        lastValue: 88,
        lastQuality: 0,
        engine: { level: "hh", pending: null, rateActive: false, badActive: false, offline: false },
      },
      { sensorId: id.x2, lastTs: sh("09:29"), lastValue: 20, lastQuality: 0, engine: { level: null, offline: true } },
    ]);
  });

  it("counts sensors, online now, today's online rate and open alarms by colour", async () => {
    const r = await (await t.as("baohua.ajb")).get(`/api/monitoring/overview?enterpriseId=${X.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Observed today: X1 10 h (8 h online), X2 10 h (9.5 h), X3 5 h (5 h) → 22.5 / 25 = 0.9.
    expect(r.body).toMatchObject({ sensors: 3, online: 1, offline: 2, onlineRate: 0.9, unacknowledged: 1 });
    // Open alarms: X1 hh (red), X1's returned but unhandled offline (blue), X2 offline (blue); the cleared ones are not.
    expect(r.body.activeAlarms).toEqual({ total: 3, red: 1, orange: 0, yellow: 0, blue: 2 });
    expect(r.body.enterprises).toEqual([
      {
        enterpriseId: X.id,
        name: X.name,
        sensors: 3,
        online: 1,
        offline: 2,
        onlineRate: 0.9,
        activeAlarms: { total: 3, red: 1, orange: 0, yellow: 0, blue: 2 },
        unacknowledged: 1,
      },
    ]);
    expect(r.body.regions.map((g: { code: string; name: string; sensors: number }) => [g.code, g.name, g.sensors])).toEqual([["321183103", "宝华镇", 3]]);
    // A county official sees the same enterprise under its township.
    const jr = await (await t.as("jr.yjj")).get(`/api/monitoring/overview?regionCode=321183103`);
    const mine = jr.body.enterprises.find((x: { enterpriseId: string }) => x.enterpriseId === X.id);
    expect(mine).toMatchObject({ sensors: 3, online: 1, onlineRate: 0.9 });
    expect(jr.body.regions.map((g: { code: string }) => g.code)).toEqual(["321183103"]);
  });

  it("shows each sensor's current state", async () => {
    const r = await (await t.as("baohua.ajb")).get(`/api/sensors?enterpriseId=${X.id}`);
    const byTag = Object.fromEntries(r.body.items.map((s: { tag: string; current: unknown }) => [s.tag, s.current]));
    expect(byTag.X1).toEqual({ ts: new Date(TEST_NOW.getTime() - 5000).toISOString(), value: 88, quality: "good", state: "hh" });
    expect(byTag.X2).toMatchObject({ value: 20, state: "offline" });
    expect(byTag.X3).toBeNull();
  });

  it("computes online rates by sensor, unit, enterprise and region, for any period", async () => {
    const c = await t.as("baohua.ajb");
    const bySensor = await c.get(`/api/monitoring/online-rates?groupBy=sensor&enterpriseId=${X.id}`);
    expect(bySensor.status, JSON.stringify(bySensor.body)).toBe(200);
    const rate = (items: { key: string; onlineRate: number | null }[]) => Object.fromEntries(items.map((i) => [i.key, i.onlineRate]));
    expect(rate(bySensor.body.items)).toEqual({ [id.x1!]: 0.8, [id.x2!]: 0.95, [id.x3!]: 1 });
    const byUnit = await c.get(`/api/monitoring/online-rates?groupBy=unit&enterpriseId=${X.id}`);
    // The unit: (8 + 9.5) / 20 = 0.875; the rest: X3 alone.
    expect(rate(byUnit.body.items)).toEqual({ [unitX]: 0.875, [`none:${X.id}`]: 1 });
    expect(byUnit.body.items.find((i: { key: string }) => i.key === unitX)).toMatchObject({ name: "甲类仓库", sensors: 2 });
    // Yesterday (a whole Shanghai day): X1 off 22:00–24:00 → 22/24; X2 24/24; X3 did not exist yet.
    const y = await c.get(`/api/monitoring/online-rates?groupBy=enterprise&enterpriseId=${X.id}&from=2026-11-22&to=2026-11-22`);
    expect(y.body.items).toHaveLength(1);
    expect(y.body.items[0].sensors).toBe(3);
    expect(y.body.items[0].onlineRate).toBeCloseTo(46 / 48, 4);
    expect([y.body.from, y.body.to]).toEqual([sh("00:00", "2026-11-22").toISOString(), sh("00:00").toISOString()]);
    const byRegion = await (await t.as("jr.yjj")).get(`/api/monitoring/online-rates?groupBy=region&enterpriseId=${X.id}`);
    expect(byRegion.body.items).toEqual([
      { key: "321183103", name: "宝华镇", sensors: 3, onlineRate: 0.9, onlineSeconds: 22.5 * 3600, observedSeconds: 25 * 3600 },
    ]);
    const bad = await c.get(`/api/monitoring/online-rates?groupBy=month`);
    expect(bad.status).toBe(400);
  });

  it("keeps overview and rates to the caller's scope", async () => {
    expect((await entB.get(`/api/monitoring/overview?enterpriseId=${X.id}`)).status).toBe(404);
    expect((await entB.get(`/api/monitoring/online-rates?enterpriseId=${X.id}`)).status).toBe(404);
    const own = await entB.get("/api/monitoring/overview");
    expect(own.body.enterprises.every((e: { enterpriseId: string }) => e.enterpriseId === B.id)).toBe(true);
    expect(own.body.sensors).toBeGreaterThan(0);
    expect((await (await t.as("jr.yjj")).get("/api/monitoring/overview?regionCode=321191")).status).toBe(404);
    const zj = await (await t.as("zj.yjj")).get("/api/monitoring/overview");
    const ids = zj.body.enterprises.map((e: { enterpriseId: string }) => e.enterpriseId);
    expect(ids).toEqual(expect.arrayContaining([A.id, B.id, X.id]));
    // The city official's regions are its counties.
    expect(zj.body.regions.every((g: { code: string }) => g.code.length === 6)).toBe(true);
  });
});

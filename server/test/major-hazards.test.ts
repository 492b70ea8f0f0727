/**
 * GB 18218 API: the calculator and its tables; hazard units (重大危险源单元) CRUD with server-side grading, optimistic
 * versions, submit and review, has_major_hazard kept in step, sensor and open-alarm counts, list filters, scope and roles.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "@anguan/domain";
import { alarms, auditEvents, enterprises, gateways, hazardUnits, hazardUnitSubstances, sensors, users } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
let zj: Client; // 镇江市应急管理局
let jr: Client; // 句容市应急管理局
let sw: Client; // 镇江市商务局 (commerce + catering only)
let entA: Client; // enterprise_leader of 镇江华泰化工
let entB: Client; // enterprise_safety of 句容宝华智运仓储物流
let worker: Client; // enterprise_staff of entB
let expert: Client; // assigned 镇江华泰化工
let entAId: string;
let entBId: string;

const people = (tag = "") => ({
  principal: { name: `王主任${tag}`, phone: "13800000001" },
  technical: { name: `李工${tag}`, phone: "13800000002" },
  operations: { name: `赵班长${tag}`, phone: "13800000003" },
});
const chlorineUnit = (enterpriseId: string, name: string, quantity = 30, exposedPeople = 60) => ({
  enterpriseId,
  name,
  kind: "storage",
  code: "ZJ-001",
  location: "厂区东北角",
  exposedPeople,
  substances: [{ name: "液氯", quantity }],
  responsibles: people(),
});
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const auditCount = async (action: string, targetId: string) =>
  (
    await t.db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, targetId)))
  )[0]!.n;
const flagOf = async (id: string) => (await t.db.select({ f: enterprises.hasMajorHazard }).from(enterprises).where(eq(enterprises.id, id)))[0]!.f;

beforeAll(async () => {
  t = await startTestApp();
  [admin, zj, jr, sw, entA, entB, worker, expert] = await Promise.all([
    t.as("admin"),
    t.as("zj.yjj"),
    t.as("jr.yjj"),
    t.as("zj.sw"),
    t.as("ent.a"),
    t.as("ent.b"),
    t.as("ent.b.worker"),
    t.as("expert1"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
}, 60_000);
afterAll(() => t?.close());

describe("GB 18218 calculator", () => {
  it("lists Table 1 with thresholds, default classes and β, and the Table 2 classes, to any logged-in user", async () => {
    for (const c of [worker, expert, sw]) {
      const r = await c.get("/api/calculators/gb18218/chemicals");
      expect(r.status).toBe(200);
      expect(r.body.version).toBe("GB 18218-2018@1");
      expect(r.body.table1).toHaveLength(85);
      expect(r.body.classes).toHaveLength(24);
    }
    const r = await entA.get("/api/calculators/gb18218/chemicals");
    const row = (no: number) => r.body.table1.find((x: { no: number }) => x.no === no);
    expect(row(12)).toMatchObject({ name: "氯", alias: "液氯；氯气", cas: "7782-50-5", threshold: 5, beta: 4, betaSource: "table3" });
    expect(row(51)).toMatchObject({ name: "氢", threshold: 5, defaultClass: "W2", beta: 1.5, betaSource: "class" });
    expect(row(6)).toMatchObject({ threshold: 0.3, beta: 20 });
    expect(r.body.classes.find((c: { symbol: string }) => c.symbol === "W5.4")).toMatchObject({ threshold: 5000, beta: 1 });
    expect(r.body.gradeBands.map((b: { min: number }) => b.min)).toEqual([100, 50, 10, 0]);
    expect((await t.anonymous().get("/api/calculators/gb18218/chemicals")).status).toBe(401);
  });

  it("grades the worked examples (R 36 三级; S 1.6, R 5.0 四级)", async () => {
    const one = await worker.post("/api/calculators/gb18218", { exposedPeople: 60, substances: [{ name: "液氯", quantity: 30 }] });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ version: "GB 18218-2018@1", sum: 6, isMajor: true, alpha: 1.5, r: 36, grade: 3 });
    expect(one.body.items[0]).toEqual({
      name: "液氯",
      cas: "7782-50-5",
      table1No: 12,
      hazardClass: "J3",
      quantity: 30,
      threshold: 5,
      beta: 4,
      betaSource: "table3",
      ratio: 6,
    });
    const two = await expert.post("/api/calculators/gb18218", {
      exposedPeople: 120,
      substances: [
        { cas: "7664-41-7", quantity: 8 },
        { name: "乙醇", quantity: 300 },
        { name: "氢气", quantity: 1 },
      ],
    });
    expect(two.body).toMatchObject({ sum: 1.6, isMajor: true, alpha: 2, r: 5, grade: 4 });
    expect(two.body.items.map((i: { name: string; beta: number }) => [i.name, i.beta])).toEqual([
      ["氨", 2],
      ["乙醇", 1],
      ["氢气", 1.5],
    ]);
    const notMajor = await entB.post("/api/calculators/gb18218", { exposedPeople: 0, substances: [{ name: "丙烯", quantity: 5, hazardClass: "W2" }] });
    expect(notMajor.body).toMatchObject({ sum: 0.5, isMajor: false, alpha: 0.5, grade: null });
  });

  it("answers 400 naming substances.<i>.hazardClass and the chemical for an unlisted chemical without class", async () => {
    const r = await entA.post("/api/calculators/gb18218", {
      exposedPeople: 10,
      substances: [
        { name: "液氯", quantity: 1 },
        { name: "丙烯", quantity: 3 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(fieldsOf(r.body)).toEqual(["substances.1.hazardClass"]);
    expect(r.body.message).toContain("丙烯");
    expect(r.body.fields[0].message).toContain("丙烯");
  });

  it("validates every input field", async () => {
    const bad = async (body: unknown) => fieldsOf((await entA.post("/api/calculators/gb18218", body)).body);
    expect(await bad({ exposedPeople: 1, substances: [{ name: "液氯", quantity: 0 }] })).toEqual(["substances.0.quantity"]);
    expect(await bad({ exposedPeople: 1, substances: [{ name: "液氯", quantity: "5" }] })).toEqual(["substances.0.quantity"]);
    expect(await bad({ exposedPeople: 1, substances: [{ name: "丙烯", quantity: 1, hazardClass: "W99" }] })).toEqual(["substances.0.hazardClass"]);
    expect(await bad({ exposedPeople: 1, substances: [{ cas: "7782-50-4", quantity: 1 }] })).toEqual(["substances.0.cas"]);
    expect(await bad({ exposedPeople: 1, substances: [{ quantity: 1 }] })).toEqual(["substances.0.name"]);
    expect(await bad({ exposedPeople: -1, substances: [] })).toEqual(["exposedPeople"]);
    expect(await bad({ exposedPeople: 2.5, substances: [] })).toEqual(["exposedPeople"]);
    expect(await bad({ exposedPeople: 1, substances: [{ name: "液氯", quantity: 1, extra: 1 }] })).toEqual(["substances.0.extra"]);
    expect((await t.anonymous().post("/api/calculators/gb18218", { exposedPeople: 1, substances: [] })).status).toBe(401);
  });
});

describe("hazard units: life cycle as the enterprise", () => {
  let id: string;

  it("creates a unit graded by the server, with substances, responsibles and an audit row", async () => {
    const r = await entA.post("/api/hazard-units", {
      ...chlorineUnit(entAId, "液氯储罐区"),
      substances: [
        { name: "液氯", quantity: 30 },
        { name: "甲醇", quantity: 100 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    // S = 30/5 + 100/500 = 6.2; R = 1.5 × (4×6 + 1×0.2) = 36.3
    expect(r.body).toMatchObject({
      enterpriseId: entAId,
      enterpriseName: "镇江华泰化工有限公司",
      name: "液氯储罐区",
      kind: "storage",
      kindName: "储存单元",
      code: "ZJ-001",
      location: "厂区东北角",
      exposedPeople: 60,
      sumRatio: 6.2,
      isMajor: true,
      rValue: 36.3,
      grade: 3,
      reviewStatus: "draft",
      version: 1,
      sensorCount: 0,
      openAlarmCount: 0,
      abilities: { update: true, delete: true, submit: true, review: false },
    });
    expect(r.body.regionPath).toBeUndefined();
    expect(r.body.responsibles.technical).toEqual({ name: "李工", phone: "13800000002", userId: null });
    expect(
      r.body.substances.map((s: any) => [s.name, s.table1No, s.hazardClass, s.appliedClass, s.quantity, s.threshold, s.beta, s.betaSource, s.ratio]),
    ).toEqual([
      ["液氯", 12, null, "J3", 30, 5, 4, "table3", 6],
      ["甲醇", 65, null, "W5.3", 100, 500, 1, "class", 0.2],
    ]);
    expect(r.body.grading.calculatorVersion).toBe("GB 18218-2018@1");
    expect(r.body.grading.inputs).toEqual({
      exposedPeople: 60,
      substances: [
        { name: "液氯", quantity: 30 },
        { name: "甲醇", quantity: 100 },
      ],
    });
    expect(r.body.grading.result).toMatchObject({ sum: 6.2, alpha: 1.5, r: 36.3, grade: 3 });
    const [row] = await t.db.select().from(hazardUnits).where(eq(hazardUnits.id, id));
    const [ent] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    expect([row!.regionPath, row!.sector, row!.sumRatio, row!.rValue, row!.grade, row!.isMajor]).toEqual([ent!.regionPath, ent!.sector, 6.2, 36.3, 3, true]);
    const subs = await t.db.select().from(hazardUnitSubstances).where(eq(hazardUnitSubstances.unitId, id));
    expect(subs.map((s) => [s.position, s.table1No, s.enterpriseId]).sort()).toEqual([
      [0, 12, entAId],
      [1, 65, entAId],
    ]);
    expect(await auditCount("hazardUnit.create", id)).toBe(1);
    expect(await flagOf(entAId)).toBe(true);
  });

  it("reads it back and lists it with its enterprise", async () => {
    const d = await entA.get(`/api/hazard-units/${id}`);
    expect(d.status).toBe(200);
    expect(d.body.rValue).toBe(36.3);
    const l = await entA.get(`/api/hazard-units?enterpriseId=${entAId}&q=${encodeURIComponent("液氯储罐区")}`);
    expect(l.status).toBe(200);
    expect(l.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(l.body.items[0]).toMatchObject({ enterpriseName: "镇江华泰化工有限公司", grade: 3, sensorCount: 0, openAlarmCount: 0, version: 1 });
    expect(l.body.items[0].substances).toBeUndefined();
    expect(l.body.abilities).toEqual({ create: true });
  });

  it("re-grades on update, refuses a stale version (409 VERSION_CONFLICT)", async () => {
    const stale = await entA.patch(`/api/hazard-units/${id}`, { version: 7, exposedPeople: 120 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("VERSION_CONFLICT");
    const noVersion = await entA.patch(`/api/hazard-units/${id}`, { exposedPeople: 120 });
    expect([noVersion.status, fieldsOf(noVersion.body)]).toEqual([400, ["version"]]);
    // 100 t of chlorine, 120 people: S = 20, R = 2 × 4 × 20 = 160 → 一级
    const r = await entA.patch(`/api/hazard-units/${id}`, { version: 1, exposedPeople: 120, substances: [{ name: "氯气", quantity: 100 }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ version: 2, sumRatio: 20, rValue: 160, grade: 1, isMajor: true });
    expect(r.body.substances).toHaveLength(1);
    // Changing only the name keeps the substances and re-grades the same.
    const n = await entA.patch(`/api/hazard-units/${id}`, { version: 2, name: "1#液氯储罐区" });
    expect(n.body).toMatchObject({ version: 3, name: "1#液氯储罐区", rValue: 160, grade: 1 });
    expect(n.body.substances.map((s: { name: string; quantity: number }) => [s.name, s.quantity])).toEqual([["氯气", 100]]);
    // An override class of a listed non-Table-3 chemical changes β, not Q.
    const o = await entA.patch(`/api/hazard-units/${id}`, {
      version: 3,
      substances: [
        { name: "氯气", quantity: 100 },
        { name: "苯", quantity: 50, hazardClass: "W5.1" },
      ],
    });
    expect(o.body.substances[1]).toMatchObject({ hazardClass: "W5.1", appliedClass: "W5.1", threshold: 50, beta: 1.5, ratio: 1 });
    expect(o.body).toMatchObject({ sumRatio: 21, rValue: 163, version: 4 }); // 2 × (80 + 1.5)
    expect(await auditCount("hazardUnit.update", id)).toBe(3);
    const bad = await entA.patch(`/api/hazard-units/${id}`, { version: 4, substances: [{ name: "某中间体", quantity: 3 }] });
    expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ["substances.0.hazardClass"]]);
    expect(bad.body.message).toContain("某中间体");
    expect((await entA.get(`/api/hazard-units/${id}`)).body.version).toBe(4);
  });

  it("is submitted by the enterprise and reviewed by a regulator in scope", async () => {
    const s = await entA.post(`/api/hazard-units/${id}/submit`, {});
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ reviewStatus: "submitted", version: 5, abilities: { submit: false, review: false } });
    expect((await entA.post(`/api/hazard-units/${id}/submit`, {})).body.code).toBe("WRONG_REVIEW_STATUS");
    // The enterprise may not review; 句容 is not 华泰's region; the sector-limited 商务局 does not see it.
    expect((await entA.post(`/api/hazard-units/${id}/review`, { decision: "confirm" })).status).toBe(403);
    expect((await jr.post(`/api/hazard-units/${id}/review`, { decision: "confirm" })).status).toBe(403);
    expect((await sw.post(`/api/hazard-units/${id}/review`, { decision: "confirm" })).status).toBe(403);
    expect((await expert.post(`/api/hazard-units/${id}/review`, { decision: "confirm" })).status).toBe(403);
    const seen = await zj.get(`/api/hazard-units/${id}`);
    expect(seen.body.abilities).toEqual({ update: true, delete: true, submit: false, review: true });
    const noComment = await zj.post(`/api/hazard-units/${id}/review`, { decision: "return" });
    expect([noComment.status, fieldsOf(noComment.body)]).toEqual([400, ["comment"]]);
    const stale = await zj.post(`/api/hazard-units/${id}/review`, { decision: "return", comment: "x", version: 1 });
    expect(stale.body.code).toBe("VERSION_CONFLICT");
    const ret = await zj.post(`/api/hazard-units/${id}/review`, { decision: "return", comment: "请补充设计最大量依据" });
    expect(ret.body).toMatchObject({ reviewStatus: "returned", reviewComment: "请补充设计最大量依据", reviewedByName: expect.any(String) });
    expect(ret.body.reviewedAt).toBeTruthy();
    expect((await entA.get(`/api/hazard-units/${id}`)).body.abilities.submit).toBe(true);
    // The regulator may edit but does not submit on the enterprise's behalf.
    expect((await zj.get(`/api/hazard-units/${id}`)).body.abilities).toEqual({ update: true, delete: true, submit: false, review: false });
    const byRegulator = await zj.post(`/api/hazard-units/${id}/submit`, {});
    expect([byRegulator.status, byRegulator.body.code]).toEqual([403, "FORBIDDEN"]);
    const again = await entA.post(`/api/hazard-units/${id}/submit`);
    expect(again.body.reviewStatus, JSON.stringify(again.body)).toBe("submitted");
    const ok = await zj.post(`/api/hazard-units/${id}/review`, { decision: "confirm", comment: "同意" });
    expect(ok.body).toMatchObject({ reviewStatus: "confirmed", reviewComment: "同意" });
    expect((await zj.post(`/api/hazard-units/${id}/review`, { decision: "confirm" })).body.code).toBe("WRONG_REVIEW_STATUS");
    expect(await auditCount("hazardUnit.submit", id)).toBe(2);
    expect(await auditCount("hazardUnit.review.return", id)).toBe(1);
    expect(await auditCount("hazardUnit.review.confirm", id)).toBe(1);
    // A confirmed unit that changes must be checked again.
    const changed = await entA.patch(`/api/hazard-units/${id}`, { version: ok.body.version, location: "罐区 B" });
    expect(changed.body.reviewStatus).toBe("draft");
  });

  it("counts its sensors and open (not cleared) alarms", async () => {
    const [e] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    const base = { enterpriseId: e!.id, regionPath: e!.regionPath, sector: e!.sector };
    await t.db.insert(gateways).values({ ...base, id: "gw-mh-test", name: "测试网关", passwordHash: "x" });
    const made = await t.db
      .insert(sensors)
      .values([
        { ...base, unitId: id, gatewayId: "gw-mh-test", tag: "LT-1", name: "液位", type: "level", engineeringUnit: "m" },
        { ...base, unitId: id, gatewayId: "gw-mh-test", tag: "PT-1", name: "压力", type: "pressure", engineeringUnit: "MPa" },
        { ...base, unitId: null, gatewayId: "gw-mh-test", tag: "TT-9", name: "其他", type: "temperature", engineeringUnit: "℃" },
      ])
      .returning({ id: sensors.id });
    const alarm = (sensorId: number, kind: string, status: string) => ({
      ...base,
      sensorId,
      unitId: id,
      kind,
      severity: "yellow",
      status,
      raisedAt: t.clock.now,
    });
    await t.db.insert(alarms).values([alarm(made[0]!.id, "limit", "raised"), alarm(made[1]!.id, "limit", "verified"), alarm(made[0]!.id, "rate", "cleared")]);
    const d = await expert.get(`/api/hazard-units/${id}`);
    expect([d.body.sensorCount, d.body.openAlarmCount]).toEqual([2, 2]);
    const l = await zj.get(`/api/hazard-units?q=${encodeURIComponent("1#液氯储罐区")}`);
    expect(l.body.items.map((i: { sensorCount: number; openAlarmCount: number }) => [i.sensorCount, i.openAlarmCount])).toEqual([[2, 2]]);
  });

  it("is deleted with its substances; its sensors stay, unlinked", async () => {
    const r = await entA.del(`/api/hazard-units/${id}`);
    expect(r.status).toBe(204);
    expect((await entA.get(`/api/hazard-units/${id}`)).status).toBe(404);
    expect((await t.db.select({ n: count() }).from(hazardUnitSubstances).where(eq(hazardUnitSubstances.unitId, id)))[0]!.n).toBe(0);
    expect((await t.db.select({ n: count() }).from(sensors).where(eq(sensors.gatewayId, "gw-mh-test")))[0]!.n).toBe(3);
    expect(await auditCount("hazardUnit.delete", id)).toBe(1);
    expect((await entA.del(`/api/hazard-units/${id}`)).status).toBe(404);
  });
});

describe("hazard units: validation", () => {
  it("refuses bad bodies naming the field", async () => {
    const post = async (body: unknown) => {
      const r = await entA.post("/api/hazard-units", body);
      return [r.status, fieldsOf(r.body)];
    };
    const ok = chlorineUnit(entAId, "校验单元");
    expect(
      await post({
        ...ok,
        substances: [
          { name: "液氯", quantity: 1 },
          { name: "未列明物质", quantity: 1 },
        ],
      }),
    ).toEqual([400, ["substances.1.hazardClass"]]);
    expect(await post({ ...ok, substances: [] })).toEqual([400, ["substances"]]);
    expect(await post({ ...ok, kind: "tank" })).toEqual([400, ["kind"]]);
    expect(await post({ ...ok, name: " " })).toEqual([400, ["name"]]);
    const { responsibles: _r, ...noPeople } = ok;
    expect(await post(noPeople)).toEqual([400, ["responsibles"]]);
    expect(await post({ ...ok, responsibles: { ...people(), technical: { name: "李工", phone: "" } } })).toEqual([400, ["responsibles.technical.phone"]]);
    // A responsible person's account must be the enterprise's own.
    const [outsider] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.b"));
    const [insider] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.a"));
    expect(await post({ ...ok, responsibles: { ...people(), principal: { name: "外人", phone: "1", userId: outsider!.id } } })).toEqual([
      400,
      ["responsibles.principal.userId"],
    ]);
    const linked = await entA.post("/api/hazard-units", {
      ...ok,
      responsibles: { ...people(), principal: { name: "主要负责人", phone: "1", userId: insider!.id } },
    });
    expect(linked.status).toBe(201);
    expect(linked.body.responsibles.principal.userId).toBe(insider!.id);
    expect((await entA.del(`/api/hazard-units/${linked.body.id}`)).status).toBe(204);
    expect((await entA.post("/api/hazard-units", { ...ok, enterpriseId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    expect((await entA.get("/api/hazard-units?grade=5")).status).toBe(400);
    expect((await entA.get("/api/hazard-units/not-a-uuid")).status).toBe(404);
  });
});

describe("hazard units: roles and scope", () => {
  let unitA: string;
  let unitB: string;
  beforeAll(async () => {
    const a = await admin.post("/api/hazard-units", chlorineUnit(entAId, "权限测试-华泰"));
    const b = await entB.post("/api/hazard-units", {
      ...chlorineUnit(entBId, "权限测试-智运"),
      kind: "storage",
      substances: [{ name: "液化石油气", quantity: 20 }], // 0.4: not major
    });
    expect([a.status, b.status], JSON.stringify(b.body)).toEqual([201, 201]);
    unitA = a.body.id;
    unitB = b.body.id;
    expect(b.body).toMatchObject({ isMajor: false, grade: null, sumRatio: 0.4 });
  });

  it("reads in scope (200) and not outside (404)", async () => {
    const cases: [Client, string, Record<string, number>][] = [
      [admin, "admin", { [unitA]: 200, [unitB]: 200 }],
      [zj, "zj.yjj", { [unitA]: 200, [unitB]: 200 }],
      [jr, "jr.yjj", { [unitA]: 404, [unitB]: 200 }],
      [sw, "zj.sw", { [unitA]: 404, [unitB]: 404 }],
      [entA, "ent.a", { [unitA]: 200, [unitB]: 404 }],
      [entB, "ent.b", { [unitA]: 404, [unitB]: 200 }],
      [worker, "ent.b.worker", { [unitA]: 404, [unitB]: 200 }],
      [expert, "expert1", { [unitA]: 200, [unitB]: 404 }],
    ];
    for (const [c, who, expected] of cases) {
      for (const [uid, status] of Object.entries(expected)) expect((await c.get(`/api/hazard-units/${uid}`)).status, `${who} ${uid}`).toBe(status);
      const list = await c.get("/api/hazard-units?q=%E6%9D%83%E9%99%90%E6%B5%8B%E8%AF%95&pageSize=100");
      expect(list.status).toBe(200);
      const seen = list.body.items.map((i: { id: string }) => i.id).sort();
      expect(seen, who).toEqual(
        Object.entries(expected)
          .filter(([, s]) => s === 200)
          .map(([u]) => u)
          .sort(),
      );
    }
    expect((await entB.get(`/api/hazard-units?enterpriseId=${entAId}`)).status).toBe(404);
    expect((await worker.get(`/api/hazard-units?enterpriseId=${entBId}`)).body.abilities).toEqual({ create: false });
  });

  it("lets staff and experts read only, and nobody write outside (403)", async () => {
    const patch = (c: Client, uid: string) => c.patch(`/api/hazard-units/${uid}`, { version: 1, location: "x" });
    expect((await patch(worker, unitB)).status).toBe(403);
    expect((await worker.del(`/api/hazard-units/${unitB}`)).status).toBe(403);
    expect((await worker.post(`/api/hazard-units/${unitB}/submit`, {})).status).toBe(403);
    expect((await worker.post("/api/hazard-units", chlorineUnit(entBId, "员工新增"))).status).toBe(403);
    expect((await patch(expert, unitA)).status).toBe(403);
    expect((await expert.post("/api/hazard-units", chlorineUnit(entAId, "专家新增"))).status).toBe(403);
    expect((await patch(entB, unitA)).status).toBe(403);
    expect((await entB.del(`/api/hazard-units/${unitA}`)).status).toBe(403);
    expect((await entB.post("/api/hazard-units", chlorineUnit(entAId, "越权新增"))).status).toBe(403);
    expect((await patch(jr, unitA)).status).toBe(403);
    expect((await sw.post("/api/hazard-units", chlorineUnit(entBId, "商务局新增"))).status).toBe(403);
    const d = await worker.get(`/api/hazard-units/${unitB}`);
    expect(d.body.abilities).toEqual({ update: false, delete: false, submit: false, review: false });
    // Unchanged.
    const [a] = await t.db.select().from(hazardUnits).where(eq(hazardUnits.id, unitA));
    expect([a!.version, a!.location]).toEqual([1, "厂区东北角"]);
    // Regulators in scope write (county for 宝华), and review.
    const byJr = await patch(jr, unitB);
    expect([byJr.status, byJr.body.version, byJr.body.location]).toEqual([200, 2, "x"]);
    expect((await entB.post(`/api/hazard-units/${unitB}/submit`, { version: 2 })).body.reviewStatus).toBe("submitted");
    expect((await jr.post(`/api/hazard-units/${unitB}/review`, { decision: "confirm" })).body.reviewStatus).toBe("confirmed");
  });

  it("filters the list by major, grade and review status, with paging", async () => {
    const q = "q=%E6%9D%83%E9%99%90%E6%B5%8B%E8%AF%95";
    const ids = async (qs: string) => (await admin.get(`/api/hazard-units?${q}&${qs}`)).body.items.map((i: { id: string }) => i.id);
    expect(await ids("major=true")).toEqual([unitA]);
    expect(await ids("major=false")).toEqual([unitB]);
    expect(await ids("grade=3")).toEqual([unitA]);
    expect(await ids("grade=1")).toEqual([]);
    expect(await ids("reviewStatus=confirmed")).toEqual([unitB]);
    expect(await ids("reviewStatus=draft")).toEqual([unitA]);
    expect(await ids(`enterpriseId=${entBId}`)).toEqual([unitB]);
    const p = await admin.get(`/api/hazard-units?${q}&pageSize=1&page=2`);
    expect([p.body.total, p.body.page, p.body.pageSize, p.body.items.length]).toEqual([2, 2, 1, 1]);
    // Major units come first.
    expect((await admin.get(`/api/hazard-units?${q}`)).body.items.map((i: { id: string }) => i.id)).toEqual([unitA, unitB]);
  });
});

describe("enterprises.has_major_hazard", () => {
  it("follows the enterprise's major units", async () => {
    const e = await admin.post("/api/enterprises", {
      name: "句容重大危险源测试化工有限公司",
      creditCode: makeCreditCode("91", "321183", "MHT00001"),
      regionCode: "321183103",
      sector: "hazchem_use",
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    const eid = e.body.id as string;
    expect(await flagOf(eid)).toBe(false);
    const small = await jr.post("/api/hazard-units", chlorineUnit(eid, "小储罐", 2));
    expect(small.body.isMajor).toBe(false);
    expect(await flagOf(eid)).toBe(false);
    const grown = await jr.patch(`/api/hazard-units/${small.body.id}`, { version: 1, substances: [{ name: "液氯", quantity: 5 }] });
    expect([grown.body.isMajor, grown.body.sumRatio, grown.body.grade]).toEqual([true, 1, 4]); // S exactly 1
    expect(await flagOf(eid)).toBe(true);
    const changes = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, eid), eq(auditEvents.action, "enterprise.update")));
    expect(changes.map((c) => c.after)).toEqual([{ hasMajorHazard: true }]);
    const second = await jr.post("/api/hazard-units", chlorineUnit(eid, "大储罐", 50));
    expect(second.body.isMajor).toBe(true);
    expect((await jr.del(`/api/hazard-units/${small.body.id}`)).status).toBe(204);
    expect(await flagOf(eid)).toBe(true);
    await jr.patch(`/api/hazard-units/${second.body.id}`, { version: 1, substances: [{ name: "液氯", quantity: 1 }] });
    expect(await flagOf(eid)).toBe(false);
    const hist = await admin.get(`/api/enterprises/${eid}/history`);
    expect(hist.body.items.filter((i: { action: string }) => i.action === "enterprise.update").length).toBe(2);
    // An enterprise flagged by hand keeps its flag while none of its units was ever major.
    await t.db.update(enterprises).set({ hasMajorHazard: true }).where(eq(enterprises.id, eid));
    await jr.post("/api/hazard-units", chlorineUnit(eid, "第三个", 1));
    expect(await flagOf(eid)).toBe(true);
  });
});

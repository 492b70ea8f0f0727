/** Risk register API: calculators and jurisdiction bands, register CRUD and grade maintenance, shutdowns, maps, PDFs, scope. */
import { and, count, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, controlMeasures, enterprises, jurisdictionSettings, riskAssessments, riskObjects, riskUnits, users } from "../src/db/schema";
import { PDF_FONT_CANDIDATES } from "../src/features/risks/pdf";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let jr: Client; // 句容市应急管理局 (321183)
let baohua: Client; // 宝华镇安监办 (321183103)
let sw: Client; // 镇江市商务局: commerce + catering only
let entA: Client;
let entB: Client; // 安全管理员 of 句容宝华智运仓储物流 (宝华镇)
let worker: Client; // 岗位员工 of the same enterprise
let expert: Client; // assigned ent-a
let entAId: string;
let entBId: string;

beforeAll(async () => {
  t = await startTestApp();
  [jr, baohua, sw, entA, entB, worker, expert] = await Promise.all([
    t.as("jr.yjj"),
    t.as("baohua.ajb"),
    t.as("zj.sw"),
    t.as("ent.a"),
    t.as("ent.b"),
    t.as("ent.b.worker"),
    t.as("expert1"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
});
afterAll(() => t.close());

const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const countAudit = async () => (await t.db.select({ n: count() }).from(auditEvents))[0]!.n;
const put = (c: Client, url: string, body: unknown) => c.request("PUT", url, { body });
const pages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

describe("calculators", () => {
  it("LEC: D = L×E×C graded with the default bands", async () => {
    const r = await entA.post("/api/calculators/lec", { l: 3, e: 6, c: 7 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ d: 126, level: 3, riskGrade: "一般", color: "yellow", calculatorVersion: "lec@1", bandsVersion: "default@1" });
    expect((await entA.post("/api/calculators/lec", { l: 10, e: 6, c: 7 })).body).toMatchObject({ d: 420, level: 1, riskGrade: "重大", color: "red" });
    expect((await entA.post("/api/calculators/lec", { l: 1, e: 3, c: 15 })).body).toMatchObject({ d: 45, level: 4, riskGrade: "低", color: "blue" });
  });
  it("a score outside its table is a 400 naming it; nothing else is accepted", async () => {
    const r = await entA.post("/api/calculators/lec", { l: 4, e: 6, c: 8 });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe("RISK_SCORE_NOT_IN_TABLE");
    expect(fieldsOf(r.body)).toEqual(["c", "l"]);
    expect(r.body.message).toContain("L");
    const missing = await entA.post("/api/calculators/lec", { l: 3, e: 6 });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(["c"]);
    const extra = await entA.post("/api/calculators/lec", { l: 3, e: 6, c: 7, s: 1 });
    expect(extra.status).toBe(400);
    expect(fieldsOf(extra.body)).toEqual(["s"]);
  });
  it("LS: R = L×S", async () => {
    expect((await entA.post("/api/calculators/ls", { l: 4, s: 5 })).body).toEqual({
      r: 20,
      level: 1,
      riskGrade: "重大",
      color: "red",
      calculatorVersion: "ls@1",
      bandsVersion: "default@1",
    });
    const bad = await entA.post("/api/calculators/ls", { l: 6, s: 2.5 });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["l", "s"]);
  });
  it("tables carry the scores with Chinese meanings, the bands and the register codes", async () => {
    const r = await worker.get("/api/calculators/tables");
    expect(r.status).toBe(200);
    expect(r.body.lec.l.map((o: { value: number }) => o.value)).toEqual([10, 6, 3, 1, 0.5, 0.2, 0.1]);
    expect(r.body.lec.c[0]).toEqual({ value: 100, zh: "大灾难，许多人死亡", en: "Catastrophe, many deaths" });
    expect(r.body.ls.s).toHaveLength(5);
    expect(r.body.bands.version).toBe("default@1");
    expect(r.body.classify2["4-3"].zh).toBe("消防设施");
    expect((await entB.get(`/api/calculators/tables?enterpriseId=${entAId}`)).status).toBe(404);
  });
});

describe("jurisdiction bands", () => {
  const jurong = {
    version: "jr-2026.1",
    lec: [
      { level: 1, grade: "重大", min: 260, inclusive: true },
      { level: 2, grade: "较大", min: 120, inclusive: true },
      { level: 3, grade: "一般", min: 62, inclusive: true },
      { level: 4, grade: "低", min: 20, inclusive: true },
      { level: 5, grade: "低", min: 0, inclusive: true },
    ],
    ls: [
      { level: 1, grade: "重大", min: 16, inclusive: true },
      { level: 2, grade: "较大", min: 10, inclusive: true },
      { level: 3, grade: "一般", min: 4, inclusive: true },
      { level: 4, grade: "低", min: 0, inclusive: true },
    ],
  };
  const lec270 = (c: Client) => c.post("/api/calculators/lec", { l: 3, e: 6, c: 15 });

  it("a district's bands apply to everything under it, audited; others keep the defaults", async () => {
    expect((await lec270(entB)).body).toMatchObject({ d: 270, riskGrade: "较大", bandsVersion: "default@1" });
    const before = await countAudit();
    const r = await put(jr, "/api/settings/risk-bands?regionCode=321183", jurong);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.own.version).toBe("jr-2026.1");
    expect(r.body.effective.version).toBe("321183:jr-2026.1");
    expect(r.body.own.controlLevels).toEqual({ 重大: "company", 较大: "company", 一般: "workshop", 低: "team" });
    expect(await countAudit()).toBe(before + 1);
    // an enterprise in 宝华镇 (under 句容市), the township regulator, and the district itself use them
    for (const c of [entB, baohua, jr]) expect((await lec270(c)).body).toMatchObject({ riskGrade: "重大", level: 1, bandsVersion: "321183:jr-2026.1" });
    expect((await entB.post("/api/calculators/ls", { l: 4, s: 4 })).body.riskGrade).toBe("重大");
    // 镇江新区 and the city are not under 句容市
    expect((await lec270(entA)).body).toMatchObject({ riskGrade: "较大", bandsVersion: "default@1" });
    expect((await lec270(sw)).body.bandsVersion).toBe("default@1");
    expect((await entB.get("/api/calculators/tables")).body.bandsSourceRegionCode).toBe("321183");
  });

  it("the nearest region wins; reading is for the region's regulators, changing for emergency management at or above it", async () => {
    const town = { ...jurong, version: "bh-1", lec: jurong.lec.map((b) => (b.level === 1 ? { ...b, min: 500 } : b)) };
    expect((await put(baohua, "/api/settings/risk-bands?regionCode=321183103", town)).status).toBe(200);
    expect((await lec270(entB)).body).toMatchObject({ riskGrade: "较大", bandsVersion: "321183103:bh-1" });
    expect((await lec270(jr)).body.bandsVersion).toBe("321183:jr-2026.1");
    const g = await jr.get("/api/settings/risk-bands?regionCode=321183103");
    expect(g.status).toBe(200);
    expect(g.body.own.version).toBe("bh-1");
    expect(g.body.sourceRegionCode).toBe("321183103");
    expect(g.body.defaults.version).toBe("default@1");
    // above its own region, or another department, or an enterprise: refused
    expect((await put(baohua, "/api/settings/risk-bands?regionCode=321183", town)).status).toBe(403);
    expect((await baohua.get("/api/settings/risk-bands?regionCode=321183")).status).toBe(404);
    expect((await put(sw, "/api/settings/risk-bands?regionCode=321100", town)).status).toBe(403);
    expect((await sw.get("/api/settings/risk-bands?regionCode=321100")).status).toBe(200);
    expect((await put(entB, "/api/settings/risk-bands?regionCode=321183103", town)).status).toBe(403);
    expect((await entB.get("/api/settings/risk-bands?regionCode=321183103")).status).toBe(404);
    expect((await expert.get("/api/settings/risk-bands?regionCode=321100")).status).toBe(404);
    expect((await put(jr, "/api/settings/risk-bands?regionCode=999999", town)).status).toBe(400);
  });

  it("refuses bad bands, and changed bands under an unchanged version", async () => {
    const bad = await put(jr, "/api/settings/risk-bands?regionCode=321183", { ...jurong, lec: jurong.lec.slice(0, 4) });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["lec.3.min"]);
    const same = await put(jr, "/api/settings/risk-bands?regionCode=321183", { ...jurong, ls: jurong.ls.map((b) => (b.level === 2 ? { ...b, min: 12 } : b)) });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe("BANDS_VERSION_UNCHANGED");
    expect((await put(jr, "/api/settings/risk-bands?regionCode=321183", jurong)).status).toBe(200); // same content, same version: fine
  });

  it("an event is assessed with its enterprise's bands and stores their version", async () => {
    const o = await entB.post(`/api/enterprises/${entBId}/risk-objects`, { kind: "storage_area", name: "分级标准测试区" });
    const u = await entB.post(`/api/risk-objects/${o.body.id}/units`, { name: "分级标准测试单元" });
    const ev = await entB.post(`/api/risk-units/${u.body.id}/events`, { name: "火灾", method: "lec", inherent: { l: 3, e: 6, c: 15 } });
    expect(ev.status).toBe(201);
    expect(ev.body.inherent.result).toMatchObject({ d: 270, riskGrade: "较大", bandsVersion: "321183103:bh-1" });
    expect(ev.body.inherent.bandsVersion).toBe("321183103:bh-1");
    expect((await entB.del(`/api/risk-objects/${o.body.id}`)).status).toBe(204);
  });

  it("deleting a region's bands falls back to the next one up, then the defaults", async () => {
    expect((await baohua.del("/api/settings/risk-bands?regionCode=321183103")).status).toBe(200);
    expect((await lec270(entB)).body.bandsVersion).toBe("321183:jr-2026.1");
    const d = await jr.del("/api/settings/risk-bands?regionCode=321183");
    expect(d.status).toBe(200);
    expect(d.body.effective.version).toBe("default@1");
    expect((await jr.del("/api/settings/risk-bands?regionCode=321183")).status).toBe(404);
    expect(await t.db.select().from(jurisdictionSettings)).toEqual([]);
    expect((await lec270(entB)).body.bandsVersion).toBe("default@1");
  });
});

describe("register", () => {
  let objectId: string;
  let unitId: string;
  let e1: string;
  let e2: string;

  it("builds object → unit → events; an event's grade is the residual one, the unit's the highest", async () => {
    const o = await entB.post(`/api/enterprises/${entBId}/risk-objects`, { kind: "storage_area", name: "2号仓库区", department: "仓储部" });
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(o.body).toMatchObject({ kind: "storage_area", kindName: "储存区域", enterpriseId: entBId, version: 1 });
    objectId = o.body.id;
    const u = await entB.post(`/api/risk-objects/${objectId}/units`, { name: "2号危化品仓库", location: "2 号库" });
    expect(u.status).toBe(201);
    expect(u.body.qrToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(u.body).toMatchObject({ status: "normal", riskGrade: null });
    unitId = u.body.id;
    const a = await entB.post(`/api/risk-units/${unitId}/events`, {
      name: "危化品泄漏火灾",
      consequence: "火灾",
      method: "lec",
      inherent: { l: 6, e: 6, c: 15 },
      residual: { l: 1, e: 6, c: 15 },
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ riskGrade: "一般", riskLevel: 3, color: "yellow" });
    expect(a.body.inherent).toMatchObject({ method: "lec", inputs: { l: 6, e: 6, c: 15 }, result: { d: 540, riskGrade: "重大" }, calculatorVersion: "lec@1" });
    e1 = a.body.id;
    const unit = async () => (await entB.get(`/api/risk-units/${unitId}`)).body;
    expect((await unit()).riskGrade).toBe("一般");
    const b = await entB.post(`/api/risk-units/${unitId}/events`, { name: "搬运砸伤", method: "ls", inherent: { l: 4, s: 5 } });
    expect(b.body).toMatchObject({ riskGrade: "重大", riskLevel: 1, residual: null });
    e2 = b.body.id;
    expect((await unit()).riskGrade).toBe("重大");
    const p = await entB.patch(`/api/risk-events/${e2}`, { residual: { l: 2, s: 3 }, expectedVersion: 1 });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ riskGrade: "低", riskLevel: 4, version: 2 });
    expect((await unit()).riskGrade).toBe("一般");
    const hist = await entB.get(`/api/risk-events/${e2}/assessments`);
    expect(hist.body.items.map((x: { stage: string; calculatorVersion: string; result: { r: number } }) => [x.stage, x.calculatorVersion, x.result.r])).toEqual(
      [
        ["inherent", "ls@1", 20],
        ["residual", "ls@1", 6],
      ],
    );
    expect(hist.body.items[0].assessedByName).toBe("孙静（安全管理员）");
    expect(hist.body.items[0].bandsVersion).toBe("default@1");
  });

  it("refuses bad scores (naming them), a method change without new scores, and stale versions", async () => {
    const bad = await entB.post(`/api/risk-units/${unitId}/events`, {
      name: "x",
      method: "lec",
      inherent: { l: 4, e: 6, c: 7 },
      residual: { l: 1, e: 6, s: 7 },
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(["inherent.l"]);
    const badRes = await entB.post(`/api/risk-units/${unitId}/events`, {
      name: "x",
      method: "lec",
      inherent: { l: 3, e: 6, c: 7 },
      residual: { l: 1, e: 6, s: 7 },
    });
    expect(fieldsOf(badRes.body)).toEqual(["residual.c", "residual.s"]);
    const m = await entB.patch(`/api/risk-events/${e1}`, { method: "ls" });
    expect(m.status).toBe(400);
    expect(fieldsOf(m.body)).toEqual(["inherent"]);
    const stale = await entB.patch(`/api/risk-events/${e1}`, { name: "改名", expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect((await t.db.select({ n: count() }).from(riskAssessments).where(eq(riskAssessments.eventId, e1)))[0]!.n).toBe(2);
  });

  it("a method change re-assesses and drops the old residual", async () => {
    const r = await entB.patch(`/api/risk-events/${e1}`, { method: "ls", inherent: { l: 3, s: 3 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ method: "ls", residual: null, riskGrade: "一般", riskLevel: 3 });
    expect(r.body.inherent.result.r).toBe(9);
  });

  it("control measures: classify2 must belong to classify1; the level defaults to the owner of the event's grade", async () => {
    const ok = await entB.post(`/api/risk-events/${e1}/measures`, { description: "可燃气体探测器联锁排风", classify1: 1, classify2: "1-4", dataSrc: 1 });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({
      classify1: "1",
      classify2: "1-4",
      classify1Name: "工程技术",
      classify2Name: "安全仪表",
      controlLevel: "workshop",
      dataSrc: 1,
      unitId,
    });
    const mismatch = await entB.post(`/api/risk-events/${e1}/measures`, { description: "x", classify1: "2", classify2: "1-4" });
    expect(mismatch.status).toBe(400);
    expect(fieldsOf(mismatch.body)).toEqual(["classify2"]);
    const unknown = await entB.post(`/api/risk-events/${e1}/measures`, { description: "x", classify1: "5", classify2: "5-1", controlLevel: "plant" });
    expect(fieldsOf(unknown.body)).toEqual(["classify1", "classify2", "controlLevel"]);
    const userId = async (username: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
    const named = await entB.post(`/api/risk-events/${e1}/measures`, {
      description: "应急预案演练",
      classify1: "4",
      classify2: "4-4",
      responsibleUserId: await userId("ent.b"),
      controlLevel: "company",
    });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    expect(named.body.responsiblePerson).toBe("孙静（安全管理员）");
    const foreign = await entB.post(`/api/risk-events/${e1}/measures`, {
      description: "x",
      classify1: "4",
      classify2: "4-4",
      responsibleUserId: await userId("ent.a"),
    });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign.body)).toEqual(["responsibleUserId"]);
    const patched = await entB.patch(`/api/control-measures/${ok.body.id}`, { classify1: "2", classify2: "2-2", expectedVersion: 1 });
    expect(patched.body).toMatchObject({ classify1: "2", classify2: "2-2", version: 2 });
    expect((await entB.patch(`/api/control-measures/${ok.body.id}`, { classify1: "3" })).status).toBe(400);
  });

  it("the register tree holds it all, with counts and what the caller may do", async () => {
    const r = await entB.get(`/api/enterprises/${entBId}/risk-register`);
    expect(r.status).toBe(200);
    const obj = r.body.objects.find((o: { id: string }) => o.id === objectId);
    expect(obj.units).toHaveLength(1);
    expect(obj.units[0].events.map((e: { name: string }) => e.name)).toEqual(["危化品泄漏火灾", "搬运砸伤"]);
    expect(obj.units[0].events[0].measures).toHaveLength(2);
    expect(r.body.abilities).toEqual({ manage: true });
    expect(r.body.counts.units).toBe(r.body.objects.reduce((n: number, o: { units: unknown[] }) => n + o.units.length, 0));
    expect(r.body.bands.version).toBe("default@1");
    expect((await worker.get(`/api/enterprises/${entBId}/risk-register`)).body.abilities).toEqual({ manage: false });
  });

  it("GET a unit: its QR token and URL, events, object", async () => {
    const r = await worker.get(`/api/risk-units/${unitId}`);
    expect(r.status).toBe(200);
    expect(r.body.qrUrl).toMatch(new RegExp(`^http://localhost(:80)?/m/u/${r.body.qrToken}$`));
    expect(r.body.object).toMatchObject({ id: objectId, name: "2号仓库区" });
    expect(r.body.enterpriseName).toBe("句容宝华智运仓储物流有限公司");
    expect(r.body.events).toHaveLength(2);
    const svg = await worker.get(`/api/risk-units/${unitId}/qr.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toContain("image/svg+xml");
    expect(String(svg.body)).toContain("<svg");
  });

  it("deleting events keeps the unit's grade; every write is audited", async () => {
    const before = await countAudit();
    expect((await entB.del(`/api/risk-events/${e1}`)).status).toBe(204);
    expect((await entB.get(`/api/risk-units/${unitId}`)).body.riskGrade).toBe("低");
    expect((await entB.del(`/api/risk-events/${e2}`)).status).toBe(204);
    expect((await entB.get(`/api/risk-units/${unitId}`)).body.riskGrade).toBeNull();
    expect(await countAudit()).toBe(before + 2);
    const u = await entB.patch(`/api/risk-units/${unitId}`, { name: "2号危化品仓库（改）", expectedVersion: 1 });
    expect(u.status).toBe(200);
    expect((await entB.patch(`/api/risk-units/${unitId}`, { name: "y", expectedVersion: 1 })).status).toBe(409);
    const [a] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, unitId), eq(auditEvents.action, "riskUnit.update")));
    expect(a!.enterpriseId).toBe(entBId);
  });

  it("scope: other enterprises' records are 404 to read and 403 to write; staff and experts only read", async () => {
    expect((await entA.get(`/api/risk-units/${unitId}`)).status).toBe(404);
    expect((await entA.get(`/api/enterprises/${entBId}/risk-register`)).status).toBe(404);
    expect((await entA.patch(`/api/risk-units/${unitId}`, { name: "x" })).status).toBe(403);
    expect((await entA.post(`/api/risk-objects/${objectId}/units`, { name: "x" })).status).toBe(403);
    expect((await worker.post(`/api/risk-objects/${objectId}/units`, { name: "x" })).status).toBe(403);
    expect((await worker.del(`/api/risk-objects/${objectId}`)).status).toBe(403);
    expect((await expert.get(`/api/enterprises/${entAId}/risk-register`)).status).toBe(200);
    expect((await expert.post(`/api/enterprises/${entAId}/risk-objects`, { kind: "equipment", name: "x" })).status).toBe(403);
    expect((await expert.get(`/api/risk-units/${unitId}`)).status).toBe(404);
    expect((await sw.get(`/api/enterprises/${entBId}/risk-register`)).status).toBe(404);
    // the township regulator may work on the register of an enterprise in its township
    const r = await baohua.post(`/api/risk-objects/${objectId}/units`, { name: "监管代录单元" });
    expect(r.status).toBe(201);
    expect((await entA.get("/api/risk-units/not-a-uuid")).status).toBe(404);
  });

  it("moving a unit needs an object of the same enterprise; deleting an object takes its units along", async () => {
    const [foreign] = await t.db.select({ id: riskObjects.id }).from(riskObjects).where(eq(riskObjects.enterpriseId, entAId)).limit(1);
    const mv = await entB.patch(`/api/risk-units/${unitId}`, { objectId: foreign!.id });
    expect(mv.status).toBe(400);
    expect(fieldsOf(mv.body)).toEqual(["objectId"]);
    expect((await entB.del(`/api/risk-objects/${objectId}`)).status).toBe(204);
    expect(await t.db.select().from(riskUnits).where(eq(riskUnits.objectId, objectId))).toEqual([]);
    expect((await entB.get(`/api/risk-units/${unitId}`)).status).toBe(404);
  });
});

describe("shutdowns (停用检维修)", () => {
  let unitId: string;
  beforeAll(async () => {
    const o = await entB.post(`/api/enterprises/${entBId}/risk-objects`, { kind: "equipment", name: "检修测试设备" });
    unitId = (await entB.post(`/api/risk-objects/${o.body.id}/units`, { name: "检修测试单元" })).body.id;
  });
  const status = async () => (await entB.get(`/api/risk-units/${unitId}`)).body;

  it("starting sets the unit to shutdown; one open shutdown at a time; ending restores normal", async () => {
    const start = new Date(t.clock.now.getTime() - 3600_000).toISOString();
    const s = await entB.post(`/api/risk-units/${unitId}/shutdowns`, { startAt: start, reason: "年度检修" });
    expect(s.status, JSON.stringify(s.body)).toBe(201);
    expect(s.body).toMatchObject({ unitId, endAt: null, reason: "年度检修", unitStatus: "shutdown" });
    const u = await status();
    expect(u.status).toBe("shutdown");
    expect(u.shutdown.id).toBe(s.body.id);
    const again = await entB.post(`/api/risk-units/${unitId}/shutdowns`, { startAt: start, reason: "x" });
    expect(again.status).toBe(409);
    expect((await worker.post(`/api/unit-shutdowns/${s.body.id}/end`, {})).status).toBe(403);
    expect((await entA.post(`/api/unit-shutdowns/${s.body.id}/end`, {})).status).toBe(403);
    t.clock.now = new Date(t.clock.now.getTime() + 600_000); // within the session idle time
    const end = await entB.post(`/api/unit-shutdowns/${s.body.id}/end`, {});
    expect(end.status).toBe(200);
    expect(end.body.endAt).toBe(t.clock.now.toISOString());
    expect((await status()).status).toBe("normal");
    expect((await status()).shutdown).toBeNull();
    expect((await entB.post(`/api/unit-shutdowns/${s.body.id}/end`, {})).status).toBe(409);
  });

  it("a past shutdown is recorded without changing the status; times in the future are refused", async () => {
    const day = 86_400_000;
    const now = t.clock.now.getTime();
    const past = await entB.post(`/api/risk-units/${unitId}/shutdowns`, {
      startAt: new Date(now - 10 * day).toISOString(),
      endAt: new Date(now - 9 * day).toISOString(),
      reason: "上月检修",
    });
    expect(past.status).toBe(201);
    expect((await status()).status).toBe("normal");
    expect((await status()).shutdowns).toHaveLength(2);
    const future = await entB.post(`/api/risk-units/${unitId}/shutdowns`, { startAt: new Date(now + day).toISOString(), reason: "计划检修" });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.body)).toEqual(["startAt"]);
    const backwards = await entB.post(`/api/risk-units/${unitId}/shutdowns`, {
      startAt: new Date(now - day).toISOString(),
      endAt: new Date(now - 2 * day).toISOString(),
      reason: "x",
    });
    expect(fieldsOf(backwards.body)).toEqual(["endAt"]);
    expect(fieldsOf((await entB.post(`/api/risk-units/${unitId}/shutdowns`, { startAt: "yesterday", reason: "" })).body)).toEqual(["reason", "startAt"]);
  });
});

describe("four-colour maps", () => {
  let mapId: string;
  let units: { id: string; riskGrade: string; name: string }[];
  let png: Buffer;

  beforeAll(async () => {
    png = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#eee" } })
      .png()
      .toBuffer();
    const reg = await entB.get(`/api/enterprises/${entBId}/risk-register`);
    units = reg.body.objects.flatMap((o: { units: unknown[] }) => o.units);
  });

  it("registers a layout image with its size; refuses a file that is not an image, or someone else's", async () => {
    const f = await entB.upload("/api/files", png, "平面图.png");
    const r = await entB.post(`/api/enterprises/${entBId}/risk-maps`, { name: "厂区四色图", imageSha256: f.body.sha256 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ width: 400, height: 300, areas: [], imageUrl: `/api/risk-maps/${r.body.id}/image` });
    mapId = r.body.id;
    const pdf = await entB.upload("/api/files", Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "x.pdf");
    expect(pdf.status).toBe(201);
    const notImage = await entB.post(`/api/enterprises/${entBId}/risk-maps`, { name: "x", imageSha256: pdf.body.sha256 });
    expect(notImage.status).toBe(400);
    expect(notImage.body.code).toBe("NOT_AN_IMAGE");
    const other = await entA.upload(
      "/api/files",
      await sharp({ create: { width: 10, height: 10, channels: 3, background: "#123456" } })
        .png()
        .toBuffer(),
      "a.png",
    );
    const stolen = await entB.post(`/api/enterprises/${entBId}/risk-maps`, { name: "x", imageSha256: other.body.sha256 });
    expect(stolen.status).toBe(400);
    expect(fieldsOf(stolen.body)).toEqual(["imageSha256"]);
  });

  it("areas take the highest grade of their units", async () => {
    const red = units.find((u) => u.riskGrade === "重大")!;
    const blue = units.find((u) => u.riskGrade === "低") ?? units.find((u) => u.riskGrade === "一般")!;
    const orange = units.find((u) => u.riskGrade === "较大")!;
    const r = await put(entB, `/api/risk-maps/${mapId}/areas`, [
      {
        name: "1号库",
        polygon: [
          [0.1, 0.1],
          [0.4, 0.1],
          [0.4, 0.4],
          [0.1, 0.4],
        ],
        unitIds: [red.id, blue.id],
      },
      {
        name: "叉车通道",
        polygon: [
          [0.5, 0.5],
          [0.9, 0.5],
          [0.9, 0.6],
        ],
        unitIds: [orange.id],
      },
      {
        name: "空地",
        polygon: [
          [0, 0.9],
          [0.1, 0.9],
          [0.1, 1],
        ],
        unitIds: [],
      },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byName = Object.fromEntries(
      r.body.areas.map((a: { name: string; color: string | null; riskGrade: string | null }) => [a.name, [a.riskGrade, a.color]]),
    );
    expect(byName).toEqual({ "1号库": ["重大", "red"], 叉车通道: ["较大", "orange"], 空地: [null, null] });
    const seen = await baohua.get(`/api/risk-maps/${mapId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.areas[0].units.map((u: { id: string }) => u.id).sort()).toEqual([red.id, blue.id].sort());
    expect((await entA.get(`/api/risk-maps/${mapId}`)).status).toBe(404);
    const img = await baohua.get(`/api/risk-maps/${mapId}/image`);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect((await entB.get(`/api/enterprises/${entBId}/risk-maps`)).body.items.map((m: { areaCount: number }) => m.areaCount)).toEqual([3]);
  });

  it("refuses bad polygons and units of other enterprises, changing nothing", async () => {
    const [foreign] = await t.db.select({ id: riskUnits.id }).from(riskUnits).where(eq(riskUnits.enterpriseId, entAId)).limit(1);
    const cases: [unknown, string][] = [
      [
        [
          {
            name: "a",
            polygon: [
              [0, 0],
              [1, 1],
            ],
            unitIds: [],
          },
        ],
        "0.polygon",
      ],
      [
        [
          {
            name: "a",
            polygon: [
              [0, 0],
              [1.5, 0],
              [1, 1],
            ],
            unitIds: [],
          },
        ],
        "0.polygon.1",
      ],
      [
        [
          {
            name: "a",
            polygon: [
              [0, 0],
              [0.5, 0.5],
              [1, 1],
            ],
            unitIds: [],
          },
        ],
        "0.polygon",
      ],
      [
        [
          {
            name: "",
            polygon: [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
            unitIds: [],
          },
        ],
        "0.name",
      ],
      [
        [
          {
            name: "a",
            polygon: [
              [0, 0],
              [1, 0],
              [1, 1],
            ],
            unitIds: [foreign!.id],
          },
        ],
        "0.unitIds",
      ],
    ];
    for (const [body, field] of cases) {
      const r = await put(entB, `/api/risk-maps/${mapId}/areas`, body);
      expect(r.status, field).toBe(400);
      expect(fieldsOf(r.body), field).toEqual([field]);
    }
    expect((await entB.get(`/api/risk-maps/${mapId}`)).body.areas).toHaveLength(3);
    expect((await worker.request("PUT", `/api/risk-maps/${mapId}/areas`, { body: [] })).status).toBe(403);
  });

  it("an area follows a reassessment of its units; deleting a unit unlinks it", async () => {
    const o = await entB.post(`/api/enterprises/${entBId}/risk-objects`, { kind: "equipment", name: "临时设备" });
    const u = await entB.post(`/api/risk-objects/${o.body.id}/units`, { name: "临时单元" });
    const ev = await entB.post(`/api/risk-units/${u.body.id}/events`, { name: "e", method: "ls", inherent: { l: 1, s: 1 } });
    await put(entB, `/api/risk-maps/${mapId}/areas`, [
      {
        name: "临时区",
        polygon: [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        unitIds: [u.body.id],
      },
    ]);
    const color = async () => (await entB.get(`/api/risk-maps/${mapId}`)).body.areas[0].color;
    expect(await color()).toBe("blue");
    await entB.patch(`/api/risk-events/${ev.body.id}`, { inherent: { l: 5, s: 5 } });
    expect(await color()).toBe("red");
    await entB.del(`/api/risk-units/${u.body.id}`);
    const area = (await entB.get(`/api/risk-maps/${mapId}`)).body.areas[0];
    expect([area.unitIds, area.color]).toEqual([[], null]);
    expect((await entB.del(`/api/risk-maps/${mapId}`)).status).toBe(204);
    expect((await entB.get(`/api/risk-maps/${mapId}`)).status).toBe(404);
  });
});

describe("PDFs", () => {
  let unitIds: string[];
  beforeAll(async () => {
    const reg = await entB.get(`/api/enterprises/${entBId}/risk-register`);
    unitIds = reg.body.objects.flatMap((o: { units: { id: string }[] }) => o.units.map((u) => u.id));
  });

  it("岗位风险告知卡: one page per unit", async () => {
    const r = await worker.get(`/api/enterprises/${entBId}/risk-cards.pdf?unitIds=${unitIds.slice(0, 3).join(",")}`);
    expect(r.status, String(r.body).slice(0, 200)).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    const pdf = r.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pages(pdf)).toBe(3);
    expect(pdf.toString("latin1")).toContain("NotoSansCJKsc");
    const all = await entB.get(`/api/enterprises/${entBId}/risk-cards.pdf`);
    expect(pages(all.raw.rawPayload)).toBe(unitIds.length);
  });

  it("QR labels: 12 to a page", async () => {
    const many = [...unitIds];
    const o = await entB.post(`/api/enterprises/${entBId}/risk-objects`, { kind: "work_post", name: "标签测试岗位" });
    while (many.length < 14) many.push((await entB.post(`/api/risk-objects/${o.body.id}/units`, { name: `岗位${many.length}` })).body.id);
    const r = await entB.get(`/api/enterprises/${entBId}/qr-labels.pdf?unitIds=${many.join(",")}`);
    expect(r.status).toBe(200);
    const pdf = r.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pages(pdf)).toBe(2);
    // one image per label (pdfkit adds a soft mask image for each PNG's alpha channel)
    const text = pdf.toString("latin1");
    const images = (text.match(/\/Subtype\s*\/Image/g) ?? []).length;
    const masks = (text.match(/\/SMask\s+\d+/g) ?? []).length;
    expect(images - masks).toBe(many.length);
    const one = await entB.get(`/api/enterprises/${entBId}/qr-labels.pdf?unitIds=${many[0]}`);
    expect(pages(one.raw.rawPayload)).toBe(1);
  });

  it("refuses units of another enterprise; other enterprises' PDFs are 404", async () => {
    const [foreign] = await t.db.select({ id: riskUnits.id }).from(riskUnits).where(eq(riskUnits.enterpriseId, entAId)).limit(1);
    const r = await entB.get(`/api/enterprises/${entBId}/qr-labels.pdf?unitIds=${foreign!.id}`);
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["unitIds"]);
    expect((await entA.get(`/api/enterprises/${entBId}/risk-cards.pdf`)).status).toBe(404);
  });

  it("without the CJK font: 503 with a clear message", async () => {
    const saved = { ...PDF_FONT_CANDIDATES };
    PDF_FONT_CANDIDATES.regular = ["/nonexistent/NotoSansCJK-Regular.ttc"];
    try {
      const r = await entB.get(`/api/enterprises/${entBId}/risk-cards.pdf`);
      expect(r.status).toBe(503);
      expect(r.body.code).toBe("PDF_FONT_MISSING");
      expect(r.body.message).toContain("fonts-noto-cjk");
    } finally {
      Object.assign(PDF_FONT_CANDIDATES, saved);
    }
  });
});

describe("demo registers", () => {
  it("镇江华泰化工 has its 罐区 major hazard source with 液氯 and 甲醇 tank farms and a 氯化 section", async () => {
    const r = await entA.get(`/api/enterprises/${entAId}/risk-register`);
    const tank = r.body.objects.find((o: { kind: string }) => o.kind === "major_hazard");
    expect(tank.name).toContain("罐区");
    expect(tank.units.map((u: { name: string }) => u.name)).toEqual(["液氯储罐区", "甲醇储罐区"]);
    expect(r.body.objects.some((o: { kind: string; name: string }) => o.kind === "production_unit" && o.name === "氯化工段")).toBe(true);
    expect(tank.units[0].riskGrade).toBe("较大");
  });

  it("the three fixed enterprises have measures of all four kinds and a red or orange risk", async () => {
    const ids = await t.db
      .select({ id: enterprises.id, name: enterprises.name })
      .from(enterprises)
      .where(inArray(enterprises.name, ["镇江华泰化工有限公司", "句容宝华智运仓储物流有限公司", "句容市宝华恒力精密机械有限公司"]));
    expect(ids).toHaveLength(3);
    for (const e of ids) {
      const kinds = await t.db.selectDistinct({ c: controlMeasures.classify1 }).from(controlMeasures).where(eq(controlMeasures.enterpriseId, e.id));
      expect(kinds.map((k) => k.c).sort(), e.name).toEqual(["1", "2", "3", "4"]);
      const grades = await t.db.selectDistinct({ g: riskUnits.riskGrade }).from(riskUnits).where(eq(riskUnits.enterpriseId, e.id));
      expect(
        grades.some((g) => g.g === "重大" || g.g === "较大"),
        e.name,
      ).toBe(true);
    }
    const b = await entB.get(`/api/enterprises/${entBId}/risk-register`);
    const names = b.body.objects.flatMap((o: { units: { name: string }[] }) => o.units.map((u) => u.name));
    for (const n of ["1号危化品仓库", "装卸平台", "叉车作业岗位", "配电房"]) expect(names).toContain(n);
  });

  it("a share of the other enterprises has a generated register", async () => {
    const [n] = await t.db.select({ n: count() }).from(riskObjects);
    const owners = await t.db.selectDistinct({ e: riskObjects.enterpriseId }).from(riskObjects);
    expect(n!.n).toBeGreaterThan(10);
    expect(owners.length).toBeGreaterThan(10);
  });
});

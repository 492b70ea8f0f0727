/** 隐患 API: registration, list, detail, every transition with its rules and refusals, concurrency, major reports, escalation. */
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DETERMINATION_ITEMS } from "@anguan/domain";
import { migrate, openDatabase } from "../src/db/client";
import { auditEvents, determinationItems, enterprises, hazardEvents, hazards, notifications, organizations, users } from "../src/db/schema";
import { escalateOverdueHazards } from "../src/features/hazards/escalation";
import { seed } from "../src/seed/seed";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let worker: Client;
let safety: Client;
let leader: Client;
let entA: Client;
let jr: Client;
let baohua: Client;
let zj: Client;
let expert: Client;
let admin: Client;
const id = {} as Record<"entA" | "entB" | "worker" | "safety" | "leader" | "entAUser" | "jrOrg" | "baohuaOrg", string>;

async function entId(name: string) {
  const [r] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name));
  return r!.id;
}
async function userId(username: string) {
  const [r] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return r!.id;
}
async function orgId(name: string) {
  const [r] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
  return r!.id;
}

/** A distinct photo (JPEG) uploaded as evidence by the client; returns the evidence id. */
async function evidence(c: Client): Promise<string> {
  const jpg = await sharp({ create: { width: 8, height: 8, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .jpeg()
    .toBuffer();
  const r = await c.upload("/api/evidence", jpg, "现场.jpg", "file", "image/jpeg");
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const rectification = (extra: Record<string, unknown> = {}) => ({
  measures: "更换货架立柱",
  liablePerson: "刘强",
  rectifierUserId: id.worker,
  funds: 1200,
  deadline: "2026-11-30",
  contingencyPlan: "整改期间设置警戒区",
  ...extra,
});
const confirmBody = (extra: Record<string, unknown> = {}) => ({
  level: "general",
  dangerType: 7,
  manageType: "deadline",
  rectification: rectification(),
  ...extra,
});
const plan = {
  objectives: "消除隐患",
  methods: "更换设备",
  fundsAndMaterials: "20 万元",
  organizationAndPeople: "设备部",
  timeLimit: "一个月",
  safetyMeasures: "停产治理，设置警戒",
};

/** A hazard of ent-b reported by the worker (随手拍). */
async function reportB(title = "货架立柱变形", extra: Record<string, unknown> = {}) {
  const r = await worker.post("/api/hazards", {
    enterpriseId: id.entB,
    title,
    description: "3 号库货架立柱被叉车撞变形",
    evidenceIds: [await evidence(worker)],
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; status: string };
}
const act = (c: Client, hazardId: string, action: string, body: unknown = {}) => c.post(`/api/hazards/${hazardId}/actions/${action}`, body);
async function row(hazardId: string) {
  const [h] = await t.db.select().from(hazards).where(eq(hazards.id, hazardId));
  return h!;
}
/** A hazard of ent-b in awaiting_acceptance, rectified by the worker. */
async function awaitingAcceptance(title = "待验收隐患") {
  const h = await reportB(title);
  expect((await act(safety, h.id, "confirm", confirmBody())).status).toBe(200);
  const s = await act(worker, h.id, "submit_rectification", { note: "已更换", evidenceIds: [await evidence(worker)] });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return h.id;
}

beforeAll(async () => {
  t = await startTestApp();
  worker = await t.as("ent.b.worker");
  safety = await t.as("ent.b");
  leader = await t.as("ent.b.leader");
  entA = await t.as("ent.a");
  jr = await t.as("jr.yjj");
  baohua = await t.as("baohua.ajb");
  zj = await t.as("zj.yjj");
  expert = await t.as("expert1");
  admin = await t.as("admin");
  id.entA = await entId("镇江华泰化工有限公司");
  id.entB = await entId("句容宝华智运仓储物流有限公司");
  id.worker = await userId("ent.b.worker");
  id.safety = await userId("ent.b");
  id.leader = await userId("ent.b.leader");
  id.entAUser = await userId("ent.a");
  id.jrOrg = await orgId("句容市应急管理局");
  id.baohuaOrg = await orgId("句容市宝华镇安全生产监督管理办公室");
}, 60_000);
afterAll(() => t?.close());

describe("registering (POST /api/hazards)", () => {
  it("lets a post employee report a 随手拍 with a photo for its own enterprise", async () => {
    const h = await reportB("叉车通道堆放货物");
    const d = (await worker.get(`/api/hazards/${h.id}`)).body;
    expect(d).toMatchObject({ status: "reported", source: "snapshot", level: "general", enterpriseId: id.entB, reportedByName: "刘强（仓储班组长）" });
    expect(d.code).toMatch(/^YH20261123[0-9A-F]{8}$/);
    expect(d.evidence).toHaveLength(1);
    expect(d.evidenceByStage.report).toHaveLength(1);
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(["report"]);
    expect(d.actions).toEqual([]);
    expect((await safety.get(`/api/hazards/${h.id}`)).body.actions).toEqual(["confirm", "dismiss"]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, h.id), eq(auditEvents.action, "hazard.report")));
    expect(audit).toBeDefined();
  });

  it("requires a photo for a 随手拍 and names the field", async () => {
    const r = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "无照片", evidenceIds: [] });
    expect(r.status).toBe(400);
    expect(r.body.fields[0].field).toBe("evidenceIds");
    // A manager registering from a daily inspection may attach photos later.
    const m = await safety.post("/api/hazards", { enterpriseId: id.entB, title: "日常排查发现", source: "1" });
    expect(m.status).toBe(201);
    expect(m.body.source).toBe("1");
  });

  it("refuses unknown codes with a 400 naming the field, and stores nothing", async () => {
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(hazards))[0]!.n;
    const ev = await evidence(worker);
    const badType = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "x", dangerType: 9, evidenceIds: [ev] });
    expect(badType.status).toBe(400);
    expect(badType.body.fields.map((f: { field: string }) => f.field)).toContain("dangerType");
    const badSource = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "x", source: "bogus", evidenceIds: [ev] });
    expect(badSource.status).toBe(400);
    expect(badSource.body.fields.map((f: { field: string }) => f.field)).toContain("source");
    expect(badSource.body.message).toMatch(/隐患来源无效/);
    const notMine = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "x", source: "regulator", evidenceIds: [ev] });
    expect(notMine.status).toBe(400);
    expect(notMine.body.fields[0].field).toBe("source");
    const badLevel = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "x", level: "huge", evidenceIds: [ev] });
    expect(badLevel.status).toBe(400);
    expect(badLevel.body.fields[0].field).toBe("level");
    const badEvidence = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "x", evidenceIds: [crypto.randomUUID()] });
    expect(badEvidence.status).toBe(400);
    expect(badEvidence.body.fields[0].field).toBe("evidenceIds");
    const badMeasure = await safety.post("/api/hazards", { enterpriseId: id.entB, title: "x", source: "9", measureId: crypto.randomUUID() });
    expect(badMeasure.status).toBe(400);
    expect(badMeasure.body.fields[0].field).toBe("measureId");
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(hazards))[0]!.n).toBe(before);
  });

  it("keeps everyone to their scope: another enterprise 403, a missing one 404", async () => {
    const ev = await evidence(worker);
    expect((await worker.post("/api/hazards", { enterpriseId: id.entA, title: "越界", evidenceIds: [ev] })).status).toBe(403);
    expect((await entA.post("/api/hazards", { enterpriseId: id.entB, title: "越界", source: "1" })).status).toBe(403);
    expect((await jr.post("/api/hazards", { enterpriseId: id.entA, title: "越界" })).status).toBe(403);
    expect((await expert.post("/api/hazards", { enterpriseId: id.entB, title: "越界" })).status).toBe(403);
    expect((await worker.post("/api/hazards", { enterpriseId: crypto.randomUUID(), title: "无此企业", evidenceIds: [ev] })).status).toBe(404);
    // Evidence of another enterprise cannot be cited.
    const aPhoto = await evidence(entA);
    const r = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "别人的照片", evidenceIds: [aPhoto] });
    expect(r.status).toBe(400);
  });

  it("records a regulator's finding with its enforcement number, which the enterprise cannot dismiss", async () => {
    const r = await jr.post("/api/hazards", { enterpriseId: id.entB, title: "消防通道堵塞", enforcementId: "句应急检〔2026〕88号" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ source: "regulator", enforcementId: "句应急检〔2026〕88号", reportedByOrgKind: "gov" });
    const d = await act(safety, r.body.id, "dismiss", { reason: "不认可" });
    expect(d.status).toBe(403);
    expect(d.body.code).toBe("HAZARD_REGULATOR_FINDING");
    expect((await row(r.body.id)).status).toBe("reported");
    // Experts report as a third party for assigned enterprises only.
    const e = await expert.post("/api/hazards", { enterpriseId: id.entA, title: "安全阀校验过期", dangerType: 7 });
    expect(e.status).toBe(201);
    expect(e.body.source).toBe("third_party");
    expect((await expert.post("/api/hazards", { enterpriseId: id.entA, title: "x", enforcementId: "1" })).status).toBe(400);
  });

  it("reports a hazard registered as major to the township and district regulators", async () => {
    const r = await jr.post("/api/hazards", { enterpriseId: id.entB, title: "危化品超量储存", level: "major" });
    expect(r.status).toBe(201);
    expect(r.body.reportedToRegulatorsAt).toBe(t.clock.now.toISOString());
    const notes = await t.db.select().from(notifications).where(eq(notifications.targetId, r.body.id));
    expect(notes.map((n) => n.orgId).sort()).toEqual([id.jrOrg, id.baohuaOrg].sort());
    expect(notes.every((n) => n.kind === "major_hazard" && n.readAt === null)).toBe(true);
    expect(r.body.events.map((e: { action: string }) => e.action)).toEqual(["report", "report_major"]);
    expect(r.body.events[1].comment).toContain("句容市宝华镇安全生产监督管理办公室");
  });
});

describe("the loop: confirm → rectify → reject → rectify → accept", () => {
  it("walks a hazard to closed with the history and evidence by stage", async () => {
    const h = await reportB("货架横梁脱钩");
    const c = await act(safety, h.id, "confirm", confirmBody({ expectedVersion: h.version }));
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body).toMatchObject({
      status: "rectifying",
      rectifierUserId: id.worker,
      rectifierName: "刘强（仓储班组长）",
      manageType: "deadline",
      overdue: false,
    });
    expect(c.body.deadline).toBe("2026-11-30T15:59:59.999Z");
    expect(c.body.rectification).toMatchObject({ measures: "更换货架立柱", funds: 1200, contingencyPlan: "整改期间设置警戒区" });
    expect((await worker.get(`/api/hazards/${h.id}`)).body.actions).toEqual(["submit_rectification", "request_extension"]);

    const noPhoto = await act(worker, h.id, "submit_rectification", { note: "已整改", evidenceIds: [] });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.fields[0].field).toBe("evidenceIds");
    const s1 = await act(worker, h.id, "submit_rectification", { note: "已更换横梁", evidenceIds: [await evidence(worker)] });
    expect(s1.status).toBe(200);
    expect(s1.body.status).toBe("awaiting_acceptance");

    const rej = await act(leader, h.id, "reject", {});
    expect(rej.status).toBe(400);
    expect(rej.body.fields[0].field).toBe("reason");
    const r = await act(leader, h.id, "reject", { reason: "横梁卡扣未锁止" });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("rectifying");
    expect(r.body.events.at(-1)).toMatchObject({
      action: "reject",
      comment: "横梁卡扣未锁止",
      fromStatus: "awaiting_acceptance",
      toStatus: "rectifying",
      actorName: "钱卫东（主要负责人）",
    });

    expect((await act(worker, h.id, "submit_rectification", { note: "卡扣已锁止", evidenceIds: [await evidence(worker)] })).status).toBe(200);
    const acc = await act(safety, h.id, "accept", { comment: "整改到位", evidenceIds: [await evidence(safety)] });
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ status: "closed", acceptComment: "整改到位", closedAt: t.clock.now.toISOString() });
    expect(acc.body.events.map((e: { action: string }) => e.action)).toEqual([
      "report",
      "confirm",
      "submit_rectification",
      "reject",
      "submit_rectification",
      "accept",
    ]);
    expect(acc.body.evidenceByStage.report).toHaveLength(1);
    expect(acc.body.evidenceByStage.rectification).toHaveLength(2);
    expect(acc.body.evidenceByStage.acceptance).toHaveLength(1);
    for (const e of acc.body.evidence) expect(e).toMatchObject({ receivedAt: expect.any(String), uploadedByName: expect.any(String), capture: "unknown" });
    const audits = await t.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, h.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["hazard.confirm", "hazard.reject", "hazard.accept"]));

    // A second acceptance of the closed hazard: a clear 409, nothing changed.
    const before = await row(h.id);
    const again = await act(leader, h.id, "accept", { comment: "再次验收" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("HAZARD_WRONG_STATUS");
    expect(again.body.message).toBe("当前状态不允许此操作");
    expect(await row(h.id)).toEqual(before);
  });

  it("refuses acceptance by the rectifier (403) and by employees", async () => {
    const h = await reportB("照明灯损坏");
    expect((await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ rectifierUserId: id.safety }) }))).status).toBe(200);
    expect((await act(safety, h.id, "submit_rectification", { note: "已更换", evidenceIds: [await evidence(safety)] })).status).toBe(200);
    const self = await act(safety, h.id, "accept", { comment: "自己验收" });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe("HAZARD_ACCEPTOR_IS_RECTIFIER");
    expect(self.body.message).toBe("验收人不能是整改人");
    const w = await act(worker, h.id, "accept", { comment: "员工验收" });
    expect(w.status).toBe(403);
    expect(w.body.code).toBe("HAZARD_NOT_ALLOWED");
    expect((await act(jr, h.id, "accept", { comment: "监管验收" })).status).toBe(403);
    expect((await row(h.id)).status).toBe("awaiting_acceptance");
    expect((await act(leader, h.id, "accept", { comment: "通过" })).body.status).toBe("closed");
  });

  it("answers a transition the state does not allow with 409, an unknown action with 400, a stale version with 409", async () => {
    const h = await reportB("配电箱未上锁");
    const before = await row(h.id);
    const wrong = await act(safety, h.id, "submit_rectification", { note: "x", evidenceIds: [await evidence(safety)] });
    expect(wrong.status).toBe(409);
    expect(wrong.body.code).toBe("HAZARD_WRONG_STATUS");
    const unknown = await act(safety, h.id, "explode", {});
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe("action");
    const stale = await act(safety, h.id, "confirm", confirmBody({ expectedVersion: h.version + 5 }));
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe("CONFLICT");
    expect(await row(h.id)).toEqual(before);
    expect((await act(safety, crypto.randomUUID(), "confirm", confirmBody())).status).toBe(404);
    // Another enterprise's hazard: a write outside the scope is 403, a read 404.
    expect((await act(entA, h.id, "confirm", confirmBody())).status).toBe(403);
    expect((await entA.get(`/api/hazards/${h.id}`)).status).toBe(404);
    expect(await row(h.id)).toEqual(before);
  });

  it("dismisses with a reason", async () => {
    const h = await reportB("误报");
    const d = await act(leader, h.id, "dismiss", { reason: "经核实为正常堆放" });
    expect(d.status).toBe(200);
    expect(d.body.status).toBe("dismissed");
    expect(d.body.events.at(-1).comment).toBe("经核实为正常堆放");
  });
});

describe("confirmation rules", () => {
  it("refuses a deadline in the past naming rectification.deadline, and changes nothing", async () => {
    const h = await reportB("护栏缺失");
    const before = await row(h.id);
    const past = await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-20" }) }));
    expect(past.status).toBe(400);
    expect(past.body.fields).toEqual([{ field: "rectification.deadline", message: "整改期限不能早于当前时间" }]);
    // 限期整改 needs a later day; 即查即改 may end today.
    const today = await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-23" }) }));
    expect(today.status).toBe(400);
    expect(today.body.fields[0].field).toBe("rectification.deadline");
    expect(await row(h.id)).toEqual(before);
    const immediate = await act(safety, h.id, "confirm", confirmBody({ manageType: "immediate", rectification: rectification({ deadline: "2026-11-23" }) }));
    expect(immediate.status).toBe(200);
    expect(immediate.body.deadline).toBe("2026-11-23T15:59:59.999Z");
  });

  it("requires the five elements, a rectifier of the enterprise, funds ≥ 0", async () => {
    const h = await reportB("灭火器过期");
    const missing = await act(safety, h.id, "confirm", confirmBody({ rectification: { measures: "", funds: -1, deadline: "2026-11-30" } }));
    expect(missing.status).toBe(400);
    const fields = missing.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(["rectification.measures", "rectification.liablePerson", "rectification.funds", "rectification.contingencyPlan"]),
    );
    const bad = await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ rectifierUserId: id.entAUser }) }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("rectification.rectifierUserId");
    const badDate = await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ deadline: "next week" }) }));
    expect(badDate.body.fields[0].field).toBe("rectification.deadline");
    expect((await row(h.id)).status).toBe("reported");
  });

  it("requires a determination item and the six-element plan for a major hazard, then reports it", async () => {
    const h = await reportB("货架整体倾斜");
    const noItem = await act(safety, h.id, "confirm", confirmBody({ level: "major", governancePlan: plan }));
    expect(noItem.status).toBe(400);
    expect(noItem.body.fields[0].field).toBe("standardItemCode");
    const unknownItem = await act(safety, h.id, "confirm", confirmBody({ level: "major", standardItemCode: "chem2017-99", governancePlan: plan }));
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body.fields[0].field).toBe("standardItemCode");
    const { safetyMeasures: _, ...five } = plan;
    const noPlan = await act(safety, h.id, "confirm", confirmBody({ level: "major", standardItemCode: "gm2023-3-1", governancePlan: five }));
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.fields[0].field).toBe("governancePlan.safetyMeasures");
    expect(await t.db.select().from(notifications).where(eq(notifications.targetId, h.id))).toHaveLength(0);

    const ok = await act(safety, h.id, "confirm", confirmBody({ level: "major", standardItemCode: "gm2023-3-1", governancePlan: plan }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ level: "major", standardItemCode: "gm2023-3-1", governancePlan: plan, reportedToRegulatorsAt: t.clock.now.toISOString() });
    expect(ok.body.standardItem.text).toContain("承包单位");
    const notes = await t.db.select().from(notifications).where(eq(notifications.targetId, h.id));
    expect(notes.map((n) => n.orgId).sort()).toEqual([id.jrOrg, id.baohuaOrg].sort());
  });
});

describe("extensions (延期申请)", () => {
  it("asks for a later deadline, once at a time, decided by another manager", async () => {
    const h = await reportB("喷淋头被遮挡");
    await act(safety, h.id, "confirm", confirmBody());
    const early = await act(worker, h.id, "request_extension", { newDeadline: "2026-11-29", reason: "备件未到" });
    expect(early.status).toBe(400);
    expect(early.body.fields[0].field).toBe("newDeadline");
    const r = await act(worker, h.id, "request_extension", { newDeadline: "2026-12-10", reason: "备件未到" });
    expect(r.status).toBe(200);
    expect(r.body.extension).toMatchObject({ requestedBy: id.worker, newDeadline: "2026-12-10T15:59:59.999Z", reason: "备件未到" });
    expect(r.body.deadline).toBe("2026-11-30T15:59:59.999Z");
    const twice = await act(worker, h.id, "request_extension", { newDeadline: "2026-12-20", reason: "再延" });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("HAZARD_EXTENSION_PENDING");
    expect((await act(worker, h.id, "approve_extension", {})).status).toBe(403);
    await t.db.update(hazards).set({ escalationLevel: 2 }).where(eq(hazards.id, h.id));
    const ok = await act(safety, h.id, "approve_extension", { comment: "同意" });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ deadline: "2026-12-10T15:59:59.999Z", extension: null, escalationLevel: 0 });
    expect(ok.body.rectification.deadline).toBe("2026-12-10T15:59:59.999Z");
    const none = await act(safety, h.id, "reject_extension", {});
    expect(none.status).toBe(409);
    expect(none.body.code).toBe("HAZARD_NO_EXTENSION");
    // A refused request leaves the deadline.
    await act(worker, h.id, "request_extension", { newDeadline: "2026-12-31", reason: "再延" });
    const no = await act(leader, h.id, "reject_extension", { comment: "不同意" });
    expect(no.body).toMatchObject({ deadline: "2026-12-10T15:59:59.999Z", extension: null });
  });
});

describe("supervision (挂牌督办) and sign-off", () => {
  it("puts a major hazard under the district's supervision; only it can close it", async () => {
    const h = await reportB("重大隐患：货架倒塌风险");
    const general = await act(jr, h.id, "supervise", { note: "督办" });
    expect(general.status).toBe(409);
    expect(general.body.code).toBe("HAZARD_NOT_MAJOR");
    await act(safety, h.id, "confirm", confirmBody({ level: "major", standardItemCode: "gm2023-3-1", governancePlan: plan }));
    expect((await safety.get(`/api/hazards/${h.id}`)).body.actions).not.toContain("supervise");
    expect((await jr.get(`/api/hazards/${h.id}`)).body.actions).toContain("supervise");
    expect((await entA.post(`/api/hazards/${h.id}/actions/supervise`, { note: "x" })).status).toBe(403);
    const s = await act(jr, h.id, "supervise", { note: "限期一个月完成治理", deadline: "2026-12-20" });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({
      supervised: true,
      supervisedByOrgId: id.jrOrg,
      supervisedByOrgName: "句容市应急管理局",
      deadline: "2026-12-20T15:59:59.999Z",
    });
    const twice = await act(zj, h.id, "supervise", { note: "市级督办" });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("HAZARD_ALREADY_SUPERVISED");
    const [note] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.targetId, h.id), eq(notifications.kind, "supervision"), eq(notifications.userId, id.leader)));
    expect(note).toBeDefined();

    await act(worker, h.id, "submit_rectification", { note: "已治理", evidenceIds: [await evidence(worker)] });
    const acc = await act(leader, h.id, "accept", { comment: "企业验收通过" });
    expect(acc.status).toBe(200);
    expect(acc.body.status).toBe("awaiting_signoff");
    expect(acc.body.closedAt).toBeNull();
    for (const c of [leader, safety, baohua, zj]) {
      const r = await act(c, h.id, "sign_off", { comment: "核销" });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("HAZARD_SUPERVISED_CLOSE");
    }
    expect((await row(h.id)).status).toBe("awaiting_signoff");
    expect((await jr.get(`/api/hazards/${h.id}`)).body.actions).toEqual(["reject", "sign_off"]);
    const back = await act(jr, h.id, "reject", { reason: "现场复核未完成" });
    expect(back.body.status).toBe("rectifying");
    await act(worker, h.id, "submit_rectification", { note: "补充治理", evidenceIds: [await evidence(worker)] });
    await act(leader, h.id, "accept", { comment: "企业验收通过" });
    const done = await act(jr, h.id, "sign_off", { comment: "现场核查合格，准予销号" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: "closed", closedAt: t.clock.now.toISOString(), signedOffAt: t.clock.now.toISOString() });
  });
});

describe("concurrency", () => {
  it("lets exactly one of two simultaneous acceptances win; the other gets 409", async () => {
    const hid = await awaitingAcceptance("并发验收");
    const [a, b] = await Promise.all([act(safety, hid, "accept", { comment: "甲验收" }), act(leader, hid, "accept", { comment: "乙验收" })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(["CONFLICT", "HAZARD_WRONG_STATUS"]).toContain(loser.body.code);
    expect(loser.body.message).toMatch(/[\u4e00-\u9fa5]/);
    const accepts = await t.db
      .select()
      .from(hazardEvents)
      .where(and(eq(hazardEvents.hazardId, hid), eq(hazardEvents.action, "accept")));
    expect(accepts).toHaveLength(1);
    const h = await row(hid);
    expect(h.status).toBe("closed");
    expect(h.acceptComment).toBe(accepts[0]!.comment);
  });
});

describe("list and detail", () => {
  it("lists in scope with filters and paging", async () => {
    const mine = await safety.get("/api/hazards?pageSize=200");
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThan(5);
    expect(mine.body.items.every((h: { enterpriseId: string }) => h.enterpriseId === id.entB)).toBe(true);
    const reported = await safety.get("/api/hazards?status=reported&pageSize=200");
    expect(reported.body.items.length).toBeGreaterThan(0);
    expect(reported.body.items.every((h: { status: string }) => h.status === "reported")).toBe(true);
    const page2 = await safety.get("/api/hazards?pageSize=2&page=2");
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.total).toBe(mine.body.total);
    expect((await entA.get(`/api/hazards?enterpriseId=${id.entB}`)).body.total).toBe(0);
    const jrList = await jr.get("/api/hazards?pageSize=200&level=major");
    expect(jrList.body.items.every((h: { regionCode: string; level: string }) => h.regionCode.startsWith("321183") && h.level === "major")).toBe(true);
    const bad = await safety.get("/api/hazards?status=burning");
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("status");
  });

  it("flags overdue hazards (rectifying past the deadline) and filters them", async () => {
    const h = await reportB("超期测试");
    await act(safety, h.id, "confirm", confirmBody({ manageType: "immediate", rectification: rectification({ deadline: "2026-11-23" }) }));
    const before = await safety.get("/api/hazards?overdue=1&pageSize=200");
    expect(before.body.items.some((x: { id: string }) => x.id === h.id)).toBe(false);
    const saved = t.clock.now;
    t.clock.now = new Date("2026-11-24T02:00:00Z");
    try {
      // Sessions idle for a day have expired: log in again at the later time.
      const later = await t.as("ent.b");
      const after = await later.get("/api/hazards?overdue=1&pageSize=200");
      const item = after.body.items.find((x: { id: string }) => x.id === h.id);
      expect(item).toMatchObject({ overdue: true, status: "rectifying" });
      expect(after.body.items.every((x: { overdue: boolean }) => x.overdue)).toBe(true);
      expect((await later.get(`/api/hazards/${h.id}`)).body.overdue).toBe(true);
    } finally {
      t.clock.now = saved;
    }
  });

  it("hides a hazard outside the scope (404) and lists the enterprise's assignable users", async () => {
    const h = await reportB("范围测试");
    expect((await entA.get(`/api/hazards/${h.id}`)).status).toBe(404);
    expect((await zj.get(`/api/hazards/${h.id}`)).status).toBe(200);
    expect((await (await t.as("zj.sw")).get(`/api/hazards/${h.id}`)).status).toBe(404);
    expect((await baohua.get(`/api/hazards/${h.id}`)).status).toBe(200);
    expect((await expert.get(`/api/hazards/${h.id}`)).status).toBe(404);
    expect((await admin.get(`/api/hazards/${h.id}`)).status).toBe(200);
    expect((await safety.get("/api/hazards/not-a-uuid")).status).toBe(404);
    const u = await safety.get(`/api/enterprises/${id.entB}/assignable-users`);
    expect(u.status).toBe(200);
    expect(u.body.items.map((x: { username: string }) => x.username).sort()).toEqual(["ent.b", "ent.b.leader", "ent.b.worker"]);
    expect((await entA.get(`/api/enterprises/${id.entB}/assignable-users`)).status).toBe(404);
  });
});

describe("determination standards", () => {
  it("lists the shipped items to anyone and lets only the admin add more (409 on duplicates)", async () => {
    const all = await worker.get("/api/hazard-standards");
    expect(all.status).toBe(200);
    expect(all.body.items.filter((i: { code: string }) => i.code.startsWith("chem2017-"))).toHaveLength(20);
    expect(all.body.items.filter((i: { code: string }) => i.code.startsWith("gm2023-3-"))).toHaveLength(3);
    expect((await worker.get("/api/hazard-standards?sector=machinery")).body.items.map((i: { code: string }) => i.code)).toEqual(["gm2023-3-1", "gm2023-3-2"]);
    const item = {
      code: "fw2017-01",
      standard: "安监总管三〔2017〕121号",
      standardName: "烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）",
      seq: 1,
      text: "主要负责人未经考核合格",
      sectors: ["fireworks"],
    };
    expect((await jr.post("/api/hazard-standards", { items: [item] })).status).toBe(403);
    const added = await admin.post("/api/hazard-standards", { items: [item] });
    expect(added.status).toBe(201);
    expect(added.body.added).toBe(1);
    const dup = await admin.post("/api/hazard-standards", { items: [{ ...item, code: "fw2017-02" }, item] });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain("fw2017-01");
    expect((await worker.get("/api/hazard-standards?sector=fireworks")).body.items.map((i: { code: string }) => i.code)).toEqual(["fw2017-01"]);
    const clash = await admin.post("/api/hazard-standards", { items: [{ ...item, code: "chem2017-01" }] });
    expect(clash.status).toBe(409);
    const bad = await admin.post("/api/hazard-standards", { items: [{ ...item, code: "坏 编码" }] });
    expect(bad.status).toBe(400);
  });
});

describe("determination items without demo data", () => {
  it("are written by the production seed too, idempotently", async () => {
    const d = await openDatabase({});
    try {
      await migrate(d);
      await seed(d.db, { demo: false });
      await seed(d.db, { demo: false });
      const rows = await d.db.select({ code: determinationItems.code }).from(determinationItems);
      expect(rows.map((r) => r.code).sort()).toEqual(DETERMINATION_ITEMS.map((i) => i.code).sort());
      expect((await d.db.select({ n: sql<number>`count(*)::int` }).from(hazards))[0]!.n).toBe(0);
    } finally {
      await d.close();
    }
  }, 60_000);
});

describe("escalation of overdue hazards", () => {
  it("goes to the rectifier, then the main leader, then the township regulator, once each", async () => {
    const h = await reportB("超期升级测试");
    expect((await act(safety, h.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-24" }) }))).status).toBe(200);
    const deadline = new Date("2026-11-24T15:59:59.999Z");
    const hours = [0, 24, 72];
    const saved = t.clock.now;
    try {
      // Not yet overdue: nothing.
      await escalateOverdueHazards(t.db, new Date("2026-11-24T15:00:00Z"), hours);
      expect((await row(h.id)).escalationLevel).toBe(0);

      t.clock.now = new Date(deadline.getTime() + 3600_000);
      expect(await escalateOverdueHazards(t.db, t.clock.now, hours)).toBeGreaterThanOrEqual(1);
      expect((await row(h.id)).escalationLevel).toBe(1);
      const toWorker = await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.targetId, h.id), eq(notifications.kind, "escalation")));
      expect(toWorker.map((n) => n.userId)).toEqual([id.worker]);
      // Idempotent: the same moment again does nothing more.
      expect(await escalateOverdueHazards(t.db, t.clock.now, hours)).toBe(0);

      t.clock.now = new Date(deadline.getTime() + 25 * 3600_000);
      await escalateOverdueHazards(t.db, t.clock.now, hours);
      t.clock.now = new Date(deadline.getTime() + 73 * 3600_000);
      await escalateOverdueHazards(t.db, t.clock.now, hours);
      expect(await escalateOverdueHazards(t.db, t.clock.now, hours)).toBe(0);
      const h3 = await row(h.id);
      expect(h3.escalationLevel).toBe(3);
      const notes = await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.targetId, h.id), eq(notifications.kind, "escalation")));
      expect(notes.map((n) => n.userId ?? n.orgId)).toEqual([id.worker, id.leader, id.baohuaOrg]);
      const d = (await (await t.as("ent.b")).get(`/api/hazards/${h.id}`)).body;
      const esc = d.events.filter((e: { action: string }) => e.action === "escalate");
      expect(esc.map((e: { data: { level: number } }) => e.data.level)).toEqual([1, 2, 3]);
      expect(esc[0].comment).toContain("刘强（仓储班组长）");
      expect(esc[1].comment).toContain("钱卫东（主要负责人）");
      expect(esc[2].comment).toContain("句容市宝华镇安全生产监督管理办公室");
      expect(d).toMatchObject({ escalationLevel: 3, overdue: true });
      // The township official sees it in the to-do list.
      const todos = (await (await t.as("baohua.ajb")).get("/api/todos")).body;
      expect(
        todos.items.some(
          (i: { kind: string; targetId: string; notificationKind: string }) =>
            i.kind === "notification" && i.targetId === h.id && i.notificationKind === "escalation",
        ),
      ).toBe(true);
    } finally {
      t.clock.now = saved;
    }
  });

  it("passes every level at once when found late, and stops once rectification is submitted", async () => {
    const late = await reportB("长期超期");
    await act(safety, late.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-24" }) }));
    const done = await reportB("已提交整改");
    await act(safety, done.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-24" }) }));
    await act(worker, done.id, "submit_rectification", { note: "已整改", evidenceIds: [await evidence(worker)] });
    const now = new Date("2026-12-10T00:00:00Z");
    await escalateOverdueHazards(t.db, now, [0, 24, 72]);
    const ev = await t.db
      .select()
      .from(hazardEvents)
      .where(and(eq(hazardEvents.hazardId, late.id), eq(hazardEvents.action, "escalate")));
    expect(ev.map((e) => (e.data as { level: number }).level)).toEqual([1, 2, 3]);
    expect((await row(done.id)).escalationLevel).toBe(0);
    // Configured hours: a fresh hazard 2 hours late with levels at 1/4/8 hours is at level 1.
    const cfg = await reportB("自定义升级时限");
    await act(safety, cfg.id, "confirm", confirmBody({ rectification: rectification({ deadline: "2026-11-24" }) }));
    await escalateOverdueHazards(t.db, new Date("2026-11-24T18:00:00Z"), [1, 4, 8]);
    expect((await row(cfg.id)).escalationLevel).toBe(1);
  });
});

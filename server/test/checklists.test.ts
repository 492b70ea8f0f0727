/**
 * 一企一清单: templates, the enterprise's list, three-party confirmation (party from the caller), editing back to
 * draft, self-checks against the confirmed list producing hazards (source 2), scope and bad input.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checklistConfirmations, enterpriseChecklists, enterprises, evidence, files, hazards, selfChecks } from "../src/db/schema";
import { HAZCHEM_TEMPLATE_ID, INDUSTRY_TRADE_TEMPLATE_ID } from "../src/features/checklists/standardTemplates";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client, entB: Client, leaderB: Client, worker: Client, entA: Client, baohua: Client, jr: Client, zj: Client, expert1: Client, expert2: Client;
let entAId: string, entBId: string;
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

beforeAll(async () => {
  t = await startTestApp();
  [admin, entB, leaderB, worker, entA, baohua, jr, zj, expert1, expert2] = await Promise.all([
    t.as("admin"),
    t.as("ent.b"),
    t.as("ent.b.leader"),
    t.as("ent.b.worker"),
    t.as("ent.a"),
    t.as("baohua.ajb"),
    t.as("jr.yjj"),
    t.as("zj.yjj"),
    t.as("expert1"),
    t.as("expert2"),
  ]);
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
}, 60_000);
afterAll(() => t?.close());

describe("templates", () => {
  it("ships standard templates with 10–20 items citing their basis", async () => {
    const r = await worker.get("/api/checklist-templates");
    expect(r.status).toBe(200);
    const std = r.body.items.filter((x: { kind: string }) => x.kind === "standard");
    expect(std.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([HAZCHEM_TEMPLATE_ID, INDUSTRY_TRADE_TEMPLATE_ID]));
    for (const tpl of std) {
      expect(tpl.itemCount).toBeGreaterThanOrEqual(10);
      expect(tpl.itemCount).toBeLessThanOrEqual(20);
      for (const it of tpl.items) expect(it.basis.length, it.content).toBeGreaterThan(3);
    }
    expect(std.find((x: { id: string }) => x.id === HAZCHEM_TEMPLATE_ID).basis).toContain("应急〔2019〕78号");
    expect(std.find((x: { id: string }) => x.id === INDUSTRY_TRADE_TEMPLATE_ID).basis).toContain("应急管理部令第10号");
  });

  it("lets enterprise managers add their own, seen only with their enterprise", async () => {
    const body = { name: "夜班巡查自定义项", items: [{ content: "夜间门卫巡查两次", category: "值班" }] };
    const r = await entB.post("/api/checklist-templates", body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: "enterprise", enterpriseId: entBId, itemCount: 1 });
    for (const c of [worker, baohua, expert1]) expect((await c.post("/api/checklist-templates", body)).status).toBe(403);
    expect((await entB.post("/api/checklist-templates", { ...body, enterpriseId: entAId })).status).toBe(403);
    expect(fieldsOf((await entB.post("/api/checklist-templates", { name: "空", items: [] })).body)).toEqual(["items"]);
    const adminStd = await admin.post("/api/checklist-templates", { name: "管理员标准模板", basis: "测试依据", items: [{ content: "测试项" }] });
    expect(adminStd.body).toMatchObject({ kind: "standard", enterpriseId: null });
    const seenByB = (await entB.get("/api/checklist-templates")).body.items.map((x: { id: string }) => x.id);
    const seenByA = (await entA.get("/api/checklist-templates")).body.items.map((x: { id: string }) => x.id);
    expect(seenByB).toContain(r.body.id);
    expect(seenByA).not.toContain(r.body.id);
    expect(seenByA).toContain(adminStd.body.id);
    expect((await entA.get(`/api/checklist-templates?enterpriseId=${entBId}`)).status).toBe(404);
    expect((await baohua.get(`/api/checklist-templates?enterpriseId=${entBId}`)).body.items.map((x: { id: string }) => x.id)).toContain(r.body.id);
  });
});

describe("an enterprise's list through three-party confirmation", () => {
  let listId: string;
  let ownTpl: string;

  it("is formed from templates and own items, as a draft", async () => {
    ownTpl = (await entB.post("/api/checklist-templates", { name: "装卸作业", items: [{ content: "月台轮挡到位" }, { content: "叉车限速" }] })).body.id;
    const aTpl = (await entA.post("/api/checklist-templates", { name: "ent-a 模板", items: [{ content: "x" }] })).body.id;
    const url = `/api/enterprises/${entBId}/checklists`;
    const body = {
      name: "2027 版隐患排查清单",
      templateIds: [INDUSTRY_TRADE_TEMPLATE_ID, ownTpl],
      extraItems: [{ content: "冷库门内设置安全开启装置", basis: "本企业规定" }],
    };
    for (const c of [worker, baohua, entA, expert2]) expect((await c.post(url, body)).status).toBe(403);
    expect(fieldsOf((await entB.post(url, { ...body, templateIds: [aTpl] })).body)).toEqual(["templateIds"]);
    expect(fieldsOf((await entB.post(url, { name: "", templateIds: [] })).body)).toEqual(["name"]);
    const r = await entB.post(url, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: "draft", version: 1, itemCount: 14 + 2 + 1 });
    expect(r.body.items[0]).toMatchObject({ id: "s02-1", templateId: INDUSTRY_TRADE_TEMPLATE_ID });
    expect(r.body.items.at(-1)).toMatchObject({ id: "own-1", templateId: null, content: "冷库门内设置安全开启装置" });
    expect(r.body.confirmations).toEqual({ enterprise: null, township: null, expert: null });
    listId = r.body.id;
  });

  it("refuses confirmation and self-checks while a draft", async () => {
    const c = await baohua.post(`/api/checklists/${listId}/confirm`, {});
    expect([c.status, c.body.code]).toEqual([409, "CHECKLIST_NOT_CONFIRMING"]);
    const s = await worker.post(`/api/checklists/${listId}/self-checks`, { results: [{ itemId: "s02-1", result: "pass" }] });
    expect([s.status, s.body.code]).toEqual([409, "CHECKLIST_NOT_CONFIRMED"]);
  });

  it("is submitted by a manager, then confirmed once by each party derived from the caller", async () => {
    const ws = await worker.post(`/api/checklists/${listId}/submit`);
    expect(ws.status, JSON.stringify(ws.body)).toBe(403);
    expect((await baohua.post(`/api/checklists/${listId}/submit`)).status).toBe(403);
    const s = await entB.post(`/api/checklists/${listId}/submit`, { expectedVersion: 1 });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.status).toBe("confirming");
    expect((await entB.post(`/api/checklists/${listId}/submit`)).body.code).toBe("CHECKLIST_NOT_DRAFT");
    // Not parties: the safety manager, the county and city bureaus, an expert not assigned to ent-b, ent-a, the admin.
    for (const c of [entB, worker, jr, zj, expert1, entA, admin]) {
      const r = await c.post(`/api/checklists/${listId}/confirm`, {});
      expect(r.status).toBe(403);
      expect(r.body.code).toBe("CHECKLIST_NOT_PARTY");
    }
    const before = await baohua.get(`/api/checklists/${listId}`);
    expect(before.body).toMatchObject({ myParty: "township", abilities: { confirm: true, edit: false } });
    const tw = await baohua.post(`/api/checklists/${listId}/confirm`, { comment: "符合实际" });
    expect(tw.status).toBe(200);
    expect(tw.body.status).toBe("confirming");
    expect(tw.body.confirmations.township).toMatchObject({ userName: "陈晓东（宝华镇安监办）", comment: "符合实际" });
    expect((await baohua.post(`/api/checklists/${listId}/confirm`, {})).body.code).toBe("CHECKLIST_ALREADY_CONFIRMED");
    expect((await leaderB.post(`/api/checklists/${listId}/confirm`, {})).body.status).toBe("confirming");
    const last = await expert2.post(`/api/checklists/${listId}/confirm`, { comment: "同意" });
    expect(last.status).toBe(200);
    expect(last.body.status).toBe("confirmed");
    expect(Object.values(last.body.confirmations).every((c) => c !== null)).toBe(true);
    const list = await jr.get(`/api/enterprises/${entBId}/checklists`);
    expect(list.body.items.find((x: { id: string }) => x.id === listId)).toMatchObject({ status: "confirmed", itemCount: 17 });
    expect(list.body.abilities).toEqual({ create: false });
  });

  it("runs self-checks against the confirmed list; failed items become hazards (source 2)", async () => {
    const list = (await worker.get(`/api/checklists/${listId}`)).body;
    expect(list.abilities.selfCheck).toBe(true);
    const all = list.items.map((i: { id: string }) => ({ itemId: i.id, result: "pass" }));
    const url = `/api/checklists/${listId}/self-checks`;
    expect(fieldsOf((await worker.post(url, { results: all.slice(1) })).body)).toEqual(["results"]);
    expect(fieldsOf((await worker.post(url, { results: [...all, { itemId: "nope", result: "pass" }] })).body)).toEqual(["results.17.itemId"]);
    expect(fieldsOf((await worker.post(url, { results: [{ ...all[0], result: "fail" }, ...all.slice(1)] })).body)).toEqual(["results.0.note"]);
    expect((await baohua.post(url, { results: all })).status).toBe(403);
    expect((await entA.post(url, { results: all })).status).toBe(403);
    const sha = crypto.randomBytes(32).toString("hex");
    await t.db.insert(files).values({ sha256: sha, size: 1, mime: "image/jpeg", originalName: "p.jpg" });
    const [ev] = await t.db.insert(evidence).values({ enterpriseId: entBId, fileSha256: sha, receivedAt: TEST_NOW }).returning();
    const results = [
      { itemId: all[0].itemId, result: "fail", note: "承包商未纳入统一管理", evidenceIds: [ev!.id] },
      { itemId: all[1].itemId, result: "fail", note: "", hazard: { title: "叉车司机证件过期", description: "张某叉车证 2026-10 到期", dangerType: 1 } },
      { itemId: all[2].itemId, result: "na" },
      ...all.slice(3),
    ];
    const r = await worker.post(url, { results });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ failed: 2, checkedByName: "刘强（仓储班组长）" });
    expect(r.body.hazardIds).toHaveLength(2);
    const hs = await Promise.all(r.body.hazardIds.map(async (id: string) => (await t.db.select().from(hazards).where(eq(hazards.id, id)))[0]!));
    expect(hs.map((h) => [h.source, h.enterpriseId, h.status])).toEqual([
      ["2", entBId, "reported"],
      ["2", entBId, "reported"],
    ]);
    expect(hs[1]!.title).toBe("叉车司机证件过期");
    expect(hs[0]!.title).toContain("（自查不符合）");
    const [row] = await t.db.select().from(selfChecks).where(eq(selfChecks.id, r.body.id));
    expect((row!.results as { hazardId: string | null }[]).filter((x) => x.hazardId).length).toBe(2);
    const runs = await baohua.get(`/api/checklists/${listId}/self-checks`);
    expect(runs.body.items[0]).toMatchObject({ id: r.body.id, failed: 2 });
    expect((await entA.get(`/api/checklists/${listId}/self-checks`)).status).toBe(404);
  });

  it("goes back to draft and loses its confirmations when its items change (a new version)", async () => {
    const cur = (await entB.get(`/api/checklists/${listId}`)).body;
    // A name change alone keeps the confirmations.
    const renamed = await entB.patch(`/api/checklists/${listId}`, { name: "2027 版清单（修订）" });
    expect(renamed.body).toMatchObject({ status: "confirmed", version: 1, name: "2027 版清单（修订）" });
    expect((await worker.patch(`/api/checklists/${listId}`, { name: "x" })).status).toBe(403);
    expect((await baohua.patch(`/api/checklists/${listId}`, { name: "x" })).status).toBe(403);
    expect(fieldsOf((await entB.patch(`/api/checklists/${listId}`, { items: [{ id: "s99-1", content: "x" }] })).body)).toEqual(["items.0.id"]);
    expect((await entB.patch(`/api/checklists/${listId}`, { name: "y", expectedVersion: 7 })).status).toBe(409);
    const items = [...cur.items.slice(1), { content: "新增：每周检查防火卷帘" }];
    const r = await entB.patch(`/api/checklists/${listId}`, { items, expectedVersion: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: "draft", version: 2, itemCount: 17, confirmations: { enterprise: null, township: null, expert: null } });
    expect(r.body.items.at(-1)).toMatchObject({ id: "own-2", content: "新增：每周检查防火卷帘" });
    expect(r.body.items[0].templateId).toBe(INDUSTRY_TRADE_TEMPLATE_ID);
    expect(await t.db.select().from(checklistConfirmations).where(eq(checklistConfirmations.checklistId, listId))).toHaveLength(0);
    const s = await worker.post(`/api/checklists/${listId}/self-checks`, { results: [{ itemId: "s02-2", result: "pass" }] });
    expect(s.body.code).toBe("CHECKLIST_NOT_CONFIRMED");
  });

  it("is invisible outside the scope", async () => {
    expect((await entA.get(`/api/checklists/${listId}`)).status).toBe(404);
    expect((await expert1.get(`/api/checklists/${listId}`)).status).toBe(404);
    expect((await entA.get(`/api/enterprises/${entBId}/checklists`)).status).toBe(404);
    expect((await entB.get(`/api/checklists/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await entA.patch(`/api/checklists/${listId}`, { name: "z" })).status).toBe(403);
  });
});

describe("demo data", () => {
  it("has a confirmed list for ent-b, confirmed by its principal, 宝华镇 and an assigned expert", async () => {
    const [demo] = await t.db.select().from(enterpriseChecklists).where(eq(enterpriseChecklists.name, "句容宝华智运仓储物流有限公司隐患排查清单（2026 版）"));
    expect(demo).toBeDefined();
    const r = await entB.get(`/api/checklists/${demo!.id}`);
    expect(r.body.status).toBe("confirmed");
    expect(r.body.confirmations.enterprise.userName).toBe("钱卫东（主要负责人）");
    expect(r.body.confirmations.township.userName).toBe("陈晓东（宝华镇安监办）");
    expect(r.body.confirmations.expert.userName).toBe("郑海峰（安全专家）");
  });
});

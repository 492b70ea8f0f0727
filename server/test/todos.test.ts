/** 我的待办: hazards waiting for the caller, unread notices, inspections due now; marking notices read. */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controlMeasures, enterprises, inspectionInstances, inspectionTasks, notifications, riskEvents, riskObjects, riskUnits, users } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let worker: Client;
let safety: Client;
let leader: Client;
let jr: Client;
let baohua: Client;
let entA: Client;
const id = {} as Record<"entB" | "worker", string>;

interface Todos {
  counts: Record<string, number>;
  items: { id: string; kind: string; hazardId?: string; targetId?: string; notificationKind?: string; link: string | null; title: string; qrToken?: string }[];
}
const todos = async (c: Client): Promise<Todos> => {
  const r = await c.get("/api/todos");
  expect(r.status).toBe(200);
  return r.body;
};
const has = (list: Todos, kind: string, hazardId: string) => list.items.some((i) => i.kind === kind && (i.hazardId === hazardId || i.targetId === hazardId));

async function photo(c: Client) {
  const jpg = await sharp({ create: { width: 8, height: 8, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .jpeg()
    .toBuffer();
  return (await c.upload("/api/evidence", jpg, "x.jpg")).body.id as string;
}
const act = (c: Client, h: string, action: string, body: unknown) => c.post(`/api/hazards/${h}/actions/${action}`, body);
const rect = () => ({ measures: "整改", liablePerson: "刘强", rectifierUserId: id.worker, funds: 0, deadline: "2026-12-01", contingencyPlan: "警戒" });
const plan = { objectives: "a", methods: "b", fundsAndMaterials: "c", organizationAndPeople: "d", timeLimit: "e", safetyMeasures: "f" };

beforeAll(async () => {
  t = await startTestApp();
  worker = await t.as("ent.b.worker");
  safety = await t.as("ent.b");
  leader = await t.as("ent.b.leader");
  jr = await t.as("jr.yjj");
  baohua = await t.as("baohua.ajb");
  entA = await t.as("ent.a");
  id.entB = (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "句容宝华智运仓储物流有限公司")))[0]!.id;
  id.worker = (await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.b.worker")))[0]!.id;
}, 60_000);
afterAll(() => t?.close());

describe("GET /api/todos", () => {
  it("starts from the demo data: ent-b has hazards to confirm, the worker one to rectify", async () => {
    const s = await todos(safety);
    expect(s.counts.confirm).toBeGreaterThanOrEqual(2);
    const w = await todos(worker);
    expect(w.counts.rectify).toBeGreaterThanOrEqual(1);
    expect(w.counts.confirm).toBe(0);
    expect(w.items.every((i) => i.kind !== "confirm")).toBe(true);
    for (const k of ["confirm", "rectify", "accept", "approve_extension", "sign_off", "notification", "inspection", "total"])
      expect(typeof s.counts[k]).toBe("number");
    expect(s.counts.total).toBe(
      ["confirm", "rectify", "accept", "approve_extension", "sign_off", "notification", "inspection"].reduce((n, k) => n + s.counts[k]!, 0),
    );
  });

  it("follows a hazard through the people who must act on it", async () => {
    const before = await todos(safety);
    const r = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "待办测试隐患", evidenceIds: [await photo(worker)] });
    const h = r.body.id as string;
    const s1 = await todos(safety);
    expect(s1.counts.confirm).toBe(before.counts.confirm! + 1);
    const item = s1.items.find((i) => i.kind === "confirm" && i.hazardId === h)!;
    expect(item).toMatchObject({ link: `/hazards/${h}`, title: "待确认：待办测试隐患" });
    expect(has(await todos(leader), "confirm", h)).toBe(true);
    expect(has(await todos(entA), "confirm", h)).toBe(false);

    await act(safety, h, "confirm", { level: "general", dangerType: 1, manageType: "deadline", rectification: rect() });
    expect(has(await todos(safety), "confirm", h)).toBe(false);
    expect(has(await todos(worker), "rectify", h)).toBe(true);
    // Managers can rectify, but a named rectifier's work is not on their list.
    expect(has(await todos(safety), "rectify", h)).toBe(false);

    await act(worker, h, "request_extension", { newDeadline: "2026-12-15", reason: "等备件" });
    expect(has(await todos(safety), "approve_extension", h)).toBe(true);
    expect(has(await todos(worker), "approve_extension", h)).toBe(false);
    await act(leader, h, "approve_extension", {});
    expect(has(await todos(safety), "approve_extension", h)).toBe(false);

    await act(worker, h, "submit_rectification", { note: "已整改", evidenceIds: [await photo(worker)] });
    expect(has(await todos(worker), "rectify", h)).toBe(false);
    expect(has(await todos(worker), "accept", h)).toBe(false);
    expect(has(await todos(safety), "accept", h)).toBe(true);
    expect(has(await todos(leader), "accept", h)).toBe(true);
    await act(safety, h, "accept", { comment: "通过" });
    for (const c of [safety, leader, worker]) expect((await todos(c)).items.some((i) => i.hazardId === h && i.kind !== "notification")).toBe(false);
  });

  it("shows the major-hazard report to the township and district bodies, and sign-off to the supervising one", async () => {
    const r = await worker.post("/api/hazards", { enterpriseId: id.entB, title: "重大隐患待办", evidenceIds: [await photo(worker)] });
    const h = r.body.id as string;
    await act(safety, h, "confirm", {
      level: "major",
      dangerType: 1,
      manageType: "deadline",
      standardItemCode: "gm2023-3-1",
      governancePlan: plan,
      rectification: rect(),
    });
    for (const c of [jr, baohua]) {
      const list = await todos(c);
      const n = list.items.find((i) => i.kind === "notification" && i.targetId === h);
      expect(n).toMatchObject({ notificationKind: "major_hazard", link: `/hazards/${h}` });
      expect(n!.title).toContain("重大隐患待办");
    }
    expect((await todos(await t.as("zj.yjj"))).items.some((i) => i.targetId === h)).toBe(false);

    await act(jr, h, "supervise", { note: "挂牌督办" });
    expect((await todos(leader)).items.some((i) => i.kind === "notification" && i.notificationKind === "supervision" && i.targetId === h)).toBe(true);
    await act(worker, h, "submit_rectification", { note: "治理完成", evidenceIds: [await photo(worker)] });
    await act(leader, h, "accept", { comment: "企业验收" });
    expect(has(await todos(jr), "sign_off", h)).toBe(true);
    expect(has(await todos(baohua), "sign_off", h)).toBe(false);
    expect(has(await todos(leader), "sign_off", h)).toBe(false);
    await act(jr, h, "sign_off", { comment: "核销" });
    expect(has(await todos(jr), "sign_off", h)).toBe(false);
  });

  it("lists inspections due now: the assignee's own, and unassigned ones for the managers", async () => {
    const now = t.clock.now.getTime();
    // The demo data may hold inspections of its own: compare with the lists before.
    const w0 = await todos(worker);
    const s0 = await todos(safety);
    const [obj] = await t.db.insert(riskObjects).values({ enterpriseId: id.entB, kind: "storage", name: "3 号库" }).returning();
    const [unit] = await t.db
      .insert(riskUnits)
      .values({ enterpriseId: id.entB, objectId: obj!.id, name: "货架区", qrToken: `qr-${crypto.randomUUID()}` })
      .returning();
    const [ev] = await t.db.insert(riskEvents).values({ enterpriseId: id.entB, unitId: unit!.id, name: "货架倒塌" }).returning();
    const [m] = await t.db
      .insert(controlMeasures)
      .values({ enterpriseId: id.entB, unitId: unit!.id, eventId: ev!.id, description: "检查货架立柱", classify1: "1", classify2: "1-2", controlLevel: "班组" })
      .returning();
    const [task] = await t.db
      .insert(inspectionTasks)
      .values({
        enterpriseId: id.entB,
        unitId: unit!.id,
        measureId: m!.id,
        content: "检查货架立柱有无变形",
        cycle: 1,
        cycleUnit: "day",
        startAt: new Date(now - 86_400_000),
      })
      .returning();
    const inst = (assigneeUserId: string | null, from: number, to: number, status = "pending") => ({
      enterpriseId: id.entB,
      taskId: task!.id,
      unitId: unit!.id,
      assigneeUserId,
      dueFrom: new Date(now + from * 3600_000),
      dueTo: new Date(now + to * 3600_000),
      status,
    });
    const rows = await t.db
      .insert(inspectionInstances)
      .values([inst(id.worker, -1, 5), inst(null, -2, 6), inst(id.worker, 5, 10), inst(id.worker, -10, -2), inst(id.worker, -3, 3, "done")])
      .returning({ id: inspectionInstances.id });
    const [workersNow, unassignedNow] = rows.map((r) => r.id);
    const mine = (list: Todos) => list.items.filter((i) => i.kind === "inspection" && rows.some((r) => r.id === i.id)).map((i) => i.id);
    const w = await todos(worker);
    expect(mine(w)).toEqual([workersNow]);
    expect(w.counts.inspection).toBe(w0.counts.inspection! + 1);
    expect(w.items.find((i) => i.id === workersNow)).toMatchObject({ qrToken: unit!.qrToken, link: `/m/u/${unit!.qrToken}` });
    const s = await todos(safety);
    expect(mine(s)).toEqual([unassignedNow]);
    expect(s.counts.inspection).toBe(s0.counts.inspection! + 1);
    expect((await todos(entA)).items.some((i) => i.kind === "inspection" && rows.some((r) => r.id === i.id))).toBe(false);
  });
});

describe("POST /api/notifications/:id/read", () => {
  it("marks a body's notice read for all its officials, and hides others' notices (404)", async () => {
    const r = await jr.post("/api/hazards", { enterpriseId: id.entB, title: "通知已读测试", level: "major" });
    const list = await todos(baohua);
    const n = list.items.find((i) => i.kind === "notification" && i.targetId === r.body.id)!;
    expect((await leader.post(`/api/notifications/${n.id}/read`)).status).toBe(404);
    expect((await baohua.post(`/api/notifications/not-an-id/read`)).status).toBe(404);
    const read = await baohua.post(`/api/notifications/${n.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ id: n.id, readAt: t.clock.now.toISOString() });
    expect((await todos(baohua)).items.some((i) => i.id === n.id)).toBe(false);
    // The district's own notice stays unread until someone there reads it.
    const jrList = await todos(jr);
    expect(jrList.items.some((i) => i.kind === "notification" && i.targetId === r.body.id)).toBe(true);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, n.id));
    expect(row!.readAt).toEqual(t.clock.now);
    // Reading twice keeps the first time.
    expect((await baohua.post(`/api/notifications/${n.id}/read`)).body.readAt).toBe(t.clock.now.toISOString());
  });
});

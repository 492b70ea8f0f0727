/**
 * 履职事项: catalogue, an enterprise's year with plan and period statuses, plans (compare-and-set), completions with
 * files, the alarm job (no plan after the deadline, overdue periods; exactly the expected alarms as the clock passes a
 * due date, resolved after a completion or plan, idempotent), the alarm list and the regulator's summary.
 */
import crypto from "node:crypto";
import { and, eq, isNull, like, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUTY_CATALOGUE } from "@anguan/domain";
import { dutyAlarms, dutyCompletions, dutyPlans, enterprises, notifications, regions, users } from "../src/db/schema";
import { raiseDutyAlarms } from "../src/features/duties/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let leaderA: Client;
let safetyA: Client;
let staffA: Client;
let entB: Client;
let zj: Client;
let jr: Client;
let expert: Client;
const id = {} as Record<"entA" | "entB" | "uLeader" | "uSafety", string>;
const cfg = () => t.app.ctx.config;

const openAlarms = async (enterpriseId: string) =>
  (
    await t.db
      .select({ code: dutyAlarms.dutyCode, key: dutyAlarms.periodKey, kind: dutyAlarms.kind })
      .from(dutyAlarms)
      .where(and(eq(dutyAlarms.enterpriseId, enterpriseId), isNull(dutyAlarms.resolvedAt)))
  )
    .map((a) => `${a.kind}:${a.code}:${a.key}`)
    .sort();
const dutyNotices = async (enterpriseId: string) =>
  t.db
    .select({ userId: notifications.userId, title: notifications.title, targetId: notifications.targetId })
    .from(notifications)
    .where(and(eq(notifications.kind, "duty_alarm"), eq(notifications.enterpriseId, enterpriseId)));

beforeAll(async () => {
  t = await startTestApp();
  [leaderA, safetyA, staffA, entB, zj, jr, expert] = (await Promise.all(
    ["ent.a", "ent.a.safety", "ent.a.team", "ent.b", "zj.yjj", "jr.yjj", "expert1"].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  const ent = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  id.entA = await ent("镇江华泰化工有限公司");
  id.entB = await ent("句容宝华智运仓储物流有限公司");
  const user = async (u: string) => (await t.db.select({ id: users.id }).from(users).where(eq(users.username, u)))[0]!.id;
  id.uLeader = await user("ent.a");
  id.uSafety = await user("ent.a.safety");
}, 60_000);
afterAll(() => t?.close());

describe("catalogue and the enterprise's year", () => {
  it("lists the catalogue with cycles and legal basis", async () => {
    const r = await staffA.get("/api/duties/catalogue");
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(DUTY_CATALOGUE.length);
    const byCode = Object.fromEntries(r.body.map((d: { code: string }) => [d.code, d]));
    expect(byCode.drill_onsite).toMatchObject({ cycle: "semiannual", cycleName: "每半年", subject: "enterprise" });
    expect(byCode.major_hazard_principal).toMatchObject({ cycle: "quarterly", subject: "major_hazard", appliesTo: { majorHazardOnly: true } });
    expect(byCode.training_plan.basis).toContain("第二十八条");
  });

  it("shows every applicable duty with its plan and period statuses on 2026-11-23", async () => {
    const [a] = await t.db.select().from(enterprises).where(eq(enterprises.id, id.entA));
    // Preconditions of the hand-counted figures below.
    expect(a!.sector).toBe("hazchem_production");
    expect(a!.hasMajorHazard).toBe(true);
    const r = await leaderA.get(`/api/duties?enterpriseId=${id.entA}&year=2026`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items).toHaveLength(13);
    expect(r.body.planDeadline).toBe("2026-01-31");
    const by = Object.fromEntries(r.body.items.map((i: { code: string }) => [i.code, i]));
    expect(by.rules_and_procedures.plan).toBeNull();
    expect(by.rules_and_procedures.noPlan).toBe(true);
    const tech = by.major_hazard_technical;
    expect(tech.plan).not.toBeNull();
    expect(tech.periods).toHaveLength(12);
    const st = Object.fromEntries(tech.periods.map((p: { key: string; status: string }) => [p.key, p.status]));
    expect(st["2026-09"]).toBe("done");
    expect(st["2026-10"]).toBe("overdue");
    // Due 2026-11-30, seven days ahead: "due".
    expect(st["2026-11"]).toBe("due");
    expect(st["2026-12"]).toBe("pending");
    expect(by.drill_onsite.periods.map((p: { key: string; due: string; status: string }) => [p.key, p.due, p.status])).toEqual([
      ["2026-H1", "2026-05-20", "done"],
      ["2026-H2", "2026-11-10", "done"],
    ]);
    expect(r.body.abilities.edit).toBe(true);
    expect((await staffA.get(`/api/duties?enterpriseId=${id.entA}`)).body.abilities.edit).toBe(false);
    expect((await entB.get(`/api/duties?enterpriseId=${id.entA}`)).status).toBe(404);
    // Enterprise B (logistics, no major hazard): the nine duties of every sector.
    const b = await entB.get("/api/duties");
    expect(b.body.items).toHaveLength(9);
  });
});

describe("the alarm job", () => {
  it("raises exactly no plan + the overdue period for A, nine no-plan alarms for B, and notifies A's leader and safety manager", async () => {
    const raised = await raiseDutyAlarms(t.db, TEST_NOW, cfg());
    expect(raised).toBeGreaterThan(0);
    expect(await openAlarms(id.entA)).toEqual(["no_plan:rules_and_procedures:2026", "overdue:major_hazard_technical:2026-10"]);
    expect((await openAlarms(id.entB)).length).toBe(9);
    expect((await openAlarms(id.entB)).every((a) => a.startsWith("no_plan:") && a.endsWith(":2026"))).toBe(true);
    const notes = await dutyNotices(id.entA);
    expect(notes.map((n) => n.userId).sort()).toEqual([id.uLeader, id.uLeader, id.uSafety, id.uSafety].sort());
    expect(notes.map((n) => n.title).sort()).toEqual(
      [
        "履职预警：组织制定并实施安全生产规章制度和操作规程（2026年）未制定计划",
        "履职预警：组织制定并实施安全生产规章制度和操作规程（2026年）未制定计划",
        "履职预警：重大危险源技术负责人包保检查（2026年10月）逾期未完成",
        "履职预警：重大危险源技术负责人包保检查（2026年10月）逾期未完成",
      ].sort(),
    );
  });

  it("a second run raises nothing and sends nothing", async () => {
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.kind, "duty_alarm")))[0]!.n;
    expect(await raiseDutyAlarms(t.db, TEST_NOW, cfg())).toBe(0);
    const after = (await t.db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(eq(notifications.kind, "duty_alarm")))[0]!.n;
    expect(after).toBe(before);
  });

  it("raises the next monthly period exactly when its due date passes (Beijing midnight)", async () => {
    // 2026-11-30 23:59:59 Beijing: the November period is still due today.
    expect(await raiseDutyAlarms(t.db, new Date("2026-11-30T15:59:59Z"), cfg())).toBeGreaterThanOrEqual(0);
    expect(await openAlarms(id.entA)).toEqual(["no_plan:rules_and_procedures:2026", "overdue:major_hazard_technical:2026-10"]);
    // 2026-12-01 00:00 Beijing.
    await raiseDutyAlarms(t.db, new Date("2026-11-30T16:00:00Z"), cfg());
    expect(await openAlarms(id.entA)).toEqual([
      "no_plan:rules_and_procedures:2026",
      "overdue:major_hazard_technical:2026-10",
      "overdue:major_hazard_technical:2026-11",
    ]);
    expect((await dutyNotices(id.entA)).filter((n) => n.title.includes("2026年11月"))).toHaveLength(2);
  });

  it("a completion resolves its overdue alarm; a plan resolves the no-plan alarm; the job does not raise them again", async () => {
    const c = await safetyA.post("/api/duties/major_hazard_technical/completions", {
      enterpriseId: id.entA,
      periodKey: "2026-10",
      completedOn: "2026-11-20",
      note: "10 月包保排查补录",
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ periodKey: "2026-10", periodLabel: "2026年10月", completedOn: "2026-11-20", recordedByName: "周海涛（安全管理员）" });
    const p = await leaderA.request("PUT", "/api/duties/rules_and_procedures/plan", {
      body: { enterpriseId: id.entA, year: 2026, planText: "12 月底前评审修订规章制度", ownerName: "赵国强", schedule: { "2026": "2026-12-28" } },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body).toMatchObject({ version: 1, schedule: { "2026": "2026-12-28" }, ownerName: "赵国强" });
    expect(await openAlarms(id.entA)).toEqual(["overdue:major_hazard_technical:2026-11"]);
    await raiseDutyAlarms(t.db, new Date("2026-11-30T16:00:00Z"), cfg());
    expect(await openAlarms(id.entA)).toEqual(["overdue:major_hazard_technical:2026-11"]);
    // The view agrees.
    const v = await leaderA.get(`/api/duties?enterpriseId=${id.entA}&year=2026`);
    const tech = v.body.items.find((i: { code: string }) => i.code === "major_hazard_technical");
    expect(tech.periods.find((x: { key: string }) => x.key === "2026-10")).toMatchObject({ status: "done", completion: { note: "10 月包保排查补录" } });
    // The November alarm (raised at the Dec 1 run above) is still open.
    expect(tech.openAlarms).toBe(1);
  });

  it("the job itself resolves alarms whose condition has gone (a plan recorded another way)", async () => {
    const [b] = await t.db.select().from(enterprises).where(eq(enterprises.id, id.entB));
    await t.db.insert(dutyPlans).values({
      enterpriseId: b!.id,
      regionPath: b!.regionPath,
      sector: b!.sector,
      dutyCode: "training_plan",
      year: 2026,
      planText: "年度培训计划",
      ownerName: "孙静",
      submittedBy: id.uSafety,
      submittedAt: TEST_NOW,
      updatedAt: TEST_NOW,
    });
    expect(await openAlarms(id.entB)).toContain("no_plan:training_plan:2026");
    await raiseDutyAlarms(t.db, TEST_NOW, cfg());
    expect(await openAlarms(id.entB)).not.toContain("no_plan:training_plan:2026");
    expect(await openAlarms(id.entB)).toHaveLength(8);
    const [al] = await t.db
      .select()
      .from(dutyAlarms)
      .where(and(eq(dutyAlarms.enterpriseId, id.entB), eq(dutyAlarms.dutyCode, "training_plan")));
    expect(al!.resolvedAt?.toISOString()).toBe(TEST_NOW.toISOString());
  });

  it("no plan for the new year only after the plan deadline (01-31), then for every applicable duty", async () => {
    const no2027 = async () => (await openAlarms(id.entA)).filter((a) => a.startsWith("no_plan:") && a.endsWith(":2027"));
    await raiseDutyAlarms(t.db, new Date("2027-01-31T15:59:59Z"), cfg());
    expect(await no2027()).toEqual([]);
    await raiseDutyAlarms(t.db, new Date("2027-01-31T16:00:00Z"), cfg());
    expect(await no2027()).toHaveLength(13);
    // Last year's December period of the monthly duty became overdue on 2027-01-01.
    expect(await openAlarms(id.entA)).toContain("overdue:major_hazard_technical:2026-12");
  });
});

describe("plans and completions", () => {
  it("compare-and-set on version; schedule keys of the cycle; unknown duty 404; duty not applicable 400", async () => {
    const first = await safetyA.request("PUT", "/api/duties/major_hazard_technical/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "每月排查", ownerName: "孙海涛", schedule: { "2027-01": "2027-01-25" } },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await safetyA.request("PUT", "/api/duties/major_hazard_technical/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "每月排查（修订）", ownerName: "孙海涛" },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("VERSION_CONFLICT");
    const stale = await safetyA.request("PUT", "/api/duties/major_hazard_technical/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "x", ownerName: "孙海涛", version: 7 },
    });
    expect(stale.status).toBe(409);
    const ok = await safetyA.request("PUT", "/api/duties/major_hazard_technical/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "每月排查（修订）", ownerName: "孙海涛", version: 1 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const badKey = await safetyA.request("PUT", "/api/duties/training_plan/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "x", ownerName: "y", schedule: { "2027-Q1": "2027-03-01" } },
    });
    expect(badKey.status).toBe(400);
    expect(badKey.body.fields[0].field).toBe("schedule.2027-Q1");
    const lateDay = await safetyA.request("PUT", "/api/duties/leader_inspection/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "x", ownerName: "y", schedule: { "2027-Q1": "2027-04-01" } },
    });
    expect(lateDay.status).toBe(400);
    expect(lateDay.body.fields[0].field).toBe("schedule.2027-Q1");
    const unknown = await safetyA.request("PUT", "/api/duties/no_such_duty/plan", {
      body: { enterpriseId: id.entA, year: 2027, planText: "x", ownerName: "y" },
    });
    expect(unknown.status).toBe(404);
    const na = await entB.request("PUT", "/api/duties/major_hazard_principal/plan", {
      body: { enterpriseId: id.entB, year: 2026, planText: "x", ownerName: "y" },
    });
    expect(na.status).toBe(400);
    expect(na.body.fields[0].field).toBe("code");
    const foreignOwner = await safetyA.request("PUT", "/api/duties/training_plan/plan", {
      body: {
        enterpriseId: id.entA,
        year: 2027,
        planText: "x",
        ownerName: "y",
        ownerUserId: (await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.b")))[0]!.id,
      },
    });
    expect(foreignOwner.status).toBe(400);
    expect(foreignOwner.body.fields[0].field).toBe("ownerUserId");
  });

  it("only managers write: staff, regulators, experts and other enterprises get 403", async () => {
    const bodyOf = { enterpriseId: id.entA, year: 2027, planText: "x", ownerName: "y" };
    for (const c of [staffA, zj, expert, entB]) {
      const r = await c.request("PUT", "/api/duties/training_plan/plan", { body: bodyOf });
      expect(r.status).toBe(403);
      const k = await c.post("/api/duties/training_plan/completions", { enterpriseId: id.entA, periodKey: "2026", completedOn: "2026-11-01" });
      expect(k.status).toBe(403);
    }
  });

  it("completion: period key of the cycle, not in the future, files must exist, once per period", async () => {
    const bad = await safetyA.post("/api/duties/leader_inspection/completions", { enterpriseId: id.entA, periodKey: "2026-11", completedOn: "2026-11-20" });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("periodKey");
    const future = await safetyA.post("/api/duties/leader_inspection/completions", { enterpriseId: id.entA, periodKey: "2026-Q4", completedOn: "2026-11-24" });
    expect(future.status).toBe(400);
    expect(future.body.fields[0].field).toBe("completedOn");
    const before = await safetyA.post("/api/duties/leader_inspection/completions", { enterpriseId: id.entA, periodKey: "2026-Q4", completedOn: "2026-09-30" });
    expect(before.status).toBe(400);
    expect(before.body.fields[0].field).toBe("completedOn");
    const ghost = await safetyA.post("/api/duties/leader_inspection/completions", {
      enterpriseId: id.entA,
      periodKey: "2026-Q4",
      completedOn: "2026-11-20",
      files: [{ sha256: "a".repeat(64), name: "记录.pdf" }],
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.fields[0].field).toBe("files.0.sha256");
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
      .png()
      .toBuffer();
    const f = await safetyA.upload("/api/files", png, "排查记录.png");
    expect(f.status).toBe(201);
    const ok = await safetyA.post("/api/duties/leader_inspection/completions", {
      enterpriseId: id.entA,
      periodKey: "2026-Q4",
      completedOn: "2026-11-20",
      files: [{ sha256: f.body.sha256, name: "排查记录.png" }],
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.files).toEqual([{ sha256: f.body.sha256, name: "排查记录.png" }]);
    const dup = await safetyA.post("/api/duties/leader_inspection/completions", { enterpriseId: id.entA, periodKey: "2026-Q4", completedOn: "2026-11-21" });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("COMPLETION_EXISTS");
    expect(
      await t.db
        .select()
        .from(dutyCompletions)
        .where(and(eq(dutyCompletions.enterpriseId, id.entA), eq(dutyCompletions.periodKey, "2026-Q4"), eq(dutyCompletions.dutyCode, "leader_inspection"))),
    ).toHaveLength(1);
  });
});

describe("alarms list and the regulator's summary", () => {
  it("lists alarms in scope only", async () => {
    const a = await leaderA.get("/api/duty-alarms?open=true&pageSize=200");
    expect(a.status).toBe(200);
    expect(a.body.items.length).toBeGreaterThan(0);
    expect(a.body.items.every((x: { enterpriseId: string }) => x.enterpriseId === id.entA)).toBe(true);
    const item = a.body.items.find((x: { periodKey: string; dutyCode: string }) => x.dutyCode === "major_hazard_technical" && x.periodKey === "2026-11");
    expect(item).toMatchObject({
      kind: "overdue",
      kindName: "逾期未完成",
      dutyName: "重大危险源技术负责人包保检查",
      periodLabel: "2026年11月",
      enterpriseName: "镇江华泰化工有限公司",
    });
    const j = await jr.get(`/api/duty-alarms?enterpriseId=${id.entA}`);
    expect(j.status).toBe(404);
    const jAll = await jr.get("/api/duty-alarms?pageSize=500");
    expect(jAll.body.items.some((x: { enterpriseId: string }) => x.enterpriseId === id.entA)).toBe(false);
    expect(jAll.body.items.some((x: { enterpriseId: string }) => x.enterpriseId === id.entB)).toBe(true);
  });

  it("summary for 镇江市: every operating enterprise in scope, A with one duty unplanned", async () => {
    const r = await zj.get("/api/duties/summary?year=2026&pageSize=500");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [zjRegion] = await t.db.select().from(regions).where(eq(regions.code, "321100"));
    const [n] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(enterprises)
      .where(and(like(enterprises.regionPath, `${zjRegion!.path}%`), eq(enterprises.operatingStatus, "operating")));
    expect(r.body.totals.enterprises).toBe(n!.n);
    expect(r.body.total).toBe(n!.n);
    const a = r.body.enterprises.find((e: { id: string }) => e.id === id.entA);
    // After the tests above rules_and_procedures has its plan: 13 of 13.
    expect(a).toMatchObject({ duties: 13, planned: 13, noPlan: 0 });
    const b = r.body.enterprises.find((e: { id: string }) => e.id === id.entB);
    expect(b).toMatchObject({ duties: 9, planned: 1, noPlan: 8 });
    expect(r.body.totals.withAllPlans).toBeGreaterThanOrEqual(1);
    expect(r.body.regions.reduce((s: number, x: { enterprises: number }) => s + x.enterprises, 0)).toBe(n!.n);
    const jrs = await jr.get("/api/duties/summary?year=2026&pageSize=500");
    expect(jrs.body.enterprises.some((e: { id: string }) => e.id === id.entA)).toBe(false);
    expect((await jr.get("/api/duties/summary?regionCode=321191")).status).toBe(404);
    expect((await jr.get("/api/duties/summary?regionCode=999999")).status).toBe(400);
  });
});

import { count, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, enterprises } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
let jr: Client;
let entId: string;
let originalAddress: string;
const t0 = new Date();

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  jr = await t.as("jr.yjj");
  const [e] = await t.db.select().from(enterprises).where(eq(enterprises.name, "句容宝华智运仓储物流有限公司"));
  entId = e!.id;
  originalAddress = e!.address;
  t0.setTime(t.clock.now.getTime());
});
afterAll(() => t.close());

const STEP = 10 * 60_000; // below the 30-minute idle limit, so sessions stay alive
type Entry = { id: number; at: string; actorName: string; action: string; targetType: string; targetId: string; before: any; after: any; hash: string };

describe("audit events", () => {
  it("records a write with actor, time, target and before/after", async () => {
    t.clock.now = new Date(t0.getTime() + 1 * STEP);
    const r = await jr.patch(`/api/enterprises/${entId}`, { address: "审计测试地址 1 号", employeeCount: 99 });
    expect(r.status).toBe(200);
    const list = await admin.get("/api/audit?action=enterprise.update&targetType=enterprise");
    expect(list.status).toBe(200);
    const e = list.body.items[0] as Entry;
    expect(e).toMatchObject({
      at: t.clock.now.toISOString(),
      actorName: "李明（句容市应急管理局）",
      action: "enterprise.update",
      targetType: "enterprise",
      targetId: entId,
    });
    expect(e.before.address).toBe(originalAddress);
    expect(e.after.address).toBe("审计测试地址 1 号");
    expect(e.after.employeeCount).toBe(99);
    expect(e.after.version).toBe(e.before.version + 1);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records a user creation without the password hash", async () => {
    t.clock.now = new Date(t0.getTime() + 2 * STEP);
    const orgs = await admin.get("/api/organizations?kind=gov");
    const org = orgs.body.items.find((o: { name: string }) => o.name === "句容市应急管理局");
    const r = await admin.post("/api/users", { username: "audit.user", displayName: "审计测试员", password: "Audit#2026x", role: "regulator", orgId: org.id });
    expect(r.status).toBe(201);
    const list = await admin.get("/api/audit?targetType=user");
    const e = list.body.items[0] as Entry;
    expect(e).toMatchObject({ action: "user.create", actorName: "系统管理员", targetId: r.body.id, before: null });
    expect(e.after.username).toBe("audit.user");
    expect(JSON.stringify(e)).not.toMatch(/passwordHash|argon2|Audit#2026x/);
  });

  it("filters by actor, action prefix, target type and time, newest first, with a total", async () => {
    t.clock.now = new Date(t0.getTime() + 3 * STEP);
    const lic = await jr.post(`/api/enterprises/${entId}/licences`, { type: "other", number: "AUDIT-1" });
    expect(lic.status).toBe(201);
    const all = (await t.db.select().from(auditEvents).orderBy(desc(auditEvents.id))) as (typeof auditEvents.$inferSelect)[];

    const byActor = await admin.get(`/api/audit?actor=${encodeURIComponent("李明")}&pageSize=200`);
    const expectedActor = all.filter((e) => e.actorName.includes("李明"));
    expect(byActor.body.total).toBe(expectedActor.length);
    expect(byActor.body.items.map((e: Entry) => e.id)).toEqual(expectedActor.map((e) => e.id));
    expect(byActor.body.items.map((e: Entry) => e.action)).toEqual(["licences.create", "enterprise.update"]);

    const byAction = await admin.get("/api/audit?action=licences");
    expect(byAction.body.items.map((e: Entry) => e.action)).toEqual(["licences.create"]);
    expect(byAction.body.items[0].after.number).toBe("AUDIT-1");

    const byType = await admin.get("/api/audit?targetType=licences");
    expect(byType.body.total).toBe(1);

    const from = new Date(t0.getTime() + 1.5 * STEP).toISOString();
    const to = new Date(t0.getTime() + 2.5 * STEP).toISOString();
    const window = await admin.get(`/api/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(window.body.items.map((e: Entry) => e.action)).toEqual(["user.create"]);
    const since = await admin.get(`/api/audit?from=${encodeURIComponent(from)}`);
    expect(since.body.items.map((e: Entry) => e.action)).toEqual(["licences.create", "user.create"]);

    const page2 = await admin.get("/api/audit?pageSize=2&page=2");
    expect(page2.body.total).toBe(all.length);
    expect(page2.body.items.map((e: Entry) => e.id)).toEqual(all.slice(2, 4).map((e) => e.id));

    expect((await admin.get("/api/audit?from=yesterday")).status).toBe(400);
  });

  it("verifies the whole chain", async () => {
    const r = await admin.get("/api/audit/verify");
    expect(r.status).toBe(200);
    const [n] = await t.db.select({ n: count() }).from(auditEvents);
    expect(r.body).toMatchObject({ ok: true, checked: n!.n, firstBrokenId: null });
  });

  it("is for administrators only", async () => {
    for (const u of ["jr.yjj", "zj.yjj", "ent.a", "expert1"]) {
      const c = u === "jr.yjj" ? jr : await t.as(u);
      for (const url of ["/api/audit", "/api/audit/verify"]) {
        const r = await c.get(url);
        expect(r.status, `${u} ${url}`).toBe(403);
        expect(r.body.code).toBe("FORBIDDEN");
      }
    }
    expect((await t.anonymous().get("/api/audit")).status).toBe(401);
  });
});

describe("tamper detection", () => {
  // These tests damage the chain; they run last.
  it("detects a changed row and names it; restoring the content heals it", async () => {
    const [target] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "enterprise.update")).orderBy(desc(auditEvents.id)).limit(1);
    const original = target!.after;
    await t.db.execute(sql`UPDATE audit_events SET after = jsonb_set(after, '{address}', '"被篡改的地址"') WHERE id = ${target!.id}`);
    const r = await admin.get("/api/audit/verify");
    expect(r.body.ok).toBe(false);
    expect(r.body.firstBrokenId).toBe(target!.id);
    const [earlier] = await t.db.select({ n: count() }).from(auditEvents).where(sql`${auditEvents.id} < ${target!.id}`);
    expect(r.body.checked).toBe(earlier!.n);
    expect(r.body.reason).toMatch(/篡改/);
    // put the same content back (jsonb may reorder keys; the hash is over canonical JSON)
    await t.db.execute(sql`UPDATE audit_events SET after = ${JSON.stringify(original)}::jsonb WHERE id = ${target!.id}`);
    expect((await admin.get("/api/audit/verify")).body.ok).toBe(true);
  });

  it("detects a changed actor or time", async () => {
    const [target] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, "user.create")).limit(1);
    await t.db.execute(sql`UPDATE audit_events SET actor_name = '别人' WHERE id = ${target!.id}`);
    expect((await admin.get("/api/audit/verify")).body).toMatchObject({ ok: false, firstBrokenId: target!.id });
    await t.db.execute(sql`UPDATE audit_events SET actor_name = ${target!.actorName}, at = at + interval '1 second' WHERE id = ${target!.id}`);
    expect((await admin.get("/api/audit/verify")).body).toMatchObject({ ok: false, firstBrokenId: target!.id });
    await t.db.execute(sql`UPDATE audit_events SET at = at - interval '1 second' WHERE id = ${target!.id}`);
    expect((await admin.get("/api/audit/verify")).body.ok).toBe(true);
  });

  it("detects a deleted row in the middle, at the row after it", async () => {
    const ids = (await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(auditEvents.id)).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const middle = ids[Math.floor(ids.length / 2)]!;
    const next = ids[ids.indexOf(middle) + 1]!;
    await t.db.execute(sql`DELETE FROM audit_events WHERE id = ${middle}`);
    const r = await admin.get("/api/audit/verify");
    expect(r.body.ok).toBe(false);
    expect(r.body.firstBrokenId).toBe(next);
    expect(r.body.checked).toBe(ids.indexOf(middle));
    expect(r.body.reason).toMatch(/删除/);
  });
});

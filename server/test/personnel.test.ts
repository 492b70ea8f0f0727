/**
 * Personnel registry API (docs/steward.md "Personnel registry"): people with masked identity numbers, logins and
 * teams of the same enterprise, optimistic versions; certificates with computed states, unique numbers and scans;
 * the reminder list and the key-group summary; teams and their leader's login; the training record as Excel; the
 * certificate reminder job (once per certificate and state). Scope and roles along the way.
 */
import crypto from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import ExcelJS from "exceljs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, certificates, enterprises, notifications, personnel, users } from "../src/db/schema";
import { remindExpiringCertificates } from "../src/features/personnel/jobs";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
let entA: Client; // enterprise_leader of 镇江华泰化工 (entA)
let entB: Client; // enterprise_safety of 句容宝华智运仓储物流 (entB)
let entBLeader: Client;
let worker: Client; // enterprise_staff of entB
let zj: Client; // 镇江市应急管理局 (both)
let jr: Client; // 句容市应急管理局 (entB only)
let expert: Client; // assigned entA
let entAId: string;
let entBId: string;
const userIds: Record<string, string> = {};

const tag = () => crypto.randomBytes(3).toString("hex");
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();
const VALID_ID = "321102198503120013";
const VALID_ID_X = "11010519491231002X";

async function png() {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .png()
    .toBuffer();
}

async function person(c: Client, enterpriseId: string, body: Record<string, unknown> = {}) {
  const r = await c.post("/api/personnel", { enterpriseId, name: `测试人员-${tag()}`, kind: "employee", ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; version: number; name: string; userId: string | null };
}

/** The active person whose login is `username`, created when the demo seed has none. */
async function personWithLogin(c: Client, enterpriseId: string, username: string) {
  const [p] = await t.db
    .select()
    .from(personnel)
    .where(and(eq(personnel.userId, userIds[username]!), eq(personnel.active, true)));
  if (p) return { id: p.id, version: p.version, name: p.name, userId: p.userId };
  return person(c, enterpriseId, { userId: userIds[username] });
}

async function cert(c: Client, personId: string, body: Record<string, unknown>) {
  const r = await c.post(`/api/personnel/${personId}/certificates`, { number: `Z-${tag()}`, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; state: string; validUntil: string };
}

beforeAll(async () => {
  t = await startTestApp();
  [admin, entA, entB, entBLeader, worker, zj, jr, expert] = (await Promise.all(
    ["admin", "ent.a", "ent.b", "ent.b.leader", "ent.b.worker", "zj.yjj", "jr.yjj", "expert1"].map((u) => t.as(u)),
  )) as Client[] as [Client, Client, Client, Client, Client, Client, Client, Client];
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
  for (const u of await t.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ["ent.a", "ent.b", "ent.b.leader", "ent.b.worker", "zj.yjj"])))
    userIds[u.username] = u.id;
}, 60_000);
afterAll(() => t?.close());

describe("people", () => {
  it("registers a person with the identity number stored masked only, and refuses a wrong one on idNumber", async () => {
    const r = await entA.post("/api/personnel", {
      enterpriseId: entAId,
      name: "测试焊工甲",
      kind: "employee",
      idNumber: VALID_ID,
      phone: "13800000001",
      department: "检修车间",
      post: "焊工",
      keyGroup: "special_operation",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      enterpriseId: entAId,
      enterpriseName: "镇江华泰化工有限公司",
      name: "测试焊工甲",
      idNumberMasked: "321102********0013",
      post: "焊工",
      keyGroup: "special_operation",
      active: true,
      version: 1,
      certificates: [],
      certState: "none",
      trainingRecords: [],
    });
    expect(JSON.stringify(r.body)).not.toContain("19850312");
    const [row] = await t.db.select().from(personnel).where(eq(personnel.id, r.body.id));
    expect(JSON.stringify(row)).not.toContain(VALID_ID);
    expect(row!.idNumberMasked).toBe("321102********0013");
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "person.create"), eq(auditEvents.targetId, r.body.id)));
    expect(JSON.stringify(audit!.after)).not.toContain(VALID_ID);

    const lower = await person(entA, entAId, { idNumber: VALID_ID_X.toLowerCase() });
    expect((await entA.get(`/api/personnel/${lower.id}`)).body.idNumberMasked).toBe("110105********002X");

    for (const bad of ["321102198503120014", "32110219850312001", "321102198502300017"]) {
      const b = await entA.post("/api/personnel", { enterpriseId: entAId, name: "错号", idNumber: bad });
      expect([b.status, fieldsOf(b.body)], bad).toEqual([400, ["idNumber"]]);
    }
    const noCompany = await entA.post("/api/personnel", { enterpriseId: entAId, name: "承包商", kind: "contractor" });
    expect([noCompany.status, fieldsOf(noCompany.body)]).toEqual([400, ["contractorCompany"]]);
    const contractor = await person(entA, entAId, { kind: "contractor", contractorCompany: "镇江安达建设工程有限公司" });
    expect((await entA.get(`/api/personnel/${contractor.id}`)).body).toMatchObject({ kind: "contractor", contractorCompany: "镇江安达建设工程有限公司" });
  });

  it("links a login of the same enterprise only, once per active person", async () => {
    const foreign = await entA.post("/api/personnel", { enterpriseId: entAId, name: "跨企业账号", userId: userIds["ent.b.worker"] });
    expect([foreign.status, fieldsOf(foreign.body)]).toEqual([400, ["userId"]]);
    const regulator = await entA.post("/api/personnel", { enterpriseId: entAId, name: "监管账号", userId: userIds["zj.yjj"] });
    expect([regulator.status, fieldsOf(regulator.body)]).toEqual([400, ["userId"]]);
    const p = await person(entB, entBId, { userId: userIds["ent.b.leader"], keyGroup: "main_leader" });
    expect(p.userId).toBe(userIds["ent.b.leader"]);
    expect((await entB.get(`/api/personnel/${p.id}`)).body.userName).toBe("钱卫东（主要负责人）");
    const again = await entB.post("/api/personnel", { enterpriseId: entBId, name: "重复账号", userId: userIds["ent.b.leader"] });
    expect([again.status, again.body.code, fieldsOf(again.body)]).toEqual([409, "PERSON_USER_TAKEN", ["userId"]]);
    // Once that person has left, the login may be linked again.
    expect((await entB.del(`/api/personnel/${p.id}`)).status).toBe(204);
    const relinked = await person(entB, entBId, { userId: userIds["ent.b.leader"] });
    expect(relinked.userId).toBe(userIds["ent.b.leader"]);
    // Reactivating the old record would link the login twice.
    const back = await entB.patch(`/api/personnel/${p.id}`, { active: true, version: 2 });
    expect([back.status, fieldsOf(back.body)]).toEqual([409, ["userId"]]);
  });

  it("changes with compare-and-set on version; deleting marks the person inactive and keeps the record", async () => {
    const p = await person(entA, entAId, { post: "操作工" });
    const ok = await entA.patch(`/api/personnel/${p.id}`, { post: "班长", version: 1 });
    expect([ok.status, ok.body.post, ok.body.version]).toEqual([200, "班长", 2]);
    const stale = await entA.patch(`/api/personnel/${p.id}`, { post: "主任", version: 1 });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, "VERSION_CONFLICT", 2]);
    const moved = await entA.patch(`/api/personnel/${p.id}`, { enterpriseId: entBId, version: 2 });
    expect([moved.status, fieldsOf(moved.body)]).toEqual([400, ["enterpriseId"]]);
    const unknownField = await entA.patch(`/api/personnel/${p.id}`, { idNumberMasked: "x", version: 2 });
    expect(unknownField.status).toBe(400);
    const badId = await entA.patch(`/api/personnel/${p.id}`, { idNumber: "123", version: 2 });
    expect([badId.status, fieldsOf(badId.body)]).toEqual([400, ["idNumber"]]);

    expect((await entA.del(`/api/personnel/${p.id}`)).status).toBe(204);
    const after = await entA.get(`/api/personnel/${p.id}`);
    expect([after.status, after.body.active, after.body.version]).toEqual([200, false, 3]);
    const listed = await entA.get(`/api/personnel?enterpriseId=${entAId}&q=${encodeURIComponent(p.name)}`);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([]);
    const all = await entA.get(`/api/personnel?enterpriseId=${entAId}&q=${encodeURIComponent(p.name)}&active=all`);
    expect(all.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(
      (
        await t.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.targetId, p.id), eq(auditEvents.action, "person.deactivate")))
      )[0]!.n,
    ).toBe(1);
  });

  it("reads in scope, writes only as the enterprise's managers", async () => {
    const p = await person(admin, entAId);
    // Readers in scope.
    for (const c of [entA, zj, expert, admin]) expect((await c.get(`/api/personnel/${p.id}`)).status).toBe(200);
    // Outside: read 404, write 403.
    for (const c of [entB, jr, worker]) {
      expect((await c.get(`/api/personnel/${p.id}`)).status).toBe(404);
      expect((await c.patch(`/api/personnel/${p.id}`, { post: "x", version: 1 })).status).toBe(403);
      expect((await c.del(`/api/personnel/${p.id}`)).status).toBe(403);
      expect((await c.get(`/api/personnel?enterpriseId=${entAId}`)).status).toBe(404);
    }
    // Read-only roles inside: 403 on writes.
    for (const c of [zj, expert]) {
      const r = await c.patch(`/api/personnel/${p.id}`, { post: "x", version: 1 });
      expect([r.status, r.body.code]).toEqual([403, "FORBIDDEN"]);
      expect((await c.post("/api/personnel", { enterpriseId: entAId, name: "监管新增" })).status).toBe(403);
      expect((await c.post(`/api/personnel/${p.id}/certificates`, { type: "electrician", number: "X", validUntil: "2030-01-01" })).status).toBe(403);
    }
    // Enterprise staff read their own enterprise, and may not write.
    const own = await person(entB, entBId);
    expect((await worker.get(`/api/personnel/${own.id}`)).status).toBe(200);
    const list = await worker.get(`/api/personnel?enterpriseId=${entBId}`);
    expect([list.status, list.body.abilities.create]).toEqual([200, false]);
    expect((await worker.post("/api/personnel", { enterpriseId: entBId, name: "员工新增" })).status).toBe(403);
    expect((await worker.patch(`/api/personnel/${own.id}`, { post: "x", version: 1 })).status).toBe(403);
    expect((await entB.get(`/api/personnel?enterpriseId=${entBId}`)).body.abilities.create).toBe(true);
    // Both managers (leader and safety manager) write.
    expect((await entBLeader.post("/api/personnel", { enterpriseId: entBId, name: `负责人新增-${tag()}` })).status).toBe(201);
    // A list without enterprise holds only what is in scope.
    const jrList = await jr.get("/api/personnel?pageSize=500");
    expect(jrList.body.items.every((x: { enterpriseId: string }) => x.enterpriseId !== entAId)).toBe(true);
    expect(jrList.body.items.some((x: { id: string }) => x.id === own.id)).toBe(true);
  });
});

describe("certificates", () => {
  it("computes the state from the validity and CERTIFICATE_WARN_DAYS, and the person's state from the certificates in force", async () => {
    // TEST_NOW is 2026-11-23 (Beijing); 30 days → 2026-12-23.
    expect(TEST_NOW.toISOString().slice(0, 10)).toBe("2026-11-23");
    const p = await person(entA, entAId, { keyGroup: "special_operation" });
    const expired = await cert(entA, p.id, { type: "welding_cutting", validUntil: "2026-10-31", issuer: "江苏省应急管理厅" });
    expect(expired.state).toBe("expired");
    let detail = (await entA.get(`/api/personnel/${p.id}`)).body;
    expect(detail.certState).toBe("expired");
    const edge = await cert(entA, p.id, { type: "watchman", validUntil: "2026-12-23" });
    expect(edge.state).toBe("expiring");
    const beyond = await cert(entA, p.id, { type: "height_work", validUntil: "2026-12-24" });
    expect(beyond.state).toBe("valid");
    const today = await cert(entA, p.id, { type: "electrician", validUntil: "2026-11-23" });
    expect(today.state).toBe("expiring");
    // Renewal: a later welding certificate supersedes the expired one.
    const renewed = await cert(entA, p.id, { type: "welding_cutting", validUntil: "2032-10-31" });
    detail = (await entA.get(`/api/personnel/${p.id}`)).body;
    expect(detail.certificates).toHaveLength(5);
    expect(detail.certificates.find((c: { id: string }) => c.id === expired.id).superseded).toBe(true);
    expect(detail.certificates.find((c: { id: string }) => c.id === renewed.id).superseded).toBe(false);
    expect(detail.certState).toBe("expiring");
    expect(detail.certificates.find((c: { id: string }) => c.id === expired.id).typeName).toBe("焊接与热切割作业");

    // The reminder list leaves the superseded certificate out; the person list filters by state.
    const expiredList = await entA.get(`/api/certificates?enterpriseId=${entAId}&state=expired&pageSize=500`);
    expect(expiredList.body.items.map((c: { id: string }) => c.id)).not.toContain(expired.id);
    const expiring = await entA.get(`/api/certificates?enterpriseId=${entAId}&state=expiring&pageSize=500`);
    const ids = expiring.body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([edge.id, today.id]));
    expect(ids).not.toContain(beyond.id);
    const mine = expiring.body.items.find((c: { id: string }) => c.id === edge.id);
    expect(mine).toMatchObject({ personName: p.name, enterpriseName: "镇江华泰化工有限公司", keyGroup: "special_operation", state: "expiring" });
    const byState = async (s: string) =>
      (await entA.get(`/api/personnel?enterpriseId=${entAId}&certState=${s}&q=${encodeURIComponent(p.name)}`)).body.items.map((x: { id: string }) => x.id);
    expect(await byState("expiring")).toEqual([p.id]);
    expect(await byState("expired")).toEqual([]);
    expect(await byState("valid")).toEqual([]);
    // Deleting the two expiring ones leaves valid certificates only.
    expect((await entA.del(`/api/certificates/${edge.id}`)).status).toBe(204);
    expect((await entA.del(`/api/certificates/${today.id}`)).status).toBe(204);
    expect(await byState("valid")).toEqual([p.id]);
    const none = await person(entA, entAId);
    expect((await entA.get(`/api/personnel?enterpriseId=${entAId}&certState=none&q=${encodeURIComponent(none.name)}`)).body.items).toHaveLength(1);
  });

  it("keeps numbers unique per enterprise and type, checks dates and the scan", async () => {
    const p = await person(entA, entAId);
    const number = `T-${tag()}`;
    await cert(entA, p.id, { type: "electrician", number, validUntil: "2029-01-01" });
    const dup = await entA.post(`/api/personnel/${p.id}/certificates`, { type: "electrician", number, validUntil: "2030-01-01" });
    expect([dup.status, dup.body.code, fieldsOf(dup.body)]).toEqual([409, "CERTIFICATE_NUMBER_TAKEN", ["number"]]);
    // Same number, other type: fine; same number and type in another enterprise: fine.
    await cert(entA, p.id, { type: "height_work", number, validUntil: "2029-01-01" });
    const q = await person(entB, entBId);
    await cert(entB, q.id, { type: "electrician", number, validUntil: "2029-01-01" });
    const dates = await entA.post(`/api/personnel/${p.id}/certificates`, { type: "crane", number: "D-1", issuedOn: "2027-01-02", validUntil: "2027-01-01" });
    expect([dates.status, fieldsOf(dates.body)]).toEqual([400, ["validUntil"]]);
    const notDate = await entA.post(`/api/personnel/${p.id}/certificates`, { type: "crane", number: "D-2", validUntil: "2027-02-30" });
    expect([notDate.status, fieldsOf(notDate.body)]).toEqual([400, ["validUntil"]]);
    const other = await entA.post(`/api/personnel/${p.id}/certificates`, { type: "other", number: "D-3", validUntil: "2029-01-01" });
    expect([other.status, fieldsOf(other.body)]).toEqual([400, ["title"]]);
    const badType = await entA.post(`/api/personnel/${p.id}/certificates`, { type: "pilot", number: "D-4", validUntil: "2029-01-01" });
    expect([badType.status, fieldsOf(badType.body)]).toEqual([400, ["type"]]);
    const noScan = await entA.post(`/api/personnel/${p.id}/certificates`, {
      type: "crane",
      number: "D-5",
      validUntil: "2029-01-01",
      scanSha256: "a".repeat(64),
    });
    expect([noScan.status, fieldsOf(noScan.body)]).toEqual([400, ["scanSha256"]]);
    const up = await entA.upload("/api/files", await png(), "证书.png");
    expect(up.status).toBe(201);
    const withScan = await cert(entA, p.id, { type: "crane", validUntil: "2029-01-01", scanSha256: up.body.sha256 });
    // The scan is readable by whoever may read the certificate, not by others.
    for (const c of [entA, zj, expert]) expect((await c.get(`/api/certificates/${withScan.id}/scan`)).status).toBe(200);
    expect((await entB.get(`/api/certificates/${withScan.id}/scan`)).status).toBe(404);
    // PATCH: the same uniqueness; a new date clears the reminder state.
    await t.db.update(certificates).set({ remindedState: "expiring" }).where(eq(certificates.id, withScan.id));
    const clash = await entA.patch(`/api/certificates/${withScan.id}`, { type: "electrician", number });
    expect([clash.status, fieldsOf(clash.body)]).toEqual([409, ["number"]]);
    const renewed = await entA.patch(`/api/certificates/${withScan.id}`, { validUntil: "2031-06-30", issuer: "镇江市市场监督管理局" });
    expect([renewed.status, renewed.body.validUntil, renewed.body.issuer, renewed.body.remindedState]).toEqual([
      200,
      "2031-06-30",
      "镇江市市场监督管理局",
      null,
    ]);
    // Scope of certificate writes.
    expect((await entB.patch(`/api/certificates/${withScan.id}`, { issuer: "x" })).status).toBe(403);
    expect((await zj.del(`/api/certificates/${withScan.id}`)).status).toBe(403);
    expect((await entB.post(`/api/personnel/${p.id}/certificates`, { type: "crane", number: "Z-1", validUntil: "2029-01-01" })).status).toBe(403);
  });

  it("lists certificates for reminders across a regulator's scope", async () => {
    const a = await person(admin, entAId);
    const b = await person(admin, entBId);
    const ca = await cert(admin, a.id, { type: "electrician", validUntil: "2026-12-01" });
    const cb = await cert(admin, b.id, { type: "electrician", validUntil: "2026-12-01" });
    const listOf = async (c: Client) =>
      (await c.get("/api/certificates?state=expiring&type=electrician&pageSize=500")).body.items.map((x: { id: string }) => x.id);
    expect(await listOf(zj)).toEqual(expect.arrayContaining([ca.id, cb.id]));
    const jrIds = await listOf(jr);
    expect(jrIds).toContain(cb.id);
    expect(jrIds).not.toContain(ca.id);
    const entAIds = await listOf(entA);
    expect(entAIds).toContain(ca.id);
    expect(entAIds).not.toContain(cb.id);
    expect((await jr.get(`/api/certificates?enterpriseId=${entAId}`)).status).toBe(404);
  });
});

describe("key groups (三项岗位)", () => {
  it("counts people per group and their certificate state: valid, expiring, expired, missing", async () => {
    const summary = async (c: Client, q: string) => {
      const r = await c.get(`/api/personnel/key-groups?${q}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries(r.body.groups.map((g: { keyGroup: string }) => [g.keyGroup, g])) as Record<string, Record<string, number>>;
    };
    const before = await summary(entB, `enterpriseId=${entBId}`);
    const beforeJr = await summary(jr, "regionCode=321183");
    const ml = await person(entB, entBId, { keyGroup: "main_leader" });
    await cert(entB, ml.id, { type: "main_leader", validUntil: "2029-01-01" });
    await person(entB, entBId, { keyGroup: "safety_manager" }); // missing
    const watch = await person(entB, entBId, { keyGroup: "special_operation" });
    await cert(entB, watch.id, { type: "watchman", validUntil: "2029-01-01" }); // a watchman card does not qualify: missing
    const old = await person(entB, entBId, { keyGroup: "special_operation" });
    await cert(entB, old.id, { type: "welding_cutting", validUntil: "2026-11-01" }); // expired
    const soon = await person(entB, entBId, { keyGroup: "special_operation" });
    await cert(entB, soon.id, { type: "electrician", validUntil: "2026-12-10" }); // expiring
    await cert(entB, soon.id, { type: "welding_cutting", validUntil: "2026-01-01" }); // older other type: the latest decides
    const gone = await person(entB, entBId, { keyGroup: "special_operation" });
    await entB.del(`/api/personnel/${gone.id}`); // inactive: not counted
    await person(entB, entBId); // no key group: not counted

    const after = await summary(entB, `enterpriseId=${entBId}`);
    const delta = (g: string, k: string) => after[g]![k]! - before[g]![k]!;
    expect([delta("main_leader", "people"), delta("main_leader", "valid"), delta("main_leader", "missing")]).toEqual([1, 1, 0]);
    expect([delta("safety_manager", "people"), delta("safety_manager", "missing"), delta("safety_manager", "valid")]).toEqual([1, 1, 0]);
    expect(["people", "valid", "expiring", "expired", "missing"].map((k) => delta("special_operation", k))).toEqual([3, 0, 1, 1, 1]);
    // A regulator sees the same change for its region; outside its jurisdiction → 404.
    const afterJr = await summary(jr, "regionCode=321183");
    expect(afterJr.special_operation!.people! - beforeJr.special_operation!.people!).toBe(3);
    expect((await jr.get("/api/personnel/key-groups?regionCode=321102")).status).toBe(404);
    expect((await jr.get(`/api/personnel/key-groups?enterpriseId=${entAId}`)).status).toBe(404);
    expect((await entB.get(`/api/personnel/key-groups?enterpriseId=${entAId}`)).status).toBe(404);
    // Names in Chinese.
    const r = await entB.get(`/api/personnel/key-groups?enterpriseId=${entBId}`);
    expect(r.body.groups.map((g: { name: string }) => g.name)).toEqual(["主要负责人", "安全生产管理人员", "特种作业人员"]);
  });
});

describe("teams", () => {
  it("creates teams whose leader login is the leader person's login, and follows changes of it", async () => {
    const name = `检修班-${tag()}`;
    // A person whose login is ent.a (the demo seed may have linked one already).
    const leader = await personWithLogin(entA, entAId, "ent.a");
    const created = await entA.post("/api/teams", { enterpriseId: entAId, name, leaderPersonId: leader.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      enterpriseId: entAId,
      name,
      leaderPersonId: leader.id,
      leaderName: leader.name,
      leaderUserId: userIds["ent.a"],
      memberCount: 0,
      active: true,
    });
    const teamId = created.body.id as string;
    const dup = await entA.post("/api/teams", { enterpriseId: entAId, name });
    expect([dup.status, fieldsOf(dup.body)]).toEqual([409, ["name"]]);
    const foreignLeader = await person(entB, entBId);
    const bad = await entA.post("/api/teams", { enterpriseId: entAId, name: `${name}-2`, leaderPersonId: foreignLeader.id });
    expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ["leaderPersonId"]]);
    // Members.
    const m1 = await person(entA, entAId, { teamId });
    await person(entA, entAId, { teamId });
    const wrongTeam = await entB.post("/api/personnel", { enterpriseId: entBId, name: "跨企业班组", teamId });
    expect([wrongTeam.status, fieldsOf(wrongTeam.body)]).toEqual([400, ["teamId"]]);
    let teams = (await entA.get(`/api/teams?enterpriseId=${entAId}`)).body;
    expect(teams.items.find((x: { id: string }) => x.id === teamId).memberCount).toBe(2);
    expect((await entA.get(`/api/personnel?teamId=${teamId}`)).body.items.map((x: { teamName: string }) => x.teamName)).toEqual([name, name]);
    // The leader person's login changes → the team's leader login follows.
    const cur = (await entA.get(`/api/personnel/${leader.id}`)).body;
    const unlinked = await entA.patch(`/api/personnel/${leader.id}`, { userId: null, version: cur.version });
    expect(unlinked.status).toBe(200);
    teams = (await entA.get(`/api/teams?enterpriseId=${entAId}`)).body;
    expect(teams.items.find((x: { id: string }) => x.id === teamId).leaderUserId).toBeNull();
    await entA.patch(`/api/personnel/${leader.id}`, { userId: userIds["ent.a"], version: cur.version + 1 });
    // Another leader.
    const changed = await entA.patch(`/api/teams/${teamId}`, { leaderPersonId: m1.id });
    expect([changed.status, changed.body.leaderPersonId, changed.body.leaderUserId]).toEqual([200, m1.id, null]);
    // Scope.
    expect((await entB.patch(`/api/teams/${teamId}`, { name: "x" })).status).toBe(403);
    expect((await zj.del(`/api/teams/${teamId}`)).status).toBe(403);
    expect((await entB.get(`/api/teams?enterpriseId=${entAId}`)).status).toBe(404);
    expect((await zj.get(`/api/teams?enterpriseId=${entAId}`)).body.items.some((x: { id: string }) => x.id === teamId)).toBe(true);
    // Retire: hidden by default, history kept.
    expect((await entA.del(`/api/teams/${teamId}`)).status).toBe(204);
    teams = (await entA.get(`/api/teams?enterpriseId=${entAId}`)).body;
    expect(teams.items.some((x: { id: string }) => x.id === teamId)).toBe(false);
    const all = (await entA.get(`/api/teams?enterpriseId=${entAId}&active=all`)).body;
    expect(all.items.find((x: { id: string }) => x.id === teamId).active).toBe(false);
    const join = await entA.post("/api/personnel", { enterpriseId: entAId, name: "新成员", teamId });
    expect([join.status, fieldsOf(join.body)]).toEqual([400, ["teamId"]]);
  });
});

describe("training record export", () => {
  it("exports the person, certificates and training records as Excel, to readers in scope only", async () => {
    const p = await person(entB, entBId, { post: "叉车司机", idNumber: VALID_ID });
    await cert(entB, p.id, { type: "crane", number: `QZ-${tag()}`, validUntil: "2028-03-31" });
    const course = await entB.post("/api/courses", { enterpriseId: entBId, title: `仓库消防安全-${tag()}`, hours: 2, materials: [] });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const studied = await entB.post(`/api/courses/${course.body.id}/study`, { personId: p.id });
    expect(studied.status).toBe(201);
    const q = await entB.post("/api/questions", { enterpriseId: entBId, kind: "judge", stem: "叉车可以载人。", answer: ["F"], points: 10 });
    const exam = await entB.post("/api/exams", {
      enterpriseId: entBId,
      title: `叉车安全考试-${tag()}`,
      questionIds: [q.body.id],
      timeLimitMin: 10,
      passMark: 10,
    });
    const attempt = await entB.post(`/api/exams/${exam.body.id}/attempts`, { personId: p.id });
    expect((await entB.post(`/api/exam-attempts/${attempt.body.id}/submit`, { answers: { [q.body.id]: ["F"] } })).status).toBe(200);

    const r = await entB.get(`/api/personnel/${p.id}/training-record.xlsx`);
    expect(r.status).toBe(200);
    expect(String(r.headers["content-type"])).toContain("spreadsheetml");
    expect(String(r.headers["content-disposition"])).toContain(encodeURIComponent(`培训档案-${p.name}`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["人员信息", "证书", "培训记录"]);
    const values = (name: string) => {
      const out: string[][] = [];
      wb.getWorksheet(name)!.eachRow((row) => out.push(Array.from((row.values as unknown[]).slice(1), (v) => String(v ?? ""))));
      return out;
    };
    const info = values("人员信息");
    expect(info).toContainEqual(["姓名", p.name]);
    expect(info).toContainEqual(["身份证号", "321102********0013"]);
    expect(info).toContainEqual(["岗位", "叉车司机"]);
    const certRows = values("证书");
    expect(certRows).toHaveLength(2);
    expect(certRows[1]!.slice(0, 1)).toEqual(["起重机械作业（特种设备）"]);
    expect(certRows[1]![5]).toBe("2028-03-31");
    const recs = values("培训记录");
    expect(recs[0]).toEqual(["日期", "类别", "内容", "学时", "结果"]);
    expect(recs).toContainEqual(["2026-11-23", "课程学习", course.body.title, "2", "已学习"]);
    expect(recs).toContainEqual(["2026-11-23", "考试", exam.body.title, "0", "合格 10 分"]);
    expect(recs.at(-1)!.slice(0, 4)).toEqual(["合计", "", "2 条记录", "2"]);
    // Scope.
    expect((await jr.get(`/api/personnel/${p.id}/training-record.xlsx`)).status).toBe(200);
    expect((await entA.get(`/api/personnel/${p.id}/training-record.xlsx`)).status).toBe(404);
    expect((await expert.get(`/api/personnel/${p.id}/training-record.xlsx`)).status).toBe(404);
  });
});

describe("certificate reminder job", () => {
  it("tells the person's login and the safety managers once per certificate and state", async () => {
    // A person of entB whose login is ent.b.worker (the demo seed may have linked one already).
    const holder = await personWithLogin(entB, entBId, "ent.b.worker");
    const noLogin = await person(entB, entBId);
    const expiring = await cert(entB, holder.id, { type: "hazchem_process", validUntil: "2026-12-20" });
    const expired = await cert(entB, noLogin.id, { type: "electrician", validUntil: "2026-10-31" });
    const valid = await cert(entB, noLogin.id, { type: "height_work", validUntil: "2027-06-30" });
    const oldOne = await cert(entB, noLogin.id, { type: "crane", validUntil: "2025-06-30" });
    await cert(entB, noLogin.id, { type: "crane", validUntil: "2030-06-30" }); // renewal of oldOne
    const gone = await person(entB, entBId);
    await cert(entB, gone.id, { type: "electrician", validUntil: "2026-10-01" });
    await entB.del(`/api/personnel/${gone.id}`);

    const run = () => t.db.transaction((tx) => remindExpiringCertificates(tx, t.clock.now, t.app.ctx.config));
    const notices = async (personId: string) =>
      t.db
        .select({ userId: notifications.userId, title: notifications.title, kind: notifications.kind })
        .from(notifications)
        .where(and(eq(notifications.targetId, personId), eq(notifications.kind, "certificate_expiry")));
    const safety = (await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.b")))[0]!.id;

    await run();
    const first = await notices(holder.id);
    const mineFirst = first.filter((n) => n.title.includes("危险化学品安全作业"));
    expect(mineFirst.map((n) => n.userId).sort()).toEqual([safety, userIds["ent.b.worker"]].sort());
    expect(mineFirst[0]!.title).toContain("将于 2026-12-20 到期");
    const other = await notices(noLogin.id);
    expect(other.map((n) => n.userId)).toEqual([safety]); // no login: the safety manager only
    expect(other[0]!.title).toContain("已于 2026-10-31 过期");
    expect(await notices(gone.id)).toEqual([]);
    const states = async () =>
      Object.fromEntries(
        (
          await t.db
            .select({ id: certificates.id, s: certificates.remindedState })
            .from(certificates)
            .where(inArray(certificates.id, [expiring.id, expired.id, valid.id, oldOne.id]))
        ).map((r) => [r.id, r.s]),
      );
    expect(await states()).toEqual({ [expiring.id]: "expiring", [expired.id]: "expired", [valid.id]: null, [oldOne.id]: null });

    // Run again: nothing new.
    await run();
    expect((await notices(holder.id)).filter((n) => n.title.includes("危险化学品安全作业"))).toHaveLength(2);
    expect(await notices(noLogin.id)).toHaveLength(1);

    // A month later the expiring one has expired: one more notice each, once.
    const saved = t.clock.now;
    t.clock.now = new Date("2026-12-21T02:00:00Z");
    try {
      await run();
      await run();
    } finally {
      t.clock.now = saved;
    }
    const later = (await notices(holder.id)).filter((n) => n.title.includes("危险化学品安全作业"));
    expect(later).toHaveLength(4);
    expect(
      later
        .filter((n) => n.title.includes("已于 2026-12-20 过期"))
        .map((n) => n.userId)
        .sort(),
    ).toEqual([safety, userIds["ent.b.worker"]].sort());
    expect(await notices(noLogin.id)).toHaveLength(1);
    expect((await states())[expiring.id]).toBe("expired");
  });
});

/** Administrators set up the bodies that use the platform: a new department sees its sectors in its region; a
 * third party sees exactly what is assigned to it; an enterprise registered by a regulator can be given accounts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCreditCode } from "@anguan/domain";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
});
afterAll(() => t.close());

async function userIn(orgId: string, username: string, role: string) {
  const r = await admin.post("/api/users", { username, displayName: username, password: "Start#2026a", role, orgId, mustChangePassword: false });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return t.as(username, "Start#2026a");
}

describe("organisations", () => {
  it("a new 住建 department of 句容市 sees only construction enterprises of 句容市", async () => {
    const bad = await admin.post("/api/organizations", { kind: "gov", name: "x", regionCode: "999999", department: "housing" });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe("regionCode");
    const noDept = await admin.post("/api/organizations", { kind: "gov", name: "x", regionCode: "321183" });
    expect(noDept.status).toBe(400);
    const r = await admin.post("/api/organizations", { kind: "gov", name: "句容市住房和城乡建设局", regionCode: "321183", department: "housing" });
    expect(r.status).toBe(201);
    const c = await userIn(r.body.id, "jr.zjj", "regulator");
    const list = await c.get("/api/enterprises?pageSize=200");
    expect(list.status).toBe(200);
    for (const e of list.body.items) {
      expect(e.sector).toBe("construction");
      expect(e.regionCode.startsWith("321183")).toBe(true);
    }
    const all = await admin.get("/api/enterprises?regionCode=321183&sector=construction&pageSize=200");
    expect(list.body.total).toBe(all.body.total);
  });

  it("a third party sees what is assigned to it, and no longer once unassigned", async () => {
    const org = await admin.post("/api/organizations", { kind: "third_party", name: "句容安评技术服务有限公司" });
    expect(org.status).toBe(201);
    const target = (await admin.get("/api/enterprises?regionCode=321183103&pageSize=1")).body.items[0];
    const c = await userIn(org.body.id, "jr.expert", "expert");
    expect((await c.get(`/api/enterprises/${target.id}`)).status).toBe(404);
    expect((await admin.post(`/api/organizations/${org.body.id}/assignments`, { enterpriseId: target.id, purpose: "安全评价" })).status).toBe(204);
    const listed = await admin.get(`/api/organizations/${org.body.id}/assignments`);
    expect(listed.body.items.map((a: { enterpriseId: string }) => a.enterpriseId)).toEqual([target.id]);
    // Scope is read per request: the same session now sees it.
    expect((await c.get(`/api/enterprises/${target.id}`)).status).toBe(200);
    expect((await c.get("/api/enterprises")).body.total).toBe(1);
    expect((await admin.del(`/api/organizations/${org.body.id}/assignments/${target.id}`)).status).toBe(204);
    expect((await c.get(`/api/enterprises/${target.id}`)).status).toBe(404);
    expect((await admin.del(`/api/organizations/${org.body.id}/assignments/${target.id}`)).status).toBe(404);
    // Assigning to a government body is refused.
    const gov = (await admin.get("/api/organizations?kind=gov")).body.items[0];
    expect((await admin.post(`/api/organizations/${gov.id}/assignments`, { enterpriseId: target.id })).status).toBe(400);
  });

  it("an enterprise registered by a regulator gets its own organisation for accounts", async () => {
    const reg = await t.as("baohua.ajb");
    const code = makeCreditCode("91", "321183", "QRGT0001");
    const e = await reg.post("/api/enterprises", { name: "宝华新建测试有限公司", creditCode: code, regionCode: "321183103", sector: "machinery" });
    expect(e.status).toBe(201);
    const orgs = await admin.get(`/api/organizations?kind=enterprise&q=${encodeURIComponent("宝华新建测试")}`);
    expect(orgs.body.items).toHaveLength(1);
    expect(orgs.body.items[0].enterpriseId).toBe(e.body.id);
    const staff = await userIn(orgs.body.items[0].id, "baohua.staff", "enterprise_staff");
    const list = await staff.get("/api/enterprises");
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([e.body.id]);
    // Renaming the enterprise renames its organisation.
    expect((await reg.patch(`/api/enterprises/${e.body.id}`, { name: "宝华新建测试机械有限公司" })).status).toBe(200);
    const renamed = await admin.get(`/api/organizations?kind=enterprise&q=${encodeURIComponent("宝华新建测试机械")}`);
    expect(renamed.body.items).toHaveLength(1);
  });
});

/**
 * Scope matrix of the pre-shift briefing and legal-duty routes (SATELLITE_MATRIX_PREFIXES.briefings and .duties):
 * every route as every demo role, against a record inside and a record outside the role's scope. Reads outside →
 * 404, writes outside → 403, read-only roles (regulators, experts) → 403 on writes inside too. A final check fails
 * when a route under these prefixes is not covered here.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, personnel, teams } from "../src/db/schema";
import { raiseDutyAlarms } from "../src/features/duties/jobs";
import { MATRIX_ROLES, SATELLITE_MATRIX_PREFIXES, satelliteOwner } from "./support/stewardPrefixes";
import { livePhoto, matrixEnterprises } from "./support/matrixFixtures";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};
/** Per fixture enterprise: a team, two people, and a briefing held today by the admin. */
const fx: Record<string, { team: string; people: string[]; briefing: string; regionCode: string; operating: boolean }> = {};

const covered = new Set<string>();
const cover = (method: string, url: string) => covered.add(`${method} ${url}`);

async function addTeam(enterpriseId: string, name: string, people: string[]) {
  const [e] = await t.db.select().from(enterprises).where(eq(enterprises.id, enterpriseId));
  const scope = { enterpriseId, regionPath: e!.regionPath, sector: e!.sector };
  const [team] = await t.db
    .insert(teams)
    .values({ ...scope, name, createdAt: TEST_NOW, updatedAt: TEST_NOW })
    .returning();
  const rows = await t.db
    .insert(personnel)
    .values(people.map((n) => ({ ...scope, name: n, teamId: team!.id, createdAt: TEST_NOW, updatedAt: TEST_NOW })))
    .returning();
  return { team: team!.id, people: rows.map((r) => r.id), regionCode: e!.regionCode, operating: e!.operatingStatus === "operating" };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  Object.assign(ids, await matrixEnterprises(t, admin));
  for (const key of ["entA", "entB", "catering", "nanjing", "jurongOther"]) {
    const f = await addTeam(ids[key]!, `矩阵班-${key}`, [`甲-${key}`, `乙-${key}`]);
    const ev = await livePhoto(admin, ids[key]);
    const b = await admin.post("/api/briefings", { teamId: f.team, topic: "矩阵", photoEvidenceId: ev, attendees: [{ personId: f.people[0] }] });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    fx[key] = { ...f, briefing: b.body.id };
  }
  // Duty alarms for everybody (no plans after the deadline).
  await raiseDutyAlarms(t.db, TEST_NOW, t.app.ctx.config);
}, 120_000);
afterAll(() => t?.close());

/** Completion codes per writing role (distinct, so two writers of one enterprise don't collide). */
const WRITE_CODES: Record<string, { plan: string; completion: string }> = {
  admin: { plan: "emergency_plan", completion: "leader_inspection" },
  "ent.a": { plan: "training_plan", completion: "major_hazard_principal" },
  "ent.b": { plan: "training_plan", completion: "leader_inspection" },
};

/** Summary with the outside enterprise's region: 404 where that region is outside the jurisdiction. */
const SUMMARY_OUTSIDE_REGION: Record<string, 200 | 404> = {
  "zj.yjj": 404,
  "jr.yjj": 404,
  "baohua.ajb": 404,
  "zj.sw": 200,
  "ent.a": 200,
  "ent.b": 200,
  expert1: 200,
};

describe.each(Object.entries(MATRIX_ROLES))("as %s", (username, role) => {
  let c: Client;
  const inside = () => fx[role.inside]!;
  const insideId = () => ids[role.inside]!;
  beforeAll(async () => {
    c = await t.as(username);
  });

  it("reads inside (200) and gets 404 outside", async () => {
    const reads: [string, (key: string) => string][] = [
      ["/api/briefings", (k) => `/api/briefings?enterpriseId=${ids[k]}`],
      ["/api/briefings/prefill", (k) => `/api/briefings/prefill?teamId=${fx[k]!.team}`],
      ["/api/briefings/today", (k) => `/api/briefings/today?enterpriseId=${ids[k]}`],
      ["/api/briefings/stats", (k) => `/api/briefings/stats?enterpriseId=${ids[k]}&month=2026-11`],
      ["/api/briefings/:id", (k) => `/api/briefings/${fx[k]!.briefing}`],
      ["/api/duties", (k) => `/api/duties?enterpriseId=${ids[k]}&year=2026`],
      ["/api/duty-alarms", (k) => `/api/duty-alarms?enterpriseId=${ids[k]}`],
    ];
    for (const [pattern, url] of reads) {
      cover("GET", pattern);
      const r = await c.get(url(role.inside));
      expect(r.status, `GET ${pattern} inside: ${JSON.stringify(r.body)}`).toBe(200);
      if (role.outside) {
        const o = await c.get(url(role.outside));
        expect(o.status, `GET ${pattern} outside`).toBe(404);
        expect(o.body.code).toBe("NOT_FOUND");
      }
    }
    cover("GET", "/api/duties/catalogue");
    expect((await c.get("/api/duties/catalogue")).status).toBe(200);
  });

  it("lists only what is in scope", async () => {
    const list = await c.get("/api/briefings?pageSize=500");
    expect(list.status).toBe(200);
    const got = list.body.items.map((x: { id: string }) => x.id);
    expect(got).toContain(inside().briefing);
    if (role.outside) expect(got).not.toContain(fx[role.outside]!.briefing);
    // Every operating enterprise without a plan has this alarm: one per enterprise, so the page holds them all.
    const alarms = await c.get("/api/duty-alarms?dutyCode=rules_and_procedures&open=true&pageSize=500");
    expect(alarms.status).toBe(200);
    expect(alarms.body.total).toBeLessThanOrEqual(500);
    const alarmEnterprises = new Set(alarms.body.items.map((x: { enterpriseId: string }) => x.enterpriseId));
    if (role.outside) expect(alarmEnterprises.has(ids[role.outside])).toBe(false);
    if (inside().operating) expect(alarmEnterprises.has(insideId())).toBe(true);
    cover("GET", "/api/duties/summary");
    const s = await c.get("/api/duties/summary?pageSize=500");
    expect(s.status).toBe(200);
    const listed = s.body.enterprises.map((e: { id: string }) => e.id);
    if (inside().operating) expect(listed).toContain(insideId());
    if (role.outside) {
      expect(listed).not.toContain(ids[role.outside]);
      const o = await c.get(`/api/duties/summary?regionCode=${fx[role.outside]!.regionCode}&pageSize=500`);
      expect(o.status, `summary of the outside region: ${JSON.stringify(o.body)}`).toBe(SUMMARY_OUTSIDE_REGION[username]);
      if (o.status === 200) expect(o.body.enterprises.map((e: { id: string }) => e.id)).not.toContain(ids[role.outside]);
    }
  });

  it("writes inside only when allowed (403 for read-only roles) and never outside (403)", async () => {
    const targets: ["inside" | "outside", string, boolean][] = [["inside", role.inside, role.write]];
    if (role.outside) targets.push(["outside", role.outside, false]);
    for (const [where, key, allowed] of targets) {
      const f = fx[key]!;
      const enterpriseId = ids[key]!;
      // A fresh team and person per role, so writers of one enterprise don't collide.
      const own = await addTeam(enterpriseId, `矩阵班-${key}-${username}-${where}`, [`丙-${username}-${where}`]);
      const photoId = allowed ? await livePhoto(c, username === "admin" ? enterpriseId : undefined) : crypto.randomUUID();
      const codes = WRITE_CODES[username] ?? { plan: "training_plan", completion: "leader_inspection" };
      const writes: [string, string, string, unknown, number][] = [
        [
          "POST",
          "/api/briefings",
          "/api/briefings",
          { teamId: own.team, topic: "矩阵写", photoEvidenceId: photoId, attendees: [{ personId: own.people[0] }] },
          201,
        ],
        ["POST", "/api/briefings/:id/attendees", `/api/briefings/${f.briefing}/attendees`, { personId: own.people[0] }, 201],
        [
          "PUT",
          "/api/duties/:code/plan",
          `/api/duties/${codes.plan}/plan`,
          { enterpriseId, year: 2027, planText: `矩阵计划 ${username}`, ownerName: "张三" },
          200,
        ],
        [
          "POST",
          "/api/duties/:code/completions",
          `/api/duties/${codes.completion}/completions`,
          { enterpriseId, periodKey: "2026-Q4", completedOn: "2026-11-20" },
          201,
        ],
      ];
      for (const [m, pattern, url, body, ok] of writes) {
        cover(m, pattern);
        const r = await c.request(m, url, { body });
        if (allowed) expect(r.status, `${m} ${pattern} ${where}: ${JSON.stringify(r.body)}`).toBe(ok);
        else {
          expect(r.status, `${m} ${pattern} ${where}: ${JSON.stringify(r.body)}`).toBe(403);
          expect(r.body.code).toBe("FORBIDDEN");
        }
      }
    }
  });
});

describe("coverage of the briefing and duty matrix", () => {
  it("covers every route under the briefings and duties prefixes", () => {
    const mine = t.app.routeList.filter((r) => ["briefings", "duties"].includes(satelliteOwner(r.url) ?? ""));
    expect(mine.length).toBeGreaterThanOrEqual(12);
    const missing = mine.map((r) => `${r.method} ${r.url}`).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
    expect([...SATELLITE_MATRIX_PREFIXES.briefings, ...SATELLITE_MATRIX_PREFIXES.duties]).toEqual(["/api/briefings", "/api/duties", "/api/duty-alarms"]);
  });
});

/**
 * Scope matrix of the special-work permit API (/api/permits…): every route as every demo role of MATRIX_ROLES, on a
 * permit of an enterprise inside the role's scope and one outside. Reads outside answer 404, writes outside 403;
 * read-only roles (regulators, experts) get 403 on writes inside; writers succeed inside. Expectations are written
 * from the rules in docs/steward.md, and the last test fails when a route under /api/permits is not covered here.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificates, enterprises, personnel } from "../src/db/schema";
import { MATRIX_ROLES, SATELLITE_MATRIX_PREFIXES, satelliteOwner } from "./support/stewardPrefixes";
import { livePhoto, matrixEnterprises } from "./support/matrixFixtures";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};
const people: Record<string, { worker: string; watchman: string }> = {};
const regionOf: Record<string, string> = {};
const covered = new Set<string>();
const cover = (method: string, url: string) => covered.add(`${method} ${url}`);

const bj = (hhmm: string) => `2026-11-23T${hhmm}:00+08:00`;

/** A confined-space permit for an enterprise (high-risk, no worker certificate needed). */
const permitBody = (key: string, over: Record<string, unknown> = {}) => ({
  enterpriseId: ids[key],
  type: "confined_space",
  place: "1# 储罐内部",
  content: "储罐内部检查",
  inHazardArea: true,
  plannedStart: bj("10:30"),
  plannedEnd: bj("18:00"),
  gradeInputs: {},
  workLeaderId: people[key]!.watchman,
  watchmanId: people[key]!.watchman,
  workerIds: [people[key]!.worker],
  ...over,
});

async function draftOf(key: string): Promise<{ id: string; version: number }> {
  const r = await admin.post("/api/permits", permitBody(key));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.id, version: r.body.version };
}

/** A submitted (pending approval) permit: counted on today's high-risk screen. */
async function submittedOf(key: string): Promise<string> {
  const d = await draftOf(key);
  const p = (await admin.get(`/api/permits/${d.id}`)).body;
  const m = await admin.request("PUT", `/api/permits/${d.id}/measures`, {
    body: { items: p.measures.map((x: { no: number }) => ({ no: x.no, involved: false })), version: p.version },
  });
  expect(m.status, JSON.stringify(m.body)).toBe(200);
  const s = await admin.post(`/api/permits/${d.id}/actions/submit`, { version: m.body.version });
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return d.id;
}

const submitted: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  Object.assign(ids, await matrixEnterprises(t, admin));
  for (const key of ["entA", "entB", "catering", "nanjing", "jurongOther"]) {
    const [e] = await t.db.select().from(enterprises).where(eq(enterprises.id, ids[key]!));
    regionOf[key] = e!.regionCode;
    const scope = { enterpriseId: e!.id, regionPath: e!.regionPath, sector: e!.sector };
    const [worker, watchman] = await t.db
      .insert(personnel)
      .values([
        { ...scope, name: `矩阵作业人-${key}`, createdAt: TEST_NOW, updatedAt: TEST_NOW },
        { ...scope, name: `矩阵监护人-${key}`, createdAt: TEST_NOW, updatedAt: TEST_NOW },
      ])
      .returning();
    await t.db.insert(certificates).values({
      ...scope,
      personId: watchman!.id,
      type: "watchman",
      number: `JH-${key}-${crypto.randomUUID().slice(0, 8)}`,
      validUntil: "2030-12-31",
      createdAt: TEST_NOW,
      updatedAt: TEST_NOW,
    });
    people[key] = { worker: worker!.id, watchman: watchman!.id };
    submitted[key] = await submittedOf(key);
  }
}, 180_000);
afterAll(() => t?.close());

describe.each(Object.entries(MATRIX_ROLES))("as %s", (username, role) => {
  let c: Client;
  beforeAll(async () => {
    c = await t.as(username);
  });

  it("reads permits inside (200) and gets 404 outside", async () => {
    const targets: ["inside" | "outside", string][] = [["inside", role.inside]];
    if (role.outside) targets.push(["outside", role.outside]);
    for (const [where, key] of targets) {
      const want = where === "inside" ? 200 : 404;
      const id = submitted[key]!;
      const e = ids[key]!;
      const reads: [string, string, string][] = [
        ["GET", "/api/permits", `/api/permits?enterpriseId=${e}`],
        ["GET", "/api/permits/:id", `/api/permits/${id}`],
        ["GET", "/api/permits/:id/pdf", `/api/permits/${id}/pdf`],
        ["GET", "/api/permits/today", `/api/permits/today?enterpriseId=${e}`],
        ["GET", "/api/permits/approvers", `/api/permits/approvers?enterpriseId=${e}`],
      ];
      for (const [m, pattern, url] of reads) {
        cover(m, pattern);
        const r = await c.get(url);
        expect(r.status, `${m} ${url} ${where}: ${r.status === 200 ? "" : JSON.stringify(r.body)}`).toBe(want);
        if (want === 404) expect(r.body.code).toBe("NOT_FOUND");
      }
      // The unfiltered list holds the inside permit and never the outside one.
      const list = await c.get("/api/permits?pageSize=200&status=pending_approval");
      expect(list.status).toBe(200);
      expect(
        list.body.items.some((i: { id: string }) => i.id === id),
        `list ${where}`,
      ).toBe(where === "inside");
    }
  });

  it("sees today's high-risk work of its own scope only; a region outside a jurisdiction is 404", async () => {
    cover("GET", "/api/permits/high-risk");
    const r = await c.get("/api/permits/high-risk");
    expect(r.status).toBe(200);
    const listed = new Set(r.body.items.map((i: { id: string }) => i.id));
    expect(listed.has(submitted[role.inside]!), "inside listed").toBe(true);
    if (role.outside) expect(listed.has(submitted[role.outside]!), "outside listed").toBe(false);
    const inRegion = await c.get(`/api/permits/high-risk?regionCode=${regionOf[role.inside]}`);
    expect(inRegion.status).toBe(200);
    expect(
      inRegion.body.items.some((i: { id: string }) => i.id === submitted[role.inside]),
      "inside listed by its region",
    ).toBe(true);
    if (role.outside) {
      const out = await c.get(`/api/permits/high-risk?regionCode=${regionOf[role.outside]}`);
      // A region outside the jurisdiction is 404; 商务局's outside is a sector (ent-a lies within 镇江市): filtered, not 404.
      if (["zj.yjj", "jr.yjj", "baohua.ajb"].includes(username)) expect(out.status, "outside region").toBe(404);
      else {
        expect(out.status).toBe(200);
        expect(out.body.items.some((i: { id: string }) => i.id === submitted[role.outside!])).toBe(false);
      }
    }
  });

  it("writes inside only when allowed (read-only roles 403), and never outside (403)", async () => {
    const targets: ["inside" | "outside", string][] = [["inside", role.inside]];
    if (role.outside) targets.push(["outside", role.outside]);
    for (const [where, key] of targets) {
      const allowed = where === "inside" && role.write;
      const e = ids[key]!;
      const draft = await draftOf(key);
      let version = draft.version;
      const evidenceId = allowed ? await livePhoto(c, e) : crypto.randomUUID();
      const step = async (method: string, pattern: string, url: string, body: unknown, ok: number) => {
        cover(method, pattern);
        const r = await c.request(method, url, { body });
        const label = `${method} ${url} ${where}`;
        if (allowed) {
          expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBe(ok);
          if (typeof r.body?.version === "number" && r.body.id === draft.id) version = r.body.version;
        } else {
          expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBe(403);
        }
        return r;
      };
      await step(
        "POST",
        "/api/permits/preview",
        "/api/permits/preview",
        { enterpriseId: e, type: "confined_space", gradeInputs: {}, plannedStart: bj("10:30"), plannedEnd: bj("18:00"), watchmanId: people[key]!.watchman },
        200,
      );
      await step("POST", "/api/permits", "/api/permits", permitBody(key), 201);
      await step("PATCH", "/api/permits/:id", `/api/permits/${draft.id}`, { place: `矩阵-${username}`, version }, 200);
      await step("PUT", "/api/permits/:id/measures", `/api/permits/${draft.id}/measures`, { items: [{ no: 1, involved: true }], version }, 200);
      await step("POST", "/api/permits/:id/measures/:no/confirm", `/api/permits/${draft.id}/measures/1/confirm`, {}, 200);
      await step(
        "POST",
        "/api/permits/:id/gas-analyses",
        `/api/permits/${draft.id}/gas-analyses`,
        { sampledAt: bj("09:55"), point: "罐内中部", gas: "氧气", kind: "oxygen", value: 20.9, analystName: "矩阵分析人", instrument: "四合一检测仪" },
        201,
      );
      await step("POST", "/api/permits/:id/evidence", `/api/permits/${draft.id}/evidence`, { node: "site_before", evidenceId }, 201);
      await step("PUT", "/api/permits/approvers", "/api/permits/approvers", { enterpriseId: e, levels: {} }, 200);
      await step("POST", "/api/permits/:id/actions/:action", `/api/permits/${draft.id}/actions/cancel`, { version, reason: `矩阵取消-${username}` }, 200);
      if (allowed) expect((await c.get(`/api/permits/${draft.id}`)).body.status).toBe("cancelled");
    }
  });
});

describe("coverage of the permits matrix", () => {
  it("covers every route under the permits prefixes", () => {
    const mine = t.app.routeList.filter((r) => satelliteOwner(r.url) === "permits").map((r) => `${r.method} ${r.url}`);
    expect(mine.length).toBeGreaterThanOrEqual(15);
    expect(mine.filter((k) => !covered.has(k))).toEqual([]);
    expect(SATELLITE_MATRIX_PREFIXES.permits).toEqual(["/api/permits"]);
  });
});

/**
 * Scope matrix of the personnel registry and safety learning (SATELLITE_MATRIX_PREFIXES.personnel and .training):
 * every route, as every demo role, against records inside and outside the role's scope. Reads outside answer 404,
 * writes outside 403; read-only roles (regulators, experts) get 403 on writes inside too. Expectations come from
 * support/stewardPrefixes.ts (MATRIX_ROLES), written by hand from the rules; a final check fails when a route under
 * these prefixes is not covered here.
 */
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificates, courses, personnel, questions, teams } from "../src/db/schema";
import { MATRIX_ROLES, SATELLITE_MATRIX_PREFIXES, satelliteOwner } from "./support/stewardPrefixes";
import { matrixEnterprises } from "./support/matrixFixtures";
import { startTestApp, type Client, type TestApp } from "./support/testApp";

let t: TestApp;
let admin: Client;
const ids: Record<string, string> = {};
const covered = new Set<string>();
const cover = (method: string, url: string) => covered.add(`${method} ${url}`);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.as("admin");
  Object.assign(ids, await matrixEnterprises(t, admin));
}, 60_000);
afterAll(() => t?.close());

const tag = () => crypto.randomBytes(3).toString("hex");
const png = () =>
  sharp({ create: { width: 4, height: 4, channels: 3, background: `#${crypto.randomBytes(3).toString("hex")}` } })
    .png()
    .toBuffer();

interface Fixture {
  enterpriseId: string;
  person: string;
  personName: string;
  cert: string;
  team: string;
  course: string;
  material: string;
  question: string;
  exam: string;
  /** Started by the administrator for `person` and submitted. */
  attempt: string;
  /** Started by the administrator, not submitted. */
  openAttempt: string;
}

/** A complete set of records of one enterprise, made by the administrator. */
async function fixture(enterpriseId: string): Promise<Fixture> {
  const ok = (r: { status: number; body: unknown }, what: string) => {
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    return r.body as { id: string; sha256: string };
  };
  const personName = `矩阵人员-${tag()}`;
  const person = ok(await admin.post("/api/personnel", { enterpriseId, name: personName, keyGroup: "special_operation" }), "person").id;
  const scan = ok(await admin.upload("/api/files", await png(), "scan.png"), "scan").sha256;
  const cert = ok(
    await admin.post(`/api/personnel/${person}/certificates`, { type: "electrician", number: `M-${tag()}`, validUntil: "2026-12-10", scanSha256: scan }),
    "cert",
  ).id;
  const team = ok(await admin.post("/api/teams", { enterpriseId, name: `矩阵班组-${tag()}`, leaderPersonId: person }), "team").id;
  const material = ok(await admin.upload("/api/files", await png(), "课件.png"), "material").sha256;
  const course = ok(
    await admin.post("/api/courses", { enterpriseId, title: `矩阵课程-${tag()}`, hours: 1, materials: [{ sha256: material, name: "课件.png" }] }),
    "course",
  ).id;
  ok(await admin.post(`/api/courses/${course}/study`, { personId: person }), "study");
  const question = ok(
    await admin.post("/api/questions", { enterpriseId, kind: "judge", stem: `矩阵判断题-${tag()}`, answer: ["T"], points: 10 }),
    "question",
  ).id;
  const exam = ok(
    await admin.post("/api/exams", { enterpriseId, title: `矩阵考试-${tag()}`, questionIds: [question], timeLimitMin: 30, passMark: 10 }),
    "exam",
  ).id;
  const attempt = ok(await admin.post(`/api/exams/${exam}/attempts`, { personId: person }), "attempt").id;
  ok(await admin.post(`/api/exam-attempts/${attempt}/submit`, { answers: { [question]: ["T"] } }), "submit");
  const openAttempt = ok(await admin.post(`/api/exams/${exam}/attempts`, { personId: person }), "open attempt").id;
  return { enterpriseId, person, personName, cert, team, course, material, question, exam, attempt, openAttempt };
}

const fixtures = new Map<string, Fixture>();
async function shared(key: string): Promise<Fixture> {
  if (!fixtures.has(key)) fixtures.set(key, await fixture(ids[key]!));
  return fixtures.get(key)!;
}

/** Regions each regulator may (inside) and may not (outside → 404) ask the key-group summary for. */
const REGIONS: Record<string, { inside: string; outside: string } | null> = {
  admin: null,
  "zj.yjj": { inside: "321100", outside: "320100" },
  "jr.yjj": { inside: "321183", outside: "321100" },
  "baohua.ajb": { inside: "321183103", outside: "321183" },
  "zj.sw": { inside: "321100", outside: "320100" },
  "ent.a": null,
  "ent.b": null,
  expert1: null,
};

describe.each(Object.entries(MATRIX_ROLES))("personnel and training as %s", (username, role) => {
  let c: Client;
  beforeAll(async () => {
    c = await t.as(username);
  });

  it("reads records inside (200) and gets 404 outside", async () => {
    const targets: ["inside" | "outside", Fixture][] = [["inside", await shared(role.inside)]];
    if (role.outside) targets.push(["outside", await shared(role.outside)]);
    for (const [where, f] of targets) {
      const reads: [string, string][] = [
        ["/api/personnel", `?enterpriseId=${f.enterpriseId}`],
        ["/api/personnel/:id", ""],
        ["/api/personnel/:id/training-record.xlsx", ""],
        ["/api/personnel/key-groups", `?enterpriseId=${f.enterpriseId}`],
        ["/api/certificates", `?enterpriseId=${f.enterpriseId}`],
        ["/api/certificates/:id/scan", ""],
        ["/api/teams", `?enterpriseId=${f.enterpriseId}`],
        ["/api/courses", `?enterpriseId=${f.enterpriseId}`],
        ["/api/courses/:id", ""],
        ["/api/courses/:id/materials/:sha256", ""],
        ["/api/questions", `?enterpriseId=${f.enterpriseId}`],
        ["/api/exams", `?enterpriseId=${f.enterpriseId}`],
        ["/api/exams/:id", ""],
        ["/api/exam-attempts/:id", ""],
        ["/api/training/records", `?enterpriseId=${f.enterpriseId}`],
        ["/api/training/records", `?personId=${f.person}`],
      ];
      for (const [u, q] of reads) {
        cover("GET", u);
        const id = u.startsWith("/api/personnel")
          ? f.person
          : u.startsWith("/api/certificates")
            ? f.cert
            : u.startsWith("/api/courses")
              ? f.course
              : u.startsWith("/api/exams")
                ? f.exam
                : f.attempt;
        const r = await c.get(u.replace(":id", id).replace(":sha256", f.material) + q);
        expect(r.status, `GET ${u}${q.split("=")[0]} ${where}: ${typeof r.body === "object" ? JSON.stringify(r.body).slice(0, 200) : ""}`).toBe(
          where === "inside" ? 200 : 404,
        );
        if (where === "outside") expect(r.body.code).toBe("NOT_FOUND");
      }
    }
    // Unknown ids: 404 for everyone.
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const u of ["/api/personnel/", "/api/courses/", "/api/exams/", "/api/exam-attempts/"]) expect((await c.get(`${u}${missing}`)).status).toBe(404);
  });

  it("lists only what is in scope", async () => {
    const inside = await shared(role.inside);
    const outside = role.outside ? await shared(role.outside) : null;
    const lists: [string, (f: Fixture) => string][] = [
      ["/api/personnel?active=all&pageSize=500&q=矩阵人员", (f) => f.person],
      ["/api/certificates?pageSize=500&type=electrician&state=expiring", (f) => f.cert],
      ["/api/teams?active=all", (f) => f.team],
      ["/api/courses?pageSize=500&q=矩阵课程", (f) => f.course],
      ["/api/questions?pageSize=500&q=矩阵判断题", (f) => f.question],
      ["/api/exams?pageSize=500", (f) => f.exam],
    ];
    for (const [u, pick] of lists) {
      const r = await c.get(encodeURI(u));
      expect(r.status, u).toBe(200);
      const got = r.body.items.map((x: { id: string }) => x.id);
      expect(got, `${u} inside`).toContain(pick(inside));
      if (outside) expect(got, `${u} outside`).not.toContain(pick(outside));
      // Everything listed belongs to an enterprise the role may read: here, never the outside one.
      if (outside) expect(r.body.items.every((x: { enterpriseId: string }) => x.enterpriseId !== outside.enterpriseId)).toBe(true);
    }
    const recs = await c.get("/api/training/records?pageSize=500&kind=exam");
    const persons = recs.body.items.map((x: { personId: string }) => x.personId);
    expect(persons).toContain(inside.person);
    if (outside) expect(persons).not.toContain(outside.person);
    // The key-group summary by region: inside 200, outside 404 (regulators).
    cover("GET", "/api/personnel/key-groups");
    const reg = REGIONS[username];
    if (reg) {
      expect((await c.get(`/api/personnel/key-groups?regionCode=${reg.inside}`)).status).toBe(200);
      expect((await c.get(`/api/personnel/key-groups?regionCode=${reg.outside}`)).status).toBe(404);
    }
    const all = await c.get("/api/personnel/key-groups");
    expect(all.status).toBe(200);
    expect(all.body.groups.find((g: { keyGroup: string }) => g.keyGroup === "special_operation").people).toBeGreaterThan(0);
  });

  it("writes inside only when allowed, never outside (403)", async () => {
    const targets: ["inside" | "outside", string, boolean][] = [["inside", role.inside, role.write]];
    if (role.outside) targets.push(["outside", role.outside, false]);
    for (const [where, key, allowed] of targets) {
      const f = await fixture(ids[key]!);
      const own = await c.upload("/api/files", await png(), "mine.png");
      expect(own.status).toBe(201);
      // A second person and question: targets for deletion that leave the others usable.
      const spare = (await admin.post("/api/personnel", { enterpriseId: f.enterpriseId, name: `备用-${tag()}` })).body.id as string;
      const spareQ = (await admin.post("/api/questions", { enterpriseId: f.enterpriseId, kind: "judge", stem: "备用题", answer: ["F"] })).body.id as string;
      let attempt = f.openAttempt;
      const steps: [string, string, string, unknown][] = [
        ["POST", "/api/personnel", "", { enterpriseId: f.enterpriseId, name: `矩阵新增-${username}`, idNumber: "321102198503120013" }],
        ["PATCH", "/api/personnel/:id", f.person, { post: `岗位-${username}`, version: 1 }],
        ["POST", "/api/personnel/:id/certificates", f.person, { type: "crane", number: `W-${tag()}`, validUntil: "2029-01-01", scanSha256: own.body.sha256 }],
        ["PATCH", "/api/certificates/:id", f.cert, { issuer: `发证-${username}` }],
        ["POST", "/api/teams", "", { enterpriseId: f.enterpriseId, name: `新班组-${username}` }],
        ["PATCH", "/api/teams/:id", f.team, { name: `班组-${username}-${tag()}` }],
        [
          "POST",
          "/api/courses",
          "",
          { enterpriseId: f.enterpriseId, title: `新课程-${username}`, hours: 1, materials: [{ sha256: own.body.sha256, name: "mine.png" }] },
        ],
        ["PATCH", "/api/courses/:id", f.course, { title: `课程-${username}` }],
        ["POST", "/api/courses/:id/study", f.course, { personId: f.person }],
        [
          "POST",
          "/api/questions",
          "",
          {
            enterpriseId: f.enterpriseId,
            kind: "single",
            stem: "新题",
            options: [
              { key: "A", text: "甲" },
              { key: "B", text: "乙" },
            ],
            answer: ["A"],
          },
        ],
        ["PATCH", "/api/questions/:id", f.question, { stem: `题干-${username}` }],
        ["POST", "/api/exams", "", { enterpriseId: f.enterpriseId, title: `新考试-${username}`, questionIds: [f.question], timeLimitMin: 10, passMark: 5 }],
        ["POST", "/api/exams/:id/attempts", f.exam, { personId: f.person }],
        ["POST", "/api/exam-attempts/:id/submit", "attempt", { answers: { [f.question]: ["T"] } }],
        ["DELETE", "/api/questions/:id", spareQ, undefined],
        ["DELETE", "/api/certificates/:id", f.cert, undefined],
        ["DELETE", "/api/teams/:id", f.team, undefined],
        ["DELETE", "/api/courses/:id", f.course, undefined],
        ["DELETE", "/api/personnel/:id", spare, undefined],
      ];
      for (const [m, u, target, body] of steps) {
        cover(m, u);
        const url = u.replace(":id", target === "attempt" ? attempt : target);
        const r = await c.request(m, url, body === undefined ? {} : { body });
        if (allowed) {
          expect(r.status, `${m} ${u} ${where}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
          // The attempt this role started is the one it submits.
          if (u === "/api/exams/:id/attempts") attempt = r.body.id;
        } else {
          expect([r.status, r.body.code], `${m} ${u} ${where}: ${JSON.stringify(r.body)}`).toEqual([403, "FORBIDDEN"]);
        }
      }
      if (!allowed) {
        // Nothing changed.
        const [p] = await t.db.select().from(personnel).where(eq(personnel.id, f.person));
        expect([p!.post, p!.version]).toEqual(["", 1]);
        expect((await t.db.select().from(personnel).where(eq(personnel.id, spare)))[0]!.active).toBe(true);
        expect(await t.db.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, f.cert))).toHaveLength(1);
        expect((await t.db.select().from(teams).where(eq(teams.id, f.team)))[0]!.active).toBe(true);
        expect(await t.db.select({ id: courses.id }).from(courses).where(eq(courses.id, f.course))).toHaveLength(1);
        expect(await t.db.select({ id: questions.id }).from(questions).where(eq(questions.id, spareQ))).toHaveLength(1);
        expect((await admin.get(`/api/exam-attempts/${f.openAttempt}`)).body.status).toBe("in_progress");
        const n = await t.db
          .select({ n: sql<number>`count(*)::int` })
          .from(personnel)
          .where(and(eq(personnel.name, `矩阵新增-${username}`), eq(personnel.enterpriseId, f.enterpriseId)));
        expect(n[0]!.n).toBe(0);
      } else {
        const [p] = await t.db.select().from(personnel).where(eq(personnel.id, f.person));
        expect(p!.post).toBe(`岗位-${username}`);
      }
    }
  });
});

describe("coverage of the personnel and training matrix", () => {
  it("covers every route under the personnel and training prefixes", () => {
    const mine = t.app.routeList.filter((r) => ["personnel", "training"].includes(satelliteOwner(r.url) ?? "")).map((r) => `${r.method} ${r.url}`);
    expect(mine.length).toBeGreaterThan(20);
    expect(mine.filter((k) => !covered.has(k))).toEqual([]);
    // And every prefix has at least one route.
    for (const p of [...SATELLITE_MATRIX_PREFIXES.personnel, ...SATELLITE_MATRIX_PREFIXES.training])
      expect(
        mine.some((k) => k.split(" ")[1]!.startsWith(p)),
        p,
      ).toBe(true);
  });
});

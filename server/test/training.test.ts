/**
 * Safety learning API (docs/steward.md "Training and exams"): courses with uploaded materials and studying them;
 * the question bank and its validation; exams with computed totals; attempts with a seeded order and no answers
 * before submission; scoring at the pass mark; the time limit with its grace; training records; who may do what.
 */
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enterprises, examAttempts, personnel, trainingRecords, users } from "../src/db/schema";
import { startTestApp, type Client, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let admin: Client;
let entA: Client; // enterprise_leader of entA
let entB: Client; // enterprise_safety of entB
let bLeader: Client; // enterprise_leader of entB (no person of his own unless the seed links one)
let worker: Client; // enterprise_staff of entB
let jr: Client; // 句容市 (entB)
let expert: Client; // assigned entA
let entAId: string;
let entBId: string;
let workerPerson: string; // the person whose login is ent.b.worker
const userIds: Record<string, string> = {};

const tag = () => crypto.randomBytes(3).toString("hex");
const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field).sort();

async function personOf(enterpriseId: string, name = `学员-${tag()}`) {
  const r = await entB.post("/api/personnel", { enterpriseId, name });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

async function question(c: Client, enterpriseId: string, body: Record<string, unknown>) {
  const r = await c.post("/api/questions", { enterpriseId, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; kind: string; options: { key: string; text: string }[]; answer: string[]; points: number };
}

const ABCDE = ["A", "B", "C", "D", "E"].map((key, i) => ({ key, text: `选项${i + 1}` }));

beforeAll(async () => {
  t = await startTestApp();
  [admin, entA, entB, bLeader, worker, jr, expert] = (await Promise.all(
    ["admin", "ent.a", "ent.b", "ent.b.leader", "ent.b.worker", "jr.yjj", "expert1"].map((u) => t.as(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  const idOf = async (name: string) => (await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, name)))[0]!.id;
  entAId = await idOf("镇江华泰化工有限公司");
  entBId = await idOf("句容宝华智运仓储物流有限公司");
  for (const u of await t.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ["ent.b.worker", "ent.b.leader", "ent.b"])))
    userIds[u.username] = u.id;
  // ent.b.worker's person (the demo seed may have linked one already).
  const [p] = await t.db
    .select({ id: personnel.id })
    .from(personnel)
    .where(and(eq(personnel.userId, userIds["ent.b.worker"]!), eq(personnel.active, true)));
  if (p) workerPerson = p.id;
  else {
    const r = await entB.post("/api/personnel", { enterpriseId: entBId, name: "刘强", post: "仓储班组长", userId: userIds["ent.b.worker"] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    workerPerson = r.body.id;
  }
}, 60_000);
afterAll(() => t?.close());

describe("courses", () => {
  it("takes materials uploaded through /api/files (type from the stored file), and serves them to readers in scope", async () => {
    const img = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF ${tag()}`);
    const [a, b] = [await entB.upload("/api/files", img, "示意图.png"), await entB.upload("/api/files", pdf, "讲义.pdf")];
    expect([a.status, b.status]).toEqual([201, 201]);
    const unknown = await entB.post("/api/courses", {
      enterpriseId: entBId,
      title: "无课件",
      hours: 1,
      materials: [{ sha256: "b".repeat(64), name: "x.pdf", mime: "application/pdf" }],
    });
    expect([unknown.status, fieldsOf(unknown.body)]).toEqual([400, ["materials.0.sha256"]]);
    const r = await entB.post("/api/courses", {
      enterpriseId: entBId,
      title: "危险货物仓储安全",
      category: "岗位安全",
      hours: 1.5,
      keyGroup: "special_operation",
      materials: [
        { sha256: a.body.sha256, name: "示意图.png", mime: "video/mp4" },
        { sha256: b.body.sha256, name: "讲义.pdf" },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.materials.map((m: { mime: string }) => m.mime)).toEqual(["image/png", "application/pdf"]);
    expect(r.body).toMatchObject({ hours: 1.5, keyGroup: "special_operation", studied: false });
    const id = r.body.id as string;
    // Staff read the course and its materials; outside → 404.
    const got = await worker.get(`/api/courses/${id}`);
    expect([got.status, got.body.abilities]).toEqual([200, { edit: false, delete: false, study: true }]);
    const file = await worker.get(r.body.materials[1].url);
    expect([file.status, String(file.headers["content-type"])]).toEqual([200, "application/pdf"]);
    expect((await entA.get(r.body.materials[1].url)).status).toBe(404);
    expect((await entA.get(`/api/courses/${id}`)).status).toBe(404);
    expect((await worker.get(`/api/courses/${id}/materials/${"c".repeat(64)}`)).status).toBe(404);
    // Writes: managers only.
    expect((await worker.patch(`/api/courses/${id}`, { title: "改" })).status).toBe(403);
    expect((await jr.patch(`/api/courses/${id}`, { title: "改" })).status).toBe(403);
    expect((await entA.del(`/api/courses/${id}`)).status).toBe(403);
    const patched = await entB.patch(`/api/courses/${id}`, { title: "危险货物仓储安全（2026版）", hours: 2 });
    expect([patched.status, patched.body.title, patched.body.hours]).toEqual([200, "危险货物仓储安全（2026版）", 2]);
    expect((await entB.post("/api/courses", { enterpriseId: entBId, title: "零学时", hours: 0 })).status).toBe(400);
  });

  it("study writes one training record per person and course; staff study as themselves only", async () => {
    const c = await entB.post("/api/courses", { enterpriseId: entBId, title: `叉车安全操作-${tag()}`, hours: 3 });
    const first = await worker.post(`/api/courses/${c.body.id}/study`, {});
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      personId: workerPerson,
      kind: "course",
      sourceId: c.body.id,
      title: c.body.title,
      day: "2026-11-23",
      hours: 3,
      result: "已学习",
    });
    const again = await worker.post(`/api/courses/${c.body.id}/study`, {});
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    expect((await worker.get(`/api/courses?enterpriseId=${entBId}&q=${encodeURIComponent(c.body.title)}`)).body.items[0].studied).toBe(true);
    const other = await personOf(entBId);
    expect((await worker.post(`/api/courses/${c.body.id}/study`, { personId: other })).status).toBe(403);
    // A manager records it for another person; a person of another enterprise is refused on personId.
    const forOther = await entB.post(`/api/courses/${c.body.id}/study`, { personId: other });
    expect([forOther.status, forOther.body.personId]).toEqual([201, other]);
    const foreign = await entA.post("/api/personnel", { enterpriseId: entAId, name: "外企业人员" });
    const wrong = await entB.post(`/api/courses/${c.body.id}/study`, { personId: foreign.body.id });
    expect([wrong.status, fieldsOf(wrong.body)]).toEqual([400, ["personId"]]);
    // A manager without a person of their own must name one.
    const [own] = await t.db
      .select()
      .from(personnel)
      .where(and(eq(personnel.userId, userIds["ent.b.leader"]!), eq(personnel.active, true)));
    if (!own) {
      const none = await bLeader.post(`/api/courses/${c.body.id}/study`, {});
      expect([none.status, fieldsOf(none.body)]).toEqual([400, ["personId"]]);
    }
    // Read-only roles and outsiders may not.
    expect((await jr.post(`/api/courses/${c.body.id}/study`, { personId: other })).status).toBe(403);
    expect((await entA.post(`/api/courses/${c.body.id}/study`, {})).status).toBe(403);
    const recs = await t.db
      .select()
      .from(trainingRecords)
      .where(and(eq(trainingRecords.sourceId, c.body.id), eq(trainingRecords.kind, "course")));
    expect(recs.map((r) => r.personId).sort()).toEqual([workerPerson, other].sort());
    // The records list: staff see their own only; managers all of the enterprise.
    const mine = await worker.get(`/api/training/records?enterpriseId=${entBId}&kind=course`);
    expect(mine.body.items.every((r: { personId: string }) => r.personId === workerPerson)).toBe(true);
    expect(mine.body.items.some((r: { sourceId: string }) => r.sourceId === c.body.id)).toBe(true);
    const all = await entB.get(`/api/training/records?enterpriseId=${entBId}&kind=course&pageSize=500`);
    expect(all.body.items.filter((r: { sourceId: string }) => r.sourceId === c.body.id)).toHaveLength(2);
    const one = await jr.get(`/api/training/records?personId=${other}`);
    expect(one.body.items.map((r: { personName: string; title: string }) => r.title)).toEqual([c.body.title]);
    expect((await entA.get(`/api/training/records?personId=${other}`)).status).toBe(404);
  });
});

describe("questions", () => {
  it("validates each kind and names the field", async () => {
    const post = (body: Record<string, unknown>) => entB.post("/api/questions", { enterpriseId: entBId, stem: "题干", ...body });
    const cases: [Record<string, unknown>, string[]][] = [
      [{ kind: "single", options: ABCDE.slice(0, 3), answer: ["A", "B"] }, ["answer"]],
      [{ kind: "single", options: ABCDE.slice(0, 3), answer: [] }, ["answer"]],
      [{ kind: "single", options: ABCDE.slice(0, 3), answer: ["Z"] }, ["answer"]],
      [{ kind: "single", options: ABCDE.slice(0, 1), answer: ["A"] }, ["options"]],
      [{ kind: "multiple", options: ABCDE.slice(0, 1), answer: ["A"] }, ["options"]],
      [{ kind: "multiple", options: ABCDE.slice(0, 4), answer: [] }, ["answer"]],
      [{ kind: "judge", answer: ["A"] }, ["answer"]],
      [{ kind: "essay", options: ABCDE, answer: ["A"] }, ["kind"]],
      [{ kind: "single", options: ABCDE, answer: ["A"], points: 0 }, ["points"]],
    ];
    for (const [body, fields] of cases) {
      const r = await post(body);
      expect([r.status, fieldsOf(r.body)], JSON.stringify(body)).toEqual([400, fields]);
    }
    const judge = await question(entB, entBId, { kind: "judge", stem: "动火作业前应进行气体分析。", options: ABCDE, answer: ["T"], points: 5 });
    expect([judge.options, judge.answer, judge.points]).toEqual([
      [
        { key: "T", text: "正确" },
        { key: "F", text: "错误" },
      ],
      ["T"],
      5,
    ]);
    const multi = await question(entB, entBId, { kind: "multiple", stem: "多选", options: ABCDE.slice(0, 4), answer: ["D", "A"] });
    expect([multi.answer, multi.points]).toEqual([["A", "D"], 1]);
    // Staff may not read the bank (it holds the answers); read-only roles may not write.
    expect((await worker.get(`/api/questions?enterpriseId=${entBId}`)).status).toBe(403);
    expect((await jr.get(`/api/questions?enterpriseId=${entBId}`)).status).toBe(200);
    expect((await jr.post("/api/questions", { enterpriseId: entBId, kind: "judge", stem: "x", answer: ["T"] })).status).toBe(403);
    expect((await worker.post("/api/questions", { enterpriseId: entBId, kind: "judge", stem: "x", answer: ["T"] })).status).toBe(403);
    expect((await entA.patch(`/api/questions/${judge.id}`, { stem: "x" })).status).toBe(403);
    // PATCH revalidates the whole question.
    const bad = await entB.patch(`/api/questions/${multi.id}`, { kind: "single" });
    expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ["answer"]]);
    const ok = await entB.patch(`/api/questions/${multi.id}`, { kind: "single", answer: ["B"] });
    expect([ok.status, ok.body.kind, ok.body.answer]).toEqual([200, "single", ["B"]]);
  });
});

describe("exams and attempts", () => {
  /** 8 single × 10 + 1 multiple × 20 = 100 points; a judge of 10 makes 110. */
  let qs: Awaited<ReturnType<typeof question>>[];
  let examId: string;

  beforeAll(async () => {
    qs = [];
    for (let i = 0; i < 8; i++)
      qs.push(await question(entB, entBId, { kind: "single", stem: `单选${i}`, options: ABCDE, answer: [ABCDE[i % 5]!.key], points: 10 }));
    qs.push(await question(entB, entBId, { kind: "multiple", stem: "多选", options: ABCDE.slice(0, 4), answer: ["A", "C"], points: 20 }));
    qs.push(await question(entB, entBId, { kind: "judge", stem: "判断", answer: ["F"], points: 10, explanation: "解析：错误" }));
    const r = await entB.post("/api/exams", { enterpriseId: entBId, title: "仓储安全考试", questionIds: qs.map((q) => q.id), timeLimitMin: 30, passMark: 66 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect([r.body.totalPoints, r.body.questionCount, r.body.shuffle]).toEqual([110, 10, true]);
    examId = r.body.id;
  });

  const right = () => Object.fromEntries(qs.map((q) => [q.id, q.answer]));

  it("refuses questions of another enterprise, a pass mark above the total, a bad window", async () => {
    const foreign = await question(entA, entAId, { kind: "judge", stem: "外企业题", answer: ["T"] });
    const r = await entB.post("/api/exams", { enterpriseId: entBId, title: "x", questionIds: [qs[0]!.id, foreign.id], timeLimitMin: 10, passMark: 1 });
    expect([r.status, fieldsOf(r.body)]).toEqual([400, ["questionIds"]]);
    const high = await entB.post("/api/exams", { enterpriseId: entBId, title: "x", questionIds: [qs[0]!.id], timeLimitMin: 10, passMark: 11 });
    expect([high.status, fieldsOf(high.body)]).toEqual([400, ["passMark"]]);
    const exact = await entB.post("/api/exams", { enterpriseId: entBId, title: "x", questionIds: [qs[0]!.id], timeLimitMin: 10, passMark: 10 });
    expect(exact.status).toBe(201);
    const win = await entB.post("/api/exams", {
      enterpriseId: entBId,
      title: "x",
      questionIds: [qs[0]!.id],
      timeLimitMin: 10,
      passMark: 1,
      openFrom: "2026-11-24T08:00:00+08:00",
      openUntil: "2026-11-24T07:00:00+08:00",
    });
    expect([win.status, fieldsOf(win.body)]).toEqual([400, ["openUntil"]]);
    const later = await entB.post("/api/exams", {
      enterpriseId: entBId,
      title: "明日考试",
      questionIds: [qs[0]!.id],
      timeLimitMin: 10,
      passMark: 1,
      openFrom: "2026-11-24T08:00:00+08:00",
    });
    const early = await worker.post(`/api/exams/${later.body.id}/attempts`, {});
    expect([early.status, early.body.code]).toEqual([409, "EXAM_NOT_OPEN"]);
    expect((await jr.post("/api/exams", { enterpriseId: entBId, title: "x", questionIds: [qs[0]!.id], timeLimitMin: 10, passMark: 1 })).status).toBe(403);
    expect((await worker.post("/api/exams", { enterpriseId: entBId, title: "x", questionIds: [qs[0]!.id], timeLimitMin: 10, passMark: 1 })).status).toBe(403);
  });

  it("starts with a shuffled paper and never shows the answers before submission", async () => {
    const starts = [];
    for (let i = 0; i < 3; i++) {
      const r = await worker.post(`/api/exams/${examId}/attempts`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      starts.push(r.body);
    }
    const s = starts[0]!;
    expect(s.personId).toBe(workerPerson);
    expect(new Date(s.deadline).getTime() - new Date(s.startedAt).getTime()).toBe(30 * 60_000);
    expect(s.startedAt).toBe(TEST_NOW.toISOString());
    // No answer anywhere in what the taker receives.
    const raw = JSON.stringify(starts);
    expect(raw).not.toMatch(/"answer"|"explanation"|解析：错误/);
    for (const q of s.questions) expect(Object.keys(q).sort()).toEqual(["id", "kind", "options", "points", "stem"]);
    // The order is a permutation of the exam's questions, stored as shown, and differs across attempts.
    const ids = qs.map((q) => q.id).sort();
    for (const a of starts) {
      const order = a.questions.map((q: { id: string }) => q.id);
      expect([...order].sort()).toEqual(ids);
      const [row] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, a.id));
      expect(row!.questionOrder).toEqual(order);
    }
    expect(new Set(starts.map((a) => a.questions.map((q: { id: string }) => q.id).join())).size).toBeGreaterThan(1);
    // Options: shuffled per attempt (same key set), judge kept 正确/错误.
    const optionOrders = new Set<string>();
    for (const a of starts)
      for (const q of a.questions) {
        if (q.kind === "judge") expect(q.options.map((o: { key: string }) => o.key)).toEqual(["T", "F"]);
        else {
          expect(q.options.map((o: { key: string }) => o.key).sort()).toEqual(q.kind === "multiple" ? ["A", "B", "C", "D"] : ["A", "B", "C", "D", "E"]);
          optionOrders.add(q.options.map((o: { key: string }) => o.key).join(""));
        }
      }
    expect(optionOrders.size).toBeGreaterThan(1);
    // Reading the attempt or the exam before submitting shows no answers either.
    const before = await worker.get(`/api/exam-attempts/${s.id}`);
    expect([before.status, before.body.status, before.body.results]).toEqual([200, "in_progress", null]);
    expect(JSON.stringify(before.body)).not.toMatch(/"answer"|解析：错误/);
    const exam = await worker.get(`/api/exams/${examId}`);
    expect([exam.status, exam.body.questions, exam.body.abilities.take]).toEqual([200, null, true]);
    expect(JSON.stringify(exam.body)).not.toMatch(/"answer"/);
    // The manager's view of the exam has the bank with answers.
    const mgr = await entB.get(`/api/exams/${examId}`);
    expect(mgr.body.questions.map((q: { answer: string[] }) => q.answer)).toEqual(qs.map((q) => q.answer));
    expect(mgr.body.attempts.filter((a: { personId: string }) => a.personId === workerPerson).length).toBeGreaterThanOrEqual(3);
    // Another user's attempt: staff of the enterprise cannot see it.
    const theirs = await entB.post(`/api/exams/${examId}/attempts`, { personId: await personOf(entBId) });
    expect((await worker.get(`/api/exam-attempts/${theirs.body.id}`)).status).toBe(404);
    expect((await jr.get(`/api/exam-attempts/${theirs.body.id}`)).status).toBe(200);
    expect((await entA.get(`/api/exam-attempts/${theirs.body.id}`)).status).toBe(404);
  });

  it("scores at the pass mark (66 passes at 66, fails at 67); the multiple choice is all-or-nothing", async () => {
    const submit = async (answers: Record<string, string[]>) => {
      const a = await worker.post(`/api/exams/${examId}/attempts`, {});
      const r = await worker.post(`/api/exam-attempts/${a.body.id}/submit`, { answers });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return { attemptId: a.body.id as string, ...r.body };
    };
    const [s0, m, j] = [qs[0]!, qs[8]!, qs[9]!];
    expect(s0.answer).toEqual(["A"]);
    const full = await submit(right());
    expect([full.score, full.totalPoints, full.passed, full.passMark]).toEqual([110, 110, true, 66]);
    // Half the multiple choice and one single wrong: 110 − 20 − 10 = 80.
    const partial = await submit({ ...right(), [m.id]: ["A"], [s0.id]: ["E"] });
    expect([partial.score, partial.passed]).toEqual([80, true]);
    expect(partial.results.find((r: { questionId: string }) => r.questionId === m.id)).toMatchObject({ correct: false, answer: ["A", "C"], given: ["A"] });
    expect(partial.results.find((r: { questionId: string }) => r.questionId === j.id)).toMatchObject({ correct: true, explanation: "解析：错误" });

    // The boundary, on an exam of 33 + 33 + 34 = 100 points with pass mark 66.
    const q33a = await question(entB, entBId, { kind: "single", stem: "33分题A", options: ABCDE, answer: ["A"], points: 33 });
    const q33b = await question(entB, entBId, { kind: "multiple", stem: "33分题B", options: ABCDE, answer: ["B", "C"], points: 33 });
    const q34 = await question(entB, entBId, { kind: "judge", stem: "34分题", answer: ["T"], points: 34 });
    const ex = await entB.post("/api/exams", {
      enterpriseId: entBId,
      title: `及格线考试-${tag()}`,
      questionIds: [q33a.id, q33b.id, q34.id],
      timeLimitMin: 10,
      passMark: 66,
    });
    expect(ex.body.totalPoints).toBe(100);
    const take = async (answers: Record<string, string[]>) => {
      const a = await worker.post(`/api/exams/${ex.body.id}/attempts`, {});
      const r = await worker.post(`/api/exam-attempts/${a.body.id}/submit`, { answers });
      expect(r.status).toBe(200);
      return { id: a.body.id as string, ...r.body };
    };
    const at66 = await take({ [q33a.id]: ["A"], [q33b.id]: ["C", "B"] }); // 33 + 33
    expect([at66.score, at66.passed]).toEqual([66, true]);
    const at67 = await take({ [q33a.id]: ["A"], [q34.id]: ["T"] }); // 33 + 34
    expect([at67.score, at67.passed]).toEqual([67, true]);
    const at33 = await take({ [q33a.id]: ["A"], [q33b.id]: ["B", "C", "D"], [q34.id]: ["F"] }); // extra option → 0
    expect([at33.score, at33.passed]).toEqual([33, false]);
    // Pass mark one above: 66 fails.
    const ex67 = await entB.post("/api/exams", {
      enterpriseId: entBId,
      title: `及格线67-${tag()}`,
      questionIds: [q33a.id, q33b.id, q34.id],
      timeLimitMin: 10,
      passMark: 67,
    });
    const a = await worker.post(`/api/exams/${ex67.body.id}/attempts`, {});
    const r = await worker.post(`/api/exam-attempts/${a.body.id}/submit`, { answers: { [q33a.id]: ["A"], [q33b.id]: ["B", "C"] } });
    expect([r.body.score, r.body.passed]).toEqual([66, false]);
    // Each attempt is its own training record with the result text.
    const recs = await t.db
      .select()
      .from(trainingRecords)
      .where(inArray(trainingRecords.sourceId, [at66.id, at33.id, a.body.id]));
    const byId = Object.fromEntries(recs.map((x) => [x.sourceId, x]));
    expect(byId[at66.id]).toMatchObject({ kind: "exam", personId: workerPerson, result: "合格 66 分", day: "2026-11-23" });
    expect(byId[at33.id]!.result).toBe("不合格 33 分");
    expect(byId[a.body.id]!.result).toBe("不合格 66 分");
    // After submission the attempt shows the answers.
    const after = await worker.get(`/api/exam-attempts/${at66.id}`);
    expect([after.body.status, after.body.score, after.body.passed]).toEqual(["submitted", 66, true]);
    expect(after.body.results.find((x: { questionId: string }) => x.questionId === q33b.id)).toMatchObject({
      correct: true,
      answer: ["B", "C"],
      given: ["C", "B"],
    });
    // The exam list shows the caller's best.
    const list = await worker.get(`/api/exams?enterpriseId=${entBId}`);
    expect(list.body.items.find((x: { id: string }) => x.id === ex.body.id).myBest).toEqual({ score: 67, passed: true });
    expect(list.body.items.find((x: { id: string }) => x.id === ex.body.id).myAttempts).toBe(3);
  });

  it("after the deadline and a minute of grace: 409 EXAM_TIME_OVER, still scored and recorded", async () => {
    const saved = t.clock.now;
    try {
      const onTime = await worker.post(`/api/exams/${examId}/attempts`, {});
      const late = await worker.post(`/api/exams/${examId}/attempts`, {});
      // The taker's page keeps the session alive meanwhile (SESSION_IDLE_MINUTES = 30).
      t.clock.now = new Date(TEST_NOW.getTime() + 15 * 60_000);
      expect((await worker.get(`/api/exam-attempts/${late.body.id}`)).status).toBe(200);
      t.clock.now = new Date(TEST_NOW.getTime() + 31 * 60_000 - 1000); // deadline + 59 s
      const ok = await worker.post(`/api/exam-attempts/${onTime.body.id}/submit`, { answers: right() });
      expect([ok.status, ok.body.score, ok.body.late]).toEqual([200, 110, false]);
      expect((await worker.get(`/api/exam-attempts/${late.body.id}`)).body.status).toBe("in_progress");
      t.clock.now = new Date(TEST_NOW.getTime() + 31 * 60_000 + 1000); // deadline + 61 s
      expect((await worker.get(`/api/exam-attempts/${late.body.id}`)).body.status).toBe("time_over");
      const answers = { [qs[0]!.id]: qs[0]!.answer, [qs[9]!.id]: ["F"] };
      const r = await worker.post(`/api/exam-attempts/${late.body.id}/submit`, { answers });
      expect([r.status, r.body.code]).toEqual([409, "EXAM_TIME_OVER"]);
      expect([r.body.result.score, r.body.result.passed, r.body.result.late]).toEqual([20, false, true]);
      const [row] = await t.db.select().from(examAttempts).where(eq(examAttempts.id, late.body.id));
      expect([row!.score, row!.passed, row!.submittedAt?.toISOString()]).toEqual([20, false, t.clock.now.toISOString()]);
      const [rec] = await t.db.select().from(trainingRecords).where(eq(trainingRecords.sourceId, late.body.id));
      expect(rec!.result).toBe("不合格 20 分（超时交卷）");
      // A second submission of either is refused.
      const twice = await worker.post(`/api/exam-attempts/${onTime.body.id}/submit`, { answers: right() });
      expect([twice.status, twice.body.code]).toEqual([409, "EXAM_ALREADY_SUBMITTED"]);
    } finally {
      t.clock.now = saved;
    }
  });

  it("only the one who started an attempt submits it; staff take exams as themselves; managers may name a person", async () => {
    const a = await worker.post(`/api/exams/${examId}/attempts`, {});
    for (const c of [entB, jr, entA, admin]) {
      const r = await c.post(`/api/exam-attempts/${a.body.id}/submit`, { answers: {} });
      expect([r.status, r.body.code]).toEqual([403, "FORBIDDEN"]);
    }
    const strange = await worker.post(`/api/exam-attempts/${a.body.id}/submit`, { answers: { [crypto.randomUUID()]: ["A"] } });
    expect([strange.status, fieldsOf(strange.body)]).toEqual([400, ["answers"]]);
    const other = await personOf(entBId);
    expect((await worker.post(`/api/exams/${examId}/attempts`, { personId: other })).status).toBe(403);
    const byManager = await entB.post(`/api/exams/${examId}/attempts`, { personId: other });
    expect([byManager.status, byManager.body.personId]).toEqual([201, other]);
    const submitted = await entB.post(`/api/exam-attempts/${byManager.body.id}/submit`, { answers: right() });
    expect([submitted.status, submitted.body.passed]).toEqual([200, true]);
    expect((await jr.post(`/api/exams/${examId}/attempts`, { personId: other })).status).toBe(403);
    expect((await expert.post(`/api/exams/${examId}/attempts`, { personId: other })).status).toBe(403);
    expect((await entA.post(`/api/exams/${examId}/attempts`, {})).status).toBe(403);
    const foreign = await entA.post("/api/personnel", { enterpriseId: entAId, name: "外企业考生" });
    const wrong = await entB.post(`/api/exams/${examId}/attempts`, { personId: foreign.body.id });
    expect([wrong.status, fieldsOf(wrong.body)]).toEqual([400, ["personId"]]);
  });

  it("questions in an exam keep their scoring: kind, answer and points are locked, the stem is not", async () => {
    const q = qs[0]!;
    const pts = await entB.patch(`/api/questions/${q.id}`, { points: 50 });
    expect([pts.status, pts.body.code, fieldsOf(pts.body)]).toEqual([409, "QUESTION_IN_USE", ["points"]]);
    const ans = await entB.patch(`/api/questions/${q.id}`, { answer: ["E"] });
    expect([ans.status, fieldsOf(ans.body)]).toEqual([409, ["answer"]]);
    const stem = await entB.patch(`/api/questions/${q.id}`, { stem: "单选0（修订）", explanation: "见规程" });
    expect([stem.status, stem.body.stem]).toEqual([200, "单选0（修订）"]);
    const del = await entB.del(`/api/questions/${q.id}`);
    expect([del.status, del.body.code]).toEqual([409, "QUESTION_IN_USE"]);
    const free = await question(entB, entBId, { kind: "judge", stem: "未用", answer: ["T"] });
    expect((await entB.del(`/api/questions/${free.id}`)).status).toBe(204);
  });
});

describe("openapi", () => {
  it("documents the training and personnel routes", async () => {
    const r = await admin.get("/api/openapi.json");
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining(["/api/exams/{id}/attempts", "/api/personnel/{id}/training-record.xlsx", "/api/certificates"]),
    );
  });
});

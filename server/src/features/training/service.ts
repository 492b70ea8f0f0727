/**
 * Use cases of safety learning: courses and studying them, the question bank, exams, attempts (start with a seeded
 * order, submit with domain scoring) and the training records they write. Each runs in the caller's transaction
 * and appends its audit event there.
 */
import crypto from "node:crypto";
import { and, arrayOverlaps, eq, inArray } from "drizzle-orm";
import {
  attemptOptions,
  examDeadline,
  examResultText,
  examTimeOver,
  examTotalPoints,
  scoreExam,
  seededShuffle,
  validateQuestion,
  type Actor,
  type ExamScore,
  type QuestionKind,
  type QuestionOption,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { courses, examAttempts, exams, questions, trainingRecords } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, badRequest, fieldError, forbidden, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { actingPerson, enterpriseToManage, isUuid } from "../personnel/access";
import type { PersonRow } from "../personnel/present";
import { requireFile } from "../personnel/service";
import type { CourseInput, CoursePatch, ExamInput, QuestionInput, QuestionPatch } from "./schemas";

export type CourseRow = typeof courses.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type ExamRow = typeof exams.$inferSelect;
export type AttemptRow = typeof examAttempts.$inferSelect;
export type RecordRow = typeof trainingRecords.$inferSelect;
export interface Material {
  sha256: string;
  name: string;
  mime: string;
  size: number;
}

const scopeCols = (e: EnterpriseRow) => ({ enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector });

/** Loads a row of an enterprise-scoped table for a change: missing 404; outside scope or a read-only role 403. */
async function forWrite<T extends { enterpriseId: string }>(
  tx: Queryable,
  actor: Actor,
  id: string,
  label: string,
  load: (id: string) => Promise<T | undefined>,
): Promise<{ row: T; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound(label);
  const first = await load(id);
  if (!first) throw notFound(label);
  const enterprise = await enterpriseToManage(tx, actor, first.enterpriseId, label);
  return { row: (await load(id))!, enterprise };
}

// ---- courses

async function checkMaterials(tx: Queryable, list: readonly { sha256: string; name: string }[]): Promise<Material[]> {
  const out: Material[] = [];
  for (const [i, m] of list.entries()) {
    const f = await requireFile(tx, m.sha256, `materials.${i}.sha256`);
    out.push({ sha256: f.sha256, name: m.name, mime: f.mime, size: f.size });
  }
  return out;
}

const auditCourse = (c: CourseRow) => ({ title: c.title, category: c.category, hours: c.hours, keyGroup: c.keyGroup, materials: c.materials });

export async function createCourse(tx: Queryable, actor: Actor, e: EnterpriseRow, input: CourseInput, now: Date): Promise<CourseRow> {
  const materials = await checkMaterials(tx, input.materials);
  const [row] = await tx
    .insert(courses)
    .values({
      ...scopeCols(e),
      title: input.title,
      category: input.category ?? "",
      description: input.description ?? "",
      hours: input.hours,
      materials,
      keyGroup: input.keyGroup ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, actor, { action: "course.create", targetType: "course", targetId: row!.id, enterpriseId: e.id, after: auditCourse(row!) }, now);
  return row!;
}

export const courseForWrite = (tx: Queryable, actor: Actor, id: string) =>
  forWrite(tx, actor, id, "课程", async (i) => (await tx.select().from(courses).where(eq(courses.id, i)))[0]);

export async function updateCourse(tx: Queryable, actor: Actor, e: EnterpriseRow, row: CourseRow, patch: CoursePatch, now: Date): Promise<CourseRow> {
  if (patch.enterpriseId && patch.enterpriseId !== row.enterpriseId) throw fieldError("enterpriseId", "不能更改课程所属企业");
  const materials = patch.materials ? await checkMaterials(tx, patch.materials) : row.materials;
  const [after] = await tx
    .update(courses)
    .set({
      title: patch.title ?? row.title,
      category: patch.category ?? row.category,
      description: patch.description ?? row.description,
      hours: patch.hours ?? row.hours,
      materials,
      keyGroup: patch.keyGroup === undefined ? row.keyGroup : patch.keyGroup,
      updatedAt: now,
    })
    .where(eq(courses.id, row.id))
    .returning();
  await appendAudit(
    tx,
    actor,
    { action: "course.update", targetType: "course", targetId: row.id, enterpriseId: e.id, before: auditCourse(row), after: auditCourse(after!) },
    now,
  );
  return after!;
}

/** Deleting a course keeps the training records (they hold the title) and unlinks exams from it. */
export async function deleteCourse(tx: Queryable, actor: Actor, e: EnterpriseRow, row: CourseRow, now: Date): Promise<void> {
  await tx.update(exams).set({ courseId: null }).where(eq(exams.courseId, row.id));
  await tx.delete(courses).where(eq(courses.id, row.id));
  await appendAudit(tx, actor, { action: "course.delete", targetType: "course", targetId: row.id, enterpriseId: e.id, before: auditCourse(row) }, now);
}

/** Studying a course: one training record per person and course (a second study answers the first record). */
export async function studyCourse(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  course: CourseRow,
  personId: string | undefined,
  now: Date,
): Promise<{ record: RecordRow; person: PersonRow; created: boolean }> {
  const person = await actingPerson(tx, actor, e, personId);
  const [inserted] = await tx
    .insert(trainingRecords)
    .values({
      ...scopeCols(e),
      personId: person.id,
      kind: "course",
      sourceId: course.id,
      title: course.title,
      day: shanghaiDate(now),
      hours: course.hours,
      result: "已学习",
      recordedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) {
    await appendAudit(
      tx,
      actor,
      {
        action: "course.study",
        targetType: "course",
        targetId: course.id,
        enterpriseId: e.id,
        after: { personId: person.id, recordId: inserted.id, hours: course.hours },
      },
      now,
    );
    return { record: inserted, person, created: true };
  }
  const [existing] = await tx
    .select()
    .from(trainingRecords)
    .where(and(eq(trainingRecords.personId, person.id), eq(trainingRecords.kind, "course"), eq(trainingRecords.sourceId, course.id)));
  return { record: existing!, person, created: false };
}

// ---- questions

const auditQuestion = (q: QuestionRow) => ({ bank: q.bank, kind: q.kind, stem: q.stem, options: q.options, answer: q.answer, points: q.points });

function validated(kind: QuestionKind, options: readonly QuestionOption[], answer: readonly string[]) {
  const r = validateQuestion({ kind, options, answer });
  if (!r.ok) throw badRequest(r.problems[0]!.message, r.problems);
  return r;
}

export async function createQuestion(tx: Queryable, actor: Actor, e: EnterpriseRow, input: QuestionInput, now: Date): Promise<QuestionRow> {
  const v = validated(input.kind, input.options, input.answer);
  const [row] = await tx
    .insert(questions)
    .values({
      ...scopeCols(e),
      bank: input.bank || "默认题库",
      kind: input.kind,
      stem: input.stem,
      options: v.options,
      answer: v.answer,
      explanation: input.explanation ?? "",
      points: input.points,
      createdAt: now,
    })
    .returning();
  await appendAudit(tx, actor, { action: "question.create", targetType: "question", targetId: row!.id, enterpriseId: e.id, after: auditQuestion(row!) }, now);
  return row!;
}

export const questionForWrite = (tx: Queryable, actor: Actor, id: string) =>
  forWrite(tx, actor, id, "试题", async (i) => (await tx.select().from(questions).where(eq(questions.id, i)))[0]);

const examsUsing = (tx: Queryable, questionId: string) =>
  tx
    .select({ id: exams.id, title: exams.title })
    .from(exams)
    .where(arrayOverlaps(exams.questionIds, [questionId]));

export async function updateQuestion(tx: Queryable, actor: Actor, e: EnterpriseRow, row: QuestionRow, patch: QuestionPatch, now: Date): Promise<QuestionRow> {
  if (patch.enterpriseId && patch.enterpriseId !== row.enterpriseId) throw fieldError("enterpriseId", "不能更改试题所属企业");
  const kind = (patch.kind ?? row.kind) as QuestionKind;
  const v = validated(kind, patch.options ?? (row.options as QuestionOption[]), patch.answer ?? row.answer);
  const points = patch.points ?? row.points;
  // An exam's total and its attempts' scores rest on the question's kind, options, answer and points.
  const scoringChanged =
    kind !== row.kind || JSON.stringify(v.options) !== JSON.stringify(row.options) || v.answer.join() !== row.answer.join() || points !== row.points;
  if (scoringChanged) {
    const used = await examsUsing(tx, row.id);
    if (used.length) {
      const field = points !== row.points ? "points" : kind !== row.kind ? "kind" : v.answer.join() !== row.answer.join() ? "answer" : "options";
      throw fieldError(
        field,
        `试题已用于考试「${used.map((x) => x.title).join("、")}」，不能修改题型、选项、答案或分值（可修改题干和解析）`,
        "QUESTION_IN_USE",
        409,
      );
    }
  }
  const [after] = await tx
    .update(questions)
    .set({
      bank: patch.bank || row.bank,
      kind,
      stem: patch.stem ?? row.stem,
      options: v.options,
      answer: v.answer,
      explanation: patch.explanation ?? row.explanation,
      points,
    })
    .where(eq(questions.id, row.id))
    .returning();
  await appendAudit(
    tx,
    actor,
    { action: "question.update", targetType: "question", targetId: row.id, enterpriseId: e.id, before: auditQuestion(row), after: auditQuestion(after!) },
    now,
  );
  return after!;
}

export async function deleteQuestion(tx: Queryable, actor: Actor, e: EnterpriseRow, row: QuestionRow, now: Date): Promise<void> {
  const used = await examsUsing(tx, row.id);
  if (used.length) throw new AppError(409, "QUESTION_IN_USE", `试题已用于考试「${used.map((x) => x.title).join("、")}」，不能删除`);
  await tx.delete(questions).where(eq(questions.id, row.id));
  await appendAudit(tx, actor, { action: "question.delete", targetType: "question", targetId: row.id, enterpriseId: e.id, before: auditQuestion(row) }, now);
}

// ---- exams

export async function createExam(tx: Queryable, actor: Actor, e: EnterpriseRow, input: ExamInput, now: Date): Promise<ExamRow> {
  const ids = [...new Set(input.questionIds)];
  if (ids.length !== input.questionIds.length) throw fieldError("questionIds", "试题不能重复");
  const found = await tx
    .select({ id: questions.id, points: questions.points })
    .from(questions)
    .where(and(inArray(questions.id, ids), eq(questions.enterpriseId, e.id)));
  if (found.length !== ids.length) throw fieldError("questionIds", `有 ${ids.length - found.length} 道试题不存在或不属于本企业题库`);
  const totalPoints = examTotalPoints(found);
  if (input.passMark > totalPoints) throw fieldError("passMark", `及格分不能高于总分 ${totalPoints}`);
  if (input.openFrom && input.openUntil && input.openUntil <= input.openFrom) throw fieldError("openUntil", "截止时间应晚于开放时间");
  if (input.courseId) {
    const [c] = await tx
      .select({ id: courses.id })
      .from(courses)
      .where(and(eq(courses.id, input.courseId), eq(courses.enterpriseId, e.id)));
    if (!c) throw fieldError("courseId", "课程不存在或不属于本企业");
  }
  const [row] = await tx
    .insert(exams)
    .values({
      ...scopeCols(e),
      title: input.title,
      courseId: input.courseId ?? null,
      questionIds: ids,
      timeLimitMin: input.timeLimitMin,
      passMark: input.passMark,
      totalPoints,
      shuffle: input.shuffle,
      openFrom: input.openFrom ?? null,
      openUntil: input.openUntil ?? null,
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning();
  await appendAudit(
    tx,
    actor,
    {
      action: "exam.create",
      targetType: "exam",
      targetId: row!.id,
      enterpriseId: e.id,
      after: { title: row!.title, questionIds: ids, totalPoints, passMark: row!.passMark, timeLimitMin: row!.timeLimitMin, shuffle: row!.shuffle },
    },
    now,
  );
  return row!;
}

/** The questions of an exam by id (the attempt's order is applied by the caller). */
export async function questionsById(db: Queryable, ids: readonly string[]): Promise<Map<string, QuestionRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(questions)
    .where(inArray(questions.id, [...ids]));
  return new Map(rows.map((q) => [q.id, q]));
}

/** A question as an attempt shows it: options in the attempt's order, never the answer. */
export function paperQuestion(q: QuestionRow, attemptId: string, shuffle: boolean) {
  return {
    id: q.id,
    kind: q.kind,
    stem: q.stem,
    points: q.points,
    options: attemptOptions(q.kind as QuestionKind, q.options as QuestionOption[], attemptId, q.id, shuffle),
  };
}

export async function startAttempt(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  exam: ExamRow,
  personId: string | undefined,
  now: Date,
): Promise<{ attempt: AttemptRow; person: PersonRow }> {
  const person = await actingPerson(tx, actor, e, personId);
  if (exam.openFrom && now < exam.openFrom) throw new AppError(409, "EXAM_NOT_OPEN", `考试尚未开放（${shanghaiDate(exam.openFrom)} 起）`);
  if (exam.openUntil && now > exam.openUntil) throw new AppError(409, "EXAM_CLOSED", "考试已截止");
  const id = crypto.randomUUID();
  const order = exam.shuffle ? seededShuffle(exam.questionIds, id) : [...exam.questionIds];
  const [attempt] = await tx
    .insert(examAttempts)
    .values({
      id,
      ...scopeCols(e),
      examId: exam.id,
      personId: person.id,
      userId: actor.userId,
      startedAt: now,
      deadline: examDeadline(now, exam.timeLimitMin),
      questionOrder: order,
    })
    .returning();
  await appendAudit(
    tx,
    actor,
    { action: "exam.start", targetType: "exam_attempt", targetId: id, enterpriseId: e.id, after: { examId: exam.id, personId: person.id } },
    now,
  );
  return { attempt: attempt!, person };
}

export interface SubmitOutcome {
  result: ExamScore & { explanations: Record<string, string> };
  late: boolean;
  attempt: AttemptRow;
}

/**
 * Scores and stores a submission, and writes the training record. Late (after the deadline and its grace) is still
 * scored and stored; the caller answers 409 EXAM_TIME_OVER with the result.
 */
export async function submitAttempt(tx: Queryable, actor: Actor, attemptId: string, answers: Record<string, string[]>, now: Date): Promise<SubmitOutcome> {
  if (!isUuid(attemptId)) throw notFound("考试记录");
  const [attempt] = await tx.select().from(examAttempts).where(eq(examAttempts.id, attemptId)).for("update");
  if (!attempt) throw notFound("考试记录");
  if (attempt.userId !== actor.userId) throw forbidden("只能提交本人开始的考试");
  if (attempt.submittedAt) throw new AppError(409, "EXAM_ALREADY_SUBMITTED", "本次考试已交卷");
  const [exam] = await tx.select().from(exams).where(eq(exams.id, attempt.examId));
  const unknown = Object.keys(answers).filter((k) => !attempt.questionOrder.includes(k));
  if (unknown.length) throw fieldError("answers", `答案中有 ${unknown.length} 道题不在本次试卷中`);
  const qs = await questionsById(tx, attempt.questionOrder);
  const scored = scoreExam(
    attempt.questionOrder
      .filter((id) => qs.has(id))
      .map((id) => ({ id, kind: qs.get(id)!.kind as QuestionKind, answer: qs.get(id)!.answer, points: qs.get(id)!.points })),
    answers,
    exam!.passMark,
  );
  const late = examTimeOver(attempt.deadline, now);
  const [after] = await tx
    .update(examAttempts)
    .set({ answers, submittedAt: now, score: scored.score, passed: scored.passed })
    .where(eq(examAttempts.id, attempt.id))
    .returning();
  await tx
    .insert(trainingRecords)
    .values({
      enterpriseId: attempt.enterpriseId,
      regionPath: attempt.regionPath,
      sector: attempt.sector,
      personId: attempt.personId,
      kind: "exam",
      sourceId: attempt.id,
      title: exam!.title,
      day: shanghaiDate(now),
      hours: 0,
      result: examResultText(scored.score, scored.passed) + (late ? "（超时交卷）" : ""),
      recordedAt: now,
    })
    .onConflictDoNothing();
  await appendAudit(
    tx,
    actor,
    {
      action: "exam.submit",
      targetType: "exam_attempt",
      targetId: attempt.id,
      enterpriseId: attempt.enterpriseId,
      after: { examId: attempt.examId, personId: attempt.personId, score: scored.score, passed: scored.passed, late },
    },
    now,
  );
  const explanations = Object.fromEntries([...qs.values()].map((q) => [q.id, q.explanation]));
  return { result: { ...scored, explanations }, late, attempt: after! };
}

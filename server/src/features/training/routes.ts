/**
 * 安全学习 (docs/steward.md "Training and exams"): courses with materials and studying them, the question bank,
 * exams with a time limit, random order and pass mark, attempts (started with a seeded order and no answers,
 * submitted and scored by the domain), and the training records all of these write. Managers (enterprise leader,
 * safety manager, admin) write; enterprise staff study and take exams as their own person; regulators and experts
 * read in scope. Read outside → 404, write outside or by a read-only role → 403.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { examTimeOver, QUESTION_KINDS, type Actor, type QuestionKind } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { courses, enterprises, examAttempts, exams, personnel, questions, trainingRecords } from "../../db/schema";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { likeEscape, scopeWhereOn } from "../../platform/scope";
import { canManage, canRead, enterpriseToManage, enterpriseToRead, isUuid, MANAGER_ROLES, ownPerson } from "../personnel/access";
import { sendStoredFile } from "../personnel/download";
import { presentRecord } from "../personnel/present";
import {
  attemptInput,
  courseInput,
  courseListQuery,
  coursePatch,
  examInput,
  examListQuery,
  idParams,
  questionInput,
  questionListQuery,
  questionPatch,
  recordListQuery,
  studyInput,
  submitInput,
} from "./schemas";
import {
  courseForWrite,
  createCourse,
  createExam,
  createQuestion,
  deleteCourse,
  deleteQuestion,
  paperQuestion,
  questionForWrite,
  questionsById,
  startAttempt,
  studyCourse,
  submitAttempt,
  updateCourse,
  updateQuestion,
  type AttemptRow,
  type CourseRow,
  type ExamRow,
  type Material,
  type QuestionRow,
} from "./service";

type Scoped = { enterpriseId: string; regionPath: string; sector: string };
const readable = (actor: Actor, r: Scoped) => canRead(actor, { id: r.enterpriseId, regionPath: r.regionPath, sector: r.sector });
/** Enterprise staff take exams; the question bank with its answers is for the others. */
const seesAnswers = (actor: Actor) => actor.role !== "enterprise_staff";

async function createAbility(db: Queryable, actor: Actor, enterpriseId: string | undefined) {
  if (!enterpriseId) return (MANAGER_ROLES as readonly string[]).includes(actor.role);
  return canManage(actor, await enterpriseToRead(db, actor, enterpriseId));
}

/** Loads a row in scope for reading, or 404 naming `label`. */
async function readRow<T extends Scoped>(actor: Actor, label: string, id: string, load: (id: string) => Promise<T | undefined>): Promise<T> {
  if (!isUuid(id)) throw notFound(label);
  const row = await load(id);
  if (!row || !readable(actor, row)) throw notFound(label);
  return row;
}

function presentCourse(c: CourseRow, enterpriseName: string, studied: boolean | null) {
  return {
    id: c.id,
    enterpriseId: c.enterpriseId,
    enterpriseName,
    title: c.title,
    category: c.category,
    description: c.description,
    hours: c.hours,
    materials: (c.materials as Material[]).map((m) => ({ ...m, url: `/api/courses/${c.id}/materials/${m.sha256}` })),
    keyGroup: c.keyGroup,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    studied,
  };
}

function presentQuestion(q: QuestionRow) {
  return {
    id: q.id,
    enterpriseId: q.enterpriseId,
    bank: q.bank,
    kind: q.kind,
    kindName: QUESTION_KINDS[q.kind as QuestionKind]?.zh ?? q.kind,
    stem: q.stem,
    options: q.options,
    answer: q.answer,
    explanation: q.explanation,
    points: q.points,
    createdAt: q.createdAt,
  };
}

function presentExam(
  x: ExamRow,
  extra: { enterpriseName: string; courseTitle: string | null; myBest: { score: number; passed: boolean } | null; myAttempts: number },
) {
  return {
    id: x.id,
    enterpriseId: x.enterpriseId,
    enterpriseName: extra.enterpriseName,
    title: x.title,
    courseId: x.courseId,
    courseTitle: extra.courseTitle,
    questionIds: x.questionIds,
    questionCount: x.questionIds.length,
    timeLimitMin: x.timeLimitMin,
    passMark: x.passMark,
    totalPoints: x.totalPoints,
    shuffle: x.shuffle,
    openFrom: x.openFrom,
    openUntil: x.openUntil,
    createdAt: x.createdAt,
    myBest: extra.myBest,
    myAttempts: extra.myAttempts,
  };
}

export async function trainingRoutes(app: App): Promise<void> {
  const { db, config } = app.ctx;
  const tags = ["training"];
  const now = () => app.ctx.now();

  /** The caller's best submitted attempt and attempt count per exam. */
  const myAttempts = async (actor: Actor, examIds: string[]) => {
    const out = new Map<string, { best: { score: number; passed: boolean } | null; n: number }>();
    if (!examIds.length) return out;
    const rows = await db
      .select({ examId: examAttempts.examId, score: examAttempts.score, passed: examAttempts.passed })
      .from(examAttempts)
      .where(and(inArray(examAttempts.examId, examIds), eq(examAttempts.userId, actor.userId)));
    for (const r of rows) {
      const cur = out.get(r.examId) ?? { best: null, n: 0 };
      cur.n++;
      if (r.score !== null && (!cur.best || r.score > cur.best.score)) cur.best = { score: r.score, passed: !!r.passed };
      out.set(r.examId, cur);
    }
    return out;
  };

  const examView = async (actor: Actor, x: ExamRow) => {
    const [[e], course, mine] = await Promise.all([
      db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, x.enterpriseId)),
      x.courseId ? db.select({ title: courses.title }).from(courses).where(eq(courses.id, x.courseId)) : Promise.resolve([]),
      myAttempts(actor, [x.id]),
    ]);
    return presentExam(x, {
      enterpriseName: e?.name ?? "",
      courseTitle: course[0]?.title ?? null,
      myBest: mine.get(x.id)?.best ?? null,
      myAttempts: mine.get(x.id)?.n ?? 0,
    });
  };

  /** An attempt as its reader sees it: no answers before submission; after it the results with the explanation. */
  const attemptView = async (a: AttemptRow) => {
    const [[exam], [person], qs] = await Promise.all([
      db.select().from(exams).where(eq(exams.id, a.examId)),
      db.select({ name: personnel.name }).from(personnel).where(eq(personnel.id, a.personId)),
      questionsById(db, a.questionOrder),
    ]);
    const paper = a.questionOrder.filter((id) => qs.has(id)).map((id) => paperQuestion(qs.get(id)!, a.id, exam!.shuffle));
    const answers = (a.answers ?? {}) as Record<string, string[]>;
    const submitted = !!a.submittedAt;
    return {
      id: a.id,
      examId: a.examId,
      examTitle: exam!.title,
      enterpriseId: a.enterpriseId,
      personId: a.personId,
      personName: person?.name ?? "",
      userId: a.userId,
      startedAt: a.startedAt,
      deadline: a.deadline,
      submittedAt: a.submittedAt,
      timeLimitMin: exam!.timeLimitMin,
      passMark: exam!.passMark,
      totalPoints: exam!.totalPoints,
      status: submitted ? "submitted" : examTimeOver(a.deadline, now()) ? "time_over" : "in_progress",
      score: a.score,
      passed: a.passed,
      questions: paper,
      answers: submitted ? answers : {},
      results: submitted
        ? paper.map((p) => {
            const q = qs.get(p.id)!;
            const given = answers[p.id] ?? [];
            const correct = given.length > 0 && new Set(given).size === q.answer.length && q.answer.every((k) => given.includes(k));
            return { questionId: p.id, correct, answer: q.answer, given, explanation: q.explanation };
          })
        : null,
    };
  };

  // ---- courses

  app.get("/api/courses", { schema: { tags, summary: "课程列表", querystring: courseListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const create = await createAbility(db, actor, q.enterpriseId);
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, courses)];
    if (q.enterpriseId) conds.push(eq(courses.enterpriseId, q.enterpriseId));
    if (q.keyGroup) conds.push(eq(courses.keyGroup, q.keyGroup));
    if (q.q) conds.push(ilike(courses.title, `%${likeEscape(q.q)}%`));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      db
        .select({ course: courses, enterpriseName: enterprises.name })
        .from(courses)
        .innerJoin(enterprises, eq(enterprises.id, courses.enterpriseId))
        .where(where)
        .orderBy(desc(courses.createdAt), asc(courses.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(courses).where(where),
    ]);
    // "studied" for the caller's own person(s).
    const studied = new Set(
      rows.length
        ? (
            await db
              .select({ sourceId: trainingRecords.sourceId })
              .from(trainingRecords)
              .innerJoin(personnel, eq(personnel.id, trainingRecords.personId))
              .where(
                and(
                  eq(personnel.userId, actor.userId),
                  eq(trainingRecords.kind, "course"),
                  inArray(
                    trainingRecords.sourceId,
                    rows.map((r) => r.course.id),
                  ),
                ),
              )
          ).map((r) => r.sourceId)
        : [],
    );
    return {
      items: rows.map((r) => presentCourse(r.course, r.enterpriseName, studied.has(r.course.id))),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      abilities: { create },
    };
  });

  app.post("/api/courses", { schema: { tags, summary: "新增课程（课件先经 POST /api/files 上传）", body: courseInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const [row, e] = await db.transaction(async (tx) => {
      const ent = await enterpriseToManage(tx, actor, req.body.enterpriseId);
      return [await createCourse(tx, actor, ent, req.body, now()), ent] as const;
    });
    return reply.status(201).send(presentCourse(row, e.name, false));
  });

  const loadCourse = (id: string) =>
    db
      .select()
      .from(courses)
      .where(eq(courses.id, id))
      .then((r) => r[0]);

  app.get("/api/courses/:id", { schema: { tags, summary: "课程详情", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const c = await readRow(actor, "课程", req.params.id, loadCourse);
    const [[e], own] = await Promise.all([db.select().from(enterprises).where(eq(enterprises.id, c.enterpriseId)), ownPerson(db, actor, c.enterpriseId)]);
    const [rec] = own
      ? await db
          .select()
          .from(trainingRecords)
          .where(and(eq(trainingRecords.personId, own.id), eq(trainingRecords.kind, "course"), eq(trainingRecords.sourceId, c.id)))
      : [];
    const manage = canManage(actor, e!);
    return {
      ...presentCourse(c, e!.name, !!rec),
      myRecord: rec ? presentRecord(rec, own!.name) : null,
      abilities: { edit: manage, delete: manage, study: manage || (actor.role === "enterprise_staff" && !!own) },
    };
  });

  app.patch("/api/courses/:id", { schema: { tags, summary: "修改课程", params: idParams, body: coursePatch } }, async (req) => {
    const actor = actorOf(req);
    const [row, e] = await db.transaction(async (tx) => {
      const { row: c, enterprise } = await courseForWrite(tx, actor, req.params.id);
      return [await updateCourse(tx, actor, enterprise, c, req.body, now()), enterprise] as const;
    });
    return presentCourse(row, e.name, null);
  });

  app.delete("/api/courses/:id", { schema: { tags, summary: "删除课程（培训记录保留）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await courseForWrite(tx, actor, req.params.id);
      await deleteCourse(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });

  app.post("/api/courses/:id/study", { schema: { tags, summary: "学习课程（记入培训记录）", params: idParams, body: studyInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const out = await db.transaction(async (tx) => {
      if (!isUuid(req.params.id)) throw notFound("课程");
      const [c] = await tx.select().from(courses).where(eq(courses.id, req.params.id));
      if (!c) throw notFound("课程");
      const [e] = await tx.select().from(enterprises).where(eq(enterprises.id, c.enterpriseId));
      return studyCourse(tx, actor, e!, c, req.body?.personId, now());
    });
    return reply.status(out.created ? 201 : 200).send(presentRecord(out.record, out.person.name));
  });

  app.get(
    "/api/courses/:id/materials/:sha256",
    {
      schema: {
        tags,
        summary: "下载课件（?thumbnail=1 取缩略图）",
        params: z.object({ id: z.string().max(64), sha256: z.string().max(64) }),
        querystring: z.object({ thumbnail: z.enum(["0", "1"]).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const c = await readRow(actor, "课程", req.params.id, loadCourse);
      const sha = req.params.sha256.toLowerCase();
      if (!(c.materials as Material[]).some((m) => m.sha256 === sha)) throw notFound("课件");
      return sendStoredFile(db, config, reply, sha, req.query.thumbnail === "1");
    },
  );

  // ---- questions

  app.get("/api/questions", { schema: { tags, summary: "题库（含答案；岗位员工不可见）", querystring: questionListQuery } }, async (req) => {
    const actor = actorOf(req);
    if (!seesAnswers(actor)) throw forbidden("题库含标准答案，岗位员工不能查看");
    const q = req.query;
    const create = await createAbility(db, actor, q.enterpriseId);
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, questions)];
    if (q.enterpriseId) conds.push(eq(questions.enterpriseId, q.enterpriseId));
    if (q.bank) conds.push(eq(questions.bank, q.bank));
    if (q.kind) conds.push(eq(questions.kind, q.kind));
    if (q.q) conds.push(ilike(questions.stem, `%${likeEscape(q.q)}%`));
    const where = and(...conds);
    const [rows, [total], banks] = await Promise.all([
      db
        .select()
        .from(questions)
        .where(where)
        .orderBy(asc(questions.bank), asc(questions.createdAt), asc(questions.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(questions).where(where),
      db
        .selectDistinct({ bank: questions.bank })
        .from(questions)
        .where(and(scopeWhereOn(actor.scope, questions), q.enterpriseId ? eq(questions.enterpriseId, q.enterpriseId) : undefined))
        .orderBy(asc(questions.bank))
        .limit(200),
    ]);
    return {
      items: rows.map(presentQuestion),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      banks: banks.map((b) => b.bank),
      abilities: { create },
    };
  });

  app.post("/api/questions", { schema: { tags, summary: "新增试题", body: questionInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createQuestion(tx, actor, await enterpriseToManage(tx, actor, req.body.enterpriseId), req.body, now()));
    return reply.status(201).send(presentQuestion(row));
  });

  app.patch("/api/questions/:id", { schema: { tags, summary: "修改试题", params: idParams, body: questionPatch } }, async (req) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => {
      const { row: q, enterprise } = await questionForWrite(tx, actor, req.params.id);
      return updateQuestion(tx, actor, enterprise, q, req.body, now());
    });
    return presentQuestion(row);
  });

  app.delete("/api/questions/:id", { schema: { tags, summary: "删除试题（已用于考试的不能删除）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await questionForWrite(tx, actor, req.params.id);
      await deleteQuestion(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });

  // ---- exams

  app.get("/api/exams", { schema: { tags, summary: "考试列表", querystring: examListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const create = await createAbility(db, actor, q.enterpriseId);
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, exams)];
    if (q.enterpriseId) conds.push(eq(exams.enterpriseId, q.enterpriseId));
    if (q.courseId) conds.push(eq(exams.courseId, q.courseId));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      db
        .select({ exam: exams, enterpriseName: enterprises.name, courseTitle: courses.title })
        .from(exams)
        .innerJoin(enterprises, eq(enterprises.id, exams.enterpriseId))
        .leftJoin(courses, eq(courses.id, exams.courseId))
        .where(where)
        .orderBy(desc(exams.createdAt), asc(exams.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(exams).where(where),
    ]);
    const mine = await myAttempts(
      actor,
      rows.map((r) => r.exam.id),
    );
    return {
      items: rows.map((r) =>
        presentExam(r.exam, {
          enterpriseName: r.enterpriseName,
          courseTitle: r.courseTitle ?? null,
          myBest: mine.get(r.exam.id)?.best ?? null,
          myAttempts: mine.get(r.exam.id)?.n ?? 0,
        }),
      ),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      abilities: { create },
    };
  });

  app.post("/api/exams", { schema: { tags, summary: "新建考试（总分由试题分值计算）", body: examInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) => createExam(tx, actor, await enterpriseToManage(tx, actor, req.body.enterpriseId), req.body, now()));
    return reply.status(201).send(await examView(actor, row));
  });

  const loadExam = (id: string) =>
    db
      .select()
      .from(exams)
      .where(eq(exams.id, id))
      .then((r) => r[0]);

  app.get("/api/exams/:id", { schema: { tags, summary: "考试详情（岗位员工看不到试题答案）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const x = await readRow(actor, "考试", req.params.id, loadExam);
    const [e] = await db.select().from(enterprises).where(eq(enterprises.id, x.enterpriseId));
    const manage = canManage(actor, e!);
    const own = await ownPerson(db, actor, x.enterpriseId);
    const staff = !seesAnswers(actor);
    const attempts = await db
      .select({ a: examAttempts, personName: personnel.name })
      .from(examAttempts)
      .innerJoin(personnel, eq(personnel.id, examAttempts.personId))
      .where(and(eq(examAttempts.examId, x.id), staff ? eq(examAttempts.userId, actor.userId) : undefined))
      .orderBy(desc(examAttempts.startedAt))
      .limit(500);
    let paper: ReturnType<typeof presentQuestion>[] | null = null;
    if (!staff) {
      const qs = await questionsById(db, x.questionIds);
      paper = x.questionIds.filter((id) => qs.has(id)).map((id) => presentQuestion(qs.get(id)!));
    }
    return {
      ...(await examView(actor, x)),
      questions: paper,
      attempts: attempts.map((r) => ({
        id: r.a.id,
        personId: r.a.personId,
        personName: r.personName,
        startedAt: r.a.startedAt,
        deadline: r.a.deadline,
        submittedAt: r.a.submittedAt,
        score: r.a.score,
        passed: r.a.passed,
      })),
      abilities: { manage, take: manage || (actor.role === "enterprise_staff" && !!own), choosePerson: manage },
    };
  });

  app.post(
    "/api/exams/:id/attempts",
    { schema: { tags, summary: "开始考试（试题随机排序，不含答案）", params: idParams, body: attemptInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { attempt, person, exam } = await db.transaction(async (tx) => {
        if (!isUuid(req.params.id)) throw notFound("考试");
        const [x] = await tx.select().from(exams).where(eq(exams.id, req.params.id));
        if (!x) throw notFound("考试");
        const [e] = await tx.select().from(enterprises).where(eq(enterprises.id, x.enterpriseId));
        return { ...(await startAttempt(tx, actor, e!, x, req.body?.personId, now())), exam: x };
      });
      const qs = await questionsById(db, attempt.questionOrder);
      return reply.status(201).send({
        id: attempt.id,
        examId: exam.id,
        examTitle: exam.title,
        personId: person.id,
        personName: person.name,
        startedAt: attempt.startedAt,
        deadline: attempt.deadline,
        timeLimitMin: exam.timeLimitMin,
        totalPoints: exam.totalPoints,
        passMark: exam.passMark,
        questions: attempt.questionOrder.filter((id) => qs.has(id)).map((id) => paperQuestion(qs.get(id)!, attempt.id, exam.shuffle)),
      });
    },
  );

  app.get("/api/exam-attempts/:id", { schema: { tags, summary: "考试记录（交卷后才显示答案）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const a = await readRow(actor, "考试记录", req.params.id, (id) =>
      db
        .select()
        .from(examAttempts)
        .where(eq(examAttempts.id, id))
        .then((r) => r[0]),
    );
    // Enterprise staff see their own attempts only.
    if (!seesAnswers(actor) && a.userId !== actor.userId) throw notFound("考试记录");
    return attemptView(a);
  });

  app.post(
    "/api/exam-attempts/:id/submit",
    { schema: { tags, summary: "交卷评分（超时 1 分钟后交卷：409 EXAM_TIME_OVER，仍按已答评分）", params: idParams, body: submitInput } },
    async (req) => {
      const actor = actorOf(req);
      const out = await db.transaction((tx) => submitAttempt(tx, actor, req.params.id, req.body.answers, now()));
      const r = out.result;
      const result = {
        attemptId: out.attempt.id,
        score: r.score,
        totalPoints: r.totalPoints,
        passed: r.passed,
        passMark: r.passMark,
        submittedAt: out.attempt.submittedAt,
        late: out.late,
        results: r.results.map((x) => ({ ...x, explanation: r.explanations[x.questionId] ?? "" })),
      };
      if (out.late)
        throw new AppError(409, "EXAM_TIME_OVER", `考试时间已到（截止 ${out.attempt.deadline.toISOString()}），已按所交答案评分`, undefined, { result });
      return result;
    },
  );

  // ---- training records

  app.get("/api/training/records", { schema: { tags, summary: "培训记录（课程、考试、班前教育、外部培训）", querystring: recordListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, trainingRecords)];
    if (q.enterpriseId) {
      await enterpriseToRead(db, actor, q.enterpriseId);
      conds.push(eq(trainingRecords.enterpriseId, q.enterpriseId));
    }
    if (q.personId) {
      const [p] = await db.select().from(personnel).where(eq(personnel.id, q.personId));
      if (!p || !readable(actor, p)) throw notFound("人员");
      conds.push(eq(trainingRecords.personId, q.personId));
    }
    // Enterprise staff: their own records only.
    if (!seesAnswers(actor)) conds.push(sql`${trainingRecords.personId} IN (SELECT id FROM personnel WHERE user_id = ${actor.userId})`);
    if (q.kind) conds.push(eq(trainingRecords.kind, q.kind));
    if (q.from) conds.push(gte(trainingRecords.day, q.from));
    if (q.to) conds.push(lte(trainingRecords.day, q.to));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      db
        .select({ r: trainingRecords, personName: personnel.name })
        .from(trainingRecords)
        .innerJoin(personnel, eq(personnel.id, trainingRecords.personId))
        .where(where)
        .orderBy(desc(trainingRecords.day), desc(trainingRecords.recordedAt), asc(trainingRecords.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(trainingRecords).where(where),
    ]);
    return { items: rows.map((x) => presentRecord(x.r, x.personName)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  });
}

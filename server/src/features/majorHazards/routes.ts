/**
 * 重大危险源辨识与分级 (GB 18218-2018): the calculator and its tables, and hazard units (生产单元/储存单元) with their
 * grading, 包保责任人 and regulator review (docs/monitoring.md "GB 18218").
 * Pipelines: validate (zod) → load in scope (read 404 / write 403) → use case in one transaction with its audit event.
 */
import { and, count, eq, ilike, or, type SQL } from "drizzle-orm";
import {
  canWriteEnterprise,
  GB18218_ALPHA_BANDS,
  GB18218_CLASSES,
  GB18218_GRADE_BANDS,
  GB18218_TABLE1,
  GB18218_VERSION,
  findHazardClass,
  table3BetaFor,
  type Actor,
  type Sector,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { hazardUnits } from "../../db/schema";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { enterpriseForRead, enterpriseForWrite, likeEscape, scopeWhereOn, type EnterpriseRow } from "../../platform/scope";
import { canReview, canSubmit, isUuid, presentDetail, presentItem, selectItems } from "./present";
import { calculatorInput, idParams, reviewInput, submitInput, unitInput, unitListQuery, unitPatch } from "./schemas";
import { createUnit, deleteUnit, grade, reviewUnit, submitUnit, updateUnit, type UnitRow } from "./service";

const LABEL = "重大危险源单元";

/** The enterprise for reading (404) or writing (403); a 404 names the unit. */
async function enterpriseOf(tx: Queryable, actor: Actor, enterpriseId: string, mode: "read" | "write", label = LABEL): Promise<EnterpriseRow> {
  try {
    return mode === "read" ? await enterpriseForRead(tx, actor, enterpriseId) : await enterpriseForWrite(tx, actor, enterpriseId);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound(label);
    throw e;
  }
}

/** Loads a unit for writing: missing 404, not writable 403; re-read under the enterprise lock. */
async function loadForWrite(tx: Queryable, actor: Actor, id: string): Promise<{ row: UnitRow; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound(LABEL);
  const [row] = await tx.select({ enterpriseId: hazardUnits.enterpriseId }).from(hazardUnits).where(eq(hazardUnits.id, id));
  if (!row) throw notFound(LABEL);
  const enterprise = await enterpriseOf(tx, actor, row.enterpriseId, "write");
  const [locked] = await tx.select().from(hazardUnits).where(eq(hazardUnits.id, id));
  if (!locked) throw notFound(LABEL);
  return { row: locked, enterprise };
}

export async function majorHazardRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["major-hazards"];
  const now = () => app.ctx.now();

  // ---- calculator
  app.get("/api/calculators/gb18218/chemicals", { schema: { tags, summary: "GB 18218 表1危险化学品、表2/表4类别、α 与分级标准" } }, async () => {
    return {
      version: GB18218_VERSION,
      table1: GB18218_TABLE1.map((e) => {
        const t3 = table3BetaFor(e.no);
        return {
          no: e.no,
          name: e.name,
          alias: e.alias,
          cas: e.cas,
          casNumbers: e.casNumbers,
          threshold: e.threshold,
          defaultClass: e.defaultClass,
          beta: t3 ?? findHazardClass(e.defaultClass)!.beta,
          betaSource: t3 !== undefined ? "table3" : "class",
        };
      }),
      classes: GB18218_CLASSES.map((c) => ({ symbol: c.symbol, group: c.group, groupEn: c.groupEn, zh: c.zh, en: c.en, threshold: c.threshold, beta: c.beta })),
      alphaBands: GB18218_ALPHA_BANDS,
      gradeBands: GB18218_GRADE_BANDS.map((b) => ({ grade: b.grade, min: Number.isFinite(b.min) ? b.min : 0, zh: b.zh, en: b.en })),
    };
  });

  app.post(
    "/api/calculators/gb18218",
    { schema: { tags, summary: "GB 18218 重大危险源辨识与分级计算（S = Σq/Q，R = α·Σβq/Q）", body: calculatorInput } },
    async (req) => {
      actorOf(req);
      return grade(req.body.exposedPeople, req.body.substances).result;
    },
  );

  // ---- hazard units
  app.get("/api/hazard-units", { schema: { tags, summary: "重大危险源单元列表（按辖区）", querystring: unitListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    let create = ["admin", "regulator", "enterprise_leader", "enterprise_safety"].includes(actor.role);
    if (q.enterpriseId) {
      const e = await enterpriseOf(db, actor, q.enterpriseId, "read", "企业");
      create = canWriteEnterprise(actor, { id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });
    }
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, hazardUnits)];
    if (q.enterpriseId) conds.push(eq(hazardUnits.enterpriseId, q.enterpriseId));
    if (q.major) conds.push(eq(hazardUnits.isMajor, q.major === "true"));
    if (q.grade) conds.push(eq(hazardUnits.grade, q.grade));
    if (q.reviewStatus) conds.push(eq(hazardUnits.reviewStatus, q.reviewStatus));
    if (q.q) conds.push(or(ilike(hazardUnits.name, `%${likeEscape(q.q)}%`), ilike(hazardUnits.code, `%${likeEscape(q.q)}%`)));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      selectItems(db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      db.select({ n: count() }).from(hazardUnits).where(where),
    ]);
    return { items: rows.map(presentItem), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize, abilities: { create } };
  });

  app.post("/api/hazard-units", { schema: { tags, summary: "登记重大危险源单元（服务器按 GB 18218 辨识分级）", body: unitInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) =>
      createUnit(tx, actor, await enterpriseOf(tx, actor, req.body.enterpriseId, "write", "企业"), req.body, now()),
    );
    return reply.status(201).send(await presentDetail(db, actor, row.id));
  });

  app.get("/api/hazard-units/:id", { schema: { tags, summary: "重大危险源单元详情（含各项计算值）", params: idParams } }, async (req) => {
    return presentDetail(db, actorOf(req), req.params.id);
  });

  app.patch("/api/hazard-units/:id", { schema: { tags, summary: "修改重大危险源单元（重新辨识分级）", params: idParams, body: unitPatch } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await loadForWrite(tx, actor, req.params.id);
      return updateUnit(tx, actor, enterprise, row, req.body, now());
    });
    return presentDetail(db, actor, req.params.id);
  });

  app.delete("/api/hazard-units/:id", { schema: { tags, summary: "删除重大危险源单元", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row, enterprise } = await loadForWrite(tx, actor, req.params.id);
      await deleteUnit(tx, actor, enterprise, row, now());
    });
    return reply.status(204).send();
  });

  app.post("/api/hazard-units/:id/submit", { schema: { tags, summary: "企业提交重大危险源单元待审核", params: idParams, body: submitInput } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => {
      const { row } = await loadForWrite(tx, actor, req.params.id);
      if (!canSubmit(actor, row)) throw forbidden("由企业主要负责人或安全管理人员提交审核");
      return submitUnit(tx, actor, row, req.body?.version, now());
    });
    return presentDetail(db, actor, req.params.id);
  });

  app.post(
    "/api/hazard-units/:id/review",
    { schema: { tags, summary: "监管部门审核重大危险源单元（确认或退回）", params: idParams, body: reviewInput } },
    async (req) => {
      const actor = actorOf(req);
      await db.transaction(async (tx) => {
        if (!isUuid(req.params.id)) throw notFound(LABEL);
        const [row] = await tx.select().from(hazardUnits).where(eq(hazardUnits.id, req.params.id)).for("update");
        if (!row) throw notFound(LABEL);
        if (!canReview(actor, row)) throw forbidden("只有辖区监管部门或系统管理员可以审核重大危险源单元");
        return reviewUnit(tx, actor, row, req.body, now());
      });
      return presentDetail(db, actor, req.params.id);
    },
  );
}

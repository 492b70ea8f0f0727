/**
 * 特殊作业票 (GB 30871-2022) API — docs/steward.md "Special-work permits".
 * Pipelines: validate (zod) → load in scope (read 404 / write 403) → use case in one transaction (service.ts) with its
 * permit event and audit event → present the detail (present.ts).
 */
import { cappedCount } from "../../platform/count";
import { and, eq, gte, ilike, inArray, lte, or, type SQL } from "drizzle-orm";
import {
  APPROVER_LEVEL_CODES,
  APPROVER_LEVELS,
  DEFAULT_APPROVER_ROLES,
  EVIDENCE_NODES,
  gasAnalysisRequired,
  HIGH_RISK_CATEGORIES,
  highRiskCategory,
  MEASURE_TEMPLATES,
  PERMIT_GRADES,
  requiredEvidenceNodes,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { permitApprovers, permitEvidence, permits, personnel } from "../../db/schema";
import { AppError, type FieldError } from "../../platform/errors";
import { enterpriseForRead, likeEscape, scopeWhereOn } from "../../platform/scope";
import { publicOrigin } from "../risks/queries";
import { permitCalendarFor } from "./calendar";
import { permitPdf } from "./pdf";
import { evidenceOf, presentDetail, presentGas, presentSummary, selectSummaries } from "./present";
import {
  actionInput,
  actionParams,
  approversInput,
  approversQuery,
  confirmInput,
  evidenceInput,
  gasInput,
  highRiskQuery,
  idParams,
  listQuery,
  measureParams,
  measuresInput,
  permitInput,
  permitPatch,
  previewInput,
  todayQuery,
} from "./schemas";
import { highRiskScreen, todayScreen } from "./screens";
import {
  answerMeasures,
  attachEvidence,
  canWritePermits,
  checkCertificates,
  confirmMeasure,
  createPermit,
  derive,
  enterpriseForPermitWrite,
  enterpriseMembers,
  isPermitManager,
  permitForWrite,
  recordGasAnalysis,
  runAction,
  setApprovers,
  updatePermit,
} from "./service";

const WRITER_ROLES = ["admin", "enterprise_leader", "enterprise_safety", "enterprise_staff"];

export async function permitRoutes(app: App): Promise<void> {
  const { db, config } = app.ctx;
  const tags = ["permits"];
  const now = () => app.ctx.now();
  const detail = (actor: Parameters<typeof presentDetail>[1], id: string) => presentDetail(db, actor, id, now(), config);

  // ---- lists and screens

  app.get("/api/permits", { schema: { tags, summary: "特殊作业票列表（按辖区/企业，含筛选）", querystring: listQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    let create = WRITER_ROLES.includes(actor.role) && (actor.role === "admin" || actor.scope.kind === "enterprise");
    if (q.enterpriseId) {
      const e = await enterpriseForRead(db, actor, q.enterpriseId);
      create = canWritePermits(actor, { enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector });
    }
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, permits)];
    if (q.enterpriseId) conds.push(eq(permits.enterpriseId, q.enterpriseId));
    if (q.type) conds.push(eq(permits.type, q.type));
    if (q.status) conds.push(eq(permits.status, q.status));
    if (q.grade) conds.push(eq(permits.grade, q.grade));
    if (q.day) conds.push(eq(permits.workDate, q.day));
    if (q.from) conds.push(gte(permits.workDate, q.from));
    if (q.to) conds.push(lte(permits.workDate, q.to));
    if (q.from && q.to && q.from > q.to)
      throw new AppError(400, "VALIDATION_FAILED", "结束日期不能早于开始日期", [{ field: "to", message: "结束日期不能早于开始日期" }]);
    if (q.highRisk) conds.push(eq(permits.highRisk, q.highRisk === "true"));
    if (q.q) {
      const t = `%${likeEscape(q.q)}%`;
      conds.push(or(ilike(permits.code, t), ilike(permits.place, t), ilike(permits.content, t)));
    }
    const where = and(...conds);
    // A city's year holds millions of permits: count up to 10,000 ("10,000+").
    const [rows, total] = await Promise.all([
      selectSummaries(db, where, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
      cappedCount(db, permits, where),
    ]);
    return { items: rows.map(presentSummary), total: total.total, totalCapped: total.capped, page: q.page, pageSize: q.pageSize, abilities: { create } };
  });

  app.get("/api/permits/today", { schema: { tags, summary: "企业今日作业（在用与今日计划的作业票）", querystring: todayQuery } }, async (req) => {
    const actor = actorOf(req);
    const id = req.query.enterpriseId ?? (actor.scope.kind === "enterprise" ? actor.scope.enterpriseId : null);
    if (!id) throw new AppError(400, "VALIDATION_FAILED", "请选择企业", [{ field: "enterpriseId", message: "请选择企业" }]);
    const e = await enterpriseForRead(db, actor, id);
    return { enterpriseId: e.id, enterpriseName: e.name, ...(await todayScreen(db, e.id, now())) };
  });

  app.get("/api/permits/high-risk", { schema: { tags, summary: "今日高风险作业（按辖区、类别统计，可下钻）", querystring: highRiskQuery } }, async (req) => {
    return highRiskScreen(db, actorOf(req), req.query, now());
  });

  // ---- preview and create

  app.post(
    "/api/permits/preview",
    { schema: { tags, summary: "作业票预检：级别、有效期、审批级别、措施清单、证书检查（不保存）", body: previewInput } },
    async (req) => {
      const actor = actorOf(req);
      const b = req.body;
      const e = await enterpriseForPermitWrite(db, actor, b.enterpriseId, false);
      const cal = await permitCalendarFor(db, e.regionPath, config);
      const d = derive(b.type, b.gradeInputs, b.inHazardArea, b.plannedStart, b.plannedEnd, b.extensionReason, cal, config);
      const ids = [...b.workerIds, ...(b.watchmanId ? [b.watchmanId] : [])];
      const people = ids.length ? await db.select().from(personnel).where(inArray(personnel.id, ids)) : [];
      const byId = new Map(people.filter((p) => p.enterpriseId === e.id && p.active).map((p) => [p.id, p]));
      const errors: FieldError[] = [];
      b.workerIds.forEach((id, i) => {
        if (!byId.has(id)) errors.push({ field: `workerIds.${i}`, message: "不是本企业人员台账中的在册人员" });
      });
      if (b.watchmanId && !byId.has(b.watchmanId)) errors.push({ field: "watchmanId", message: "不是本企业人员台账中的在册人员" });
      if (errors.length) throw new AppError(400, "VALIDATION_FAILED", "人员有误", errors);
      const named = (id: string) => ({ id, name: byId.get(id)!.name });
      const certs = await checkCertificates(db, b.type, b.workerIds.map(named), b.watchmanId ? named(b.watchmanId) : null, b.plannedEnd);
      const cat = highRiskCategory(b.type, d.grade);
      return {
        grade: d.grade,
        gradeName: d.grade ? PERMIT_GRADES[d.grade].zh : null,
        gradeResult: d.result,
        maxValidityHours: d.maxValidityHours,
        validity: d.validity,
        approverLevel: d.approverLevel,
        approverLevelName: APPROVER_LEVELS[d.approverLevel].zh,
        coSign: d.coSign,
        gasRequired: gasAnalysisRequired(b.type, b.inHazardArea),
        measures: MEASURE_TEMPLATES[b.type].map((m) => ({ no: m.no, text: m.text, photoRequired: !!m.photo })),
        requiredEvidence: requiredEvidenceNodes("start").map((n) => ({ node: n, name: EVIDENCE_NODES[n].zh })),
        certificateRefusals: certs.refusals,
        highRisk: cat !== null,
        highRiskCategory: cat,
        highRiskCategoryName: cat ? HIGH_RISK_CATEGORIES[cat].zh : null,
        now: now().toISOString(),
      };
    },
  );

  app.post("/api/permits", { schema: { tags, summary: "申请特殊作业票（级别由服务器按 GB 30871 判定）", body: permitInput } }, async (req, reply) => {
    const actor = actorOf(req);
    const row = await db.transaction(async (tx) =>
      createPermit(tx, actor, await enterpriseForPermitWrite(tx, actor, req.body.enterpriseId), req.body, now(), config),
    );
    return reply.status(201).send(await detail(actor, row.id));
  });

  // ---- approvers

  async function approversView(actor: ReturnType<typeof actorOf>, e: { id: string; regionPath: string; sector: string }) {
    const [members, rows] = await Promise.all([enterpriseMembers(db, e.id), db.select().from(permitApprovers).where(eq(permitApprovers.enterpriseId, e.id))]);
    const configuredLevels = new Set(rows.map((r) => r.level));
    const user = (u: { id: string; displayName: string; role: string }) => ({ id: u.id, displayName: u.displayName, role: u.role });
    return {
      enterpriseId: e.id,
      configured: rows.length > 0,
      canEdit: isPermitManager(actor, { enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector }),
      levels: APPROVER_LEVEL_CODES.map((level) => ({
        level,
        name: APPROVER_LEVELS[level].zh,
        configured: configuredLevels.has(level),
        defaultRoles: [...DEFAULT_APPROVER_ROLES[level]],
        users: configuredLevels.has(level)
          ? members.filter((m) => rows.some((r) => r.level === level && r.userId === m.id)).map(user)
          : members.filter((m) => DEFAULT_APPROVER_ROLES[level].includes(m.role)).map(user),
      })),
      candidates: members.map(user),
    };
  }

  app.get("/api/permits/approvers", { schema: { tags, summary: "作业票审批人设置（按 GB 30871 审批级别）", querystring: approversQuery } }, async (req) => {
    const actor = actorOf(req);
    return approversView(actor, await enterpriseForRead(db, actor, req.query.enterpriseId));
  });

  app.put(
    "/api/permits/approvers",
    { schema: { tags, summary: "设置作业票审批人（企业主要负责人、安全管理人员）；未设置的级别按默认角色", body: approversInput } },
    async (req) => {
      const actor = actorOf(req);
      const e = await db.transaction(async (tx) => {
        const ent = await enterpriseForPermitWrite(tx, actor, req.body.enterpriseId);
        await setApprovers(tx, actor, ent, req.body.levels, now());
        return ent;
      });
      return approversView(actor, e);
    },
  );

  // ---- one permit

  app.get("/api/permits/:id", { schema: { tags, summary: "作业票详情", params: idParams } }, async (req) => detail(actorOf(req), req.params.id));

  app.patch("/api/permits/:id", { schema: { tags, summary: "修改作业票（仅草稿）", params: idParams, body: permitPatch } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => updatePermit(tx, actor, await permitForWrite(tx, actor, req.params.id), req.body, now(), config));
    return detail(actor, req.params.id);
  });

  app.put("/api/permits/:id/measures", { schema: { tags, summary: "填写安全措施是否涉及（仅草稿）", params: idParams, body: measuresInput } }, async (req) => {
    const actor = actorOf(req);
    await db.transaction(async (tx) => answerMeasures(tx, actor, await permitForWrite(tx, actor, req.params.id), req.body, now()));
    return detail(actor, req.params.id);
  });

  app.post(
    "/api/permits/:id/measures/:no/confirm",
    { schema: { tags, summary: "现场确认一项安全措施（须拍照的措施附现场照片）", params: measureParams, body: confirmInput } },
    async (req) => {
      const actor = actorOf(req);
      await db.transaction(async (tx) =>
        confirmMeasure(tx, actor, await permitForWrite(tx, actor, req.params.id), req.params.no, req.body?.evidenceId, now(), config),
      );
      return detail(actor, req.params.id);
    },
  );

  app.post(
    "/api/permits/:id/gas-analyses",
    { schema: { tags, summary: "记录气体分析（合格判定由服务器计算）", params: idParams, body: gasInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const g = await db.transaction(async (tx) => recordGasAnalysis(tx, actor, await permitForWrite(tx, actor, req.params.id), req.body, now()));
      return reply.status(201).send(presentGas(g));
    },
  );

  app.post(
    "/api/permits/:id/evidence",
    { schema: { tags, summary: "上传关键节点现场影像（须现场拍摄）", params: idParams, body: evidenceInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await db.transaction(async (tx) => attachEvidence(tx, actor, await permitForWrite(tx, actor, req.params.id), req.body, now(), config));
      const [item] = await evidenceOf(db, eq(permitEvidence.id, row.id));
      return reply.status(201).send(item);
    },
  );

  app.post(
    "/api/permits/:id/actions/:action",
    { schema: { tags, summary: "作业票流转：提交、退回、审批、开始、暂停、恢复、完工、验收、取消", params: actionParams, body: actionInput } },
    async (req) => {
      const actor = actorOf(req);
      await db.transaction(async (tx) => runAction(tx, actor, await permitForWrite(tx, actor, req.params.id), req.params.action, req.body, now(), config));
      return detail(actor, req.params.id);
    },
  );

  app.get("/api/permits/:id/pdf", { schema: { tags, summary: "打印作业票（A4 PDF，含二维码）", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const p = await detail(actor, req.params.id);
    const pdf = await permitPdf(p, `${publicOrigin(app, req)}/permits/${p.id}`);
    return reply.type("application/pdf").header("content-disposition", `inline; filename="permit-${p.code}.pdf"`).send(pdf);
  });
}

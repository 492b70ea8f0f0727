/** 一企一清单: templates, enterprise lists, three-party confirmation, self-checks. */
import { asc, eq, isNull, or } from "drizzle-orm";
import { checklistTemplateInput } from "@anguan/domain";
import { z } from "zod";
import { actorOf, type App } from "../../app";
import { checklistTemplates } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError, forbidden } from "../../platform/errors";
import { enterpriseForRead } from "../../platform/scope";
import { canManageInspections, enterpriseOfForRead, loadEnterprise, UUID } from "../inspections/access";
import {
  checklistPatchInput,
  confirmChecklist,
  createChecklist,
  listChecklists,
  listSelfChecks,
  loadChecklist,
  newChecklistInput,
  presentChecklist,
  presentSelfCheck,
  runSelfCheck,
  selfCheckInput,
  submitChecklist,
  updateChecklist,
  type ChecklistRow,
} from "./service";

const idParams = z.object({ id: z.string().max(64) });
const versionBody = z.object({ expectedVersion: z.number().int().optional() });

const presentTemplate = (t: typeof checklistTemplates.$inferSelect) => ({
  id: t.id,
  name: t.name,
  basis: t.basis,
  kind: t.kind,
  enterpriseId: t.enterpriseId,
  sectors: t.sectors,
  items: t.items as { content: string; basis: string; category: string }[],
  itemCount: (t.items as unknown[]).length,
  createdAt: t.createdAt.toISOString(),
});

export async function checklistRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["checklists"];

  async function present(actorReq: Parameters<typeof actorOf>[0], row: ChecklistRow) {
    const actor = actorOf(actorReq);
    const e = (await loadEnterprise(db, row.enterpriseId))!;
    return presentChecklist(db, actor, row, e);
  }

  app.get(
    "/api/checklist-templates",
    { schema: { tags, summary: "排查清单模板（标准模板与本企业模板）", querystring: z.object({ enterpriseId: z.string().max(64).optional() }) } },
    async (req) => {
      const actor = actorOf(req);
      const entId = req.query.enterpriseId ?? (actor.scope.kind === "enterprise" ? actor.scope.enterpriseId : undefined);
      if (entId) await enterpriseForRead(db, actor, entId);
      const rows = await db
        .select()
        .from(checklistTemplates)
        .where(entId ? or(isNull(checklistTemplates.enterpriseId), eq(checklistTemplates.enterpriseId, entId)) : isNull(checklistTemplates.enterpriseId))
        .orderBy(asc(checklistTemplates.kind), asc(checklistTemplates.createdAt));
      return { items: rows.map(presentTemplate) };
    },
  );

  app.post(
    "/api/checklist-templates",
    {
      schema: {
        tags,
        summary: "新建排查清单模板（企业自定义；管理员可建标准模板）",
        body: checklistTemplateInput.extend({ enterpriseId: z.string().max(64).nullish() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const { enterpriseId: requested, ...input } = req.body;
      let enterpriseId: string | null;
      if (actor.role === "admin") enterpriseId = requested ?? null;
      else if (actor.scope.kind === "enterprise" && (actor.role === "enterprise_leader" || actor.role === "enterprise_safety")) {
        if (requested && requested !== actor.scope.enterpriseId) throw forbidden("只能为本企业建模板");
        enterpriseId = actor.scope.enterpriseId;
      } else throw forbidden("只有企业主要负责人、安全管理人员可以建清单模板");
      if (enterpriseId && (!UUID.test(enterpriseId) || !(await loadEnterprise(db, enterpriseId)))) throw fieldError("enterpriseId", "企业不存在");
      const row = await db.transaction(async (tx) => {
        const [t] = await tx
          .insert(checklistTemplates)
          .values({
            name: input.name,
            basis: input.basis,
            kind: enterpriseId ? "enterprise" : "standard",
            enterpriseId,
            sectors: input.sectors,
            items: input.items.map(({ content, basis, category }) => ({ content, basis, category })),
            createdAt: now,
          })
          .returning();
        await appendAudit(
          tx,
          actor,
          { action: "checklist_template.create", targetType: "checklist_template", targetId: t!.id, enterpriseId, before: null, after: t },
          now,
        );
        return t!;
      });
      return reply.status(201).send(presentTemplate(row));
    },
  );

  app.post(
    "/api/enterprises/:id/checklists",
    { schema: { tags, summary: "由模板与自定义项形成企业清单（草稿）", params: idParams, body: newChecklistInput } },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => createChecklist(tx, actor, req.params.id, req.body, app.ctx.now()));
      return reply.status(201).send(await present(req, row));
    },
  );

  app.get("/api/enterprises/:id/checklists", { schema: { tags, summary: "企业清单及三方确认状态", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const e = await enterpriseForRead(db, actor, req.params.id);
    return { items: await listChecklists(db, actor, e), abilities: { create: canManageInspections(actor, e) } };
  });

  app.get("/api/checklists/:id", { schema: { tags, summary: "清单详情（排查项、三方确认）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const row = await loadChecklist(db, req.params.id);
    const e = await enterpriseOfForRead(db, actor, row.enterpriseId, "清单");
    return presentChecklist(db, actor, row, e);
  });

  app.patch(
    "/api/checklists/:id",
    { schema: { tags, summary: "修改清单（修改排查项后回到草稿并清除确认）", params: idParams, body: checklistPatchInput } },
    async (req) => present(req, await db.transaction((tx) => updateChecklist(tx, actorOf(req), req.params.id, req.body, app.ctx.now()))),
  );

  app.post("/api/checklists/:id/submit", { schema: { tags, summary: "提交三方确认", params: idParams, body: versionBody.nullish() } }, async (req) =>
    present(req, await db.transaction((tx) => submitChecklist(tx, actorOf(req), req.params.id, req.body?.expectedVersion, app.ctx.now()))),
  );

  app.post(
    "/api/checklists/:id/confirm",
    {
      schema: {
        tags,
        summary: "确认清单（确认方由当前用户决定）",
        params: idParams,
        body: versionBody.extend({ comment: z.string().trim().max(500, { error: "意见不能超过 500 个字" }).optional() }).nullish(),
      },
    },
    async (req) => present(req, await db.transaction((tx) => confirmChecklist(tx, actorOf(req), req.params.id, req.body ?? {}, app.ctx.now()))),
  );

  app.post(
    "/api/checklists/:id/self-checks",
    { schema: { tags, summary: "按已确认清单自查（不符合项生成隐患）", params: idParams, body: selfCheckInput } },
    async (req, reply) => {
      const row = await db.transaction((tx) => runSelfCheck(tx, actorOf(req), req.params.id, req.body, app.ctx.now()));
      return reply.status(201).send(presentSelfCheck(row));
    },
  );

  app.get("/api/checklists/:id/self-checks", { schema: { tags, summary: "清单的自查记录", params: idParams } }, async (req) =>
    listSelfChecks(db, actorOf(req), req.params.id),
  );
}

/** Inspection tasks, their windows, QR-code rounds and records (隐患排查). */
import { z } from "zod";
import { inspectionTaskInputSchema, inspectionTaskPatchSchema } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { enterpriseForRead } from "../../platform/scope";
import { canManageInspections, canRecordInspections, loadEnterprise } from "./access";
import { workCalendarRoutes } from "./calendar";
import { instancesQuery, listInstances, listRecords, recordsQuery } from "./queries";
import { recordRound, recordRoundAt, scanView } from "./scan";
import { createTask, listTasks, presentTaskById, retireTask, updateTask } from "./tasks";

const idParams = z.object({ id: z.string().max(64) });
const tokenParams = z.object({ qrToken: z.string().min(1).max(128) });

export async function inspectionRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["inspections"];

  app.post(
    "/api/control-measures/:id/tasks",
    { schema: { tags, summary: "由管控措施新建排查任务", params: idParams, body: inspectionTaskInputSchema } },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const task = await db.transaction((tx) => createTask(tx, actor, req.params.id, req.body, now));
      const e = (await loadEnterprise(db, task.enterpriseId))!;
      return reply.status(201).send(await presentTaskById(db, e, task.id, now));
    },
  );

  app.patch("/api/inspection-tasks/:id", { schema: { tags, summary: "修改排查任务", params: idParams, body: inspectionTaskPatchSchema } }, async (req) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    const task = await db.transaction((tx) => updateTask(tx, actor, req.params.id, req.body, now));
    const e = (await loadEnterprise(db, task.enterpriseId))!;
    return presentTaskById(db, e, task.id, now);
  });

  app.delete("/api/inspection-tasks/:id", { schema: { tags, summary: "停用（删除）排查任务", params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await db.transaction((tx) => retireTask(tx, actor, req.params.id, app.ctx.now()));
    return reply.status(204).send();
  });

  app.get("/api/enterprises/:id/inspection-tasks", { schema: { tags, summary: "企业排查任务（含下次排查时段）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const e = await enterpriseForRead(db, actor, req.params.id);
    return { items: await listTasks(db, e, app.ctx.now()), abilities: { manage: canManageInspections(actor, e), record: canRecordInspections(actor, e) } };
  });

  app.get(
    "/api/enterprises/:id/inspection-instances",
    { schema: { tags, summary: "企业排查时段（漏检、逾期标记）", params: idParams, querystring: instancesQuery } },
    async (req) => {
      const e = await enterpriseForRead(db, actorOf(req), req.params.id);
      return listInstances(db, e, req.query, app.ctx.now());
    },
  );

  app.get(
    "/api/enterprises/:id/inspection-records",
    { schema: { tags, summary: "企业排查记录", params: idParams, querystring: recordsQuery } },
    async (req) => {
      const e = await enterpriseForRead(db, actorOf(req), req.params.id);
      return listRecords(db, e, req.query, app.ctx.now());
    },
  );

  app.get("/api/scan/:qrToken", { schema: { tags, summary: "扫码：风险分析单元与当前应排查项", params: tokenParams } }, async (req) =>
    scanView(db, actorOf(req), req.params.qrToken, app.ctx.now()),
  );

  app.post(
    "/api/scan/:qrToken/records",
    { schema: { tags, summary: "扫码提交一轮排查结果（异常项生成隐患）", params: tokenParams, body: recordRound } },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const r = await db.transaction((tx) => recordRoundAt(tx, actor, req.params.qrToken, req.body, now));
      return reply.status(201).send({
        unitId: r.unitId,
        records: r.records.map((x) => ({
          id: x.id,
          taskId: x.taskId,
          instanceId: x.instanceId,
          measureId: x.measureId,
          result: x.result,
          late: x.late,
          hazardId: x.hazardId,
          hazardCode: x.hazardCode,
          checkedAt: x.checkedAt.toISOString(),
        })),
      });
    },
  );

  await workCalendarRoutes(app);
}

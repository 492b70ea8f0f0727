/**
 * The phone after scanning a risk unit's QR label (扫码排查): the unit, its risks and measures, the items due now,
 * and one round of results. An abnormal item becomes a hidden hazard (createHazard) linked to the measure, the unit
 * and the record.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import { z } from "zod";
import { HAZARD_TYPES, type Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, inspectionInstances, inspectionRecords, inspectionTasks, riskEvents, riskUnits, unitShutdowns } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { assertEvidence, createHazard } from "../hazards/create";
import { canRecordInspections, enterpriseOfForRead, enterpriseOfForWrite } from "./access";

export type UnitRow = typeof riskUnits.$inferSelect;
const GRADE_COLORS: Record<string, string> = { 重大: "red", 较大: "orange", 一般: "yellow", 低: "blue" };

async function unitByToken(db: Queryable, token: string): Promise<UnitRow> {
  const [u] = await db.select().from(riskUnits).where(eq(riskUnits.qrToken, token)).limit(1);
  if (!u) throw notFound("风险分析单元");
  return u;
}

/** The shutdown in force at `now`, if any (停用检维修). */
async function openShutdown(db: Queryable, unit: UnitRow, now: Date) {
  const [s] = await db
    .select()
    .from(unitShutdowns)
    .where(and(eq(unitShutdowns.unitId, unit.id), lte(unitShutdowns.startAt, now), or(isNull(unitShutdowns.endAt), gt(unitShutdowns.endAt, now))))
    .orderBy(desc(unitShutdowns.startAt))
    .limit(1);
  if (s) return { startAt: s.startAt.toISOString(), endAt: s.endAt?.toISOString() ?? null, reason: s.reason };
  return unit.status === "shutdown" ? { startAt: null, endAt: null, reason: "" } : null;
}

export async function scanView(db: Queryable, actor: Actor, token: string, now: Date) {
  const unit = await unitByToken(db, token);
  const e = await enterpriseOfForRead(db, actor, unit.enterpriseId, "风险分析单元");
  const [events, measures, due, shutdown] = await Promise.all([
    db.select().from(riskEvents).where(eq(riskEvents.unitId, unit.id)).orderBy(asc(riskEvents.createdAt)),
    db.select().from(controlMeasures).where(eq(controlMeasures.unitId, unit.id)).orderBy(asc(controlMeasures.createdAt)),
    db
      .select({ inst: inspectionInstances, task: inspectionTasks })
      .from(inspectionInstances)
      .innerJoin(inspectionTasks, eq(inspectionTasks.id, inspectionInstances.taskId))
      .where(
        and(
          eq(inspectionInstances.enterpriseId, unit.enterpriseId),
          eq(inspectionInstances.unitId, unit.id),
          eq(inspectionInstances.status, "pending"),
          lte(inspectionInstances.dueFrom, now),
          gt(inspectionInstances.dueTo, now),
          eq(inspectionTasks.active, true),
        ),
      )
      .orderBy(asc(inspectionInstances.dueTo)),
    openShutdown(db, unit, now),
  ]);
  const eventName = new Map(events.map((ev) => [ev.id, ev.name]));
  const dueMeasures = new Set(due.map((d) => d.task.measureId));
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      location: unit.location,
      department: unit.department,
      liablePerson: unit.liablePerson,
      status: unit.status,
      riskGrade: unit.riskGrade,
      color: unit.riskGrade ? (GRADE_COLORS[unit.riskGrade] ?? null) : null,
    },
    enterprise: { id: e.id, name: e.name },
    shutdown,
    events: events.map((ev) => ({
      id: ev.id,
      name: ev.name,
      description: ev.description,
      riskGrade: ev.riskGrade,
      riskLevel: ev.riskLevel,
      color: ev.riskGrade ? (GRADE_COLORS[ev.riskGrade] ?? null) : null,
    })),
    measures: measures.map((m) => ({
      id: m.id,
      eventId: m.eventId,
      eventName: eventName.get(m.eventId) ?? "",
      description: m.description,
      classify1: m.classify1,
      classify2: m.classify2,
      controlLevel: m.controlLevel,
      responsiblePerson: m.responsiblePerson,
      dataSrc: m.dataSrc,
      troubleshootContent: m.troubleshootContent,
    })),
    due: shutdown
      ? []
      : due.map((d) => ({
          instanceId: d.inst.id,
          taskId: d.task.id,
          measureId: d.task.measureId,
          content: d.task.content,
          workType: d.task.workType,
          taskNum: d.task.taskNum,
          dueFrom: d.inst.dueFrom.toISOString(),
          dueTo: d.inst.dueTo.toISOString(),
        })),
    adHoc: shutdown
      ? []
      : measures
          .filter((m) => m.dataSrc === 2 && !dueMeasures.has(m.id))
          .map((m) => ({ measureId: m.id, eventName: eventName.get(m.eventId) ?? "", description: m.description, troubleshootContent: m.troubleshootContent })),
    canRecord: !shutdown && canRecordInspections(actor, e),
  };
}

const uuid = (label: string) => z.uuid({ error: `${label}无效` });
export const recordItem = z
  .object({
    taskId: uuid("排查任务").optional(),
    instanceId: uuid("排查时段").optional(),
    measureId: uuid("管控措施").optional(),
    result: z.enum(["normal", "abnormal"], { error: "结果应为 normal（正常）或 abnormal（异常）" }),
    note: z.string().trim().max(1000, { error: "说明不能超过 1000 个字" }).default(""),
    evidenceIds: z.array(uuid("证据照片")).max(20, { error: "证据照片最多 20 个" }).default([]),
    hazard: z
      .object({
        title: z.string().trim().min(1, { error: "隐患名称不能为空" }).max(200, { error: "隐患名称不能超过 200 个字" }),
        description: z.string().trim().max(2000, { error: "隐患描述不能超过 2000 个字" }).default(""),
        dangerType: z
          .number()
          .int()
          .refine((v) => v in HAZARD_TYPES, { error: "隐患类型应为 1–8" })
          .optional(),
      })
      .optional(),
  })
  .superRefine((it, ctx) => {
    if (!it.taskId && !it.measureId && !it.instanceId) ctx.addIssue({ code: "custom", path: ["measureId"], message: "须指明排查任务或管控措施" });
    if (it.result === "abnormal" && it.evidenceIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["evidenceIds"], message: "异常项须至少上传一张现场照片" });
  });
export const recordRound = z.object({ items: z.array(recordItem).min(1, { error: "至少提交一项排查结果" }).max(100, { error: "一次最多提交 100 项" }) });
export type RecordRound = z.infer<typeof recordRound>;

/** One round of results, in one transaction. */
export async function recordRoundAt(tx: Queryable, actor: Actor, token: string, round: RecordRound, now: Date) {
  const unit = await unitByToken(tx, token);
  const e: EnterpriseRow = await enterpriseOfForWrite(tx, actor, unit.enterpriseId, canRecordInspections, "只有本企业人员或指派的第三方专家可以提交排查记录");
  if (await openShutdown(tx, unit, now)) throw new AppError(409, "UNIT_SHUTDOWN", "该风险分析单元停用检维修中，暂停排查");
  const measures = new Map((await tx.select().from(controlMeasures).where(eq(controlMeasures.unitId, unit.id))).map((m) => [m.id, m]));
  const taskIds = round.items.flatMap((it) => (it.taskId ? [it.taskId] : []));
  const tasks = new Map(
    (taskIds.length
      ? await tx
          .select()
          .from(inspectionTasks)
          .where(and(inArray(inspectionTasks.id, taskIds), eq(inspectionTasks.unitId, unit.id)))
      : []
    ).map((t) => [t.id, t]),
  );
  const seenInstances = new Set<string>();
  const out = [];
  for (const [i, it] of round.items.entries()) {
    const field = (f: string) => `items.${i}.${f}`;
    let instance: typeof inspectionInstances.$inferSelect | undefined;
    let task = it.taskId ? tasks.get(it.taskId) : undefined;
    if (it.taskId && !task?.active) throw fieldError(field("taskId"), "排查任务不存在或不属于该单元");
    if (it.instanceId) {
      [instance] = await tx
        .select()
        .from(inspectionInstances)
        .where(and(eq(inspectionInstances.id, it.instanceId), eq(inspectionInstances.unitId, unit.id)));
      if (!instance || (task && instance.taskId !== task.id)) throw fieldError(field("instanceId"), "排查时段不存在或不属于该任务");
      if (!task) [task] = await tx.select().from(inspectionTasks).where(eq(inspectionTasks.id, instance.taskId));
    } else if (task) {
      // The window open now, if the task has one.
      [instance] = await tx
        .select()
        .from(inspectionInstances)
        .where(
          and(
            eq(inspectionInstances.taskId, task.id),
            eq(inspectionInstances.status, "pending"),
            lte(inspectionInstances.dueFrom, now),
            gt(inspectionInstances.dueTo, now),
          ),
        )
        .orderBy(asc(inspectionInstances.dueTo))
        .limit(1);
    }
    if (instance) {
      if (seenInstances.has(instance.id)) throw fieldError(field("instanceId"), "同一排查时段在本次提交中重复");
      seenInstances.add(instance.id);
    }
    const measureId = task?.measureId ?? it.measureId!;
    const measure = measures.get(measureId);
    if (!measure || (it.measureId && it.measureId !== measureId)) throw fieldError(field("measureId"), "管控措施不存在或不属于该单元");
    await assertEvidence(tx, e.id, it.evidenceIds, field("evidenceIds"));
    const late = instance ? now.getTime() >= instance.dueTo.getTime() : false;
    const [rec] = await tx
      .insert(inspectionRecords)
      .values({
        enterpriseId: e.id,
        unitId: unit.id,
        taskId: task?.id ?? null,
        instanceId: instance?.id ?? null,
        measureId,
        result: it.result,
        note: it.note,
        evidenceIds: it.evidenceIds,
        late,
        checkedBy: actor.userId,
        checkedByName: actor.displayName,
        checkedAt: now,
      })
      .returning();
    if (instance) {
      // Compare-and-set: a window is done once; a second submission is a conflict.
      const done = await tx
        .update(inspectionInstances)
        .set({ status: late ? "late" : "done", recordId: rec!.id, doneAt: now })
        .where(and(eq(inspectionInstances.id, instance.id), inArray(inspectionInstances.status, ["pending", "missed"])))
        .returning({ id: inspectionInstances.id });
      if (done.length === 0)
        throw new AppError(409, "INSPECTION_ALREADY_DONE", "该排查项已有记录（或已暂停），请刷新后重试", [{ field: field("instanceId"), message: "已完成" }]);
    }
    let hazard: { id: string; code: string } | null = null;
    if (it.result === "abnormal") {
      const title = it.hazard?.title ?? `${unit.name}：${measure.description}`.slice(0, 190) + "（排查异常）";
      const h = await createHazard(
        tx,
        actor,
        e,
        {
          title,
          description: it.hazard?.description || it.note || title,
          location: unit.location,
          dangerType: it.hazard?.dangerType ?? null,
          source: task ? "9" : "1",
          riskUnitId: unit.id,
          measureId,
          checkRecordId: rec!.id,
          evidenceIds: it.evidenceIds,
        },
        now,
        actor.role === "expert" ? "third_party" : "enterprise",
      );
      await tx.update(inspectionRecords).set({ hazardId: h.id }).where(eq(inspectionRecords.id, rec!.id));
      hazard = { id: h.id, code: h.code };
    }
    out.push({ ...rec!, hazardId: hazard?.id ?? null, hazardCode: hazard?.code ?? null });
  }
  await appendAudit(
    tx,
    actor,
    {
      action: "inspection.record",
      targetType: "risk_unit",
      targetId: unit.id,
      enterpriseId: e.id,
      before: null,
      after: {
        records: out.map((r) => ({ id: r.id, taskId: r.taskId, instanceId: r.instanceId, measureId: r.measureId, result: r.result, hazardId: r.hazardId })),
      },
    },
    now,
  );
  return { unitId: unit.id, records: out };
}

/**
 * 隐患排查任务 (inspection tasks) from control measures: create, change, retire, list with the next window.
 * A task is retired (active = false) rather than deleted, so its instances and records stay as history.
 */
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import {
  nextOccurrence,
  taskScheduleIssues,
  type Actor,
  type CycleUnit,
  type InspectionTaskInput,
  type InspectionTaskPatch,
  type WorkDayType,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, inspectionInstances, inspectionTasks, organizations, riskEvents, riskUnits, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, conflict, fieldError, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { addDays, shanghaiDate } from "../../platform/time";
import { canManageInspections, enterpriseOfForWrite, UUID } from "./access";
import { workCalendarFor } from "./calendar";
import { generateInspectionInstances } from "./jobs";

export type TaskRow = typeof inspectionTasks.$inferSelect;
const MANAGE_MESSAGE = "只有企业主要负责人、安全管理人员可以管理排查任务";

async function assertAssignee(tx: Queryable, enterpriseId: string, userId: string | null | undefined) {
  if (!userId) return;
  const [u] = await tx
    .select({ id: users.id, disabled: users.disabled })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, userId), eq(organizations.enterpriseId, enterpriseId)));
  if (!u || u.disabled) throw fieldError("assigneeUserId", "责任人须为本企业的在用账号");
}

/** Today's and tomorrow's windows of a task just created or changed. */
async function generateFor(tx: Queryable, taskId: string, now: Date) {
  const today = shanghaiDate(now);
  await generateInspectionInstances(tx, today, now, { taskIds: [taskId], catchUp: true });
  await generateInspectionInstances(tx, addDays(today, 1), now, { taskIds: [taskId] });
}

export async function createTask(tx: Queryable, actor: Actor, measureId: string, input: InspectionTaskInput, now: Date): Promise<TaskRow> {
  if (!UUID.test(measureId)) throw notFound("管控措施");
  const [m] = await tx.select().from(controlMeasures).where(eq(controlMeasures.id, measureId));
  if (!m) throw notFound("管控措施");
  const e = await enterpriseOfForWrite(tx, actor, m.enterpriseId, canManageInspections, MANAGE_MESSAGE);
  await assertAssignee(tx, e.id, input.assigneeUserId);
  const [row] = await tx
    .insert(inspectionTasks)
    .values({
      enterpriseId: e.id,
      unitId: m.unitId,
      measureId: m.id,
      content: input.content,
      cycle: input.cycle,
      cycleUnit: input.cycleUnit,
      workDayType: input.workDayType,
      workStart: input.cycleUnit === "hour" ? (input.workStart ?? null) : null,
      workEnd: input.cycleUnit === "hour" ? (input.workEnd ?? null) : null,
      workType: input.workType,
      taskNum: input.workType === 0 ? null : (input.taskNum ?? null),
      assigneeUserId: input.assigneeUserId ?? null,
      assigneePost: input.assigneePost ?? "",
      startAt: new Date(input.startAt),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(
    tx,
    actor,
    { action: "inspection_task.create", targetType: "inspection_task", targetId: row!.id, enterpriseId: e.id, before: null, after: row },
    now,
  );
  await generateFor(tx, row!.id, now);
  return row!;
}

async function loadTask(tx: Queryable, id: string): Promise<TaskRow> {
  if (!UUID.test(id)) throw notFound("排查任务");
  const [t] = await tx.select().from(inspectionTasks).where(eq(inspectionTasks.id, id)).for("update");
  if (!t?.active) throw notFound("排查任务");
  return t;
}

const SCHEDULE_FIELDS = ["cycle", "cycleUnit", "workDayType", "workStart", "workEnd", "startAt"] as const;

export async function updateTask(tx: Queryable, actor: Actor, id: string, patch: InspectionTaskPatch, now: Date): Promise<TaskRow> {
  const current = await loadTask(tx, id);
  const e = await enterpriseOfForWrite(tx, actor, current.enterpriseId, canManageInspections, MANAGE_MESSAGE);
  const { expectedVersion, ...changes } = patch;
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw conflict();
  const merged = {
    cycleUnit: (changes.cycleUnit ?? current.cycleUnit) as CycleUnit,
    workStart: changes.workStart !== undefined ? changes.workStart : current.workStart,
    workEnd: changes.workEnd !== undefined ? changes.workEnd : current.workEnd,
    workType: changes.workType ?? current.workType,
    taskNum: changes.taskNum !== undefined ? changes.taskNum : changes.workType === 0 ? null : current.taskNum,
  };
  const issues = taskScheduleIssues(merged);
  if (issues.length) {
    throw new AppError(
      400,
      "VALIDATION_FAILED",
      `请求内容有误：${issues.map((i) => `${i.path}: ${i.message}`).join("；")}`,
      issues.map((i) => ({ field: i.path, message: i.message })),
    );
  }
  if (changes.assigneeUserId !== undefined) await assertAssignee(tx, e.id, changes.assigneeUserId);
  const values: Partial<typeof inspectionTasks.$inferInsert> = {
    ...(changes.content !== undefined && { content: changes.content }),
    ...(changes.cycle !== undefined && { cycle: changes.cycle }),
    ...(changes.workDayType !== undefined && { workDayType: changes.workDayType }),
    ...(changes.assigneeUserId !== undefined && { assigneeUserId: changes.assigneeUserId }),
    ...(changes.assigneePost !== undefined && { assigneePost: changes.assigneePost }),
    ...(changes.startAt !== undefined && { startAt: new Date(changes.startAt) }),
    cycleUnit: merged.cycleUnit,
    workStart: merged.cycleUnit === "hour" ? (merged.workStart ?? null) : null,
    workEnd: merged.cycleUnit === "hour" ? (merged.workEnd ?? null) : null,
    workType: merged.workType,
    taskNum: merged.workType === 0 ? null : merged.taskNum,
    version: current.version + 1,
    updatedAt: now,
  };
  const [row] = await tx
    .update(inspectionTasks)
    .set(values)
    .where(and(eq(inspectionTasks.id, id), eq(inspectionTasks.version, current.version)))
    .returning();
  if (!row) throw conflict();
  const scheduleChanged = SCHEDULE_FIELDS.some((f) => String(row[f] ?? "") !== String(current[f] ?? ""));
  if (scheduleChanged) {
    // Windows not yet closed follow the new schedule; done, missed and late ones stay as history.
    await tx
      .delete(inspectionInstances)
      .where(and(eq(inspectionInstances.taskId, id), inArray(inspectionInstances.status, ["pending", "suspended"]), gt(inspectionInstances.dueTo, now)));
    await generateFor(tx, id, now);
  } else if (row.assigneeUserId !== current.assigneeUserId) {
    await tx
      .update(inspectionInstances)
      .set({ assigneeUserId: row.assigneeUserId })
      .where(and(eq(inspectionInstances.taskId, id), eq(inspectionInstances.status, "pending")));
  }
  await appendAudit(
    tx,
    actor,
    { action: "inspection_task.update", targetType: "inspection_task", targetId: id, enterpriseId: e.id, before: current, after: row },
    now,
  );
  return row;
}

export async function retireTask(tx: Queryable, actor: Actor, id: string, now: Date): Promise<void> {
  const current = await loadTask(tx, id);
  const e = await enterpriseOfForWrite(tx, actor, current.enterpriseId, canManageInspections, MANAGE_MESSAGE);
  const [row] = await tx
    .update(inspectionTasks)
    .set({ active: false, version: current.version + 1, updatedAt: now })
    .where(and(eq(inspectionTasks.id, id), eq(inspectionTasks.version, current.version)))
    .returning();
  if (!row) throw conflict();
  await tx
    .delete(inspectionInstances)
    .where(and(eq(inspectionInstances.taskId, id), inArray(inspectionInstances.status, ["pending", "suspended"]), gt(inspectionInstances.dueTo, now)));
  await appendAudit(
    tx,
    actor,
    { action: "inspection_task.delete", targetType: "inspection_task", targetId: id, enterpriseId: e.id, before: current, after: row },
    now,
  );
}

/** The enterprise's active tasks with unit, measure and event names, the assignee and the next window. */
export async function listTasks(db: Queryable, e: EnterpriseRow, now: Date, taskId?: string) {
  const rows = await db
    .select({
      task: inspectionTasks,
      unitName: riskUnits.name,
      unitStatus: riskUnits.status,
      measureDescription: controlMeasures.description,
      eventName: riskEvents.name,
      assigneeName: users.displayName,
    })
    .from(inspectionTasks)
    .innerJoin(riskUnits, eq(riskUnits.id, inspectionTasks.unitId))
    .innerJoin(controlMeasures, eq(controlMeasures.id, inspectionTasks.measureId))
    .innerJoin(riskEvents, eq(riskEvents.id, controlMeasures.eventId))
    .leftJoin(users, eq(users.id, inspectionTasks.assigneeUserId))
    .where(and(eq(inspectionTasks.enterpriseId, e.id), eq(inspectionTasks.active, true), taskId ? eq(inspectionTasks.id, taskId) : undefined))
    .orderBy(asc(riskUnits.name), asc(inspectionTasks.workType), asc(inspectionTasks.createdAt))
    .limit(2000);
  const cal = await workCalendarFor(db, e.regionPath);
  return rows.map((r) => presentTask(r.task, r, nextOccurrence(scheduleOf(r.task), now, cal)));
}

export const scheduleOf = (t: TaskRow) => ({
  cycle: t.cycle,
  cycleUnit: t.cycleUnit as CycleUnit,
  workDayType: t.workDayType as WorkDayType,
  workStart: t.workStart,
  workEnd: t.workEnd,
  startAt: t.startAt,
});

export function presentTask(
  t: TaskRow,
  names: { unitName?: string; unitStatus?: string; measureDescription?: string; eventName?: string; assigneeName?: string | null },
  next: { dueFrom: Date; dueTo: Date } | null,
) {
  return {
    id: t.id,
    enterpriseId: t.enterpriseId,
    unitId: t.unitId,
    unitName: names.unitName ?? "",
    unitStatus: names.unitStatus ?? "normal",
    measureId: t.measureId,
    measureDescription: names.measureDescription ?? "",
    eventName: names.eventName ?? "",
    content: t.content,
    cycle: t.cycle,
    cycleUnit: t.cycleUnit,
    workDayType: t.workDayType,
    workStart: t.workStart,
    workEnd: t.workEnd,
    workType: t.workType,
    taskNum: t.taskNum,
    assigneeUserId: t.assigneeUserId,
    assigneeName: names.assigneeName ?? null,
    assigneePost: t.assigneePost,
    startAt: t.startAt.toISOString(),
    version: t.version,
    nextOccurrence: next ? { dueFrom: next.dueFrom.toISOString(), dueTo: next.dueTo.toISOString() } : null,
  };
}

/** One task, presented (after create/update). */
export async function presentTaskById(db: Queryable, e: EnterpriseRow, id: string, now: Date) {
  const [found] = await listTasks(db, e, now, id);
  if (!found) throw notFound("排查任务");
  return found;
}

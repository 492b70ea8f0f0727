/** Lists of an enterprise's inspection windows (with late/missed flags) and records. */
import { and, asc, count, desc, eq, gt, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { addCalendarDays, INSTANCE_STATUS_CODES, isCalendarDay, isMissed, shanghaiMidnight, type InstanceStatus } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, hazards, inspectionInstances, inspectionRecords, inspectionTasks, riskUnits, users } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";

const day = z.string().refine(isCalendarDay, { error: "日期格式应为 YYYY-MM-DD" });

export const instancesQuery = z.object({
  date: day.optional(),
  status: z.enum(INSTANCE_STATUS_CODES as [InstanceStatus, ...InstanceStatus[]], { error: "状态应为 pending/done/late/missed/suspended" }).optional(),
});

/** Windows that touch the day (an hourly round, the day itself, or a week/month/year covering it). */
export async function listInstances(db: Queryable, e: EnterpriseRow, q: z.infer<typeof instancesQuery>, now: Date) {
  const date = q.date ?? shanghaiDate(now);
  const from = shanghaiMidnight(date);
  const to = shanghaiMidnight(addCalendarDays(date, 1));
  const i = inspectionInstances;
  // Filters by what the list shows: a pending window that has closed counts as missed before the job marks it.
  const byStatus: Record<InstanceStatus, SQL | undefined> = {
    pending: and(eq(i.status, "pending"), gt(i.dueTo, now)),
    missed: or(eq(i.status, "missed"), and(eq(i.status, "pending"), lte(i.dueTo, now))),
    done: eq(i.status, "done"),
    late: eq(i.status, "late"),
    suspended: eq(i.status, "suspended"),
  };
  const rows = await db
    .select({
      inst: i,
      content: inspectionTasks.content,
      workType: inspectionTasks.workType,
      taskNum: inspectionTasks.taskNum,
      cycle: inspectionTasks.cycle,
      cycleUnit: inspectionTasks.cycleUnit,
      measureId: inspectionTasks.measureId,
      measureDescription: controlMeasures.description,
      unitName: riskUnits.name,
      assigneeName: users.displayName,
    })
    .from(i)
    .innerJoin(inspectionTasks, eq(inspectionTasks.id, i.taskId))
    .innerJoin(controlMeasures, eq(controlMeasures.id, inspectionTasks.measureId))
    .innerJoin(riskUnits, eq(riskUnits.id, i.unitId))
    .leftJoin(users, eq(users.id, i.assigneeUserId))
    .where(and(eq(i.enterpriseId, e.id), lt(i.dueFrom, to), gt(i.dueTo, from), q.status ? byStatus[q.status] : undefined))
    .orderBy(asc(i.dueFrom), asc(riskUnits.name))
    .limit(5000);
  const items = rows.map((r) => {
    const missed = isMissed(r.inst, now);
    return {
      id: r.inst.id,
      taskId: r.inst.taskId,
      unitId: r.inst.unitId,
      unitName: r.unitName,
      measureId: r.measureId,
      measureDescription: r.measureDescription,
      content: r.content,
      workType: r.workType,
      taskNum: r.taskNum,
      cycle: r.cycle,
      cycleUnit: r.cycleUnit,
      assigneeUserId: r.inst.assigneeUserId,
      assigneeName: r.assigneeName,
      dueFrom: r.inst.dueFrom.toISOString(),
      dueTo: r.inst.dueTo.toISOString(),
      status: (missed ? "missed" : r.inst.status) as InstanceStatus,
      late: r.inst.status === "late",
      missed,
      doneAt: r.inst.doneAt?.toISOString() ?? null,
      recordId: r.inst.recordId,
    };
  });
  const summary = Object.fromEntries(INSTANCE_STATUS_CODES.map((s) => [s, items.filter((x) => x.status === s).length])) as Record<InstanceStatus, number>;
  return { date, items, summary };
}

export const recordsQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listRecords(db: Queryable, e: EnterpriseRow, q: z.infer<typeof recordsQuery>, now: Date) {
  const to = q.to ?? shanghaiDate(now);
  const from = q.from ?? addCalendarDays(to, -6);
  if (from > to) throw fieldError("from", "开始日期不能晚于结束日期");
  const r = inspectionRecords;
  const where = and(eq(r.enterpriseId, e.id), gte(r.checkedAt, shanghaiMidnight(from)), lt(r.checkedAt, shanghaiMidnight(addCalendarDays(to, 1))));
  const [total] = await db.select({ n: count() }).from(r).where(where);
  const rows = await db
    .select({
      rec: r,
      unitName: riskUnits.name,
      measureDescription: controlMeasures.description,
      taskContent: inspectionTasks.content,
      hazardCode: hazards.code,
      hazardStatus: hazards.status,
    })
    .from(r)
    .innerJoin(riskUnits, eq(riskUnits.id, r.unitId))
    .leftJoin(controlMeasures, eq(controlMeasures.id, r.measureId))
    .leftJoin(inspectionTasks, eq(inspectionTasks.id, r.taskId))
    .leftJoin(hazards, eq(hazards.id, r.hazardId))
    .where(where)
    .orderBy(desc(r.checkedAt), asc(r.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    from,
    to,
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((x) => presentRecord(x.rec, x)),
  };
}

export function presentRecord(
  rec: typeof inspectionRecords.$inferSelect,
  names: { unitName?: string; measureDescription?: string | null; taskContent?: string | null; hazardCode?: string | null; hazardStatus?: string | null },
) {
  return {
    id: rec.id,
    unitId: rec.unitId,
    unitName: names.unitName ?? "",
    taskId: rec.taskId,
    taskContent: names.taskContent ?? null,
    instanceId: rec.instanceId,
    measureId: rec.measureId,
    measureDescription: names.measureDescription ?? null,
    result: rec.result,
    note: rec.note,
    evidenceIds: rec.evidenceIds,
    hazardId: rec.hazardId,
    hazardCode: names.hazardCode ?? null,
    hazardStatus: names.hazardStatus ?? null,
    late: rec.late,
    checkedBy: rec.checkedBy,
    checkedByName: rec.checkedByName,
    checkedAt: rec.checkedAt.toISOString(),
  };
}

/**
 * 我的待办: what waits for the caller — hazards to confirm / rectify / accept, extension requests to decide,
 * supervised hazards to sign off (all decided by the transition table's `hazardActions`), unread notices
 * (major-hazard reports, escalations, supervision), and inspection rounds due now.
 */
import { and, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { hazardActions, isOverdue, type Actor, type HazardAction, type HazardStatus } from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { enterprises, hazards, inspectionInstances, inspectionTasks, notifications, riskUnits } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { notFound } from "../../platform/errors";
import { hazardActorOf, hazardFactsOf } from "../hazards/access";

export const TODO_KINDS = ["confirm", "rectify", "accept", "approve_extension", "sign_off", "notification", "inspection"] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** The to-do an action stands for (the other actions are not work waiting for someone). */
const TODO_OF: Partial<Record<HazardAction, TodoKind>> = {
  confirm: "confirm",
  submit_rectification: "rectify",
  accept: "accept",
  approve_extension: "approve_extension",
  sign_off: "sign_off",
};
const TODO_TITLES: Record<TodoKind, string> = {
  confirm: "待确认",
  rectify: "待整改",
  accept: "待验收",
  approve_extension: "延期待审批",
  sign_off: "督办待核销",
  notification: "通知",
  inspection: "待排查",
};
const MANAGERS = ["enterprise_leader", "enterprise_safety"];
const MAX_ITEMS = 200;

async function hazardTodos(db: Queryable, actor: Actor, now: Date) {
  let where: SQL | undefined;
  if (actor.scope.kind === "enterprise") {
    const mine = eq(hazards.rectifierUserId, actor.userId);
    where = and(
      eq(hazards.enterpriseId, actor.scope.enterpriseId),
      MANAGERS.includes(actor.role) ? inArray(hazards.status, ["reported", "rectifying", "awaiting_acceptance"]) : and(eq(hazards.status, "rectifying"), mine),
    );
  } else if (actor.role === "regulator") {
    where = and(
      eq(hazards.supervisedByOrgId, actor.orgId),
      or(eq(hazards.status, "awaiting_signoff"), and(eq(hazards.status, "rectifying"), sql`${hazards.extension} IS NOT NULL`)),
    );
  } else return [];
  const rows = await db
    .select({ h: hazards, enterpriseName: enterprises.name })
    .from(hazards)
    .innerJoin(enterprises, eq(enterprises.id, hazards.enterpriseId))
    .where(where)
    .orderBy(desc(hazards.reportedAt))
    .limit(1000);
  const items = [];
  for (const { h, enterpriseName } of rows) {
    for (const action of hazardActions(hazardActorOf(actor, h), hazardFactsOf(h))) {
      const kind = TODO_OF[action];
      if (!kind) continue;
      // Managers may rectify any hazard, but only the named rectifier (or, without one, the managers) has it as a to-do.
      if (kind === "rectify" && h.rectifierUserId !== actor.userId && h.rectifierUserId !== null) continue;
      items.push({
        id: `${kind}:${h.id}`,
        kind,
        title: `${TODO_TITLES[kind]}：${h.title}`,
        at: (h.status === "reported" ? h.reportedAt : (h.rectifiedAt ?? h.confirmedAt ?? h.reportedAt)).toISOString(),
        hazardId: h.id,
        hazardCode: h.code,
        status: h.status,
        level: h.level,
        deadline: h.deadline?.toISOString() ?? null,
        overdue: isOverdue({ status: h.status as HazardStatus, deadline: h.deadline }, now),
        escalationLevel: h.escalationLevel,
        enterpriseId: h.enterpriseId,
        enterpriseName,
        link: `/hazards/${h.id}`,
      });
    }
  }
  return items;
}

const notificationWhere = (actor: Actor) => or(eq(notifications.userId, actor.userId), eq(notifications.orgId, actor.orgId));

async function notificationTodos(db: Queryable, actor: Actor) {
  const where = and(notificationWhere(actor), isNull(notifications.readAt));
  const [rows, [count]] = await Promise.all([
    db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(MAX_ITEMS),
    db.select({ n: sql<number>`count(*)::int` }).from(notifications).where(where),
  ]);
  const items = rows.map((n) => ({
    id: n.id,
    kind: "notification" as const,
    notificationKind: n.kind,
    title: n.title,
    at: n.createdAt.toISOString(),
    targetType: n.targetType,
    targetId: n.targetId,
    hazardId: n.targetType === "hazard" ? n.targetId : null,
    enterpriseId: n.enterpriseId,
    link: noticeLink(n.targetType, n.targetId),
  }));
  return { items, total: Number(count?.n ?? 0) };
}

async function inspectionTodos(db: Queryable, actor: Actor, now: Date) {
  if (actor.scope.kind !== "enterprise") return [];
  const mine = MANAGERS.includes(actor.role)
    ? or(eq(inspectionInstances.assigneeUserId, actor.userId), isNull(inspectionInstances.assigneeUserId))
    : eq(inspectionInstances.assigneeUserId, actor.userId);
  const rows = await db
    .select({
      id: inspectionInstances.id,
      dueFrom: inspectionInstances.dueFrom,
      dueTo: inspectionInstances.dueTo,
      content: inspectionTasks.content,
      unitId: riskUnits.id,
      unitName: riskUnits.name,
      qrToken: riskUnits.qrToken,
      enterpriseName: enterprises.name,
    })
    .from(inspectionInstances)
    .innerJoin(inspectionTasks, eq(inspectionTasks.id, inspectionInstances.taskId))
    .innerJoin(riskUnits, eq(riskUnits.id, inspectionInstances.unitId))
    .innerJoin(enterprises, eq(enterprises.id, inspectionInstances.enterpriseId))
    .where(
      and(
        eq(inspectionInstances.enterpriseId, actor.scope.enterpriseId),
        eq(inspectionInstances.status, "pending"),
        lte(inspectionInstances.dueFrom, now),
        gt(inspectionInstances.dueTo, now),
        mine,
      ),
    )
    .orderBy(inspectionInstances.dueTo)
    .limit(MAX_ITEMS);
  return rows.map((r) => ({
    id: r.id,
    kind: "inspection" as const,
    title: `${TODO_TITLES.inspection}：${r.unitName}·${r.content}`,
    at: r.dueTo.toISOString(),
    dueFrom: r.dueFrom.toISOString(),
    dueTo: r.dueTo.toISOString(),
    unitId: r.unitId,
    unitName: r.unitName,
    qrToken: r.qrToken,
    enterpriseName: r.enterpriseName,
    link: `/m/u/${r.qrToken}`,
  }));
}

/** Where a notice's target is opened in the UI (null: no page of its own). */
export function noticeLink(targetType: string, targetId: string): string | null {
  switch (targetType) {
    case "hazard":
      return `/hazards/${targetId}`;
    case "alarm":
      return `/alarms/${targetId}`;
    case "permit":
      return `/permits/${targetId}`;
    case "person":
      return `/personnel/${targetId}`;
    case "team":
      return "/briefings";
    case "duty_alarm":
      return "/duties";
    default:
      return null;
  }
}

export async function todoRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["todos"];

  app.get("/api/todos", { schema: { tags, summary: "我的待办" } }, async (req) => {
    const actor = actorOf(req);
    const now = app.ctx.now();
    const [hz, notes, insp] = await Promise.all([hazardTodos(db, actor, now), notificationTodos(db, actor), inspectionTodos(db, actor, now)]);
    const counts = Object.fromEntries(TODO_KINDS.map((k) => [k, 0])) as Record<TodoKind | "total", number>;
    for (const i of hz) counts[i.kind]++;
    counts.notification = notes.total;
    counts.inspection = insp.length;
    counts.total = TODO_KINDS.reduce((s, k) => s + counts[k], 0);
    return { counts, items: [...hz.slice(0, MAX_ITEMS), ...notes.items, ...insp] };
  });

  app.post("/api/notifications/:id/read", { schema: { tags, summary: "通知标为已读", params: z.object({ id: z.string().max(64) }) } }, async (req) => {
    const actor = actorOf(req);
    const id = req.params.id;
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("通知");
    const now = app.ctx.now();
    return db.transaction(async (tx) => {
      const [n] = await tx
        .select()
        .from(notifications)
        .where(and(eq(notifications.id, id), notificationWhere(actor)));
      if (!n) throw notFound("通知");
      if (n.readAt) return { id: n.id, readAt: n.readAt.toISOString() };
      const [r] = await tx
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.id, id), isNull(notifications.readAt)))
        .returning();
      const readAt = r?.readAt ?? now;
      await appendAudit(
        tx,
        actor,
        { action: "notification.read", targetType: "notification", targetId: id, enterpriseId: n.enterpriseId, after: { readAt } },
        now,
      );
      return { id: n.id, readAt: readAt.toISOString() };
    });
  });
}

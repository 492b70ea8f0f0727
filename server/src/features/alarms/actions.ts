/**
 * 报警处置: loading one alarm in the caller's scope, and applying a duty action (domain ALARM_TRANSITIONS decides who
 * may do what). Each action is one transaction: a compare-and-set `UPDATE … WHERE id AND version AND status`
 * (0 rows → 409 VERSION_CONFLICT), an alarm_events row and an audit row.
 */
import { and, eq, sql } from "drizzle-orm";
import {
  ALARM_CAUSES,
  ALARM_REFUSAL_MESSAGES,
  ALARM_TRANSITIONS,
  alarmRefusal,
  inScope,
  type Actor,
  type AlarmAction,
  type AlarmActor,
  type AlarmCause,
  type AlarmFacts,
  type AlarmStatus,
  type Sector,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { alarmEvents, alarms } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { selectAlarms, type AlarmRow } from "./present";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const VERSION_CONFLICT_MESSAGE = "该报警已被他人处理（状态或版本已变化），请刷新后重试";

async function load(db: Queryable, id: string): Promise<AlarmRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await selectAlarms(db).where(eq(alarms.id, id)).limit(1);
  return row;
}

const refOf = (a: Pick<AlarmRow, "enterpriseId" | "regionPath" | "sector">) => ({ id: a.enterpriseId, regionPath: a.regionPath, sector: a.sector as Sector });

/** An alarm the actor may read: missing or outside the scope is 404. */
export async function alarmForRead(db: Queryable, actor: Actor, id: string): Promise<AlarmRow> {
  const a = await load(db, id);
  if (!a || !inScope(actor.scope, refOf(a))) throw notFound("报警");
  return a;
}

/** An alarm the actor may act on: missing 404, outside the scope 403. */
export async function alarmForWrite(db: Queryable, actor: Actor, id: string): Promise<AlarmRow> {
  const a = await load(db, id);
  if (!a) throw notFound("报警");
  if (!inScope(actor.scope, refOf(a))) throw forbidden("无权处置该企业的报警");
  return a;
}

export const alarmActorOf = (actor: Actor, a: Pick<AlarmRow, "enterpriseId">): AlarmActor => ({
  role: actor.role,
  isMember: actor.scope.kind === "enterprise" && actor.scope.enterpriseId === a.enterpriseId,
});
export const alarmFactsOf = (a: Pick<AlarmRow, "status" | "conditionActive">): AlarmFacts => ({
  status: a.status as AlarmStatus,
  conditionActive: a.conditionActive,
});

export interface AlarmActionInput {
  action: AlarmAction;
  version: number;
  cause?: AlarmCause;
  note?: string;
  feedback?: string;
}

type Patch = Partial<typeof alarms.$inferInsert>;

function plan(actor: Actor, input: AlarmActionInput, now: Date): { patch: Patch; comment: string; data: Record<string, unknown> } {
  const note = input.note?.trim() ?? "";
  switch (input.action) {
    case "acknowledge":
      return { patch: { acknowledgedAt: now, acknowledgedBy: actor.userId }, comment: note, data: { note } };
    case "verify": {
      if (!input.cause) throw fieldError("cause", "现场核实须选择报警原因");
      const label = ALARM_CAUSES[input.cause].zh;
      return {
        patch: { verifiedAt: now, verifiedBy: actor.userId, cause: input.cause, verifyNote: note },
        comment: note ? `${label}：${note}` : label,
        data: { cause: input.cause, note },
      };
    }
    case "dispose": {
      const feedback = input.feedback?.trim() ?? "";
      if (!feedback) throw fieldError("feedback", "处置反馈不能为空");
      return { patch: { disposedAt: now, disposedBy: actor.userId, feedback }, comment: feedback, data: { feedback } };
    }
    case "clear":
      return { patch: { clearedAt: now, clearedBy: actor.userId }, comment: note, data: { note } };
  }
}

/**
 * Applies a duty action as the actor, inside the caller's transaction. Refusals: out of scope or a role that may never
 * take this action 403 FORBIDDEN; a stale `version` 409 VERSION_CONFLICT; then ALARM_WRONG_STATUS / ALARM_CONDITION_ACTIVE
 * (409) from the transition table; a missing cause or feedback 400 naming the field. Returns the alarm's id.
 */
export async function performAlarmAction(tx: Queryable, actor: Actor, id: string, input: AlarmActionInput, now: Date): Promise<string> {
  const a = await alarmForWrite(tx, actor, id);
  const who = alarmActorOf(actor, a);
  const facts = alarmFactsOf(a);
  const t = ALARM_TRANSITIONS[input.action];
  // Someone who could not take this action in any state (a regulator, another enterprise's staff) hears so first.
  if (t.check(who, { ...facts, conditionActive: false }) === "FORBIDDEN") throw new AppError(403, "FORBIDDEN", ALARM_REFUSAL_MESSAGES.FORBIDDEN);
  if (input.version !== a.version) throw new AppError(409, "VERSION_CONFLICT", VERSION_CONFLICT_MESSAGE, undefined, { currentVersion: a.version });
  const refusal = alarmRefusal(who, facts, input.action);
  if (refusal) throw new AppError(refusal === "FORBIDDEN" ? 403 : 409, refusal, ALARM_REFUSAL_MESSAGES[refusal]);
  const p = plan(actor, input, now);
  const [row] = await tx
    .update(alarms)
    .set({ ...p.patch, status: t.to, version: sql`${alarms.version} + 1`, updatedAt: now })
    .where(and(eq(alarms.id, a.id), eq(alarms.version, a.version), eq(alarms.status, a.status)))
    .returning();
  if (!row) throw new AppError(409, "VERSION_CONFLICT", VERSION_CONFLICT_MESSAGE);
  await tx.insert(alarmEvents).values({
    alarmId: a.id,
    enterpriseId: a.enterpriseId,
    at: now,
    actorId: actor.userId,
    actorName: actor.displayName,
    action: input.action,
    fromStatus: a.status,
    toStatus: t.to,
    comment: p.comment.slice(0, 2000),
    data: p.data,
  });
  await appendAudit(
    tx,
    actor,
    {
      action: `alarm.${input.action}`,
      targetType: "alarm",
      targetId: a.id,
      enterpriseId: a.enterpriseId,
      before: { status: a.status, version: a.version },
      after: { status: row.status, version: row.version, ...p.data },
    },
    now,
  );
  return row.id;
}

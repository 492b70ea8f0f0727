/**
 * 超期升级: a hazard still being rectified after its deadline escalates step by step — level 1 the rectification
 * owner, level 2 the enterprise's main leader(s), level 3 the township regulator — at configurable hours after the
 * deadline (HAZARD_ESCALATION_HOURS). Each step is a history row, an audit row and notices; a run that finds nothing
 * due changes nothing (idempotent). The scheduler calls `escalateOverdueHazards` periodically.
 */
import { and, asc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import { ESCALATION_LEVELS, escalationLevelAt } from "@anguan/domain";
import type { Db, Queryable } from "../../db/client";
import { enterprises, hazardEvents, hazards, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { enterpriseUsers, insertNotifications, type NoticeTarget } from "../todos/notifications";
import { townshipBody } from "./majorReport";

type Candidate = Pick<
  typeof hazards.$inferSelect,
  "id" | "enterpriseId" | "regionPath" | "title" | "status" | "deadline" | "escalationLevel" | "rectifierUserId"
> & { enterpriseName: string };

/** Who an escalation level goes to, with their names for the history. */
async function recipients(tx: Queryable, h: Candidate, level: 1 | 2 | 3): Promise<{ to: NoticeTarget; names: string[] }> {
  if (level === 1) {
    if (h.rectifierUserId) {
      const [u] = await tx.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, h.rectifierUserId));
      if (u) return { to: { userIds: [u.id] }, names: [u.displayName] };
    }
    // No named rectifier: the enterprise's safety managers own the rectification.
    const safety = await enterpriseUsers(tx, h.enterpriseId, ["enterprise_safety"]);
    return { to: { userIds: safety.map((u) => u.id) }, names: safety.map((u) => u.displayName) };
  }
  if (level === 2) {
    const leaders = await enterpriseUsers(tx, h.enterpriseId, ["enterprise_leader"]);
    return { to: { userIds: leaders.map((u) => u.id) }, names: leaders.map((u) => u.displayName) };
  }
  const body = await townshipBody(tx, h.regionPath);
  return body ? { to: { orgIds: [body.id] }, names: [body.name] } : { to: {}, names: [] };
}

/** Raises one hazard from its current level to `target` (each level in between gets its own row); false on a lost race. */
async function escalateOne(db: Db, h: Candidate, target: 1 | 2 | 3, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(hazards)
      .set({ escalationLevel: target, lastEscalatedAt: now })
      .where(and(eq(hazards.id, h.id), eq(hazards.status, "rectifying"), eq(hazards.escalationLevel, h.escalationLevel), eq(hazards.deadline, h.deadline!)))
      .returning({ id: hazards.id });
    if (!row) return false;
    for (let level = (h.escalationLevel + 1) as 1 | 2 | 3; level <= target; level = (level + 1) as 1 | 2 | 3) {
      const { to, names } = await recipients(tx, h, level);
      const who = ESCALATION_LEVELS[level].zh;
      await tx.insert(hazardEvents).values({
        hazardId: h.id,
        enterpriseId: h.enterpriseId,
        at: now,
        actorId: null,
        actorName: "系统",
        action: "escalate",
        fromStatus: "rectifying",
        toStatus: "rectifying",
        comment: `超期未整改，第 ${level} 级升级至${who}：${names.length ? names.join("、") : "（未找到接收人）"}`,
        data: { level, to: names, deadline: h.deadline!.toISOString() },
      });
      await insertNotifications(
        tx,
        to,
        {
          kind: "escalation",
          title: `隐患超期未整改（第 ${level} 级，${who}）：${h.enterpriseName}「${h.title}」`,
          targetType: "hazard",
          targetId: h.id,
          enterpriseId: h.enterpriseId,
        },
        now,
      );
    }
    await appendAudit(
      tx,
      null,
      {
        action: "hazard.escalate",
        targetType: "hazard",
        targetId: h.id,
        enterpriseId: h.enterpriseId,
        before: { escalationLevel: h.escalationLevel },
        after: { escalationLevel: target },
      },
      now,
    );
    return true;
  });
}

/**
 * Escalates every rectifying hazard whose deadline has passed far enough for a higher level than it has.
 * `hours[i]` = hours after the deadline at which level i+1 starts (at most three levels). Returns how many hazards
 * were escalated (0 when run again at the same time).
 */
export async function escalateOverdueHazards(db: Db, now: Date, hours: readonly number[]): Promise<number> {
  const steps = hours.slice(0, 3);
  if (steps.length === 0) return 0;
  // Due for level i+1: deadline before now − hours[i] and not yet at that level.
  const due: SQL[] = steps.map((h, i) => and(lt(hazards.deadline, new Date(now.getTime() - h * 3600_000)), lt(hazards.escalationLevel, i + 1)) as SQL);
  const candidates = await db
    .select({
      id: hazards.id,
      enterpriseId: hazards.enterpriseId,
      regionPath: hazards.regionPath,
      title: hazards.title,
      status: hazards.status,
      deadline: hazards.deadline,
      escalationLevel: hazards.escalationLevel,
      rectifierUserId: hazards.rectifierUserId,
      enterpriseName: enterprises.name,
    })
    .from(hazards)
    .innerJoin(enterprises, eq(enterprises.id, hazards.enterpriseId))
    .where(and(eq(hazards.status, "rectifying"), sql`${hazards.deadline} IS NOT NULL`, or(...due)))
    .orderBy(asc(hazards.deadline), asc(hazards.id));
  let escalated = 0;
  for (const h of candidates) {
    const target = escalationLevelAt(h.deadline, "rectifying", now, steps);
    if (target <= h.escalationLevel || target === 0) continue;
    if (await escalateOne(db, h, target, now)) escalated++;
  }
  return escalated;
}

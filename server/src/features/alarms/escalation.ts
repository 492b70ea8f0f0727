/**
 * 未确认报警升级: an alarm nobody has acknowledged escalates step by step — level 1 the enterprise's main leaders,
 * level 2 the township (乡镇街道) body of its region, level 3 the district (区县/开发区) body — at configurable minutes
 * after it was raised (ALARM_ESCALATION_MINUTES). Each step is an alarm_events row and notices; the whole jump an
 * audit row. Compare-and-set on `escalation_level`, so a second run at the same time changes nothing (idempotent).
 * The jobs (platform/jobs.ts) call `escalateUnacknowledgedAlarms` periodically.
 */
import { and, asc, eq, lt, or, type SQL } from "drizzle-orm";
import { ALARM_ESCALATION_LEVELS, ALARM_KINDS, alarmEscalationLevelAt, LIMIT_LEVELS, type AlarmKind, type LimitLevel } from "@anguan/domain";
import type { Db, Queryable } from "../../db/client";
import { alarmEvents, alarms, enterprises, sensors } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { localRegulatorBodies, townshipBody, type RegulatorBody } from "../hazards/majorReport";
import { enterpriseUsers, insertNotifications, type NoticeTarget } from "../todos/notifications";

/** The district-level (区县 or 开发区/园区) emergency-management body of a region path. */
export async function countyBody(db: Queryable, regionPath: string): Promise<RegulatorBody | undefined> {
  const bodies = await localRegulatorBodies(db, regionPath);
  return bodies.find((b) => b.level === "county" || b.level === "zone");
}

interface Candidate {
  id: string;
  enterpriseId: string;
  regionPath: string;
  raisedAt: Date;
  escalationLevel: number;
  kind: string;
  level: string | null;
  enterpriseName: string;
  sensorName: string;
  tag: string;
}

async function recipients(tx: Queryable, a: Candidate, level: 1 | 2 | 3): Promise<{ to: NoticeTarget; names: string[] }> {
  if (level === 1) {
    const leaders = await enterpriseUsers(tx, a.enterpriseId, ["enterprise_leader"]);
    return { to: { userIds: leaders.map((u) => u.id) }, names: leaders.map((u) => u.displayName) };
  }
  const body = level === 2 ? await townshipBody(tx, a.regionPath) : await countyBody(tx, a.regionPath);
  return body ? { to: { orgIds: [body.id] }, names: [body.name] } : { to: {}, names: [] };
}

const kindLabel = (a: Pick<Candidate, "kind" | "level">) =>
  a.kind === "limit" && a.level && a.level in LIMIT_LEVELS ? LIMIT_LEVELS[a.level as LimitLevel].zh : (ALARM_KINDS[a.kind as AlarmKind]?.zh ?? a.kind);

/** Raises one alarm from its level to `target` (a row per level in between); false when it lost a race. */
async function escalateOne(db: Db, a: Candidate, target: 1 | 2 | 3, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(alarms)
      .set({ escalationLevel: target, lastEscalatedAt: now })
      .where(and(eq(alarms.id, a.id), eq(alarms.status, "raised"), eq(alarms.escalationLevel, a.escalationLevel)))
      .returning({ id: alarms.id });
    if (!row) return false;
    const minutes = Math.floor((now.getTime() - a.raisedAt.getTime()) / 60_000);
    for (let level = (a.escalationLevel + 1) as 1 | 2 | 3; level <= target; level = (level + 1) as 1 | 2 | 3) {
      const { to, names } = await recipients(tx, a, level);
      const who = ALARM_ESCALATION_LEVELS[level].zh;
      await tx.insert(alarmEvents).values({
        alarmId: a.id,
        enterpriseId: a.enterpriseId,
        at: now,
        actorId: null,
        actorName: "系统",
        action: "escalate",
        fromStatus: "raised",
        toStatus: "raised",
        comment: `未确认报警升级至${who}（第 ${level} 级，已 ${minutes} 分钟未确认）：${names.length ? names.join("、") : "（未找到接收人）"}`,
        data: { level, to: names, minutes },
      });
      await insertNotifications(
        tx,
        to,
        {
          // The notification kinds list (todos/notifications.ts) does not name this one yet.
          kind: "alarm_escalation",
          title: `报警未确认（第 ${level} 级，${who}）：${a.enterpriseName} ${a.sensorName}（${a.tag}）${kindLabel(a)}`,
          targetType: "alarm",
          targetId: a.id,
          enterpriseId: a.enterpriseId,
        },
        now,
      );
    }
    await appendAudit(
      tx,
      null,
      {
        action: "alarm.escalate",
        targetType: "alarm",
        targetId: a.id,
        enterpriseId: a.enterpriseId,
        before: { escalationLevel: a.escalationLevel },
        after: { escalationLevel: target },
      },
      now,
    );
    return true;
  });
}

/**
 * Escalates every unacknowledged (`raised`) alarm old enough for a higher level than it has. `minutes[i]` = minutes
 * after raising at which level i+1 starts (at most three). Returns how many alarms were escalated.
 */
export async function escalateUnacknowledgedAlarms(db: Db, now: Date, minutes: readonly number[]): Promise<number> {
  const steps = minutes.slice(0, 3);
  if (steps.length === 0) return 0;
  const due: SQL[] = steps.map((m, i) => and(lt(alarms.raisedAt, new Date(now.getTime() - m * 60_000 + 1)), lt(alarms.escalationLevel, i + 1)) as SQL);
  const candidates = await db
    .select({
      id: alarms.id,
      enterpriseId: alarms.enterpriseId,
      regionPath: alarms.regionPath,
      raisedAt: alarms.raisedAt,
      escalationLevel: alarms.escalationLevel,
      kind: alarms.kind,
      level: alarms.level,
      enterpriseName: enterprises.name,
      sensorName: sensors.name,
      tag: sensors.tag,
    })
    .from(alarms)
    .innerJoin(enterprises, eq(enterprises.id, alarms.enterpriseId))
    .innerJoin(sensors, eq(sensors.id, alarms.sensorId))
    .where(and(eq(alarms.status, "raised"), or(...due)))
    .orderBy(asc(alarms.raisedAt), asc(alarms.id));
  let escalated = 0;
  for (const a of candidates) {
    const target = alarmEscalationLevelAt(a.raisedAt, "raised", now, steps);
    if (target === 0 || target <= a.escalationLevel) continue;
    if (await escalateOne(db, a, target, now)) escalated++;
  }
  return escalated;
}

/**
 * 班前教育提醒: on a working day (the enterprise's work calendar, inspections/calendar.ts), a team of an operating
 * enterprise with active members and without today's briefing gets level 1 after BRIEFING_DUE_TIME (notice to the
 * team leader's login) and level 2 BRIEFING_ESCALATE_HOURS later (notice to the enterprise's safety managers, or its
 * main leaders when it has none). One briefing_reminders row per team, day and level makes it idempotent; a job
 * that first runs after the level-2 time sends both levels. Returns the number of notices sent.
 */
import { and, eq, inArray, notExists, sql } from "drizzle-orm";
import { briefingReminderTimes, isBriefingDay } from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { briefingReminders, briefings, enterprises, notifications, organizations, personnel, teams, users } from "../../db/schema";
import { shanghaiDate } from "../../platform/time";
import { calendarFor, loadWorkCalendars } from "../inspections/calendar";
import type { Notice } from "../todos/notifications";

export async function remindMissingBriefings(tx: Queryable, now: Date, config: Pick<Config, "BRIEFING_DUE_TIME" | "BRIEFING_ESCALATE_HOURS">): Promise<number> {
  const today = shanghaiDate(now);
  const { level1, level2 } = briefingReminderTimes(today, config.BRIEFING_DUE_TIME, config.BRIEFING_ESCALATE_HOURS);
  if (now.getTime() < level1.getTime()) return 0;
  const target: 1 | 2 = now.getTime() >= level2.getTime() ? 2 : 1;
  const calendars = await loadWorkCalendars(tx);
  if (!calendars.some((c) => isBriefingDay(today, c.calendar))) return 0;

  const leaderPerson = sql`(SELECT ${personnel.userId} FROM ${personnel} WHERE ${personnel.id} = ${teams.leaderPersonId})`;
  const sent = sql<number[]>`coalesce((SELECT array_agg(${briefingReminders.level}) FROM ${briefingReminders}
    WHERE ${briefingReminders.teamId} = ${teams.id} AND ${briefingReminders.day} = ${today}), '{}')`;
  const candidates = await tx
    .select({
      teamId: teams.id,
      teamName: teams.name,
      enterpriseId: teams.enterpriseId,
      enterpriseName: enterprises.name,
      regionPath: enterprises.regionPath,
      leaderUserId: sql<string | null>`coalesce(${teams.leaderUserId}, ${leaderPerson})`,
      sent,
    })
    .from(teams)
    .innerJoin(enterprises, eq(enterprises.id, teams.enterpriseId))
    .where(
      and(
        eq(teams.active, true),
        eq(enterprises.operatingStatus, "operating"),
        sql`EXISTS (SELECT 1 FROM ${personnel} WHERE ${personnel.teamId} = ${teams.id} AND ${personnel.active})`,
        notExists(
          tx
            .select({ one: sql`1` })
            .from(briefings)
            .where(and(eq(briefings.teamId, teams.id), eq(briefings.day, today))),
        ),
        sql`(SELECT count(*) FROM ${briefingReminders} WHERE ${briefingReminders.teamId} = ${teams.id} AND ${briefingReminders.day} = ${today}) < ${target}`,
      ),
    );
  const due: { c: (typeof candidates)[number]; level: 1 | 2 }[] = [];
  for (const c of candidates) {
    if (!isBriefingDay(today, calendarFor(calendars, c.regionPath).calendar)) continue;
    const have = new Set((c.sent ?? []).map(Number));
    for (const level of [1, 2] as const) if (level <= target && !have.has(level)) due.push({ c, level });
  }
  if (!due.length) return 0;

  // Claim the reminders (a concurrent run claims nothing twice), then tell whoever each level names.
  const claimed = await tx
    .insert(briefingReminders)
    .values(due.map(({ c, level }) => ({ teamId: c.teamId, day: today, level, enterpriseId: c.enterpriseId, sentAt: now })))
    .onConflictDoNothing()
    .returning({ teamId: briefingReminders.teamId, level: briefingReminders.level });
  if (!claimed.length) return 0;
  const isClaimed = new Set(claimed.map((r) => `${r.teamId}/${r.level}`));
  const work = due.filter(({ c, level }) => isClaimed.has(`${c.teamId}/${level}`));

  const level2Enterprises = [...new Set(work.filter((w) => w.level === 2).map((w) => w.c.enterpriseId))];
  const managers = level2Enterprises.length
    ? await tx
        .select({ id: users.id, role: users.role, enterpriseId: organizations.enterpriseId })
        .from(users)
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(
          and(
            inArray(organizations.enterpriseId, level2Enterprises),
            inArray(users.role, ["enterprise_safety", "enterprise_leader"]),
            eq(users.disabled, false),
          ),
        )
    : [];
  const leaderIds = [...new Set(work.filter((w) => w.level === 1 && w.c.leaderUserId).map((w) => w.c.leaderUserId!))];
  const activeLeaders = new Set(
    leaderIds.length
      ? (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, leaderIds), eq(users.disabled, false)))
        ).map((u) => u.id)
      : [],
  );
  const rows: (Notice & { userId: string; orgId: null; createdAt: Date })[] = [];
  for (const { c, level } of work) {
    let to: string[];
    if (level === 1) to = c.leaderUserId && activeLeaders.has(c.leaderUserId) ? [c.leaderUserId] : [];
    else {
      const own = managers.filter((m) => m.enterpriseId === c.enterpriseId);
      const safety = own.filter((m) => m.role === "enterprise_safety");
      to = (safety.length ? safety : own.filter((m) => m.role === "enterprise_leader")).map((m) => m.id);
    }
    const title =
      level === 1
        ? `班前教育未开展：${c.teamName}（${today}，应于 ${config.BRIEFING_DUE_TIME} 前开展）`
        : `班前教育未开展（已超过 ${config.BRIEFING_DUE_TIME} ${config.BRIEFING_ESCALATE_HOURS} 小时）：${c.enterpriseName} ${c.teamName}（${today}）`;
    for (const userId of new Set(to))
      rows.push({ kind: "briefing_missing", title, targetType: "team", targetId: c.teamId, enterpriseId: c.enterpriseId, userId, orgId: null, createdAt: now });
  }
  if (rows.length) await tx.insert(notifications).values(rows);
  return rows.length;
}

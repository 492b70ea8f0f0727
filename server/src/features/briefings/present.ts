/** Reads of pre-shift briefings: teams with leader and members, permits in force, higher risk units, briefing detail. */
import { and, asc, count, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { APPROVER_LEVELS, LIVE_PERMIT_STATUSES, PERMIT_GRADES, PERMIT_STATUSES, SPECIAL_WORK_TYPES, shanghaiMidnight, addCalendarDays } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { briefingAttendees, type briefings, evidence, permits, personnel, riskUnits, teams, users } from "../../db/schema";

export type TeamRow = typeof teams.$inferSelect;
export type BriefingRow = typeof briefings.$inferSelect;

/** The team's leader: the person's name (or the login's name), and the login. */
export async function teamLeader(db: Queryable, team: TeamRow): Promise<{ name: string; userId: string | null; personId: string | null }> {
  let name = "";
  let userId = team.leaderUserId;
  if (team.leaderPersonId) {
    const [p] = await db.select({ name: personnel.name, userId: personnel.userId }).from(personnel).where(eq(personnel.id, team.leaderPersonId));
    if (p) {
      name = p.name;
      userId ??= p.userId;
    }
  }
  if (!name && userId) {
    const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
    name = u?.name ?? "";
  }
  return { name, userId, personId: team.leaderPersonId };
}

/** Is the user the team's leader (teams.leader_user_id, or the login of the leader's person record)? */
export async function leadsTeam(db: Queryable, team: TeamRow, userId: string): Promise<boolean> {
  if (team.leaderUserId === userId) return true;
  if (!team.leaderPersonId) return false;
  const [p] = await db.select({ userId: personnel.userId }).from(personnel).where(eq(personnel.id, team.leaderPersonId));
  return p?.userId === userId;
}

/** Team ids the user leads in an enterprise (or anywhere when enterpriseId is null). */
export async function teamsLedBy(db: Queryable, userId: string, enterpriseId: string | null): Promise<string[]> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .leftJoin(personnel, eq(personnel.id, teams.leaderPersonId))
    .where(
      and(
        eq(teams.active, true),
        or(eq(teams.leaderUserId, userId), eq(personnel.userId, userId)),
        enterpriseId ? eq(teams.enterpriseId, enterpriseId) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

export async function teamMembers(db: Queryable, teamId: string) {
  return db
    .select({ personId: personnel.id, name: personnel.name, post: personnel.post, kind: personnel.kind, userId: personnel.userId })
    .from(personnel)
    .where(and(eq(personnel.teamId, teamId), eq(personnel.active, true)))
    .orderBy(asc(personnel.name));
}

/** Active member counts per team. */
export async function memberCounts(db: Queryable, teamIds: readonly string[]): Promise<Map<string, number>> {
  if (!teamIds.length) return new Map();
  const rows = await db
    .select({ teamId: personnel.teamId, n: count() })
    .from(personnel)
    .where(and(inArray(personnel.teamId, [...teamIds]), eq(personnel.active, true)))
    .groupBy(personnel.teamId);
  return new Map(rows.map((r) => [r.teamId!, r.n]));
}

const workLeader = alias(personnel, "work_leader");
const watchman = alias(personnel, "watchman");

/** Permits of the enterprise in force on a day: approved, in progress or suspended, planned that day or spanning it. */
export async function permitsInForce(db: Queryable, enterpriseId: string, day: string) {
  const start = shanghaiMidnight(day);
  const end = shanghaiMidnight(addCalendarDays(day, 1));
  const rows = await db
    .select({ p: permits, workLeaderName: workLeader.name, watchmanName: watchman.name })
    .from(permits)
    .leftJoin(workLeader, eq(workLeader.id, permits.workLeaderId))
    .leftJoin(watchman, eq(watchman.id, permits.watchmanId))
    .where(
      and(
        eq(permits.enterpriseId, enterpriseId),
        inArray(permits.status, [...LIVE_PERMIT_STATUSES]),
        or(eq(permits.workDate, day), and(lte(permits.plannedStart, end), gte(permits.plannedEnd, start))),
      ),
    )
    .orderBy(asc(permits.plannedStart));
  return rows.map(({ p, workLeaderName, watchmanName }) => presentPermitSummary(p, workLeaderName, watchmanName));
}

export function presentPermitSummary(p: typeof permits.$inferSelect, workLeaderName: string | null, watchmanName: string | null) {
  return {
    id: p.id,
    enterpriseId: p.enterpriseId,
    code: p.code,
    type: p.type,
    typeName: SPECIAL_WORK_TYPES[p.type as keyof typeof SPECIAL_WORK_TYPES]?.zh ?? p.type,
    grade: p.grade,
    gradeName: p.grade ? (PERMIT_GRADES[p.grade as keyof typeof PERMIT_GRADES]?.zh ?? p.grade) : null,
    highRisk: p.highRisk,
    status: p.status,
    statusName: PERMIT_STATUSES[p.status as keyof typeof PERMIT_STATUSES]?.zh ?? p.status,
    place: p.place,
    content: p.content,
    plannedStart: p.plannedStart.toISOString(),
    plannedEnd: p.plannedEnd.toISOString(),
    workDate: p.workDate,
    requesterName: p.requesterName,
    workLeaderName: workLeaderName ?? "",
    watchmanName: watchmanName ?? "",
    approverLevel: p.approverLevel,
    approverLevelName: APPROVER_LEVELS[p.approverLevel as keyof typeof APPROVER_LEVELS]?.zh ?? p.approverLevel,
    version: p.version,
  };
}

/** The enterprise's red and orange risk units (重大/较大风险), and a line of text for the briefing. */
export async function higherRisks(db: Queryable, enterpriseId: string) {
  const units = await db
    .select({ id: riskUnits.id, name: riskUnits.name, grade: riskUnits.riskGrade, location: riskUnits.location })
    .from(riskUnits)
    .where(and(eq(riskUnits.enterpriseId, enterpriseId), inArray(riskUnits.riskGrade, ["重大", "较大"])))
    .orderBy(sql`CASE ${riskUnits.riskGrade} WHEN '重大' THEN 0 ELSE 1 END`, asc(riskUnits.name));
  const red = units.filter((u) => u.grade === "重大").map((u) => u.name);
  const orange = units.filter((u) => u.grade === "较大").map((u) => u.name);
  const parts = [red.length ? `重大风险（红）：${red.join("、")}` : "", orange.length ? `较大风险（橙）：${orange.join("、")}` : ""].filter(Boolean);
  return { units: units.map((u) => ({ ...u, color: u.grade === "重大" ? "red" : "orange" })), text: parts.join("；") };
}

export async function briefingDetail(db: Queryable, b: BriefingRow, abilities: { addAttendee: boolean }) {
  const [team] = await db.select().from(teams).where(eq(teams.id, b.teamId));
  const [attendees, photo, members, citedPermits] = await Promise.all([
    db.select().from(briefingAttendees).where(eq(briefingAttendees.briefingId, b.id)).orderBy(asc(briefingAttendees.signedAt), asc(briefingAttendees.name)),
    b.photoEvidenceId ? db.select().from(evidence).where(eq(evidence.id, b.photoEvidenceId)) : Promise.resolve([]),
    memberCounts(db, [b.teamId]),
    b.permitIds.length
      ? db
          .select({ p: permits, workLeaderName: workLeader.name, watchmanName: watchman.name })
          .from(permits)
          .leftJoin(workLeader, eq(workLeader.id, permits.workLeaderId))
          .leftJoin(watchman, eq(watchman.id, permits.watchmanId))
          .where(inArray(permits.id, b.permitIds))
      : Promise.resolve([]),
  ]);
  const ph = photo[0];
  return {
    id: b.id,
    enterpriseId: b.enterpriseId,
    teamId: b.teamId,
    teamName: team?.name ?? "",
    day: b.day,
    topic: b.topic,
    content: b.content,
    risks: b.risks,
    lessons: b.lessons,
    permitIds: b.permitIds,
    permits: citedPermits.map(({ p, workLeaderName, watchmanName }) => presentPermitSummary(p, workLeaderName, watchmanName)),
    leaderUserId: b.leaderUserId,
    leaderName: b.leaderName,
    heldAt: b.heldAt.toISOString(),
    lat: b.lat,
    lng: b.lng,
    attendeeCount: attendees.length,
    memberCount: members.get(b.teamId) ?? 0,
    attendees: attendees.map((a) => ({ personId: a.personId, name: a.name, signedAt: a.signedAt.toISOString(), signatureSha256: a.signatureSha256 })),
    photo: ph
      ? {
          evidenceId: ph.id,
          fileSha256: ph.fileSha256,
          receivedAt: ph.receivedAt.toISOString(),
          takenAt: ph.takenAt?.toISOString() ?? null,
          capture: ph.capture,
          uploadedByName: ph.uploadedByName,
          flag: b.photoFlag,
        }
      : null,
    photoFlag: b.photoFlag,
    createdAt: b.createdAt.toISOString(),
    abilities,
  };
}

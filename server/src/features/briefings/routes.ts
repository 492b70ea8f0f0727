/**
 * 班前教育 (pre-shift briefings, docs/steward.md "Pre-shift briefings"): prefill for a team, record a briefing with a
 * live check-in photo and the attendees' sign-in (each attendee gets a training record), late sign-in, today's board
 * and monthly statistics per team. Written by the team's leader or a manager of the enterprise; read in scope.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  BRIEFING_TRAINING_HOURS,
  briefingReminderTimes,
  evidenceCaptureVerdict,
  isBriefingDay,
  isCalendarDay,
  isMonthKey,
  teamMonthStats,
  addCalendarDays,
  addMonthsClamped,
  type Actor,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { briefingAttendees, briefings, enterprises, evidence, permits, personnel, teams, trainingRecords } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError, forbidden, notFound } from "../../platform/errors";
import { scopeWhereOn, type EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { defaultEnterpriseId, enterpriseRef, isStewardManager, isUuid, loadEnterpriseRow, stewardEnterpriseForRead } from "../duties/access";
import { workCalendarFor } from "../inspections/calendar";
import { inScope } from "@anguan/domain";
import {
  briefingDetail,
  higherRisks,
  leadsTeam,
  memberCounts,
  permitsInForce,
  teamLeader,
  teamMembers,
  teamsLedBy,
  type BriefingRow,
  type TeamRow,
} from "./present";

const uuid = (label: string) => z.uuid({ error: `${label}无效` });
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const day = (label: string) => z.string({ error: `${label}应为日期` }).refine(isCalendarDay, { error: `${label}格式应为 YYYY-MM-DD` });
const sha = z
  .string({ error: "签名文件摘要应为文字" })
  .regex(/^[a-f0-9]{64}$/i, { error: "签名文件摘要应为 64 位十六进制 SHA-256" })
  .transform((s) => s.toLowerCase());
const coord = (label: string, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(-max, { error: `${label}应在 -${max} 到 ${max} 之间` })
    .max(max, { error: `${label}应在 -${max} 到 ${max} 之间` });

const attendee = z.object({ personId: uuid("签到人员"), signatureSha256: sha.optional() }).strict();
const briefingBody = z
  .object({
    teamId: uuid("班组"),
    day: day("日期").optional(),
    topic: text("主题", 200).min(1, { error: "请填写班前教育主题" }),
    content: text("教育内容", 5000).optional(),
    risks: text("今日风险", 2000).optional(),
    permitIds: z.array(uuid("作业票"), { error: "作业票应为列表" }).max(100, { error: "最多引用 100 张作业票" }).optional(),
    lessons: text("事故教训", 2000).optional(),
    photoEvidenceId: z.uuid({ error: (iss) => (iss.input === undefined ? "请上传现场签到照片" : "签到照片无效") }),
    attendees: z.array(attendee, { error: "签到人员应为列表" }).min(1, { error: "至少一人签到" }).max(500, { error: "签到人员最多 500 人" }),
    lat: coord("纬度", 90).optional(),
    lng: coord("经度", 180).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.lat === undefined) !== (b.lng === undefined))
      ctx.addIssue({ code: "custom", path: [b.lat === undefined ? "lat" : "lng"], message: "经纬度须同时提供" });
  });
const idParams = z.object({ id: z.string().max(64) });
const listQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  teamId: uuid("班组").optional(),
  from: day("开始日期").optional(),
  to: day("结束日期").optional(),
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(500, { error: "每页最多 500 条" }).default(20),
});
const teamQuery = z.object({ teamId: uuid("班组") });
const enterpriseQuery = z.object({ enterpriseId: uuid("企业").optional() });
const statsQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  month: z.string().refine(isMonthKey, { error: "月份格式应为 YYYY-MM" }).optional(),
});
const attendeeBody = attendee;

/** A team the actor may read: missing or outside scope → 404. */
async function teamForRead(db: Queryable, actor: Actor, teamId: string): Promise<{ team: TeamRow; enterprise: EnterpriseRow }> {
  if (!isUuid(teamId)) throw notFound("班组");
  const [team] = await db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) throw notFound("班组");
  const enterprise = await stewardEnterpriseForRead(db, actor, team.enterpriseId, "班组");
  return { team, enterprise };
}

/** May the actor run this team's briefing? Managers of the enterprise, or the team's leader. */
async function mayRunBriefing(db: Queryable, actor: Actor, team: TeamRow, e: EnterpriseRow): Promise<boolean> {
  if (!inScope(actor.scope, enterpriseRef(e))) return false;
  if (isStewardManager(actor, e)) return true;
  return actor.role === "enterprise_staff" && (await leadsTeam(db, team, actor.userId));
}

/** A team for a briefing write: missing 404; outside scope or not the leader/manager → 403. Locks the enterprise row. */
async function teamForWrite(tx: Queryable, actor: Actor, teamId: string): Promise<{ team: TeamRow; enterprise: EnterpriseRow }> {
  if (!isUuid(teamId)) throw notFound("班组");
  const [team] = await tx.select().from(teams).where(eq(teams.id, teamId));
  if (!team) throw notFound("班组");
  const enterprise = await loadEnterpriseRow(tx, team.enterpriseId, true);
  if (!inScope(actor.scope, enterpriseRef(enterprise))) throw forbidden("无权修改该企业的记录");
  if (!(await mayRunBriefing(tx, actor, team, enterprise))) throw forbidden("只有该班组的班组长或企业安全管理人员可以组织班前教育");
  return { team, enterprise };
}

/** Checks attendees: distinct, active personnel of the enterprise. 400 naming `<prefix>.<i>.personId`. */
async function checkAttendees<T extends { personId: string }>(
  tx: Queryable,
  enterpriseId: string,
  list: readonly T[],
  prefix: string | null,
): Promise<(T & { name: string })[]> {
  const field = (i: number) => (prefix === null ? "personId" : `${prefix}.${i}.personId`);
  const seen = new Set<string>();
  list.forEach((a, i) => {
    if (seen.has(a.personId)) throw fieldError(field(i), "同一人员重复签到");
    seen.add(a.personId);
  });
  const rows = list.length
    ? await tx
        .select({ id: personnel.id, name: personnel.name, enterpriseId: personnel.enterpriseId, active: personnel.active })
        .from(personnel)
        .where(
          inArray(
            personnel.id,
            list.map((a) => a.personId),
          ),
        )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return list.map((a, i) => {
    const p = byId.get(a.personId);
    if (!p || p.enterpriseId !== enterpriseId || !p.active) throw fieldError(field(i), "该人员不是本企业在岗人员");
    return { ...a, name: p.name };
  });
}

async function addTrainingRecords(tx: Queryable, e: EnterpriseRow, b: BriefingRow, personIds: readonly string[], now: Date) {
  if (!personIds.length) return;
  await tx
    .insert(trainingRecords)
    .values(
      personIds.map((personId) => ({
        enterpriseId: e.id,
        regionPath: e.regionPath,
        sector: e.sector,
        personId,
        kind: "briefing",
        sourceId: b.id,
        title: `班前教育：${b.topic}`,
        day: b.day,
        hours: BRIEFING_TRAINING_HOURS,
        result: "已参加",
        recordedAt: now,
      })),
    )
    .onConflictDoNothing();
}

export async function briefingRoutes(app: App) {
  const { db, config } = app.ctx;
  const tags = ["briefings"];
  const now = () => app.ctx.now();

  async function calendarOf(regionPath: string) {
    return workCalendarFor(db, regionPath);
  }

  // ---- list
  app.get("/api/briefings", { schema: { tags, summary: "班前教育记录（按企业、班组、日期）", querystring: listQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, briefings)];
    let create: boolean;
    if (q.enterpriseId) {
      const e = await stewardEnterpriseForRead(db, actor, q.enterpriseId);
      conds.push(eq(briefings.enterpriseId, e.id));
      create = isStewardManager(actor, e) || (actor.role === "enterprise_staff" && (await teamsLedBy(db, actor.userId, e.id)).length > 0);
    } else {
      create =
        ["admin", "enterprise_leader", "enterprise_safety"].includes(actor.role) ||
        (actor.role === "enterprise_staff" && (await teamsLedBy(db, actor.userId, null)).length > 0);
    }
    if (q.teamId) {
      await teamForRead(db, actor, q.teamId);
      conds.push(eq(briefings.teamId, q.teamId));
    }
    if (q.from) conds.push(gte(briefings.day, q.from));
    if (q.to) conds.push(lte(briefings.day, q.to));
    const where = and(...conds);
    const attendeeCount = sql<number>`(SELECT count(*)::int FROM ${briefingAttendees} WHERE ${briefingAttendees.briefingId} = ${briefings.id})`;
    const [rows, [total]] = await Promise.all([
      db
        .select({ b: briefings, teamName: teams.name, enterpriseName: enterprises.name, attendeeCount })
        .from(briefings)
        .innerJoin(teams, eq(teams.id, briefings.teamId))
        .innerJoin(enterprises, eq(enterprises.id, briefings.enterpriseId))
        .where(where)
        .orderBy(desc(briefings.day), asc(teams.name))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(briefings).where(where),
    ]);
    const members = await memberCounts(db, [...new Set(rows.map((r) => r.b.teamId))]);
    return {
      items: rows.map(({ b, teamName, enterpriseName, attendeeCount: n }) => ({
        id: b.id,
        enterpriseId: b.enterpriseId,
        enterpriseName,
        teamId: b.teamId,
        teamName,
        day: b.day,
        topic: b.topic,
        leaderName: b.leaderName,
        heldAt: b.heldAt.toISOString(),
        attendeeCount: Number(n),
        memberCount: members.get(b.teamId) ?? 0,
        photoFlag: b.photoFlag,
      })),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      abilities: { create },
    };
  });

  // ---- prefill
  app.get("/api/briefings/prefill", { schema: { tags, summary: "班前教育预填：班组成员、今日作业票与较大以上风险", querystring: teamQuery } }, async (req) => {
    const actor = actorOf(req);
    const { team, enterprise } = await teamForRead(db, actor, req.query.teamId);
    const today = shanghaiDate(now());
    const [leader, members, risks, permitList, [existing]] = await Promise.all([
      teamLeader(db, team),
      teamMembers(db, team.id),
      higherRisks(db, enterprise.id),
      permitsInForce(db, enterprise.id, today),
      db
        .select({ id: briefings.id })
        .from(briefings)
        .where(and(eq(briefings.teamId, team.id), eq(briefings.day, today))),
    ]);
    return {
      day: today,
      team: { id: team.id, name: team.name, enterpriseId: enterprise.id, enterpriseName: enterprise.name, leaderName: leader.name, active: team.active },
      members: members.map((m) => ({ personId: m.personId, name: m.name, post: m.post, kind: m.kind })),
      risks: risks.text,
      riskUnits: risks.units,
      permits: permitList,
      existingBriefingId: existing?.id ?? null,
      abilities: { create: !existing && team.active && (await mayRunBriefing(db, actor, team, enterprise)) },
    };
  });

  // ---- today's board
  app.get("/api/briefings/today", { schema: { tags, summary: "今日各班组班前教育开展情况", querystring: enterpriseQuery } }, async (req) => {
    const actor = actorOf(req);
    const enterpriseId = defaultEnterpriseId(actor, req.query.enterpriseId);
    if (!enterpriseId) throw fieldError("enterpriseId", "请选择企业");
    const e = await stewardEnterpriseForRead(db, actor, enterpriseId);
    const at = now();
    const today = shanghaiDate(at);
    const cal = await calendarOf(e.regionPath);
    const teamRows = await db
      .select()
      .from(teams)
      .where(and(eq(teams.enterpriseId, e.id), eq(teams.active, true)))
      .orderBy(asc(teams.name));
    const held = await db
      .select({ id: briefings.id, teamId: briefings.teamId, heldAt: briefings.heldAt, attendeeCount: count(briefingAttendees.personId) })
      .from(briefings)
      .leftJoin(briefingAttendees, eq(briefingAttendees.briefingId, briefings.id))
      .where(and(eq(briefings.enterpriseId, e.id), eq(briefings.day, today)))
      .groupBy(briefings.id);
    const heldBy = new Map(held.map((h) => [h.teamId, h]));
    const members = await memberCounts(
      db,
      teamRows.map((t) => t.id),
    );
    const workingDay = isBriefingDay(today, cal);
    const { level1 } = briefingReminderTimes(today, config.BRIEFING_DUE_TIME, config.BRIEFING_ESCALATE_HOURS);
    const out = [];
    for (const t of teamRows) {
      const h = heldBy.get(t.id);
      out.push({
        teamId: t.id,
        teamName: t.name,
        leaderName: (await teamLeader(db, t)).name,
        held: !!h,
        briefingId: h?.id ?? null,
        heldAt: h?.heldAt.toISOString() ?? null,
        attendeeCount: h ? Number(h.attendeeCount) : 0,
        memberCount: members.get(t.id) ?? 0,
        late: !h && workingDay && at.getTime() >= level1.getTime(),
      });
    }
    return {
      day: today,
      workingDay,
      dueTime: config.BRIEFING_DUE_TIME,
      enterpriseId: e.id,
      enterpriseName: e.name,
      teams: out,
      counts: { teams: out.length, held: out.filter((x) => x.held).length },
    };
  });

  // ---- monthly statistics
  app.get("/api/briefings/stats", { schema: { tags, summary: "班前教育月度统计（按班组）", querystring: statsQuery } }, async (req) => {
    const actor = actorOf(req);
    const enterpriseId = defaultEnterpriseId(actor, req.query.enterpriseId);
    if (!enterpriseId) throw fieldError("enterpriseId", "请选择企业");
    const e = await stewardEnterpriseForRead(db, actor, enterpriseId);
    const today = shanghaiDate(now());
    const month = req.query.month ?? today.slice(0, 7);
    // Up to today in the current month; nothing expected yet in a future month.
    const until = month === today.slice(0, 7) ? today : month > today.slice(0, 7) ? addCalendarDays(`${month}-01`, -1) : undefined;
    const cal = await calendarOf(e.regionPath);
    const rows = await db
      .select({ teamId: briefings.teamId, day: briefings.day, attendees: count(briefingAttendees.personId) })
      .from(briefings)
      .leftJoin(briefingAttendees, eq(briefingAttendees.briefingId, briefings.id))
      .where(and(eq(briefings.enterpriseId, e.id), gte(briefings.day, `${month}-01`), lt(briefings.day, addMonthsClamped(`${month}-01`, 1))))
      .groupBy(briefings.id);
    const teamIdsWithBriefings = [...new Set(rows.map((r) => r.teamId))];
    const teamRows = await db
      .select()
      .from(teams)
      .where(
        and(
          eq(teams.enterpriseId, e.id),
          teamIdsWithBriefings.length ? sql`(${teams.active} OR ${inArray(teams.id, teamIdsWithBriefings)})` : eq(teams.active, true),
        ),
      )
      .orderBy(asc(teams.name));
    const members = await memberCounts(
      db,
      teamRows.map((t) => t.id),
    );
    const list = teamRows.map((t) => {
      const m = members.get(t.id) ?? 0;
      const s = teamMonthStats(
        month,
        rows.filter((r) => r.teamId === t.id).map((r) => ({ day: r.day, attendees: Number(r.attendees), members: m })),
        cal,
        until,
      );
      return { teamId: t.id, teamName: t.name, memberCount: m, ...s };
    });
    const days = list[0]?.days ?? teamMonthStats(month, [], cal, until).days;
    const expected = list.reduce((s, x) => s + x.days, 0);
    const heldOnDays = list.reduce((s, x) => s + x.heldOnDays, 0);
    return {
      month,
      enterpriseId: e.id,
      enterpriseName: e.name,
      days,
      teams: list,
      totals: { held: list.reduce((s, x) => s + x.held, 0), expected, rate: expected ? Math.round((heldOnDays / expected) * 10_000) / 10_000 : null },
    };
  });

  // ---- record a briefing
  app.post("/api/briefings", { schema: { tags, summary: "记录班前教育（现场签到照片、人员签到）", body: briefingBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const b = req.body;
    const at = now();
    const today = shanghaiDate(at);
    const created = await db.transaction(async (tx) => {
      const { team, enterprise } = await teamForWrite(tx, actor, b.teamId);
      if (!team.active) throw fieldError("teamId", "班组已停用");
      const dayOf = b.day ?? today;
      if (dayOf > today) throw fieldError("day", "不能登记以后日期的班前教育");
      if (dayOf < addCalendarDays(today, -1)) throw fieldError("day", "只能登记当天（或前一天夜班）的班前教育");
      const [dup] = await tx
        .select({ id: briefings.id })
        .from(briefings)
        .where(and(eq(briefings.teamId, team.id), eq(briefings.day, dayOf)));
      if (dup)
        throw new AppError(409, "BRIEFING_EXISTS", `${team.name} ${dayOf} 的班前教育已登记`, [{ field: "day", message: "该班组当天已开展班前教育" }], {
          briefingId: dup.id,
        });
      // The live check-in photo.
      const [ev] = await tx.select().from(evidence).where(eq(evidence.id, b.photoEvidenceId));
      if (!ev) throw fieldError("photoEvidenceId", "签到照片不存在，请先上传");
      const ours = ev.enterpriseId ? ev.enterpriseId === enterprise.id : ev.uploadedBy === actor.userId;
      if (!ours) throw fieldError("photoEvidenceId", "签到照片不属于本企业");
      const verdict = evidenceCaptureVerdict(
        { capture: ev.capture as "camera" | "gallery" | "unknown", takenAt: ev.takenAt, receivedAt: ev.receivedAt },
        config.EVIDENCE_MAX_AGE_MINUTES,
      );
      if (!verdict.accept) throw fieldError("photoEvidenceId", verdict.flag ?? "签到照片须现场拍摄");
      const flags = [verdict.flag];
      if (shanghaiDate(ev.receivedAt) !== dayOf) flags.push(`照片上传于 ${shanghaiDate(ev.receivedAt)}，不是当天拍摄`);
      const photoFlag = flags.filter(Boolean).join("；") || null;
      const people = await checkAttendees(tx, enterprise.id, b.attendees, "attendees");
      const permitIds = [...new Set(b.permitIds ?? [])];
      if (permitIds.length) {
        const found = new Set(
          (
            await tx
              .select({ id: permits.id })
              .from(permits)
              .where(and(inArray(permits.id, permitIds), eq(permits.enterpriseId, enterprise.id)))
          ).map((p) => p.id),
        );
        const i = (b.permitIds ?? []).findIndex((id) => !found.has(id));
        if (i >= 0) throw fieldError(`permitIds.${i}`, "作业票不存在或不属于本企业");
      }
      // The leader's name as in the registry when the caller has a person record there.
      const [self] = await tx
        .select({ name: personnel.name })
        .from(personnel)
        .where(and(eq(personnel.enterpriseId, enterprise.id), eq(personnel.userId, actor.userId)))
        .limit(1);
      const [row] = await tx
        .insert(briefings)
        .values({
          enterpriseId: enterprise.id,
          regionPath: enterprise.regionPath,
          sector: enterprise.sector,
          teamId: team.id,
          day: dayOf,
          topic: b.topic,
          content: b.content ?? "",
          risks: b.risks ?? "",
          permitIds,
          lessons: b.lessons ?? "",
          leaderUserId: actor.userId,
          leaderName: self?.name ?? actor.displayName,
          heldAt: at,
          photoEvidenceId: ev.id,
          photoFlag,
          lat: b.lat ?? null,
          lng: b.lng ?? null,
          createdAt: at,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new AppError(409, "BRIEFING_EXISTS", `${team.name} ${dayOf} 的班前教育已登记`, [{ field: "day", message: "该班组当天已开展班前教育" }]);
      // The photo now belongs to the enterprise (readable by whoever may read it).
      if (!ev.enterpriseId) await tx.update(evidence).set({ enterpriseId: enterprise.id }).where(eq(evidence.id, ev.id));
      await tx
        .insert(briefingAttendees)
        .values(people.map((p) => ({ briefingId: row.id, personId: p.personId, name: p.name, signedAt: at, signatureSha256: p.signatureSha256 ?? null })));
      await addTrainingRecords(
        tx,
        enterprise,
        row,
        people.map((p) => p.personId),
        at,
      );
      await appendAudit(
        tx,
        actor,
        {
          action: "briefing.create",
          targetType: "briefing",
          targetId: row.id,
          enterpriseId: enterprise.id,
          after: {
            teamId: team.id,
            day: row.day,
            topic: row.topic,
            attendees: people.map((p) => p.personId),
            permitIds,
            photoEvidenceId: ev.id,
            photoFlag,
          },
        },
        at,
      );
      return row;
    });
    return reply.status(201).send(await briefingDetail(db, created, { addAttendee: true }));
  });

  // ---- detail
  app.get("/api/briefings/:id", { schema: { tags, summary: "班前教育详情（签到人员、签到照片）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    if (!isUuid(req.params.id)) throw notFound("班前教育记录");
    const [row] = await db.select().from(briefings).where(eq(briefings.id, req.params.id));
    if (!row) throw notFound("班前教育记录");
    const e = await stewardEnterpriseForRead(db, actor, row.enterpriseId, "班前教育记录");
    const [team] = await db.select().from(teams).where(eq(teams.id, row.teamId));
    const addAttendee = !!team && row.day === shanghaiDate(now()) && (await mayRunBriefing(db, actor, team, e));
    return briefingDetail(db, row, { addAttendee });
  });

  // ---- late sign-in
  app.post("/api/briefings/:id/attendees", { schema: { tags, summary: "补签到（限当天）", params: idParams, body: attendeeBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const at = now();
    const row = await db.transaction(async (tx) => {
      if (!isUuid(req.params.id)) throw notFound("班前教育记录");
      const [cur] = await tx.select().from(briefings).where(eq(briefings.id, req.params.id));
      if (!cur) throw notFound("班前教育记录");
      const { enterprise } = await teamForWrite(tx, actor, cur.teamId);
      if (cur.day !== shanghaiDate(at)) throw new AppError(409, "BRIEFING_CLOSED", "只能在当天补签到", [{ field: "personId", message: "班前教育已结束" }]);
      const [p] = await checkAttendees(tx, enterprise.id, [req.body], null);
      const [ins] = await tx
        .insert(briefingAttendees)
        .values({ briefingId: cur.id, personId: p!.personId, name: p!.name, signedAt: at, signatureSha256: p!.signatureSha256 ?? null })
        .onConflictDoNothing()
        .returning();
      if (!ins) throw fieldError("personId", `${p!.name} 已签到`, "ALREADY_SIGNED", 409);
      await addTrainingRecords(tx, enterprise, cur, [p!.personId], at);
      await appendAudit(
        tx,
        actor,
        { action: "briefing.attendee", targetType: "briefing", targetId: cur.id, enterpriseId: enterprise.id, after: { personId: p!.personId, name: p!.name } },
        at,
      );
      return cur;
    });
    return reply.status(201).send(await briefingDetail(db, row, { addAttendee: true }));
  });
}

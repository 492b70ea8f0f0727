/** 报警处置 (值班值守): the alarm list, the summary, one alarm with its history, and the duty actions. */
import { and, count, desc, eq, gte, inArray, like, lt, lte, ne, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  ALARM_ACTIONS,
  ALARM_CAUSES,
  ALARM_KINDS,
  ALARM_SEVERITIES,
  ALARM_STATUSES,
  type AlarmAction,
  type AlarmCause,
  type AlarmStatus,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import { alarms } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import { likeEscape, scopeWhereOn } from "../../platform/scope";
import { regionForFilter } from "../hazardStats/filters";
import { alarmForRead, performAlarmAction } from "./actions";
import { loadLiveAlarms, presentAlarmDetail, presentAlarmItem, selectAlarms } from "./present";

const STATUS_CODES = Object.keys(ALARM_STATUSES) as AlarmStatus[];
const OPEN_STATUSES = STATUS_CODES.filter((s) => s !== "cleared");
const enumOf = <T extends string>(o: Record<T, unknown>) => Object.keys(o) as [T, ...T[]];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An Asia/Shanghai day (YYYY-MM-DD) or an ISO time. */
const dayOrTime = z
  .string()
  .refine((v) => DAY.test(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))), { error: "应为日期 YYYY-MM-DD 或 ISO 时间" });
const dayStart = (v: string) => new Date(`${v}T00:00:00+08:00`);

/** `status`: a comma list of statuses, `open` (= not cleared) or `all` (the default). */
const statusFilter = z
  .string()
  .max(100)
  .transform((v, ctx): AlarmStatus[] | null => {
    const parts = v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length === 0 || parts.includes("all")) return null;
    const out = new Set<AlarmStatus>();
    for (const p of parts) {
      if (p === "open") for (const s of OPEN_STATUSES) out.add(s);
      else if ((STATUS_CODES as string[]).includes(p)) out.add(p as AlarmStatus);
      else {
        ctx.addIssue({ code: "custom", message: `报警状态无效：${p}（可选 ${STATUS_CODES.join("、")}、open、all）` });
        return z.NEVER;
      }
    }
    return [...out];
  });

const flag = z.enum(["1", "true", "0", "false"], { error: "应为 true 或 false" }).transform((v) => v === "1" || v === "true");

export const alarmListQuery = z.object({
  status: statusFilter.optional(),
  enterpriseId: z.uuid({ error: "企业 ID 格式无效" }).optional(),
  unitId: z.uuid({ error: "单元 ID 格式无效" }).optional(),
  sensorId: z.coerce.number({ error: "测点 ID 应为整数" }).int({ error: "测点 ID 应为整数" }).min(1).max(2_147_483_647).optional(),
  kind: z.enum(enumOf(ALARM_KINDS), { error: `报警类别应为 ${Object.keys(ALARM_KINDS).join("、")}` }).optional(),
  severity: z.enum(enumOf(ALARM_SEVERITIES), { error: `预警等级应为 ${Object.keys(ALARM_SEVERITIES).join("、")}` }).optional(),
  active: flag.optional(),
  from: dayOrTime.optional(),
  to: dayOrTime.optional(),
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(200, { error: "每页最多 200 条" }).default(20),
});

const summaryQuery = z.object({
  enterpriseId: z.uuid({ error: "企业 ID 格式无效" }).optional(),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: "区域代码应为 6、9 或 12 位数字" })
    .optional(),
});

const actionBody = z.object({
  action: z.enum(enumOf(ALARM_ACTIONS) as [AlarmAction, ...AlarmAction[]], { error: `操作应为 ${Object.keys(ALARM_ACTIONS).join("、")}` }),
  version: z.number({ error: "须提供版本号 version" }).int({ error: "版本号应为整数" }).min(1),
  cause: z.enum(enumOf(ALARM_CAUSES) as [AlarmCause, ...AlarmCause[]], { error: `报警原因应为 ${Object.keys(ALARM_CAUSES).join("、")}` }).optional(),
  note: z.string().max(2000, { error: "说明最多 2000 字" }).optional(),
  feedback: z.string().max(2000, { error: "处置反馈最多 2000 字" }).optional(),
});

const idParams = z.object({ id: z.string().max(64) });

export async function alarmRoutes(app: App) {
  const { db } = app.ctx;
  const tags = ["alarms"];

  app.get("/api/alarms", { schema: { tags, summary: "报警列表（按辖区，含筛选，新报警在前）", querystring: alarmListQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, alarms)];
    if (q.status) conds.push(inArray(alarms.status, q.status));
    if (q.enterpriseId) conds.push(eq(alarms.enterpriseId, q.enterpriseId));
    if (q.unitId) conds.push(eq(alarms.unitId, q.unitId));
    if (q.sensorId) conds.push(eq(alarms.sensorId, q.sensorId));
    if (q.kind) conds.push(eq(alarms.kind, q.kind));
    if (q.severity) conds.push(eq(alarms.severity, q.severity));
    if (q.active !== undefined) conds.push(eq(alarms.conditionActive, q.active));
    const from = q.from ? (DAY.test(q.from) ? dayStart(q.from) : new Date(q.from)) : null;
    // A day is inclusive (up to the next day's start); a time is the instant itself.
    const to = q.to ? (DAY.test(q.to) ? { at: new Date(dayStart(q.to).getTime() + 86_400_000), incl: false } : { at: new Date(q.to), incl: true }) : null;
    if (from && to && (to.incl ? from.getTime() > to.at.getTime() : from.getTime() >= to.at.getTime())) throw fieldError("to", "结束时间不能早于开始时间");
    if (from) conds.push(gte(alarms.raisedAt, from));
    if (to) conds.push(to.incl ? lte(alarms.raisedAt, to.at) : lt(alarms.raisedAt, to.at));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      selectAlarms(db)
        .where(where)
        .orderBy(desc(alarms.raisedAt), desc(alarms.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(alarms).where(where),
    ]);
    return { items: rows.map(presentAlarmItem), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  });

  app.get("/api/alarms/summary", { schema: { tags, summary: "报警概况（未消警、未确认、按等级和状态）", querystring: summaryQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, alarms)];
    if (q.enterpriseId) conds.push(eq(alarms.enterpriseId, q.enterpriseId));
    if (q.regionCode) {
      const r = await regionForFilter(db, actor, q.regionCode);
      conds.push(like(alarms.regionPath, `${likeEscape(r.path)}%`));
    }
    const [open, [cleared]] = await Promise.all([
      db
        .select({ status: alarms.status, severity: alarms.severity, active: alarms.conditionActive, n: count() })
        .from(alarms)
        .where(and(...conds, ne(alarms.status, "cleared")))
        .groupBy(alarms.status, alarms.severity, alarms.conditionActive),
      db
        .select({ n: count() })
        .from(alarms)
        .where(and(...conds, eq(alarms.status, "cleared"))),
    ]);
    const bySeverity = Object.fromEntries(Object.keys(ALARM_SEVERITIES).map((s) => [s, 0])) as Record<keyof typeof ALARM_SEVERITIES, number>;
    const byStatus = Object.fromEntries(STATUS_CODES.map((s) => [s, 0])) as Record<AlarmStatus, number>;
    let total = 0;
    let active = 0;
    for (const r of open) {
      total += r.n;
      if (r.active) active += r.n;
      if (r.severity in bySeverity) bySeverity[r.severity as keyof typeof bySeverity] += r.n;
      if (r.status in byStatus) byStatus[r.status as AlarmStatus] += r.n;
    }
    byStatus.cleared = cleared?.n ?? 0;
    return { open: total, unacknowledged: byStatus.raised, conditionActive: active, bySeverity, byStatus };
  });

  app.get("/api/alarms/:id", { schema: { tags, summary: "报警详情（处置记录、测点、单元、可执行操作）", params: idParams } }, async (req) => {
    const actor = actorOf(req);
    const a = await alarmForRead(db, actor, req.params.id);
    return presentAlarmDetail(db, actor, a);
  });

  app.post(
    "/api/alarms/:id/actions",
    {
      schema: {
        tags,
        summary: "报警处置：确认、现场核实、处置反馈、消警",
        description: "verify 须带 cause；dispose 须带 feedback；version 为所见版本（不一致时 409 VERSION_CONFLICT）。",
        params: idParams,
        body: actionBody,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const now = app.ctx.now();
      const id = await db.transaction((tx) => performAlarmAction(tx, actor, req.params.id, req.body, now));
      // After the commit: push the new state on the live channel, answer with the fresh detail.
      const [live] = await loadLiveAlarms(db, [id]);
      if (live) app.ctx.monitoring?.live.publishAlarm(live);
      return presentAlarmDetail(db, actor, await alarmForRead(db, actor, id));
    },
  );
}

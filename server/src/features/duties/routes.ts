/**
 * 履职事项 (legal-duty plans, docs/steward.md "Legal-duty plans"): the catalogue, an enterprise's plans, periods and
 * completions for a year, its duty alarms, and the regulator's summary ("做不做、有没有") for its scope.
 * Pipelines: validate (zod) → load in scope (read 404 / write 403; only managers write) → write in one transaction
 * with its audit event.
 */
import { and, asc, count, desc, eq, inArray, isNull, like, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  applicabilityLabel,
  applicableDuties,
  DUTY_CATALOGUE,
  DUTY_CYCLES,
  DUTY_PERIOD_STATUSES,
  DUTY_SUBJECTS,
  DUTIES_VERSION,
  dutyByCode,
  dutyPeriodByKey,
  dutyYearView,
  isCalendarDay,
  isNoPlan,
  planDeadline,
  scheduleIssues,
  type DutyDefinition,
} from "@anguan/domain";
import { actorOf, type App } from "../../app";
import type { Queryable } from "../../db/client";
import { dutyAlarms, dutyCompletions, dutyPlans, enterprises, files, organizations, regions, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, badRequest, fieldError, notFound } from "../../platform/errors";
import { likeEscape, scopeWhereOn, enterpriseScopeWhere, type EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { regionForFilter } from "../hazardStats/filters";
import { defaultEnterpriseId, isStewardManager, stewardEnterpriseForRead, stewardEnterpriseForWrite } from "./access";
import { dutyStateCtes } from "./state";

const uuid = (label: string) => z.uuid({ error: `${label}无效` });
const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const year = z.coerce
  .number({ error: "年份应为整数" })
  .int({ error: "年份应为整数" })
  .min(2000, { error: "年份应在 2000–2100 之间" })
  .max(2100, { error: "年份应在 2000–2100 之间" });
const page = {
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(500, { error: "每页最多 500 条" }).default(20),
};
const day = (label: string) => z.string({ error: `${label}应为日期` }).refine(isCalendarDay, { error: `${label}格式应为 YYYY-MM-DD` });

const codeParams = z.object({ code: z.string().max(64) });
const viewQuery = z.object({ enterpriseId: uuid("企业").optional(), year: year.optional() });
const planBody = z
  .object({
    enterpriseId: uuid("企业"),
    year,
    planText: text("计划内容", 5000).min(1, { error: "请填写计划内容" }),
    ownerName: text("责任人", 50).min(1, { error: "请填写责任人" }),
    ownerUserId: uuid("责任人账号").nullable().optional(),
    schedule: z.record(z.string().max(16), day("计划日期"), { error: "计划日期应为 {周期: 日期}" }).optional(),
    version: z.number({ error: "版本应为整数" }).int().optional(),
  })
  .strict();
const completionBody = z
  .object({
    enterpriseId: uuid("企业"),
    periodKey: z.string({ error: "周期应为文字" }).max(16),
    completedOn: day("完成日期"),
    note: text("说明", 2000).optional(),
    files: z
      .array(
        z.object({
          sha256: z
            .string({ error: "文件摘要应为文字" })
            .regex(/^[a-f0-9]{64}$/i, { error: "文件摘要应为 64 位十六进制 SHA-256" })
            .transform((s) => s.toLowerCase()),
          name: text("文件名", 200).min(1, { error: "请填写文件名" }),
        }),
        { error: "附件应为列表" },
      )
      .max(20, { error: "最多 20 个附件" })
      .optional(),
  })
  .strict();
const alarmQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  open: z.enum(["true", "false"], { error: "open 应为 true 或 false" }).optional(),
  kind: z.enum(["no_plan", "overdue"], { error: "类型应为 no_plan 或 overdue" }).optional(),
  dutyCode: z.string().max(64).optional(),
  regionCode: z.string().max(12).optional(),
  ...page,
});
const summaryQuery = z.object({ regionCode: z.string().max(12).optional(), year: year.optional(), ...page });

export const ALARM_KINDS_ZH = { no_plan: "未制定计划", overdue: "逾期未完成" } as const;

function presentDuty(d: DutyDefinition) {
  return {
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    subject: d.subject,
    subjectName: DUTY_SUBJECTS[d.subject].zh,
    cycle: d.cycle,
    cycleName: DUTY_CYCLES[d.cycle].zh,
    basis: d.basis,
    description: d.description,
    appliesTo: { sectors: d.appliesTo.sectors, majorHazardOnly: d.appliesTo.majorHazardOnly, label: applicabilityLabel(d.appliesTo) },
  };
}

type PlanRow = typeof dutyPlans.$inferSelect;
type CompletionRow = typeof dutyCompletions.$inferSelect;

const presentPlan = (p: PlanRow, submittedByName?: string | null) => ({
  id: p.id,
  enterpriseId: p.enterpriseId,
  dutyCode: p.dutyCode,
  year: p.year,
  planText: p.planText,
  ownerName: p.ownerName,
  ownerUserId: p.ownerUserId,
  schedule: p.schedule as Record<string, string>,
  submittedAt: p.submittedAt.toISOString(),
  submittedByName: submittedByName ?? null,
  updatedAt: p.updatedAt.toISOString(),
  version: p.version,
});

const presentCompletion = (c: CompletionRow) => ({
  id: c.id,
  enterpriseId: c.enterpriseId,
  dutyCode: c.dutyCode,
  periodKey: c.periodKey,
  completedOn: c.completedOn,
  note: c.note,
  files: c.files as { sha256: string; name: string }[],
  recordedByName: c.recordedByName,
  recordedAt: c.recordedAt.toISOString(),
});

/** A catalogue duty that applies to the enterprise: 404 for an unknown code, 400 when it does not apply. */
function dutyFor(code: string, e: EnterpriseRow): DutyDefinition {
  const d = dutyByCode(code);
  if (!d) throw notFound("履职事项");
  if (!applicableDuties({ sector: e.sector, hasMajorHazard: e.hasMajorHazard }, [d]).length)
    throw fieldError("code", `「${d.name}」不适用于本企业（${applicabilityLabel(d.appliesTo)}）`);
  return d;
}

const versionConflict = (current: number) =>
  new AppError(409, "VERSION_CONFLICT", "计划已被他人修改，请刷新后重试", [{ field: "version", message: "版本已变化" }], { currentVersion: current });

/** Resolves the open alarm of a condition just fixed (the job would do it on its next run). */
async function resolveAlarm(tx: Queryable, enterpriseId: string, dutyCode: string, periodKey: string, kind: "no_plan" | "overdue", now: Date) {
  await tx
    .update(dutyAlarms)
    .set({ resolvedAt: now })
    .where(
      and(
        eq(dutyAlarms.enterpriseId, enterpriseId),
        eq(dutyAlarms.dutyCode, dutyCode),
        eq(dutyAlarms.periodKey, periodKey),
        eq(dutyAlarms.kind, kind),
        isNull(dutyAlarms.resolvedAt),
      ),
    );
}

export async function dutyRoutes(app: App) {
  const { db, config } = app.ctx;
  const tags = ["duties"];
  const now = () => app.ctx.now();
  const deadlineMd = () => config.DUTY_PLAN_DEADLINE ?? "01-31";

  app.get("/api/duties/catalogue", { schema: { tags, summary: "履职事项目录（法定职责、周期、依据、适用范围）" } }, async (req) => {
    actorOf(req);
    return DUTY_CATALOGUE.map(presentDuty);
  });

  // ---- one enterprise's duties for a year
  app.get("/api/duties", { schema: { tags, summary: "企业年度履职事项：计划、各周期完成情况与预警", querystring: viewQuery } }, async (req) => {
    const actor = actorOf(req);
    const enterpriseId = defaultEnterpriseId(actor, req.query.enterpriseId);
    if (!enterpriseId) throw fieldError("enterpriseId", "请选择企业");
    const e = await stewardEnterpriseForRead(db, actor, enterpriseId);
    const today = shanghaiDate(now());
    const y = req.query.year ?? Number(today.slice(0, 4));
    const duties = applicableDuties({ sector: e.sector, hasMajorHazard: e.hasMajorHazard });
    const [plans, completions, alarms] = await Promise.all([
      db
        .select({ plan: dutyPlans, submittedByName: users.displayName })
        .from(dutyPlans)
        .leftJoin(users, eq(users.id, dutyPlans.submittedBy))
        .where(and(eq(dutyPlans.enterpriseId, e.id), eq(dutyPlans.year, y))),
      db
        .select()
        .from(dutyCompletions)
        .where(and(eq(dutyCompletions.enterpriseId, e.id), like(dutyCompletions.periodKey, `${y}%`))),
      db
        .select({ code: dutyAlarms.dutyCode, n: count() })
        .from(dutyAlarms)
        .where(and(eq(dutyAlarms.enterpriseId, e.id), isNull(dutyAlarms.resolvedAt)))
        .groupBy(dutyAlarms.dutyCode),
    ]);
    const planOf = new Map(plans.map((p) => [p.plan.dutyCode, p]));
    const alarmsOf = new Map(alarms.map((a) => [a.code, a.n]));
    const deadline = planDeadline(y, deadlineMd());
    const items = duties.map((d) => {
      const p = planOf.get(d.code);
      const done = new Map(completions.filter((c) => c.dutyCode === d.code).map((c) => [c.periodKey, c]));
      const periods = dutyYearView(d.cycle, y, { schedule: (p?.plan.schedule as Record<string, string>) ?? null, completedKeys: new Set(done.keys()), today });
      return {
        code: d.code,
        name: d.name,
        subject: d.subject,
        subjectName: DUTY_SUBJECTS[d.subject].zh,
        cycle: d.cycle,
        cycleName: DUTY_CYCLES[d.cycle].zh,
        basis: d.basis,
        plan: p ? presentPlan(p.plan, p.submittedByName) : null,
        noPlan: isNoPlan(!!p, y, today, deadlineMd()),
        periods: periods.map((x) => ({
          key: x.key,
          label: x.label,
          start: x.start,
          end: x.end,
          due: x.due,
          status: x.status,
          statusName: DUTY_PERIOD_STATUSES[x.status].zh,
          completion: done.has(x.key) ? presentCompletion(done.get(x.key)!) : null,
        })),
        openAlarms: alarmsOf.get(d.code) ?? 0,
      };
    });
    return {
      year: y,
      today,
      version: DUTIES_VERSION,
      enterpriseId: e.id,
      enterpriseName: e.name,
      planDeadline: deadline,
      counts: {
        duties: items.length,
        planned: items.filter((i) => i.plan).length,
        noPlan: items.filter((i) => i.noPlan).length,
        overdue: items.reduce((s, i) => s + i.periods.filter((p) => p.status === "overdue").length, 0),
        due: items.reduce((s, i) => s + i.periods.filter((p) => p.status === "due").length, 0),
        openAlarms: items.reduce((s, i) => s + i.openAlarms, 0),
      },
      items,
      abilities: { edit: isStewardManager(actor, e) },
    };
  });

  // ---- plan
  app.put("/api/duties/:code/plan", { schema: { tags, summary: "提交或修改年度履职计划", params: codeParams, body: planBody } }, async (req) => {
    const actor = actorOf(req);
    const b = req.body;
    const at = now();
    return db.transaction(async (tx) => {
      const e = await stewardEnterpriseForWrite(tx, actor, b.enterpriseId);
      const d = dutyFor(req.params.code, e);
      const schedule = b.schedule ?? {};
      const issues = scheduleIssues(d.cycle, b.year, schedule);
      if (issues.length)
        throw badRequest(
          `计划日期有误：${issues.map((i) => i.message).join("；")}`,
          issues.map((i) => ({ field: `schedule.${i.key}`, message: i.message })),
        );
      if (b.ownerUserId) {
        const [u] = await tx
          .select({ id: users.id })
          .from(users)
          .innerJoin(organizations, eq(organizations.id, users.orgId))
          .where(and(eq(users.id, b.ownerUserId), eq(organizations.enterpriseId, e.id)));
        if (!u) throw fieldError("ownerUserId", "该账号不是本企业人员");
      }
      const [cur] = await tx
        .select()
        .from(dutyPlans)
        .where(and(eq(dutyPlans.enterpriseId, e.id), eq(dutyPlans.dutyCode, d.code), eq(dutyPlans.year, b.year)))
        .for("update");
      let row: PlanRow;
      if (!cur) {
        const [r] = await tx
          .insert(dutyPlans)
          .values({
            enterpriseId: e.id,
            regionPath: e.regionPath,
            sector: e.sector,
            dutyCode: d.code,
            year: b.year,
            planText: b.planText,
            ownerName: b.ownerName,
            ownerUserId: b.ownerUserId ?? null,
            schedule,
            submittedBy: actor.userId,
            submittedAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        if (!r) throw new AppError(409, "VERSION_CONFLICT", "计划已由他人提交，请刷新后重试", [{ field: "version", message: "计划已存在" }]);
        row = r;
        await appendAudit(tx, actor, { action: "dutyPlan.create", targetType: "duty_plan", targetId: r.id, enterpriseId: e.id, after: presentPlan(r) }, at);
      } else {
        if (b.version === undefined) throw fieldError("version", "计划已存在，修改时请带上版本号", "VERSION_CONFLICT", 409);
        if (b.version !== cur.version) throw versionConflict(cur.version);
        const [r] = await tx
          .update(dutyPlans)
          .set({
            planText: b.planText,
            ownerName: b.ownerName,
            ownerUserId: b.ownerUserId ?? null,
            schedule,
            submittedBy: actor.userId,
            submittedAt: at,
            updatedAt: at,
            version: sql`${dutyPlans.version} + 1`,
          })
          .where(and(eq(dutyPlans.id, cur.id), eq(dutyPlans.version, cur.version)))
          .returning();
        if (!r) throw versionConflict(cur.version);
        row = r;
        await appendAudit(
          tx,
          actor,
          { action: "dutyPlan.update", targetType: "duty_plan", targetId: r.id, enterpriseId: e.id, before: presentPlan(cur), after: presentPlan(r) },
          at,
        );
      }
      await resolveAlarm(tx, e.id, d.code, String(b.year), "no_plan", at);
      return presentPlan(row, actor.displayName);
    });
  });

  // ---- completion of a period
  app.post(
    "/api/duties/:code/completions",
    { schema: { tags, summary: "登记某周期的履职完成情况（附证明材料）", params: codeParams, body: completionBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      const at = now();
      const today = shanghaiDate(at);
      const out = await db.transaction(async (tx) => {
        const e = await stewardEnterpriseForWrite(tx, actor, b.enterpriseId);
        const d = dutyFor(req.params.code, e);
        const period = dutyPeriodByKey(d.cycle, b.periodKey);
        if (!period) throw fieldError("periodKey", `周期应为${DUTY_CYCLES[d.cycle].zh}的周期编号（如 ${periodExample(d)}）`);
        if (b.completedOn > today) throw fieldError("completedOn", "完成日期不能晚于今天");
        if (b.completedOn < period.start) throw fieldError("completedOn", `完成日期应在本周期内（${period.start} 起）`);
        const shas = [...new Set((b.files ?? []).map((f) => f.sha256))];
        if (shas.length) {
          const found = new Set((await tx.select({ sha: files.sha256 }).from(files).where(inArray(files.sha256, shas))).map((f) => f.sha));
          const i = (b.files ?? []).findIndex((f) => !found.has(f.sha256));
          if (i >= 0) throw fieldError(`files.${i}.sha256`, "文件不存在，请先上传");
        }
        const [row] = await tx
          .insert(dutyCompletions)
          .values({
            enterpriseId: e.id,
            regionPath: e.regionPath,
            sector: e.sector,
            dutyCode: d.code,
            periodKey: period.key,
            completedOn: b.completedOn,
            note: b.note ?? "",
            files: b.files ?? [],
            recordedBy: actor.userId,
            recordedByName: actor.displayName,
            recordedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        if (!row) throw fieldError("periodKey", `${period.label}已登记完成`, "COMPLETION_EXISTS", 409);
        await appendAudit(
          tx,
          actor,
          { action: "dutyCompletion.create", targetType: "duty_completion", targetId: row.id, enterpriseId: e.id, after: presentCompletion(row) },
          at,
        );
        await resolveAlarm(tx, e.id, d.code, period.key, "overdue", at);
        return { ...presentCompletion(row), periodLabel: period.label };
      });
      return reply.status(201).send(out);
    },
  );

  // ---- alarms
  app.get("/api/duty-alarms", { schema: { tags, summary: "履职预警列表（按辖区）", querystring: alarmQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, dutyAlarms)];
    if (q.enterpriseId) {
      await stewardEnterpriseForRead(db, actor, q.enterpriseId);
      conds.push(eq(dutyAlarms.enterpriseId, q.enterpriseId));
    }
    if (q.regionCode) {
      const r = await regionForFilter(db, actor, q.regionCode);
      conds.push(like(dutyAlarms.regionPath, `${likeEscape(r.path)}%`));
    }
    if (q.open === "true") conds.push(isNull(dutyAlarms.resolvedAt));
    if (q.open === "false") conds.push(sql`${dutyAlarms.resolvedAt} IS NOT NULL`);
    if (q.kind) conds.push(eq(dutyAlarms.kind, q.kind));
    if (q.dutyCode) conds.push(eq(dutyAlarms.dutyCode, q.dutyCode));
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      db
        .select({ a: dutyAlarms, enterpriseName: enterprises.name })
        .from(dutyAlarms)
        .innerJoin(enterprises, eq(enterprises.id, dutyAlarms.enterpriseId))
        .where(where)
        .orderBy(desc(dutyAlarms.raisedAt), asc(dutyAlarms.dutyCode), asc(dutyAlarms.periodKey))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(dutyAlarms).where(where),
    ]);
    return {
      items: rows.map(({ a, enterpriseName }) => {
        const d = dutyByCode(a.dutyCode);
        const p = d && a.kind === "overdue" ? dutyPeriodByKey(d.cycle, a.periodKey) : null;
        return {
          id: a.id,
          enterpriseId: a.enterpriseId,
          enterpriseName,
          dutyCode: a.dutyCode,
          dutyName: d?.name ?? a.dutyCode,
          periodKey: a.periodKey,
          periodLabel: p?.label ?? `${a.periodKey}年`,
          kind: a.kind,
          kindName: ALARM_KINDS_ZH[a.kind as keyof typeof ALARM_KINDS_ZH] ?? a.kind,
          raisedAt: a.raisedAt.toISOString(),
          resolvedAt: a.resolvedAt?.toISOString() ?? null,
        };
      }),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
      abilities: {},
    };
  });

  // ---- regulator summary: 做不做、有没有
  app.get("/api/duties/summary", { schema: { tags, summary: "辖区履职情况汇总（做不做、有没有）", querystring: summaryQuery } }, async (req) => {
    const actor = actorOf(req);
    const q = req.query;
    const today = shanghaiDate(now());
    const y = q.year ?? Number(today.slice(0, 4));
    const region = q.regionCode ? await regionForFilter(db, actor, q.regionCode) : null;
    const conds: SQL[] = [];
    const scopeCond = enterpriseScopeWhere(actor.scope);
    if (scopeCond) conds.push(scopeCond);
    if (region) conds.push(like(enterprises.regionPath, `${likeEscape(region.path)}%`));
    const ctes = dutyStateCtes({ year: y, overdueYears: [y], today, planDeadline: deadlineMd(), where: conds.length ? and(...conds) : undefined });
    const res = await db.execute(sql`${ctes},
per AS (
  SELECT a.enterprise_id, count(*)::int AS duties, count(p.id)::int AS planned
  FROM app a LEFT JOIN duty_plans p ON p.enterprise_id = a.enterprise_id AND p.duty_code = a.code AND p.year = ${y}::int
  GROUP BY a.enterprise_id
),
od AS (SELECT enterprise_id, count(*)::int AS n FROM cand WHERE kind = 'overdue' GROUP BY enterprise_id),
al AS (SELECT enterprise_id, count(*)::int AS n FROM duty_alarms WHERE resolved_at IS NULL GROUP BY enterprise_id)
SELECT e.id, e.name, e.region_code AS "regionCode", e.region_path AS "regionPath", per.duties, per.planned,
  coalesce(od.n, 0) AS overdue, coalesce(al.n, 0) AS "openAlarms"
FROM per JOIN enterprises e ON e.id = per.enterprise_id
LEFT JOIN od ON od.enterprise_id = per.enterprise_id
LEFT JOIN al ON al.enterprise_id = per.enterprise_id
ORDER BY coalesce(od.n, 0) DESC, (per.duties - per.planned) DESC, e.name`);
    const rows = ((res as { rows?: unknown[] }).rows ?? []) as {
      id: string;
      name: string;
      regionCode: string;
      regionPath: string;
      duties: number;
      planned: number;
      overdue: number;
      openAlarms: number;
    }[];
    const list = rows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.regionCode,
      duties: Number(r.duties),
      planned: Number(r.planned),
      noPlan: Number(r.duties) - Number(r.planned),
      overdue: Number(r.overdue),
      openAlarms: Number(r.openAlarms),
      regionPath: r.regionPath,
    }));
    const tally = (xs: typeof list) => ({
      enterprises: xs.length,
      withAllPlans: xs.filter((x) => x.noPlan === 0).length,
      partialPlans: xs.filter((x) => x.planned > 0 && x.noPlan > 0).length,
      noPlan: xs.filter((x) => x.planned === 0).length,
      overdue: xs.filter((x) => x.overdue > 0).length,
      openAlarms: xs.reduce((s, x) => s + x.openAlarms, 0),
    });
    // Regions: the direct children of the chosen region (or of the caller's jurisdiction).
    const parentPath = region?.path ?? (actor.scope.kind === "jurisdiction" ? actor.scope.regionPath : "");
    const byChild = new Map<string, typeof list>();
    for (const x of list) {
      const rest = x.regionPath.startsWith(parentPath) ? x.regionPath.slice(parentPath.length) : x.regionPath;
      const child = rest.split("/")[0] || parentPath.split("/").filter(Boolean).at(-1) || x.regionCode;
      byChild.set(child, [...(byChild.get(child) ?? []), x]);
    }
    const names = byChild.size
      ? new Map(
          (
            await db
              .select({ code: regions.code, name: regions.name })
              .from(regions)
              .where(inArray(regions.code, [...byChild.keys()]))
          ).map((r) => [r.code, r.name]),
        )
      : new Map<string, string>();
    return {
      year: y,
      today,
      planDeadline: planDeadline(y, deadlineMd()),
      region: region ? { code: region.code, name: region.name } : null,
      totals: tally(list),
      regions: [...byChild.entries()].map(([code, xs]) => ({ code, name: names.get(code) ?? code, ...tally(xs) })).sort((a, b) => a.code.localeCompare(b.code)),
      enterprises: list.slice((q.page - 1) * q.pageSize, q.page * q.pageSize).map(({ regionPath: _p, ...x }) => x),
      total: list.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  });
}

function periodExample(d: DutyDefinition): string {
  return { annual: "2026", semiannual: "2026-H1", quarterly: "2026-Q3", monthly: "2026-03" }[d.cycle];
}

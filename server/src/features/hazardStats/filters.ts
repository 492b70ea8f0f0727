/**
 * 隐患列表筛选: the one translation of the hazard list's query string into SQL, shared by the list
 * (GET /api/hazards), the ledger export (GET /api/hazards/export) and the statistics. Scope rules are those of
 * `enterpriseScopeWhere` but on the hazards table's own copies of region path, sector and enterprise, so every
 * filter stays single-table and can use hazards_region_idx.
 */
import { cappedCount, LIST_COUNT_CAP } from "../../platform/count";
import { and, eq, gte, ilike, inArray, isNotNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import {
  HAZARD_SOURCE_CODES,
  HAZARD_STATUS_CODES,
  OPEN_HAZARD_STATUSES,
  SECTOR_CODES,
  type Actor,
  type HazardSource,
  type HazardStatus,
  type Scope,
  type Sector,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { hazards } from "../../db/schema";
import { fieldError, notFound } from "../../platform/errors";
import { regionByCode, type RegionInfo } from "../../platform/regions";
import { likeEscape } from "../../platform/scope";

const flag = z.enum(["1", "true", "0", "false"], { error: "应为 1 或 0" }).transform((v) => v === "1" || v === "true");
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "日期格式应为 YYYY-MM-DD" });

/** Query of the hazard list (and of the ledger export, without page/pageSize). `status=open` = every 未销号 status. */
export const hazardFilterQuery = z.object({
  status: z.enum(["open", ...HAZARD_STATUS_CODES] as [HazardStatus | "open", ...(HazardStatus | "open")[]], { error: "隐患状态无效" }).optional(),
  level: z.enum(["general", "major"], { error: "隐患等级应为 general 或 major" }).optional(),
  overdue: flag.optional(),
  enterpriseId: z.uuid({ error: "企业 ID 格式无效" }).optional(),
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: "区域代码应为 6、9 或 12 位数字" })
    .optional(),
  sector: z.enum(SECTOR_CODES as [Sector, ...Sector[]], { error: "监管行业无效" }).optional(),
  source: z.enum(HAZARD_SOURCE_CODES as [HazardSource, ...HazardSource[]], { error: "隐患来源无效" }).optional(),
  dangerType: z.coerce
    .number({ error: "隐患类型应为 1–8" })
    .int({ error: "隐患类型应为 1–8" })
    .min(1, { error: "隐患类型应为 1–8" })
    .max(8, { error: "隐患类型应为 1–8" })
    .optional(),
  supervised: flag.optional(),
  /** Reported on or after this day (Asia/Shanghai). */
  from: day.optional(),
  /** Reported on or before this day (Asia/Shanghai), inclusive. */
  to: day.optional(),
  q: z.string().trim().max(100, { error: "搜索词过长" }).optional(),
});

export const hazardListQuery = hazardFilterQuery.extend({
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(200, { error: "每页最多 200 条" }).default(20),
});
export type HazardFilter = z.output<typeof hazardFilterQuery>;
export type HazardListQuery = z.output<typeof hazardListQuery>;

/** The first instant of a calendar day in Asia/Shanghai. */
export function shanghaiDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+08:00`);
}

/** Scope on the hazards table's own columns (same rules as enterpriseScopeWhere). */
export function hazardScopeWhere(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "jurisdiction": {
      const inRegion = like(hazards.regionPath, `${likeEscape(scope.regionPath)}%`);
      if (scope.sectors === null) return inRegion;
      if (scope.sectors.length === 0) return sql`false`;
      return and(inRegion, inArray(hazards.sector, scope.sectors as Sector[]));
    }
    case "enterprise":
      return eq(hazards.enterpriseId, scope.enterpriseId);
    case "assigned":
      return scope.enterpriseIds.length ? inArray(hazards.enterpriseId, scope.enterpriseIds as string[]) : sql`false`;
    case "none":
      return sql`false`;
  }
}

/**
 * Resolves a requested region for a caller: unknown code → 400; for a jurisdiction, a region that is neither inside
 * it nor one of its ancestors → 404 (an ancestor is narrowed by the scope anyway). Others filter within their scope.
 */
export async function regionForFilter(db: Queryable, actor: Actor, code: string): Promise<RegionInfo> {
  const r = await regionByCode(db, code);
  if (!r) throw fieldError("regionCode", `未知的区域代码 ${code}`, "UNKNOWN_REGION");
  const s = actor.scope;
  if (s.kind === "jurisdiction" && !r.path.startsWith(s.regionPath)) throw notFound("区域");
  return r;
}

/** Conditions of the query's filters, without scope and without the reported-at period (the statistics use their own). */
export async function hazardFilterConds(db: Queryable, actor: Actor, q: Omit<HazardFilter, "from" | "to">, now: Date): Promise<SQL[]> {
  const conds: SQL[] = [];
  if (q.regionCode) {
    const r = await regionForFilter(db, actor, q.regionCode);
    conds.push(like(hazards.regionPath, `${likeEscape(r.path)}%`));
  }
  if (q.status === "open") conds.push(inArray(hazards.status, [...OPEN_HAZARD_STATUSES]));
  else if (q.status) conds.push(eq(hazards.status, q.status));
  if (q.level) conds.push(eq(hazards.level, q.level));
  if (q.enterpriseId) conds.push(eq(hazards.enterpriseId, q.enterpriseId));
  if (q.sector) conds.push(eq(hazards.sector, q.sector));
  if (q.source) conds.push(eq(hazards.source, q.source));
  if (q.dangerType) conds.push(eq(hazards.dangerType, q.dangerType));
  if (q.supervised === true) conds.push(isNotNull(hazards.supervisedByOrgId));
  if (q.supervised === false) conds.push(sql`${hazards.supervisedByOrgId} IS NULL`);
  if (q.overdue === true) conds.push(and(eq(hazards.status, "rectifying"), lt(hazards.deadline, now)) as SQL);
  if (q.overdue === false) conds.push(sql`NOT (${hazards.status} = 'rectifying' AND coalesce(${hazards.deadline} < ${now.toISOString()}::timestamptz, false))`);
  if (q.q) {
    const t = `%${likeEscape(q.q)}%`;
    const match = /[a-z]/i.test(q.q) ? ilike : like;
    const text = or(match(hazards.title, t), match(hazards.location, t)) as SQL;
    // Two characters or more: candidates come from the bigram index (hazards_search_idx), not a scan of every title.
    const found =
      [...q.q].length >= 2
        ? (and(sql`anguan_bigrams(lower(${hazards.title} || ' ' || ${hazards.location})) @> anguan_bigrams(lower(${q.q}))`, text) as SQL)
        : text;
    // Something that may be a register number (YH20261123…) also matches codes by prefix.
    conds.push(/^[0-9a-z]+$/i.test(q.q) ? (or(found, like(hazards.code, `${likeEscape(q.q.toUpperCase())}%`)) as SQL) : found);
  }
  return conds;
}

/**
 * WHERE of the hazard list for this caller: scope ∩ filters. `from`/`to` are Asia/Shanghai days of `reported_at`
 * (`to` inclusive); `overdue=1` = still rectifying after the deadline at `now`. regionCode outside a jurisdiction → 404.
 */
export async function hazardWhere(db: Queryable, actor: Actor, q: HazardFilter, now: Date): Promise<SQL | undefined> {
  const conds: (SQL | undefined)[] = [hazardScopeWhere(actor.scope), ...(await hazardFilterConds(db, actor, q, now))];
  if (q.from) conds.push(gte(hazards.reportedAt, shanghaiDayStart(q.from)));
  if (q.to) conds.push(lt(hazards.reportedAt, new Date(shanghaiDayStart(q.to).getTime() + 86_400_000)));
  if (q.from && q.to && q.from > q.to) throw fieldError("to", "结束日期不能早于开始日期");
  return and(...conds);
}

/** Above this many matches a list says "10,000+" instead of counting a whole city's hazards on every page. */
export const HAZARD_COUNT_CAP = LIST_COUNT_CAP;

/** How many hazards match, counting at most `cap` (platform/count.ts). */
export function hazardCount(db: Queryable, where: SQL | undefined, cap = HAZARD_COUNT_CAP): Promise<{ total: number; capped: boolean }> {
  return cappedCount(db, hazards, where, cap);
}

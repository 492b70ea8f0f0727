/**
 * 隐患统计 for regulators (and, within their own scope, enterprises and experts): totals, groups for drilling down
 * (region → child regions → enterprises → records) and the trend per period (counting.ts does the counting), and
 * 超期隐患排名, the enterprises ranked by overdue hazards.
 */
import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import { z } from "zod";
import { OPEN_HAZARD_STATUSES, type Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazardStatsRollup, hazards, regions } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import { regionByCode, type RegionInfo } from "../../platform/regions";
import { likeEscape } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { type Counting, countFromHazards, countFromSummary, summaryScopeWhere, sumCells, ZERO } from "./counting";
import { hazardFilterConds, hazardFilterQuery, hazardScopeWhere, regionForFilter } from "./filters";
import { GROUP_BYS, type GroupBy, nameGroups, present, rate } from "./groups";
import { defaultRange, nextPeriod, PERIODS, periodStart } from "./periods";

export { GROUP_BYS, PERIODS };
/** Most periods a trend may have (e.g. 400 days). */
const MAX_BUCKETS = 400;

export const statsQuery = hazardFilterQuery
  .pick({ from: true, to: true, regionCode: true, sector: true, enterpriseId: true, level: true, source: true, dangerType: true })
  .extend({
    groupBy: z.enum(GROUP_BYS, { error: `分组应为 ${GROUP_BYS.join("、")}` }).default("region"),
    period: z.enum(PERIODS, { error: "周期应为 day、week 或 month" }).default("month"),
  });
export type StatsQuery = z.output<typeof statsQuery>;

export const rankingQuery = hazardFilterQuery.pick({ regionCode: true, sector: true }).extend({
  limit: z.coerce.number({ error: "条数应为数字" }).int().min(1, { error: "条数至少为 1" }).max(200, { error: "条数最多 200" }).default(20),
});
export type RankingQuery = z.output<typeof rankingQuery>;

/** The group of a row, as SQL over its region path and sector (and, counting from hazards, its other columns). */
function groupOf(groupBy: GroupBy, parentPath: string | null): Counting["grp"] {
  return ({ regionPath, sector }) => {
    switch (groupBy) {
      case "region":
        return parentPath === null ? sql`split_part(${regionPath}, '/', 1)` : sql`split_part(substr(${regionPath}, ${parentPath.length + 1}), '/', 1)`;
      case "sector":
        return sql`${sector}`;
      case "enterprise":
        return sql`${hazards.enterpriseId}::text`;
      case "level":
        return sql`${hazards.level}`;
      case "type":
        return sql`coalesce(${hazards.dangerType}::text, '')`;
      case "source":
        return sql`${hazards.source}`;
      case "period":
        return sql`''`;
    }
  };
}

/** Which region the region groups are the children of: the requested one, else the caller's jurisdiction, else the roots. */
async function parentRegion(db: Queryable, actor: Actor, q: StatsQuery): Promise<RegionInfo | null> {
  if (q.regionCode) return regionForFilter(db, actor, q.regionCode);
  if (actor.scope.kind === "jurisdiction") return (await regionByCode(db, actor.scope.regionCode)) ?? null;
  return null;
}

export async function hazardStats(db: Queryable, actor: Actor, q: StatsQuery, now: Date) {
  const today = shanghaiDate(now);
  const range = { ...defaultRange(q.to ?? today, q.period), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  if (range.from > range.to) throw fieldError("to", "结束日期不能早于开始日期");
  const buckets: string[] = [];
  for (let b = periodStart(range.from, q.period); b <= range.to; b = nextPeriod(b, q.period)) {
    buckets.push(b);
    if (buckets.length > MAX_BUCKETS)
      throw fieldError("from", `统计区间过长：按${q.period === "day" ? "日" : q.period === "week" ? "周" : "月"}最多 ${MAX_BUCKETS} 个周期`);
  }
  const parent = await parentRegion(db, actor, q);
  const where = and(hazardScopeWhere(actor.scope), ...(await hazardFilterConds(db, actor, q, now)));
  const counting: Counting = { where, grp: groupOf(q.groupBy, parent?.path ?? null), from: range.from, to: range.to, period: q.period, now };
  // The summary table knows region path, sector and periods only.
  const bySummary =
    (actor.scope.kind === "all" || actor.scope.kind === "jurisdiction") &&
    (q.groupBy === "region" || q.groupBy === "sector" || q.groupBy === "period") &&
    !q.enterpriseId &&
    !q.level &&
    !q.source &&
    !q.dangerType;
  let cells: Awaited<ReturnType<typeof countFromHazards>>;
  if (bySummary) {
    const t = hazardStatsRollup;
    const region = q.regionCode ? await regionForFilter(db, actor, q.regionCode) : null;
    const summaryWhere = and(
      summaryScopeWhere(actor.scope),
      region ? like(t.regionPath, `${likeEscape(region.path)}%`) : undefined,
      q.sector ? eq(t.sector, q.sector) : undefined,
    );
    cells = await countFromSummary(db, counting, summaryWhere, today);
  } else {
    cells = await countFromHazards(db, counting);
  }
  const { total, byGroup, byBucket } = sumCells(cells);
  const trend = buckets.map((b) => {
    const r = byBucket.get(b) ?? ZERO;
    return { period: b, found: r.found, rectified: r.rectified, rectificationRate: rate(r) };
  });
  const groups =
    q.groupBy === "period"
      ? buckets.map((b) => ({ key: b, name: b, ...present({ ...(byBucket.get(b) ?? ZERO), open: 0, overdue: 0, openMajor: 0, supervised: 0 }) }))
      : await nameGroups(db, q.groupBy, parent, byGroup);
  return {
    regionCode: parent?.code ?? null,
    regionName: parent?.name ?? null,
    from: range.from,
    to: range.to,
    period: q.period,
    groupBy: q.groupBy,
    totals: present(total),
    groups,
    trend,
  };
}

/** 超期隐患排名: enterprises in scope ranked by overdue hazards, with their open and open major counts. */
export async function overdueRanking(db: Queryable, actor: Actor, q: RankingQuery, now: Date) {
  const where = and(hazardScopeWhere(actor.scope), ...(await hazardFilterConds(db, actor, q, now)), inArray(hazards.status, [...OPEN_HAZARD_STATUSES]));
  const overdue = sql<number>`count(*) FILTER (WHERE ${hazards.status} = 'rectifying' AND ${hazards.deadline} < ${now.toISOString()}::timestamptz)`;
  const ranked = await db
    .select({
      enterpriseId: hazards.enterpriseId,
      overdue: sql<number>`${overdue}::int`.mapWith(Number),
      open: sql<number>`count(*)::int`.mapWith(Number),
      openMajor: sql<number>`(count(*) FILTER (WHERE ${hazards.level} = 'major'))::int`.mapWith(Number),
      oldestDeadline: sql<Date | null>`min(${hazards.deadline}) FILTER (WHERE ${hazards.status} = 'rectifying' AND ${hazards.deadline} < ${now.toISOString()}::timestamptz)`,
    })
    .from(hazards)
    .where(where)
    .groupBy(hazards.enterpriseId)
    .having(sql`${overdue} > 0`)
    .orderBy(sql`${overdue} DESC`, sql`count(*) FILTER (WHERE ${hazards.level} = 'major') DESC`, sql`count(*) DESC`, asc(hazards.enterpriseId))
    .limit(q.limit);
  const names = ranked.length
    ? await db
        .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode, sector: enterprises.sector, regionName: regions.name })
        .from(enterprises)
        .innerJoin(regions, eq(regions.code, enterprises.regionCode))
        .where(
          inArray(
            enterprises.id,
            ranked.map((r) => r.enterpriseId),
          ),
        )
    : [];
  const byId = new Map(names.map((n) => [n.id, n]));
  return {
    items: ranked.map((r, i) => ({
      rank: i + 1,
      enterpriseId: r.enterpriseId,
      enterpriseName: byId.get(r.enterpriseId)?.name ?? "",
      regionCode: byId.get(r.enterpriseId)?.regionCode ?? "",
      regionName: byId.get(r.enterpriseId)?.regionName ?? "",
      sector: byId.get(r.enterpriseId)?.sector ?? "",
      overdue: r.overdue,
      open: r.open,
      openMajor: r.openMajor,
      oldestDeadline: r.oldestDeadline ? new Date(r.oldestDeadline).toISOString() : null,
    })),
  };
}

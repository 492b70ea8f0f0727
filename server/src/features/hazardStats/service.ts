/**
 * 隐患统计 for regulators (and, within their own scope, enterprises and experts): totals, groups for drilling down
 * (region → child regions → enterprises → records) and the trend per period, all in one pass over three index-backed
 * slices of the hazards table:
 *   1. hazards reported in the period (found, and how many of those are closed → rectification rate),
 *   2. hazards closed in the period (rectified),
 *   3. hazards open now (open, overdue, open major, under supervision).
 * `GROUPING SETS` turns the slices into per-group, per-period and total counts at once.
 */
import { and, asc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { HAZARD_LEVELS, HAZARD_SOURCES, HAZARD_TYPES, OPEN_HAZARD_STATUSES, SECTORS, SECTOR_CODES, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazards, regions } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import { regionByCode, type RegionInfo } from "../../platform/regions";
import { addDays, shanghaiDate } from "../../platform/time";
import { hazardFilterConds, hazardFilterQuery, hazardScopeWhere, regionForFilter, shanghaiDayStart } from "./filters";

export const GROUP_BYS = ["region", "sector", "enterprise", "level", "type", "source", "period"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIODS = ["day", "week", "month"] as const;
export type Period = (typeof PERIODS)[number];

/** Most buckets a trend may have (e.g. 400 days). */
const MAX_BUCKETS = 400;
/** Most groups returned for groupBy=enterprise (the busiest first). */
export const MAX_ENTERPRISE_GROUPS = 500;

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

export interface Counts {
  found: number;
  rectified: number;
  open: number;
  overdue: number;
  openMajor: number;
  supervised: number;
  /** Of the hazards found in the period, the share closed (0–1); null when none were found. */
  rectificationRate: number | null;
}

const ZERO = { found: 0, foundClosed: 0, rectified: 0, open: 0, overdue: 0, openMajor: 0, supervised: 0 };
type Raw = typeof ZERO;

const rate = (r: Raw): number | null => (r.found === 0 ? null : Math.round((r.foundClosed / r.found) * 10_000) / 10_000);
const present = (r: Raw): Counts => ({
  found: r.found,
  rectified: r.rectified,
  open: r.open,
  overdue: r.overdue,
  openMajor: r.openMajor,
  supervised: r.supervised,
  rectificationRate: rate(r),
});

/** The first day (YYYY-MM-DD) of the period that holds `day`; weeks start on Monday (ISO). */
export function periodStart(day: string, period: Period): string {
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

export function nextPeriod(start: string, period: Period): string {
  if (period === "day") return addDays(start, 1);
  if (period === "week") return addDays(start, 7);
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** Default window: the last 12 months, 12 weeks or 30 days up to today (Asia/Shanghai). */
export function defaultRange(today: string, period: Period): { from: string; to: string } {
  if (period === "day") return { from: addDays(today, -29), to: today };
  if (period === "week") return { from: periodStart(addDays(today, -7 * 11), "week"), to: today };
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 11);
  return { from: d.toISOString().slice(0, 10), to: today };
}

/** SQL of a timestamp's period start as a local time in Asia/Shanghai (weeks from Monday). */
const bucketOf = (col: SQL | typeof hazards.reportedAt, period: Period) => sql`date_trunc(${sql.raw(`'${period}'`)}, ${col} AT TIME ZONE 'Asia/Shanghai')`;

function groupExpr(groupBy: GroupBy, parentPath: string | null): SQL {
  switch (groupBy) {
    case "region":
      return parentPath === null
        ? sql`split_part(${hazards.regionPath}, '/', 1)`
        : sql`split_part(substr(${hazards.regionPath}, ${parentPath.length + 1}), '/', 1)`;
    case "sector":
      return sql`${hazards.sector}`;
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
}

interface Cell {
  grp: string | null;
  /** Period in which the hazard was found (reported, not dismissed) within the range, else null. */
  fp: string | null;
  /** Period in which it was closed within the range, else null. */
  cp: string | null;
  n: number;
  foundClosed: number;
  open: number;
  overdue: number;
  openMajor: number;
  supervised: number;
}

export interface StatsGroup extends Counts {
  key: string;
  name: string;
  /** groupBy=region: the child region's code, whether it has children of its own (drill into regions, else enterprises). */
  regionCode?: string;
  hasChildren?: boolean;
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
  const start = shanghaiDayStart(range.from);
  const end = shanghaiDayStart(addDays(range.to, 1));
  const where = and(hazardScopeWhere(actor.scope), ...(await hazardFilterConds(db, actor, { ...q, regionCode: q.regionCode }, now)));
  const w = where ?? sql`true`;
  const grp = groupExpr(q.groupBy, parent?.path ?? null);
  const nowTs = sql`${now.toISOString()}::timestamptz`;
  const startTs = sql`${start.toISOString()}::timestamptz`;
  const endTs = sql`${end.toISOString()}::timestamptz`;
  const open = sql.raw(OPEN_HAZARD_STATUSES.map((s) => `'${s}'`).join(", "));
  const found = sql`${hazards.reportedAt} >= ${startTs} AND ${hazards.reportedAt} < ${endTs} AND ${hazards.status} <> 'dismissed'`;
  const closed = sql`${hazards.closedAt} >= ${startTs} AND ${hazards.closedAt} < ${endTs} AND ${hazards.status} = 'closed'`;
  const isOpen = sql`${hazards.status} IN (${open})`;
  // One pass over the hazards that count for something (found or closed in the period, or open now), grouped by the
  // group and the periods in which the hazard was found and closed; totals, groups and trend are sums of these cells.
  const result = await db.execute(sql`
    SELECT grp, to_char(fp, 'YYYY-MM-DD') AS fp, to_char(cp, 'YYYY-MM-DD') AS cp,
      n::int AS n, "foundClosed"::int AS "foundClosed", "open"::int AS "open", "overdue"::int AS "overdue",
      "openMajor"::int AS "openMajor", "supervised"::int AS "supervised"
    FROM (
      SELECT ${grp} AS grp,
        CASE WHEN ${found} THEN ${bucketOf(hazards.reportedAt, q.period)} END AS fp,
        CASE WHEN ${closed} THEN ${bucketOf(hazards.closedAt as never, q.period)} END AS cp,
        count(*) AS n,
        count(*) FILTER (WHERE ${hazards.status} = 'closed') AS "foundClosed",
        count(*) FILTER (WHERE ${isOpen}) AS "open",
        count(*) FILTER (WHERE ${hazards.status} = 'rectifying' AND ${hazards.deadline} < ${nowTs}) AS "overdue",
        count(*) FILTER (WHERE ${isOpen} AND ${hazards.level} = 'major') AS "openMajor",
        count(*) FILTER (WHERE ${isOpen} AND ${hazards.supervisedByOrgId} IS NOT NULL) AS "supervised"
      FROM ${hazards}
      WHERE ${w} AND ((${hazards.reportedAt} >= ${startTs} AND ${hazards.reportedAt} < ${endTs})
                      OR (${hazards.closedAt} >= ${startTs} AND ${hazards.closedAt} < ${endTs})
                      OR ${isOpen})
      GROUP BY 1, 2, 3
    ) cells
  `);
  const cells = result.rows as unknown as Cell[];
  const total = { ...ZERO };
  const byGroup = new Map<string, Raw>();
  const byBucket = new Map<string, Raw>();
  const add = (m: Map<string, Raw>, k: string) => {
    const r = m.get(k) ?? { ...ZERO };
    m.set(k, r);
    return r;
  };
  for (const c of cells) {
    const n = Number(c.n);
    const targets = [total, add(byGroup, c.grp ?? "")];
    for (const r of targets) {
      r.open += Number(c.open);
      r.overdue += Number(c.overdue);
      r.openMajor += Number(c.openMajor);
      r.supervised += Number(c.supervised);
    }
    if (c.fp) {
      for (const r of [...targets, add(byBucket, c.fp)]) {
        r.found += n;
        r.foundClosed += Number(c.foundClosed);
      }
    }
    if (c.cp) for (const r of [...targets, add(byBucket, c.cp)]) r.rectified += n;
  }
  const trend = buckets.map((b) => {
    const r = byBucket.get(b) ?? ZERO;
    return { period: b, found: r.found, rectified: r.rectified, rectificationRate: rate(r) };
  });
  const groups =
    q.groupBy === "period" ? buckets.map((b) => ({ key: b, name: b, ...present(byBucket.get(b) ?? ZERO) })) : await nameGroups(db, q.groupBy, parent, byGroup);
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

async function nameGroups(db: Queryable, groupBy: GroupBy, parent: RegionInfo | null, byGroup: Map<string, Raw>): Promise<StatsGroup[]> {
  const entries = [...byGroup];
  switch (groupBy) {
    case "region": {
      // Every direct child region (also those with nothing to count), then hazards registered at the region itself.
      const children = await db
        .select({ code: regions.code, name: regions.name, path: regions.path })
        .from(regions)
        .where(parent ? eq(regions.parentCode, parent.code) : isNull(regions.parentCode))
        .orderBy(asc(regions.code));
      const withKids = new Set(
        children.length
          ? (
              await db
                .selectDistinct({ p: regions.parentCode })
                .from(regions)
                .where(
                  inArray(
                    regions.parentCode,
                    children.map((c) => c.code),
                  ),
                )
            ).map((r) => r.p)
          : [],
      );
      const out: StatsGroup[] = children.map((c) => ({
        key: c.code,
        name: c.name,
        regionCode: c.code,
        hasChildren: withKids.has(c.code),
        ...present(byGroup.get(c.code) ?? ZERO),
      }));
      const own = byGroup.get("");
      if (own && parent) out.push({ key: parent.code, name: `${parent.name}（本级）`, regionCode: parent.code, hasChildren: false, ...present(own) });
      return out;
    }
    case "enterprise": {
      const top = entries.sort((a, b) => b[1].found - a[1].found || b[1].open - a[1].open || a[0].localeCompare(b[0])).slice(0, MAX_ENTERPRISE_GROUPS);
      const names = top.length
        ? await db
            .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode })
            .from(enterprises)
            .where(
              inArray(
                enterprises.id,
                top.map(([k]) => k),
              ),
            )
        : [];
      const byId = new Map(names.map((n) => [n.id, n]));
      return top.map(([k, r]) => ({ key: k, name: byId.get(k)?.name ?? k, regionCode: byId.get(k)?.regionCode, ...present(r) }));
    }
    case "sector":
      return entries
        .map(([k, r]) => ({ key: k, name: SECTORS[k as Sector]?.zh ?? k, ...present(r) }))
        .sort((a, b) => SECTOR_CODES.indexOf(a.key as Sector) - SECTOR_CODES.indexOf(b.key as Sector));
    case "level":
      return entries
        .map(([k, r]) => ({ key: k, name: HAZARD_LEVELS[k as keyof typeof HAZARD_LEVELS]?.zh ?? k, ...present(r) }))
        .sort((a, b) => a.key.localeCompare(b.key));
    case "type":
      return entries
        .map(([k, r]) => ({ key: k, name: k === "" ? "未分类" : (HAZARD_TYPES[Number(k) as keyof typeof HAZARD_TYPES]?.zh ?? k), ...present(r) }))
        .sort((a, b) => Number(a.key || 99) - Number(b.key || 99));
    case "source": {
      const order = Object.keys(HAZARD_SOURCES);
      return entries
        .map(([k, r]) => ({ key: k, name: HAZARD_SOURCES[k as keyof typeof HAZARD_SOURCES]?.zh ?? k, ...present(r) }))
        .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    }
    case "period":
      return [];
  }
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

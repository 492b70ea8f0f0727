/**
 * The counting behind 隐患统计, two ways to the same figures:
 * - from the summary table (hazard_stats_rollup: per day/month, region path and sector) plus the open hazards —
 *   for jurisdictions grouped by region, sector or period, the regulator's everyday view; a city's year is a few
 *   thousand summary rows;
 * - from the hazards themselves, in three index-backed slices (found in the range, closed in the range, open now) —
 *   for the other groupings and filters (level, type, source, enterprise) and for enterprise and third-party scopes.
 * Both give cells keyed by group and period, summed into totals, groups and trend by `sumCells`.
 */
import { type AnyColumn, and, gte, inArray, like, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { OPEN_HAZARD_STATUSES, type Scope, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { hazards, hazardStatsRollup } from "../../db/schema";
import { likeEscape } from "../../platform/scope";
import { addDays } from "../../platform/time";
import { shanghaiDayStart } from "./filters";
import { type Period, summaryRanges } from "./periods";

export const ZERO = { found: 0, foundClosed: 0, rectified: 0, open: 0, overdue: 0, openMajor: 0, supervised: 0 };
export type Raw = typeof ZERO;

export interface Cell {
  grp: string | null;
  /** Period in which hazards were found (reported, not dismissed) within the range, else null. */
  fp: string | null;
  /** Period in which hazards were closed within the range, else null. */
  cp: string | null;
  /** Hazards found (fp) and closed (cp) in those periods; for cells from the summary table fp = cp. */
  found: number;
  foundClosed: number;
  rectified: number;
  open: number;
  overdue: number;
  openMajor: number;
  supervised: number;
}

export interface Sums {
  total: Raw;
  byGroup: Map<string, Raw>;
  byBucket: Map<string, Raw>;
}

export function sumCells(cells: readonly Cell[]): Sums {
  const total = { ...ZERO };
  const byGroup = new Map<string, Raw>();
  const byBucket = new Map<string, Raw>();
  const at = (m: Map<string, Raw>, k: string) => {
    const r = m.get(k) ?? { ...ZERO };
    m.set(k, r);
    return r;
  };
  for (const c of cells) {
    const own = [total, at(byGroup, c.grp ?? "")];
    for (const r of own) {
      r.open += Number(c.open);
      r.overdue += Number(c.overdue);
      r.openMajor += Number(c.openMajor);
      r.supervised += Number(c.supervised);
    }
    if (c.fp) {
      for (const r of [...own, at(byBucket, c.fp)]) {
        r.found += Number(c.found);
        r.foundClosed += Number(c.foundClosed);
      }
    }
    if (c.cp) for (const r of [...own, at(byBucket, c.cp)]) r.rectified += Number(c.rectified);
  }
  return { total, byGroup, byBucket };
}

const OPEN = sql.raw(OPEN_HAZARD_STATUSES.map((s) => `'${s}'`).join(", "));
const isOpen = sql`${hazards.status} IN (${OPEN})`;

/** A timestamp's period start as a local Asia/Shanghai time (weeks from Monday). */
const bucketOf = (col: SQL | typeof hazards.reportedAt, period: Period) => sql`date_trunc(${sql.raw(`'${period}'`)}, ${col} AT TIME ZONE 'Asia/Shanghai')`;

export interface Counting {
  where: SQL | undefined;
  /** The group of a hazard row, as SQL on the given region path and sector columns (and the row's other columns). */
  grp: (cols: { regionPath: AnyColumn; sector: AnyColumn }) => SQL;
  from: string;
  to: string;
  period: Period;
  now: Date;
}

/** Open hazards now (open, overdue, open major, supervised) per group: hazards_open_stats_idx, index only. */
async function openCells(db: Queryable, c: Counting): Promise<Cell[]> {
  const grp = c.grp({ regionPath: hazards.regionPath, sector: hazards.sector });
  const rows = await db.execute(sql`
    SELECT ${grp} AS grp, count(*)::int AS "open",
      count(*) FILTER (WHERE ${hazards.status} = 'rectifying' AND ${hazards.deadline} < ${c.now.toISOString()}::timestamptz)::int AS "overdue",
      count(*) FILTER (WHERE ${hazards.level} = 'major')::int AS "openMajor",
      count(*) FILTER (WHERE ${hazards.supervisedByOrgId} IS NOT NULL)::int AS "supervised"
    FROM ${hazards} WHERE ${c.where ?? sql`true`} AND ${isOpen}
    GROUP BY 1`);
  return (rows.rows as unknown as Cell[]).map((r) => ({ ...r, fp: null, cp: null, found: 0, foundClosed: 0, rectified: 0 }));
}

/** Scope on the summary table's columns (jurisdictions only: it has no enterprise). */
export function summaryScopeWhere(scope: Scope): SQL | undefined {
  if (scope.kind === "all") return undefined;
  if (scope.kind !== "jurisdiction") throw new Error("summary table: jurisdiction scopes only");
  const inRegion = like(hazardStatsRollup.regionPath, `${likeEscape(scope.regionPath)}%`);
  if (scope.sectors === null) return inRegion;
  if (scope.sectors.length === 0) return sql`false`;
  return and(inRegion, inArray(hazardStatsRollup.sector, scope.sectors as Sector[]));
}

/** From the summary table (found, closed by period) and the open hazards. `summaryWhere` filters the summary rows. */
export async function countFromSummary(db: Queryable, c: Counting, summaryWhere: SQL | undefined, today: string): Promise<Cell[]> {
  const t = hazardStatsRollup;
  const { months, days } = summaryRanges(c.from, c.to, today, c.period);
  const parts: SQL[] = days.map(([a, b]) => and(sql`${t.grain} = 'day'`, gte(t.period, a), lte(t.period, b)) as SQL);
  if (months) parts.push(and(sql`${t.grain} = 'month'`, gte(t.period, months[0]), lt(t.period, months[1])) as SQL);
  const grp = c.grp({ regionPath: t.regionPath, sector: t.sector });
  const [summary, open] = await Promise.all([
    db.execute(sql`
      SELECT ${grp} AS grp, to_char(date_trunc(${sql.raw(`'${c.period}'`)}, ${t.period}), 'YYYY-MM-DD') AS fp,
        sum(${t.found})::int AS "found", sum(${t.foundClosed})::int AS "foundClosed", sum(${t.closed})::int AS "rectified"
      FROM ${t} WHERE ${and(summaryWhere, or(...parts))}
      GROUP BY 1, 2`),
    openCells(db, c),
  ]);
  const cells = (summary.rows as unknown as Cell[]).map((r) => ({ ...r, cp: r.fp, open: 0, overdue: 0, openMajor: 0, supervised: 0 }));
  return [...cells, ...open];
}

/**
 * From the hazards, in three slices that each have an index: found in the range (hazards_reported_at_idx or the
 * region index), closed in the range (hazards_closed_at_idx), open now (hazards_open_stats_idx); run side by side.
 * JIT compilation is off: on these aggregates it costs more than it saves.
 */
export async function countFromHazards(db: Queryable, c: Counting): Promise<Cell[]> {
  const start = sql`${shanghaiDayStart(c.from).toISOString()}::timestamptz`;
  const end = sql`${shanghaiDayStart(addDays(c.to, 1)).toISOString()}::timestamptz`;
  const grp = c.grp({ regionPath: hazards.regionPath, sector: hazards.sector });
  const w = c.where ?? sql`true`;
  const noJit = async (q: SQL) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL jit = off`);
      return (await tx.execute(q)).rows as unknown as Cell[];
    });
  const [found, closed, open] = await Promise.all([
    noJit(sql`
      SELECT ${grp} AS grp, to_char(${bucketOf(hazards.reportedAt, c.period)}, 'YYYY-MM-DD') AS fp,
        count(*)::int AS "found", (count(*) FILTER (WHERE ${hazards.status} = 'closed'))::int AS "foundClosed"
      FROM ${hazards}
      WHERE ${w} AND ${hazards.reportedAt} >= ${start} AND ${hazards.reportedAt} < ${end} AND ${hazards.status} <> 'dismissed'
      GROUP BY 1, 2`),
    noJit(sql`
      SELECT ${grp} AS grp, to_char(${bucketOf(hazards.closedAt as never, c.period)}, 'YYYY-MM-DD') AS cp, count(*)::int AS "rectified"
      FROM ${hazards}
      WHERE ${w} AND ${hazards.closedAt} >= ${start} AND ${hazards.closedAt} < ${end} AND ${hazards.status} = 'closed'
      GROUP BY 1, 2`),
    openCells(db, c),
  ]);
  const none = { fp: null, cp: null, found: 0, foundClosed: 0, rectified: 0, open: 0, overdue: 0, openMajor: 0, supervised: 0 };
  return [...found.map((r) => ({ ...none, ...r })), ...closed.map((r) => ({ ...none, ...r })), ...open];
}

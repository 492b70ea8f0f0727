/**
 * 隐患统计汇总 (hazard_stats_rollup): per day and per month (Asia/Shanghai), region path and sector — hazards found
 * (reported, not dismissed), of those the ones closed now, and hazards closed in the period. A city's year is ~12,000
 * rows instead of ~360,000 hazards, which is what lets its statistics answer in well under 300 ms.
 *
 * Kept exact by row triggers on `hazards`, installed by migration 0006_hazard_stats_rollup.sql (every insert, delete,
 * and change of status, closed_at, reported_at, region_path or sector subtracts the old row's contribution and adds
 * the new one), so every writer — registration, transitions, imports, seeds, tests inserting rows — is counted
 * without having to remember to. `rebuildHazardStatsRollup` recomputes the table from scratch (tests compare the two).
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";

/** The whole table from hazards (same rules as the trigger). */
export const REBUILD = [
  "DELETE FROM hazard_stats_rollup",
  `INSERT INTO hazard_stats_rollup (grain, period, region_path, sector, found, found_closed, closed)
   SELECT g.grain, CASE g.grain WHEN 'day' THEN x.day ELSE date_trunc('month', x.day)::date END, x.region_path, x.sector,
          sum(x.found), sum(x.found_closed), sum(x.closed)
   FROM (
     SELECT (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day, region_path, sector, 1 AS found, (status = 'closed')::int AS found_closed, 0 AS closed
       FROM hazards WHERE status <> 'dismissed'
     UNION ALL
     SELECT (closed_at AT TIME ZONE 'Asia/Shanghai')::date, region_path, sector, 0, 0, 1
       FROM hazards WHERE status = 'closed' AND closed_at IS NOT NULL
   ) x CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
   GROUP BY 1, 2, 3, 4`,
];

/** Recomputes the whole table from hazards (writers wait), e.g. after a bulk load with triggers disabled. */
export async function rebuildHazardStatsRollup(db: Queryable): Promise<void> {
  await db.execute(sql`LOCK TABLE hazards IN SHARE ROW EXCLUSIVE MODE`);
  for (const stmt of REBUILD) await db.execute(sql.raw(stmt));
}

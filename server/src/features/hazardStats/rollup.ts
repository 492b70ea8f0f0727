/**
 * 隐患统计汇总 (hazard_stats_rollup): per day and per month (Asia/Shanghai), region path and sector — hazards found
 * (reported, not dismissed), of those the ones closed now, and hazards closed in the period. A city's year is ~12,000
 * rows instead of ~360,000 hazards, which is what lets its statistics answer in well under 300 ms.
 *
 * Kept exact by row triggers on `hazards` (every insert, delete, and change of status, closed_at, reported_at,
 * region_path or sector subtracts the old row's contribution and adds the new one), so every writer — registration,
 * transitions, imports, seeds, tests inserting rows — is counted without having to remember to.
 *
 * The functions and triggers are installed by `ensureHazardStatsRollup` when the app starts (under an advisory lock,
 * versioned in app_meta; a new version replaces them and rebuilds the table from hazards while writes wait).
 * They belong in a hand-written migration; while migration 0005 is still regenerated from the schema, a custom
 * migration after it cannot be added, so they live here. Move the statements verbatim into a custom migration once
 * 0005 is released.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { appMeta } from "../../db/schema";

export const ROLLUP_VERSION = "hazard-stats-rollup@1";
const LOCK = 7213011;

/** Adds (sign 1) or removes (sign −1) one hazard's contribution. */
const APPLY_FN = `
CREATE OR REPLACE FUNCTION anguan_hazard_stats_apply(p_reported timestamptz, p_closed timestamptz, p_status text, p_region text, p_sector text, p_sign int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE d date; c date;
BEGIN
  IF p_status <> 'dismissed' THEN
    d := (p_reported AT TIME ZONE 'Asia/Shanghai')::date;
    INSERT INTO hazard_stats_rollup AS r (grain, period, region_path, sector, found, found_closed, closed)
    VALUES ('day', d, p_region, p_sector, p_sign, CASE WHEN p_status = 'closed' THEN p_sign ELSE 0 END, 0),
           ('month', date_trunc('month', d)::date, p_region, p_sector, p_sign, CASE WHEN p_status = 'closed' THEN p_sign ELSE 0 END, 0)
    ON CONFLICT (grain, period, region_path, sector)
    DO UPDATE SET found = r.found + excluded.found, found_closed = r.found_closed + excluded.found_closed;
  END IF;
  IF p_status = 'closed' AND p_closed IS NOT NULL THEN
    c := (p_closed AT TIME ZONE 'Asia/Shanghai')::date;
    INSERT INTO hazard_stats_rollup AS r (grain, period, region_path, sector, found, found_closed, closed)
    VALUES ('day', c, p_region, p_sector, 0, 0, p_sign), ('month', date_trunc('month', c)::date, p_region, p_sector, 0, 0, p_sign)
    ON CONFLICT (grain, period, region_path, sector) DO UPDATE SET closed = r.closed + excluded.closed;
  END IF;
END $$`;

const TRIGGER_FN = `
CREATE OR REPLACE FUNCTION anguan_hazard_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM anguan_hazard_stats_apply(OLD.reported_at, OLD.closed_at, OLD.status, OLD.region_path, OLD.sector, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM anguan_hazard_stats_apply(NEW.reported_at, NEW.closed_at, NEW.status, NEW.region_path, NEW.sector, 1);
  END IF;
  RETURN NULL;
END $$`;

const TRIGGERS = [
  "DROP TRIGGER IF EXISTS hazards_stats_rollup_ins_del ON hazards",
  "DROP TRIGGER IF EXISTS hazards_stats_rollup_upd ON hazards",
  "CREATE TRIGGER hazards_stats_rollup_ins_del AFTER INSERT OR DELETE ON hazards FOR EACH ROW EXECUTE FUNCTION anguan_hazard_stats_trigger()",
  `CREATE TRIGGER hazards_stats_rollup_upd AFTER UPDATE OF status, closed_at, reported_at, region_path, sector ON hazards FOR EACH ROW
   WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.reported_at IS DISTINCT FROM NEW.reported_at
         OR OLD.region_path IS DISTINCT FROM NEW.region_path OR OLD.sector IS DISTINCT FROM NEW.sector)
   EXECUTE FUNCTION anguan_hazard_stats_trigger()`,
];

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

/** Installs (or upgrades) the triggers and rebuilds the table when this version is not yet installed. Idempotent. */
export async function ensureHazardStatsRollup(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK})`);
    const [m] = await tx.select().from(appMeta).where(eq(appMeta.key, "hazard_stats_rollup"));
    if ((m?.value as { version?: string } | undefined)?.version === ROLLUP_VERSION) return false;
    // Writers wait while the functions change and the table is rebuilt, so no change is counted twice or lost.
    await tx.execute(sql`LOCK TABLE hazards IN SHARE ROW EXCLUSIVE MODE`);
    for (const stmt of [APPLY_FN, TRIGGER_FN, ...TRIGGERS, ...REBUILD]) await tx.execute(sql.raw(stmt));
    const value = { version: ROLLUP_VERSION };
    await tx.insert(appMeta).values({ key: "hazard_stats_rollup", value }).onConflictDoUpdate({ target: appMeta.key, set: { value } });
    return true;
  });
}

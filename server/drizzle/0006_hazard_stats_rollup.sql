-- 隐患统计汇总: functions and triggers that keep hazard_stats_rollup exact on every change of hazards
-- (see server/src/features/hazardStats/rollup.ts), and the table built from the hazards already there.
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
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION anguan_hazard_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM anguan_hazard_stats_apply(OLD.reported_at, OLD.closed_at, OLD.status, OLD.region_path, OLD.sector, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM anguan_hazard_stats_apply(NEW.reported_at, NEW.closed_at, NEW.status, NEW.region_path, NEW.sector, 1);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS hazards_stats_rollup_ins_del ON hazards;
--> statement-breakpoint
DROP TRIGGER IF EXISTS hazards_stats_rollup_upd ON hazards;
--> statement-breakpoint
CREATE TRIGGER hazards_stats_rollup_ins_del AFTER INSERT OR DELETE ON hazards FOR EACH ROW EXECUTE FUNCTION anguan_hazard_stats_trigger();
--> statement-breakpoint
CREATE TRIGGER hazards_stats_rollup_upd AFTER UPDATE OF status, closed_at, reported_at, region_path, sector ON hazards FOR EACH ROW
   WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.reported_at IS DISTINCT FROM NEW.reported_at
         OR OLD.region_path IS DISTINCT FROM NEW.region_path OR OLD.sector IS DISTINCT FROM NEW.sector)
   EXECUTE FUNCTION anguan_hazard_stats_trigger();
--> statement-breakpoint
DELETE FROM hazard_stats_rollup;
--> statement-breakpoint
INSERT INTO hazard_stats_rollup (grain, period, region_path, sector, found, found_closed, closed)
   SELECT g.grain, CASE g.grain WHEN 'day' THEN x.day ELSE date_trunc('month', x.day)::date END, x.region_path, x.sector,
          sum(x.found), sum(x.found_closed), sum(x.closed)
   FROM (
     SELECT (reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day, region_path, sector, 1 AS found, (status = 'closed')::int AS found_closed, 0 AS closed
       FROM hazards WHERE status <> 'dismissed'
     UNION ALL
     SELECT (closed_at AT TIME ZONE 'Asia/Shanghai')::date, region_path, sector, 0, 0, 1
       FROM hazards WHERE status = 'closed' AND closed_at IS NOT NULL
   ) x CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
   GROUP BY 1, 2, 3, 4;

// Scratch: one day's generation for a city (≈300,000 tasks) on PostgreSQL. Not committed.
import pg from "pg";
import { sql } from "drizzle-orm";
import { migrate, openDatabase } from "../../db/client";
import { generateInspectionInstances, markMissedInspections } from "./jobs";

const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
await admin.connect();
const reuse = process.env.REUSE === "1";
if (!reuse) {
  await admin.query("DROP DATABASE IF EXISTS anguan_insp_bench WITH (FORCE)");
  await admin.query("CREATE DATABASE anguan_insp_bench");
}
const d = await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/anguan_insp_bench", poolSize: 2 });
const db = d.db;
const N_ENT = 20000,
  TASKS = Number(process.env.TASKS ?? 300000);
let t0 = Date.now();
if (reuse) {
  await db.execute(sql`TRUNCATE inspection_instances`);
} else {
  await migrate(d);
  await db.execute(sql`INSERT INTO regions (code, name, level, path) VALUES ('320000','江苏省','province','320000/')`);
  await db.execute(sql`INSERT INTO enterprises (name, credit_code, region_code, region_path, sector)
  SELECT 'E'||g, 'C'||g, '320000', '320000/', 'other' FROM generate_series(1, ${N_ENT}) g`);
  await db.execute(sql`CREATE TEMP TABLE ents AS SELECT id, row_number() over () AS n FROM enterprises`);
  await db.execute(sql`INSERT INTO risk_objects (enterprise_id, kind, name) SELECT id, 'storage_area', 'O' FROM ents`);
  await db.execute(sql`INSERT INTO risk_units (enterprise_id, object_id, name, qr_token)
  SELECT o.enterprise_id, o.id, 'U'||g, md5(o.id::text||g) FROM risk_objects o, generate_series(1,3) g`);
  await db.execute(sql`INSERT INTO risk_events (enterprise_id, unit_id, name) SELECT u.enterprise_id, u.id, 'EV'||g FROM risk_units u, generate_series(1,5) g`);
  await db.execute(sql`INSERT INTO control_measures (enterprise_id, unit_id, event_id, description, classify1, classify2, control_level)
  SELECT e.enterprise_id, e.unit_id, e.id, 'M', '1', '1-1', 'team' FROM risk_events e LIMIT ${TASKS}`);
  await db.execute(sql`INSERT INTO inspection_tasks (enterprise_id, unit_id, measure_id, content, cycle, cycle_unit, work_day_type, work_start, work_end, start_at)
  SELECT m.enterprise_id, m.unit_id, m.id, 'T',
    CASE WHEN r < 0.85 THEN 1 WHEN r < 0.92 THEN 2 ELSE 1 END,
    CASE WHEN r < 0.85 THEN 'day' WHEN r < 0.92 THEN 'hour' WHEN r < 0.97 THEN 'week' ELSE 'month' END,
    CASE WHEN r2 < 0.3 THEN 1 ELSE 0 END,
    CASE WHEN r >= 0.85 AND r < 0.92 THEN '08:00' END, CASE WHEN r >= 0.85 AND r < 0.92 THEN '18:00' END,
    timestamptz '2026-01-05 00:00+08' + (floor(r3 * 300) || ' days')::interval
  FROM (SELECT m.*, random() r, random() r2, random() r3 FROM control_measures m) m`);
  // a few shutdowns
  await db.execute(sql`INSERT INTO unit_shutdowns (enterprise_id, unit_id, start_at, reason) SELECT enterprise_id, id, now(), 'x' FROM risk_units LIMIT 200`);
  await db.execute(sql`ANALYZE`);
}
console.log("setup s", (Date.now() - t0) / 1000, (await db.execute(sql`select count(*)::int n from inspection_tasks`)).rows);
for (const day of ["2026-11-23", "2026-11-24", "2026-11-23"]) {
  t0 = Date.now();
  const n = await generateInspectionInstances(db, day, new Date("2026-11-23T02:00:00Z"));
  console.log(`generate ${day}: ${n} instances in ${(Date.now() - t0) / 1000} s`);
}
t0 = Date.now();
const m = await markMissedInspections(db, new Date("2026-11-24T16:00:00Z"));
console.log(`markMissed: ${m} in ${(Date.now() - t0) / 1000} s`);
t0 = Date.now();
const m2 = await markMissedInspections(db, new Date("2026-11-24T16:05:00Z"));
console.log(`markMissed again: ${m2} in ${(Date.now() - t0) / 1000} s`);
await d.close();
if (!process.env.KEEP) await admin.query("DROP DATABASE IF EXISTS anguan_insp_bench WITH (FORCE)");
await admin.end();

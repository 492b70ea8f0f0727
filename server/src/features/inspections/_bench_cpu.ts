// Scratch: CPU seconds used by the PostgreSQL backend for one day's generation (a proxy for an unloaded machine).
import fs from "node:fs";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { generateInspectionInstances, markMissedInspections } from "./jobs";
const d = await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/anguan_insp_bench", poolSize: 1 });
const db = d.db;
const pid = ((await db.execute(sql`select pg_backend_pid() as p`)).rows[0] as { p: number }).p;
const cpu = () => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
};
await db.execute(sql`TRUNCATE inspection_instances`);
await db.execute(sql`CHECKPOINT`);
for (const day of (process.env.DAYS ?? "2026-11-23,2026-11-24").split(",")) {
  const c0 = cpu(), t0 = Date.now();
  const n = await generateInspectionInstances(db, day, new Date("2026-11-23T02:00:00Z"));
  console.log(`generate ${day}: ${n} rows, wall ${(Date.now() - t0) / 1000} s, backend CPU ${(cpu() - c0).toFixed(2)} s`);
}
const c0 = cpu(), t0 = Date.now();
const m = await markMissedInspections(db, new Date("2026-11-24T16:00:00Z"));
console.log(`markMissed: ${m} rows, wall ${(Date.now() - t0) / 1000} s, backend CPU ${(cpu() - c0).toFixed(2)} s`);
await d.close();

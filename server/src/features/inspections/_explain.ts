import { sql } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { loadWorkCalendars } from "./calendar";
import { generationSql } from "./jobs";
const d = await openDatabase({ url: "postgres://postgres@127.0.0.1:5432/anguan_insp_bench", poolSize: 1 });
const cals = await loadWorkCalendars(d.db);
await d.db.execute(sql`TRUNCATE inspection_instances`);
await d.db
  .transaction(async (tx) => {
    const q = generationSql(process.env.DAY ?? "2026-11-23", cals);
    await tx.execute(sql`SET LOCAL jit = off`);
    const r = await tx.execute(sql`EXPLAIN (ANALYZE, BUFFERS, TIMING) ${q}`);
    console.log((r.rows as { "QUERY PLAN": string }[]).map((x) => x["QUERY PLAN"]).join("\n"));
    throw new Error("rollback");
  })
  .catch((e) => console.log(String(e).slice(0, 80)));
await d.close();

/** Temporary: EXPLAIN ANALYZE of the statistics, ranking and list queries on the bench database. */
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "../../server/src/db/schema";
import { hazardStats, overdueRanking, statsQuery, rankingQuery } from "../../server/src/features/hazardStats/service";
import { hazardWhere, hazardListQuery } from "../../server/src/features/hazardStats/filters";
import { desc, eq, sql } from "drizzle-orm";
import type { Actor } from "@anguan/domain";

const url = "postgres://postgres@127.0.0.1:5432/anguan_bench_hazards";
const pool = new pg.Pool({ connectionString: url, max: 2 });
const captured: { sql: string; params: unknown[] }[] = [];
const db = drizzle(pool, { schema, logger: { logQuery: (q, p) => captured.push({ sql: q, params: p }) } }) as never;
const which = process.argv[2] ?? "stats";
const region = process.argv[3] ?? "320000/321100/";
const actor: Actor = { userId: "00000000-0000-4000-8000-000000000000", username: "x", displayName: "x", role: "regulator", orgId: "x", orgName: "x",
  scope: { kind: "jurisdiction", regionCode: region.split("/").filter(Boolean).at(-1)!, regionPath: region, sectors: null } };
const now = new Date();
const qs = Object.fromEntries(new URLSearchParams(process.argv[4] ?? ""));
if (which === "stats") await hazardStats(db, actor, statsQuery.parse(qs), now);
else if (which === "ranking") await overdueRanking(db, actor, rankingQuery.parse(qs), now);
else {
  const q = hazardListQuery.parse(qs);
  const where = await hazardWhere(db, actor, q, now);
  const d = db as any;
  await d.select({ id: schema.hazards.id, n: schema.enterprises.name }).from(schema.hazards).innerJoin(schema.enterprises, eq(schema.enterprises.id, schema.hazards.enterpriseId)).where(where).orderBy(desc(schema.hazards.reportedAt), desc(schema.hazards.id)).limit(20);
  await d.select({ n: sql`count(*)::int` }).from(schema.hazards).where(where);
}
const c = await pool.connect();
for (const q of captured.filter((q) => /hazards/.test(q.sql) && !/regions/.test(q.sql.slice(0, 60)))) {
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params as never[]);
  console.log("----", q.sql.slice(0, 200).replace(/\s+/g, " "));
  console.log(r.rows.map((x: Record<string, string>) => x["QUERY PLAN"]).join("\n"));
}
c.release();
await pool.end();

/**
 * Counting a list's matches at most up to a cap (+1 to know there are more). A jurisdiction-wide `count(*)` over a
 * city's year of records reads hundreds of thousands to millions of rows on every page of a list, while the page itself
 * takes a few ms; lists say "10,000+" instead.
 */
import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Queryable } from "../db/client";

export const LIST_COUNT_CAP = 10_000;

export async function cappedCount(db: Queryable, table: PgTable, where: SQL | undefined, cap = LIST_COUNT_CAP): Promise<{ total: number; capped: boolean }> {
  const rows = await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} WHERE ${where ?? sql`true`} LIMIT ${cap + 1}) AS m`);
  const n = Number((rows.rows[0] as { n: number } | undefined)?.n ?? 0);
  return { total: Math.min(n, cap), capped: n > cap };
}

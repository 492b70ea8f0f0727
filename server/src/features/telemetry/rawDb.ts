/**
 * Raw SQL on either driver, for the ingest path: array parameters (`unnest($1::int4[], …)`) that Drizzle's `sql`
 * template would expand into lists, and one transaction per stored batch.
 */
import type { Database } from "../../db/client";

export interface RawResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}
export interface RawQuery {
  query(text: string, params?: unknown[]): Promise<RawResult>;
}

export async function withRawTransaction<T>(database: Database, fn: (q: RawQuery) => Promise<T>): Promise<T> {
  if (database.kind === "pglite") {
    return database.pglite!.transaction(async (tx) =>
      fn({
        async query(text, params) {
          const r = await tx.query<Record<string, unknown>>(text, params);
          return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        },
      }),
    );
  }
  const client = await database.pool!.connect();
  try {
    await client.query("BEGIN");
    const out = await fn({
      async query(text, params) {
        const r = await client.query(text, params);
        return { rows: r.rows, rowCount: r.rowCount ?? 0 };
      },
    });
    await client.query("COMMIT");
    return out;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

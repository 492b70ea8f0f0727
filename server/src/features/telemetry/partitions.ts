/**
 * Daily partitions of `readings` (Asia/Shanghai days are not used here: partitions are UTC days, which only decides
 * file boundaries). Created ahead of the data by the ingest service and on demand for a late or early point; dropped
 * whole after READINGS_RETENTION_DAYS, the cheap way to delete old data.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";

const DAY = 86_400_000;
const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;
const nameOf = (dayMs: number) => `readings_${new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, "")}`;

/** Day partitions known to exist, per database handle (the catalogue is the truth; this only saves a round trip). */
const knownBy = new WeakMap<object, Set<string>>();
const knownOf = (db: object) => {
  let k = knownBy.get(db);
  if (!k) {
    k = new Set();
    knownBy.set(db, k);
  }
  return k;
};

/** Creates the partitions covering [from, to] (UTC days) that do not exist yet. Idempotent and safe across nodes. */
export async function ensureReadingPartitions(db: Queryable, from: Date | number, to: Date | number): Promise<void> {
  const a = dayStart(+from);
  const b = dayStart(+to);
  const known = knownOf(db);
  for (let d = a; d <= b; d += DAY) {
    const name = nameOf(d);
    if (known.has(name)) continue;
    const lo = new Date(d).toISOString();
    const hi = new Date(d + DAY).toISOString();
    try {
      await db.execute(sql.raw(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF readings FOR VALUES FROM ('${lo}') TO ('${hi}')`));
    } catch (err) {
      // Two nodes creating the same partition at once: the loser sees a duplicate; the partition exists either way.
      if (!/already exists|duplicate key/i.test(String((err as Error).message))) throw err;
    }
    known.add(name);
  }
}

/** Drops the partitions wholly older than `retentionDays` before `now`; returns their names. */
export async function dropExpiredReadingPartitions(db: Queryable, now: Date, retentionDays: number): Promise<string[]> {
  const cutoff = dayStart(now.getTime() - retentionDays * DAY);
  const r = await db.execute(
    sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'readings'`,
  );
  const dropped: string[] = [];
  const known = knownOf(db);
  for (const { name } of r.rows as { name: string }[]) {
    const m = /^readings_(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!m) continue;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (day + DAY <= cutoff) {
      await db.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
      known.delete(name);
      dropped.push(name);
    }
  }
  return dropped;
}

/** The earliest time a point may carry and still be kept. */
export const retentionCutoff = (now: Date, retentionDays: number) => dayStart(now.getTime() - retentionDays * DAY);

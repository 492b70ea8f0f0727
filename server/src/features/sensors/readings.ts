/**
 * A sensor's trend: raw points, or averages/min/max per time bucket (date_bin, aligned to Asia/Shanghai midnight).
 * Every answer is bounded (at most MAX_POINTS points): `auto` picks raw for short ranges, then the finest bucket that
 * fits; an explicit bucket too fine for the range is refused naming `bucket`. Bad-quality points are left out of
 * aggregates (they are not measurements); raw answers carry them with their quality.
 */
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { readings } from "../../db/schema";
import { fieldError } from "../../platform/errors";

export const MAX_POINTS = 2000;
const HOUR = 3600_000;
/** Bucket widths in seconds: "minute" buckets below an hour, "hour" buckets from an hour. */
const MINUTE_WIDTHS = [60, 120, 300, 600, 900, 1800];
const HOUR_WIDTHS = [3600, 7200, 10_800, 21_600, 43_200, 86_400];

export type Bucket = "raw" | "minute" | "hour";

/** The bucket and width for a range: raw ≤ 6 h (when it fits), minute ≤ 7 d, else hour; always ≤ MAX_POINTS. */
export function chooseBucket(requested: "auto" | Bucket, rangeMs: number, periodSeconds: number): { bucket: Bucket; widthSeconds: number | null } {
  const fits = (w: number) => rangeMs / (w * 1000) <= MAX_POINTS;
  const widest = (ws: number[]) => ws.find(fits);
  if (requested === "raw") return { bucket: "raw", widthSeconds: null };
  if (requested === "minute" || requested === "hour") {
    const w = widest(requested === "minute" ? MINUTE_WIDTHS : HOUR_WIDTHS);
    if (w === undefined)
      throw fieldError("bucket", `时间范围过长，按${requested === "minute" ? "分钟" : "小时"}汇总超过 ${MAX_POINTS} 个点，请缩短范围或选择更粗的粒度`);
    return { bucket: requested, widthSeconds: w };
  }
  if (rangeMs <= 6 * HOUR && rangeMs / (periodSeconds * 1000) <= MAX_POINTS) return { bucket: "raw", widthSeconds: null };
  if (rangeMs <= 7 * 24 * HOUR) {
    const w = widest(MINUTE_WIDTHS);
    if (w !== undefined) return { bucket: "minute", widthSeconds: w };
  }
  const w = widest(HOUR_WIDTHS) ?? HOUR_WIDTHS[HOUR_WIDTHS.length - 1]!;
  return { bucket: "hour", widthSeconds: w };
}

export interface RawPoint {
  ts: string;
  value: number;
  quality: "good" | "bad";
}
export interface AggPoint {
  ts: string;
  avg: number;
  min: number;
  max: number;
  count: number;
}

export async function queryReadings(
  db: Queryable,
  sensorId: number,
  from: Date,
  to: Date,
  choice: { bucket: Bucket; widthSeconds: number | null },
): Promise<RawPoint[] | AggPoint[]> {
  const inRange = and(eq(readings.sensorId, sensorId), gte(readings.ts, from), lt(readings.ts, to));
  if (choice.bucket === "raw") {
    const rows = await db
      .select({ ts: readings.ts, value: readings.value, quality: readings.quality })
      .from(readings)
      .where(inRange)
      .orderBy(asc(readings.ts))
      .limit(MAX_POINTS + 1);
    if (rows.length > MAX_POINTS) throw fieldError("bucket", `该时间范围内原始数据超过 ${MAX_POINTS} 个点，请缩短范围或按分钟/小时汇总`);
    return rows.map((r): RawPoint => ({ ts: r.ts.toISOString(), value: r.value, quality: r.quality === 1 ? "bad" : "good" }));
  }
  const width = Number(choice.widthSeconds);
  const bin = sql.raw(`date_bin(interval '${width} seconds', "readings"."ts", timestamptz '2000-01-01 00:00:00+08')`);
  const rows = await db
    .select({
      ms: sql<number>`(extract(epoch from ${bin}) * 1000)::float8`.mapWith(Number),
      avg: sql<number>`avg(${readings.value})::float8`.mapWith(Number),
      min: sql<number>`min(${readings.value})::float8`.mapWith(Number),
      max: sql<number>`max(${readings.value})::float8`.mapWith(Number),
      count: sql<number>`count(*)::int`.mapWith(Number),
    })
    .from(readings)
    .where(and(inRange, eq(readings.quality, 0)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({ ts: new Date(r.ms).toISOString(), avg: r.avg, min: r.min, max: r.max, count: r.count }));
}

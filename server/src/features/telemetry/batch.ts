/**
 * The telemetry batch a gateway sends (MQTT payload or HTTP body):
 * `{"ts": ISO-8601 | epoch ms, "points": [{"tag", "value", "quality"?: "good"|"bad", "ts"?}]}`.
 * Hand-checked rather than schema-parsed: it runs for every point at tens of thousands a second.
 */

export interface RawPoint {
  tag: string;
  ts: number;
  value: number;
  quality: 0 | 1;
}

export interface ParsedBatch {
  points: RawPoint[];
  /** Points refused, with the reason (index in `points` of the batch). */
  rejected: { index: number; reason: string }[];
}

export class BatchError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** epoch ms from an ISO-8601 string or an epoch-ms number; NaN when neither. */
export function parseTs(v: unknown): number {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? Math.round(v) : Number.NaN;
  if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v)) return Date.parse(v);
  return Number.NaN;
}

export const MAX_POINTS_PER_BATCH = 10_000;
/** A point more than this far in the future is refused (a gateway with a wrong clock). */
export const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Validates a batch. Structural faults (not an object, no points array, a bad batch `ts`) throw BatchError naming the
 * field; faults of single points reject that point only. `oldest` = earliest ts still kept (retention).
 */
export function parseBatch(body: unknown, receivedAt: number, oldest: number): ParsedBatch {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BatchError("", "请求内容应为 JSON 对象 {ts, points}");
  const b = body as { ts?: unknown; points?: unknown };
  let batchTs = receivedAt;
  if (b.ts !== undefined) {
    batchTs = parseTs(b.ts);
    if (Number.isNaN(batchTs)) throw new BatchError("ts", "ts 应为 ISO-8601 时间或毫秒时间戳");
  }
  if (!Array.isArray(b.points)) throw new BatchError("points", "points 应为数组");
  if (b.points.length > MAX_POINTS_PER_BATCH) throw new BatchError("points", `每批最多 ${MAX_POINTS_PER_BATCH} 个数据点`);
  const points: RawPoint[] = [];
  const rejected: ParsedBatch["rejected"] = [];
  for (let i = 0; i < b.points.length; i++) {
    const p = b.points[i] as { tag?: unknown; value?: unknown; quality?: unknown; ts?: unknown } | null;
    if (typeof p !== "object" || p === null) {
      rejected.push({ index: i, reason: "数据点应为对象" });
      continue;
    }
    if (typeof p.tag !== "string" || p.tag.length === 0 || p.tag.length > 128) {
      rejected.push({ index: i, reason: "tag 无效" });
      continue;
    }
    if (typeof p.value !== "number" || !Number.isFinite(p.value)) {
      rejected.push({ index: i, reason: "value 应为数值" });
      continue;
    }
    let quality: 0 | 1 = 0;
    if (p.quality !== undefined) {
      if (p.quality === "bad") quality = 1;
      else if (p.quality !== "good") {
        rejected.push({ index: i, reason: "quality 应为 good 或 bad" });
        continue;
      }
    }
    let ts = batchTs;
    if (p.ts !== undefined) {
      ts = parseTs(p.ts);
      if (Number.isNaN(ts)) {
        rejected.push({ index: i, reason: "ts 无效" });
        continue;
      }
    }
    if (ts > receivedAt + MAX_FUTURE_MS) {
      rejected.push({ index: i, reason: "时间超前于服务器时间" });
      continue;
    }
    if (ts < oldest) {
      rejected.push({ index: i, reason: "时间早于数据保存期限" });
      continue;
    }
    points.push({ tag: p.tag, ts, value: p.value, quality });
  }
  return { points, rejected };
}

/**
 * The ingest writer: one queue, one batch at a time. Readings of many gateway batches go out in one multi-row
 * INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING (a redelivered point is stored once), in the same transaction
 * as the alarm effects they caused; a gateway's batch is acknowledged only when that transaction has committed.
 * A failing database is retried with back-off and nothing queued is dropped; producers wait for room (MQTT stops
 * reading from the socket) or are told to come back (HTTP 503), so memory stays bounded.
 */
import { alarmSeverity, type LimitLevel } from "@anguan/domain";
import type { Database } from "../../db/client";
import type { SensorEffect, SensorEntry } from "./engine";
import { ensureReadingPartitions } from "./partitions";
import { type RawQuery, withRawTransaction } from "./rawDb";

export interface WriteJob {
  sensorIds: number[];
  ts: number[];
  values: number[];
  qualities: number[];
  effects: SensorEffect[];
  /** sensor_state rows to upsert (the periodic state flush), snapshotted when queued. */
  states?: StateSnapshot[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface WriterOptions {
  database: Database;
  maxPending: number;
  batchMax: number;
  flushMs: number;
  /** Batches of readings written at once (PostgreSQL server only; default 1). */
  concurrency?: number;
  /** After a commit: the alarms touched and the stored points (for the live channel). */
  onCommitted: (alarmIds: string[], jobs: readonly WriteJob[]) => void;
  log: (msg: string, err?: unknown) => void;
}

export interface WriterStats {
  stored: number;
  batches: number;
  failures: number;
  pending: number;
  queued: number;
}

/** A sensor's engine state as of the moment it was queued (FIFO: never ahead of the stored points). */
export interface StateSnapshot {
  id: number;
  lastTs: number | null;
  lastValue: number | null;
  lastQuality: number | null;
  engine: string;
}

export function snapshotOf(s: SensorEntry): StateSnapshot {
  const { level, pending, rateActive, badActive, offline, lastTs, lastValue, lastQuality } = s.state;
  return { id: s.id, lastTs, lastValue, lastQuality, engine: JSON.stringify({ level, pending, rateActive, badActive, offline }) };
}

const RANK: Record<string, number> = { h: 1, l: 1, hh: 2, ll: 2 };

export class IngestWriter {
  private queue: WriteJob[] = [];
  private pendingPoints = 0;
  private inflight = 0;
  private barrierRunning = false;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  private closed = false;
  private retryDelay = 0;
  stats: WriterStats = { stored: 0, batches: 0, failures: 0, pending: 0, queued: 0 };

  constructor(private readonly o: WriterOptions) {
    // PGlite is one connection: one batch at a time.
    this.concurrency = o.database.kind === "pglite" ? 1 : Math.max(1, o.concurrency ?? 1);
  }

  get pending(): number {
    return this.pendingPoints;
  }

  /** Is there room for `n` more points? (An empty queue always takes a batch, however large.) */
  hasRoom(n: number): boolean {
    return this.pendingPoints === 0 || this.pendingPoints + n <= this.o.maxPending;
  }

  /** Resolves once there is room for `n` points. */
  async whenRoom(n: number): Promise<void> {
    while (!this.hasRoom(n)) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Queues a job; the promise settles when it is stored (or the writer is closed). */
  submit(job: Omit<WriteJob, "resolve" | "reject">): Promise<void> {
    if (this.closed) return Promise.reject(new Error("ingest writer closed"));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...job, resolve, reject });
      this.pendingPoints += job.sensorIds.length;
      this.schedule();
    });
  }

  private schedule() {
    if (this.timer || !this.queue.length || this.barrierRunning || this.inflight >= this.concurrency) return;
    const size = this.queuedPoints();
    const delay = this.retryDelay || (size >= this.o.batchMax ? 0 : this.o.flushMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, delay);
  }

  private queuedPoints() {
    let n = 0;
    for (const j of this.queue) n += j.sensorIds.length;
    return n;
  }

  /**
   * Starts batches while there is room: up to `concurrency` batches of readings at once (their order does not
   * matter: readings are keyed by sensor and time). A batch carrying alarm changes or engine state is a barrier: it
   * starts when everything queued before it has committed, and nothing starts while it runs — alarm changes are
   * applied in the order they were evaluated, and a state snapshot is never stored ahead of the points it covers.
   */
  private pump() {
    while (this.queue.length && !this.barrierRunning && this.inflight < this.concurrency) {
      const barrier = isBarrier(this.queue[0]!);
      if (barrier && this.inflight > 0) return; // the batches in flight end by calling schedule()
      let n = 0;
      let k = 0;
      while (k < this.queue.length && (k === 0 || n + this.queue[k]!.sensorIds.length <= this.o.batchMax)) {
        if (k > 0 && !barrier && isBarrier(this.queue[k]!)) break;
        n += this.queue[k++]!.sensorIds.length;
      }
      const jobs = this.queue.splice(0, k);
      this.inflight++;
      if (barrier) this.barrierRunning = true;
      void this.flush(jobs, n, barrier);
    }
  }

  private async flush(jobs: WriteJob[], n: number, barrier: boolean) {
    let alarmIds: string[] | null = null;
    try {
      alarmIds = await this.write(jobs);
    } catch (err) {
      this.stats.failures++;
      this.retryDelay = Math.min(5000, Math.max(100, this.retryDelay * 2));
      this.o.log(`telemetry: storing ${n} points failed, retrying in ${this.retryDelay} ms`, err);
      if (this.closed) {
        this.pendingPoints -= n;
        for (const j of jobs) j.reject(err);
      } else this.queue.unshift(...jobs); // back at the head, tried again after the back-off
    } finally {
      this.inflight--;
      if (barrier) this.barrierRunning = false;
    }
    if (alarmIds) {
      this.retryDelay = 0;
      this.pendingPoints -= n;
      this.stats.stored += n;
      this.stats.batches++;
      for (const j of jobs) j.resolve();
      try {
        this.o.onCommitted(alarmIds, jobs);
      } catch (err) {
        this.o.log("telemetry: live push failed", err);
      }
      const w = this.waiters.splice(0);
      for (const r of w) r();
    }
    this.stats.pending = this.pendingPoints;
    this.stats.queued = this.queue.length;
    this.schedule();
  }

  private async write(jobs: readonly WriteJob[]): Promise<string[]> {
    const sensorIds: number[] = [];
    const ts: number[] = [];
    const values: number[] = [];
    const qualities: number[] = [];
    const effects: SensorEffect[] = [];
    const states: StateSnapshot[] = [];
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const j of jobs) {
      for (let i = 0; i < j.sensorIds.length; i++) {
        sensorIds.push(j.sensorIds[i]!);
        const t = j.ts[i]!;
        ts.push(t);
        if (t < min) min = t;
        if (t > max) max = t;
        values.push(j.values[i]!);
        qualities.push(j.qualities[i]!);
      }
      for (const e of j.effects) effects.push(e);
      if (j.states) for (const s of j.states) states.push(s);
    }
    if (sensorIds.length) await ensureReadingPartitions(this.o.database.db, min, max);
    return withRawTransaction(this.o.database, async (q) => {
      if (sensorIds.length) {
        await q.query(
          `INSERT INTO readings (sensor_id, ts, value, quality)
           SELECT s, timestamptz 'epoch' + t * interval '1 millisecond', v, qu FROM unnest($1::int4[], $2::int8[], $3::float8[], $4::int2[]) AS x(s, t, v, qu)
           ON CONFLICT DO NOTHING`,
          [arrayLiteral(sensorIds), arrayLiteral(ts), arrayLiteral(values), arrayLiteral(qualities)],
        );
      }
      const touched = effects.length ? await applyEffects(q, effects) : [];
      if (states.length) await upsertStates(q, states);
      return touched;
    });
  }

  /** Stops taking jobs; waits (bounded) for the queue to drain. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    const until = Date.now() + timeoutMs;
    while ((this.queue.length || this.inflight) && Date.now() < until) {
      if (!this.inflight && !this.timer) this.pump();
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.timer) clearTimeout(this.timer);
    for (const j of this.queue.splice(0)) j.reject(new Error("ingest writer closed"));
    for (const r of this.waiters.splice(0)) r();
  }
}

/**
 * A numeric array as PostgreSQL's text form ('{1,2,3}'): one join instead of the drivers' per-element conversion,
 * which is a large part of the CPU per point at tens of thousands of points a second.
 */
function arrayLiteral(xs: readonly number[]): string {
  return `{${xs.join(",")}}`;
}

const isBarrier = (j: WriteJob) => j.effects.length > 0 || (j.states?.length ?? 0) > 0;

const SYSTEM = "监测系统";

/**
 * Applies alarm effects in order. One open alarm per (sensor, kind) (partial unique index): a raise while one is open
 * and active changes nothing (idempotent under redelivery); while open but returned it is a recurrence; a worse limit
 * level updates the level and colour. Returns the ids of alarms that changed.
 */
export async function applyEffects(q: RawQuery, effects: readonly SensorEffect[]): Promise<string[]> {
  const touched = new Set<string>();
  for (const e of effects) {
    const s = e.sensor;
    const at = new Date(e.at).toISOString();
    const [open] = (
      await q.query(
        `SELECT id, status, level, severity, condition_active AS "conditionActive", peak_value AS "peakValue" FROM alarms
         WHERE sensor_id = $1 AND kind = $2 AND status <> 'cleared' FOR UPDATE`,
        [s.id, e.kind],
      )
    ).rows as { id: string; status: string; level: string | null; severity: string; conditionActive: boolean; peakValue: number | null }[];
    if (e.type === "return") {
      if (!open?.conditionActive) continue;
      await q.query(
        `UPDATE alarms SET condition_active = false, returned_at = $2, last_value = COALESCE($3, last_value), version = version + 1, updated_at = now() WHERE id = $1`,
        [open.id, at, e.value],
      );
      await event(q, open.id, s.enterpriseId, at, "return", open.status, "测点恢复正常", { value: e.value });
      touched.add(open.id);
      continue;
    }
    const severity = alarmSeverity(e.kind, e.level, s.sourceGrade);
    if (!open) {
      const r = await q.query(
        `INSERT INTO alarms (sensor_id, enterprise_id, region_path, sector, unit_id, kind, level, severity, raised_at, first_value, last_value, peak_value, limit_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $11)
         ON CONFLICT DO NOTHING RETURNING id`,
        [s.id, s.enterpriseId, s.regionPath, s.sector, s.unitId, e.kind, e.level, severity, at, e.value, e.limit],
      );
      const id = r.rows[0]?.id as string | undefined;
      if (id) {
        await event(q, id, s.enterpriseId, at, "raise", null, "", { value: e.value, limit: e.limit, level: e.level });
        touched.add(id);
      }
      continue;
    }
    const worse = e.level !== null && (open.level === null || (RANK[e.level] ?? 0) > (RANK[open.level] ?? 0));
    if (open.conditionActive && !worse) continue; // the same condition again: nothing new
    const peak = peakOf(open.peakValue, e.value, e.level);
    await q.query(
      `UPDATE alarms SET condition_active = true, returned_at = NULL, last_value = COALESCE($2, last_value), peak_value = $3,
         occurrences = occurrences + $4, level = COALESCE($5, level), severity = $6, limit_value = COALESCE($7, limit_value),
         version = version + 1, updated_at = now() WHERE id = $1`,
      [open.id, e.value, peak, open.conditionActive ? 0 : 1, worse ? e.level : null, worstSeverity(open.severity, severity), worse ? e.limit : null],
    );
    await event(q, open.id, s.enterpriseId, at, open.conditionActive ? "worsen" : "recur", open.status, "", { value: e.value, level: e.level });
    touched.add(open.id);
  }
  return [...touched];
}

/** The colour stays the worst seen while the alarm is open. */
const SEV_RANK: Record<string, number> = { blue: 0, yellow: 1, orange: 2, red: 3 };
const worstSeverity = (a: string, b: string) => ((SEV_RANK[b] ?? 0) > (SEV_RANK[a] ?? 0) ? b : a);

function peakOf(peak: number | null, value: number | null, level: LimitLevel | null): number | null {
  if (value === null) return peak;
  if (peak === null) return value;
  return level === "l" || level === "ll" ? Math.min(peak, value) : Math.max(peak, value);
}

async function event(q: RawQuery, alarmId: string, enterpriseId: string, at: string, action: string, status: string | null, comment: string, data: unknown) {
  await q.query(
    `INSERT INTO alarm_events (alarm_id, enterprise_id, at, actor_id, actor_name, action, from_status, to_status, comment, data) VALUES ($1, $2, $3, NULL, $4, $5, $6, $6, $7, $8)`,
    [alarmId, enterpriseId, at, SYSTEM, action, status, comment, JSON.stringify(data)],
  );
}

async function upsertStates(q: RawQuery, states: readonly StateSnapshot[]) {
  const ids: number[] = [];
  const ts: (number | null)[] = [];
  const values: (number | null)[] = [];
  const qualities: (number | null)[] = [];
  const engines: string[] = [];
  for (const s of states) {
    ids.push(s.id);
    ts.push(s.lastTs);
    values.push(s.lastValue);
    qualities.push(s.lastQuality);
    engines.push(s.engine);
  }
  await q.query(
    `INSERT INTO sensor_state (sensor_id, last_ts, last_value, last_quality, engine, updated_at)
     SELECT i, CASE WHEN t IS NULL THEN NULL ELSE timestamptz 'epoch' + t * interval '1 millisecond' END, v, qu, e::jsonb, now()
     FROM unnest($1::int4[], $2::int8[], $3::float8[], $4::int2[], $5::text[]) AS x(i, t, v, qu, e)
     WHERE EXISTS (SELECT 1 FROM sensors WHERE sensors.id = x.i)
     ON CONFLICT (sensor_id) DO UPDATE SET last_ts = excluded.last_ts, last_value = excluded.last_value,
       last_quality = excluded.last_quality, engine = excluded.engine, updated_at = excluded.updated_at`,
    [ids, ts, values, qualities, engines],
  );
}

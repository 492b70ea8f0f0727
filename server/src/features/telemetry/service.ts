/**
 * The monitoring runtime of one server: alarm engine, ingest writer, live hub, MQTT (embedded broker or external
 * subscriber) and the periodic work (offline check, state flush, partitions ahead and retention).
 */
import crypto from "node:crypto";
import os from "node:os";
import { sql } from "drizzle-orm";
import type { Config } from "../../config";
import type { Database } from "../../db/client";
import { verifyPassword } from "../../platform/auth";
import { loadLiveAlarms } from "../alarms/present";
import { BatchError, parseBatch } from "./batch";
import { type BrokerHandle, startEmbeddedBroker, startExternalSubscriber } from "./broker";
import { AlarmEngine, type CurrentState, currentStateOf, type GatewayEntry } from "./engine";
import { LiveHub } from "./live";
import { dropExpiredReadingPartitions, ensureReadingPartitions, retentionCutoff } from "./partitions";
import type { MonitoringRuntime } from "./runtime";
import { IngestWriter, snapshotOf, type WriteJob } from "./writer";

export interface IngestResult {
  accepted: number;
  unknownTags: string[];
  rejected: { index: number; reason: string }[];
}

export class IngestBusyError extends Error {}
export class GatewayAuthError extends Error {}

export interface MonitoringOptions {
  config: Config;
  database: Database;
  now: () => Date;
  log: (msg: string, err?: unknown) => void;
  /** Start MQTT (embedded broker or external subscriber) — default per config. */
  mqtt?: boolean;
  /** Periodic timers (offline check every 5 s, state flush every 2 s); tests may drive them by hand. */
  timers?: boolean;
}

const DAY = 86_400_000;

export class MonitoringService implements MonitoringRuntime {
  readonly engine = new AlarmEngine();
  readonly live = new LiveHub();
  readonly writer: IngestWriter;
  broker: BrokerHandle | null = null;
  private timers: NodeJS.Timeout[] = [];
  private credentialCache = new Map<string, string>();
  private loading: Promise<void> | null = null;
  stats = { messages: 0, points: 0, rejectedPoints: 0, unknownPoints: 0, badMessages: 0 };

  constructor(private readonly o: MonitoringOptions) {
    const c = o.config;
    this.writer = new IngestWriter({
      database: o.database,
      maxPending: c.INGEST_MAX_PENDING,
      batchMax: c.INGEST_BATCH_MAX,
      flushMs: c.INGEST_FLUSH_MS,
      concurrency: c.INGEST_WRITERS,
      log: o.log,
      onCommitted: (ids, jobs) => this.afterCommit(ids, jobs),
    });
  }

  async start(): Promise<void> {
    const now = this.o.now();
    await ensureReadingPartitions(this.o.database.db, now.getTime() - DAY, now.getTime() + 2 * DAY);
    await this.engine.load(this.o.database.db, now.getTime());
    await this.startFanout();
    if (this.o.timers ?? true) {
      this.every(5000, () => this.checkOffline());
      this.every(2000, () => this.flushStates());
      this.every(10_000, () => this.flushGatewaysSeen());
      this.every(3600_000, () => this.housekeeping());
    }
    const c = this.o.config;
    if (this.o.mqtt ?? c.MQTT_ENABLED) {
      const ingest = {
        authenticate: (id: string, pw: string) => this.authenticate(id, pw),
        ingestMessage: (id: string, payload: Buffer) => this.ingestMessage(id, payload),
        log: this.o.log,
      };
      this.broker = c.MQTT_URL
        ? await startExternalSubscriber(c.MQTT_URL, c.MQTT_SUBSCRIBERS, c.MQTT_CLIENT_ID ?? `anguan-ingest-${os.hostname()}`, ingest)
        : await startEmbeddedBroker(c.MQTT_HOST, c.MQTT_PORT, ingest);
    }
  }

  /**
   * Several nodes on one PostgreSQL: an alarm raised or handled on one node reaches the live screens connected to the
   * others through LISTEN/NOTIFY (the payload is the alarm id; each node loads it and checks its subscribers' scope).
   */
  private async startFanout(): Promise<void> {
    const pool = this.o.database.pool;
    if (!pool) return; // PGlite: one process
    const client = await pool.connect();
    const node = this.nodeId;
    client.on("notification", (n) => {
      if (n.channel !== "anguan_live" || !n.payload) return;
      const [from, id] = n.payload.split(":");
      if (from === node || !id) return;
      loadLiveAlarms(this.o.database.db, [id])
        .then((list) => {
          for (const a of list) this.live.deliver(a);
        })
        .catch((err) => this.o.log("live: relayed alarm not loaded", err));
    });
    client.on("error", (err) => this.o.log("live: LISTEN connection failed", err));
    await client.query("LISTEN anguan_live");
    this.live.onLocalPublish = (a) => {
      pool.query("SELECT pg_notify('anguan_live', $1)", [`${node}:${a.id}`]).catch((err) => this.o.log("live: NOTIFY failed", err));
    };
    this.releaseFanout = () => client.release(true);
  }

  private readonly nodeId = crypto.randomBytes(6).toString("hex");
  private releaseFanout: (() => void) | null = null;

  private every(ms: number, fn: () => Promise<unknown>) {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      fn()
        .catch((err) => this.o.log("monitoring: periodic task failed", err))
        .finally(() => {
          busy = false;
        });
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  async reloadSensors(): Promise<void> {
    // Coalesce concurrent reloads; a reload during another starts after it.
    const prev = this.loading ?? Promise.resolve();
    const next = prev.then(() => this.engine.load(this.o.database.db, this.o.now().getTime()));
    this.loading = next.finally(() => {
      if (this.loading === next) this.loading = null;
    });
    await next;
  }

  /** Gateway credentials (argon2 verified once per password, then remembered by SHA-256 until the hash changes). */
  async authenticate(gatewayId: string, password: string): Promise<boolean> {
    const gw = this.engine.gateways.get(gatewayId);
    if (!gw?.enabled || !password) return false;
    const key = crypto.createHash("sha256").update(`${gatewayId}\u0000${password}`).digest("hex");
    if (this.credentialCache.get(key) === gw.passwordHash) return true;
    const ok = await verifyPassword(gw.passwordHash, password);
    if (ok) this.credentialCache.set(key, gw.passwordHash);
    return ok;
  }

  /** One MQTT message: waits for room, stores, resolves (→ PUBACK). A message that can never be stored is dropped (acknowledged) and counted. */
  async ingestMessage(gatewayId: string, payload: Buffer): Promise<void> {
    this.stats.messages++;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString("utf8"));
    } catch {
      this.stats.badMessages++;
      return;
    }
    try {
      await this.ingest(gatewayId, body, { wait: true });
    } catch (err) {
      if (err instanceof BatchError || err instanceof GatewayAuthError) {
        this.stats.badMessages++;
        return;
      }
      throw err;
    }
  }

  /**
   * Validates, evaluates and stores one batch. `wait`: wait for room (MQTT) rather than refuse (HTTP → 503).
   * Throws BatchError (bad body), GatewayAuthError (unknown or disabled gateway), IngestBusyError.
   */
  async ingest(gatewayId: string, body: unknown, opts: { wait: boolean }): Promise<IngestResult> {
    const gw = this.engine.gateways.get(gatewayId);
    if (!gw?.enabled) throw new GatewayAuthError(`网关 ${gatewayId} 未登记或已停用`);
    const now = this.o.now();
    const parsed = parseBatch(body, now.getTime(), retentionCutoff(now, this.o.config.READINGS_RETENTION_DAYS));
    const n = parsed.points.length;
    if (!this.writer.hasRoom(n)) {
      if (!opts.wait) throw new IngestBusyError("数据接入繁忙，请稍后重试");
      await this.writer.whenRoom(n);
    }
    const result = await this.evaluateAndStore(gw, parsed);
    this.gatewaySeen.set(gatewayId, now.getTime());
    return result;
  }

  /** Gateways heard from since the last flush (→ gateways.last_seen_at, written every 10 s). */
  private gatewaySeen = new Map<string, number>();

  async flushGatewaysSeen(): Promise<number> {
    if (!this.gatewaySeen.size) return 0;
    const seen = this.gatewaySeen;
    this.gatewaySeen = new Map();
    const ids = [...seen.keys()];
    const at = ids.map((id) => new Date(seen.get(id)!).toISOString());
    await this.o.database.db.execute(
      sql`UPDATE gateways g SET last_seen_at = x.at FROM unnest(${`{${ids.map((i) => `"${i}"`).join(",")}}`}::text[], ${`{${at.map((a) => `"${a}"`).join(",")}}`}::timestamptz[]) AS x(id, at) WHERE g.id = x.id AND (g.last_seen_at IS NULL OR g.last_seen_at < x.at)`,
    );
    return ids.length;
  }

  private async evaluateAndStore(gw: GatewayEntry, parsed: ReturnType<typeof parseBatch>): Promise<IngestResult> {
    // Evaluation and queueing happen in one synchronous step: the writer stores in the order evaluated.
    const r = this.engine.evaluate(gw, parsed.points);
    const ts = r.known.map((p) => p.ts);
    const values = r.known.map((p) => p.value);
    const qualities = r.known.map((p) => p.quality);
    this.stats.points += r.known.length;
    this.stats.rejectedPoints += parsed.rejected.length;
    this.stats.unknownPoints += parsed.points.length - r.known.length;
    if (r.known.length || r.effects.length) {
      await this.writer.submit({ sensorIds: r.sensorIds, ts, values, qualities, effects: r.effects });
    }
    return { accepted: r.known.length, unknownTags: r.unknownTags, rejected: parsed.rejected };
  }

  async checkOffline(): Promise<number> {
    const effects = this.engine.checkOffline(this.o.now().getTime());
    if (effects.length) await this.writer.submit({ sensorIds: [], ts: [], values: [], qualities: [], effects });
    return effects.length;
  }

  /** Writes changed engine state to `sensor_state` (what a restart restores). */
  async flushStates(): Promise<number> {
    const dirty = this.engine.takeDirty(10_000);
    if (!dirty.length) return 0;
    await this.writer.submit({ sensorIds: [], ts: [], values: [], qualities: [], effects: [], states: dirty.map(snapshotOf) });
    return dirty.length;
  }

  async housekeeping(): Promise<void> {
    const now = this.o.now();
    await ensureReadingPartitions(this.o.database.db, now.getTime(), now.getTime() + 2 * DAY);
    const dropped = await dropExpiredReadingPartitions(this.o.database.db, now, this.o.config.READINGS_RETENTION_DAYS);
    if (dropped.length) this.o.log(`readings: dropped ${dropped.join(", ")} (older than ${this.o.config.READINGS_RETENTION_DAYS} days)`);
  }

  /** Current value and state of sensors from the engine (null for sensors it does not watch). */
  current(sensorIds: readonly number[]): Map<number, { ts: string | null; value: number | null; quality: number | null; state: CurrentState }> {
    const out = new Map<number, { ts: string | null; value: number | null; quality: number | null; state: CurrentState }>();
    for (const id of sensorIds) {
      const s = this.engine.sensorsById.get(id);
      if (!s) continue;
      out.set(id, {
        ts: s.state.lastTs === null ? null : new Date(s.state.lastTs).toISOString(),
        value: s.state.lastValue,
        quality: s.state.lastQuality,
        state: currentStateOf(s.state),
      });
    }
    return out;
  }

  private afterCommit(alarmIds: string[], jobs: readonly WriteJob[]) {
    if (alarmIds.length) {
      loadLiveAlarms(this.o.database.db, alarmIds)
        .then((list) => {
          for (const a of list) this.live.publishAlarm(a);
        })
        .catch((err) => this.o.log("live: loading alarms failed", err));
    }
    if (!this.live.size) return;
    for (const j of jobs) {
      for (let i = 0; i < j.sensorIds.length; i++) {
        const s = this.engine.sensorsById.get(j.sensorIds[i]!);
        // Only a sensor's newest value (a late or redelivered point is stored, not shown as current).
        if (!s || j.ts[i]! < (s.state.lastTs ?? 0) || !this.live.watches(s.enterpriseId)) continue;
        this.live.noteValue(s.enterpriseId, {
          sensorId: s.id,
          ts: new Date(j.ts[i]!).toISOString(),
          value: j.values[i]!,
          quality: j.qualities[i]!,
          state: currentStateOf(s.state),
        });
      }
    }
  }

  private stopped = false;

  /** Stops taking messages, stores what was queued, ends the live streams. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    // Stop taking messages first, then store what was queued (its PUBACKs go out or the gateways resend).
    const broker = this.broker;
    this.broker = null;
    const closing = broker?.close().catch((err) => this.o.log("mqtt: close failed", err));
    await this.flushStates().catch(() => {});
    await this.flushGatewaysSeen().catch(() => {});
    await this.writer.close();
    await closing;
    this.live.close();
    this.releaseFanout?.();
    this.releaseFanout = null;
  }
}

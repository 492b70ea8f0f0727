/**
 * The alarm engine at run time: every enabled sensor's configuration and state in memory (restored from
 * `sensor_state` and the open alarms at start), evaluating each point in arrival order with the domain rules.
 */
import { sql } from "drizzle-orm";
import { type AlarmEffect, checkOffline, evaluatePoint, initialEngineState, type LimitLevel, type SensorEngineState, type SensorLimits } from "@anguan/domain";
import type { Queryable } from "../../db/client";

export interface SensorEntry {
  id: number;
  gatewayId: string;
  tag: string;
  enterpriseId: string;
  regionPath: string;
  sector: string;
  unitId: string | null;
  /** The unit's GB 18218 grade (1–4) when it is a major hazard source: decides the warning colour. */
  sourceGrade: number | null;
  limits: SensorLimits;
  state: SensorEngineState;
  /** When watching began (registration or engine start): the offline baseline before the first point. */
  since: number;
  /** State changed since the last flush to `sensor_state`. */
  dirty: boolean;
}

export interface GatewayEntry {
  id: string;
  enabled: boolean;
  passwordHash: string;
  sensors: Map<string, SensorEntry>;
}

export type SensorEffect = AlarmEffect & { sensor: SensorEntry };

export type CurrentState = "normal" | "h" | "hh" | "l" | "ll" | "bad" | "offline" | "unknown";

export function currentStateOf(s: SensorEngineState): CurrentState {
  if (s.offline) return "offline";
  if (s.lastTs === null) return "unknown";
  if (s.badActive) return "bad";
  return s.level ?? "normal";
}

export class AlarmEngine {
  gateways = new Map<string, GatewayEntry>();
  sensorsById = new Map<number, SensorEntry>();

  /** (Re)loads configuration; keeps the in-memory state of sensors that still exist, restores the others. */
  async load(db: Queryable, now: number): Promise<void> {
    const gws = (await db.execute(sql`SELECT id, enabled, password_hash AS "passwordHash" FROM gateways`)).rows as {
      id: string;
      enabled: boolean;
      passwordHash: string;
    }[];
    const rows = (
      await db.execute(sql`
        SELECT s.id, s.gateway_id AS "gatewayId", s.tag, s.enterprise_id AS "enterpriseId", s.region_path AS "regionPath", s.sector,
               s.unit_id AS "unitId", CASE WHEN u.is_major THEN u.grade END AS "sourceGrade",
               s.hh, s.h, s.l, s.ll, s.deadband, s.delay_seconds AS "delaySeconds", s.rate_limit AS "rateLimit",
               s.period_seconds AS "periodSeconds", s.offline_after_seconds AS "offlineAfterSeconds",
               extract(epoch FROM s.created_at) * 1000 AS "createdMs",
               st.last_ts AS "lastTs", st.last_value AS "lastValue", st.last_quality AS "lastQuality", st.engine
        FROM sensors s
        LEFT JOIN hazard_units u ON u.id = s.unit_id
        LEFT JOIN sensor_state st ON st.sensor_id = s.id
        WHERE s.enabled`)
    ).rows as Record<string, unknown>[];
    const open = (await db.execute(sql`SELECT sensor_id AS "sensorId", kind, level FROM alarms WHERE status <> 'cleared' AND condition_active`)).rows as {
      sensorId: number;
      kind: string;
      level: string | null;
    }[];
    const openBySensor = new Map<number, { kind: string; level: string | null }[]>();
    for (const a of open) {
      const l = openBySensor.get(Number(a.sensorId)) ?? [];
      l.push(a);
      openBySensor.set(Number(a.sensorId), l);
    }
    const gateways = new Map<string, GatewayEntry>();
    for (const g of gws) gateways.set(g.id, { id: g.id, enabled: g.enabled, passwordHash: g.passwordHash, sensors: new Map() });
    const byId = new Map<number, SensorEntry>();
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    for (const r of rows) {
      const id = Number(r.id);
      const gw = gateways.get(r.gatewayId as string);
      if (!gw) continue;
      const limits: SensorLimits = {
        hh: num(r.hh),
        h: num(r.h),
        l: num(r.l),
        ll: num(r.ll),
        deadband: Number(r.deadband ?? 0),
        delaySeconds: Number(r.delaySeconds ?? 0),
        rateLimit: num(r.rateLimit),
        periodSeconds: Number(r.periodSeconds ?? 10),
        offlineAfterSeconds: num(r.offlineAfterSeconds),
      };
      const prev = this.sensorsById.get(id);
      let state: SensorEngineState;
      let since: number;
      if (prev) {
        state = prev.state;
        since = prev.since;
      } else {
        state = restoreState(r, openBySensor.get(id) ?? []);
        // Never report offline for the time the engine itself was down: watching starts now at the earliest.
        since = Math.max(Number(r.createdMs ?? now), now);
      }
      const entry: SensorEntry = {
        id,
        gatewayId: gw.id,
        tag: r.tag as string,
        enterpriseId: r.enterpriseId as string,
        regionPath: r.regionPath as string,
        sector: r.sector as string,
        unitId: (r.unitId as string | null) ?? null,
        sourceGrade: num(r.sourceGrade),
        limits,
        state,
        since,
        dirty: prev?.dirty ?? false,
      };
      gw.sensors.set(entry.tag, entry);
      byId.set(id, entry);
    }
    this.gateways = gateways;
    this.sensorsById = byId;
  }

  /** Evaluates points of one gateway in order; returns the sensor id of each known point and the effects. */
  evaluate(gw: GatewayEntry, points: readonly { tag: string; ts: number; value: number; quality: 0 | 1 }[]) {
    const sensorIds: number[] = [];
    const known: typeof points = [];
    const unknownTags = new Set<string>();
    const effects: SensorEffect[] = [];
    for (const p of points) {
      const s = gw.sensors.get(p.tag);
      if (!s) {
        unknownTags.add(p.tag);
        continue;
      }
      sensorIds.push(s.id);
      (known as { tag: string; ts: number; value: number; quality: 0 | 1 }[]).push(p);
      const r = evaluatePoint(s.limits, s.state, p);
      if (r.state !== s.state) {
        s.state = r.state;
        s.dirty = true;
      }
      for (const e of r.effects) effects.push({ ...e, sensor: s });
    }
    return { sensorIds, known, unknownTags: [...unknownTags], effects };
  }

  /** The offline check over every sensor. */
  checkOffline(now: number): SensorEffect[] {
    const effects: SensorEffect[] = [];
    for (const s of this.sensorsById.values()) {
      const since = Math.max(s.since, 0);
      const r = checkOffline(s.limits, s.state, now, since);
      if (r.effects.length) {
        s.state = r.state;
        s.dirty = true;
        for (const e of r.effects) effects.push({ ...e, sensor: s });
      }
    }
    return effects;
  }

  /** Sensors whose state changed since the last call (their dirty flag is reset). */
  takeDirty(limit = Number.POSITIVE_INFINITY): SensorEntry[] {
    const out: SensorEntry[] = [];
    for (const s of this.sensorsById.values()) {
      if (!s.dirty) continue;
      s.dirty = false;
      out.push(s);
      if (out.length >= limit) break;
    }
    return out;
  }

  dirtyCount(): number {
    let n = 0;
    for (const s of this.sensorsById.values()) if (s.dirty) n++;
    return n;
  }
}

/** A sensor's state at start: the last point from `sensor_state`, the active conditions from its open alarms. */
function restoreState(r: Record<string, unknown>, open: { kind: string; level: string | null }[]): SensorEngineState {
  const s = initialEngineState();
  if (r.lastTs) s.lastTs = new Date(r.lastTs as string | Date).getTime();
  if (r.lastValue !== null && r.lastValue !== undefined) s.lastValue = Number(r.lastValue);
  if (r.lastQuality !== null && r.lastQuality !== undefined) s.lastQuality = Number(r.lastQuality) === 1 ? 1 : 0;
  const engine = (r.engine ?? {}) as { pending?: SensorEngineState["pending"]; level?: LimitLevel | null };
  s.pending = engine.pending ?? null;
  for (const a of open) {
    if (a.kind === "limit") s.level = (engine.level ?? a.level) as LimitLevel;
    if (a.kind === "rate") s.rateActive = true;
    if (a.kind === "bad_quality") s.badActive = true;
    if (a.kind === "offline") s.offline = true;
  }
  return s;
}

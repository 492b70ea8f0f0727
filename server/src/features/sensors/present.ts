/**
 * Sensors as the API shows them: configuration with enterprise and unit names, and the current value and state from
 * `sensor_state` (the engine's persisted state) and the open offline alarm.
 */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { offlineAfterMs } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazardUnits, sensors, sensorState } from "../../db/schema";

export type SensorStateCode = "normal" | "h" | "hh" | "l" | "ll" | "bad" | "offline" | "unknown";
export const SENSOR_STATES: readonly SensorStateCode[] = ["normal", "h", "hh", "l", "ll", "bad", "offline", "unknown"];

export interface SensorCurrent {
  ts: string | null;
  value: number | null;
  quality: "good" | "bad" | null;
  state: SensorStateCode;
}

interface EngineJson {
  level?: string | null;
  badActive?: boolean;
  offline?: boolean;
}

/**
 * The current state of a sensor. Offline: an offline alarm whose condition holds, the engine's own flag, or no data
 * for longer than the allowed time (the periodic check may not have run yet). Then bad quality, then the limit level.
 */
export function currentOf(
  cfg: { periodSeconds: number; offlineAfterSeconds: number | null },
  st: { lastTs: Date | null; lastValue: number | null; lastQuality: number | null; engine: unknown } | null,
  offlineActive: boolean,
  now: Date,
): SensorCurrent | null {
  if (!st?.lastTs) return offlineActive ? { ts: null, value: null, quality: null, state: "offline" } : null;
  const engine = (st.engine ?? {}) as EngineJson;
  const quality = st.lastQuality === 1 ? "bad" : "good";
  const base = { ts: st.lastTs.toISOString(), value: st.lastValue, quality } as const;
  if (offlineActive || engine.offline || now.getTime() - st.lastTs.getTime() > offlineAfterMs(cfg)) return { ...base, state: "offline" };
  if (st.lastQuality === 1 || engine.badActive) return { ...base, state: "bad" };
  const level = engine.level;
  if (level === "h" || level === "hh" || level === "l" || level === "ll") return { ...base, state: level };
  return { ...base, state: "normal" };
}

/** An offline alarm whose condition still holds, for the sensor of the outer query. */
export const offlineActiveSql = sql<boolean>`EXISTS (SELECT 1 FROM alarms oa WHERE oa.sensor_id = ${sensors.id} AND oa.kind = 'offline' AND oa.condition_active AND oa.status <> 'cleared')`;

export async function selectSensors(db: Queryable, where: SQL | undefined, opts: { limit?: number; offset?: number } = {}) {
  const q = db
    .select({
      s: sensors,
      enterpriseName: enterprises.name,
      unitName: hazardUnits.name,
      lastTs: sensorState.lastTs,
      lastValue: sensorState.lastValue,
      lastQuality: sensorState.lastQuality,
      engine: sensorState.engine,
      offlineActive: offlineActiveSql,
    })
    .from(sensors)
    .innerJoin(enterprises, eq(enterprises.id, sensors.enterpriseId))
    .leftJoin(hazardUnits, eq(hazardUnits.id, sensors.unitId))
    .leftJoin(sensorState, eq(sensorState.sensorId, sensors.id))
    .where(where)
    .orderBy(asc(enterprises.name), asc(hazardUnits.name), asc(sensors.tag), asc(sensors.id));
  if (opts.limit !== undefined) return q.limit(opts.limit).offset(opts.offset ?? 0);
  return q;
}

export type SelectedSensor = Awaited<ReturnType<typeof selectSensors>>[number];

/** A sensor's configuration as registered (what the list shows and what the audit log records of a change). */
export function sensorConfig(s: typeof sensors.$inferSelect) {
  return {
    gatewayId: s.gatewayId,
    unitId: s.unitId,
    tag: s.tag,
    name: s.name,
    type: s.type,
    engineeringUnit: s.engineeringUnit,
    rangeLow: s.rangeLow,
    rangeHigh: s.rangeHigh,
    hh: s.hh,
    h: s.h,
    l: s.l,
    ll: s.ll,
    deadband: s.deadband,
    delaySeconds: s.delaySeconds,
    rateLimit: s.rateLimit,
    periodSeconds: s.periodSeconds,
    offlineAfterSeconds: s.offlineAfterSeconds,
    enabled: s.enabled,
  };
}

export function presentSensor(r: SelectedSensor, now: Date) {
  const s = r.s;
  return {
    id: s.id,
    enterpriseId: s.enterpriseId,
    enterpriseName: r.enterpriseName,
    unitName: r.unitName ?? null,
    ...sensorConfig(s),
    version: s.version,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    current: currentOf(s, { lastTs: r.lastTs, lastValue: r.lastValue, lastQuality: r.lastQuality, engine: r.engine }, !!r.offlineActive, now),
  };
}
export type PresentedSensor = ReturnType<typeof presentSensor>;

export async function presentSensorById(db: Queryable, id: number, now: Date): Promise<PresentedSensor> {
  const [r] = await selectSensors(db, and(eq(sensors.id, id)));
  if (!r) throw new Error(`sensor ${id} vanished`);
  return presentSensor(r, now);
}

/**
 * What the API and the live channel show of an alarm: the `LiveAlarm` (docs/monitoring.md), the list item (LiveAlarm
 * plus the duty-handling facts), and the detail (events, sensor, unit, the caller's actions). One select joins
 * sensors, enterprises and hazard units so a page of alarms is one query.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { alarmActions, type Actor, type AlarmKind, type AlarmSeverity, type AlarmStatus, type LimitLevel } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { alarmEvents, alarms, enterprises, hazardUnits, sensors } from "../../db/schema";
import type { ScopedLiveAlarm } from "../telemetry/runtime";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The columns every alarm answer is built from (alarms ⋈ sensors ⋈ enterprises ⟕ hazard_units). */
export const alarmColumns = {
  id: alarms.id,
  sensorId: alarms.sensorId,
  tag: sensors.tag,
  sensorName: sensors.name,
  engineeringUnit: sensors.engineeringUnit,
  enterpriseId: alarms.enterpriseId,
  enterpriseName: enterprises.name,
  regionPath: alarms.regionPath,
  sector: alarms.sector,
  unitId: alarms.unitId,
  unitName: hazardUnits.name,
  kind: alarms.kind,
  level: alarms.level,
  severity: alarms.severity,
  status: alarms.status,
  conditionActive: alarms.conditionActive,
  raisedAt: alarms.raisedAt,
  lastValue: alarms.lastValue,
  firstValue: alarms.firstValue,
  peakValue: alarms.peakValue,
  limitValue: alarms.limitValue,
  occurrences: alarms.occurrences,
  returnedAt: alarms.returnedAt,
  acknowledgedAt: alarms.acknowledgedAt,
  verifiedAt: alarms.verifiedAt,
  cause: alarms.cause,
  verifyNote: alarms.verifyNote,
  disposedAt: alarms.disposedAt,
  feedback: alarms.feedback,
  clearedAt: alarms.clearedAt,
  escalationLevel: alarms.escalationLevel,
  lastEscalatedAt: alarms.lastEscalatedAt,
  version: alarms.version,
};

/** `SELECT alarmColumns FROM alarms JOIN sensors JOIN enterprises LEFT JOIN hazard_units` — add where/order/limit. */
export const selectAlarms = (db: Queryable) =>
  db
    .select(alarmColumns)
    .from(alarms)
    .innerJoin(sensors, eq(sensors.id, alarms.sensorId))
    .innerJoin(enterprises, eq(enterprises.id, alarms.enterpriseId))
    .leftJoin(hazardUnits, eq(hazardUnits.id, alarms.unitId));

export type AlarmRow = Awaited<ReturnType<ReturnType<typeof selectAlarms>["execute"]>>[number];

export function toLiveAlarm(r: AlarmRow): ScopedLiveAlarm {
  return {
    id: r.id,
    sensorId: r.sensorId,
    tag: r.tag,
    sensorName: r.sensorName,
    engineeringUnit: r.engineeringUnit,
    enterpriseId: r.enterpriseId,
    enterpriseName: r.enterpriseName,
    unitId: r.unitId,
    unitName: r.unitName ?? null,
    // The columns hold the domain's codes (written only through the engine and ALARM_TRANSITIONS).
    kind: r.kind as AlarmKind,
    level: r.level as LimitLevel | null,
    severity: r.severity as AlarmSeverity,
    status: r.status as AlarmStatus,
    conditionActive: r.conditionActive,
    raisedAt: r.raisedAt.toISOString(),
    lastValue: r.lastValue,
    regionPath: r.regionPath,
    sector: r.sector,
  };
}

/** A list item: the LiveAlarm (without the scope facts) plus the duty-handling facts. */
export function presentAlarmItem(r: AlarmRow) {
  const { regionPath: _r, sector: _s, ...live } = toLiveAlarm(r);
  return {
    ...live,
    acknowledgedAt: iso(r.acknowledgedAt),
    verifiedAt: iso(r.verifiedAt),
    cause: r.cause,
    disposedAt: iso(r.disposedAt),
    clearedAt: iso(r.clearedAt),
    escalationLevel: r.escalationLevel,
    occurrences: r.occurrences,
    firstValue: r.firstValue,
    peakValue: r.peakValue,
    limitValue: r.limitValue,
    returnedAt: iso(r.returnedAt),
    version: r.version,
  };
}

/** The alarms with these ids as pushed on the live channel (with region path and sector for the hub's scope filter). */
export async function loadLiveAlarms(db: Queryable, ids: string[]): Promise<ScopedLiveAlarm[]> {
  if (ids.length === 0) return [];
  const rows = await selectAlarms(db).where(inArray(alarms.id, [...new Set(ids)]));
  return rows.map(toLiveAlarm);
}

/** The detail of one alarm the caller may read: item + events, sensor, unit and what this caller may do now. */
export async function presentAlarmDetail(db: Queryable, actor: Actor, r: AlarmRow) {
  const [events, [sensor], [unit]] = await Promise.all([
    db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, r.id)).orderBy(asc(alarmEvents.id)),
    db
      .select({
        id: sensors.id,
        tag: sensors.tag,
        name: sensors.name,
        type: sensors.type,
        engineeringUnit: sensors.engineeringUnit,
        gatewayId: sensors.gatewayId,
        rangeLow: sensors.rangeLow,
        rangeHigh: sensors.rangeHigh,
        hh: sensors.hh,
        h: sensors.h,
        l: sensors.l,
        ll: sensors.ll,
        deadband: sensors.deadband,
        delaySeconds: sensors.delaySeconds,
        rateLimit: sensors.rateLimit,
      })
      .from(sensors)
      .where(eq(sensors.id, r.sensorId)),
    r.unitId
      ? db
          .select({
            id: hazardUnits.id,
            code: hazardUnits.code,
            name: hazardUnits.name,
            kind: hazardUnits.kind,
            isMajor: hazardUnits.isMajor,
            grade: hazardUnits.grade,
          })
          .from(hazardUnits)
          .where(eq(hazardUnits.id, r.unitId))
      : Promise.resolve([]),
  ]);
  const isMember = actor.scope.kind === "enterprise" && actor.scope.enterpriseId === r.enterpriseId;
  return {
    ...presentAlarmItem(r),
    verifyNote: r.verifyNote,
    feedback: r.feedback,
    lastEscalatedAt: iso(r.lastEscalatedAt),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actorName,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      comment: e.comment,
      data: e.data,
    })),
    sensor: sensor ?? null,
    unit: unit ?? null,
    actions: alarmActions({ role: actor.role, isMember }, { status: r.status as AlarmStatus, conditionActive: r.conditionActive }),
  };
}

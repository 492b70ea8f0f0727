/**
 * Gathers a report's input from the database: the scope's sensors, the alarms raised in the period (and the period
 * compared with), the offline spells overlapping it, the enterprises named and the child regions of a region.
 */
import { and, eq, gt, gte, inArray, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import type { AlarmKind, AlarmSeverity, AlarmStatus } from "@anguan/domain";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "../../db/client";
import { enterprises, regions } from "../../db/schema";
import { alarms, hazardUnits, sensors } from "../../db/schemaMonitoring";
import { regionNames, type RegionInfo } from "../../platform/regions";
import { likeEscape } from "../../platform/scope";
import type { AlarmFact, EnterpriseFact, ReportInput, SensorFact } from "./compute";
import { previousPeriod, type Period, type ReportThresholds } from "./rules";
import type { ReportScopeInfo } from "./types";

/** What a report is about: one enterprise, or a region (narrowed to a sector-limited regulator's sectors). */
export type ReportTarget =
  | { type: "enterprise"; enterprise: { id: string; name: string; regionCode: string; regionPath: string } }
  | { type: "region"; region: RegionInfo; sectors: string[] | null };

/** `enterprise:<id>`, a region path, or a region path with `#<sectors>` for a sector-limited regulator's view. */
export function scopeKeyOf(t: ReportTarget): string {
  if (t.type === "enterprise") return `enterprise:${t.enterprise.id}`;
  return t.sectors ? `${t.region.path}#${[...t.sectors].sort().join(",")}` : t.region.path;
}

/** The region as officials write it: the chain below the province (镇江市句容市宝华镇), or the province alone. */
export async function regionDisplayName(db: Queryable, path: string): Promise<string> {
  const names = await regionNames(db, path);
  return (names.length > 1 ? names.slice(1) : names).join("");
}

export async function scopeInfoOf(db: Queryable, t: ReportTarget): Promise<ReportScopeInfo> {
  if (t.type === "enterprise")
    return { type: "enterprise", key: scopeKeyOf(t), enterpriseId: t.enterprise.id, regionCode: null, name: t.enterprise.name, sectors: null };
  return {
    type: "region",
    key: scopeKeyOf(t),
    enterpriseId: null,
    regionCode: t.region.code,
    name: await regionDisplayName(db, t.region.path),
    sectors: t.sectors ? [...t.sectors].sort() : null,
  };
}

/** The scope as a condition on a table carrying enterprise id, region path and sector. */
function scopeCond(t: ReportTarget, cols: { enterpriseId: AnyPgColumn; regionPath: AnyPgColumn; sector: AnyPgColumn }): SQL {
  if (t.type === "enterprise") return eq(cols.enterpriseId, t.enterprise.id);
  const inRegion = like(cols.regionPath, `${likeEscape(t.region.path)}%`);
  if (t.sectors === null) return inRegion;
  if (t.sectors.length === 0) return sql`false`;
  return and(inRegion, inArray(cols.sector, t.sectors)) as SQL;
}

const alarmColumns = {
  id: alarms.id,
  sensorId: alarms.sensorId,
  enterpriseId: alarms.enterpriseId,
  regionPath: alarms.regionPath,
  unitId: alarms.unitId,
  kind: alarms.kind,
  level: alarms.level,
  severity: alarms.severity,
  status: alarms.status,
  raisedAt: alarms.raisedAt,
  acknowledgedAt: alarms.acknowledgedAt,
  disposedAt: alarms.disposedAt,
  returnedAt: alarms.returnedAt,
  clearedAt: alarms.clearedAt,
  conditionActive: alarms.conditionActive,
  cause: alarms.cause,
  firstValue: alarms.firstValue,
  peakValue: alarms.peakValue,
  limitValue: alarms.limitValue,
  tag: sensors.tag,
  sensorName: sensors.name,
  engineeringUnit: sensors.engineeringUnit,
  unitName: hazardUnits.name,
};

async function loadAlarms(db: Queryable, where: SQL): Promise<AlarmFact[]> {
  const rows = await db
    .select(alarmColumns)
    .from(alarms)
    .innerJoin(sensors, eq(sensors.id, alarms.sensorId))
    .leftJoin(hazardUnits, eq(hazardUnits.id, alarms.unitId))
    .where(where);
  return rows.map((r) => ({ ...r, kind: r.kind as AlarmKind, severity: r.severity as AlarmSeverity, status: r.status as AlarmStatus }));
}

export interface LoadOptions {
  target: ReportTarget;
  period: Period;
  now: Date;
  thresholds: ReportThresholds;
}

export async function loadReportInput(db: Queryable, o: LoadOptions): Promise<ReportInput> {
  const { target, period } = o;
  const previous = period.kind === "weekly" ? previousPeriod(period) : null;
  const from = previous?.startAt ?? period.startAt;
  const sensorRows: SensorFact[] = await db
    .select({ id: sensors.id, enterpriseId: sensors.enterpriseId, regionPath: sensors.regionPath, createdAt: sensors.createdAt })
    .from(sensors)
    .where(and(scopeCond(target, sensors), eq(sensors.enabled, true), lt(sensors.createdAt, period.endAt)));
  const inScope = scopeCond(target, alarms);
  const raised = await loadAlarms(db, and(inScope, gte(alarms.raisedAt, from), lt(alarms.raisedAt, period.endAt)) as SQL);
  const offline = await loadAlarms(
    db,
    and(inScope, eq(alarms.kind, "offline"), lt(alarms.raisedAt, period.endAt), or(gt(alarms.returnedAt, from), isNull(alarms.returnedAt))) as SQL,
  );
  const ids = [...new Set([...sensorRows.map((s) => s.enterpriseId), ...raised.map((a) => a.enterpriseId), ...offline.map((a) => a.enterpriseId)])];
  const ents = new Map<string, EnterpriseFact>();
  if (target.type === "enterprise") ents.set(target.enterprise.id, target.enterprise);
  const missing = ids.filter((id) => !ents.has(id));
  for (let i = 0; i < missing.length; i += 1000) {
    const rows = await db
      .select({ id: enterprises.id, name: enterprises.name, regionCode: enterprises.regionCode, regionPath: enterprises.regionPath })
      .from(enterprises)
      .where(inArray(enterprises.id, missing.slice(i, i + 1000)));
    for (const r of rows) ents.set(r.id, r);
  }
  const childRegions =
    target.type === "region"
      ? await db
          .select({ code: regions.code, name: regions.name, path: regions.path })
          .from(regions)
          .where(eq(regions.parentCode, target.region.code))
          .orderBy(regions.code)
      : [];
  return {
    period,
    previous,
    now: o.now,
    scope: await scopeInfoOf(db, target),
    regionPath: target.type === "region" ? target.region.path : null,
    childRegions,
    thresholds: o.thresholds,
    sensors: sensorRows,
    alarms: raised,
    offline,
    enterprises: ents,
  };
}

/**
 * The monitoring overview (监测预警总览) and online rates (在线率) of the sensors in the caller's scope.
 * Online now: data within the sensor's offline time (3 × period by default) and no offline alarm whose condition
 * holds. Online rate: the share of the period a sensor was not in an offline spell (alarms of kind `offline`,
 * raised_at .. returned_at, open = still offline), by the domain's `onlineRate`, over the part of the period after the
 * sensor was registered; a group's rate is its online time over its observed time. Disabled sensors are left out.
 */
import { and, eq, inArray, like, type SQL, sql } from "drizzle-orm";
import { offlineAfterMs, onlineRate, type Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { alarms, enterprises, hazardUnits, sensors, sensorState } from "../../db/schema";
import { fieldError } from "../../platform/errors";
import { regionsByCode } from "../../platform/regions";
import { likeEscape, scopeWhereOn } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { regionForFilter } from "../hazardStats/filters";
import { enterpriseOf } from "./access";
import { offlineActiveSql } from "./present";

const SEVERITIES = ["red", "orange", "yellow", "blue"] as const;
export interface AlarmCounts {
  total: number;
  red: number;
  orange: number;
  yellow: number;
  blue: number;
}
const noAlarms = (): AlarmCounts => ({ total: 0, red: 0, orange: 0, yellow: 0, blue: 0 });

export interface MonitoringFilter {
  enterpriseId?: string;
  regionCode?: string;
}

/** Scope ∩ filters on a table carrying enterprise, region path and sector; and the region the groups hang under. */
async function filterOn(
  db: Queryable,
  actor: Actor,
  f: MonitoringFilter,
  cols: typeof sensors | typeof alarms,
): Promise<{ where: SQL | undefined; basePath: string | null }> {
  const conds: (SQL | undefined)[] = [scopeWhereOn(actor.scope, cols)];
  let basePath: string | null = actor.scope.kind === "jurisdiction" ? actor.scope.regionPath : null;
  if (f.enterpriseId) {
    await enterpriseOf(db, actor, f.enterpriseId, "read");
    conds.push(eq(cols.enterpriseId, f.enterpriseId));
  }
  if (f.regionCode) {
    const r = await regionForFilter(db, actor, f.regionCode);
    conds.push(like(cols.regionPath, `${likeEscape(r.path)}%`));
    if (!basePath || r.path.startsWith(basePath)) basePath = r.path;
  }
  return { where: and(...conds), basePath };
}

export interface ScopedSensor {
  id: number;
  tag: string;
  name: string;
  enterpriseId: string;
  enterpriseName: string;
  regionPath: string;
  unitId: string | null;
  unitName: string | null;
  periodSeconds: number;
  offlineAfterSeconds: number | null;
  createdAt: Date;
  lastTs: Date | null;
  offlineActive: boolean;
}

async function scopedSensors(db: Queryable, where: SQL | undefined): Promise<ScopedSensor[]> {
  return db
    .select({
      id: sensors.id,
      tag: sensors.tag,
      name: sensors.name,
      enterpriseId: sensors.enterpriseId,
      enterpriseName: enterprises.name,
      regionPath: sensors.regionPath,
      unitId: sensors.unitId,
      unitName: hazardUnits.name,
      periodSeconds: sensors.periodSeconds,
      offlineAfterSeconds: sensors.offlineAfterSeconds,
      createdAt: sensors.createdAt,
      lastTs: sensorState.lastTs,
      offlineActive: offlineActiveSql.mapWith(Boolean),
    })
    .from(sensors)
    .innerJoin(enterprises, eq(enterprises.id, sensors.enterpriseId))
    .leftJoin(hazardUnits, eq(hazardUnits.id, sensors.unitId))
    .leftJoin(sensorState, eq(sensorState.sensorId, sensors.id))
    .where(and(where, eq(sensors.enabled, true)));
}

export const isOnline = (s: ScopedSensor, now: Date) => !s.offlineActive && s.lastTs !== null && now.getTime() - s.lastTs.getTime() <= offlineAfterMs(s);

/** Online and observed milliseconds of each sensor over [from, to). */
async function onlineTimes(db: Queryable, list: ScopedSensor[], from: Date, to: Date): Promise<Map<number, { on: number; total: number }>> {
  const out = new Map<number, { on: number; total: number }>();
  if (!list.length) return out;
  const spells = new Map<number, { from: number; to: number | null }[]>();
  const ids = list.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .select({ sensorId: alarms.sensorId, raisedAt: alarms.raisedAt, returnedAt: alarms.returnedAt, clearedAt: alarms.clearedAt })
      .from(alarms)
      .where(
        and(
          eq(alarms.kind, "offline"),
          inArray(alarms.sensorId, ids.slice(i, i + 5000)),
          sql`${alarms.raisedAt} < ${to.toISOString()}::timestamptz`,
          sql`coalesce(${alarms.returnedAt}, ${alarms.clearedAt}, 'infinity'::timestamptz) > ${from.toISOString()}::timestamptz`,
        ),
      );
    for (const r of rows) {
      const end = r.returnedAt ?? r.clearedAt;
      spells.set(r.sensorId, [...(spells.get(r.sensorId) ?? []), { from: r.raisedAt.getTime(), to: end ? end.getTime() : null }]);
    }
  }
  for (const s of list) {
    const a = Math.max(from.getTime(), s.createdAt.getTime());
    const b = to.getTime();
    if (b <= a) continue;
    const rate = onlineRate(a, b, spells.get(s.id) ?? []);
    out.set(s.id, { on: rate * (b - a), total: b - a });
  }
  return out;
}

const rateOf = (on: number, total: number) => (total > 0 ? Math.round((on / total) * 10_000) / 10_000 : null);

/** The region a path is grouped under: the child of `basePath` it lies in (or the base itself). */
function groupCodeOf(path: string, basePath: string): string {
  const base = basePath.split("/").filter(Boolean);
  const segs = path.split("/").filter(Boolean);
  return segs[Math.min(base.length, segs.length - 1)] ?? segs[segs.length - 1] ?? "";
}

/** The deepest region path that contains all these paths. */
function commonPath(paths: string[]): string {
  if (!paths.length) return "";
  let segs = paths[0]!.split("/").filter(Boolean);
  for (const p of paths.slice(1)) {
    const o = p.split("/").filter(Boolean);
    let n = 0;
    while (n < segs.length && n < o.length && segs[n] === o[n]) n++;
    segs = segs.slice(0, n);
  }
  return segs.length ? `${segs.join("/")}/` : "";
}

/** Today so far in Asia/Shanghai. */
export const todaySoFar = (now: Date) => ({ from: new Date(`${shanghaiDate(now)}T00:00:00+08:00`), to: now });

export async function monitoringOverview(db: Queryable, actor: Actor, f: MonitoringFilter, now: Date) {
  const sf = await filterOn(db, actor, f, sensors);
  const af = await filterOn(db, actor, f, alarms);
  const [list, alarmRows] = await Promise.all([
    scopedSensors(db, sf.where),
    db
      .select({
        enterpriseId: alarms.enterpriseId,
        regionPath: alarms.regionPath,
        severity: alarms.severity,
        unacknowledged: sql<number>`count(*) FILTER (WHERE ${alarms.status} = 'raised')::int`.mapWith(Number),
        n: sql<number>`count(*)::int`.mapWith(Number),
      })
      .from(alarms)
      .where(and(af.where, sql`${alarms.status} <> 'cleared'`))
      .groupBy(alarms.enterpriseId, alarms.regionPath, alarms.severity),
  ]);
  const period = todaySoFar(now);
  const times = await onlineTimes(db, list, period.from, period.to);
  const basePath = sf.basePath ?? commonPath([...list.map((s) => s.regionPath), ...alarmRows.map((a) => a.regionPath)]);

  interface Group {
    sensors: number;
    online: number;
    on: number;
    total: number;
    activeAlarms: AlarmCounts;
    unacknowledged: number;
  }
  const group = (): Group => ({ sensors: 0, online: 0, on: 0, total: 0, activeAlarms: noAlarms(), unacknowledged: 0 });
  const all = group();
  const byEnterprise = new Map<string, Group & { name: string }>();
  const byRegion = new Map<string, Group>();
  const entNames = new Map(list.map((s) => [s.enterpriseId, s.enterpriseName]));
  for (const s of list) {
    const t = times.get(s.id);
    const online = isOnline(s, now);
    const e = byEnterprise.get(s.enterpriseId) ?? { ...group(), name: s.enterpriseName };
    byEnterprise.set(s.enterpriseId, e);
    const code = groupCodeOf(s.regionPath, basePath);
    const r = byRegion.get(code) ?? group();
    byRegion.set(code, r);
    for (const g of [all, e, r]) {
      g.sensors++;
      if (online) g.online++;
      if (t) {
        g.on += t.on;
        g.total += t.total;
      }
    }
  }
  const missingNames = alarmRows.filter((a) => !entNames.has(a.enterpriseId)).map((a) => a.enterpriseId);
  if (missingNames.length) {
    const rows = await db
      .select({ id: enterprises.id, name: enterprises.name })
      .from(enterprises)
      .where(inArray(enterprises.id, [...new Set(missingNames)]));
    for (const r of rows) entNames.set(r.id, r.name);
  }
  for (const a of alarmRows) {
    const e = byEnterprise.get(a.enterpriseId) ?? { ...group(), name: entNames.get(a.enterpriseId) ?? "" };
    byEnterprise.set(a.enterpriseId, e);
    const code = groupCodeOf(a.regionPath, basePath);
    const r = byRegion.get(code) ?? group();
    byRegion.set(code, r);
    const sev = (SEVERITIES as readonly string[]).includes(a.severity) ? (a.severity as (typeof SEVERITIES)[number]) : null;
    for (const g of [all, e, r]) {
      g.activeAlarms.total += a.n;
      if (sev) g.activeAlarms[sev] += a.n;
      g.unacknowledged += a.unacknowledged;
    }
  }
  const regionInfo = await regionsByCode(db, [...byRegion.keys()]);
  const out = (g: Group) => ({
    sensors: g.sensors,
    online: g.online,
    offline: g.sensors - g.online,
    onlineRate: rateOf(g.on, g.total),
    activeAlarms: g.activeAlarms,
    unacknowledged: g.unacknowledged,
  });
  return {
    at: now.toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    ...out(all),
    enterprises: [...byEnterprise.entries()]
      .map(([id, g]) => ({ enterpriseId: id, name: g.name, ...out(g) }))
      .sort((a, b) => b.activeAlarms.total - a.activeAlarms.total || a.name.localeCompare(b.name, "zh-CN")),
    regions: [...byRegion.entries()]
      .map(([code, g]) => ({ code, name: regionInfo.get(code)?.name ?? code, ...out(g) }))
      .sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export type OnlineRateGroup = "sensor" | "unit" | "enterprise" | "region";

export async function onlineRates(db: Queryable, actor: Actor, q: MonitoringFilter & { from?: Date; to?: Date; groupBy: OnlineRateGroup }, now: Date) {
  const def = todaySoFar(now);
  const from = q.from ?? def.from;
  const to = new Date(Math.min((q.to ?? def.to).getTime(), now.getTime()));
  if (q.from && q.to && q.from >= q.to) throw fieldError("to", "结束时间应晚于开始时间");
  if (from >= to) throw fieldError("from", "开始时间应早于当前时间");
  const sf = await filterOn(db, actor, q, sensors);
  const list = await scopedSensors(db, sf.where);
  const times = await onlineTimes(db, list, from, to);
  const basePath = sf.basePath ?? commonPath(list.map((s) => s.regionPath));
  const groups = new Map<string, { name: string; sensors: number; on: number; total: number }>();
  const keyOf = (s: ScopedSensor): [string, string] => {
    switch (q.groupBy) {
      case "sensor":
        return [String(s.id), `${s.tag} ${s.name}`];
      case "unit":
        return s.unitId ? [s.unitId, s.unitName ?? ""] : [`none:${s.enterpriseId}`, `${s.enterpriseName}（未关联单元）`];
      case "enterprise":
        return [s.enterpriseId, s.enterpriseName];
      case "region":
        return [groupCodeOf(s.regionPath, basePath), ""];
    }
  };
  for (const s of list) {
    const [key, name] = keyOf(s);
    const g = groups.get(key) ?? { name, sensors: 0, on: 0, total: 0 };
    groups.set(key, g);
    g.sensors++;
    const t = times.get(s.id);
    if (t) {
      g.on += t.on;
      g.total += t.total;
    }
  }
  if (q.groupBy === "region") {
    const info = await regionsByCode(db, [...groups.keys()]);
    for (const [k, g] of groups) g.name = info.get(k)?.name ?? k;
  }
  const items = [...groups.entries()]
    .map(([key, g]) => ({
      key,
      name: g.name,
      sensors: g.sensors,
      onlineRate: rateOf(g.on, g.total),
      onlineSeconds: Math.round(g.on / 1000),
      observedSeconds: Math.round(g.total / 1000),
    }))
    .sort((a, b) => (a.onlineRate ?? 2) - (b.onlineRate ?? 2) || a.name.localeCompare(b.name, "zh-CN"));
  return { groupBy: q.groupBy, from: from.toISOString(), to: to.toISOString(), items };
}

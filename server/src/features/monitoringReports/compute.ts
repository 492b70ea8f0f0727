/**
 * The arithmetic of the reports, without the database: from the alarms, offline spells and sensors of a scope to
 * the counts, durations, online rates, rankings and red list of `types.ts`. `load.ts` gathers the input.
 */
import { ALARM_CAUSES, ALARM_KINDS, ALARM_SEVERITIES, ALARM_STATUSES, onlineRate, type AlarmKind, type AlarmSeverity, type AlarmStatus } from "@anguan/domain";
import { shanghaiDate } from "../../platform/time";
import { daysOf, REPORT_FORMAT_VERSION, type Period, type RedListReason, type ReportThresholds } from "./rules";
import type {
  AlarmRow,
  CauseCount,
  ComparisonRow,
  DailyReport,
  EnterpriseStat,
  Handling,
  MonthlyReport,
  RankedEnterprise,
  RedListEntry,
  RegionTotal,
  ReportData,
  ReportScopeInfo,
  SourceCount,
  SpellRow,
  Summary,
  TrendPoint,
  UnitCount,
  WeeklyReport,
} from "./types";

export interface SensorFact {
  id: number;
  enterpriseId: string;
  regionPath: string;
  createdAt: Date;
}

export interface AlarmFact {
  id: string;
  sensorId: number;
  enterpriseId: string;
  regionPath: string;
  unitId: string | null;
  kind: AlarmKind;
  level: string | null;
  severity: AlarmSeverity;
  status: AlarmStatus;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  disposedAt: Date | null;
  returnedAt: Date | null;
  clearedAt: Date | null;
  conditionActive: boolean;
  cause: string | null;
  firstValue: number | null;
  peakValue: number | null;
  limitValue: number | null;
  tag: string;
  sensorName: string;
  engineeringUnit: string;
  unitName: string | null;
}

export interface EnterpriseFact {
  id: string;
  name: string;
  regionCode: string;
  regionPath: string;
}

export interface ReportInput {
  period: Period;
  /** The period compared with (weekly: the week before), loaded with the same scope. */
  previous: Period | null;
  now: Date;
  scope: ReportScopeInfo;
  /** The region's path (region reports), for the totals by child region. */
  regionPath: string | null;
  /** Child regions of a region report (code, name, path); empty for a leaf region or an enterprise. */
  childRegions: { code: string; name: string; path: string }[];
  thresholds: ReportThresholds;
  /** Enabled sensors of the scope registered before the period's end. */
  sensors: SensorFact[];
  /** Alarms raised in [previous?.startAt ?? period.startAt, period.endAt). */
  alarms: AlarmFact[];
  /** Offline alarms overlapping [previous?.startAt ?? period.startAt, period.endAt) (raised possibly before). */
  offline: AlarmFact[];
  enterprises: Map<string, EnterpriseFact>;
}

const MINUTE = 60_000;
const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const rate = (n: number, d: number) => (d > 0 ? round(n / d, 6) : null);
const zeros = <K extends string>(keys: Record<K, unknown>) => Object.fromEntries(Object.keys(keys).map((k) => [k, 0])) as Record<K, number>;

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const avg = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r1 = (x: number | null) => (x === null ? null : round(x, 1));

const minutesBetween = (a: Date, b: Date | null) => (b ? (b.getTime() - a.getTime()) / MINUTE : null);

/** The end of an offline spell: when data came back (null = still offline). */
export function spellEnd(a: Pick<AlarmFact, "returnedAt" | "clearedAt" | "conditionActive">): Date | null {
  return a.returnedAt ?? (a.conditionActive ? null : a.clearedAt);
}

/** Acknowledgement and disposal times and timeliness of a set of alarms, as judged at `now`. */
export function handlingOf(alarms: readonly AlarmFact[], now: Date, th: ReportThresholds): Handling {
  const ack: number[] = [];
  const dis: number[] = [];
  let ackDue = 0;
  let ackOk = 0;
  let disDue = 0;
  let disOk = 0;
  let bothDue = 0;
  let bothOk = 0;
  const ackLimit = th.ackWithinMinutes;
  const disLimit = th.disposeWithinHours * 60;
  for (const a of alarms) {
    const age = (now.getTime() - a.raisedAt.getTime()) / MINUTE;
    const am = minutesBetween(a.raisedAt, a.acknowledgedAt);
    const dm = minutesBetween(a.raisedAt, a.disposedAt);
    if (am !== null) ack.push(am);
    if (dm !== null) dis.push(dm);
    const ackInTime = am !== null && am <= ackLimit;
    const disInTime = dm !== null && dm <= disLimit;
    if (am !== null || age >= ackLimit) {
      ackDue++;
      if (ackInTime) ackOk++;
    }
    if (dm !== null || age >= disLimit) {
      disDue++;
      if (disInTime) disOk++;
      bothDue++;
      if (ackInTime && disInTime) bothOk++;
    }
  }
  return {
    acknowledged: ack.length,
    ackMedianMinutes: r1(median(ack)),
    ackAvgMinutes: r1(avg(ack)),
    disposed: dis.length,
    disposeMedianMinutes: r1(median(dis)),
    disposeAvgMinutes: r1(avg(dis)),
    ackTimelyRate: rate(ackOk, ackDue),
    disposeTimelyRate: rate(disOk, disDue),
    timeliness: rate(bothOk, bothDue),
  };
}

interface Window {
  from: number;
  to: number;
}

/** The observed window of a period: up to now while it is not over. */
const windowOf = (p: Period, now: Date): Window => ({ from: p.startAt.getTime(), to: Math.min(p.endAt.getTime(), now.getTime()) });

/** Offline minutes inside the window. */
const clippedMinutes = (w: Window, from: Date, to: Date | null) => {
  const a = Math.max(w.from, from.getTime());
  const b = Math.min(w.to, to ? to.getTime() : w.to);
  return b > a ? (b - a) / MINUTE : 0;
};

const overlaps = (w: Window, from: Date, to: Date | null) => from.getTime() < w.to && (to === null || to.getTime() > w.from);

interface PeriodFacts {
  period: Period;
  window: Window;
  sensors: SensorFact[];
  alarms: AlarmFact[];
  spells: AlarmFact[];
  /** sensor id → online rate over the window. */
  rates: Map<number, number>;
}

function factsOf(input: ReportInput, period: Period): PeriodFacts {
  const w = windowOf(period, input.now);
  const sensors = input.sensors.filter((s) => s.createdAt < period.endAt);
  const alarms = input.alarms.filter((a) => a.raisedAt >= period.startAt && a.raisedAt < period.endAt);
  const spells = input.offline.filter((a) => overlaps(w, a.raisedAt, spellEnd(a)));
  const bySensor = new Map<number, { from: number; to: number | null }[]>();
  for (const s of spells) {
    const list = bySensor.get(s.sensorId) ?? [];
    list.push({ from: s.raisedAt.getTime(), to: spellEnd(s)?.getTime() ?? null });
    bySensor.set(s.sensorId, list);
  }
  const rates = new Map(sensors.map((s) => [s.id, onlineRate(w.from, w.to, bySensor.get(s.id) ?? [])]));
  return { period, window: w, sensors, alarms, spells, rates };
}

const meanRate = (sensorIds: readonly number[], rates: Map<number, number>) => {
  const xs = sensorIds.map((id) => rates.get(id)).filter((x): x is number => x !== undefined);
  const m = avg(xs);
  return m === null ? null : round(m, 6);
};

function summaryOf(f: PeriodFacts, input: ReportInput): Summary {
  const byKind = zeros(ALARM_KINDS);
  const bySeverity = zeros(ALARM_SEVERITIES);
  const byStatus = zeros(ALARM_STATUSES);
  for (const a of f.alarms) {
    byKind[a.kind]++;
    bySeverity[a.severity]++;
    byStatus[a.status]++;
  }
  const enterprises = new Set([...f.sensors.map((s) => s.enterpriseId), ...f.alarms.map((a) => a.enterpriseId)]);
  return {
    alarms: f.alarms.length,
    byKind,
    bySeverity,
    byStatus,
    sensors: f.sensors.length,
    enterprises: enterprises.size,
    onlineRate: meanRate(
      f.sensors.map((s) => s.id),
      f.rates,
    ),
    offlineSpells: f.spells.length,
    offlineMinutes: round(
      f.spells.reduce((n, s) => n + clippedMinutes(f.window, s.raisedAt, spellEnd(s)), 0),
      1,
    ),
    handling: handlingOf(f.alarms, input.now, input.thresholds),
  };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function enterpriseStats(f: PeriodFacts, input: ReportInput): EnterpriseStat[] {
  const sensorsOf = groupBy(f.sensors, (s) => s.enterpriseId);
  const alarmsOf = groupBy(f.alarms, (a) => a.enterpriseId);
  const spellsOf = groupBy(f.spells, (a) => a.enterpriseId);
  const ids = new Set([...sensorsOf.keys(), ...alarmsOf.keys()]);
  const out: EnterpriseStat[] = [];
  for (const id of ids) {
    const e = input.enterprises.get(id);
    const sensors = sensorsOf.get(id) ?? [];
    const alarms = alarmsOf.get(id) ?? [];
    const spells = spellsOf.get(id) ?? [];
    const bySeverity = zeros(ALARM_SEVERITIES);
    for (const a of alarms) bySeverity[a.severity]++;
    const h = handlingOf(alarms, input.now, input.thresholds);
    out.push({
      enterpriseId: id,
      name: e?.name ?? id,
      regionCode: e?.regionCode ?? "",
      sensors: sensors.length,
      alarms: alarms.length,
      bySeverity,
      onlineRate: meanRate(
        sensors.map((s) => s.id),
        f.rates,
      ),
      offlineSpells: spells.length,
      offlineMinutes: round(
        spells.reduce((n, s) => n + clippedMinutes(f.window, s.raisedAt, spellEnd(s)), 0),
        1,
      ),
      ackTimelyRate: h.ackTimelyRate,
      disposeTimelyRate: h.disposeTimelyRate,
      timeliness: h.timeliness,
      unacknowledgedRed: alarms.filter((a) => a.severity === "red" && a.acknowledgedAt === null).length,
    });
  }
  return out.sort((a, b) => b.alarms - a.alarms || a.name.localeCompare(b.name, "zh-CN"));
}

function alarmRows(alarms: readonly AlarmFact[], input: ReportInput): AlarmRow[] {
  return [...alarms]
    .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || a.id.localeCompare(b.id))
    .map((a) => ({
      id: a.id,
      enterpriseId: a.enterpriseId,
      enterpriseName: input.enterprises.get(a.enterpriseId)?.name ?? "",
      unitName: a.unitName,
      sensorId: a.sensorId,
      tag: a.tag,
      sensorName: a.sensorName,
      engineeringUnit: a.engineeringUnit,
      kind: a.kind,
      level: a.level,
      severity: a.severity,
      value: a.peakValue ?? a.firstValue,
      limit: a.limitValue,
      raisedAt: a.raisedAt.toISOString(),
      ackMinutes: r1(minutesBetween(a.raisedAt, a.acknowledgedAt)),
      disposeMinutes: r1(minutesBetween(a.raisedAt, a.disposedAt)),
      cause: a.cause,
      status: a.status,
    }));
}

function spellRows(f: PeriodFacts, input: ReportInput): SpellRow[] {
  return [...f.spells]
    .sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || a.id.localeCompare(b.id))
    .map((s) => {
      const end = spellEnd(s);
      return {
        alarmId: s.id,
        enterpriseName: input.enterprises.get(s.enterpriseId)?.name ?? "",
        sensorId: s.sensorId,
        tag: s.tag,
        sensorName: s.sensorName,
        from: s.raisedAt.toISOString(),
        to: end ? end.toISOString() : null,
        minutes: round(clippedMinutes(f.window, s.raisedAt, end), 1),
      };
    });
}

function trendOf(f: PeriodFacts): TrendPoint[] {
  const points = new Map(daysOf(f.period).map((d) => [d, { date: d, total: 0, red: 0, orange: 0, yellow: 0, blue: 0 }]));
  for (const a of f.alarms) {
    const p = points.get(shanghaiDate(a.raisedAt));
    if (!p) continue;
    p.total++;
    p[a.severity]++;
  }
  return [...points.values()];
}

function sourceCounts(f: PeriodFacts, input: ReportInput): SourceCount[] {
  const by = new Map<number, SourceCount>();
  for (const a of f.alarms) {
    let s = by.get(a.sensorId);
    if (!s) {
      s = {
        sensorId: a.sensorId,
        tag: a.tag,
        name: a.sensorName,
        enterpriseName: input.enterprises.get(a.enterpriseId)?.name ?? "",
        unitName: a.unitName,
        count: 0,
        kinds: {},
      };
      by.set(a.sensorId, s);
    }
    s.count++;
    s.kinds[a.kind] = (s.kinds[a.kind] ?? 0) + 1;
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag) || a.sensorId - b.sensorId);
}

function unitCounts(f: PeriodFacts, input: ReportInput): UnitCount[] {
  const by = new Map<string, UnitCount>();
  for (const a of f.alarms) {
    if (!a.unitId) continue;
    let u = by.get(a.unitId);
    if (!u) {
      u = { unitId: a.unitId, name: a.unitName ?? "", enterpriseName: input.enterprises.get(a.enterpriseId)?.name ?? "", count: 0 };
      by.set(a.unitId, u);
    }
    u.count++;
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, "zh-CN"));
}

function causesOf(f: PeriodFacts): CauseCount[] {
  const counts = new Map<string, number>([...Object.keys(ALARM_CAUSES), "unverified"].map((c) => [c, 0]));
  for (const a of f.alarms) {
    const c = a.cause && counts.has(a.cause) ? a.cause : "unverified";
    counts.set(c, counts.get(c)! + 1);
  }
  return [...counts].map(([cause, count]) => ({ cause, count }));
}

function comparisonOf(cur: Summary, prev: Summary): ComparisonRow[] {
  const row = (key: ComparisonRow["key"], pick: (s: Summary) => number | null): ComparisonRow => ({ key, current: pick(cur), previous: pick(prev) });
  return [
    row("alarms", (s) => s.alarms),
    row("red", (s) => s.bySeverity.red),
    row("orange", (s) => s.bySeverity.orange),
    row("yellow", (s) => s.bySeverity.yellow),
    row("blue", (s) => s.bySeverity.blue),
    row("onlineRate", (s) => s.onlineRate),
    row("offlineMinutes", (s) => s.offlineMinutes),
    row("ackMedianMinutes", (s) => s.handling.ackMedianMinutes),
    row("timeliness", (s) => s.handling.timeliness),
  ];
}

/** Worst first: more alarms, then lower online rate, then lower timeliness (unknown counts as best), then by name. */
export function rankEnterprises(stats: readonly EnterpriseStat[]): RankedEnterprise[] {
  const orNull = (x: number | null) => x ?? 2;
  return [...stats]
    .sort(
      (a, b) =>
        b.alarms - a.alarms ||
        orNull(a.onlineRate) - orNull(b.onlineRate) ||
        orNull(a.timeliness) - orNull(b.timeliness) ||
        a.name.localeCompare(b.name, "zh-CN"),
    )
    .map((e, i) => ({ ...e, rank: i + 1 }));
}

export function redListReasons(e: Pick<EnterpriseStat, "onlineRate" | "timeliness" | "unacknowledgedRed">, th: ReportThresholds): RedListReason[] {
  const reasons: RedListReason[] = [];
  if (e.onlineRate !== null && e.onlineRate < th.redList.minOnlineRate) reasons.push("online_rate");
  if (e.timeliness !== null && e.timeliness < th.redList.minTimeliness) reasons.push("timeliness");
  if (th.redList.unacknowledgedRed && e.unacknowledgedRed > 0) reasons.push("unacknowledged_red");
  return reasons;
}

function regionTotals(f: PeriodFacts, input: ReportInput, redListed: Set<string>): RegionTotal[] {
  if (input.regionPath === null) return [];
  const base = input.regionPath;
  const children = input.childRegions;
  // A row's group: the child region its path runs through, else the region itself.
  const groupOf = (path: string) => children.find((c) => path.startsWith(c.path))?.code ?? input.scope.regionCode ?? "";
  const groups = new Map<string, { code: string; name: string; sensors: number[]; alarms: AlarmFact[]; enterprises: Set<string> }>();
  const group = (code: string) => {
    let g = groups.get(code);
    if (!g) {
      const name = children.find((c) => c.code === code)?.name ?? input.scope.name;
      g = { code, name, sensors: [], alarms: [], enterprises: new Set() };
      groups.set(code, g);
    }
    return g;
  };
  for (const s of f.sensors) {
    if (!s.regionPath.startsWith(base)) continue;
    const g = group(groupOf(s.regionPath));
    g.sensors.push(s.id);
    g.enterprises.add(s.enterpriseId);
  }
  for (const a of f.alarms) {
    if (!a.regionPath.startsWith(base)) continue;
    const g = group(groupOf(a.regionPath));
    g.alarms.push(a);
    g.enterprises.add(a.enterpriseId);
  }
  return [...groups.values()]
    .map((g) => ({
      code: g.code,
      name: g.name,
      enterprises: g.enterprises.size,
      sensors: g.sensors.length,
      alarms: g.alarms.length,
      red: g.alarms.filter((a) => a.severity === "red").length,
      onlineRate: meanRate(g.sensors, f.rates),
      timeliness: handlingOf(g.alarms, input.now, input.thresholds).timeliness,
      redListed: [...g.enterprises].filter((id) => redListed.has(id)).length,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** Computes a report from its input. */
export function computeReport(input: ReportInput): ReportData {
  const f = factsOf(input, input.period);
  const base = {
    version: REPORT_FORMAT_VERSION,
    periodStart: input.period.start,
    periodEnd: input.period.end,
    scope: input.scope,
    generatedAt: input.now.toISOString(),
    partial: input.period.endAt.getTime() > input.now.getTime(),
    thresholds: input.thresholds,
    summary: summaryOf(f, input),
    enterprises: enterpriseStats(f, input),
  };
  if (input.period.kind === "daily") {
    const r: DailyReport = { ...base, kind: "daily", alarms: alarmRows(f.alarms, input), offlineSpells: spellRows(f, input) };
    return r;
  }
  if (input.period.kind === "weekly") {
    const sources = sourceCounts(f, input);
    const prevPeriod = input.previous!;
    const prev = summaryOf(factsOf(input, prevPeriod), input);
    const r: WeeklyReport = {
      ...base,
      kind: "weekly",
      trend: trendOf(f),
      topSensors: sources.slice(0, input.thresholds.topN),
      topUnits: unitCounts(f, input).slice(0, input.thresholds.topN),
      causes: causesOf(f),
      repeatOffenders: sources.filter((s) => s.count >= input.thresholds.repeatOffenderMinAlarms),
      previous: { periodStart: prevPeriod.start, periodEnd: prevPeriod.end, summary: prev },
      comparison: comparisonOf(base.summary, prev),
    };
    return r;
  }
  const ranking = rankEnterprises(base.enterprises);
  const redList: RedListEntry[] = ranking
    .map((e) => ({
      enterpriseId: e.enterpriseId,
      name: e.name,
      reasons: redListReasons(e, input.thresholds),
      onlineRate: e.onlineRate,
      timeliness: e.timeliness,
      unacknowledgedRed: e.unacknowledgedRed,
    }))
    .filter((e) => e.reasons.length > 0);
  const r: MonthlyReport = {
    ...base,
    kind: "monthly",
    trend: trendOf(f),
    causes: causesOf(f),
    ranking,
    redList,
    regions: regionTotals(f, input, new Set(redList.map((e) => e.enterpriseId))),
  };
  return r;
}

/**
 * Online monitoring of major hazard sources (重大危险源在线监测预警), as plain rules:
 * sensor types and the GB/T 50493-2019 gas-detector set-points (domain-reference §6.3), the alarm engine's evaluation
 * of every point (limit levels with deadband and delay, rate of change, bad quality, offline), and the duty-handling
 * life cycle of an alarm (raised → acknowledged → verified → disposed → cleared 消警) as one transition table.
 */

// ---------------------------------------------------------------------------------------------------------------
// Sensors

export const SENSOR_TYPES = {
  temperature: { zh: "温度", en: "Temperature", unit: "℃" },
  pressure: { zh: "压力", en: "Pressure", unit: "MPa" },
  level: { zh: "液位", en: "Liquid level", unit: "m" },
  flow: { zh: "流量", en: "Flow", unit: "m³/h" },
  combustible_gas: { zh: "可燃气体", en: "Combustible gas", unit: "%LEL" },
  toxic_gas: { zh: "有毒气体", en: "Toxic gas", unit: "ppm" },
  oxygen: { zh: "氧含量", en: "Oxygen", unit: "%VOL" },
  composition: { zh: "组分", en: "Composition", unit: "%" },
  other: { zh: "其他", en: "Other", unit: "" },
} as const;
export type SensorType = keyof typeof SENSOR_TYPES;
export const SENSOR_TYPE_CODES = Object.keys(SENSOR_TYPES) as SensorType[];

/** A sensor's alarm configuration (what the engine needs). Limits may be null (not configured). */
export interface SensorLimits {
  hh: number | null;
  h: number | null;
  l: number | null;
  ll: number | null;
  /** Hysteresis for leaving a level, in engineering units. */
  deadband: number;
  /** A limit must hold this long before it is raised (0 = at once). */
  delaySeconds: number;
  /** Largest allowed change per minute (null = rate alarm off). */
  rateLimit: number | null;
  /** Expected reporting period. */
  periodSeconds: number;
  /** Offline after this long without data (null = 3 × period). */
  offlineAfterSeconds: number | null;
}

/**
 * GB/T 50493-2019 set-points [C]: combustible gas 一级 ≤ 25 %LEL, 二级 ≤ 50 %LEL; toxic gas 一级 ≤ 100 % OEL, 二级 ≤ 200 % OEL,
 * or 5 % / 10 % IDLH when the detector's range cannot reach 200 % OEL. The defaults take the upper bound of each.
 * Oxygen (缺氧/富氧) 19.5 / 23.5 %VOL is common practice, not from that standard [P]: configurable per sensor.
 */
export const GB50493 = { version: "GB/T 50493-2019", combustible: { h: 25, hh: 50 }, toxicOel: { h: 1, hh: 2 }, toxicIdlh: { h: 0.05, hh: 0.1 } } as const;

export interface GasDefaultsInput {
  type: SensorType;
  /** Toxic gas: occupational exposure limit, ppm. */
  oelPpm?: number | null;
  /** Toxic gas: IDLH, ppm (used when the range cannot reach 200 % OEL). */
  idlhPpm?: number | null;
  rangeHigh?: number | null;
}

/** Default limits for gas detectors (h = 一级报警, hh = 二级报警), or null for other types / missing inputs. */
export function gasAlarmDefaults(input: GasDefaultsInput): { h: number; hh: number; l?: number; basis: string } | null {
  if (input.type === "combustible_gas") return { ...GB50493.combustible, basis: `${GB50493.version}: 25 %LEL / 50 %LEL` };
  if (input.type === "toxic_gas") {
    const oel = input.oelPpm ?? null;
    if (oel && oel > 0 && (input.rangeHigh == null || input.rangeHigh >= 2 * oel)) {
      return { h: oel * GB50493.toxicOel.h, hh: oel * GB50493.toxicOel.hh, basis: `${GB50493.version}: 100 % OEL / 200 % OEL` };
    }
    const idlh = input.idlhPpm ?? null;
    if (idlh && idlh > 0)
      return { h: round(idlh * GB50493.toxicIdlh.h), hh: round(idlh * GB50493.toxicIdlh.hh), basis: `${GB50493.version}: 5 % IDLH / 10 % IDLH` };
    return null;
  }
  if (input.type === "oxygen") return { l: 19.5, h: 23.5, hh: 23.5, basis: "常用设定 19.5 / 23.5 %VOL（可修改）" };
  return null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Why a limit configuration is inconsistent (field → message), empty when fine. */
export function limitConfigErrors(
  c: Pick<SensorLimits, "hh" | "h" | "l" | "ll" | "deadband"> & { rangeLow?: number | null; rangeHigh?: number | null },
): Record<string, string> {
  const e: Record<string, string> = {};
  if (c.hh != null && c.h != null && c.hh < c.h) e.hh = "高高报值不能低于高报值";
  if (c.ll != null && c.l != null && c.ll > c.l) e.ll = "低低报值不能高于低报值";
  const highs = [c.h, c.hh].filter((x): x is number => x != null);
  const lows = [c.l, c.ll].filter((x): x is number => x != null);
  if (highs.length && lows.length && Math.min(...highs) <= Math.max(...lows)) e.h = "高报值应高于低报值";
  if (c.deadband < 0) e.deadband = "死区不能为负";
  if (c.rangeLow != null && c.rangeHigh != null && c.rangeLow >= c.rangeHigh) e.rangeHigh = "量程上限应大于下限";
  return e;
}

// ---------------------------------------------------------------------------------------------------------------
// Alarm evaluation (the engine's pure core: one sensor, one point at a time)

export const ALARM_KINDS = {
  limit: { zh: "超限报警", en: "Limit" },
  rate: { zh: "变化率报警", en: "Rate of change" },
  bad_quality: { zh: "数据质量异常", en: "Bad quality" },
  offline: { zh: "离线", en: "Offline" },
} as const;
export type AlarmKind = keyof typeof ALARM_KINDS;

export const LIMIT_LEVELS = {
  hh: { zh: "高高报", en: "High-high" },
  h: { zh: "高报", en: "High" },
  l: { zh: "低报", en: "Low" },
  ll: { zh: "低低报", en: "Low-low" },
} as const;
export type LimitLevel = keyof typeof LIMIT_LEVELS;

export interface SensorEngineState {
  lastTs: number | null;
  lastValue: number | null;
  lastQuality: 0 | 1 | null;
  /** The limit level currently raised (null = within limits). */
  level: LimitLevel | null;
  /** A limit seen but not yet held for `delaySeconds`. */
  pending: { level: LimitLevel; since: number } | null;
  rateActive: boolean;
  badActive: boolean;
  offline: boolean;
}

export const initialEngineState = (): SensorEngineState => ({
  lastTs: null,
  lastValue: null,
  lastQuality: null,
  level: null,
  pending: null,
  rateActive: false,
  badActive: false,
  offline: false,
});

export interface Point {
  /** epoch ms */
  ts: number;
  value: number;
  /** 0 good, 1 bad */
  quality: 0 | 1;
}

export type AlarmEffect =
  /** Raise (or worsen: a limit going from h to hh raises again with the worse level; the open alarm is updated). */
  | { type: "raise"; kind: AlarmKind; level: LimitLevel | null; value: number | null; limit: number | null; at: number }
  /** The condition has returned to normal (the alarm stays open until cleared by the duty officer). */
  | { type: "return"; kind: AlarmKind; value: number | null; at: number };

const HIGH = (l: LimitLevel | null) => l === "h" || l === "hh";
const LOW = (l: LimitLevel | null) => l === "l" || l === "ll";
const RANK: Record<LimitLevel, number> = { h: 1, l: 1, hh: 2, ll: 2 };

/** The level a value is at, given the level it was at (the deadband applies when leaving a level). */
export function limitLevelOf(c: SensorLimits, v: number, current: LimitLevel | null): LimitLevel | null {
  const db = c.deadband;
  if (c.hh != null && (v >= c.hh || (current === "hh" && v > c.hh - db))) return "hh";
  if (c.h != null && (v >= c.h || (HIGH(current) && v > c.h - db))) return "h";
  if (c.ll != null && (v <= c.ll || (current === "ll" && v < c.ll + db))) return "ll";
  if (c.l != null && (v <= c.l || (LOW(current) && v < c.l + db))) return "l";
  return null;
}

const limitValue = (c: SensorLimits, l: LimitLevel) => c[l];

/**
 * Evaluates one point. Points at or before the last one (a redelivery or a late duplicate) change nothing, so a burst
 * of identical points never raises twice. Returns the new state and the effects to persist.
 */
export function evaluatePoint(c: SensorLimits, s: SensorEngineState, p: Point): { state: SensorEngineState; effects: AlarmEffect[] } {
  if (s.lastTs !== null && p.ts <= s.lastTs) return { state: s, effects: [] };
  const effects: AlarmEffect[] = [];
  const n: SensorEngineState = { ...s, lastTs: p.ts, lastQuality: p.quality };
  if (s.offline) {
    n.offline = false;
    effects.push({ type: "return", kind: "offline", value: p.value, at: p.ts });
  }
  if (p.quality === 1) {
    if (!s.badActive) effects.push({ type: "raise", kind: "bad_quality", level: null, value: p.value, limit: null, at: p.ts });
    n.badActive = true;
    return { state: n, effects };
  }
  if (s.badActive) {
    n.badActive = false;
    effects.push({ type: "return", kind: "bad_quality", value: p.value, at: p.ts });
  }
  // Rate of change against the last good value.
  if (c.rateLimit != null && s.lastValue !== null && s.lastTs !== null) {
    const minutes = (p.ts - s.lastTs) / 60_000;
    const rate = Math.abs(p.value - s.lastValue) / minutes;
    if (rate > c.rateLimit && !s.rateActive) {
      n.rateActive = true;
      effects.push({ type: "raise", kind: "rate", level: null, value: p.value, limit: c.rateLimit, at: p.ts });
    } else if (rate <= c.rateLimit && s.rateActive) {
      n.rateActive = false;
      effects.push({ type: "return", kind: "rate", value: p.value, at: p.ts });
    }
  }
  n.lastValue = p.value;
  // Limits with deadband and delay.
  const target = limitLevelOf(c, p.value, s.level);
  const cur = s.level;
  const worse = target !== null && (cur === null || RANK[target] > RANK[cur] || HIGH(target) !== HIGH(cur));
  if (target === null) {
    n.pending = null;
    if (cur !== null) {
      n.level = null;
      effects.push({ type: "return", kind: "limit", value: p.value, at: p.ts });
    }
  } else if (worse) {
    if (cur !== null && HIGH(target) !== HIGH(cur)) {
      // Jumped from one side to the other: the old condition is over.
      n.level = null;
      effects.push({ type: "return", kind: "limit", value: p.value, at: p.ts });
    }
    const since = s.pending && HIGH(s.pending.level) === HIGH(target) ? s.pending.since : p.ts;
    if (p.ts - since >= c.delaySeconds * 1000) {
      n.level = target;
      n.pending = null;
      effects.push({ type: "raise", kind: "limit", level: target, value: p.value, limit: limitValue(c, target), at: p.ts });
    } else {
      n.pending = { level: target, since };
    }
  } else {
    // Same level, or a milder one on the same side (hh → h): still in alarm, nothing new to raise.
    n.level = target;
    n.pending = null;
  }
  return { state: n, effects };
}

/** Offline after this many ms without data. */
export const offlineAfterMs = (c: Pick<SensorLimits, "offlineAfterSeconds" | "periodSeconds">) => (c.offlineAfterSeconds ?? 3 * c.periodSeconds) * 1000;

/**
 * The offline check, run periodically: no data for longer than the allowed time raises `offline` once. `since` is
 * when watching started (registration or engine start) for a sensor that has never reported.
 */
export function checkOffline(c: SensorLimits, s: SensorEngineState, now: number, since: number): { state: SensorEngineState; effects: AlarmEffect[] } {
  if (s.offline) return { state: s, effects: [] };
  const last = s.lastTs ?? since;
  if (now - last <= offlineAfterMs(c)) return { state: s, effects: [] };
  return { state: { ...s, offline: true, pending: null }, effects: [{ type: "raise", kind: "offline", level: null, value: null, limit: null, at: now }] };
}

// ---------------------------------------------------------------------------------------------------------------
// Warning colour (预警等级): pushed by level to township, district and city.

export const ALARM_SEVERITIES = {
  red: { zh: "红色预警", en: "Red" },
  orange: { zh: "橙色预警", en: "Orange" },
  yellow: { zh: "黄色预警", en: "Yellow" },
  blue: { zh: "蓝色预警", en: "Blue" },
} as const;
export type AlarmSeverity = keyof typeof ALARM_SEVERITIES;

/**
 * An alarm's colour: high-high / low-low at a grade 1 or 2 major hazard source red, elsewhere orange; first-level
 * limits and rate yellow; offline and bad quality blue. Not fixed by national rules [U]: one function to change.
 */
export function alarmSeverity(kind: AlarmKind, level: LimitLevel | null, sourceGrade: number | null): AlarmSeverity {
  if (kind === "limit" && (level === "hh" || level === "ll")) return sourceGrade === 1 || sourceGrade === 2 ? "red" : "orange";
  if (kind === "limit" || kind === "rate") return "yellow";
  return "blue";
}

// ---------------------------------------------------------------------------------------------------------------
// Duty handling (值班值守处置): the alarm life cycle

export const ALARM_STATUSES = {
  raised: { zh: "待确认", en: "Raised" },
  acknowledged: { zh: "已确认", en: "Acknowledged" },
  verified: { zh: "已核实", en: "Verified" },
  disposed: { zh: "已处置", en: "Disposed" },
  cleared: { zh: "已消警", en: "Cleared" },
} as const;
export type AlarmStatus = keyof typeof ALARM_STATUSES;

/** 报警原因 found on site. */
export const ALARM_CAUSES = {
  real_event: { zh: "真实报警", en: "Real event" },
  instrument_fault: { zh: "仪表故障", en: "Instrument fault" },
  maintenance: { zh: "检维修", en: "Maintenance" },
  false_alarm: { zh: "误报", en: "False alarm" },
} as const;
export type AlarmCause = keyof typeof ALARM_CAUSES;

export const ALARM_ACTIONS = {
  acknowledge: { zh: "确认", en: "Acknowledge" },
  verify: { zh: "现场核实", en: "Verify on site" },
  dispose: { zh: "处置反馈", en: "Dispose" },
  clear: { zh: "消警", en: "Clear" },
} as const;
export type AlarmAction = keyof typeof ALARM_ACTIONS;

export type AlarmRefusal = "ALARM_WRONG_STATUS" | "ALARM_CONDITION_ACTIVE" | "FORBIDDEN";

export interface AlarmActor {
  role: string;
  /** The actor belongs to the alarm's enterprise. */
  isMember: boolean;
}
export interface AlarmFacts {
  status: AlarmStatus;
  conditionActive: boolean;
}

const onDuty = (a: AlarmActor) => a.role === "admin" || a.isMember;
const manager = (a: AlarmActor) => a.role === "admin" || (a.isMember && (a.role === "enterprise_leader" || a.role === "enterprise_safety"));
const need = (ok: boolean, r: AlarmRefusal = "FORBIDDEN"): AlarmRefusal | null => (ok ? null : r);

interface AlarmTransition {
  from: readonly AlarmStatus[];
  to: AlarmStatus;
  check: (a: AlarmActor, f: AlarmFacts) => AlarmRefusal | null;
}

/** The one table every alarm transition follows (the server applies it with compare-and-set and an event row). */
export const ALARM_TRANSITIONS: Record<AlarmAction, AlarmTransition> = {
  acknowledge: { from: ["raised"], to: "acknowledged", check: (a) => need(onDuty(a)) },
  verify: { from: ["acknowledged"], to: "verified", check: (a) => need(onDuty(a)) },
  dispose: { from: ["verified"], to: "disposed", check: (a) => need(onDuty(a)) },
  /** 消警: by a manager, once the reading is back to normal. */
  clear: { from: ["disposed"], to: "cleared", check: (a, f) => need(manager(a)) ?? need(!f.conditionActive, "ALARM_CONDITION_ACTIVE") },
};

export function alarmRefusal(a: AlarmActor, f: AlarmFacts, action: AlarmAction): AlarmRefusal | null {
  const t = ALARM_TRANSITIONS[action];
  if (!t.from.includes(f.status)) return "ALARM_WRONG_STATUS";
  return t.check(a, f);
}

export function alarmActions(a: AlarmActor, f: AlarmFacts): AlarmAction[] {
  return (Object.keys(ALARM_TRANSITIONS) as AlarmAction[]).filter((k) => alarmRefusal(a, f, k) === null);
}

export const ALARM_REFUSAL_MESSAGES: Record<AlarmRefusal, string> = {
  ALARM_WRONG_STATUS: "报警当前状态不允许此操作",
  ALARM_CONDITION_ACTIVE: "测点仍处于报警状态，恢复正常后才能消警",
  FORBIDDEN: "无权处置该报警",
};

/**
 * Escalation of unacknowledged alarms (未确认升级): level 1 the enterprise's main leader, 2 the township regulator,
 * 3 the district. Minutes after raising at which each level starts; set by provincial rules [U], so configurable.
 */
export const DEFAULT_ALARM_ESCALATION_MINUTES: readonly number[] = [5, 15, 30];
export const ALARM_ESCALATION_LEVELS = {
  0: { zh: "企业值班人员", en: "Enterprise duty officer" },
  1: { zh: "企业主要负责人", en: "Enterprise main leader" },
  2: { zh: "属地乡镇（街道）", en: "Township" },
  3: { zh: "区（县）应急管理局", en: "District bureau" },
} as const;

export function alarmEscalationLevelAt(
  raisedAt: Date,
  status: AlarmStatus,
  now: Date,
  minutes: readonly number[] = DEFAULT_ALARM_ESCALATION_MINUTES,
): 0 | 1 | 2 | 3 {
  if (status !== "raised") return 0;
  const age = now.getTime() - raisedAt.getTime();
  let level: 0 | 1 | 2 | 3 = 0;
  minutes.forEach((m, i) => {
    if (age >= m * 60_000) level = (i + 1) as 1 | 2 | 3;
  });
  return level;
}

/**
 * An alarm as the live channel pushes it and as lists start from (docs/monitoring.md `LiveAlarm`): one shape for the
 * server, the web and the tests.
 */
export interface LiveAlarm {
  id: string;
  sensorId: number;
  tag: string;
  sensorName: string;
  engineeringUnit: string;
  enterpriseId: string;
  enterpriseName: string;
  unitId: string | null;
  unitName: string | null;
  kind: AlarmKind;
  level: LimitLevel | null;
  severity: AlarmSeverity;
  status: AlarmStatus;
  conditionActive: boolean;
  raisedAt: string;
  lastValue: number | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Online rate (在线率): the share of a period a sensor was not offline.

/** Online rate of one sensor over [from, to) given its offline spells (open spells have `to` null = still offline). */
export function onlineRate(from: number, to: number, spells: readonly { from: number; to: number | null }[]): number {
  const total = to - from;
  if (total <= 0) return 1;
  let off = 0;
  for (const s of spells) {
    const a = Math.max(from, s.from);
    const b = Math.min(to, s.to ?? to);
    if (b > a) off += b - a;
  }
  return Math.max(0, 1 - off / total);
}

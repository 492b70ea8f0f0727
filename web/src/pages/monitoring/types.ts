/** Shapes of the gateways, sensors, readings and overview API (docs/monitoring.md "Gateways and sensors", "Live channel"). */
import type { SensorType } from "@anguan/domain";

export type SensorStateCode = "normal" | "h" | "hh" | "l" | "ll" | "bad" | "offline" | "unknown";

export interface SensorCurrent {
  ts: string | null;
  value: number | null;
  quality: "good" | "bad" | null;
  state: SensorStateCode;
}

export interface Gateway {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  name: string;
  enabled: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  sensorCount: number;
}

export interface SensorConfig {
  rangeLow: number | null;
  rangeHigh: number | null;
  hh: number | null;
  h: number | null;
  l: number | null;
  ll: number | null;
  deadband: number;
  delaySeconds: number;
  rateLimit: number | null;
  periodSeconds: number;
  offlineAfterSeconds: number | null;
}

export interface Sensor extends SensorConfig {
  id: number;
  enterpriseId: string;
  enterpriseName: string;
  unitId: string | null;
  unitName: string | null;
  gatewayId: string;
  tag: string;
  name: string;
  type: SensorType;
  engineeringUnit: string;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  current: SensorCurrent | null;
}

export interface SensorList {
  items: Sensor[];
  total: number;
  page: number;
  pageSize: number;
  abilities: { create: boolean };
}

export interface SensorOpenAlarm {
  id: string;
  kind: string;
  level: string | null;
  severity: string;
  status: string;
  conditionActive: boolean;
  raisedAt: string;
  lastValue: number | null;
}

export interface SensorDetail extends Sensor {
  unit: { id: string; name: string; code: string; kind: string; isMajor: boolean; grade: number | null } | null;
  gateway: { id: string; name: string; enabled: boolean; lastSeenAt: string | null } | null;
  openAlarms: SensorOpenAlarm[];
  offlineAfterSecondsEffective: number;
  gasDefaults: { h: number; hh: number; l?: number; basis: string } | null;
  abilities: { update: boolean; delete: boolean };
}

export type ReadingBucket = "raw" | "minute" | "hour";
export interface RawReading {
  ts: string;
  value: number;
  quality?: "good" | "bad";
}
export interface AggReading {
  ts: string;
  avg: number;
  min: number;
  max: number;
  count: number;
}
export interface Readings {
  sensorId: number;
  from: string;
  to: string;
  bucket: ReadingBucket;
  intervalSeconds: number | null;
  points: (RawReading | AggReading)[];
}

export interface AlarmCounts {
  total: number;
  red: number;
  orange: number;
  yellow: number;
  blue: number;
}

export interface OverviewGroup {
  sensors: number;
  online: number;
  offline: number;
  onlineRate: number | null;
  activeAlarms: AlarmCounts;
  unacknowledged: number;
}

export interface MonitoringOverview extends OverviewGroup {
  at: string;
  period: { from: string; to: string };
  enterprises: (OverviewGroup & { enterpriseId: string; name: string })[];
  regions: (OverviewGroup & { code: string; name: string })[];
}

export interface OnlineRates {
  groupBy: "sensor" | "unit" | "enterprise" | "region";
  from: string;
  to: string;
  items: { key: string; name: string; sensors: number; onlineRate: number | null; onlineSeconds: number; observedSeconds: number }[];
}

/** The live channel's alarm (docs/monitoring.md `LiveAlarm`): the domain's shape. */
export type { LiveAlarm } from "@anguan/domain";

/** One changed sensor on the live channel's `values` event. */
export interface LiveValue {
  sensorId: number;
  ts: string;
  value: number | null;
  quality: "good" | "bad" | 0 | 1 | null;
  state: SensorStateCode;
}

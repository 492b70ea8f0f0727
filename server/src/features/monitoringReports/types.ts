/**
 * The body of a monitoring report (`monitoring_reports.data`), the one shape the page, the PDF and the Excel render.
 * Times are ISO-8601 strings, durations minutes, rates fractions 0–1 (null when there is nothing to measure).
 */
import type { AlarmKind, AlarmSeverity, AlarmStatus } from "@anguan/domain";
import type { RedListReason, ReportKind, ReportThresholds } from "./rules";

export interface ReportScopeInfo {
  type: "enterprise" | "region";
  key: string;
  enterpriseId: string | null;
  regionCode: string | null;
  /** 企业名称, or the region as officials write it (镇江市句容市宝华镇). */
  name: string;
  /** A sector-limited regulator's sectors (the report covers only those), else null. */
  sectors: string[] | null;
}

export interface Handling {
  acknowledged: number;
  ackMedianMinutes: number | null;
  ackAvgMinutes: number | null;
  disposed: number;
  disposeMedianMinutes: number | null;
  disposeAvgMinutes: number | null;
  /** Acknowledged within `thresholds.ackWithinMinutes`, of the alarms whose window has passed (or that were acknowledged). */
  ackTimelyRate: number | null;
  /** Disposed within `thresholds.disposeWithinHours`, likewise. */
  disposeTimelyRate: number | null;
  /** 处置及时率: acknowledged in time and disposed in time, of the alarms whose disposal window has passed (or that were disposed). */
  timeliness: number | null;
}

export interface Summary {
  alarms: number;
  byKind: Record<AlarmKind, number>;
  bySeverity: Record<AlarmSeverity, number>;
  byStatus: Record<AlarmStatus, number>;
  sensors: number;
  enterprises: number;
  onlineRate: number | null;
  offlineSpells: number;
  offlineMinutes: number;
  handling: Handling;
}

export interface AlarmRow {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  unitName: string | null;
  sensorId: number;
  tag: string;
  sensorName: string;
  engineeringUnit: string;
  kind: AlarmKind;
  level: string | null;
  severity: AlarmSeverity;
  value: number | null;
  limit: number | null;
  raisedAt: string;
  ackMinutes: number | null;
  disposeMinutes: number | null;
  cause: string | null;
  status: AlarmStatus;
}

export interface SpellRow {
  alarmId: string;
  enterpriseName: string;
  sensorId: number;
  tag: string;
  sensorName: string;
  from: string;
  /** null = still offline when the report was generated. */
  to: string | null;
  /** Offline minutes inside the period. */
  minutes: number;
}

export interface EnterpriseStat {
  enterpriseId: string;
  name: string;
  regionCode: string;
  sensors: number;
  alarms: number;
  bySeverity: Record<AlarmSeverity, number>;
  onlineRate: number | null;
  offlineSpells: number;
  offlineMinutes: number;
  ackTimelyRate: number | null;
  disposeTimelyRate: number | null;
  timeliness: number | null;
  /** Red alarms of the period not acknowledged when the report was generated. */
  unacknowledgedRed: number;
}

export interface TrendPoint {
  date: string;
  total: number;
  red: number;
  orange: number;
  yellow: number;
  blue: number;
}

export interface SourceCount {
  sensorId: number;
  tag: string;
  name: string;
  enterpriseName: string;
  unitName: string | null;
  count: number;
  kinds: Partial<Record<AlarmKind, number>>;
}

export interface UnitCount {
  unitId: string;
  name: string;
  enterpriseName: string;
  count: number;
}

export interface CauseCount {
  /** An ALARM_CAUSES code, or "unverified" (no cause recorded yet). */
  cause: string;
  count: number;
}

export interface ComparisonRow {
  key: "alarms" | "red" | "orange" | "yellow" | "blue" | "onlineRate" | "ackMedianMinutes" | "timeliness" | "offlineMinutes";
  current: number | null;
  previous: number | null;
}

export interface RankedEnterprise extends EnterpriseStat {
  rank: number;
}

export interface RedListEntry {
  enterpriseId: string;
  name: string;
  reasons: RedListReason[];
  onlineRate: number | null;
  timeliness: number | null;
  unacknowledgedRed: number;
}

export interface RegionTotal {
  code: string;
  name: string;
  enterprises: number;
  sensors: number;
  alarms: number;
  red: number;
  onlineRate: number | null;
  timeliness: number | null;
  redListed: number;
}

interface ReportBase {
  version: number;
  kind: ReportKind;
  periodStart: string;
  periodEnd: string;
  scope: ReportScopeInfo;
  generatedAt: string;
  /** The period was not over when generated (recomputed on each request until it is). */
  partial: boolean;
  thresholds: ReportThresholds;
  summary: Summary;
  enterprises: EnterpriseStat[];
}

export interface DailyReport extends ReportBase {
  kind: "daily";
  alarms: AlarmRow[];
  offlineSpells: SpellRow[];
}

export interface WeeklyReport extends ReportBase {
  kind: "weekly";
  trend: TrendPoint[];
  topSensors: SourceCount[];
  topUnits: UnitCount[];
  causes: CauseCount[];
  repeatOffenders: SourceCount[];
  previous: { periodStart: string; periodEnd: string; summary: Summary };
  comparison: ComparisonRow[];
}

export interface MonthlyReport extends ReportBase {
  kind: "monthly";
  trend: TrendPoint[];
  causes: CauseCount[];
  ranking: RankedEnterprise[];
  redList: RedListEntry[];
  /** Totals per child region (region reports only; empty for an enterprise). */
  regions: RegionTotal[];
}

export type ReportData = DailyReport | WeeklyReport | MonthlyReport;

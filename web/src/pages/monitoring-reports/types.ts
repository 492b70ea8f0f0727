/**
 * Shapes of GET /api/monitoring-reports and /list (docs/monitoring.md "Reports"; the server's
 * features/monitoringReports/types.ts). Re-exported from api/types.ts. Rates are fractions 0–1, durations minutes.
 */
import type { AlarmKind, AlarmSeverity, AlarmStatus } from "@anguan/domain";

export type MonitoringReportKind = "daily" | "weekly" | "monthly";

export interface MonitoringReportScope {
  type: "enterprise" | "region";
  key: string;
  enterpriseId: string | null;
  regionCode: string | null;
  name: string;
  sectors: string[] | null;
}

export interface MonitoringReportThresholds {
  ackWithinMinutes: number;
  disposeWithinHours: number;
  redList: { minOnlineRate: number; minTimeliness: number; unacknowledgedRed: boolean };
  repeatOffenderMinAlarms: number;
  topN: number;
}

export interface MonitoringReportHandling {
  acknowledged: number;
  ackMedianMinutes: number | null;
  ackAvgMinutes: number | null;
  disposed: number;
  disposeMedianMinutes: number | null;
  disposeAvgMinutes: number | null;
  ackTimelyRate: number | null;
  disposeTimelyRate: number | null;
  timeliness: number | null;
}

export interface MonitoringReportSummary {
  alarms: number;
  byKind: Record<AlarmKind, number>;
  bySeverity: Record<AlarmSeverity, number>;
  byStatus: Record<AlarmStatus, number>;
  sensors: number;
  enterprises: number;
  onlineRate: number | null;
  offlineSpells: number;
  offlineMinutes: number;
  handling: MonitoringReportHandling;
}

export interface MonitoringReportAlarm {
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

export interface MonitoringReportSpell {
  alarmId: string;
  enterpriseName: string;
  sensorId: number;
  tag: string;
  sensorName: string;
  from: string;
  to: string | null;
  minutes: number;
}

export interface MonitoringReportEnterprise {
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
  unacknowledgedRed: number;
}

export interface MonitoringReportTrendPoint {
  date: string;
  total: number;
  red: number;
  orange: number;
  yellow: number;
  blue: number;
}

export interface MonitoringReportSource {
  sensorId: number;
  tag: string;
  name: string;
  enterpriseName: string;
  unitName: string | null;
  count: number;
  kinds: Partial<Record<AlarmKind, number>>;
}

export interface MonitoringReportUnit {
  unitId: string;
  name: string;
  enterpriseName: string;
  count: number;
}

export interface MonitoringReportCause {
  cause: string;
  count: number;
}

export interface MonitoringReportComparison {
  key: "alarms" | "red" | "orange" | "yellow" | "blue" | "onlineRate" | "ackMedianMinutes" | "timeliness" | "offlineMinutes";
  current: number | null;
  previous: number | null;
}

export type MonitoringRedListReason = "online_rate" | "timeliness" | "unacknowledged_red";

export interface MonitoringReportRedListEntry {
  enterpriseId: string;
  name: string;
  reasons: MonitoringRedListReason[];
  onlineRate: number | null;
  timeliness: number | null;
  unacknowledgedRed: number;
}

export interface MonitoringReportRegion {
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

interface MonitoringReportBase {
  version: number;
  kind: MonitoringReportKind;
  periodStart: string;
  periodEnd: string;
  scope: MonitoringReportScope;
  generatedAt: string;
  partial: boolean;
  thresholds: MonitoringReportThresholds;
  summary: MonitoringReportSummary;
  enterprises: MonitoringReportEnterprise[];
}

export interface MonitoringDailyReport extends MonitoringReportBase {
  kind: "daily";
  alarms: MonitoringReportAlarm[];
  offlineSpells: MonitoringReportSpell[];
}

export interface MonitoringWeeklyReport extends MonitoringReportBase {
  kind: "weekly";
  trend: MonitoringReportTrendPoint[];
  topSensors: MonitoringReportSource[];
  topUnits: MonitoringReportUnit[];
  causes: MonitoringReportCause[];
  repeatOffenders: MonitoringReportSource[];
  previous: { periodStart: string; periodEnd: string; summary: MonitoringReportSummary };
  comparison: MonitoringReportComparison[];
}

export interface MonitoringMonthlyReport extends MonitoringReportBase {
  kind: "monthly";
  trend: MonitoringReportTrendPoint[];
  causes: MonitoringReportCause[];
  ranking: (MonitoringReportEnterprise & { rank: number })[];
  redList: MonitoringReportRedListEntry[];
  regions: MonitoringReportRegion[];
}

export type MonitoringReportData = MonitoringDailyReport | MonitoringWeeklyReport | MonitoringMonthlyReport;

/** GET /api/monitoring-reports. */
export interface MonitoringReport {
  id: string;
  kind: MonitoringReportKind;
  periodStart: string;
  periodEnd: string;
  scopeKey: string;
  generatedAt: string;
  data: MonitoringReportData;
}

/** An item of GET /api/monitoring-reports/list. */
export interface MonitoringReportListItem {
  id: string;
  kind: MonitoringReportKind;
  periodStart: string;
  periodEnd: string;
  scopeKey: string;
  scopeType: "enterprise" | "region";
  enterpriseId: string | null;
  regionCode: string | null;
  name: string;
  generatedAt: string;
  partial: boolean;
  alarms: number | null;
  onlineRate: number | null;
}

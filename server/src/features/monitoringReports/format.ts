/** Chinese labels and number formats shared by the PDF and the Excel of a report. */
import { ALARM_CAUSES, ALARM_KINDS, ALARM_SEVERITIES, ALARM_STATUSES, LIMIT_LEVELS } from "@anguan/domain";
import { RED_LIST_REASONS, REPORT_KINDS, type ReportKind } from "./rules";
import type { ComparisonRow, ReportData } from "./types";

const label = (table: Record<string, { zh: string }>, code: string | null | undefined, empty = "—") => (code ? (table[code]?.zh ?? code) : empty);

export const kindZh = (k: string) => label(ALARM_KINDS, k);
export const severityZh = (s: string) => label(ALARM_SEVERITIES, s);
export const statusZh = (s: string) => label(ALARM_STATUSES, s);
export const causeZh = (c: string | null) => (c === null || c === "unverified" ? "未核实" : label(ALARM_CAUSES, c));
export const levelZh = (l: string | null) => label(LIMIT_LEVELS, l, "");
export const reasonZh = (r: string) => label(RED_LIST_REASONS, r);
export const reportKindZh = (k: ReportKind) => REPORT_KINDS[k].zh;

export const SEVERITY_COLORS = { red: "#e53935", orange: "#fb8c00", yellow: "#fdd835", blue: "#1e88e5" } as const;

/** "2026-11-22 08:05" in Asia/Shanghai. */
export const timeZh = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "—");
export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`);
export const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(digits));
export const minutesZh = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${num(x)} 分钟`);

/** Minutes as "3 小时 20 分" (or "45 分"). */
export function durationZh(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} 分`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} 小时 ${m % 60} 分` : `${h} 小时`;
}

export const periodZh = (d: Pick<ReportData, "kind" | "periodStart" | "periodEnd">) =>
  d.kind === "daily"
    ? d.periodStart
    : d.kind === "monthly"
      ? `${d.periodStart.slice(0, 4)} 年 ${Number(d.periodStart.slice(5, 7))} 月`
      : `${d.periodStart} 至 ${d.periodEnd}`;

export const reportTitle = (d: ReportData) => `重大危险源在线监测${reportKindZh(d.kind)}`;

export const COMPARISON_LABELS: Record<ComparisonRow["key"], { zh: string; format: (x: number | null) => string }> = {
  alarms: { zh: "报警总数", format: (x) => num(x) },
  red: { zh: "红色预警", format: (x) => num(x) },
  orange: { zh: "橙色预警", format: (x) => num(x) },
  yellow: { zh: "黄色预警", format: (x) => num(x) },
  blue: { zh: "蓝色预警", format: (x) => num(x) },
  onlineRate: { zh: "在线率", format: (x) => pct(x, 2) },
  offlineMinutes: { zh: "离线时长（分钟）", format: (x) => num(x) },
  ackMedianMinutes: { zh: "确认用时中位数（分钟）", format: (x) => num(x) },
  timeliness: { zh: "处置及时率", format: (x) => pct(x) },
};

/** The change from the previous period, as text ("+3", "-1.2 个百分点", "—"). */
export function changeZh(r: ComparisonRow): string {
  if (r.current === null || r.previous === null) return "—";
  const d = r.current - r.previous;
  if (r.key === "onlineRate" || r.key === "timeliness") return `${d >= 0 ? "+" : ""}${(d * 100).toFixed(2)} 个百分点`;
  const s = Number.isInteger(d) ? String(d) : d.toFixed(1);
  return d > 0 ? `+${s}` : s;
}

/** ECharts options of the monitoring reports (the same charts the PDF draws on the server). */
import type { TFunction } from "i18next";
import type { EChartOption } from "../../components/EChart";
import type {
  MonitoringReportCause,
  MonitoringReportEnterprise,
  MonitoringReportRegion,
  MonitoringReportSource,
  MonitoringReportTrendPoint,
} from "../../api/types";
import { KINDS, type ReportLabels, SEVERITIES, SEVERITY_HEX } from "./labels";

const pct1 = (x: number) => Math.round(x * 1000) / 10;

export function severityPie(bySeverity: Record<string, number>, l: ReportLabels): EChartOption {
  return {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0 },
    series: [
      {
        type: "pie",
        radius: ["40%", "66%"],
        center: ["50%", "44%"],
        label: { formatter: "{b}\n{c}" },
        data: SEVERITIES.filter((s) => bySeverity[s]).map((s) => ({ name: l.severity(s), value: bySeverity[s], itemStyle: { color: SEVERITY_HEX[s] } })),
      },
    ],
  };
}

export function kindBar(byKind: Record<string, number>, l: ReportLabels): EChartOption {
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: KINDS.map((k) => l.kind(k)), axisLabel: { interval: 0, width: 64, overflow: "break" } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", barMaxWidth: 28, data: KINDS.map((k) => byKind[k] ?? 0), itemStyle: { color: "#1677ff" }, label: { show: true, position: "top" } }],
  };
}

export function trendBars(trend: MonitoringReportTrendPoint[], l: ReportLabels): EChartOption {
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: trend.map((p) => p.date.slice(5)) },
    yAxis: { type: "value", minInterval: 1 },
    series: SEVERITIES.map((s) => ({
      name: l.severity(s),
      type: "bar",
      stack: "alarms",
      barMaxWidth: 24,
      itemStyle: { color: SEVERITY_HEX[s] },
      data: trend.map((p) => p[s]),
    })),
  };
}

export function causesPie(causes: MonitoringReportCause[], l: ReportLabels): EChartOption {
  return {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    series: [
      {
        type: "pie",
        radius: ["40%", "66%"],
        center: ["50%", "44%"],
        label: { formatter: "{b}\n{c}" },
        data: causes.filter((c) => c.count).map((c) => ({ name: l.cause(c.cause), value: c.count })),
      },
    ],
  };
}

export function sourcesBar(sources: MonitoringReportSource[]): EChartOption {
  const rows = [...sources].reverse();
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((s) => `${s.tag} ${s.name}`), axisLabel: { width: 160, overflow: "truncate" } },
    series: [{ type: "bar", data: rows.map((s) => s.count), itemStyle: { color: "#1677ff" }, barMaxWidth: 14, label: { show: true, position: "right" } }],
  };
}

export function onlineRateBar(stats: MonitoringReportEnterprise[], redBelow: number): EChartOption {
  const rows = stats
    .filter((e) => e.onlineRate !== null)
    .sort((a, b) => (a.onlineRate ?? 1) - (b.onlineRate ?? 1))
    .slice(0, 15)
    .reverse();
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => `${v}%` },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, interval: 50, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: rows.map((e) => e.name), axisLabel: { width: 140, overflow: "truncate" } },
    series: [
      {
        type: "bar",
        barMaxWidth: 14,
        label: { show: true, position: "right", formatter: "{c}%" },
        data: rows.map((e) => ({ value: pct1(e.onlineRate!), itemStyle: { color: e.onlineRate! < redBelow ? "#e53935" : "#52c41a" } })),
      },
    ],
  };
}

export function rankingBar(stats: MonitoringReportEnterprise[], l: ReportLabels): EChartOption {
  const rows = stats.slice(0, 10).reverse();
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map((e) => e.name), axisLabel: { width: 160, overflow: "truncate" } },
    series: SEVERITIES.map((s) => ({
      name: l.severity(s),
      type: "bar",
      stack: "alarms",
      barMaxWidth: 14,
      itemStyle: { color: SEVERITY_HEX[s] },
      data: rows.map((e) => e.bySeverity[s]),
    })),
  };
}

export function regionsChart(regions: MonitoringReportRegion[], t: TFunction): EChartOption {
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 28, containLabel: true },
    xAxis: { type: "category", data: regions.map((r) => r.name), axisLabel: { interval: 0, rotate: regions.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { name: t("monitoringReports.cols.alarms"), type: "bar", barMaxWidth: 24, itemStyle: { color: "#1677ff" }, data: regions.map((r) => r.alarms) },
      {
        name: t("monitoringReports.cols.onlineRate"),
        type: "line",
        yAxisIndex: 1,
        itemStyle: { color: "#13a8a8" },
        data: regions.map((r) => (r.onlineRate === null ? null : pct1(r.onlineRate))),
        tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${v}%`) },
      },
    ],
  };
}

/** Height for a horizontal bar chart of n rows. */
export const barHeight = (n: number, min = 160) => Math.max(min, Math.min(15, n) * 28 + 48);

/** ECharts options of the statistics page. */
import type { TFunction } from "i18next";
import type { HazardStats, HazardStatsGroup } from "../../api/types";
import type { EChartOption } from "../../components/EChart";

export const groupName = (g: HazardStatsGroup) => g.name ?? g.label ?? g.key;
export const groupCount = (g: HazardStatsGroup) => g.found ?? g.count ?? 0;

/** Found and rectified per period (bars) with the rectification rate (line, right axis). */
/** A period's label: months as YYYY-MM, days and weeks (their Monday) as MM-DD within one year. */
export function periodLabel(period: string, granularity: string): string {
  if (granularity === "month") return period.slice(0, 7);
  return period.slice(5);
}

export function trendOption(trend: HazardStats["trend"], t: TFunction, granularity = "month"): EChartOption {
  const pct = (r: number | null | undefined) => (r === null || r === undefined ? null : Math.round((r > 1 ? r : r * 100) * 10) / 10);
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 44, top: 36, bottom: 28 },
    xAxis: { type: "category", data: trend.map((p) => periodLabel(p.period, granularity)) },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { name: t("hazardStats.found"), type: "bar", barMaxWidth: 18, data: trend.map((p) => p.found ?? 0), itemStyle: { color: "#1677ff" } },
      { name: t("hazardStats.rectified"), type: "bar", barMaxWidth: 18, data: trend.map((p) => p.rectified ?? 0), itemStyle: { color: "#52c41a" } },
      {
        name: t("hazardStats.rate"),
        type: "line",
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        data: trend.map((p) => pct(p.rectificationRate)),
        itemStyle: { color: "#13a8a8" },
        tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${v}%`) },
      },
    ],
  };
}

/** Found / rectified / overdue per group as horizontal bars (regions, enterprises, sectors). */
export function barOption(groups: HazardStatsGroup[], t: TFunction, label: (g: HazardStatsGroup) => string = groupName): EChartOption {
  const rows = [...groups].sort((a, b) => groupCount(a) - groupCount(b)).slice(-15);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: rows.map(label), axisLabel: { width: 140, overflow: "truncate" } },
    series: [
      { name: t("hazardStats.found"), type: "bar", data: rows.map(groupCount), itemStyle: { color: "#1677ff" }, barMaxWidth: 14 },
      { name: t("hazardStats.rectified"), type: "bar", data: rows.map((g) => g.rectified ?? 0), itemStyle: { color: "#52c41a" }, barMaxWidth: 14 },
      { name: t("hazardStats.overdue"), type: "bar", data: rows.map((g) => g.overdue ?? 0), itemStyle: { color: "#ff7875" }, barMaxWidth: 14 },
    ],
  };
}

/** Height for a horizontal bar chart of n rows (three bars a row). */
export const barHeight = (n: number, min = 260) => Math.max(min, Math.min(15, n) * 30 + 60);

export function pieOption(groups: HazardStatsGroup[], label: (g: HazardStatsGroup) => string, colors?: Record<string, string>): EChartOption {
  // Labels beside the slices only when there are few; otherwise the legend and the tooltip name them.
  const few = groups.filter((g) => groupCount(g) > 0).length <= 4;
  return {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0, type: "scroll" },
    series: [
      {
        type: "pie",
        radius: ["40%", "68%"],
        center: ["50%", "44%"],
        label: few ? { formatter: "{b}\n{c}" } : { show: false },
        labelLine: { show: few },
        data: groups.map((g) => ({ name: label(g), value: groupCount(g), itemStyle: colors?.[g.key] ? { color: colors[g.key] } : undefined })),
      },
    ],
  };
}

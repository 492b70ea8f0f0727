/**
 * The report's charts for the PDF, drawn on the server by ECharts' server-side renderer as SVG strings (no DOM, no
 * canvas). Text uses the font family `CHART_FONT`, which the PDF maps to the Noto CJK face (see pdf.ts).
 */
import * as echarts from "echarts";
import { ALARM_SEVERITIES } from "@anguan/domain";
import { causeZh, SEVERITY_COLORS, severityZh } from "./format";
import type { CauseCount, EnterpriseStat, RegionTotal, SourceCount, TrendPoint } from "./types";

export const CHART_FONT = "AnguanChartCJK";

export interface ChartSvg {
  title: string;
  svg: string;
  width: number;
  height: number;
}

/**
 * ECharts outlines some labels with a white stroke painted under the fill (`paint-order="stroke"`); the PDF's SVG
 * renderer ignores paint-order and paints the stroke over the text, hiding it: labels are drawn without the outline.
 */
export function withoutTextStroke(svg: string): string {
  return svg.replace(/<text\b[^>]*>/g, (tag) => tag.replace(/\s(stroke|stroke-width|paint-order|stroke-miterlimit)="[^"]*"/g, ""));
}

function render(title: string, option: Record<string, unknown>, width = 520, height = 260): ChartSvg {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT, fontSize: 9 }, ...withFont(option) });
    return { title, svg: withoutTextStroke(chart.renderToSVGString()), width, height };
  } finally {
    chart.dispose();
  }
}

/** Every axis, legend and label in the chart font at 9 px; no text border (the PDF cannot paint a stroke under the fill). */
function withFont(option: Record<string, unknown>): Record<string, unknown> {
  const text = { fontFamily: CHART_FONT, fontSize: 9 };
  const each = (v: unknown, f: (x: Record<string, unknown>) => Record<string, unknown>) =>
    Array.isArray(v) ? v.map(f) : v ? f(v as Record<string, unknown>) : v;
  const axis = (a: Record<string, unknown>) => ({ ...a, axisLabel: { ...text, ...(a.axisLabel as object) } });
  return {
    ...option,
    legend: each(option.legend, (l) => ({ itemWidth: 14, itemHeight: 8, ...l, textStyle: { ...text, ...(l.textStyle as object) } })),
    xAxis: each(option.xAxis, axis),
    yAxis: each(option.yAxis, axis),
    series: each(option.series, (s) => (s.label ? { ...s, label: { ...text, textBorderWidth: 0, ...(s.label as object) } } : s)),
  };
}

const SEVERITIES = Object.keys(ALARM_SEVERITIES) as (keyof typeof ALARM_SEVERITIES)[];
const shortDate = (d: string) => d.slice(5);
const short = (s: string, n = 12) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Alarms per day, stacked by warning colour. */
export function trendChart(trend: readonly TrendPoint[], title = "每日报警趋势（按预警等级）"): ChartSvg {
  return render(title, {
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: "category", data: trend.map((p) => shortDate(p.date)) },
    yAxis: { type: "value", minInterval: 1 },
    series: SEVERITIES.map((s) => ({
      name: severityZh(s),
      type: "bar",
      stack: "alarms",
      barMaxWidth: 22,
      itemStyle: { color: SEVERITY_COLORS[s] },
      data: trend.map((p) => p[s]),
    })),
  });
}

/** Alarms by warning colour and by kind. */
export function severityChart(bySeverity: Record<string, number>, title = "报警等级分布"): ChartSvg {
  return render(
    title,
    {
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["35%", "62%"],
          center: ["50%", "45%"],
          label: { formatter: "{b}: {c}", overflow: "none" },
          data: SEVERITIES.filter((s) => bySeverity[s]).map((s) => ({ name: severityZh(s), value: bySeverity[s], itemStyle: { color: SEVERITY_COLORS[s] } })),
        },
      ],
    },
    360,
    220,
  );
}

export function causesChart(causes: readonly CauseCount[], title = "报警原因构成"): ChartSvg {
  return render(
    title,
    {
      legend: { bottom: 0 },
      series: [
        {
          type: "pie",
          radius: ["35%", "62%"],
          center: ["50%", "45%"],
          label: { formatter: "{b}: {c}", overflow: "none" },
          data: causes.filter((c) => c.count).map((c) => ({ name: causeZh(c.cause), value: c.count })),
        },
      ],
    },
    360,
    220,
  );
}

/** Horizontal bars: the top alarm sources. */
export function sourcesChart(sources: readonly SourceCount[], title = "报警次数前十的监测点"): ChartSvg {
  const rows = [...sources].reverse();
  return render(
    title,
    {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map((s) => short(`${s.tag} ${s.name}`, 18)) },
      series: [{ type: "bar", data: rows.map((s) => s.count), itemStyle: { color: "#1677ff" }, barMaxWidth: 14, label: { show: true, position: "right" } }],
    },
    520,
    Math.max(120, rows.length * 24 + 30),
  );
}

/** Online rate per enterprise (lowest first, at most 15). */
export function onlineRateChart(stats: readonly EnterpriseStat[], title = "企业在线率（最低的 15 家）"): ChartSvg {
  const rows = stats
    .filter((e) => e.onlineRate !== null)
    .sort((a, b) => a.onlineRate! - b.onlineRate!)
    .slice(0, 15)
    .reverse();
  return render(
    title,
    {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: rows.map((e) => short(e.name, 16)) },
      series: [
        {
          type: "bar",
          data: rows.map((e) => ({ value: Math.round(e.onlineRate! * 1000) / 10, itemStyle: { color: e.onlineRate! < 0.95 ? "#e53935" : "#52c41a" } })),
          barMaxWidth: 14,
          label: { show: true, position: "right", formatter: "{c}%" },
        },
      ],
    },
    520,
    Math.max(100, rows.length * 24 + 30),
  );
}

/** Alarms per enterprise (the most first, at most 10). */
export function rankingChart(stats: readonly EnterpriseStat[], title = "企业报警次数排名（前十）"): ChartSvg {
  const rows = stats.slice(0, 10).reverse();
  return render(
    title,
    {
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: rows.map((e) => short(e.name, 16)) },
      series: SEVERITIES.map((s) => ({
        name: severityZh(s),
        type: "bar",
        stack: "alarms",
        itemStyle: { color: SEVERITY_COLORS[s] },
        barMaxWidth: 14,
        data: rows.map((e) => e.bySeverity[s]),
      })),
    },
    520,
    Math.max(120, rows.length * 26 + 50),
  );
}

/** Alarms (bars) and online rate (line) per child region. */
export function regionsChart(regions: readonly RegionTotal[], title = "各区域报警次数与在线率"): ChartSvg {
  return render(title, {
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 32, bottom: 48 },
    xAxis: { type: "category", data: regions.map((r) => short(r.name, 6)), axisLabel: { interval: 0, rotate: regions.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: "value", minInterval: 1 },
      { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
    ],
    series: [
      { name: "报警次数", type: "bar", barMaxWidth: 22, itemStyle: { color: "#1677ff" }, data: regions.map((r) => r.alarms) },
      {
        name: "在线率",
        type: "line",
        yAxisIndex: 1,
        itemStyle: { color: "#13a8a8" },
        data: regions.map((r) => (r.onlineRate === null ? null : Math.round(r.onlineRate * 1000) / 10)),
      },
    ],
  });
}

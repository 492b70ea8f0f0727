/**
 * A sensor's trend (ECharts line) over 1 h / 24 h / 7 d / 30 d from the readings API, with its alarm limits as
 * dashed lines (高高/高 red and orange above, 低/低低 below). Bucketed answers draw the average with a min–max band.
 */
import { Empty, Radio, Space, Spin, Typography } from "antd";
import { MarkLineComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { EChart, type EChartOption } from "../../components/EChart";
import { errorMessage } from "../../lib/errors";
import { dayjs, TZ } from "../../lib/format";
import { fmtNum } from "./labels";
import { TREND_RANGES, type TrendRange, useReadings } from "./queries";
import type { AggReading, RawReading } from "./types";

echarts.use([MarkLineComponent]);

interface Props {
  sensor: {
    id: number;
    name: string;
    tag: string;
    engineeringUnit: string;
    hh: number | null;
    h: number | null;
    l: number | null;
    ll: number | null;
  };
  height?: number;
  defaultRange?: TrendRange;
}

const LIMIT_STYLE: Record<"hh" | "h" | "l" | "ll", string> = { hh: "#dc2626", h: "#d97706", l: "#d97706", ll: "#dc2626" };

export function TrendChart({ sensor, height = 300, defaultRange = "24h" }: Props) {
  const { t } = useTranslation();
  const [range, setRange] = useState<TrendRange>(defaultRange);
  const q = useReadings(sensor.id, range);
  const data = q.data;

  const option = useMemo<EChartOption | null>(() => {
    if (!data || data.points.length === 0) return null;
    const fmt = range === "1h" || range === "24h" ? "HH:mm" : "MM-DD HH:mm";
    const raw = data.bucket === "raw";
    const pts = data.points;
    const main = raw ? (pts as RawReading[]).filter((p) => p.quality !== "bad").map((p) => [p.ts, p.value]) : (pts as AggReading[]).map((p) => [p.ts, p.avg]);
    const limits = (["hh", "h", "l", "ll"] as const)
      .filter((k) => sensor[k] !== null)
      .map((k) => ({
        name: t(`monitoring.limit.${k}`),
        yAxis: sensor[k],
        lineStyle: { color: LIMIT_STYLE[k], type: "dashed" as const },
        label: { formatter: `${t(`monitoring.limit.${k}`)} ${fmtNum(sensor[k])}`, position: "insideEndTop" as const, color: LIMIT_STYLE[k] },
      }));
    const series: Record<string, unknown>[] = [
      {
        name: raw ? t("monitoring.trend.value") : t("monitoring.trend.avg"),
        type: "line",
        showSymbol: main.length < 60,
        data: main,
        lineStyle: { width: 1.5 },
        markLine: limits.length ? { symbol: "none", silent: true, data: limits } : undefined,
      },
    ];
    if (!raw) {
      const agg = pts as AggReading[];
      series.push(
        { name: "min", type: "line", data: agg.map((p) => [p.ts, p.min]), lineStyle: { opacity: 0 }, stack: "band", symbol: "none", tooltip: { show: false } },
        {
          name: t("monitoring.trend.band"),
          type: "line",
          data: agg.map((p) => [p.ts, p.max - p.min]),
          lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(37, 99, 235, 0.12)" },
          stack: "band",
          symbol: "none",
          tooltip: { show: false },
        },
      );
    }
    // Keep the limit lines in view.
    const values = main.map((p) => p[1] as number);
    const lims = limits.map((l) => l.yAxis as number);
    const lo = Math.min(...values, ...lims);
    const hi = Math.max(...values, ...lims);
    // Round bounds on a step of half a power of ten; not below zero when nothing is.
    const span = hi - lo || Math.abs(hi) || 1;
    const step = 10 ** Math.floor(Math.log10(span)) / 2;
    const nice = (x: number) => Number(x.toPrecision(12));
    let yMin = nice(Math.floor((lo - span * 0.05) / step) * step);
    if (lo >= 0 && yMin < 0) yMin = 0;
    const yMax = nice(Math.ceil((hi + span * 0.05) / step) * step);
    return {
      grid: { left: 56, right: 24, top: 24, bottom: 32 },
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: unknown) => `${fmtNum(Number(v))} ${sensor.engineeringUnit}`,
      },
      // The whole chosen window, whatever the data covers (one point alone would otherwise stretch the axis to days).
      xAxis: {
        type: "time",
        min: Date.now() - TREND_RANGES[range],
        max: Date.now(),
        axisLabel: { formatter: (v: number) => dayjs(v).tz(TZ).format(fmt), hideOverlap: true },
      },
      yAxis: { type: "value", name: sensor.engineeringUnit, min: yMin, max: yMax },
      series,
      animation: false,
    };
  }, [data, range, sensor, t]);

  return (
    <div data-testid="trend-chart" data-sensor-id={sensor.id}>
      <Space style={{ marginBottom: 8, justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Text type="secondary">
          {sensor.name} <Typography.Text code>{sensor.tag}</Typography.Text>
          {data && (
            <span data-testid="trend-bucket" data-bucket={data.bucket} style={{ marginInlineStart: 8, fontSize: 12 }}>
              {data.bucket === "raw" ? t("monitoring.trend.raw") : t("monitoring.trend.bucketed", { minutes: Math.round((data.intervalSeconds ?? 60) / 60) })}
              {" · "}
              {t("monitoring.trend.points", { n: data.points.length })}
            </span>
          )}
        </Typography.Text>
        <Radio.Group size="small" value={range} onChange={(e) => setRange(e.target.value as TrendRange)} data-testid="trend-range" optionType="button">
          {(Object.keys(TREND_RANGES) as TrendRange[]).map((r) => (
            <Radio.Button key={r} value={r} data-testid={`trend-range-${r}`}>
              {t(`monitoring.trend.range.${r}`)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Space>
      {q.error ? (
        <Typography.Text type="danger">{errorMessage(q.error, t)}</Typography.Text>
      ) : q.isPending ? (
        <div style={{ height, display: "grid", placeItems: "center" }}>
          <Spin />
        </div>
      ) : option ? (
        <EChart option={option} height={height} data-testid="trend-canvas" />
      ) : (
        <div style={{ height, display: "grid", placeItems: "center" }}>
          <Empty description={t("monitoring.trend.empty")} />
        </div>
      )}
    </div>
  );
}

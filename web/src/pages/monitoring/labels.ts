/** Sensor states and types in the current language, their colours, and value formatting of the monitoring pages. */
import { SENSOR_TYPES } from "@anguan/domain";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type Labelled, pick } from "../../i18n/labels";
import type { SensorStateCode } from "./types";

/** normal green, first-level limits yellow, second-level red, no usable data grey. */
export const STATE_COLORS: Record<SensorStateCode, string> = {
  normal: "#16a34a",
  h: "#d97706",
  l: "#d97706",
  hh: "#dc2626",
  ll: "#dc2626",
  bad: "#9ca3af",
  offline: "#9ca3af",
  unknown: "#9ca3af",
};
export const STATE_TAG_COLORS: Record<SensorStateCode, string> = {
  normal: "success",
  h: "warning",
  l: "warning",
  hh: "error",
  ll: "error",
  bad: "default",
  offline: "default",
  unknown: "default",
};

export const SENSOR_STATE_CODES: SensorStateCode[] = ["normal", "h", "hh", "l", "ll", "bad", "offline", "unknown"];

export function useSensorLabels() {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const types = SENSOR_TYPES as unknown as Record<string, Labelled & { unit: string }>;
    return {
      state: (s: SensorStateCode | null | undefined) => t(`monitoring.state.${s ?? "unknown"}`),
      type: (c: string | null | undefined) => (c ? pick(types[c], i18n.language, c) : ""),
      typeOptions: () => Object.keys(types).map((k) => ({ value: k, label: pick(types[k], i18n.language, k) })),
    };
  }, [t, i18n.language]);
}

/** "12.5" (up to 3 decimals, grouped when large); "—" when there is no value. */
export function fmtNum(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return Math.abs(v) >= 1000 ? v.toLocaleString("zh-CN", { maximumFractionDigits: 1 }) : String(Math.round(v * 1000) / 1000);
}

/** An online rate as a percentage: "98.5%" ("—" when nothing was observed). */
export function fmtRate(r: number | null | undefined): string {
  if (r === null || r === undefined) return "—";
  return `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** Limits as one line: "L 19.5 / H 23.5 / HH 25". */
export function limitsLine(s: { ll: number | null; l: number | null; h: number | null; hh: number | null }): string {
  const parts: string[] = [];
  if (s.ll !== null) parts.push(`LL ${fmtNum(s.ll)}`);
  if (s.l !== null) parts.push(`L ${fmtNum(s.l)}`);
  if (s.h !== null) parts.push(`H ${fmtNum(s.h)}`);
  if (s.hh !== null) parts.push(`HH ${fmtNum(s.hh)}`);
  return parts.length ? parts.join(" / ") : "—";
}

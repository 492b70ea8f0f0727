/** Labels and colours of the alarm enumerations (domain/src/monitoring.ts) in the current language. */
import {
  ALARM_ACTIONS,
  ALARM_CAUSES,
  ALARM_ESCALATION_LEVELS,
  ALARM_KINDS,
  ALARM_SEVERITIES,
  ALARM_STATUSES,
  LIMIT_LEVELS,
  SENSOR_TYPES,
} from "@anguan/domain";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type Labelled, pick } from "../../i18n/labels";

const table = (t: Record<string | number, Labelled>) => t as Record<string, Labelled>;

/** Warning colours as antd tag colours (红/橙/黄/蓝). */
export const SEVERITY_COLORS: Record<string, string> = { red: "red", orange: "orange", yellow: "gold", blue: "blue" };
export const STATUS_COLORS: Record<string, string> = {
  raised: "red",
  acknowledged: "orange",
  verified: "gold",
  disposed: "cyan",
  cleared: "green",
};

export function makeAlarmLabels(lang: string) {
  const l = (tbl: Record<string, Labelled>, code: string | number | null | undefined) =>
    code === null || code === undefined || code === "" ? "" : pick(tbl[String(code)], lang, String(code));
  const options = (tbl: Record<string, Labelled>) => Object.keys(tbl).map((k) => ({ value: k, label: l(tbl, k) }));
  return {
    status: (c?: string | null) => l(table(ALARM_STATUSES), c),
    severity: (c?: string | null) => l(table(ALARM_SEVERITIES), c),
    kind: (c?: string | null) => l(table(ALARM_KINDS), c),
    level: (c?: string | null) => l(table(LIMIT_LEVELS), c),
    cause: (c?: string | null) => l(table(ALARM_CAUSES), c),
    action: (c: string) => l(table(ALARM_ACTIONS), c),
    escalation: (n: number | string) => l(table(ALARM_ESCALATION_LEVELS), n),
    sensorType: (c?: string | null) => l(table(SENSOR_TYPES as unknown as Record<string, Labelled>), c),
    /** "高高报" for a limit alarm with its level, else the kind ("离线"). */
    kindLevel: (kind: string, level: string | null) => (kind === "limit" && level ? l(table(LIMIT_LEVELS), level) : l(table(ALARM_KINDS), kind)),
    statusOptions: () => options(table(ALARM_STATUSES)),
    severityOptions: () => options(table(ALARM_SEVERITIES)),
    kindOptions: () => options(table(ALARM_KINDS)),
    causeOptions: () => options(table(ALARM_CAUSES)),
  };
}

export type AlarmLabels = ReturnType<typeof makeAlarmLabels>;

export function useAlarmLabels(): AlarmLabels {
  const { i18n } = useTranslation();
  return useMemo(() => makeAlarmLabels(i18n.language), [i18n.language]);
}

/** A reading with its unit: "85.2 ℃" ("" when there is none). */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "";
  const n = Math.abs(v) >= 1000 ? v.toLocaleString("zh-CN", { maximumFractionDigits: 1 }) : String(Math.round(v * 1000) / 1000);
  return unit ? `${n} ${unit}` : n;
}

/** Labels and number formats of the monitoring reports in the current language. */
import { ALARM_CAUSES, ALARM_KINDS, ALARM_SEVERITIES, ALARM_STATUSES, LIMIT_LEVELS } from "@anguan/domain";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type Labelled, pick } from "../../i18n/labels";

export const SEVERITY_HEX: Record<string, string> = { red: "#e53935", orange: "#fb8c00", yellow: "#fdd835", blue: "#1e88e5" };
export const SEVERITY_TAG: Record<string, string> = { red: "red", orange: "orange", yellow: "gold", blue: "blue" };
export const SEVERITIES = Object.keys(ALARM_SEVERITIES) as (keyof typeof ALARM_SEVERITIES)[];
export const KINDS = Object.keys(ALARM_KINDS) as (keyof typeof ALARM_KINDS)[];

const lookup = (table: Record<string, Labelled>, code: string | null | undefined, lang: string) => (code ? pick(table[code], lang, code) : "");

export function makeReportLabels(lang: string, t: TFunction) {
  return {
    kind: (c: string) => lookup(ALARM_KINDS, c, lang),
    severity: (c: string) => lookup(ALARM_SEVERITIES, c, lang),
    status: (c: string) => lookup(ALARM_STATUSES, c, lang),
    level: (c: string | null) => lookup(LIMIT_LEVELS, c, lang),
    cause: (c: string | null) => (!c || c === "unverified" ? t("monitoringReports.unverified") : lookup(ALARM_CAUSES, c, lang)),
    /** "93.06%", or "—". */
    pct: (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`),
    /** "4 分钟" / "4 min", or "—". */
    minutes: (x: number | null | undefined) =>
      x === null || x === undefined ? "—" : t("monitoringReports.summary.minutes", { value: Number.isInteger(x) ? x : x.toFixed(1) }),
    /** "3 小时 20 分". */
    duration: (minutes: number) => {
      const m = Math.round(minutes);
      if (m < 60) return t("monitoringReports.duration.minutes", { m });
      const h = Math.floor(m / 60);
      return m % 60 ? t("monitoringReports.duration.hoursMinutes", { h, m: m % 60 }) : t("monitoringReports.duration.hours", { h });
    },
  };
}

export type ReportLabels = ReturnType<typeof makeReportLabels>;

export function useReportLabels(): ReportLabels {
  const { i18n, t } = useTranslation();
  return useMemo(() => makeReportLabels(i18n.language, t), [i18n.language, t]);
}

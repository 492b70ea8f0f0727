/** Labels and colours of the hazard enumerations (domain/src/hazard.ts) in the current language. */
import {
  ESCALATION_LEVELS,
  EVIDENCE_STAGES,
  HAZARD_ACTIONS,
  HAZARD_CATEGORIES,
  HAZARD_LEVELS,
  HAZARD_SOURCES,
  HAZARD_STATUSES,
  HAZARD_TYPES,
  MANAGE_TYPES,
} from "@anguan/domain";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { type Labelled, pick } from "../../i18n/labels";

const table = (t: Record<string | number, Labelled>) => t as Record<string, Labelled>;

export const STATUS_COLORS: Record<string, string> = {
  reported: "gold",
  rectifying: "blue",
  awaiting_acceptance: "cyan",
  awaiting_signoff: "purple",
  closed: "green",
  dismissed: "default",
};
export const LEVEL_COLORS: Record<string, string> = { general: "orange", major: "red" };

export const STAGE_EN: Record<string, string> = { report: "Before rectification", rectification: "After rectification", acceptance: "Acceptance" };

export function makeHazardLabels(lang: string) {
  const l = (tbl: Record<string, Labelled>, code: string | number | null | undefined) =>
    code === null || code === undefined || code === "" ? "" : pick(tbl[String(code)], lang, String(code));
  const options = (tbl: Record<string, Labelled>) => Object.keys(tbl).map((k) => ({ value: k, label: l(tbl, k) }));
  return {
    status: (c?: string | null) => l(table(HAZARD_STATUSES), c),
    level: (c?: string | null) => l(table(HAZARD_LEVELS), c),
    source: (c?: string | null) => l(table(HAZARD_SOURCES), c),
    type: (c?: number | string | null) => l(table(HAZARD_TYPES), c),
    manageType: (c?: string | null) => l(table(MANAGE_TYPES), c),
    category: (c?: number | string | null) => l(table(HAZARD_CATEGORIES), c),
    action: (c: string) => l(table(HAZARD_ACTIONS), c),
    escalation: (n: number | string) => l(table(ESCALATION_LEVELS), n),
    stage: (s: string) => (lang === "en" ? (STAGE_EN[s] ?? s) : ((EVIDENCE_STAGES as Record<string, string>)[s] ?? s)),
    statusOptions: () => options(table(HAZARD_STATUSES)),
    levelOptions: () => options(table(HAZARD_LEVELS)),
    sourceOptions: () => options(table(HAZARD_SOURCES)),
    typeOptions: () => options(table(HAZARD_TYPES)).map((o) => ({ ...o, value: Number(o.value) })),
    manageTypeOptions: () => options(table(MANAGE_TYPES)),
    categoryOptions: () => options(table(HAZARD_CATEGORIES)).map((o) => ({ ...o, value: Number(o.value) })),
  };
}

export type HazardLabels = ReturnType<typeof makeHazardLabels>;

export function useHazardLabels(): HazardLabels {
  const { i18n } = useTranslation();
  return useMemo(() => makeHazardLabels(i18n.language), [i18n.language]);
}

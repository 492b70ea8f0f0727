/** Labels of the domain's enumerations in the current language. */
import {
  ATTACHMENT_CATEGORIES,
  DEPARTMENTS,
  HAZARDOUS_PROCESSES,
  HAZARDOUS_PROCESSES_EN,
  LICENCE_TYPES,
  OPERATING_STATUSES,
  ORG_KINDS,
  REGION_LEVELS,
  ROLES,
  SECTORS,
  SUPERVISION_LEVELS,
} from "@anguan/domain";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export type Labelled = { zh: string; en: string };

export function pick(entry: Labelled | undefined, lang: string, fallback = ""): string {
  if (!entry) return fallback;
  return lang === "en" ? entry.en : entry.zh;
}

function lookup(table: Record<string, Labelled>, code: string | null | undefined, lang: string): string {
  if (!code) return "";
  return pick(table[code], lang, code);
}

export function makeLabels(lang: string) {
  return {
    lang,
    sector: (c?: string | null) => lookup(SECTORS, c, lang),
    status: (c?: string | null) => lookup(OPERATING_STATUSES, c, lang),
    level: (c?: string | null) => lookup(SUPERVISION_LEVELS, c, lang),
    licenceType: (c?: string | null) => lookup(LICENCE_TYPES, c, lang),
    role: (c?: string | null) => lookup(ROLES, c, lang),
    orgKind: (c?: string | null) => lookup(ORG_KINDS, c, lang),
    department: (c?: string | null) => lookup(DEPARTMENTS, c, lang),
    regionLevel: (c?: string | null) => lookup(REGION_LEVELS, c, lang),
    process: (n: number) => (lang === "en" ? HAZARDOUS_PROCESSES_EN : HAZARDOUS_PROCESSES)[n - 1] ?? String(n),
    attachmentCategory: (c?: string | null) => lookup(ATTACHMENT_CATEGORIES, c, lang),
    options: (table: Record<string, Labelled>, only?: readonly string[]) =>
      Object.keys(table)
        .filter((k) => !only || only.includes(k))
        .map((k) => ({ value: k, label: lookup(table, k, lang) })),
  };
}

export type Labels = ReturnType<typeof makeLabels>;

export function useLabels(): Labels {
  const { i18n } = useTranslation();
  return useMemo(() => makeLabels(i18n.language), [i18n.language]);
}

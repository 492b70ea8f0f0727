/** Labels and colours of the permit enumerations (domain gb30871.ts) in the current language, and the permit tags. */
import {
  APPROVER_LEVELS,
  EVIDENCE_NODES,
  GAS_KINDS,
  PERMIT_GRADES,
  PERMIT_STATUSES,
  type PermitGrade,
  type PermitStatus,
  SPECIAL_WORK_TYPE_CODES,
  SPECIAL_WORK_TYPES,
  type SpecialWorkType,
} from "@anguan/domain";
import { Tag } from "antd";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";
import { type Labelled, pick } from "../../i18n/labels";
import { dayjs, TZ } from "../../lib/format";
import { tDynamic } from "../../lib/i18nKeys";

const table = (t: unknown) => t as Record<string, Labelled>;

/** Grade colours: the highest grade of each type red, then orange, gold, blue. */
export const GRADE_COLORS: Record<PermitGrade, string> = {
  hot_special: "red",
  hot_1: "orange",
  hot_2: "gold",
  height_4: "red",
  height_3: "orange",
  height_2: "gold",
  height_1: "blue",
  lifting_1: "red",
  lifting_2: "orange",
  lifting_3: "gold",
};

export const STATUS_COLORS: Record<PermitStatus, string> = {
  draft: "default",
  pending_approval: "processing",
  approved: "cyan",
  in_progress: "green",
  suspended: "warning",
  completed: "purple",
  closed: "success",
  cancelled: "error",
};

export function makePermitLabels(lang: string, t: (key: string, fallback: string) => string) {
  const l = (tbl: Record<string, Labelled>, code: string | null | undefined) => (code ? pick(tbl[code], lang, code) : "");
  return {
    type: (c?: string | null) => l(table(SPECIAL_WORK_TYPES), c),
    grade: (c?: string | null) => l(table(PERMIT_GRADES), c),
    status: (c?: string | null) => l(table(PERMIT_STATUSES), c),
    level: (c?: string | null) => l(table(APPROVER_LEVELS), c),
    node: (c?: string | null) => l(table(EVIDENCE_NODES), c),
    gasKind: (c?: string | null) => l(table(GAS_KINDS), c),
    action: (c: string) => t(`permits.actions.${c}`, c),
    typeOptions: () => SPECIAL_WORK_TYPE_CODES.map((c) => ({ value: c, label: l(table(SPECIAL_WORK_TYPES), c) })),
    statusOptions: () => Object.keys(PERMIT_STATUSES).map((c) => ({ value: c, label: l(table(PERMIT_STATUSES), c) })),
  };
}

export type PermitLabels = ReturnType<typeof makePermitLabels>;

export function usePermitLabels(): PermitLabels {
  const { t, i18n } = useTranslation();
  return useMemo(() => makePermitLabels(i18n.language, (k, f) => tDynamic(t, k, f)), [t, i18n.language]);
}

/** Grades that exist for a type (for filters). */
export function gradesOf(type: SpecialWorkType | undefined): PermitGrade[] {
  const all = Object.keys(PERMIT_GRADES) as PermitGrade[];
  if (type === "hot_work") return all.filter((g) => g.startsWith("hot_"));
  if (type === "height") return all.filter((g) => g.startsWith("height_"));
  if (type === "lifting") return all.filter((g) => g.startsWith("lifting_"));
  return [];
}

export function PermitGradeTag({ grade, type }: { grade: PermitGrade | null | undefined; type?: SpecialWorkType }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  if (!grade)
    return (
      <Tag variant="filled" data-testid="permit-grade" data-grade="none">
        {type && !["hot_work", "height", "lifting"].includes(type) ? t("permits.noGrade") : "—"}
      </Tag>
    );
  return (
    <Tag color={GRADE_COLORS[grade]} data-testid="permit-grade" data-grade={grade}>
      {pl.grade(grade)}
      {type === "hot_work" ? t("permits.hotSuffix") : ""}
    </Tag>
  );
}

export function PermitStatusTag({ status }: { status: PermitStatus }) {
  const pl = usePermitLabels();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="permit-status" data-status={status}>
      {pl.status(status)}
    </Tag>
  );
}

export function HighRiskTag() {
  const { t } = useTranslation();
  return (
    <Tag color="volcano" data-testid="permit-high-risk">
      {t("permits.highRiskTag")}
    </Tag>
  );
}

/** "/m" inside the phone shell, "" on the desktop: links stay in the shell they were opened in. */
export function usePermitBase(): string {
  const { pathname } = useLocation();
  return pathname.startsWith("/m/") ? "/m" : "";
}

/** A time window in Beijing time: "12-08 10:00～14:00" within a day, else both ends with their dates. */
export function formatWindow(start: string, end: string, withYear = false): string {
  const a = dayjs(start).tz(TZ);
  const b = dayjs(end).tz(TZ);
  const day = withYear ? "YYYY-MM-DD" : "MM-DD";
  if (a.format("YYYY-MM-DD") === b.format("YYYY-MM-DD")) return `${a.format(`${day} HH:mm`)}～${b.format("HH:mm")}`;
  return `${a.format(`${day} HH:mm`)} ～ ${b.format(`${day} HH:mm`)}`;
}

/** A validity in hours as people say it: "8 小时", "7 天". */
export function formatHours(h: number | null | undefined, t: TFunction): string {
  if (h === null || h === undefined || !Number.isFinite(h)) return "—";
  return h >= 24 && h % 24 === 0 ? t("permits.days", { n: h / 24 }) : t("permits.hours", { n: h });
}

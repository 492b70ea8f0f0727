/** Grade (一级–四级 重大危险源) and review-status tags of hazard units. */
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { Gb18218Grade, HazardUnitReviewStatus } from "../../api/types";

/** 一级 red, 二级 orange, 三级 yellow, 四级 blue (the usual four-colour order). */
export const GRADE_COLORS: Record<Gb18218Grade, string> = { 1: "red", 2: "orange", 3: "gold", 4: "blue" };

export function GradeTag({ grade, isMajor, short = false }: { grade: Gb18218Grade | null; isMajor: boolean; short?: boolean }) {
  const { t } = useTranslation();
  if (!isMajor || !grade)
    return (
      <Tag variant="filled" data-testid="grade-tag" data-grade="none">
        {t("majorHazards.notMajor")}
      </Tag>
    );
  return (
    <Tag color={GRADE_COLORS[grade]} data-testid="grade-tag" data-grade={grade}>
      {short ? t(`majorHazards.gradesShort.${grade}`) : t(`majorHazards.grades.${grade}`)}
    </Tag>
  );
}

const STATUS_COLORS: Record<HazardUnitReviewStatus, string> = { draft: "default", submitted: "processing", confirmed: "success", returned: "warning" };

export function ReviewStatusTag({ status }: { status: HazardUnitReviewStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="review-status">
      {t(`majorHazards.statuses.${status}`)}
    </Tag>
  );
}

/** Numbers of the grading: up to 4 decimals, no trailing zeros. */
export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return String(Math.round(n * 1e4) / 1e4);
}

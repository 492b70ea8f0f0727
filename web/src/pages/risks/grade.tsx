/** The four risk grades (四色分级) and their colours, the same everywhere: tags, the tree, the four-colour map. */
import { maxGrade, RISK_GRADE_INFO, RISK_GRADES } from "@anguan/domain";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import type { RiskColor, RiskGrade } from "../../api/types";

export const GRADES: readonly RiskGrade[] = RISK_GRADES;

export const GRADE_COLOR = (g: RiskGrade): RiskColor => RISK_GRADE_INFO[g].color;

/** Fill and text colour of each colour (yellow takes dark text to stay readable). */
export const COLOR_STYLE: Record<RiskColor, { bg: string; fg: string }> = {
  red: { bg: "#e53935", fg: "#ffffff" },
  orange: { bg: "#fb8c00", fg: "#ffffff" },
  yellow: { bg: "#fdd835", fg: "#3e2f00" },
  blue: { bg: "#1e88e5", fg: "#ffffff" },
};

export const GRADE_KEY: Record<RiskGrade, "major" | "significant" | "moderate" | "low"> = {
  重大: "major",
  较大: "significant",
  一般: "moderate",
  低: "low",
};

export function colorOf(grade: RiskGrade | null | undefined, color?: RiskColor | null): RiskColor | null {
  if (color && color in COLOR_STYLE) return color;
  return grade && grade in RISK_GRADE_INFO ? GRADE_COLOR(grade) : null;
}

/** The highest of some grades (重大 > 较大 > 一般 > 低), or null. */
export const highestGrade = (grades: readonly (RiskGrade | null | undefined)[]): RiskGrade | null => maxGrade(grades);

/** "重大风险" / "Major risk" as a solid colour tag; "未评估" when there is no grade. */
export function GradeTag({
  grade,
  color,
  suffix,
  testId,
}: {
  grade: RiskGrade | null | undefined;
  color?: RiskColor | null;
  suffix?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const c = colorOf(grade, color);
  if (!grade || !c) return <Tag data-testid={testId}>{t("risks.grades.none")}</Tag>;
  const s = COLOR_STYLE[c];
  return (
    <Tag style={{ background: s.bg, color: s.fg, borderColor: s.bg, fontWeight: 500 }} data-testid={testId} data-color={c} data-grade={grade}>
      {t(`risks.grades.${GRADE_KEY[grade]}`)}
      {suffix ? ` ${suffix}` : ""}
    </Tag>
  );
}

/** The legend of the four colours. */
export function GradeLegend() {
  const { t } = useTranslation();
  return (
    <span style={{ display: "inline-flex", flexWrap: "wrap", gap: 8, alignItems: "center" }} data-testid="grade-legend">
      {GRADES.map((g) => {
        const s = COLOR_STYLE[GRADE_COLOR(g)];
        return (
          <span key={g} style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
            <span style={{ width: 14, height: 14, borderRadius: 3, background: s.bg, display: "inline-block" }} />
            {t(`risks.grades.${GRADE_KEY[g]}`)}
          </span>
        );
      })}
    </span>
  );
}

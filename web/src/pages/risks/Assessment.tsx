/** Score pickers of an assessment (LEC: L, E, C; LS: L, S) with each score's meaning, and the live result. */
import { LEC_TABLES, LS_TABLES, type ScoreOption } from "@anguan/domain";
import { Alert, Col, Form, Row, Select, Space, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { RiskAssessment, RiskMethod } from "../../api/types";
import { errorMessage } from "../../lib/errors";
import { useRiskCalc } from "./api";
import { GradeTag } from "./grade";

export const FACTORS: Record<RiskMethod, readonly string[]> = { lec: ["l", "e", "c"], ls: ["l", "s"] };

/** The score tables (domain-reference §2): the same the server's calculators check against. */
const TABLES: Record<RiskMethod, Record<string, readonly ScoreOption[]>> = { lec: LEC_TABLES, ls: LS_TABLES };

/** The pickers for one stage (inherent or residual) under `name` (e.g. ["inherent"]). */
export function ScorePickers({ method, name, stage }: { method: RiskMethod; name: string; stage: "inherent" | "residual" }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <Row gutter={12}>
      {FACTORS[method].map((f) => (
        <Col key={f} xs={24} md={method === "lec" ? 8 : 12}>
          <Form.Item
            name={[name, f]}
            label={t(`risks.factors.${method}_${f}` as "risks.factors.lec_l")}
            rules={[{ required: true, message: t("risks.pickScore") }]}
          >
            <Select
              data-testid={`${stage}-${f}`}
              placeholder={t("risks.pickScore")}
              popupMatchSelectWidth={false}
              options={(TABLES[method][f] ?? []).map((o) => ({
                value: o.value,
                label: `${o.value} — ${en ? o.en : o.zh}`,
              }))}
            />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}

/** The value and grade the server calculates for the chosen scores (POST /api/calculators/lec|ls). */
export function LiveResult({ method, inputs, testId }: { method: RiskMethod; inputs: Record<string, number | undefined> | undefined; testId: string }) {
  const { t } = useTranslation();
  const calc = useRiskCalc(method, inputs ?? {});
  if (calc.error) return <Alert type="warning" showIcon title={errorMessage(calc.error, t)} />;
  const r = calc.data;
  if (!r)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {calc.isFetching ? <Spin size="small" /> : t("risks.resultHint")}
      </Typography.Text>
    );
  const value = method === "lec" ? `D = ${fmt(r.d)}` : `R = ${fmt(r.r)}`;
  return (
    <Space wrap data-testid={testId} data-grade={r.riskGrade}>
      <Typography.Text strong>{value}</Typography.Text>
      <GradeTag grade={r.riskGrade} color={r.color} />
      {r.level !== undefined && <Typography.Text type="secondary">{t("risks.levelN", { level: r.level })}</Typography.Text>}
    </Space>
  );
}

const fmt = (n: number | undefined) => (n === undefined ? "—" : Number(n.toFixed(2)).toString());

/** "D=126 一般" for tables: the value and the grade tag of a stored assessment. */
export function AssessmentBrief({ a, label, testId }: { a: RiskAssessment | null | undefined; label: string; testId?: string }) {
  if (!a?.result) return null;
  const r = a.result;
  const v = a.method === "ls" ? `R=${fmt(r.r)}` : `D=${fmt(r.d)}`;
  return (
    <span style={{ whiteSpace: "nowrap" }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>{" "}
      <GradeTag grade={r.riskGrade} color={r.color} suffix={v} />
    </span>
  );
}

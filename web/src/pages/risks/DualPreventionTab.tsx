/** The 双重预防 tab of an enterprise's file: the register's counts and the way into its four pages. */
import { AlertOutlined, CheckSquareOutlined, HeatMapOutlined, SafetyOutlined, ScheduleOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Row, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../lib/errors";
import { useRiskRegister } from "./api";
import { RegisterSummary } from "./RegisterSummary";

export function DualPreventionTab({ enterpriseId }: { enterpriseId: string }) {
  const { t } = useTranslation();
  const register = useRiskRegister(enterpriseId);
  const base = `/enterprises/${enterpriseId}`;
  const links: { to: string; icon: ReactNode; title: string; testId: string }[] = [
    { to: `${base}/risks`, icon: <AlertOutlined />, title: t("risks.openRegister"), testId: "dp-risks" },
    { to: `${base}/risk-map`, icon: <HeatMapOutlined />, title: t("risks.openMap"), testId: "dp-map" },
    { to: `${base}/inspection-tasks`, icon: <ScheduleOutlined />, title: t("risks.openTasks"), testId: "dp-tasks" },
    { to: `${base}/checklists`, icon: <CheckSquareOutlined />, title: t("risks.openChecklists"), testId: "dp-checklists" },
    // The enterprise's hidden hazards (the list filtered to it).
    { to: `/hazards?enterpriseId=${enterpriseId}`, icon: <SafetyOutlined />, title: t("hazards.title"), testId: "dp-hazards" },
  ];
  return (
    <div data-testid="dual-prevention-tab">
      <Typography.Paragraph type="secondary">{t("risks.dualPreventionHint")}</Typography.Paragraph>
      {register.error && <Alert type="error" showIcon title={errorMessage(register.error, t)} style={{ marginBottom: 12 }} />}
      {register.data && <RegisterSummary objects={register.data.objects ?? []} enterpriseId={enterpriseId} />}
      <Row gutter={[12, 12]}>
        {links.map((l) => (
          <Col key={l.to} xs={12} md={8} xl={{ flex: "1 1 0" }}>
            <Link to={l.to} data-testid={l.testId}>
              <Card hoverable size="small" styles={{ body: { display: "flex", alignItems: "center", gap: 8, fontSize: 15 } }}>
                <span style={{ color: "#1677ff", fontSize: 20 }}>{l.icon}</span>
                {l.title}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}

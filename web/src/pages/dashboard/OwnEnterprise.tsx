import { AlertOutlined, ClockCircleOutlined, FileTextOutlined, RightOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useEnterprise } from "../../api/queries";
import type { DashboardSummary } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { useLabels } from "../../i18n/labels";
import { StatCard } from "./StatCard";

/**
 * The dashboard of an enterprise user: their own enterprise (a link to its file) and its licence alerts.
 * Totals by sector or status mean nothing for a single enterprise.
 */
export function OwnEnterprise({ id, summary }: { id: string; summary?: DashboardSummary }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const { data: e, isPending } = useEnterprise(id);
  const file = `/enterprises/${id}`;
  const licences = `${file}?tab=licences`;
  const expiring = summary?.licencesExpiring ?? 0;
  const expired = summary?.licencesExpired ?? 0;
  const tabs = [
    { key: "licences", label: t("detail.licences") },
    { key: "contacts", label: t("detail.contacts") },
    { key: "attachments", label: t("detail.attachments") },
    { key: "history", label: t("detail.history") },
  ] as const;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={t("dashboard.ownTitle")} data-testid="own-enterprise" style={{ height: "100%" }}>
          {isPending && !e ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : (
            <Space orientation="vertical" size={12} style={{ width: "100%" }}>
              <Link to={file} data-testid="own-enterprise-link">
                <Typography.Title level={4} style={{ margin: 0, color: "inherit" }}>
                  <FileTextOutlined style={{ marginInlineEnd: 8 }} />
                  {e?.name ?? me.org.name}
                </Typography.Title>
              </Link>
              {e && (
                <Space wrap size={[4, 4]}>
                  <span style={{ fontFamily: "monospace", color: "#6b7280", marginInlineEnd: 4 }}>{e.creditCode}</span>
                  <Tag color="blue">{labels.sector(e.sector)}</Tag>
                  <Tag color={e.operatingStatus === "operating" ? "green" : "orange"}>{labels.status(e.operatingStatus)}</Tag>
                  {e.hasMajorHazard && <Tag color="red">{t("dashboard.majorHazard")}</Tag>}
                </Space>
              )}
              {e?.address && <Typography.Text type="secondary">{e.address}</Typography.Text>}
              <div>
                <div style={{ color: "#6b7280", marginBottom: 6 }}>{t("dashboard.quickLinks")}</div>
                <Space wrap>
                  <Link to={file}>
                    <Button type="primary" icon={<RightOutlined />} iconPlacement="end">
                      {t("dashboard.viewFile")}
                    </Button>
                  </Link>
                  {tabs.map((tab) => (
                    <Link key={tab.key} to={`${file}?tab=${tab.key}`}>
                      <Button>{tab.label}</Button>
                    </Link>
                  ))}
                </Space>
              </div>
            </Space>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t("dashboard.licenceAlerts")} data-testid="own-licence-alerts" style={{ height: "100%" }}>
          <Row gutter={[12, 12]}>
            <Col span={12}>
              <StatCard
                testId="stat-expiring"
                title={t("dashboard.licencesExpiring")}
                value={expiring}
                icon={<ClockCircleOutlined />}
                color="#fa8c16"
                to={licences}
              />
            </Col>
            <Col span={12}>
              <StatCard testId="stat-expired" title={t("dashboard.licencesExpired")} value={expired} icon={<AlertOutlined />} color="#f5222d" to={licences} />
            </Col>
          </Row>
          {summary && (
            <Alert
              style={{ marginTop: 12 }}
              showIcon
              type={expired ? "error" : expiring ? "warning" : "success"}
              title={expired || expiring ? t("dashboard.licencesNeedAttention") : t("dashboard.licencesOk")}
              action={
                expired || expiring ? (
                  <Link to={licences}>
                    <Button size="small">{t("dashboard.viewLicences")}</Button>
                  </Link>
                ) : undefined
              }
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}

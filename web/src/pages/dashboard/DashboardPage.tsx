import { AlertOutlined, ClockCircleOutlined, FireOutlined, ShopOutlined } from "@ant-design/icons";
import { Alert, Card, Col, Row, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useDashboard } from "../../api/queries";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { scopeText } from "../../lib/scope";
import { DashboardHazardKpis } from "../hazard-stats/DashboardHazardKpis";
import { TodoCard } from "../todos/TodoCard";
import { OwnEnterprise } from "./OwnEnterprise";
import { StatCard } from "./StatCard";

function Bar({ share }: { share: number }) {
  return (
    <div className="bar-track">
      <div className="bar-fill" style={{ width: `${Math.max(2, Math.round(share * 100))}%` }} />
    </div>
  );
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const { data, isPending, error } = useDashboard();
  const ownId = me.abilities.ownEnterpriseId ?? me.scope.enterpriseId ?? null;

  return (
    <>
      <PageHeader title={t("dashboard.welcome", { name: me.displayName })} sub={<span data-testid="scope">{scopeText(me, labels, t)}</span>} />
      {error && <Alert type="error" showIcon title={errorMessage(error, t)} style={{ marginBottom: 16 }} />}
      {me.scope.kind === "enterprise" && ownId ? (
        <>
          <OwnEnterprise id={ownId} summary={data} />
          <div style={{ marginTop: 16 }}>
            <TodoCard />
          </div>
        </>
      ) : (
        <>
          {/* Regulators: the hazard figures and their to-dos first, the registry totals below. */}
          {me.scope.kind !== "none" && <DashboardHazardKpis />}
          <div style={{ marginBottom: 16 }}>
            <TodoCard />
          </div>
          <Jurisdiction summary={data} loading={isPending} canList={me.abilities.enterprises.list} />
        </>
      )}
    </>
  );
}

/** Regulators, experts and the administrator: totals and the split by sector and by operating status. */
function Jurisdiction({ summary: data, loading, canList }: { summary: ReturnType<typeof useDashboard>["data"]; loading: boolean; canList: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const total = data?.enterprises ?? 0;

  const shareColumn = {
    title: t("dashboard.share"),
    key: "share",
    width: "40%",
    render: (_: unknown, r: { count: number }) => <Bar share={total ? r.count / total : 0} />,
  };

  return (
    <>
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <StatCard
            testId="stat-enterprises"
            title={t("dashboard.enterprises")}
            value={data?.enterprises}
            icon={<ShopOutlined />}
            color="#1677ff"
            to={canList ? "/enterprises" : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <StatCard
            testId="stat-major-hazard"
            title={t("dashboard.majorHazard")}
            value={data?.majorHazard}
            icon={<FireOutlined />}
            color="#fa541c"
            to={canList ? "/enterprises?hasMajorHazard=true" : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <StatCard
            testId="stat-expiring"
            title={t("dashboard.licencesExpiring")}
            value={data?.licencesExpiring}
            icon={<ClockCircleOutlined />}
            color="#fa8c16"
          />
        </Col>
        <Col xs={12} lg={6}>
          <StatCard testId="stat-expired" title={t("dashboard.licencesExpired")} value={data?.licencesExpired} icon={<AlertOutlined />} color="#f5222d" />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t("dashboard.bySector")}>
            <Table
              data-testid="by-sector"
              size="small"
              loading={loading}
              rowKey="sector"
              pagination={false}
              scroll={{ x: "max-content" }}
              dataSource={[...(data?.bySector ?? [])].sort((a, b) => b.count - a.count)}
              columns={[
                {
                  title: t("enterprise.sector"),
                  dataIndex: "sector",
                  render: (s: string) => (canList ? <Link to={`/enterprises?sector=${s}`}>{labels.sector(s)}</Link> : labels.sector(s)),
                },
                { title: t("dashboard.count"), dataIndex: "count", align: "right", render: (n: number) => formatNumber(n) },
                shareColumn,
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t("dashboard.byStatus")}>
            <Table
              data-testid="by-status"
              size="small"
              loading={loading}
              rowKey="status"
              pagination={false}
              dataSource={[...(data?.byStatus ?? [])].sort((a, b) => b.count - a.count)}
              columns={[
                {
                  title: t("enterprise.status"),
                  dataIndex: "status",
                  render: (s: string) => (canList ? <Link to={`/enterprises?operatingStatus=${s}`}>{labels.status(s)}</Link> : labels.status(s)),
                },
                { title: t("dashboard.count"), dataIndex: "count", align: "right", render: (n: number) => formatNumber(n) },
                shareColumn,
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

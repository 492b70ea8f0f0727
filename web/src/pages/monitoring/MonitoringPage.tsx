/**
 * 监测预警 (regulators, experts): the jurisdiction's sensors, online now and today's online rate, open alarms by colour;
 * the enterprises with sensors (each opening its duty screen) and the regions below the caller's; and the live alarm
 * stream of the whole scope.
 */
import { AlertOutlined, ApiOutlined, DashboardOutlined, NotificationOutlined } from "@ant-design/icons";
import { Alert, Badge, Card, Col, Row, Space, Statistic, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PageHeader } from "../../components/PageHeader";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { errorMessage } from "../../lib/errors";
import { fmtRate } from "./labels";
import { AlarmCountTags, AlarmFeed, LiveBadge, SoundToggle } from "./parts";
import { useOpenAlarms, useOverview } from "./queries";
import { alarmSound } from "./sound";
import type { MonitoringOverview, OverviewGroup } from "./types";
import { useLive } from "./useLive";

type EnterpriseRow = MonitoringOverview["enterprises"][number];
type RegionRow = MonitoringOverview["regions"][number];

export default function MonitoringPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get("regionCode") ?? undefined;
  const overview = useOverview({ regionCode });
  const alarms = useOpenAlarms(undefined);
  const [flash, setFlash] = useState<string | null>(null);
  const live = useLive({
    onAlarm: (a, fresh) => {
      if (!fresh || a.status === "cleared") return;
      alarmSound();
      setFlash(a.id);
      setTimeout(() => setFlash((f) => (f === a.id ? null : f)), 4000);
    },
  });
  const o = overview.data;

  const common: ColumnsType<OverviewGroup> = [
    { title: t("monitoring.stat.sensors"), dataIndex: "sensors", width: 90, align: "right", sorter: (a, b) => a.sensors - b.sensors },
    {
      title: t("monitoring.stat.onlineNow"),
      key: "online",
      width: 110,
      align: "right",
      render: (_: unknown, r) => (
        <span style={{ color: r.offline ? "#d97706" : undefined }}>
          {r.online} / {r.sensors}
        </span>
      ),
    },
    {
      title: t("monitoring.stat.onlineRateToday"),
      dataIndex: "onlineRate",
      width: 120,
      align: "right",
      sorter: (a, b) => (a.onlineRate ?? 2) - (b.onlineRate ?? 2),
      render: (r: number | null) => <span style={{ color: r !== null && r < 0.95 ? "#dc2626" : undefined }}>{fmtRate(r)}</span>,
    },
    {
      title: t("monitoring.stat.activeAlarms"),
      key: "alarms",
      width: 180,
      sorter: (a, b) => a.activeAlarms.total - b.activeAlarms.total,
      render: (_: unknown, r) => <AlarmCountTags counts={r.activeAlarms} />,
    },
    {
      title: t("monitoring.stat.unacknowledged"),
      dataIndex: "unacknowledged",
      width: 100,
      align: "right",
      render: (n: number) => <span style={{ color: n ? "#dc2626" : undefined }}>{n}</span>,
    },
  ];
  const enterpriseColumns: ColumnsType<EnterpriseRow> = [
    {
      title: t("monitoring.enterprise"),
      dataIndex: "name",
      width: 240,
      render: (name: string, r) => (
        <Link to={`/duty?enterpriseId=${r.enterpriseId}`} data-testid="duty-link">
          {name}
        </Link>
      ),
    },
    ...(common as ColumnsType<EnterpriseRow>),
  ];
  const regionColumns: ColumnsType<RegionRow> = [
    {
      title: t("monitoring.region"),
      dataIndex: "name",
      render: (name: string, r) => (
        <Typography.Link data-testid="region-link" onClick={() => setParams({ regionCode: r.code })}>
          {name}
        </Typography.Link>
      ),
    },
    ...(common as ColumnsType<RegionRow>),
  ];

  const stat = (testId: string, title: string, value: string | number, icon: React.ReactNode, color?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" style={{ height: "100%" }} data-testid={testId}>
        <Statistic title={title} value={value} prefix={icon} styles={{ content: color ? { color } : undefined }} />
      </Card>
    </Col>
  );

  return (
    <>
      <PageHeader
        title={t("monitoring.title")}
        sub={
          <Space wrap size={[12, 4]}>
            {o && <span>{t("monitoring.periodToday")}</span>}
            <LiveBadge status={live.status} />
          </Space>
        }
        extra={
          <>
            <RegionTreeSelect
              data-testid="monitoring-region"
              value={regionCode}
              onChange={(code) => setParams(code ? { regionCode: code } : {})}
              placeholder={t("monitoring.allRegions")}
              style={{ width: 220 }}
            />
            <SoundToggle />
          </>
        }
      />
      {overview.error && <Alert type="error" showIcon title={errorMessage(overview.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {stat("stat-sensors", t("monitoring.stat.sensors"), o?.sensors ?? "—", <DashboardOutlined />)}
        {stat("stat-online", t("monitoring.stat.onlineNow"), o ? `${o.online} / ${o.sensors}` : "—", <ApiOutlined />)}
        {stat("stat-online-rate", t("monitoring.stat.onlineRateToday"), fmtRate(o?.onlineRate), null)}
        {stat(
          "stat-unacknowledged",
          t("monitoring.stat.unacknowledged"),
          o?.unacknowledged ?? "—",
          <NotificationOutlined />,
          o?.unacknowledged ? "#dc2626" : undefined,
        )}
        <Col xs={24} md={16} xl={8}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-alarms" data-total={o?.activeAlarms.total ?? 0}>
            <div style={{ color: "#6b7280", fontSize: 14, marginBottom: 4 }}>
              <AlertOutlined /> {t("monitoring.stat.activeAlarms")}
            </div>
            <Space size={12} wrap>
              {(["red", "orange", "yellow", "blue"] as const).map((c) => (
                <span key={c} data-testid={`stat-alarms-${c}`} data-count={o?.activeAlarms[c] ?? 0}>
                  {t(`monitoring.sev.${c}`)} <b style={{ fontSize: 20 }}>{o?.activeAlarms[c] ?? 0}</b>
                </span>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t("monitoring.byEnterprise")} style={{ marginBottom: 12 }}>
            <Table<EnterpriseRow>
              data-testid="enterprise-table"
              size="small"
              rowKey="enterpriseId"
              loading={overview.isFetching && !o}
              dataSource={o?.enterprises ?? []}
              columns={enterpriseColumns}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 720 }}
            />
          </Card>
          <Card size="small" title={t("monitoring.byRegion")}>
            <Table<RegionRow>
              data-testid="region-table"
              size="small"
              rowKey="code"
              loading={overview.isFetching && !o}
              dataSource={o?.regions ?? []}
              columns={regionColumns}
              pagination={false}
              scroll={{ x: 720 }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            size="small"
            data-testid="active-alarms"
            title={
              <Space>
                {t("monitoring.liveAlarms")}
                <Badge count={alarms.data?.total ?? 0} showZero overflowCount={9999} data-testid="active-alarm-count" data-count={alarms.data?.total ?? 0} />
              </Space>
            }
            extra={<Link to="/alarms">{t("monitoring.allAlarms")}</Link>}
            styles={{ body: { padding: "0 12px", maxHeight: "calc(100vh - 240px)", overflowY: "auto" } }}
          >
            <AlarmFeed items={alarms.data?.items ?? []} showEnterprise highlight={flash} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

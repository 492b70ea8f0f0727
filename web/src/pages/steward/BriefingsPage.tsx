/**
 * 班前教育 (/briefings): today's teams of the enterprise (held or missing), the history and the monthly statistics by
 * team (table and chart). Team leaders start a briefing from here ("开展班前教育"); regulators pick an enterprise.
 */
import { CheckCircleOutlined, ExclamationCircleOutlined, SoundOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { EChart, type EChartOption } from "../../components/EChart";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, formatNumber, todayShanghai } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { BriefingDrawer } from "./BriefingDrawer";
import { percent, useStewardEnterprise } from "./common";
import { useBriefingStats, useBriefings, useBriefingsToday, useTeams } from "./queries";
import type { BriefingSummary } from "./types";
import "./steward.css";

const FILTER_KEYS = ["enterpriseId", "teamId", "from", "to", "tab", "month"] as const;

export default function BriefingsPage() {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const mobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "history";
  const [openId, setOpenId] = useState<string | null>(null);
  const teams = useTeams(ctx.enterpriseId);
  const leads = (teams.data?.items ?? []).some((x) => x.leaderUserId === ctx.me.id);
  const canHold = !!ctx.own && (ctx.manager || leads);

  return (
    <>
      <PageHeader
        title={t("briefings.title")}
        sub={t("briefings.subtitle")}
        extra={
          <>
            {ctx.multi && <EnterprisePicker data-testid="briefings-enterprise" style={{ width: 260 }} value={ctx.enterpriseId} onChange={ctx.setEnterprise} />}
            {canHold && (
              <Button
                type="primary"
                icon={<SoundOutlined />}
                onClick={() => navigate(mobile ? "/m/briefings/new" : "/briefings/new")}
                data-testid="briefing-new"
              >
                {t("briefings.new")}
              </Button>
            )}
          </>
        }
      />
      {ctx.enterpriseId ? (
        <TodayTeams enterpriseId={ctx.enterpriseId} onOpen={setOpenId} canHold={canHold} />
      ) : (
        <Alert type="info" showIcon title={t("briefings.pickEnterprise")} style={{ marginBottom: 16 }} />
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (k === "history") next.delete("tab");
                else next.set("tab", k);
                return next;
              },
              { replace: true },
            )
          }
          items={[
            { key: "history", label: t("briefings.history"), children: <History onOpen={setOpenId} /> },
            { key: "stats", label: t("briefings.stats"), children: <Stats /> },
          ]}
        />
      </Card>
      <BriefingDrawer id={openId} canSign={canHold} onClose={() => setOpenId(null)} />
    </>
  );
}

function TodayTeams({ enterpriseId, onOpen, canHold }: { enterpriseId: string; onOpen: (id: string) => void; canHold: boolean }) {
  const { t } = useTranslation();
  const today = useBriefingsToday(enterpriseId);
  const mobile = useIsMobile();
  const teams = today.data?.teams ?? [];
  const held = teams.filter((x) => x.held).length;
  return (
    <Card
      title={t("briefings.today", { day: today.data?.day ?? todayShanghai() })}
      extra={
        <Typography.Text type="secondary" data-testid="briefings-today-count">
          {t("briefings.heldCount", { held, total: teams.length })}
        </Typography.Text>
      }
      style={{ marginBottom: 16 }}
      loading={today.isPending}
      data-testid="briefings-today"
    >
      {today.error && <Alert type="error" showIcon title={errorMessage(today.error, t)} />}
      {!today.error && !teams.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("briefings.noTeams")} />}
      <Row gutter={[12, 12]}>
        {teams.map((x) => (
          <Col xs={24} sm={12} lg={8} xl={6} key={x.teamId}>
            <div className={`briefing-team ${x.held ? "held" : "missing"}`} data-testid="briefing-team" data-held={x.held ? "1" : "0"}>
              <div className="briefing-team-head">
                <Typography.Text strong>{x.teamName}</Typography.Text>
                {x.held ? (
                  <Tag color="green" icon={<CheckCircleOutlined />}>
                    {t("briefings.held")}
                  </Tag>
                ) : (
                  <Tag color="red" icon={<ExclamationCircleOutlined />}>
                    {t("briefings.missing")}
                  </Tag>
                )}
              </div>
              <div className="briefing-team-meta">
                {t("briefings.leader")}：{x.leaderName ?? "—"}
              </div>
              <div className="briefing-team-meta">
                {t("briefings.attendance")}：
                <span data-testid="briefing-team-attendance">
                  {x.held ? x.attendeeCount : 0}/{x.memberCount}
                </span>
              </div>
              <div style={{ marginTop: 8 }}>
                {x.held && x.briefingId ? (
                  <Button size="small" onClick={() => onOpen(x.briefingId!)}>
                    {t("briefings.view")}
                  </Button>
                ) : (
                  canHold && (
                    <Link to={`${mobile ? "/m" : ""}/briefings/new?teamId=${x.teamId}`}>
                      <Button size="small" type="primary" ghost>
                        {t("briefings.new")}
                      </Button>
                    </Link>
                  )
                )}
              </div>
            </div>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function History({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const { filters, page, pageSize, update } = useUrlListParams(FILTER_KEYS);
  const teams = useTeams(ctx.enterpriseId);
  const list = useBriefings({ enterpriseId: ctx.enterpriseId, teamId: filters.teamId, from: filters.from, to: filters.to, page, pageSize });
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const columns: ColumnsType<BriefingSummary> = [
    { title: t("briefings.day"), dataIndex: "day", width: 110 },
    { title: t("briefings.team"), dataIndex: "teamName" },
  ];
  if (ctx.multi && !ctx.enterpriseId) columns.push({ title: t("personnel.enterprise"), dataIndex: "enterpriseName", ellipsis: true });
  columns.push(
    { title: t("briefings.topic"), dataIndex: "topic", ellipsis: true },
    { title: t("briefings.leader"), dataIndex: "leaderName" },
    {
      title: t("briefings.attendance"),
      key: "att",
      render: (_: unknown, b) => (
        <span data-testid="briefing-row-attendance">
          {b.attendeeCount}/{b.memberCount}
        </span>
      ),
    },
    { title: t("briefings.heldAt"), dataIndex: "heldAt", render: (v: string) => formatDateTime(v) },
    {
      title: t("briefings.photo"),
      dataIndex: "photoFlag",
      render: (f: string | null) => (f ? <Tag color="orange">{f}</Tag> : <Tag color="green">{t("briefings.livePhoto")}</Tag>),
    },
  );
  return (
    <>
      <div className="filter-bar">
        {ctx.enterpriseId && (
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t("briefings.team")}
            value={filters.teamId}
            onChange={(v?: string) => update({ teamId: v })}
            options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        )}
        <DatePicker.RangePicker
          style={{ width: 260 }}
          value={range}
          onChange={(v) => update({ from: v?.[0]?.format("YYYY-MM-DD"), to: v?.[1]?.format("YYYY-MM-DD") })}
        />
      </div>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
      <Table
        data-testid="briefings-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching && !list.data}
        scroll={{ x: "max-content" }}
        onRow={(b) => ({ onClick: () => onOpen(b.id), style: { cursor: "pointer" }, "data-testid": "briefing-row" }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (total) => t("common.total", { total: formatNumber(total) }),
          onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
        }}
      />
    </>
  );
}

function Stats() {
  const { t } = useTranslation();
  const ctx = useStewardEnterprise();
  const { filters, update } = useUrlListParams(FILTER_KEYS);
  const month = filters.month ?? todayShanghai().slice(0, 7);
  const stats = useBriefingStats(ctx.enterpriseId, month);
  const rows = stats.data?.teams ?? [];
  const option = useMemo<EChartOption>(() => {
    const pct = (v: number | null) => (v === null || v === undefined ? 0 : Math.round((v <= 1 ? v * 100 : v) * 10) / 10);
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30 },
      xAxis: { type: "category", data: rows.map((r) => r.teamName) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        { name: t("briefings.rate"), type: "bar", data: rows.map((r) => pct(r.rate)), itemStyle: { color: "#1677ff" }, barMaxWidth: 36 },
        { name: t("briefings.attendanceRate"), type: "bar", data: rows.map((r) => pct(r.attendanceRate)), itemStyle: { color: "#52c41a" }, barMaxWidth: 36 },
      ],
    };
  }, [rows, t]);
  if (!ctx.enterpriseId) return <Alert type="info" showIcon title={t("briefings.pickEnterprise")} />;
  const columns: ColumnsType<(typeof rows)[number]> = [
    { title: t("briefings.team"), dataIndex: "teamName" },
    { title: t("briefings.workDays"), dataIndex: "days" },
    { title: t("briefings.heldDays"), dataIndex: "held" },
    { title: t("briefings.rate"), dataIndex: "rate", render: (v: number | null) => percent(v) },
    { title: t("briefings.attendanceRate"), dataIndex: "attendanceRate", render: (v: number | null) => percent(v) },
  ];
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(v) => update({ month: v ? v.format("YYYY-MM") : undefined })}
          data-testid="briefing-month"
        />
      </Space>
      {stats.error && <Alert type="error" showIcon title={errorMessage(stats.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Table data-testid="briefing-stats" rowKey="teamId" size="small" columns={columns} dataSource={rows} pagination={false} loading={stats.isPending} />
        </Col>
        <Col xs={24} lg={12}>
          {rows.length > 0 && <EChart option={option} height={280} data-testid="briefing-chart" />}
        </Col>
      </Row>
    </>
  );
}

/**
 * 企业履职情况 (/duties/summary), for regulators: "做不做、有没有" — how many enterprises of the scope have all their
 * plans, none, or overdue items, by region and by enterprise; a row opens the enterprise's duties.
 */
import { Alert, Card, Col, Row, Select, Statistic, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { EChart, type EChartOption } from "../../components/EChart";
import { PageHeader } from "../../components/PageHeader";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { errorMessage } from "../../lib/errors";
import { formatNumber, todayShanghai } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { useDutySummary } from "./queries";
import type { DutySummary } from "./types";

const FILTER_KEYS = ["regionCode", "year"] as const;

export default function DutySummaryPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { filters, page, pageSize, update } = useUrlListParams(FILTER_KEYS);
  const thisYear = Number(todayShanghai().slice(0, 4));
  const year = Number(filters.year) || thisYear;
  const summary = useDutySummary({ regionCode: filters.regionCode, year, page, pageSize });
  const s = summary.data;
  const totals = s?.totals;

  const regionColumns: ColumnsType<DutySummary["regions"][number]> = [
    { title: t("duties.region"), dataIndex: "name" },
    { title: t("duties.enterprises"), dataIndex: "enterprises" },
    { title: t("duties.withAllPlans"), dataIndex: "withAllPlans" },
    { title: t("duties.noPlanEnterprises"), dataIndex: "noPlan" },
    { title: t("duties.overdueEnterprises"), dataIndex: "overdue", render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
  ];
  const entColumns: ColumnsType<DutySummary["enterprises"][number]> = [
    { title: t("personnel.enterprise"), dataIndex: "name", ellipsis: true },
    {
      title: t("duties.plansDone"),
      key: "plans",
      render: (_: unknown, e) => (
        <span data-testid="summary-plans">
          {e.planned}/{e.duties}
        </span>
      ),
    },
    {
      title: t("duties.noPlanCount"),
      dataIndex: "noPlan",
      render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : <Tag color="green">0</Tag>),
    },
    {
      title: t("duties.overdueCount"),
      dataIndex: "overdue",
      render: (n: number) => (
        <Tag color={n ? "red" : "green"} data-testid="summary-overdue">
          {n}
        </Tag>
      ),
    },
    { title: t("duties.openAlarms"), dataIndex: "openAlarms", render: (n?: number) => (n ? <Tag color="red">{n}</Tag> : (n ?? 0)) },
  ];

  const option = useMemo<EChartOption>(() => {
    const rows = s?.regions ?? [];
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 30 },
      xAxis: { type: "category", data: rows.map((r) => r.name) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: t("duties.withAllPlans"), type: "bar", stack: "a", data: rows.map((r) => r.withAllPlans), itemStyle: { color: "#52c41a" }, barMaxWidth: 36 },
        { name: t("duties.noPlanEnterprises"), type: "bar", stack: "a", data: rows.map((r) => r.noPlan), itemStyle: { color: "#fa8c16" }, barMaxWidth: 36 },
        { name: t("duties.overdueEnterprises"), type: "bar", data: rows.map((r) => r.overdue), itemStyle: { color: "#cf1322" }, barMaxWidth: 36 },
      ],
    };
  }, [s?.regions, t]);

  return (
    <>
      <PageHeader
        title={t("duties.summary")}
        sub={t("duties.summarySub")}
        extra={
          <>
            <RegionTreeSelect
              style={{ width: 240 }}
              value={filters.regionCode}
              onChange={(v) => update({ regionCode: v })}
              placeholder={t("duties.region")}
              data-testid="summary-region"
            />
            <Select
              style={{ width: 110 }}
              value={year}
              onChange={(y: number) => update({ year: y === thisYear ? undefined : y })}
              options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t("duties.year", { year: y }) }))}
            />
          </>
        }
      />
      {summary.error && <Alert type="error" showIcon title={errorMessage(summary.error, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="duty-summary-totals">
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t("duties.enterprises")} value={totals?.enterprises ?? 0} loading={summary.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t("duties.withAllPlans")}
              value={totals?.withAllPlans ?? 0}
              styles={{ content: { color: "#389e0d" } }}
              loading={summary.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t("duties.noPlanEnterprises")}
              value={totals?.noPlan ?? 0}
              styles={{ content: totals?.noPlan ? { color: "#d46b08" } : undefined }}
              loading={summary.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="summary-total-overdue">
            <Statistic
              title={t("duties.overdueEnterprises")}
              value={totals?.overdue ?? 0}
              styles={{ content: totals?.overdue ? { color: "#cf1322" } : undefined }}
              loading={summary.isPending}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card title={t("duties.byRegion")} size="small">
            <Table
              data-testid="summary-regions"
              rowKey="code"
              size="small"
              columns={regionColumns}
              dataSource={s?.regions ?? []}
              pagination={false}
              loading={summary.isPending}
              scroll={{ x: "max-content" }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t("duties.chart")} size="small">
            {(s?.regions.length ?? 0) > 0 && <EChart option={option} height={260} />}
          </Card>
        </Col>
      </Row>
      <Card title={t("duties.byEnterprise")}>
        <Table
          data-testid="summary-enterprises"
          rowKey="id"
          size="middle"
          columns={entColumns}
          dataSource={s?.enterprises ?? []}
          loading={summary.isFetching && !s}
          scroll={{ x: "max-content" }}
          onRow={(e) =>
            ({
              onClick: () => navigate(`/duties?enterpriseId=${e.id}${year !== thisYear ? `&year=${year}` : ""}`),
              style: { cursor: "pointer" },
              "data-testid": "summary-enterprise-row",
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: page,
            pageSize,
            total: s?.total ?? s?.enterprises.length ?? 0,
            showTotal: (total) => t("common.total", { total: formatNumber(total) }),
            onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
          }}
        />
      </Card>
    </>
  );
}

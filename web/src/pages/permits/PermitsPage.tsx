/** 特殊作业票: permits in the caller's scope, filtered by type, status, day and high risk (in the URL); row → the permit. */
import { PlusOutlined, SafetyCertificateOutlined, ThunderboltOutlined } from "@ant-design/icons";
import type { PermitStatus } from "@anguan/domain";
import { Alert, Button, Card, DatePicker, Input, Select, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatNumber } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { formatWindow, HighRiskTag, type PermitLabels, PermitGradeTag, PermitStatusTag, usePermitLabels } from "./labels";
import { usePermits } from "./queries";
import type { PermitSummary } from "./types";
import "./permits.css";

const FILTER_KEYS = ["enterpriseId", "type", "status", "day", "highRisk", "q"] as const;

function columns(t: TFunction, pl: PermitLabels, showEnterprise: boolean): ColumnsType<PermitSummary> {
  const cols: ColumnsType<PermitSummary> = [
    {
      title: t("permits.code"),
      key: "code",
      render: (_: unknown, p) => (
        <div>
          <Link to={`/permits/${p.id}`} onClick={(e) => e.stopPropagation()} data-testid="permit-link">
            {p.code}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {pl.type(p.type)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];
  if (showEnterprise) cols.push({ title: t("permits.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 220 });
  cols.push(
    {
      title: t("permits.grade"),
      key: "grade",
      width: 170,
      render: (_: unknown, p) => (
        <span style={{ whiteSpace: "nowrap" }}>
          <PermitGradeTag grade={p.grade} type={p.type} />
          {p.highRisk && <HighRiskTag />}
        </span>
      ),
    },
    { title: t("permits.status"), dataIndex: "status", width: 120, render: (s: PermitStatus) => <PermitStatusTag status={s} /> },
    { title: t("permits.place"), dataIndex: "place", ellipsis: true, width: 200 },
    {
      title: t("permits.window"),
      key: "window",
      width: 260,
      render: (_: unknown, p) => formatWindow(p.plannedStart, p.plannedEnd, true),
    },
    { title: t("permits.workLeader"), dataIndex: "workLeaderName", width: 100 },
    { title: t("permits.watchman"), dataIndex: "watchmanName", width: 100 },
    { title: t("permits.requester"), dataIndex: "requesterName", width: 100 },
  );
  return cols;
}

export default function PermitsPage() {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { filters, page, pageSize, query, update, reset } = useUrlListParams(FILTER_KEYS);
  const multi = me.scope.kind !== "enterprise";
  const list = usePermits(query);
  const cols = useMemo(() => columns(t, pl, multi), [t, pl, multi]);
  const canCreate = list.data?.abilities?.create ?? false;

  return (
    <>
      <PageHeader
        title={t("permits.title")}
        sub={t("permits.subtitle")}
        extra={
          <>
            {!multi && (
              <Link to="/permits/today">
                <Button icon={<ThunderboltOutlined />}>{t("permits.today")}</Button>
              </Link>
            )}
            {(!multi || me.role === "admin") && (
              <Link to="/permits/approvers">
                <Button icon={<SafetyCertificateOutlined />} data-testid="permit-approvers">
                  {t("permits.approvers")}
                </Button>
              </Link>
            )}
            {canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="permit-new"
                onClick={() => navigate(filters.enterpriseId ? `/permits/new?enterpriseId=${filters.enterpriseId}` : "/permits/new")}
              >
                {t("permits.new")}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="filter-bar" data-testid="permit-filters">
          {multi && (
            <EnterprisePicker
              data-testid="filter-permit-enterprise"
              style={{ width: 240 }}
              placeholder={t("permits.enterprise")}
              value={filters.enterpriseId}
              onChange={(v) => update({ enterpriseId: v })}
            />
          )}
          <Select
            data-testid="filter-permit-type"
            style={{ width: 160 }}
            allowClear
            placeholder={t("permits.type")}
            value={filters.type}
            onChange={(v?: string) => update({ type: v })}
            options={pl.typeOptions()}
          />
          <Select
            data-testid="filter-permit-status"
            style={{ width: 160 }}
            allowClear
            placeholder={t("permits.status")}
            value={filters.status}
            onChange={(v?: string) => update({ status: v })}
            options={pl.statusOptions()}
          />
          <DatePicker
            data-testid="filter-permit-day"
            style={{ width: 150 }}
            placeholder={t("permits.day")}
            value={filters.day ? dayjs(filters.day) : null}
            onChange={(d) => update({ day: d ? d.format("YYYY-MM-DD") : undefined })}
          />
          <Select
            data-testid="filter-permit-high-risk"
            style={{ width: 150 }}
            value={filters.highRisk ?? "all"}
            onChange={(v: string) => update({ highRisk: v === "all" ? undefined : v })}
            options={[
              { value: "all", label: t("permits.allRisk") },
              { value: "true", label: t("permits.highRiskOnly") },
            ]}
          />
          <Input.Search
            data-testid="filter-permit-q"
            style={{ width: 220 }}
            allowClear
            placeholder={t("permits.search")}
            defaultValue={filters.q}
            onSearch={(v) => update({ q: v.trim() || undefined })}
          />
          <Button onClick={reset}>{t("common.reset")}</Button>
        </div>
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="permit-table"
          rowKey="id"
          size="middle"
          columns={cols}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("permits.empty") }}
          onRow={(p) => ({ onClick: () => navigate(`/permits/${p.id}`), style: { cursor: "pointer" } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t("common.total", { total: `${formatNumber(total)}${list.data?.totalCapped ? "+" : ""}` }),
            onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
          }}
        />
      </Card>
    </>
  );
}

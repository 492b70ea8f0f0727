/** 重大危险源: hazard units in the caller's scope with their GB 18218 grade; filters in the URL; row → the unit. */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, Badge, Button, Card, Input, Select, Space, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { HazardUnitListItem } from "../../api/types";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { useHazardUnits } from "./queries";
import { GradeTag, ReviewStatusTag, fmt } from "./Tags";

const FILTER_KEYS = ["enterpriseId", "major", "grade", "reviewStatus", "q"] as const;

function columns(t: TFunction, showEnterprise: boolean): ColumnsType<HazardUnitListItem> {
  const cols: ColumnsType<HazardUnitListItem> = [
    {
      title: t("majorHazards.unit"),
      key: "name",
      render: (_: unknown, u) => (
        <div>
          <Link to={`/major-hazards/${u.id}`} onClick={(e) => e.stopPropagation()} data-testid="unit-link">
            {u.name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`majorHazards.kinds.${u.kind}`)}
              {u.code ? ` · ${u.code}` : ""}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];
  if (showEnterprise) cols.push({ title: t("majorHazards.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 220 });
  cols.push(
    {
      title: t("majorHazards.grade"),
      key: "grade",
      width: 150,
      render: (_: unknown, u) => <GradeTag grade={u.grade} isMajor={u.isMajor} />,
    },
    { title: "S", dataIndex: "sumRatio", width: 90, align: "right", render: (v: number | null) => fmt(v) },
    { title: "R", dataIndex: "rValue", width: 90, align: "right", render: (v: number | null, u) => (u.isMajor ? fmt(v) : "—") },
    { title: t("majorHazards.exposedPeopleShort"), dataIndex: "exposedPeople", width: 100, align: "right", render: (v: number) => formatNumber(v) },
    { title: t("majorHazards.principal"), key: "principal", width: 120, render: (_: unknown, u) => u.responsibles?.principal?.name ?? "—" },
    { title: t("majorHazards.sensors"), dataIndex: "sensorCount", width: 90, align: "right", render: (v: number) => formatNumber(v) },
    {
      title: t("majorHazards.openAlarms"),
      dataIndex: "openAlarmCount",
      width: 110,
      align: "right",
      render: (v: number) => (v > 0 ? <Badge count={v} overflowCount={999} data-testid="open-alarms" /> : "0"),
    },
    {
      title: t("majorHazards.reviewStatus"),
      dataIndex: "reviewStatus",
      width: 100,
      render: (s: HazardUnitListItem["reviewStatus"]) => <ReviewStatusTag status={s} />,
    },
  );
  return cols;
}

export default function MajorHazardsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { filters, page, pageSize, query, update, reset } = useUrlListParams(FILTER_KEYS);
  const multi = me.scope.kind !== "enterprise";
  const list = useHazardUnits(query);
  const cols = useMemo(() => columns(t, multi), [t, multi]);
  const canCreate = list.data?.abilities.create ?? false;

  return (
    <>
      <PageHeader
        title={t("majorHazards.title")}
        sub={t("majorHazards.subtitle")}
        extra={
          canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="unit-new"
              onClick={() => navigate(filters.enterpriseId ? `/major-hazards/new?enterpriseId=${filters.enterpriseId}` : "/major-hazards/new")}
            >
              {t("majorHazards.new")}
            </Button>
          )
        }
      />
      <Card>
        <div className="filter-bar" data-testid="unit-filters">
          {multi && (
            <EnterprisePicker
              data-testid="filter-unit-enterprise"
              style={{ width: 240 }}
              placeholder={t("majorHazards.enterprise")}
              value={filters.enterpriseId}
              onChange={(v) => update({ enterpriseId: v })}
            />
          )}
          <Select
            data-testid="filter-unit-major"
            style={{ width: 150 }}
            value={filters.major ?? "all"}
            onChange={(v: string) => update({ major: v === "all" ? undefined : v })}
            options={[
              { value: "all", label: t("majorHazards.majorAll") },
              { value: "true", label: t("majorHazards.majorOnly") },
              { value: "false", label: t("majorHazards.notMajor") },
            ]}
          />
          <Select
            data-testid="filter-unit-grade"
            style={{ width: 170 }}
            allowClear
            placeholder={t("majorHazards.grade")}
            value={filters.grade}
            onChange={(v?: string) => update({ grade: v })}
            options={(["1", "2", "3", "4"] as const).map((g) => ({ value: g, label: t(`majorHazards.grades.${g}`) }))}
          />
          <Select
            data-testid="filter-unit-review"
            style={{ width: 130 }}
            allowClear
            placeholder={t("majorHazards.reviewStatus")}
            value={filters.reviewStatus}
            onChange={(v?: string) => update({ reviewStatus: v })}
            options={(["draft", "submitted", "confirmed", "returned"] as const).map((s) => ({ value: s, label: t(`majorHazards.statuses.${s}`) }))}
          />
          <Input.Search
            data-testid="filter-unit-q"
            style={{ width: 220 }}
            allowClear
            placeholder={t("majorHazards.search")}
            defaultValue={filters.q}
            onSearch={(v) => update({ q: v.trim() || undefined })}
          />
          <Space>
            <Button onClick={reset}>{t("majorHazards.reset")}</Button>
          </Space>
        </div>
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="unit-table"
          rowKey="id"
          size="middle"
          columns={cols}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("majorHazards.empty") }}
          onRow={(u) => ({ onClick: () => navigate(`/major-hazards/${u.id}`), style: { cursor: "pointer" } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t("common.total", { total: formatNumber(total) }),
            onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }, false),
          }}
        />
      </Card>
    </>
  );
}

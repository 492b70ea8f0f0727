/** 报警处置: the alarms in the caller's scope (open ones first by default), filters in the URL, row → the alarm. */
import { ReloadOutlined, RiseOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { AlarmListItem } from "../../api/types";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, formatNumber } from "../../lib/format";
import { useUrlListParams } from "../../lib/useUrlListParams";
import { AlarmStatusTag, ConditionTag, SeverityTag } from "./AlarmTags";
import { type AlarmLabels, formatValue, useAlarmLabels } from "./labels";
import { useAlarmSummary, useAlarms } from "./queries";

const FILTER_KEYS = ["status", "severity", "kind", "active", "enterpriseId", "from", "to"] as const;

/** The value that raised the alarm against its limit, in the sensor's unit ("85.2 ℃ / 80 ℃"). */
export function valueVsLimit(a: Pick<AlarmListItem, "lastValue" | "limitValue" | "engineeringUnit">): string {
  const v = formatValue(a.lastValue, a.engineeringUnit);
  const l = formatValue(a.limitValue, a.engineeringUnit);
  if (!v) return "—";
  return l ? `${v} / ${l}` : v;
}

export function alarmColumns(t: TFunction, al: AlarmLabels, showEnterprise: boolean): ColumnsType<AlarmListItem> {
  const cols: ColumnsType<AlarmListItem> = [
    { title: t("alarms.severity"), dataIndex: "severity", width: 110, render: (s: string) => <SeverityTag severity={s} /> },
    {
      title: t("alarms.sensor"),
      key: "sensor",
      render: (_: unknown, a) => (
        <div>
          <div>{a.sensorName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
            {a.tag}
          </Typography.Text>
          {a.unitName && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
              {a.unitName}
            </Typography.Text>
          )}
        </div>
      ),
    },
  ];
  if (showEnterprise) cols.push({ title: t("alarms.enterprise"), dataIndex: "enterpriseName", ellipsis: true, width: 220 });
  cols.push(
    {
      title: t("alarms.value"),
      key: "value",
      render: (_: unknown, a) => <span data-testid="alarm-value">{valueVsLimit(a)}</span>,
    },
    { title: t("alarms.kind"), key: "kind", render: (_: unknown, a) => al.kindLevel(a.kind, a.level) },
    {
      title: t("alarms.status"),
      dataIndex: "status",
      render: (s: string, a) => (
        <Space size={4} wrap>
          <AlarmStatusTag status={s} />
          {a.escalationLevel > 0 && s === "raised" && (
            <Tag color="volcano" icon={<RiseOutlined />} bordered={false}>
              {al.escalation(a.escalationLevel)}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t("alarms.raisedAt"), dataIndex: "raisedAt", width: 170, render: (v: string) => formatDateTime(v) },
    { title: t("alarms.condition"), dataIndex: "conditionActive", width: 100, render: (v: boolean) => <ConditionTag active={v} /> },
  );
  return cols;
}

export default function AlarmsPage() {
  const { t } = useTranslation();
  const al = useAlarmLabels();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { filters, page, pageSize, query, update, reset } = useUrlListParams(FILTER_KEYS);
  const multi = me.scope.kind !== "enterprise";
  // Open alarms unless the user picks otherwise ("all" lists every status).
  const status = filters.status ?? "open";
  const list = useAlarms({ ...query, status });
  const summary = useAlarmSummary({ enterpriseId: filters.enterpriseId });
  const columns = useMemo(() => alarmColumns(t, al, multi), [t, al, multi]);
  const range: [dayjs.Dayjs, dayjs.Dayjs] | null = filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;
  const s = summary.data;

  return (
    <>
      <PageHeader
        title={t("alarms.title")}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void Promise.all([list.refetch(), summary.refetch()])} loading={list.isFetching}>
            {t("alarms.refresh")}
          </Button>
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="alarm-summary">
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t("alarms.summaryOpen")} value={s?.open ?? 0} loading={summary.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic
              title={t("alarms.summaryUnacknowledged")}
              value={s?.unacknowledged ?? 0}
              loading={summary.isPending}
              styles={{ content: s?.unacknowledged ? { color: "#cf1322" } : undefined }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small">
            <Statistic title={t("alarms.summaryActive")} value={s?.conditionActive ?? 0} loading={summary.isPending} />
          </Card>
        </Col>
        <Col xs={24} md={18} xl={12}>
          <Card size="small" title={t("alarms.severity")} styles={{ body: { paddingBlock: 12 } }}>
            <Space wrap size={[16, 8]}>
              {(["red", "orange", "yellow", "blue"] as const).map((k) => (
                <Space key={k} size={4}>
                  <SeverityTag severity={k} />
                  <Typography.Text strong data-testid={`alarm-summary-${k}`}>
                    {formatNumber(s?.bySeverity[k] ?? 0)}
                  </Typography.Text>
                </Space>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card>
        <div className="filter-bar" data-testid="alarm-filters">
          <Select
            data-testid="filter-alarm-status"
            style={{ width: 140 }}
            value={status}
            onChange={(v: string) => update({ status: v === "open" ? undefined : v })}
            options={[{ value: "open", label: t("alarms.statusOpen") }, { value: "all", label: t("alarms.statusAll") }, ...al.statusOptions()]}
          />
          <Select
            data-testid="filter-alarm-severity"
            style={{ width: 130 }}
            allowClear
            placeholder={t("alarms.severity")}
            value={filters.severity}
            onChange={(v?: string) => update({ severity: v })}
            options={al.severityOptions()}
          />
          <Select
            data-testid="filter-alarm-kind"
            style={{ width: 140 }}
            allowClear
            placeholder={t("alarms.kind")}
            value={filters.kind}
            onChange={(v?: string) => update({ kind: v })}
            options={al.kindOptions()}
          />
          <Select
            data-testid="filter-alarm-active"
            style={{ width: 120 }}
            allowClear
            placeholder={t("alarms.conditionFilter")}
            value={filters.active}
            onChange={(v?: string) => update({ active: v })}
            options={[
              { value: "true", label: t("alarms.conditionActive") },
              { value: "false", label: t("alarms.conditionReturned") },
            ]}
          />
          {multi && (
            <EnterprisePicker
              data-testid="filter-alarm-enterprise"
              style={{ width: 220 }}
              placeholder={t("alarms.enterprise")}
              value={filters.enterpriseId}
              onChange={(v) => update({ enterpriseId: v })}
            />
          )}
          <DatePicker.RangePicker
            data-testid="filter-alarm-period"
            style={{ width: 250 }}
            value={range}
            placeholder={[t("alarms.raisedFrom"), t("alarms.raisedTo")]}
            onChange={(v) => update({ from: v?.[0]?.format("YYYY-MM-DD"), to: v?.[1]?.format("YYYY-MM-DD") })}
          />
          <Button onClick={reset}>{t("common.reset")}</Button>
        </div>
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="alarm-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: "max-content" }}
          onRow={(a) =>
            ({ onClick: () => navigate(`/alarms/${a.id}`), style: { cursor: "pointer" }, "data-testid": "alarm-row" }) as React.HTMLAttributes<HTMLElement>
          }
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

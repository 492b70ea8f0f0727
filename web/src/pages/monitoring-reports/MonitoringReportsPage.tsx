/**
 * 监测报告: 日记录 / 周分析 / 月通报 of major hazard source monitoring for a region (regulators) or an enterprise,
 * rendered from GET /api/monitoring-reports, with PDF and Excel downloads and the list of generated reports.
 */
import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined, ReloadOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Empty, Segmented, Space, Spin, Table, Tabs } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError, api, toQueryString } from "../../api/client";
import { useRegions } from "../../api/queries";
import type { MonitoringReport, MonitoringReportKind, MonitoringReportListItem, Paged } from "../../api/types";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { RegionTreeSelect } from "../../components/RegionTreeSelect";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, TZ } from "../../lib/format";
import { useReportLabels } from "./labels";
import { ReportView } from "./ReportView";

const KINDS: MonitoringReportKind[] = ["daily", "weekly", "monthly"];
const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

/** Monday of the (Monday–Sunday) week of a day. */
const mondayOf = (d: Dayjs) => d.subtract((d.day() + 6) % 7, "day");

/** A day of the last finished period of the kind: yesterday, last week's Monday, the 1st of last month. */
function defaultDate(kind: MonitoringReportKind): string {
  const today = dayjs().tz(TZ).startOf("day");
  if (kind === "daily") return today.subtract(1, "day").format("YYYY-MM-DD");
  if (kind === "weekly") return mondayOf(today).subtract(7, "day").format("YYYY-MM-DD");
  return today.startOf("month").subtract(1, "month").format("YYYY-MM-DD");
}

/** The day sent for a picked value: the Monday of a week, the 1st of a month. */
function dateOf(kind: MonitoringReportKind, v: Dayjs): string {
  if (kind === "weekly") return mondayOf(v).format("YYYY-MM-DD");
  if (kind === "monthly") return v.startOf("month").format("YYYY-MM-DD");
  return v.format("YYYY-MM-DD");
}

export default function MonitoringReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const l = useReportLabels();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const regions = useRegions();
  const kind = (KINDS.includes(params.get("kind") as MonitoringReportKind) ? params.get("kind") : "daily") as MonitoringReportKind;
  const date = params.get("date") || defaultDate(kind);
  const enterpriseIdParam = params.get("enterpriseId") || undefined;
  const regionParam = params.get("regionCode") || undefined;
  const scopeKind = me.scope.kind;
  const ownEnterprise = scopeKind === "enterprise";
  const mayRegion = scopeKind === "all" || scopeKind === "jurisdiction";
  const [modeState, setMode] = useState<"region" | "enterprise">(enterpriseIdParam || !mayRegion ? "enterprise" : "region");
  const mode = ownEnterprise ? "enterprise" : modeState;
  // A regulator starts on its jurisdiction; the administrator on the first city.
  const defaultRegion = useMemo(
    () => (scopeKind === "jurisdiction" ? (me.scope.regionCode ?? undefined) : regions.data?.find((r) => r.level === "city")?.code),
    [scopeKind, me.scope.regionCode, regions.data],
  );
  const regionCode = mode === "region" ? (regionParam ?? defaultRegion) : undefined;
  const enterpriseId = mode === "enterprise" && !ownEnterprise ? enterpriseIdParam : undefined;
  const query = { kind, date, enterpriseId, regionCode };
  const ready = ownEnterprise || !!enterpriseId || !!regionCode;

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const report = useQuery({
    queryKey: ["monitoring-report", query],
    queryFn: () => api.get<MonitoringReport>("/api/monitoring-reports", query),
    enabled: ready,
    retry: noRetryOn4xx,
    placeholderData: keepPreviousData,
  });
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: ["monitoring-report-list", kind, page],
    queryFn: () => api.get<Paged<MonitoringReportListItem>>("/api/monitoring-reports/list", { kind, page, pageSize: 10 }),
    placeholderData: keepPreviousData,
  });
  const regenerate = useMutation({
    mutationFn: () => api.get<MonitoringReport>("/api/monitoring-reports", { ...query, regenerate: true }),
    onSuccess: (r) => {
      qc.setQueryData(["monitoring-report", query], r);
      qc.invalidateQueries({ queryKey: ["monitoring-report-list"] });
      message.success(t("monitoringReports.regenerated"));
    },
    onError: (e) => message.error(errorMessage(e, t)),
  });

  const download = (format: "pdf" | "xlsx") => `/api/monitoring-reports${toQueryString({ ...query, format })}`;
  const today = dayjs().tz(TZ).endOf("day");
  const value = dayjs(date);
  const picker = (
    <DatePicker
      data-testid="mr-date"
      allowClear={false}
      picker={kind === "daily" ? "date" : kind === "weekly" ? "week" : "month"}
      value={value}
      format={
        kind === "weekly"
          ? (v: Dayjs) => `${mondayOf(v).format("YYYY-MM-DD")} ~ ${mondayOf(v).add(6, "day").format("MM-DD")}`
          : kind === "monthly"
            ? "YYYY-MM"
            : "YYYY-MM-DD"
      }
      disabledDate={(d: Dayjs) => d.isAfter(today)}
      onChange={(v: Dayjs | null) => v && set({ date: dateOf(kind, v) })}
      style={{ width: kind === "weekly" ? 200 : 140 }}
    />
  );
  const scopePicker = ownEnterprise ? null : (
    <Space.Compact>
      {mayRegion && (
        <Segmented
          data-testid="mr-scope-mode"
          value={mode}
          onChange={(v) => {
            setMode(v as "region" | "enterprise");
            set({ enterpriseId: undefined, regionCode: undefined });
          }}
          options={[
            { value: "region", label: t("monitoringReports.scopeRegion") },
            { value: "enterprise", label: t("monitoringReports.scopeEnterprise") },
          ]}
        />
      )}
      {mode === "region" ? (
        <RegionTreeSelect
          data-testid="mr-region"
          style={{ width: 200 }}
          allowClear={false}
          placeholder={t("monitoringReports.pickRegion")}
          value={regionCode}
          onChange={(v) => set({ regionCode: v, enterpriseId: undefined })}
        />
      ) : (
        <EnterprisePicker
          data-testid="mr-enterprise"
          style={{ width: 240 }}
          allowClear={false}
          placeholder={t("monitoringReports.pickEnterprise")}
          value={enterpriseId}
          onChange={(v) => set({ enterpriseId: v, regionCode: undefined })}
        />
      )}
    </Space.Compact>
  );

  const data = report.data?.data;
  return (
    <>
      <PageHeader
        title={t("monitoringReports.title")}
        sub={t("monitoringReports.sub")}
        extra={
          <>
            <Button icon={<FilePdfOutlined />} href={download("pdf")} download disabled={!ready} data-testid="mr-download-pdf">
              {t("monitoringReports.downloadPdf")}
            </Button>
            <Button icon={<FileExcelOutlined />} href={download("xlsx")} download disabled={!ready} data-testid="mr-download-xlsx">
              {t("monitoringReports.downloadExcel")}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => regenerate.mutate()} loading={regenerate.isPending} disabled={!ready} data-testid="mr-regenerate">
              {t("monitoringReports.regenerate")}
            </Button>
          </>
        }
      />
      <Tabs
        data-testid="mr-kind"
        activeKey={kind}
        onChange={(k) => set({ kind: k, date: undefined })}
        items={KINDS.map((k) => ({ key: k, label: t(`monitoringReports.kinds.${k}`) }))}
        tabBarExtraContent={
          <Space wrap>
            {scopePicker}
            {picker}
          </Space>
        }
      />
      {!ready ? (
        <Empty description={t("monitoringReports.chooseScope")} data-testid="mr-choose" style={{ margin: "48px 0" }} />
      ) : report.error ? (
        <Alert type="error" showIcon title={errorMessage(report.error, t)} data-testid="mr-error" />
      ) : !data ? (
        <div style={{ textAlign: "center", padding: 48 }}>
          <Spin />
        </div>
      ) : (
        <Spin spinning={report.isFetching}>
          <ReportView d={data} />
        </Spin>
      )}
      <Card size="small" style={{ marginTop: 16 }} title={t("monitoringReports.sections.history")} data-testid="mr-history">
        <Table<MonitoringReportListItem>
          size="small"
          rowKey="id"
          loading={history.isFetching}
          dataSource={history.data?.items ?? []}
          pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          onRow={(r) => ({
            style: { cursor: "pointer" },
            onClick: () => {
              if (!ownEnterprise) setMode(r.scopeType === "enterprise" ? "enterprise" : "region");
              set({
                kind: r.kind,
                date: r.periodStart,
                enterpriseId: r.scopeType === "enterprise" && !ownEnterprise ? (r.enterpriseId ?? undefined) : undefined,
                regionCode: r.scopeType === "region" ? (r.regionCode ?? undefined) : undefined,
              });
            },
          })}
          columns={[
            {
              title: t("monitoringReports.cols.period"),
              key: "period",
              render: (_, r) =>
                r.kind === "daily" ? r.periodStart : r.kind === "monthly" ? r.periodStart.slice(0, 7) : `${r.periodStart} ~ ${r.periodEnd.slice(5)}`,
            },
            { title: t("monitoringReports.cols.scope"), dataIndex: "name", key: "name" },
            { title: t("monitoringReports.cols.alarms"), dataIndex: "alarms", key: "alarms", align: "right" },
            { title: t("monitoringReports.cols.onlineRate"), key: "online", align: "right", render: (_, r) => l.pct(r.onlineRate, 2) },
            { title: t("monitoringReports.cols.generatedAt"), key: "generatedAt", render: (_, r) => formatDateTime(r.generatedAt) },
            {
              title: "",
              key: "dl",
              render: (_, r) => {
                const q = {
                  kind: r.kind,
                  date: r.periodStart,
                  enterpriseId: r.scopeType === "enterprise" && !ownEnterprise ? (r.enterpriseId ?? undefined) : undefined,
                  regionCode: r.scopeType === "region" ? (r.regionCode ?? undefined) : undefined,
                };
                return (
                  <Space size={4} onClick={(e) => e.stopPropagation()}>
                    <Button
                      size="small"
                      type="link"
                      icon={<DownloadOutlined />}
                      href={`/api/monitoring-reports${toQueryString({ ...q, format: "pdf" })}`}
                      download
                    >
                      PDF
                    </Button>
                    <Button
                      size="small"
                      type="link"
                      icon={<DownloadOutlined />}
                      href={`/api/monitoring-reports${toQueryString({ ...q, format: "xlsx" })}`}
                      download
                    >
                      Excel
                    </Button>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
    </>
  );
}

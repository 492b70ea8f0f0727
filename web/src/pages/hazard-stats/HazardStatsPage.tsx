import { DownloadOutlined } from "@ant-design/icons";
import { HAZARD_TYPES, SECTORS } from "@anguan/domain";
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Row, Segmented, Select, Table } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { toQueryString } from "../../api/client";
import { useRegions } from "../../api/queries";
import type { HazardStatsGroup } from "../../api/types";
import { EChart } from "../../components/EChart";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatNumber } from "../../lib/format";
import { scopeText } from "../../lib/scope";
import { useHazardLabels } from "../hazards/labels";
import { useHazardStats } from "../hazards/queries";
import { barHeight, barOption, groupCount, groupName, pieOption, trendOption } from "./charts";
import { KpiCards } from "./KpiCards";
import { OverdueRanking } from "./OverdueRanking";
import { listLink, type Period, useStatsParams } from "./useStatsParams";

const rate = (g: HazardStatsGroup) => {
  if (g.rectificationRate !== undefined && g.rectificationRate !== null) return g.rectificationRate > 1 ? g.rectificationRate : g.rectificationRate * 100;
  const found = groupCount(g);
  return found ? ((g.rectified ?? 0) / found) * 100 : null;
};

/** 隐患统计: a regulator's counts for its scope, trend, breakdowns with drill-down to the list, overdue ranking, ledger. */
export default function HazardStatsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const hl = useHazardLabels();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { from, to, period, regionCode, sector, by, filters, set, hrefWith } = useStatsParams();
  const regions = useRegions();
  const byCode = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r])), [regions.data]);
  const hasChildren = (code: string | undefined) =>
    (regions.data ?? []).some((r) => (code ? r.parentCode === code : !r.parentCode || !byCode.has(r.parentCode)));
  const leaf = !!regionCode && regions.data !== undefined && !hasChildren(regionCode);
  const byEnterprise = leaf || by === "enterprise";
  const base = { from, to, regionCode, sector };

  const main = useHazardStats({ ...base, groupBy: byEnterprise ? "enterprise" : "region", period });
  const bySector = useHazardStats({ ...base, groupBy: "sector" });
  const byLevel = useHazardStats({ ...base, groupBy: "level" });
  const byType = useHazardStats({ ...base, groupBy: "type" });

  if (me.scope.kind === "enterprise") return <Forbidden />;

  // The drill-down path: the caller's root region → … → the selected one.
  const chain: { code: string; name: string }[] = [];
  for (let c = regionCode ? byCode.get(regionCode) : undefined; c; c = c.parentCode ? byCode.get(c.parentCode) : undefined) {
    if (c.code === me.scope.regionCode) break;
    chain.unshift({ code: c.code, name: c.name });
  }
  const groups = main.data?.groups ?? [];
  const enterpriseName = (g: HazardStatsGroup) => groupName(g);
  const typeName = (g: HazardStatsGroup) => (g.key in HAZARD_TYPES ? hl.type(g.key) : t("hazardStats.unclassified"));
  // Region → its child regions; a region without children (or the parent's own level) → its enterprises → the list.
  const drillHref = (g: HazardStatsGroup) => {
    if (byEnterprise) return listLink(base, { enterpriseId: g.key });
    const code = g.regionCode ?? g.key;
    const leafGroup = g.hasChildren === false || g.key === regionCode || !hasChildren(g.key);
    return hrefWith({ regionCode: code, by: leafGroup ? "enterprise" : undefined });
  };
  const drill = (g: HazardStatsGroup) => navigate(drillHref(g));

  return (
    <>
      <PageHeader
        title={t("hazardStats.title")}
        sub={scopeText(me, labels, t)}
        extra={
          <>
            <DatePicker.RangePicker
              data-testid="stats-period"
              allowClear={false}
              value={[dayjs(from), dayjs(to)]}
              onChange={(v) => v?.[0] && v[1] && set({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") })}
              presets={[
                { label: t("hazardStats.thisMonth"), value: [dayjs().startOf("month"), dayjs()] },
                { label: t("hazardStats.last3Months"), value: [dayjs().subtract(2, "month").startOf("month"), dayjs()] },
                { label: t("hazardStats.thisYear"), value: [dayjs().startOf("year"), dayjs()] },
                { label: t("hazardStats.last12Months"), value: [dayjs().subtract(11, "month").startOf("month"), dayjs()] },
              ]}
            />
            <Select
              data-testid="stats-sector"
              style={{ width: 150 }}
              allowClear
              placeholder={t("hazards.sector")}
              value={sector}
              onChange={(v?: string) => set({ sector: v })}
              options={labels.options(SECTORS, me.scope.sectors?.length ? me.scope.sectors : undefined)}
              popupMatchSelectWidth={false}
            />
            <Button icon={<DownloadOutlined />} href={`/api/hazards/export${toQueryString(base)}`} download data-testid="stats-export">
              {t("hazards.exportLedger")}
            </Button>
          </>
        }
      />
      {main.error && <Alert type="error" showIcon title={errorMessage(main.error, t)} style={{ marginBottom: 16 }} />}
      <Breadcrumb
        data-testid="stats-drill"
        style={{ marginBottom: 12 }}
        items={[
          {
            key: "root",
            title: regionCode ? (
              <Link to={hrefWith({ regionCode: undefined, by: undefined })}>{t("hazardStats.wholeScope")}</Link>
            ) : (
              t("hazardStats.wholeScope")
            ),
          },
          ...chain.map((c, i) => ({
            key: c.code,
            title: i < chain.length - 1 || byEnterprise ? <Link to={hrefWith({ regionCode: c.code, by: undefined })}>{c.name}</Link> : c.name,
          })),
          ...(byEnterprise ? [{ key: "ent", title: t("hazardStats.enterprises") }] : []),
        ]}
      />
      <KpiCards totals={main.data?.totals} filters={filters} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t("hazardStats.trend")}
            extra={
              <Segmented<Period>
                size="small"
                data-testid="stats-granularity"
                value={period}
                onChange={(v) => set({ period: v === "month" ? undefined : v })}
                options={[
                  { value: "day", label: t("hazardStats.byDay") },
                  { value: "week", label: t("hazardStats.byWeek") },
                  { value: "month", label: t("hazardStats.byMonth") },
                ]}
              />
            }
          >
            <EChart data-testid="stats-trend" option={trendOption(main.data?.trend ?? [], t, period)} height={300} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={byEnterprise ? t("hazardStats.byEnterprise") : t("hazardStats.byRegion")}
            extra={
              !leaf && (
                <Segmented
                  size="small"
                  value={byEnterprise ? "enterprise" : "region"}
                  onChange={(v) => set({ by: v === "enterprise" ? "enterprise" : undefined })}
                  options={[
                    { value: "region", label: t("hazardStats.byRegionShort") },
                    { value: "enterprise", label: t("hazardStats.byEnterpriseShort") },
                  ]}
                />
              )
            }
          >
            <EChart
              data-testid="stats-groups-chart"
              option={barOption(groups, t, enterpriseName)}
              height={barHeight(groups.length, 300)}
              onClick={(p) => {
                const g = groups.find((x) => groupName(x) === p.name);
                if (g) drill(g);
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" style={{ marginTop: 16 }} title={t("hazardStats.breakdownTable")}>
        <Table
          data-testid="stats-groups"
          size="small"
          rowKey="key"
          loading={main.isFetching}
          pagination={groups.length > 20 ? { pageSize: 20 } : false}
          dataSource={[...groups].sort((a, b) => groupCount(b) - groupCount(a))}
          scroll={{ x: "max-content" }}
          columns={[
            {
              title: byEnterprise ? t("hazards.enterprise") : t("hazards.region"),
              key: "name",
              render: (_, g) =>
                byEnterprise ? (
                  <Link to={listLink(base, { enterpriseId: g.key })} data-testid="stats-group-link">
                    {groupName(g)}
                  </Link>
                ) : (
                  <Link to={drillHref(g)} data-testid="stats-group-link">
                    {groupName(g)}
                  </Link>
                ),
            },
            { title: t("hazardStats.found"), key: "found", align: "right", render: (_, g) => formatNumber(groupCount(g)) },
            {
              title: t("hazardStats.rectified"),
              key: "rectified",
              align: "right",
              render: (_, g) =>
                byEnterprise ? (
                  <Link to={listLink(base, { enterpriseId: g.key, status: "closed" })}>{formatNumber(g.rectified ?? 0)}</Link>
                ) : (
                  formatNumber(g.rectified ?? 0)
                ),
            },
            {
              title: t("hazardStats.overdue"),
              key: "overdue",
              align: "right",
              render: (_, g) => <span style={g.overdue ? { color: "#cf1322" } : undefined}>{formatNumber(g.overdue ?? 0)}</span>,
            },
            { title: t("hazardStats.openMajor"), key: "openMajor", align: "right", render: (_, g) => formatNumber(g.openMajor ?? 0) },
            {
              title: t("hazardStats.rate"),
              key: "rate",
              align: "right",
              render: (_, g) => {
                const r = rate(g);
                return r === null ? "—" : `${r.toFixed(1)}%`;
              },
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t("hazardStats.bySector")}>
            <EChart
              data-testid="stats-sector-chart"
              option={barOption(bySector.data?.groups ?? [], t, (g) => labels.sector(g.key) || groupName(g))}
              height={barHeight(bySector.data?.groups.length ?? 0)}
              onClick={(p) => {
                const g = (bySector.data?.groups ?? []).find((x) => (labels.sector(x.key) || groupName(x)) === p.name);
                if (g) set({ sector: g.key });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} lg={7}>
          <Card size="small" title={t("hazardStats.byLevel")}>
            <EChart
              data-testid="stats-level-chart"
              option={pieOption(byLevel.data?.groups ?? [], (g) => hl.level(g.key) || groupName(g), { general: "#fa8c16", major: "#cf1322" })}
              height={260}
              onClick={(p) => {
                const g = (byLevel.data?.groups ?? []).find((x) => (hl.level(x.key) || groupName(x)) === p.name);
                if (g) navigate(listLink(base, { level: g.key }));
              }}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} lg={7}>
          <Card size="small" title={t("hazardStats.byType")}>
            <EChart
              data-testid="stats-type-chart"
              option={pieOption(byType.data?.groups ?? [], typeName)}
              height={260}
              onClick={(p) => {
                const g = (byType.data?.groups ?? []).find((x) => typeName(x) === p.name);
                if (g && g.key in HAZARD_TYPES) navigate(listLink(base, { dangerType: g.key }));
              }}
            />
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 16 }}>
        <OverdueRanking regionCode={regionCode} sector={sector} />
      </div>
    </>
  );
}

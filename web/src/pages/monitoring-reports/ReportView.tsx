/** One monitoring report rendered on the page: summary cards, charts and the tables of its kind. */
import { Alert, Card, Col, Row, Space, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type {
  MonitoringDailyReport,
  MonitoringMonthlyReport,
  MonitoringReportAlarm,
  MonitoringReportData,
  MonitoringReportEnterprise,
  MonitoringReportSource,
  MonitoringWeeklyReport,
} from "../../api/types";
import { EChart } from "../../components/EChart";
import { useLabels } from "../../i18n/labels";
import { dayjs, formatDateTime, TZ } from "../../lib/format";
import { barHeight, causesPie, kindBar, onlineRateBar, rankingBar, regionsChart, severityPie, sourcesBar, trendBars } from "./charts";
import { SEVERITY_TAG, type ReportLabels, useReportLabels } from "./labels";

const paged = (n: number) => (n > 20 ? { pageSize: 20, showSizeChanger: false } : false);
const num = (x: number | null | undefined) => (x === null || x === undefined ? "—" : Number.isInteger(x) ? String(x) : x.toFixed(2));

function Section({ title, extra, children, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginTop: 16 }} data-testid={testId}>
      {children}
    </Card>
  );
}

function SummaryCards({ d, l }: { d: MonitoringReportData; l: ReportLabels }) {
  const { t } = useTranslation();
  const s = d.summary;
  const h = s.handling;
  const card = (title: string, value: ReactNode, foot: ReactNode, testId: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" style={{ height: "100%" }} data-testid={testId}>
        <Statistic title={title} value={value as string} />
        <div style={{ color: "#6b7280", fontSize: 12, marginTop: 4 }}>{foot}</div>
      </Card>
    </Col>
  );
  return (
    <Row gutter={[12, 12]} data-testid="mr-summary">
      {card(
        t("monitoringReports.summary.alarms"),
        s.alarms,
        <Space size={4} wrap>
          {(["red", "orange", "yellow", "blue"] as const).map((k) => (
            <Tag key={k} color={SEVERITY_TAG[k]} style={{ marginInlineEnd: 0 }}>
              {s.bySeverity[k]}
            </Tag>
          ))}
        </Space>,
        "mr-kpi-alarms",
      )}
      {card(
        t("monitoringReports.summary.onlineRate"),
        l.pct(s.onlineRate, 2),
        t("monitoringReports.summary.sensorsEnterprises", { sensors: s.sensors, enterprises: s.enterprises }),
        "mr-kpi-online",
      )}
      {card(t("monitoringReports.summary.offline"), s.offlineSpells, l.duration(s.offlineMinutes), "mr-kpi-offline")}
      {card(
        t("monitoringReports.summary.ackMedian"),
        l.minutes(h.ackMedianMinutes),
        t("monitoringReports.summary.ackTimely", { minutes: d.thresholds.ackWithinMinutes, rate: l.pct(h.ackTimelyRate) }),
        "mr-kpi-ack",
      )}
      {card(
        t("monitoringReports.summary.disposeMedian"),
        l.minutes(h.disposeMedianMinutes),
        t("monitoringReports.summary.disposeTimely", { hours: d.thresholds.disposeWithinHours, rate: l.pct(h.disposeTimelyRate) }),
        "mr-kpi-dispose",
      )}
      {card(
        t("monitoringReports.summary.timeliness"),
        l.pct(h.timeliness),
        t("monitoringReports.summary.avg", { value: num(h.ackAvgMinutes) }),
        "mr-kpi-timeliness",
      )}
    </Row>
  );
}

function useEnterpriseRateColumns(l: ReportLabels, red: number): ColumnsType<MonitoringReportEnterprise> {
  const { t } = useTranslation();
  return [
    { title: t("monitoringReports.cols.enterprise"), dataIndex: "name", key: "name" },
    { title: t("monitoringReports.cols.sensors"), dataIndex: "sensors", key: "sensors", align: "right" },
    { title: t("monitoringReports.cols.alarms"), dataIndex: "alarms", key: "alarms", align: "right", sorter: (a, b) => a.alarms - b.alarms },
    {
      title: t("monitoringReports.cols.onlineRate"),
      key: "onlineRate",
      align: "right",
      sorter: (a, b) => (a.onlineRate ?? 2) - (b.onlineRate ?? 2),
      render: (_, e) => <span style={e.onlineRate !== null && e.onlineRate < red ? { color: "#cf1322" } : undefined}>{l.pct(e.onlineRate, 2)}</span>,
    },
    { title: t("monitoringReports.cols.offlineSpells"), dataIndex: "offlineSpells", key: "offlineSpells", align: "right" },
    { title: t("monitoringReports.cols.offlineDuration"), key: "offlineMinutes", align: "right", render: (_, e) => l.duration(e.offlineMinutes) },
  ];
}

function useSourceColumns(l: ReportLabels): ColumnsType<MonitoringReportSource> {
  const { t } = useTranslation();
  return [
    { title: "#", key: "i", width: 40, render: (_, __, i) => i + 1 },
    { title: t("monitoringReports.cols.enterprise"), dataIndex: "enterpriseName", key: "enterpriseName" },
    { title: t("monitoringReports.cols.unit"), key: "unit", render: (_, s) => s.unitName ?? "—" },
    { title: t("monitoringReports.cols.sensor"), key: "sensor", render: (_, s) => `${s.tag} ${s.name}` },
    { title: t("monitoringReports.cols.count"), dataIndex: "count", key: "count", align: "right" },
    {
      title: t("monitoringReports.cols.kinds"),
      key: "kinds",
      render: (_, s) =>
        Object.entries(s.kinds)
          .map(([k, n]) => `${l.kind(k)} ${n}`)
          .join(" · "),
    },
  ];
}

function Daily({ d, l }: { d: MonitoringDailyReport; l: ReportLabels }) {
  const { t } = useTranslation();
  const enterpriseCols = useEnterpriseRateColumns(l, d.thresholds.redList.minOnlineRate);
  const time = (iso: string) => dayjs(iso).tz(TZ).format("HH:mm");
  const alarmCols: ColumnsType<MonitoringReportAlarm> = [
    { title: t("monitoringReports.cols.enterprise"), dataIndex: "enterpriseName", key: "enterpriseName" },
    { title: t("monitoringReports.cols.unit"), key: "unit", render: (_, a) => a.unitName ?? "—" },
    { title: t("monitoringReports.cols.sensor"), key: "sensor", render: (_, a) => `${a.tag} ${a.sensorName}` },
    {
      title: t("monitoringReports.cols.kindLevel"),
      key: "kind",
      render: (_, a) => (
        <Space size={4} wrap>
          <span>
            {l.kind(a.kind)}
            {a.level ? ` · ${l.level(a.level)}` : ""}
          </span>
          <Tag color={SEVERITY_TAG[a.severity]}>{l.severity(a.severity)}</Tag>
        </Space>
      ),
    },
    {
      title: t("monitoringReports.cols.valueLimit"),
      key: "value",
      render: (_, a) => (a.value === null ? "—" : `${num(a.value)}${a.limit === null ? "" : ` / ${num(a.limit)}`} ${a.engineeringUnit}`),
    },
    { title: t("monitoringReports.cols.raisedAt"), key: "raisedAt", render: (_, a) => time(a.raisedAt) },
    { title: t("monitoringReports.cols.ackAfter"), key: "ack", align: "right", render: (_, a) => l.minutes(a.ackMinutes) },
    { title: t("monitoringReports.cols.disposeAfter"), key: "dispose", align: "right", render: (_, a) => l.minutes(a.disposeMinutes) },
    { title: t("monitoringReports.cols.cause"), key: "cause", render: (_, a) => l.cause(a.cause) },
    { title: t("monitoringReports.cols.status"), key: "status", render: (_, a) => l.status(a.status) },
  ];
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("monitoringReports.charts.bySeverity")}>
            <EChart data-testid="mr-chart-severity" option={severityPie(d.summary.bySeverity, l)} height={240} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("monitoringReports.charts.byKind")}>
            <EChart data-testid="mr-chart-kind" option={kindBar(d.summary.byKind, l)} height={240} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("monitoringReports.charts.onlineRates")}>
            <EChart data-testid="mr-chart-online" option={onlineRateBar(d.enterprises, d.thresholds.redList.minOnlineRate)} height={240} />
          </Card>
        </Col>
      </Row>
      <Section title={`${t("monitoringReports.sections.alarms")}（${d.alarms.length}）`} testId="mr-alarms">
        <Table size="small" rowKey="id" dataSource={d.alarms} columns={alarmCols} pagination={paged(d.alarms.length)} scroll={{ x: "max-content" }} />
      </Section>
      <Section title={`${t("monitoringReports.sections.offline")}（${d.offlineSpells.length}）`} testId="mr-offline">
        <Table
          size="small"
          rowKey="alarmId"
          dataSource={d.offlineSpells}
          pagination={paged(d.offlineSpells.length)}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("monitoringReports.cols.enterprise"), dataIndex: "enterpriseName", key: "enterpriseName" },
            { title: t("monitoringReports.cols.sensor"), key: "sensor", render: (_, s) => `${s.tag} ${s.sensorName}` },
            { title: t("monitoringReports.cols.from"), key: "from", render: (_, s) => formatDateTime(s.from).slice(0, 16) },
            {
              title: t("monitoringReports.cols.to"),
              key: "to",
              render: (_, s) => (s.to ? formatDateTime(s.to).slice(0, 16) : <Tag color="red">{t("monitoringReports.cols.stillOffline")}</Tag>),
            },
            { title: t("monitoringReports.cols.minutesInPeriod"), key: "minutes", align: "right", render: (_, s) => l.duration(s.minutes) },
          ]}
        />
      </Section>
      <Section title={t("monitoringReports.sections.enterprises")} testId="mr-enterprises">
        <Table size="small" rowKey="enterpriseId" dataSource={d.enterprises} columns={enterpriseCols} pagination={paged(d.enterprises.length)} />
      </Section>
    </>
  );
}

function Weekly({ d, l }: { d: MonitoringWeeklyReport; l: ReportLabels }) {
  const { t } = useTranslation();
  const enterpriseCols = useEnterpriseRateColumns(l, d.thresholds.redList.minOnlineRate);
  const sourceCols = useSourceColumns(l);
  const fmt = (key: string, x: number | null) => (x === null ? "—" : key === "onlineRate" ? l.pct(x, 2) : key === "timeliness" ? l.pct(x) : num(x));
  const change = (key: string, cur: number | null, prev: number | null) => {
    if (cur === null || prev === null) return "—";
    const diff = cur - prev;
    const sign = diff > 0 ? "+" : "";
    if (key === "onlineRate" || key === "timeliness") return t("monitoringReports.pointsChange", { value: `${sign}${(diff * 100).toFixed(2)}` });
    return `${sign}${Number.isInteger(diff) ? diff : diff.toFixed(1)}`;
  };
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t("monitoringReports.charts.trend")}>
            <EChart data-testid="mr-chart-trend" option={trendBars(d.trend, l)} height={280} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={t("monitoringReports.sections.comparison", { from: d.previous.periodStart, to: d.previous.periodEnd })}
            data-testid="mr-comparison"
          >
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={d.comparison}
              columns={[
                { title: t("monitoringReports.cols.metric"), key: "metric", render: (_, r) => t(`monitoringReports.metrics.${r.key}`) },
                { title: t("monitoringReports.cols.thisWeek"), key: "current", align: "right", render: (_, r) => fmt(r.key, r.current) },
                { title: t("monitoringReports.cols.lastWeek"), key: "previous", align: "right", render: (_, r) => fmt(r.key, r.previous) },
                { title: t("monitoringReports.cols.change"), key: "change", align: "right", render: (_, r) => change(r.key, r.current, r.previous) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t("monitoringReports.charts.topSensors")}>
            <EChart data-testid="mr-chart-sources" option={sourcesBar(d.topSensors)} height={barHeight(d.topSensors.length)} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t("monitoringReports.charts.causes")}>
            <EChart data-testid="mr-chart-causes" option={causesPie(d.causes, l)} height={barHeight(d.topSensors.length, 240)} />
          </Card>
        </Col>
      </Row>
      <Section title={t("monitoringReports.sections.topSensors")} testId="mr-top-sensors">
        <Table size="small" rowKey="sensorId" dataSource={d.topSensors} columns={sourceCols} pagination={false} scroll={{ x: "max-content" }} />
      </Section>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Section title={t("monitoringReports.sections.topUnits")} testId="mr-top-units">
            <Table
              size="small"
              rowKey="unitId"
              dataSource={d.topUnits}
              pagination={false}
              columns={[
                { title: "#", key: "i", width: 40, render: (_, __, i) => i + 1 },
                { title: t("monitoringReports.cols.unit"), dataIndex: "name", key: "name" },
                { title: t("monitoringReports.cols.enterprise"), dataIndex: "enterpriseName", key: "enterpriseName" },
                { title: t("monitoringReports.cols.count"), dataIndex: "count", key: "count", align: "right" },
              ]}
            />
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section title={t("monitoringReports.sections.causes")} testId="mr-causes">
            <Table
              size="small"
              rowKey="cause"
              dataSource={d.causes}
              pagination={false}
              columns={[
                { title: t("monitoringReports.cols.cause"), key: "cause", render: (_, c) => l.cause(c.cause) },
                { title: t("monitoringReports.cols.count"), dataIndex: "count", key: "count", align: "right" },
              ]}
            />
          </Section>
        </Col>
      </Row>
      <Section title={t("monitoringReports.sections.repeat", { n: d.thresholds.repeatOffenderMinAlarms })} testId="mr-repeat">
        <Table
          size="small"
          rowKey="sensorId"
          dataSource={d.repeatOffenders}
          columns={sourceCols}
          pagination={paged(d.repeatOffenders.length)}
          scroll={{ x: "max-content" }}
        />
      </Section>
      <Section title={t("monitoringReports.sections.enterprises")} testId="mr-enterprises">
        <EChart
          data-testid="mr-chart-online"
          option={onlineRateBar(d.enterprises, d.thresholds.redList.minOnlineRate)}
          height={barHeight(d.enterprises.length)}
        />
        <Table size="small" rowKey="enterpriseId" dataSource={d.enterprises} columns={enterpriseCols} pagination={paged(d.enterprises.length)} />
      </Section>
    </>
  );
}

function Monthly({ d, l }: { d: MonitoringMonthlyReport; l: ReportLabels }) {
  const { t } = useTranslation();
  const th = d.thresholds;
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t("monitoringReports.charts.trend")}>
            <EChart data-testid="mr-chart-trend" option={trendBars(d.trend, l)} height={280} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t("monitoringReports.charts.causes")}>
            <EChart data-testid="mr-chart-causes" option={causesPie(d.causes, l)} height={280} />
          </Card>
        </Col>
      </Row>
      <Section title={t("monitoringReports.sections.ranking")} testId="mr-ranking">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("monitoringReports.sections.rankingNote", { minutes: th.ackWithinMinutes, hours: th.disposeWithinHours })}
        </Typography.Paragraph>
        {d.ranking.length > 0 && (
          <EChart data-testid="mr-chart-ranking" option={rankingBar(d.ranking, l)} height={barHeight(Math.min(10, d.ranking.length), 180)} />
        )}
        <Table
          size="small"
          rowKey="enterpriseId"
          dataSource={d.ranking}
          pagination={paged(d.ranking.length)}
          scroll={{ x: "max-content" }}
          columns={[
            {
              title: t("monitoringReports.cols.rank"),
              dataIndex: "rank",
              key: "rank",
              width: 60,
              sorter: (a, b) => a.rank - b.rank,
              defaultSortOrder: "ascend",
            },
            { title: t("monitoringReports.cols.enterprise"), dataIndex: "name", key: "name" },
            { title: t("monitoringReports.cols.sensors"), dataIndex: "sensors", key: "sensors", align: "right" },
            { title: t("monitoringReports.cols.alarms"), dataIndex: "alarms", key: "alarms", align: "right", sorter: (a, b) => a.alarms - b.alarms },
            { title: t("monitoringReports.cols.red"), key: "red", align: "right", render: (_, e) => e.bySeverity.red },
            {
              title: t("monitoringReports.cols.onlineRate"),
              key: "online",
              align: "right",
              sorter: (a, b) => (a.onlineRate ?? 2) - (b.onlineRate ?? 2),
              render: (_, e) => l.pct(e.onlineRate, 2),
            },
            { title: t("monitoringReports.cols.ackTimely"), key: "ack", align: "right", render: (_, e) => l.pct(e.ackTimelyRate) },
            { title: t("monitoringReports.cols.disposeTimely"), key: "dispose", align: "right", render: (_, e) => l.pct(e.disposeTimelyRate) },
            {
              title: t("monitoringReports.cols.timeliness"),
              key: "timeliness",
              align: "right",
              sorter: (a, b) => (a.timeliness ?? 2) - (b.timeliness ?? 2),
              render: (_, e) => l.pct(e.timeliness),
            },
          ]}
        />
      </Section>
      <Section title={`${t("monitoringReports.sections.redList")}（${d.redList.length}）`} testId="mr-redlist">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("monitoringReports.sections.redListNote", { online: l.pct(th.redList.minOnlineRate, 0), timeliness: l.pct(th.redList.minTimeliness, 0) })}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey="enterpriseId"
          dataSource={d.redList}
          pagination={paged(d.redList.length)}
          locale={{ emptyText: t("monitoringReports.none") }}
          columns={[
            { title: t("monitoringReports.cols.enterprise"), dataIndex: "name", key: "name" },
            { title: t("monitoringReports.cols.onlineRate"), key: "online", align: "right", render: (_, e) => l.pct(e.onlineRate, 2) },
            { title: t("monitoringReports.cols.timeliness"), key: "timeliness", align: "right", render: (_, e) => l.pct(e.timeliness) },
            { title: t("monitoringReports.cols.unackRed"), dataIndex: "unacknowledgedRed", key: "unack", align: "right" },
            {
              title: t("monitoringReports.cols.reasons"),
              key: "reasons",
              render: (_, e) => (
                <Space size={4} wrap>
                  {e.reasons.map((r) => (
                    <Tag key={r} color="red">
                      {t(`monitoringReports.reasons.${r}`)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Section>
      {d.scope.type === "region" && (
        <Section title={t("monitoringReports.sections.regions")} testId="mr-regions">
          {d.regions.length > 0 && <EChart data-testid="mr-chart-regions" option={regionsChart(d.regions, t)} height={260} />}
          <Table
            size="small"
            rowKey="code"
            dataSource={d.regions}
            pagination={paged(d.regions.length)}
            columns={[
              { title: t("monitoringReports.cols.region"), dataIndex: "name", key: "name" },
              { title: t("monitoringReports.cols.enterprises"), dataIndex: "enterprises", key: "enterprises", align: "right" },
              { title: t("monitoringReports.cols.sensors"), dataIndex: "sensors", key: "sensors", align: "right" },
              { title: t("monitoringReports.cols.alarms"), dataIndex: "alarms", key: "alarms", align: "right" },
              { title: t("monitoringReports.cols.red"), dataIndex: "red", key: "red", align: "right" },
              { title: t("monitoringReports.cols.onlineRate"), key: "online", align: "right", render: (_, r) => l.pct(r.onlineRate, 2) },
              { title: t("monitoringReports.cols.timeliness"), key: "timeliness", align: "right", render: (_, r) => l.pct(r.timeliness) },
              { title: t("monitoringReports.cols.redListed"), dataIndex: "redListed", key: "redListed", align: "right" },
            ]}
          />
        </Section>
      )}
    </>
  );
}

export function ReportView({ d }: { d: MonitoringReportData }) {
  const { t } = useTranslation();
  const l = useReportLabels();
  const labels = useLabels();
  return (
    <div data-testid="mr-report" data-kind={d.kind}>
      <div style={{ marginBottom: 12, color: "#6b7280" }}>
        <Space size={12} wrap>
          <Typography.Text strong data-testid="mr-scope-name">
            {d.scope.name}
          </Typography.Text>
          <span>
            {d.kind === "weekly"
              ? t("monitoringReports.periodWeek", { from: d.periodStart, to: d.periodEnd })
              : d.kind === "monthly"
                ? d.periodStart.slice(0, 7)
                : d.periodStart}
          </span>
          <span>{t("monitoringReports.generatedAt", { at: formatDateTime(d.generatedAt) })}</span>
          {d.scope.sectors && <span>{t("monitoringReports.sectorsOnly", { sectors: d.scope.sectors.map((s) => labels.sector(s)).join("、") })}</span>}
        </Space>
      </div>
      {d.partial && <Alert type="info" showIcon title={t("monitoringReports.partial")} style={{ marginBottom: 12 }} data-testid="mr-partial" />}
      <SummaryCards d={d} l={l} />
      {d.kind === "daily" ? <Daily d={d} l={l} /> : d.kind === "weekly" ? <Weekly d={d} l={l} /> : <Monthly d={d} l={l} />}
    </div>
  );
}

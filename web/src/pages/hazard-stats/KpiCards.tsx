import { AlertOutlined, CheckCircleOutlined, ClockCircleOutlined, FileSearchOutlined, PercentageOutlined } from "@ant-design/icons";
import { Card, Col, Row, Statistic } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { HazardTotals } from "../../api/types";
import { formatNumber } from "../../lib/format";
import { listLink } from "./useStatsParams";

function Kpi({
  title,
  value,
  icon,
  color,
  to,
  testId,
  suffix,
}: {
  title: string;
  value: ReactNode;
  icon: ReactNode;
  color: string;
  to?: string;
  testId: string;
  suffix?: string;
}) {
  const card = (
    <Card hoverable={!!to} data-testid={testId} style={{ height: "100%" }} size="small">
      <Statistic title={title} value={value as string} suffix={suffix} prefix={<span style={{ color, marginInlineEnd: 4 }}>{icon}</span>} />
    </Card>
  );
  return to ? <Link to={to}>{card}</Link> : card;
}

/** 发现 / 已整改 / 超期 / 未销号重大隐患 / 整改率; each links to the list it counts. */
export function KpiCards({ totals, filters }: { totals?: HazardTotals; filters: Record<string, string | undefined> }) {
  const { t } = useTranslation();
  const rate = totals?.rectificationRate;
  const pct = rate === null || rate === undefined ? "—" : (rate > 1 ? rate : rate * 100).toFixed(1);
  const { from, to, regionCode, sector } = filters;
  const base = { from, to, regionCode, sector };
  const scopeOnly = { regionCode, sector };
  return (
    <Row gutter={[12, 12]} data-testid="stats-kpis">
      <Col xs={12} md={8} xl={5}>
        <Kpi
          testId="kpi-found"
          title={t("hazardStats.found")}
          value={formatNumber(totals?.found ?? 0)}
          icon={<FileSearchOutlined />}
          color="#1677ff"
          to={listLink(base)}
        />
      </Col>
      <Col xs={12} md={8} xl={5}>
        <Kpi
          testId="kpi-rectified"
          title={t("hazardStats.rectified")}
          value={formatNumber(totals?.rectified ?? 0)}
          icon={<CheckCircleOutlined />}
          color="#52c41a"
          to={listLink(base, { status: "closed" })}
        />
      </Col>
      <Col xs={12} md={8} xl={5}>
        <Kpi
          testId="kpi-overdue"
          title={t("hazardStats.overdue")}
          value={formatNumber(totals?.overdue ?? 0)}
          icon={<ClockCircleOutlined />}
          color="#cf1322"
          to={listLink(scopeOnly, { overdue: "1" })}
        />
      </Col>
      <Col xs={12} md={12} xl={5}>
        <Kpi
          testId="kpi-open-major"
          title={t("hazardStats.openMajor")}
          value={formatNumber(totals?.openMajor ?? 0)}
          icon={<AlertOutlined />}
          color="#fa541c"
          to={listLink(scopeOnly, { level: "major", status: "open" })}
        />
      </Col>
      <Col xs={24} md={12} xl={4}>
        <Kpi testId="kpi-rate" title={t("hazardStats.rate")} value={pct} suffix={pct === "—" ? undefined : "%"} icon={<PercentageOutlined />} color="#13a8a8" />
      </Col>
    </Row>
  );
}

import { useTranslation } from "react-i18next";
import { Typography } from "antd";
import { Link } from "react-router";
import { useHazardStats } from "../hazards/queries";
import { KpiCards } from "./KpiCards";
import { useStatsParams } from "./useStatsParams";

/** The regulator's dashboard: hazard KPIs of the last 12 months, linking to the statistics and the list. */
export function DashboardHazardKpis() {
  const { t } = useTranslation();
  const { from, to } = useStatsParams();
  const stats = useHazardStats({ from, to, groupBy: "level" });
  return (
    <div style={{ marginBottom: 16 }} data-testid="dashboard-hazard-kpis">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <Link to="/hazard-stats">{t("hazardStats.title")}</Link> · {t("hazardStats.last12Months")}
      </Typography.Title>
      <KpiCards totals={stats.data?.totals} filters={{ from, to }} />
    </div>
  );
}

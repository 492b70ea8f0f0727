import { Card, Table } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate, formatNumber } from "../../lib/format";
import { useOverdueRanking } from "../hazards/queries";
import { listLink } from "./useStatsParams";

/** Enterprises ranked by overdue hazards (超期隐患排名). */
export function OverdueRanking({ regionCode, sector }: { regionCode?: string; sector?: string }) {
  const { t } = useTranslation();
  const q = useOverdueRanking({ regionCode, sector, limit: 10 });
  return (
    <Card title={t("hazardStats.ranking")} size="small" data-testid="stats-ranking">
      <Table
        size="small"
        rowKey="enterpriseId"
        loading={q.isFetching}
        pagination={false}
        dataSource={q.data ?? []}
        scroll={{ x: "max-content" }}
        columns={[
          { title: "#", key: "rank", width: 40, render: (_, __, i) => i + 1 },
          {
            title: t("hazards.enterprise"),
            dataIndex: "enterpriseName",
            render: (name: string, r) => <Link to={listLink({ enterpriseId: r.enterpriseId, sector }, { overdue: "1" })}>{name}</Link>,
          },
          { title: t("hazards.region"), dataIndex: "regionName", render: (v?: string) => v ?? "" },
          {
            title: t("hazardStats.overdue"),
            dataIndex: "overdue",
            align: "right",
            render: (n: number) => <b style={{ color: "#cf1322" }}>{formatNumber(n)}</b>,
          },
          { title: t("hazardStats.open"), dataIndex: "open", align: "right", render: (n?: number) => formatNumber(n ?? 0) },
          { title: t("hazardStats.openMajor"), dataIndex: "openMajor", align: "right", render: (n?: number) => formatNumber(n ?? 0) },
          {
            title: t("hazardStats.oldestDeadline"),
            dataIndex: "oldestDeadline",
            render: (d?: string | null) => (d ? <span style={{ color: "#cf1322" }}>{formatDate(d)}</span> : ""),
          },
        ]}
      />
    </Card>
  );
}

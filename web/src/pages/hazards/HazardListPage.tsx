import { CameraOutlined, DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Table } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toQueryString } from "../../api/client";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { hazardColumns } from "./columns";
import { HazardFilters } from "./HazardFilters";
import { useHazardLabels } from "./labels";
import "./hazards.css";
import { useHazards } from "./queries";
import { useHazardParams } from "./useHazardParams";

/** 隐患排查治理: the hazards in the caller's scope, filters in the URL, the ledger export with the same filters. */
export default function HazardListPage() {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  const me = useCurrentUser();
  const { filters, page, pageSize, query, update, reset } = useHazardParams();
  const list = useHazards(query);
  const single = me.scope.kind === "enterprise";
  const columns = useMemo(() => hazardColumns(t, hl, !single), [t, hl, single]);

  return (
    <>
      <PageHeader
        title={t("hazards.title")}
        extra={
          <>
            {me.scope.kind !== "none" && (
              <Link to="/m/report">
                <Button type="primary" icon={<CameraOutlined />} data-testid="hazard-report">
                  {t("hazards.report")}
                </Button>
              </Link>
            )}
            <Button icon={<DownloadOutlined />} href={`/api/hazards/export${toQueryString(filters)}`} download data-testid="hazard-export">
              {t("hazards.exportLedger")}
            </Button>
          </>
        }
      />
      <Card>
        <HazardFilters filters={filters} onChange={(p) => update(p)} onReset={reset} />
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="hazard-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: "max-content" }}
          rowClassName={(r) => (r.overdue ? "hazard-row-overdue" : "")}
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

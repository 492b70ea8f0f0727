import { DownloadOutlined, ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Table } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { toQueryString } from "../../api/client";
import { useEnterprises } from "../../api/queries";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatNumber } from "../../lib/format";
import { enterpriseColumns } from "./columns";
import { EnterpriseFilters } from "./EnterpriseFilters";
import { useListParams } from "./useListParams";

export default function EnterpriseListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useCurrentUser();
  const { filters, page, pageSize, query, update, reset } = useListParams();
  const list = useEnterprises(query);
  const columns = useMemo(() => enterpriseColumns(t, labels), [t, labels]);
  const a = me.abilities.enterprises;
  if (!a.list) return <Forbidden />;

  return (
    <>
      <PageHeader
        title={t("nav.enterprises")}
        extra={
          <>
            {a.create && (
              <Link to="/enterprises/new">
                <Button type="primary" icon={<PlusOutlined />} data-testid="enterprise-create">
                  {t("enterprise.create")}
                </Button>
              </Link>
            )}
            {a.import && (
              <Link to="/enterprises/import">
                <Button icon={<ImportOutlined />} data-testid="enterprise-import">
                  {t("enterprise.import")}
                </Button>
              </Link>
            )}
            {a.export && (
              <Button icon={<DownloadOutlined />} href={`/api/enterprises/export${toQueryString(filters)}`} download data-testid="enterprise-export">
                {t("enterprise.export")}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <EnterpriseFilters filters={filters} onChange={(p) => update(p)} onReset={reset} />
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table
          data-testid="enterprise-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: "max-content" }}
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

import { SafetyOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Row, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { AuditEntry, AuditVerify, Paged } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime, formatNumber, TZ } from "../../lib/format";
import { AuditFilters, type AuditFilterValues } from "./AuditFilters";
import { eventLabel, targetLabel } from "../../lib/auditLabels";

/** A day range in Asia/Shanghai as ISO instants: [from 00:00, to+1 00:00). */
function rangeToQuery(range: AuditFilterValues["range"]) {
  if (!range) return {};
  const [a, b] = range;
  return {
    from: dayjs.tz(a.format("YYYY-MM-DD"), TZ).toISOString(),
    to: dayjs.tz(b.format("YYYY-MM-DD"), TZ).add(1, "day").toISOString(),
  };
}

const json = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v, null, 2));

export default function AuditPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [filters, setFilters] = useState<AuditFilterValues>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query = { actor: filters.actor, action: filters.action, targetType: filters.targetType, ...rangeToQuery(filters.range), page, pageSize };
  const list = useQuery({
    queryKey: ["audit", query],
    queryFn: () => api.get<Paged<AuditEntry>>("/api/audit", query),
    placeholderData: keepPreviousData,
    enabled: me.abilities.audit.view,
  });
  const verify = useMutation({ mutationFn: () => api.get<AuditVerify>("/api/audit/verify") });

  if (!me.abilities.audit.view) return <Forbidden />;

  return (
    <>
      <PageHeader
        title={t("audit.title")}
        extra={
          <Button icon={<SafetyOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
            {t("audit.verify")}
          </Button>
        }
      />
      {verify.data && (
        <Alert
          data-testid="audit-verify-result"
          type={verify.data.ok ? "success" : "error"}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          style={{ marginBottom: 16 }}
          title={
            verify.data.ok
              ? t("audit.verifyOk", { checked: formatNumber(verify.data.checked) })
              : t("audit.verifyBroken", { id: String(verify.data.firstBrokenId ?? "?"), checked: formatNumber(verify.data.checked) })
          }
        />
      )}
      {verify.error && <Alert type="error" showIcon title={errorMessage(verify.error, t)} style={{ marginBottom: 16 }} />}
      <Card>
        <AuditFilters
          onSearch={(f) => {
            setFilters(f);
            setPage(1);
          }}
        />
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey={(r) => String(r.id)}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: "max-content" }}
          expandable={{
            expandedRowRender: (r) => (
              <Row gutter={[16, 8]}>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t("audit.before")}</Typography.Text>
                  <pre className="json">{json(r.before)}</pre>
                </Col>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t("audit.after")}</Typography.Text>
                  <pre className="json">{json(r.after)}</pre>
                </Col>
                <Col xs={24}>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: "break-all" }}>
                    {t("audit.hash")}: <code>{r.hash}</code>
                  </Typography.Text>
                </Col>
              </Row>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t("common.total", { total: formatNumber(total) }),
            onChange: (p, ps) => {
              setPage(p);
              setPageSize(ps);
            },
          }}
          columns={[
            { title: "#", dataIndex: "id", width: 70 },
            { title: t("audit.at"), dataIndex: "at", width: 170, render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(v)}</span> },
            { title: t("audit.actor"), dataIndex: "actorName" },
            {
              title: t("audit.action"),
              dataIndex: "action",
              render: (v: string, r) => (
                <span title={`${t("audit.code")}: ${v}`} data-code={v}>
                  {eventLabel(t, v, r.targetType)}
                </span>
              ),
            },
            { title: t("audit.targetType"), dataIndex: "targetType", render: (v: string) => <span title={v}>{targetLabel(t, v)}</span> },
            { title: t("audit.targetId"), dataIndex: "targetId", render: (v: string) => <span style={{ fontFamily: "monospace", fontSize: 12 }}>{v}</span> },
          ]}
        />
      </Card>
    </>
  );
}

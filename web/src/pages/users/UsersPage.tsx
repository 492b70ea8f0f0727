import { PlusOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Paged, User } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { SearchInput } from "../../components/SearchInput";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatDateTime, formatNumber } from "../../lib/format";
import { CreateUserModal } from "./CreateUserModal";
import { ResetPasswordModal } from "./ResetPasswordModal";

export default function UsersPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);

  const list = useQuery({
    queryKey: ["users", q, page, pageSize],
    queryFn: () => api.get<Paged<User>>("/api/users", { q, page, pageSize }),
    placeholderData: keepPreviousData,
    enabled: me.abilities.users.manage,
  });
  const toggle = useMutation({
    mutationFn: (u: User) => api.patch<User>(`/api/users/${encodeURIComponent(u.id)}`, { disabled: !u.disabled }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["users"] }),
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  if (!me.abilities.users.manage) return <Forbidden />;

  const locked = (u: User) => !!u.locked || (!!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now());

  return (
    <>
      <PageHeader
        title={t("users.title")}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
            {t("users.create")}
          </Button>
        }
      />
      <Card>
        <div className="filter-bar">
          <SearchInput
            data-testid="user-search"
            placeholder={t("users.searchPlaceholder")}
            value={q}
            onSearch={(v) => {
              setQ(v);
              setPage(1);
            }}
          />
        </div>
        {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 16 }} />}
        <Table<User>
          data-testid="user-table"
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: "max-content" }}
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
            { title: t("users.username"), dataIndex: "username", render: (v: string) => <span style={{ fontFamily: "monospace" }}>{v}</span> },
            { title: t("users.displayName"), dataIndex: "displayName", width: 150 },
            { title: t("users.role"), dataIndex: "role", render: (r: string) => labels.role(r) },
            { title: t("users.org"), key: "org", width: 190, render: (_, u) => u.orgName ?? u.org?.name ?? u.orgId },
            { title: t("users.phone"), dataIndex: "phone", render: (p?: string | null) => <span style={{ whiteSpace: "nowrap" }}>{p || "—"}</span> },
            {
              title: t("users.status"),
              key: "status",
              render: (_, u) => (
                <Space size={4}>
                  {u.disabled ? <Tag>{t("users.disabled")}</Tag> : <Tag color="green">{t("users.enabled")}</Tag>}
                  {locked(u) && <Tag color="red">{t("users.locked")}</Tag>}
                </Space>
              ),
            },
            {
              title: t("users.lastLogin"),
              dataIndex: "lastLoginAt",
              render: (v?: string | null) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(v).slice(0, 16) || "—"}</span>,
            },
            {
              title: t("common.actions"),
              key: "actions",
              fixed: "right",
              render: (_, u) => (
                <Space>
                  <Button size="small" onClick={() => setResetting(u)}>
                    {t("users.resetPassword")}
                  </Button>
                  {u.id !== me.id &&
                    (u.disabled ? (
                      <Button size="small" onClick={() => toggle.mutate(u)}>
                        {t("users.enable")}
                      </Button>
                    ) : (
                      <Popconfirm title={t("users.disableConfirm", { name: u.displayName })} onConfirm={() => toggle.mutateAsync(u)}>
                        <Button size="small" danger>
                          {t("users.disable")}
                        </Button>
                      </Popconfirm>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          void qc.invalidateQueries({ queryKey: ["users"] });
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}

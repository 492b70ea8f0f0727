import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Form, Input, Popconfirm, Select, Spin, Table, Tag, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { keys, useEnterprises } from "../../api/queries";
import type { Assignment, Organization } from "../../api/types";
import { errorMessage, reportFormError } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";

/** The enterprises assigned to a third-party organisation: list, add (remote search), remove. */
export function AssignmentsDrawer({ org, onClose }: { org: Organization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const compact = useIsMobile();
  // Keep showing the organisation while the drawer slides out.
  const last = useRef<Organization | null>(null);
  if (org) last.current = org;
  const shown = org ?? last.current;
  return (
    <Drawer
      open={!!org}
      onClose={onClose}
      placement="right"
      size={compact ? "100%" : 760}
      title={shown ? t("orgs.assignTitle", { name: shown.name }) : ""}
      data-testid="assign-drawer"
      destroyOnHidden
    >
      {shown && <AssignmentsPanel key={shown.id} org={shown} compact={compact} />}
    </Drawer>
  );
}

interface AddValues {
  /** labelInValue, so the chosen name stays shown whatever the search shows next. */
  enterpriseId?: { value: string; label: string };
  purpose?: string;
}

function AssignmentsPanel({ org, compact }: { org: Organization; compact: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<AddValues>();
  const base = `/api/organizations/${encodeURIComponent(org.id)}/assignments`;

  const list = useQuery({
    queryKey: keys.assignments(org.id),
    queryFn: () => api.get<{ items: Assignment[] }>(base),
    select: (d) => d.items,
  });
  const assigned = new Set((list.data ?? []).map((a) => a.enterpriseId));

  // Remote search over the enterprises, a moment after the user stops typing.
  const [search, setSearch] = useState("");
  const [term, setTerm] = useState("");
  useEffect(() => {
    const h = setTimeout(() => setTerm(search.trim()), 300);
    return () => clearTimeout(h);
  }, [search]);
  const found = useEnterprises({ q: term || undefined, pageSize: 20 });

  const add = useMutation({
    mutationFn: (v: { enterpriseId: string; purpose: string }) => api.post<void>(base, v),
  });
  const remove = useMutation({
    mutationFn: (enterpriseId: string) => api.del(`${base}/${encodeURIComponent(enterpriseId)}`),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: keys.assignments(org.id) });

  const submit = async (v: AddValues) => {
    if (!v.enterpriseId) return;
    try {
      await add.mutateAsync({ enterpriseId: v.enterpriseId.value, purpose: v.purpose?.trim() ?? "" });
      message.success(t("orgs.added", { name: v.enterpriseId.label }));
      form.resetFields();
      setSearch("");
      await refresh();
    } catch (e) {
      reportFormError(form, e, ["enterpriseId", "purpose"], (m) => void message.error(m), t);
    }
  };

  const del = (a: Assignment) =>
    remove.mutateAsync(a.enterpriseId).then(
      () => {
        message.success(t("orgs.removed"));
        return refresh();
      },
      (err: unknown) => void message.error(errorMessage(err, t)),
    );

  return (
    <>
      <Typography.Paragraph type="secondary">{t("orgs.assignHint")}</Typography.Paragraph>
      <Form form={form} layout="inline" className="assign-form" onFinish={(v) => void submit(v)} autoComplete="off">
        <Form.Item
          name="enterpriseId"
          className="assign-form-enterprise"
          rules={[{ required: true, message: t("common.pleaseSelect", { label: t("orgs.enterprise") }) }]}
        >
          <Select<{ value: string; label: string }>
            labelInValue
            allowClear
            aria-label={t("orgs.enterprise")}
            placeholder={t("orgs.searchEnterprise")}
            showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
            onChange={() => setSearch("")}
            loading={found.isFetching}
            notFoundContent={found.isFetching ? <Spin size="small" /> : undefined}
            options={(found.data?.items ?? []).map((e) => ({ value: e.id, label: e.name, creditCode: e.creditCode }))}
            optionRender={(o) => (
              <div style={{ lineHeight: 1.4, padding: "2px 0" }}>
                <div style={{ whiteSpace: "normal" }}>
                  {o.data.label}
                  {assigned.has(String(o.data.value)) && (
                    <Tag color="blue" style={{ marginInlineStart: 6 }}>
                      {t("orgs.alreadyAssigned")}
                    </Tag>
                  )}
                </div>
                <div style={{ color: "#6b7280", fontSize: 12, fontFamily: "monospace" }}>{String(o.data.creditCode ?? "")}</div>
              </div>
            )}
            data-testid="assign-enterprise"
          />
        </Form.Item>
        <Form.Item name="purpose" className="assign-form-purpose">
          <Input maxLength={200} aria-label={t("orgs.purpose")} placeholder={t("orgs.purposePlaceholder")} data-testid="assign-purpose" />
        </Form.Item>
        <Form.Item className="assign-form-submit">
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="assign-add">
            {t("orgs.add")}
          </Button>
        </Form.Item>
      </Form>
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Assignment>
        data-testid="assign-table"
        rowKey="enterpriseId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{ emptyText: t("orgs.noAssignments") }}
        columns={[
          {
            title: t("orgs.enterpriseName"),
            dataIndex: "name",
            render: (name: string, a) => (
              <Link to={`/enterprises/${encodeURIComponent(a.enterpriseId)}`} style={{ whiteSpace: "normal" }}>
                {name}
              </Link>
            ),
          },
          { title: t("orgs.purpose"), dataIndex: "purpose", render: (p: string) => p || "—" },
          {
            title: t("orgs.assignedAt"),
            dataIndex: "createdAt",
            render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(v).slice(0, 16)}</span>,
          },
          {
            title: t("common.actions"),
            key: "actions",
            fixed: "right",
            width: compact ? 48 : 90,
            render: (_, a) => (
              <Popconfirm title={t("orgs.removeConfirm", { name: a.name })} okText={t("orgs.remove")} okButtonProps={{ danger: true }} onConfirm={() => del(a)}>
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t("orgs.remove")}>
                  {!compact && t("orgs.remove")}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}

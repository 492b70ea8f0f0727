/** 一企一清单: the enterprise's lists (with their three-party confirmation) and the templates they are formed from. */
import { PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Table, Tabs, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { useEnterprise } from "../../api/queries";
import type { ChecklistItem, ChecklistTemplate, EnterpriseChecklist } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { useCanManageTasks } from "../risks/useCanManage";
import { FormModal } from "../risks/FormModal";
import { useChecklists, useChecklistWrites, useTemplates } from "./api";
import { ChecklistStatusTag, ConfirmationDots } from "./ChecklistStatusTag";
import { CreateChecklistModal } from "./CreateChecklistModal";
import { ItemsEditor, itemPaths } from "./ItemsEditor";

export default function ChecklistsPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const enterprise = useEnterprise(id);
  const lists = useChecklists(id);
  const canManage = useCanManageTasks();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const tab = params.get("tab") === "templates" ? "templates" : "lists";

  if (lists.error instanceof ApiError && lists.error.status < 500 && lists.error.status !== 403) return <NotFound message={t("enterprise.notFound")} />;

  const columns: ColumnsType<EnterpriseChecklist> = [
    {
      title: t("checklists.name"),
      key: "name",
      render: (_, r) => (
        <Link to={`/enterprises/${id}/checklists/${r.id}`} data-testid="checklist-link">
          {r.name}
        </Link>
      ),
    },
    { title: t("checklists.status"), key: "status", render: (_, r) => <ChecklistStatusTag status={r.status} /> },
    { title: t("checklists.version"), key: "version", render: (_, r) => t("checklists.versionN", { n: r.version }) },
    { title: t("checklists.itemCount"), dataIndex: "itemCount" },
    { title: t("checklists.confirmations"), key: "conf", render: (_, r) => <ConfirmationDots list={r} /> },
    { title: t("checklists.updatedAt"), key: "updatedAt", render: (_, r) => formatDateTime(r.updatedAt) },
  ];

  return (
    <>
      <PageHeader
        title={t("checklists.title")}
        sub={enterprise.data?.name}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="checklist-create">
              {t("checklists.create")}
            </Button>
          )
        }
      />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === "lists" ? {} : { tab: k }, { replace: true })}
          items={[
            {
              key: "lists",
              label: t("checklists.listsTab"),
              children: (
                <>
                  <Typography.Paragraph type="secondary">{t("checklists.flowHint")}</Typography.Paragraph>
                  {lists.error && <Alert type="error" showIcon title={errorMessage(lists.error, t)} style={{ marginBottom: 12 }} />}
                  <Table<EnterpriseChecklist>
                    data-testid="checklist-table"
                    rowKey="id"
                    size="middle"
                    columns={columns}
                    dataSource={lists.data ?? []}
                    loading={lists.isFetching}
                    scroll={{ x: "max-content" }}
                    pagination={false}
                    locale={{ emptyText: t("checklists.noLists") }}
                  />
                </>
              ),
            },
            { key: "templates", label: t("checklists.templatesTab"), children: <TemplatesTab enterpriseId={id} canManage={canManage} /> },
          ]}
        />
      </Card>
      <CreateChecklistModal
        open={creating}
        enterpriseId={id}
        onClose={() => setCreating(false)}
        onCreated={(c) => navigate(`/enterprises/${id}/checklists/${c.id}`)}
      />
    </>
  );
}

function TemplatesTab({ enterpriseId, canManage }: { enterpriseId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const templates = useTemplates(enterpriseId);
  const [creating, setCreating] = useState(false);
  const columns: ColumnsType<ChecklistTemplate> = [
    {
      title: t("checklists.templateName"),
      key: "name",
      render: (_, r) => (
        <span>
          {r.name} {r.enterpriseId ? <Tag color="purple">{t("checklists.ownTemplate")}</Tag> : <Tag color="blue">{t("checklists.standardTemplate")}</Tag>}
        </span>
      ),
    },
    { title: t("checklists.itemCount"), key: "n", render: (_, r) => r.items?.length ?? 0 },
    {
      title: t("checklists.basis"),
      key: "basis",
      render: (_, r) => (
        <Typography.Text type="secondary" style={{ maxWidth: 480 }} ellipsis={{ tooltip: r.basis }}>
          {r.basis || "—"}
        </Typography.Text>
      ),
    },
  ];
  return (
    <>
      {canManage && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setCreating(true)} data-testid="template-create">
          {t("checklists.createTemplate")}
        </Button>
      )}
      {templates.error && <Alert type="error" showIcon title={errorMessage(templates.error, t)} style={{ marginBottom: 12 }} />}
      <Table<ChecklistTemplate>
        data-testid="template-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={templates.data ?? []}
        loading={templates.isFetching}
        scroll={{ x: "max-content" }}
        pagination={false}
        expandable={{ expandedRowRender: (r) => <ItemsTable items={r.items ?? []} /> }}
      />
      <CreateTemplateModal open={creating} enterpriseId={enterpriseId} onClose={() => setCreating(false)} />
    </>
  );
}

/** An enterprise's own template (企业自定义模板): a name, its basis and items. */
function CreateTemplateModal({ open, enterpriseId, onClose }: { open: boolean; enterpriseId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const writes = useChecklistWrites(enterpriseId);
  return (
    <FormModal<{ name: string; basis: string; items: ChecklistItem[] }>
      open={open}
      title={t("checklists.createTemplate")}
      testId="template-form"
      width={860}
      known={["name", "basis", "items", ...itemPaths("items", 300)]}
      initial={{ name: "", basis: "", items: [{ content: "", category: "", basis: "" }] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await writes.createTemplate.mutateAsync({
          name: v.name,
          basis: v.basis ?? "",
          items: (v.items ?? []).map(({ content, category, basis }) => ({ content, category: category ?? "", basis: basis ?? "" })),
        });
        onClose();
      }}
    >
      <Form.Item
        name="name"
        label={t("checklists.templateName")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("checklists.templateName") }) }]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="basis" label={t("checklists.basis")}>
        <Input maxLength={300} placeholder={t("checklists.basisPlaceholder")} />
      </Form.Item>
      <ItemsEditor name="items" addLabel={t("checklists.addItem")} />
    </FormModal>
  );
}

export function ItemsTable({ items, testId }: { items: ChecklistItem[]; testId?: string }) {
  const { t } = useTranslation();
  const compact = useIsMobile();
  return (
    <Table<ChecklistItem>
      data-testid={testId}
      rowKey={(r) => r.id ?? r.content}
      size="small"
      pagination={false}
      scroll={compact ? undefined : { x: "max-content" }}
      dataSource={items}
      showHeader={!compact}
      columns={
        compact
          ? [
              {
                key: "item",
                render: (_, r, i) => (
                  <div>
                    <div>
                      {i + 1}. {r.content}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[r.category, r.basis].filter(Boolean).join(" · ")}
                    </Typography.Text>
                  </div>
                ),
              },
            ]
          : [
              { title: "#", key: "i", width: 48, render: (_, __, i) => i + 1 },
              { title: t("checklists.category"), dataIndex: "category", width: 140, render: (v: string) => v || "—" },
              { title: t("checklists.content"), dataIndex: "content", render: (v: string) => <div style={{ minWidth: 220, maxWidth: 560 }}>{v}</div> },
              {
                title: t("checklists.basis"),
                dataIndex: "basis",
                render: (v: string) => (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: "block", minWidth: 160, maxWidth: 360 }}>
                    {v || "—"}
                  </Typography.Text>
                ),
              },
            ]
      }
    />
  );
}

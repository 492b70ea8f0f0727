/** One 一企一清单: its items, the three-party confirmation, self-checks and the hazards they produced. */
import { EditOutlined, FileDoneOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Card, Form, Input, List, Modal, Result, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { ChecklistItem, EnterpriseChecklist, SelfCheck } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { FormModal } from "../risks/FormModal";
import { useChecklist, useChecklistWrites, useSelfChecks } from "./api";
import { ItemsTable } from "./ChecklistsPage";
import { ChecklistStatusTag } from "./ChecklistStatusTag";
import { ConfirmationSlots } from "./ConfirmationSlots";
import { ItemsEditor, itemPaths } from "./ItemsEditor";
import { SelfCheckDrawer } from "./SelfCheckDrawer";

export default function ChecklistDetailPage() {
  const { id = "", checklistId = "" } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const list = useChecklist(checklistId);
  const writes = useChecklistWrites(id);
  const [editing, setEditing] = useState(false);
  const [checking, setChecking] = useState(false);
  const [done, setDone] = useState<SelfCheck | null>(null);

  if (list.isPending) return <PageLoading />;
  if (list.error instanceof ApiError && list.error.status < 500) return <NotFound message={errorMessage(list.error, t)} />;
  if (list.error || !list.data) return <Alert type="error" showIcon title={errorMessage(list.error, t)} />;
  const c = list.data;

  const submit = () =>
    modal.confirm({
      title: t("checklists.submitTitle"),
      content: t("checklists.submitText"),
      okText: t("checklists.submit"),
      okButtonProps: { "data-testid": "checklist-submit-ok" } as ButtonProps,
      onOk: () =>
        writes.submit.mutateAsync({ id: c.id, expectedVersion: c.version }).then(
          () => void message.success(t("checklists.submitted")),
          (e: unknown) => void message.error(errorMessage(e, t)),
        ),
    });

  return (
    <>
      <PageHeader
        title={<span data-testid="checklist-title">{c.name}</span>}
        sub={
          <Space wrap size={[8, 4]}>
            <ChecklistStatusTag status={c.status} />
            <span>{t("checklists.versionN", { n: c.version })}</span>
            <span>{t("checklists.nItems", { n: c.itemCount })}</span>
            {c.enterpriseName && <span>{c.enterpriseName}</span>}
          </Space>
        }
        extra={
          <>
            {c.abilities.edit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="checklist-edit">
                {t("checklists.editItems")}
              </Button>
            )}
            {c.abilities.submit && (
              <Button type="primary" icon={<SendOutlined />} onClick={submit} data-testid="checklist-submit">
                {t("checklists.submit")}
              </Button>
            )}
            {c.abilities.selfCheck && (
              <Button type="primary" icon={<FileDoneOutlined />} onClick={() => setChecking(true)} data-testid="self-check-start">
                {t("checklists.startSelfCheck")}
              </Button>
            )}
          </>
        }
      />
      <Alert type={c.status === "confirmed" ? "success" : "info"} showIcon style={{ marginBottom: 16 }} title={t(`checklists.statusHint.${c.status}`)} />
      <Card title={t("checklists.confirmations")} style={{ marginBottom: 16 }}>
        <ConfirmationSlots list={c} />
      </Card>
      <Card title={t("checklists.items")} style={{ marginBottom: 16 }} styles={{ body: { padding: 0 } }}>
        <ItemsTable items={c.items ?? []} testId="checklist-items" />
      </Card>
      <SelfChecksCard checklistId={c.id} enterpriseId={id} />
      <EditItemsModal open={editing} list={c} onClose={() => setEditing(false)} />
      {c.abilities.selfCheck && (
        <SelfCheckDrawer
          list={c}
          open={checking}
          onClose={() => setChecking(false)}
          onDone={(s) => {
            setChecking(false);
            setDone(s);
          }}
        />
      )}
      <Modal open={!!done} footer={null} onCancel={() => setDone(null)} destroyOnHidden>
        {done && <SelfCheckResult s={done} />}
      </Modal>
    </>
  );
}

function SelfCheckResult({ s }: { s: SelfCheck }) {
  const { t } = useTranslation();
  const failed = s.results.filter((r) => r.result === "fail");
  return (
    <Result
      status={failed.length ? "warning" : "success"}
      title={failed.length ? t("checklists.resultFailed", { count: failed.length }) : t("checklists.resultPassed")}
      subTitle={failed.length ? t("checklists.resultHazards") : undefined}
      extra={
        failed.length ? (
          <List
            data-testid="self-check-hazards"
            size="small"
            dataSource={failed}
            renderItem={(r) => (
              <List.Item>
                <Space orientation="vertical" size={0} style={{ textAlign: "start" }}>
                  <Typography.Text>{r.content}</Typography.Text>
                  {r.hazardId && (
                    <Link to={`/hazards/${r.hazardId}`} data-testid="self-check-hazard-link">
                      {t("checklists.viewHazard")}
                    </Link>
                  )}
                </Space>
              </List.Item>
            )}
          />
        ) : undefined
      }
    />
  );
}

function SelfChecksCard({ checklistId }: { checklistId: string; enterpriseId: string }) {
  const { t } = useTranslation();
  const checks = useSelfChecks(checklistId);
  return (
    <Card title={t("checklists.selfChecks")}>
      {checks.error && <Alert type="error" showIcon title={errorMessage(checks.error, t)} />}
      <List
        data-testid="self-check-list"
        loading={checks.isPending}
        dataSource={checks.data ?? []}
        locale={{ emptyText: t("checklists.noSelfChecks") }}
        renderItem={(s) => (
          <List.Item>
            <Space wrap size={[8, 4]}>
              <span>{formatDateTime(s.checkedAt)}</span>
              <span>{s.checkedByName}</span>
              {s.failed ? <Tag color="red">{t("checklists.failedN", { count: s.failed })}</Tag> : <Tag color="green">{t("checklists.allPass")}</Tag>}
              {s.hazardIds.map((h, i) => (
                <Link key={h} to={`/hazards/${h}`}>
                  {t("checklists.hazardN", { n: i + 1 })}
                </Link>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function EditItemsModal({ open, list, onClose }: { open: boolean; list: EnterpriseChecklist; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const writes = useChecklistWrites(list.enterpriseId);
  return (
    <FormModal<{ name: string; items: ChecklistItem[] }>
      open={open}
      title={t("checklists.editItems")}
      testId="checklist-edit-form"
      width={900}
      known={["name", "items", ...itemPaths("items", (list.items ?? []).length + 100)]}
      initial={{ name: list.name, items: list.items ?? [] }}
      onCancel={onClose}
      onSubmit={async (v) => {
        await writes.update.mutateAsync({
          id: list.id,
          body: {
            name: v.name,
            items: (v.items ?? []).map((it) => ({ ...(it.id ? { id: it.id } : {}), content: it.content, category: it.category ?? "", basis: it.basis ?? "" })),
            expectedVersion: list.version,
          },
        });
        message.success(t("common.saved"));
        onClose();
      }}
    >
      {list.status !== "draft" && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t("checklists.editResets")} />}
      <Form.Item name="name" label={t("checklists.name")} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <ItemsEditor name="items" addLabel={t("checklists.addItem")} />
    </FormModal>
  );
}

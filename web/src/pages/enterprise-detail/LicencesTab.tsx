import { DeleteOutlined, EditOutlined, PaperClipOutlined, PlusOutlined } from "@ant-design/icons";
import type { LicenceInput } from "@anguan/domain";
import { Alert, App, Button, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSubList } from "../../api/queries";
import type { Enterprise, Licence, LicenceState } from "../../api/types";
import { fileUrl } from "../../components/fileUpload";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { LicenceModal } from "./LicenceModal";
import { useSubMutations } from "./useSubMutations";

const STATE_COLORS: Record<LicenceState, string> = { valid: "green", expiring: "orange", expired: "red", none: "blue" };

export function LicenceStateTag({ state }: { state: LicenceState }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state] ?? "default"} data-testid="licence-state">
      {t(`licence.states.${state in STATE_COLORS ? state : "none"}`)}
    </Tag>
  );
}

export function LicencesTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const list = useSubList<Licence>(e.id, "licences");
  const { create, update, remove } = useSubMutations<LicenceInput, Licence>(e.id, "licences");
  const [editing, setEditing] = useState<Licence | null | undefined>(undefined);
  const can = e.abilities.manageLicences;

  const onSubmit = async (values: LicenceInput) => {
    if (editing) await update.mutateAsync({ id: editing.id, body: values });
    else await create.mutateAsync(values);
    message.success(t("common.saved"));
    setEditing(undefined);
  };

  return (
    <>
      {can && (
        <div style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="licence-add">
            {t("licence.add")}
          </Button>
        </div>
      )}
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Licence>
        data-testid="licence-table"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          { title: t("licence.type"), dataIndex: "type", render: (v: string) => labels.licenceType(v) },
          { title: t("licence.number"), dataIndex: "number" },
          { title: t("licence.issuer"), dataIndex: "issuer" },
          { title: t("licence.validFrom"), dataIndex: "validFrom", render: (v: string | null) => formatDate(v) || "—" },
          { title: t("licence.validUntil"), dataIndex: "validUntil", render: (v: string | null) => formatDate(v) || t("licence.states.none") },
          { title: t("licence.state"), dataIndex: "state", render: (s: LicenceState) => <LicenceStateTag state={s} /> },
          {
            title: t("licence.file"),
            dataIndex: "fileSha256",
            render: (sha: string | null) =>
              sha ? (
                <a href={fileUrl(sha)} target="_blank" rel="noreferrer">
                  <PaperClipOutlined /> {t("licence.viewScan")}
                </a>
              ) : (
                "—"
              ),
          },
          ...(can
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, r: Licence) => (
                    <Space>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm
                        title={t("common.deleteConfirm")}
                        onConfirm={() =>
                          remove.mutateAsync(r.id).then(
                            () => message.success(t("common.deleted")),
                            (err: unknown) => message.error(errorMessage(err, t)),
                          )
                        }
                      >
                        <Button size="small" danger icon={<DeleteOutlined />}>
                          {t("common.delete")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <LicenceModal open={editing !== undefined} initial={editing ?? null} onCancel={() => setEditing(undefined)} onSubmit={onSubmit} />
    </>
  );
}

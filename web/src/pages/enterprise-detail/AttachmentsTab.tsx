import { DeleteOutlined, FileOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Image, Popconfirm, Select, Space, Table, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSubList } from "../../api/queries";
import type { Attachment, Enterprise } from "../../api/types";
import { fileUrl, uploadToFiles } from "../../components/fileUpload";
import en from "../../i18n/en";
import { tDynamic } from "../../lib/i18nKeys";
import { errorMessage } from "../../lib/errors";
import { formatBytes, formatDateTime } from "../../lib/format";
import { useSubMutations } from "./useSubMutations";

const CATEGORIES = Object.keys(en.attachment.categories);

interface AttachmentInput {
  fileSha256: string;
  name: string;
  category: string;
}

export function AttachmentsTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useSubList<Attachment>(e.id, "attachments");
  const { create, remove } = useSubMutations<AttachmentInput, Attachment>(e.id, "attachments");
  const [category, setCategory] = useState("other");
  const can = e.abilities.manageAttachments;
  const catLabel = (c: string) => tDynamic(t, `attachment.categories.${c}`, c);

  return (
    <>
      {can && (
        <Space wrap style={{ marginBottom: 12 }} align="start">
          <Select
            style={{ width: 160 }}
            value={category}
            onChange={setCategory}
            options={CATEGORIES.map((c) => ({ value: c, label: catLabel(c) }))}
            aria-label={t("attachment.category")}
          />
          <Upload
            data-testid="attachment-upload"
            multiple
            customRequest={uploadToFiles((f, file) => create.mutateAsync({ fileSha256: f.sha256, name: file.name || f.name, category }))}
            onChange={({ file }) => {
              if (file.status === "done") message.success(t("attachment.uploaded", { name: file.name }));
              if (file.status === "error") message.error(t("common.itemError", { name: file.name, message: errorMessage(file.error, t) }));
            }}
            showUploadList={{ showRemoveIcon: false }}
            itemRender={(node, file) => (file.status === "uploading" || file.status === "error" ? node : null)}
          >
            <Button type="primary" icon={<UploadOutlined />}>
              {t("attachment.upload")}
            </Button>
          </Upload>
          <span style={{ color: "#9ca3af", fontSize: 12, lineHeight: "32px" }}>{t("attachment.hint")}</span>
        </Space>
      )}
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Attachment>
        data-testid="attachment-table"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        scroll={{ x: "max-content" }}
        columns={[
          {
            title: t("attachment.preview"),
            key: "preview",
            width: 72,
            render: (_, r) =>
              r.mime?.startsWith("image/") ? (
                <Image
                  width={48}
                  height={48}
                  style={{ objectFit: "cover" }}
                  src={fileUrl(r.fileSha256, true)}
                  preview={{ src: fileUrl(r.fileSha256) }}
                  alt={r.name}
                />
              ) : (
                <FileOutlined style={{ fontSize: 28, color: "#9ca3af" }} />
              ),
          },
          {
            title: t("attachment.name"),
            dataIndex: "name",
            render: (name: string, r) => (
              <a href={fileUrl(r.fileSha256)} download={name} target="_blank" rel="noreferrer">
                {name}
              </a>
            ),
          },
          { title: t("attachment.category"), dataIndex: "category", render: (c: string) => catLabel(c) },
          { title: t("attachment.size"), dataIndex: "size", align: "right", render: (n: number) => formatBytes(n) },
          { title: t("attachment.uploadedAt"), dataIndex: "uploadedAt", render: (v: string) => formatDateTime(v) },
          { title: t("attachment.uploader"), dataIndex: "uploaderName" },
          ...(can
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, r: Attachment) => (
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
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}

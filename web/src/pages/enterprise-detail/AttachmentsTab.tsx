import { FileOutlined, UploadOutlined } from "@ant-design/icons";
import { ATTACHMENT_CATEGORIES, type AttachmentCategory } from "@anguan/domain";
import { App, Button, Image, Select, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Attachment, Enterprise } from "../../api/types";
import { fileUrl, uploadToFiles } from "../../components/fileUpload";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatBytes, formatDateTime } from "../../lib/format";
import { SubListTable, useSubCollection } from "./SubListTable";

interface AttachmentInput {
  fileSha256: string;
  name: string;
  category: AttachmentCategory;
}

export function AttachmentsTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const attachments = useSubCollection<AttachmentInput, Attachment>(e.id, "attachments");
  const [category, setCategory] = useState<AttachmentCategory>("other");

  const upload = (
    <>
      <Select<AttachmentCategory>
        style={{ width: 160 }}
        value={category}
        onChange={setCategory}
        options={labels.options(ATTACHMENT_CATEGORIES) as { value: AttachmentCategory; label: string }[]}
        aria-label={t("attachment.category")}
      />
      <Upload
        data-testid="attachment-upload"
        multiple
        customRequest={uploadToFiles((f, file) => attachments.create.mutateAsync({ fileSha256: f.sha256, name: file.name || f.name, category }))}
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
    </>
  );

  return (
    <SubListTable<Attachment>
      data-testid="attachment-table"
      collection={attachments}
      canManage={e.abilities.manageAttachments}
      toolbar={upload}
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
        { title: t("attachment.category"), dataIndex: "category", render: (c: string) => labels.attachmentCategory(c) },
        { title: t("attachment.size"), dataIndex: "size", align: "right", render: (n: number) => formatBytes(n) },
        { title: t("attachment.uploadedAt"), dataIndex: "uploadedAt", render: (v: string) => formatDateTime(v) },
        { title: t("attachment.uploader"), dataIndex: "uploaderName" },
      ]}
    />
  );
}

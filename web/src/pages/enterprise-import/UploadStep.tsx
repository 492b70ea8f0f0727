import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { ENTERPRISE_IMPORT_COLUMNS } from "@anguan/domain";
import { Alert, Button, Progress, Space, Typography, Upload } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { uploadWithProgress } from "../../api/client";
import type { ImportJob } from "../../api/types";
import { errorMessage } from "../../lib/errors";

export function UploadStep({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const { t, i18n } = useTranslation();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const required = ENTERPRISE_IMPORT_COLUMNS.filter((c) => c.required)
    .map((c) => c.header)
    .join(i18n.language === "en" ? ", " : "、");

  const start = (file: File) => {
    if (busy.current) return;
    setError(null);
    if (!/\.xlsx$/i.test(file.name)) {
      setError(t("import.onlyXlsx"));
      return;
    }
    busy.current = true;
    setPercent(0);
    uploadWithProgress<ImportJob>("/api/enterprise-imports", file, setPercent)
      .then(onUploaded)
      .catch((e: unknown) => {
        setError(errorMessage(e, t));
        setPercent(null);
      })
      .finally(() => {
        busy.current = false;
      });
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <div>
        <Button icon={<DownloadOutlined />} href="/api/enterprises/import-template" download data-testid="import-template">
          {t("import.downloadTemplate")}
        </Button>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("import.templateHint", { columns: required })}
        </Typography.Paragraph>
      </div>
      {error && <Alert type="error" showIcon title={error} data-testid="import-upload-error" />}
      <Upload.Dragger
        data-testid="import-upload"
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={percent !== null}
        beforeUpload={(file) => {
          start(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t("import.dragHint")}</p>
      </Upload.Dragger>
      {percent !== null && (
        <div data-testid="import-upload-progress">
          <Typography.Text type="secondary">{t("import.uploading")}</Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      )}
    </Space>
  );
}

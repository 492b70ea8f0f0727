/** A form control for attached files (course materials, duty evidence, certificate scans): uploads to POST /api/files. */
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Space, Typography, Upload } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { StoredFile } from "../../api/types";
import { fileUrl, uploadToFiles } from "../../components/fileUpload";
import { errorMessage } from "../../lib/errors";

export interface AttachedFile {
  sha256: string;
  name: string;
  mime?: string;
}

interface Props {
  value?: AttachedFile[];
  onChange?: (v: AttachedFile[]) => void;
  accept?: string;
  max?: number;
  buttonText?: string;
  onBusy?: (busy: boolean) => void;
  "data-testid"?: string;
}

export function FileListInput({ value = [], onChange, accept, max = 20, buttonText, onBusy, ...rest }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const latest = useRef(value);
  latest.current = value;
  const [busy, setBusy] = useState(0);
  const track = (d: number) =>
    setBusy((b) => {
      const n = Math.max(0, b + d);
      onBusy?.(n > 0);
      return n;
    });
  const testId = rest["data-testid"] ?? "files";
  return (
    <div data-testid={testId}>
      {value.length > 0 && (
        <div style={{ marginBottom: 8 }}>
          {value.map((f) => (
            <div key={f.sha256} style={{ display: "flex", alignItems: "center", gap: 8 }} data-testid={`${testId}-item`}>
              <PaperClipOutlined style={{ color: "#9ca3af" }} />
              <Typography.Link href={fileUrl(f.sha256)} target="_blank" ellipsis style={{ maxWidth: 320 }}>
                {f.name}
              </Typography.Link>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t("common.delete")}
                onClick={() => onChange?.(latest.current.filter((x) => x.sha256 !== f.sha256))}
              />
            </div>
          ))}
        </div>
      )}
      <Upload
        multiple={max > 1}
        accept={accept}
        showUploadList={false}
        disabled={value.length >= max}
        customRequest={uploadToFiles(async (f: StoredFile, file: File) => {
          const next = [...latest.current.filter((x) => x.sha256 !== f.sha256), { sha256: f.sha256, name: file.name || f.name, mime: f.mime || file.type }];
          latest.current = next.slice(0, max);
          onChange?.(latest.current);
        })}
        beforeUpload={() => {
          track(1);
          return true;
        }}
        onChange={({ file }) => {
          if (file.status === "done") track(-1);
          if (file.status === "error") {
            track(-1);
            message.error(t("common.itemError", { name: file.name, message: errorMessage(file.error, t) }));
          }
        }}
      >
        <Space>
          <Button icon={<UploadOutlined />} loading={busy > 0} disabled={value.length >= max} data-testid={`${testId}-button`}>
            {buttonText ?? t("common.upload")}
          </Button>
        </Space>
      </Upload>
    </div>
  );
}

import { Alert, App, Button, Progress, Space, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ImportJob } from "../../api/types";
import { formatNumber } from "../../lib/format";

type ImportError = ImportJob["errors"][number];

interface Props {
  job: ImportJob;
  onCommit: (mode: "valid" | "none") => Promise<unknown>;
}

export function ValidateStep({ job, onCommit }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [pending, setPending] = useState<"valid" | "none" | null>(null);

  if (job.status === "validating") {
    const percent = job.total ? Math.floor((job.processed / job.total) * 100) : 0;
    return (
      <div data-testid="import-validating">
        <Typography.Text>{t("import.validating", { processed: formatNumber(job.processed), total: formatNumber(job.total) })}</Typography.Text>
        <Progress percent={percent} status="active" />
      </div>
    );
  }

  const errorRows = Math.max(job.total - job.validCount, new Set(job.errors.map((e) => e.row)).size);
  const commit = (mode: "valid" | "none") => {
    setPending(mode);
    onCommit(mode)
      .catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)))
      .finally(() => setPending(null));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Alert
        type={job.errors.length ? "warning" : "success"}
        showIcon
        data-testid="import-summary"
        title={t("import.summary", { total: formatNumber(job.total), valid: formatNumber(job.validCount), errors: formatNumber(errorRows) })}
      />
      {job.errors.length > 0 && (
        <Table<ImportError>
          data-testid="import-errors"
          size="small"
          rowKey={(r) => `${r.row}-${r.column}-${r.reason}`}
          dataSource={job.errors}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: "max-content" }}
          columns={[
            { title: t("import.row"), dataIndex: "row", width: 80 },
            { title: t("import.column"), dataIndex: "column", width: 180 },
            { title: t("import.reason"), dataIndex: "reason" },
          ]}
        />
      )}
      <Space wrap>
        <Button
          type="primary"
          data-testid="import-commit-valid"
          disabled={job.validCount === 0 || pending !== null}
          loading={pending === "valid" || job.status === "committing"}
          onClick={() => commit("valid")}
        >
          {t("import.commitValid")}
        </Button>
        <Button
          data-testid="import-commit-none"
          disabled={pending !== null || job.status === "committing"}
          loading={pending === "none"}
          onClick={() => commit("none")}
        >
          {t("import.commitNone")}
        </Button>
      </Space>
    </Space>
  );
}

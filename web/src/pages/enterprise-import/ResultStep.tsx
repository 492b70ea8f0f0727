import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ImportJob } from "../../api/types";
import { formatNumber } from "../../lib/format";

export function ResultStep({ job, onAgain }: { job: ImportJob; onAgain: () => void }) {
  const { t } = useTranslation();
  const status = job.status === "done" ? "success" : job.status === "failed" ? "error" : "info";
  const title =
    job.status === "done" ? t("import.done", { count: formatNumber(job.imported) }) : job.status === "failed" ? t("import.failed") : t("import.cancelled");
  return (
    <div data-testid="import-result" data-status={job.status}>
      <Result
        status={status}
        title={title}
        subTitle={job.message ?? job.fileName}
        extra={[
          <Link to="/enterprises" key="list">
            <Button type="primary" data-testid="import-back">
              {t("import.backToList")}
            </Button>
          </Link>,
          <Button key="again" onClick={onAgain}>
            {t("import.again")}
          </Button>,
        ]}
      />
    </div>
  );
}

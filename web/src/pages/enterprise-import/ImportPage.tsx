import { LoadingOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Steps, type StepsProps } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api } from "../../api/client";
import { keys } from "../../api/queries";
import type { ImportJob } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";
import { Forbidden } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { ResultStep } from "./ResultStep";
import { UploadStep } from "./UploadStep";
import { useImportJob } from "./useImportJob";
import { ValidateStep } from "./ValidateStep";

const FINAL: readonly ImportJob["status"][] = ["done", "cancelled", "failed"];

/** Excel import: upload → validation report → commit valid rows or nothing → result. The job id stays in the URL. */
export default function ImportPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const jobId = params.get("job");
  const job = useImportJob(jobId);

  if (!me.abilities.enterprises.import) return <Forbidden />;

  const setJob = (j: ImportJob | null) => {
    if (j) qc.setQueryData(["enterprise-import", j.id], j);
    setParams(j ? { job: j.id } : {}, { replace: !j });
  };

  const commit = async (mode: "valid" | "none") => {
    if (!jobId) return;
    const updated = await api.post<ImportJob>(`/api/enterprise-imports/${encodeURIComponent(jobId)}/commit`, { mode });
    qc.setQueryData(["enterprise-import", jobId], updated);
    if (mode === "valid") {
      void qc.invalidateQueries({ queryKey: ["enterprises"] });
      void qc.invalidateQueries({ queryKey: keys.dashboard });
    }
  };

  const data = job.data;
  const step = !jobId || !data ? 0 : FINAL.includes(data.status) ? 2 : 1;
  const busy = data?.status === "validating" || data?.status === "committing";
  // The last step is finished once the job is over (done / cancelled), failed when the import failed.
  const status: StepsProps["status"] = data?.status === "failed" ? "error" : step === 2 ? "finish" : "process";

  let body: ReactNode;
  if (!jobId) body = <UploadStep onUploaded={setJob} />;
  else if (job.isPending) body = <PageLoading />;
  else if (job.error || !data)
    body = (
      <Alert
        type="error"
        showIcon
        title={errorMessage(job.error, t)}
        action={
          <Button size="small" onClick={() => setJob(null)}>
            {t("import.again")}
          </Button>
        }
      />
    );
  else if (FINAL.includes(data.status)) body = <ResultStep job={data} onAgain={() => setJob(null)} />;
  else body = <ValidateStep job={data} onCommit={commit} />;

  return (
    <>
      <PageHeader title={t("import.title")} />
      <Card>
        <Steps
          className="import-steps"
          data-testid="import-steps"
          current={step}
          status={status}
          style={{ marginBottom: 24 }}
          items={[
            { title: t("import.stepUpload") },
            { title: t("import.stepValidate"), icon: step === 1 && busy ? <LoadingOutlined /> : undefined },
            { title: t("import.stepResult") },
          ]}
          responsive
        />
        {body}
      </Card>
    </>
  );
}

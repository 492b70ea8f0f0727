import { PaperClipOutlined } from "@ant-design/icons";
import type { LicenceInput } from "@anguan/domain";
import { App, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Enterprise, Licence, LicenceState } from "../../api/types";
import { fileUrl } from "../../components/fileUpload";
import { useLabels } from "../../i18n/labels";
import { formatDate } from "../../lib/format";
import { LicenceModal } from "./LicenceModal";
import { SubListTable, useSubCollection } from "./SubListTable";

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
  const licences = useSubCollection<LicenceInput, Licence>(e.id, "licences");
  /** undefined: modal closed; null: adding; a licence: editing it. */
  const [editing, setEditing] = useState<Licence | null | undefined>(undefined);

  const onSubmit = async (values: LicenceInput) => {
    if (editing) await licences.update.mutateAsync({ id: editing.id, body: values });
    else await licences.create.mutateAsync(values);
    message.success(t("common.saved"));
    setEditing(undefined);
  };

  return (
    <>
      <SubListTable<Licence>
        data-testid="licence-table"
        collection={licences}
        canManage={e.abilities.manageLicences}
        add={{ label: t("licence.add"), testId: "licence-add", onClick: () => setEditing(null) }}
        onEdit={setEditing}
        columns={[
          { title: t("licence.type"), dataIndex: "type", render: (v: string) => labels.licenceType(v) },
          { title: t("licence.number"), dataIndex: "number" },
          { title: t("licence.issuer"), dataIndex: "issuer", render: (v: string) => v || "—" },
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
        ]}
      />
      <LicenceModal open={editing !== undefined} initial={editing ?? null} onCancel={() => setEditing(undefined)} onSubmit={onSubmit} />
    </>
  );
}

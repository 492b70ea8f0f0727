import { CHECKLIST_PARTIES, CHECKLIST_STATUSES } from "@anguan/domain";
import { Tag, Tooltip } from "antd";
import type { EnterpriseChecklist } from "../../api/types";
import { pick, useLabels } from "../../i18n/labels";
import { formatDateTime } from "../../lib/format";

const STATUS_COLOR: Record<string, string> = { draft: "default", confirming: "processing", confirmed: "success" };

export function ChecklistStatusTag({ status }: { status: string }) {
  const labels = useLabels();
  return (
    <Tag color={STATUS_COLOR[status] ?? "default"} data-testid="checklist-status" data-status={status}>
      {pick(CHECKLIST_STATUSES[status as keyof typeof CHECKLIST_STATUSES], labels.lang, status)}
    </Tag>
  );
}

export const PARTIES = Object.keys(CHECKLIST_PARTIES) as (keyof typeof CHECKLIST_PARTIES)[];

/** Three small tags: which parties have confirmed the current version. */
export function ConfirmationDots({ list }: { list: EnterpriseChecklist }) {
  const labels = useLabels();
  return (
    <span style={{ display: "inline-flex", gap: 4, flexWrap: "wrap" }}>
      {PARTIES.map((p) => {
        const c = list.confirmations?.[p];
        const name = pick(CHECKLIST_PARTIES[p], labels.lang);
        return (
          <Tooltip key={p} title={c ? `${name}：${c.userName} ${formatDateTime(c.at)}` : name}>
            <Tag color={c ? "green" : "default"} style={{ marginInlineEnd: 0 }}>
              {c ? "✓ " : ""}
              {SHORT[p]?.[labels.lang === "en" ? "en" : "zh"] ?? p}
            </Tag>
          </Tooltip>
        );
      })}
    </span>
  );
}

const SHORT: Record<string, { zh: string; en: string }> = {
  enterprise: { zh: "企业", en: "Enterprise" },
  township: { zh: "乡镇", en: "Township" },
  expert: { zh: "专家", en: "Expert" },
};

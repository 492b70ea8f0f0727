import { Alert, Empty, Spin, Table, Tag, Timeline } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useRegions, useSubList } from "../../api/queries";
import type { Enterprise, HistoryChange, HistoryItem } from "../../api/types";
import { useLabels } from "../../i18n/labels";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { actionLabel, targetLabel } from "../../lib/auditLabels";
import { fieldLabel, formatValue, isInternalField } from "./historyFormat";

const ACTION_COLORS: Record<string, string> = { create: "green", update: "blue", delete: "red", import: "purple" };

export function HistoryTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const list = useSubList<HistoryItem>(e.id, "history");
  const regions = useRegions();
  const regionName = useMemo(() => {
    const m = new Map((regions.data ?? []).map((r) => [r.code, r.name]));
    return (c: string) => m.get(c);
  }, [regions.data]);

  if (list.isPending) return <Spin style={{ display: "block", margin: 40 }} />;
  if (list.error) return <Alert type="error" showIcon title={errorMessage(list.error, t)} />;
  if (!list.data?.length) return <Empty description={t("history.empty")} />;

  const items = [...list.data]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((h) => {
      const verb = h.action.split(/[.:/]/).pop() ?? h.action;
      const changes = (h.changes ?? []).filter((c) => !isInternalField(c.field));
      return {
        key: h.id,
        color: ACTION_COLORS[verb] ?? "gray",
        content: (
          <div data-testid="history-item">
            <div style={{ fontFamily: "monospace", color: "#6b7280" }} data-testid="history-time">
              {formatDateTime(h.at)}
            </div>
            <div style={{ margin: "4px 0 6px" }}>
              <strong>{h.actorName}</strong> <Tag color={ACTION_COLORS[verb]}>{actionLabel(t, h.action)}</Tag>
              {h.targetType !== "enterprise" && <Tag>{targetLabel(t, h.targetType)}</Tag>}
            </div>
            {changes.length > 0 && <ChangesTable changes={changes} targetType={h.targetType} verb={verb} regionName={regionName} />}
          </div>
        ),
      };
    });

  return <Timeline data-testid="history-timeline" items={items} />;
}

/** Field-by-field changes; a created (or imported) record lists its values, a deleted one what it held. */
function ChangesTable({
  changes,
  targetType,
  verb,
  regionName,
}: {
  changes: HistoryChange[];
  targetType: string;
  verb: string;
  regionName: (code: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const value = (v: unknown, r: HistoryChange) => formatValue(v, r.field, t, labels, regionName);
  const field: ColumnsType<HistoryChange>[number] = {
    title: t("history.field"),
    dataIndex: "field",
    width: 170,
    render: (f: string) => fieldLabel(t, targetType, f),
  };
  const only: "before" | "after" | null = verb === "create" || verb === "import" ? "after" : verb === "delete" ? "before" : null;
  const columns: ColumnsType<HistoryChange> = only
    ? [field, { title: t("history.value"), dataIndex: only, render: (v: unknown, r) => value(v, r) }]
    : [
        field,
        {
          title: t("history.before"),
          dataIndex: "before",
          width: "42%",
          render: (v: unknown, r) => <span style={{ color: "#9ca3af", textDecoration: "line-through" }}>{value(v, r)}</span>,
        },
        { title: "", key: "arrow", width: 36, render: () => "→" },
        { title: t("history.after"), dataIndex: "after", render: (v: unknown, r) => value(v, r) },
      ];
  return (
    <Table<HistoryChange>
      size="small"
      pagination={false}
      rowKey="field"
      tableLayout="fixed"
      dataSource={only ? changes.filter((c) => c[only] !== null && c[only] !== undefined && c[only] !== "") : changes}
      scroll={{ x: 560 }}
      columns={columns}
    />
  );
}

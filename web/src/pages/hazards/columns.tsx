import { Space, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { Link } from "react-router";
import type { HazardSummary } from "../../api/types";
import { formatDate, formatDateTime } from "../../lib/format";
import { LevelTag, OverdueTag, StatusTag, SupervisedTag } from "./HazardTags";
import type { HazardLabels } from "./labels";

export function hazardColumns(t: TFunction, hl: HazardLabels, showEnterprise: boolean): ColumnsType<HazardSummary> {
  const cols: ColumnsType<HazardSummary> = [
    {
      title: t("hazards.titleCol"),
      dataIndex: "title",
      fixed: "left",
      width: 220,
      render: (title: string, r) => (
        <div>
          <Link to={`/hazards/${r.id}`} data-testid="hazard-link">
            {title}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontFamily: "monospace", fontSize: 12 }}>
              {r.code}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];
  if (showEnterprise) {
    cols.push({
      title: t("hazards.enterprise"),
      dataIndex: "enterpriseName",
      width: 180,
      render: (name: string, r) => (
        <div>
          <div>{name}</div>
          {r.regionName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.regionName}
            </Typography.Text>
          )}
        </div>
      ),
    });
  }
  cols.push(
    { title: t("hazards.level"), dataIndex: "level", width: 76, render: (l: string) => <LevelTag level={l} /> },
    {
      title: t("hazards.status"),
      dataIndex: "status",
      width: 150,
      render: (s: string, r) => (
        <Space size={[0, 4]} wrap>
          <StatusTag status={s} />
          {r.overdue && <OverdueTag />}
          {(r.supervised || r.supervisedByOrgId) && <SupervisedTag />}
        </Space>
      ),
    },
    {
      title: t("hazards.deadline"),
      dataIndex: "deadline",
      width: 96,
      render: (d: string | null, r) => (d ? <span style={r.overdue ? { color: "#cf1322", fontWeight: 600 } : undefined}>{formatDate(d)}</span> : "—"),
    },
    { title: t("hazards.dangerType"), dataIndex: "dangerType", width: 76, render: (v: number | null) => hl.type(v) || "—" },
    { title: t("hazards.source"), dataIndex: "source", width: 110, render: (v: string) => hl.source(v) },
    { title: t("hazards.reportedAt"), dataIndex: "reportedAt", width: 136, render: (v: string) => formatDateTime(v).slice(0, 16) },
  );
  return cols;
}

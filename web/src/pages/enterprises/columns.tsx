import { Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { TFunction } from "i18next";
import { Link } from "react-router";
import type { EnterpriseSummary } from "../../api/types";
import type { Labels } from "../../i18n/labels";

const STATUS_COLORS: Record<string, string> = { operating: "green", suspended: "orange", closed: "default" };

export function enterpriseColumns(t: TFunction, labels: Labels): ColumnsType<EnterpriseSummary> {
  return [
    {
      title: t("fields.name"),
      dataIndex: "name",
      fixed: "left",
      width: 200,
      render: (name: string, r) => (
        <Link to={`/enterprises/${r.id}`} data-testid="enterprise-link">
          {name}
        </Link>
      ),
    },
    {
      title: t("fields.creditCode"),
      dataIndex: "creditCode",
      width: 175,
      render: (c: string) => <span style={{ fontFamily: "monospace", whiteSpace: "nowrap" }}>{c}</span>,
    },
    { title: t("enterprise.region"), dataIndex: "regionName", width: 110 },
    { title: t("enterprise.sector"), dataIndex: "sector", width: 140, render: (s: string) => labels.sector(s) },
    {
      title: t("enterprise.status"),
      dataIndex: "operatingStatus",
      width: 84,
      render: (s: string) => <Tag color={STATUS_COLORS[s] ?? "default"}>{labels.status(s)}</Tag>,
    },
    {
      title: t("enterprise.majorHazard"),
      dataIndex: "hasMajorHazard",
      width: 96,
      render: (v: boolean) => (v ? <Tag color="red">{t("enterprise.hasMajorHazard")}</Tag> : <Tag>{t("enterprise.noMajorHazard")}</Tag>),
    },
    {
      title: t("enterprise.leaderAndPhone"),
      key: "leader",
      width: 160,
      render: (_, r) => (r.mainLeader || r.mainLeaderPhone ? [r.mainLeader, r.mainLeaderPhone].filter(Boolean).join(" / ") : "—"),
    },
    {
      title: t("enterprise.licences"),
      dataIndex: "licenceAlert",
      width: 84,
      render: (a: EnterpriseSummary["licenceAlert"]) =>
        a === "expired" ? (
          <Tag color="red" data-testid="licence-alert">
            {t("enterprise.licenceExpired")}
          </Tag>
        ) : a === "expiring" ? (
          <Tag color="orange" data-testid="licence-alert">
            {t("enterprise.licenceExpiring")}
          </Tag>
        ) : null,
    },
  ];
}

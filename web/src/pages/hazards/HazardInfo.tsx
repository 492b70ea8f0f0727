import { GOVERNANCE_PLAN_ELEMENTS, type GovernancePlanElement } from "@anguan/domain";
import { Descriptions, Empty, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { HazardDetail } from "../../api/types";
import { pick } from "../../i18n/labels";
import { formatDate, formatDateTime } from "../../lib/format";
import { useHazardLabels } from "./labels";

const text = (v: unknown): ReactNode => (v === null || v === undefined || v === "" ? "—" : <span style={{ whiteSpace: "pre-wrap" }}>{String(v)}</span>);

/** What was reported and how it was classified. */
export function HazardBasics({ h }: { h: HazardDetail }) {
  const { t } = useTranslation();
  const hl = useHazardLabels();
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: "nowrap" } }} data-testid="hazard-basics">
      <Descriptions.Item label={t("hazards.description")} span={2}>
        {text(h.description)}
      </Descriptions.Item>
      <Descriptions.Item label={t("hazards.enterprise")}>
        <Link to={`/enterprises/${h.enterpriseId}`}>{h.enterpriseName}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t("hazards.location")}>
        {text(h.location)}
        {h.lat != null && h.lng != null && (
          <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
            ({h.lat.toFixed(5)}, {h.lng.toFixed(5)})
          </Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t("hazards.source")}>{hl.source(h.source)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.dangerType")}>{hl.type(h.dangerType) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.manageType")}>{hl.manageType(h.manageType) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.category")}>{hl.category(h.category ?? 0)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.reportedBy")}>{text(h.reportedByName)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.reportedAt")}>{formatDateTime(h.reportedAt)}</Descriptions.Item>
      {(h.standardItemCode || h.standardItem) && (
        <Descriptions.Item label={t("hazards.standardItem")} span={2}>
          <span data-testid="hazard-standard-item">
            {h.standardItem ? `${h.standardItem.standardName ? `${h.standardItem.standardName} ` : ""}${h.standardItem.text}` : h.standardItemCode}
          </span>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** 五到位: measures, responsible person, funds, deadline, contingency plan. */
export function RectificationInfo({ h }: { h: HazardDetail }) {
  const { t } = useTranslation();
  const r = h.rectification;
  if (!r) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("hazards.notConfirmed")} />;
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { whiteSpace: "nowrap" } }} data-testid="hazard-rectification">
      <Descriptions.Item label={t("hazards.measures")} span={2}>
        {text(r.measures)}
      </Descriptions.Item>
      <Descriptions.Item label={t("hazards.liablePerson")}>{text(r.liablePerson)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.rectifier")}>{text(h.rectifierName)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.funds")}>{text(r.funds)}</Descriptions.Item>
      <Descriptions.Item label={t("hazards.deadline")}>
        <span style={h.overdue ? { color: "#cf1322", fontWeight: 600 } : undefined}>{formatDate(h.deadline ?? r.deadline)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("hazards.contingencyPlan")} span={2}>
        {text(r.contingencyPlan)}
      </Descriptions.Item>
      {h.rectifyNote && (
        <Descriptions.Item label={t("hazards.rectifyNote")} span={2}>
          {text(h.rectifyNote)}
        </Descriptions.Item>
      )}
      {h.acceptComment && (
        <Descriptions.Item label={t("hazards.acceptComment")} span={2}>
          {text(h.acceptComment)}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** The six elements of a governance plan, in the domain's order. */
export const PLAN_KEYS = Object.keys(GOVERNANCE_PLAN_ELEMENTS) as GovernancePlanElement[];

/** 治理方案 of a major hazard: six elements. */
export function GovernancePlanInfo({ h }: { h: HazardDetail }) {
  const { t, i18n } = useTranslation();
  const p = h.governancePlan as Record<string, unknown> | null;
  if (!p) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("hazards.noPlan")} />;
  return (
    <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: "nowrap" } }} data-testid="hazard-plan">
      {PLAN_KEYS.map((k) => (
        <Descriptions.Item key={k} label={pick(GOVERNANCE_PLAN_ELEMENTS[k], i18n.language)}>
          {text(p[k])}
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

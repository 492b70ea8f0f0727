import { Descriptions, Tag } from "antd";
import type { DescriptionsProps } from "antd";
import { useTranslation } from "react-i18next";
import type { Enterprise } from "../../api/types";
import { useLabels } from "../../i18n/labels";
import { formatDateTime, formatNumber } from "../../lib/format";

export function BasicInfoTab({ e }: { e: Enterprise }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
  const dash = (v: string | null | undefined) => (v ? v : "—");
  // Officials write the region as one run ("江苏省镇江市句容市宝华镇"); English readers get separators.
  const sep = labels.lang === "en" ? " / " : "";

  const items: DescriptionsProps["items"] = [
    { key: "name", label: t("fields.name"), children: e.name },
    { key: "creditCode", label: t("fields.creditCode"), children: <span style={{ fontFamily: "monospace", whiteSpace: "nowrap" }}>{e.creditCode}</span> },
    { key: "regionCode", label: t("fields.regionCode"), children: e.regionNames?.length ? e.regionNames.join(sep) : e.regionName || e.regionCode },
    { key: "address", label: t("fields.address"), children: dash(e.address), span: 2 },
    {
      key: "coords",
      label: t("detail.coordinates"),
      children: e.lng !== null && e.lat !== null ? `${t("fields.lng")} ${e.lng}${labels.lang === "en" ? ", " : "，"}${t("fields.lat")} ${e.lat}` : "—",
    },
    { key: "sector", label: t("fields.sector"), children: labels.sector(e.sector) },
    { key: "isAboveScale", label: t("fields.isAboveScale"), children: yesNo(e.isAboveScale) },
    { key: "employeeCount", label: t("fields.employeeCount"), children: e.employeeCount === null ? "—" : formatNumber(e.employeeCount) },
    { key: "operatingStatus", label: t("fields.operatingStatus"), children: labels.status(e.operatingStatus) },
    { key: "supervisionLevel", label: t("fields.supervisionLevel"), children: labels.level(e.supervisionLevel) },
    { key: "legalRepresentative", label: t("fields.legalRepresentative"), children: dash(e.legalRepresentative) },
    { key: "mainLeader", label: t("fields.mainLeader"), children: dash(e.mainLeader) },
    { key: "mainLeaderPhone", label: t("fields.mainLeaderPhone"), children: dash(e.mainLeaderPhone) },
    { key: "safetyManager", label: t("fields.safetyManager"), children: dash(e.safetyManager) },
    { key: "safetyManagerPhone", label: t("fields.safetyManagerPhone"), children: dash(e.safetyManagerPhone) },
    {
      key: "hasMajorHazard",
      label: t("fields.hasMajorHazard"),
      children: e.hasMajorHazard ? <Tag color="red">{t("common.yes")}</Tag> : t("common.no"),
    },
    {
      key: "hazardousProcesses",
      label: t("fields.hazardousProcesses"),
      span: "filled",
      children: e.hazardousProcesses.length ? (
        <div style={{ display: "flex", flexWrap: "wrap", gap: 4 }} data-testid="processes">
          {e.hazardousProcesses.map((n) => (
            <Tag key={n} color="volcano">
              {n}. {labels.process(n)}
            </Tag>
          ))}
        </div>
      ) : (
        t("common.none")
      ),
    },
    { key: "createdAt", label: t("fields.createdAt"), children: formatDateTime(e.createdAt) },
    { key: "updatedAt", label: t("fields.updatedAt"), children: formatDateTime(e.updatedAt) },
    { key: "version", label: t("fields.version"), children: e.version },
  ];

  return <Descriptions data-testid="enterprise-basic" bordered size="small" column={{ xs: 1, sm: 1, md: 2, xxl: 3 }} items={items} />;
}

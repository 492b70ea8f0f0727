/** Field labels and value rendering for the change history (enterprise, licence, contact, attachment fields). */
import type { TFunction } from "i18next";
import type { Labels } from "../../i18n/labels";
import { formatDateTime } from "../../lib/format";
import { singular } from "../../lib/auditLabels";
import { tDynamic } from "../../lib/i18nKeys";

const PREFIX_BY_TARGET: Record<string, string> = {
  licence: "licence",
  contact: "contact",
  attachment: "attachment",
};

/** Internal identifiers are not worth showing in the history. */
export const isInternalField = (field: string) => field === "id" || /(Id|By)$/.test(field);

export function fieldLabel(t: TFunction, targetType: string, field: string): string {
  const prefix = PREFIX_BY_TARGET[singular(targetType)];
  if (prefix) {
    const k = field === "fileSha256" ? `${prefix}.file` : `${prefix}.${field}`;
    const label = tDynamic(t, k, "");
    if (label) return label;
  }
  return tDynamic(t, `fields.${field}`, field);
}

export function formatValue(v: unknown, field: string, t: TFunction, labels: Labels, regionName?: (code: string) => string | undefined): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? t("common.yes") : t("common.no");
  if (Array.isArray(v)) {
    if (field === "hazardousProcesses") return v.length ? v.map((n) => labels.process(Number(n))).join("、") : t("common.none");
    return v.map((x) => formatValue(x, "", t, labels)).join("、");
  }
  if (typeof v === "number") return v.toLocaleString("zh-CN", { maximumFractionDigits: 6 });
  if (typeof v === "object") return JSON.stringify(v);
  const s = String(v);
  if (/At$/.test(field) && /^\d{4}-\d{2}-\d{2}T/.test(s)) return formatDateTime(s);
  switch (field) {
    case "sector":
      return labels.sector(s);
    case "operatingStatus":
      return labels.status(s);
    case "supervisionLevel":
      return labels.level(s);
    case "type":
      return labels.licenceType(s);
    case "role":
      return labels.role(s);
    case "category":
      return labels.attachmentCategory(s);
    case "regionCode": {
      const name = regionName?.(s);
      return name ? `${name}（${s}）` : s;
    }
    case "fileSha256":
      // A content hash means nothing to the reader: say that a file is attached.
      return t("history.fileAttached");
    default:
      return s;
  }
}

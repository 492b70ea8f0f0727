import type { TFunction } from "i18next";
import type { Me } from "../api/types";
import type { Labels } from "../i18n/labels";

/** The region as officials write it ("镇江市句容市宝华镇"); older servers only sent the code or the chain. */
export function scopeRegionName(me: Me): string {
  const s = me.scope;
  if (s.regionName) return s.regionName;
  if (s.regionNames?.length) return s.regionNames.slice(s.regionNames.length > 1 ? 1 : 0).join("");
  return s.regionCode ?? "";
}

/**
 * The dashboard's scope line:
 * "管辖区域：镇江市句容市宝华镇 · 监管行业：全部行业", "管辖区域：镇江市 · 监管行业：商贸、餐饮",
 * "服务范围：受委托的 5 家企业", or for enterprise users their organisation.
 */
export function scopeText(me: Me, labels: Labels, t: TFunction): string {
  const s = me.scope;
  const sep = labels.lang === "en" ? ", " : "、";
  switch (s.kind) {
    case "all":
      return t("dashboard.scope", { scope: `${t("scope.allRegions")} · ${t("scope.allSectors")}` });
    case "jurisdiction": {
      const sectors = s.sectors?.length ? s.sectors.map((c) => labels.sector(c)).join(sep) : t("scope.allSectors");
      return `${t("dashboard.region", { region: scopeRegionName(me) })} · ${t("dashboard.sectors", { sectors })}`;
    }
    case "enterprise":
      return `${me.org.name} · ${labels.role(me.role)}`;
    case "assigned":
      return typeof s.enterpriseCount === "number" ? t("dashboard.assigned", { count: s.enterpriseCount }) : t("dashboard.assignedNoCount");
    default:
      return t("dashboard.scope", { scope: t("scope.none") });
  }
}

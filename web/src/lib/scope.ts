import type { TFunction } from "i18next";
import type { Me } from "../api/types";
import type { Labels } from "../i18n/labels";

/** "句容市宝华镇 · 商贸、餐饮" / "全部区域 · 全部行业" / "本企业". */
export function scopeText(me: Me, labels: Labels, t: TFunction): string {
  const s = me.scope;
  const sep = labels.lang === "en" ? ", " : "、";
  switch (s.kind) {
    case "all":
      return `${t("scope.allRegions")} · ${t("scope.allSectors")}`;
    case "jurisdiction": {
      const region = s.regionName ?? s.regionCode ?? "";
      const sectors = s.sectors?.length ? s.sectors.map((c) => labels.sector(c)).join(sep) : t("scope.allSectors");
      return `${region} · ${sectors}`;
    }
    case "enterprise":
      return `${t("scope.ownEnterprise")} · ${me.org.name}`;
    case "assigned":
      return t("scope.assigned");
    default:
      return t("scope.none");
  }
}

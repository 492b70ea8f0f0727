import { SafetyCertificateFilled } from "@ant-design/icons";
import { useTranslation } from "react-i18next";

/** 安管 logo text with the platform subtitle. */
export function Brand({ compact = false, dark = false, iconOnly = false }: { compact?: boolean; dark?: boolean; iconOnly?: boolean }) {
  const { t } = useTranslation();
  const color = dark ? "#fff" : "#1f2937";
  return (
    <div className="brand" style={{ display: "flex", alignItems: "center", gap: 10, minWidth: 0 }}>
      {/* On the login page's blue gradient a blue shield would vanish: white there, brand blue elsewhere. */}
      <SafetyCertificateFilled style={{ fontSize: compact ? 24 : 36, color: dark && !compact ? "#fff" : "#1677ff" }} />
      <div style={{ minWidth: 0, lineHeight: 1.2, display: iconOnly ? "none" : undefined }}>
        <div style={{ fontSize: compact ? 18 : 28, fontWeight: 700, color, letterSpacing: 2 }}>{t("app.name")}</div>
        {!compact && <div style={{ fontSize: 14, color: dark ? "rgba(255,255,255,.75)" : "#6b7280" }}>{t("app.subtitle")}</div>}
      </div>
    </div>
  );
}

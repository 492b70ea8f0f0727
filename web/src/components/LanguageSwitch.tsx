import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { type Locale, setLocale } from "../i18n";

/** 中文 / English toggle (login page); the user menu has the same choice. */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const value: Locale = i18n.language === "en" ? "en" : "zh-CN";
  return (
    <Segmented<Locale>
      data-testid="language-switch"
      size="small"
      value={value}
      onChange={(v) => void setLocale(v)}
      options={[
        { value: "zh-CN", label: "中文" },
        { value: "en", label: "English" },
      ]}
    />
  );
}

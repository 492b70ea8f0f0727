/** i18next setup: Chinese by default, English selectable; the choice is kept in localStorage. */
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en";
import zh from "./zh";

export type Locale = "zh-CN" | "en";
export const LOCALE_KEY = "anguan.locale";

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

function applyDocument(locale: Locale) {
  document.documentElement.lang = locale === "en" ? "en" : "zh-CN";
  dayjs.locale(locale === "en" ? "en" : "zh-cn");
}

const initial = storedLocale();
applyDocument(initial);

void i18n.use(initReactI18next).init({
  resources: { "zh-CN": { translation: zh }, en: { translation: en } },
  lng: initial,
  fallbackLng: "zh-CN",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export async function setLocale(locale: Locale) {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    /* private mode: keep for this page only */
  }
  applyDocument(locale);
  await i18n.changeLanguage(locale);
}

export default i18n;

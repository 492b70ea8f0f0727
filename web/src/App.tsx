import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router";
import { queryClient } from "./api/queryClient";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { router } from "./router";

export function App() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <ConfigProvider
      locale={en ? enUS : zhCN}
      theme={{ token: { colorPrimary: "#1677ff", borderRadius: 6 } }}
      // "保存", not "保 存": the space antd puts between two Chinese characters in buttons reads as a typo.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <ErrorBoundary>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </ErrorBoundary>
      </AntApp>
    </ConfigProvider>
  );
}

import { HomeOutlined, LeftOutlined } from "@ant-design/icons";
import { Button, Spin } from "antd";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation, useMatches, useNavigate } from "react-router";
import { useMe } from "../../api/queries";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { MeContext } from "../../components/MeContext";
import { PageLoading } from "../../components/PageLoading";
import type { MessageKey } from "../../lib/i18nKeys";
import "./mobile.css";

export interface MobileHandle {
  mobileTitle?: MessageKey;
}

/** The phone shell (/m/…): no side menu, a bar with back, the page title and home; big touch targets. */
export function MobileShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const matches = useMatches();
  const { data: me, isPending, isError } = useMe();

  if (isPending) return <PageLoading full />;
  if (isError || !me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.mustChangePassword) return <Navigate to="/profile/password" replace />;

  const titleKey = [...matches].reverse().find((m) => (m.handle as MobileHandle | undefined)?.mobileTitle)?.handle as MobileHandle | undefined;
  const atHome = location.pathname === "/m" || location.pathname === "/m/";
  const back = () => {
    // Opened straight from a QR label: there is no page to go back to.
    if (window.history.state?.idx > 0) navigate(-1);
    else navigate(atHome ? "/" : "/m");
  };

  return (
    <MeContext.Provider value={me}>
      <div className="m-shell">
        <header className="m-bar">
          <Button type="text" icon={<LeftOutlined />} aria-label={t("common.back")} onClick={back} data-testid="m-back" />
          <div className="m-bar-title" data-testid="m-title">
            {titleKey?.mobileTitle ? t(titleKey.mobileTitle) : t("mobile.title")}
          </div>
          <Button type="text" icon={<HomeOutlined />} aria-label={t("mobile.home")} onClick={() => navigate("/m")} data-testid="m-home" />
        </header>
        <main className="m-content">
          <ErrorBoundary resetKey={location.pathname}>
            <Suspense fallback={<Spin style={{ display: "block", margin: "80px auto" }} />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </MeContext.Provider>
  );
}

import { LeftOutlined, MenuOutlined, RightOutlined } from "@ant-design/icons";
import { Button, Drawer, Layout, Spin, Tag } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation } from "react-router";
import { useMe } from "../api/queries";
import { useLabels } from "../i18n/labels";
import { useIsMobile } from "../lib/useIsMobile";
import { Brand } from "./Brand";
import { Breadcrumbs } from "./Breadcrumbs";
import { ErrorBoundary } from "./ErrorBoundary";
import { MeContext } from "./MeContext";
import { PageLoading } from "./PageLoading";
import { SideMenu } from "./SideMenu";
import { UserMenu } from "./UserMenu";

const { Header, Sider, Content } = Layout;

/** The authenticated layout: side menu by abilities, header with breadcrumbs and the user menu. */
export function AppShell() {
  const { t } = useTranslation();
  const labels = useLabels();
  const location = useLocation();
  const isMobile = useIsMobile();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const { data: me, isPending, isError } = useMe();

  if (isPending) return <PageLoading full />;
  if (isError || !me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword && location.pathname !== "/profile/password") return <Navigate to="/profile/password" replace />;

  return (
    <MeContext.Provider value={me}>
      <Layout style={{ minHeight: "100vh" }}>
        {!isMobile && (
          <Sider collapsible collapsed={collapsed} trigger={null} width={220} className="app-sider">
            {/* The sider column stretches to the page's full height (dark to the bottom); its content stays in view. */}
            <div className="app-sider-inner">
              <div className="app-sider-brand" style={{ padding: collapsed ? "16px 28px" : "16px 20px" }}>
                <Brand compact dark iconOnly={collapsed} />
              </div>
              <div className="app-sider-menu">
                <SideMenu me={me} />
              </div>
              <button
                type="button"
                className="app-sider-trigger"
                aria-label={collapsed ? t("nav.expandMenu") : t("nav.collapseMenu")}
                title={collapsed ? t("nav.expandMenu") : t("nav.collapseMenu")}
                onClick={() => setCollapsed((c) => !c)}
              >
                {collapsed ? <RightOutlined /> : <LeftOutlined />}
              </button>
            </div>
          </Sider>
        )}
        {isMobile && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={<Brand compact />}
            styles={{ body: { padding: 0 } }}
          >
            <SideMenu me={me} theme="light" onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout>
          <Header className="app-header" style={{ background: "#fff", padding: isMobile ? "0 8px" : "0 20px" }}>
            {isMobile && (
              <Button type="text" icon={<MenuOutlined />} aria-label={t("user.openMenu")} data-testid="menu-toggle" onClick={() => setDrawerOpen(true)} />
            )}
            <div className="app-header-crumbs">{isMobile ? <Brand compact /> : <Breadcrumbs />}</div>
            {!isMobile && (
              <div className="app-header-who" data-testid="current-user">
                <span>{me.org.name}</span>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {labels.role(me.role)}
                </Tag>
              </div>
            )}
            <UserMenu me={me} compact={isMobile} />
          </Header>
          <Content className="app-content">
            {isMobile && (
              <div style={{ marginBottom: 12 }}>
                <Breadcrumbs />
              </div>
            )}
            <ErrorBoundary resetKey={location.pathname}>
              <Suspense fallback={<Spin style={{ display: "block", margin: "80px auto" }} />}>
                <Outlet />
              </Suspense>
            </ErrorBoundary>
          </Content>
        </Layout>
      </Layout>
    </MeContext.Provider>
  );
}

import { lazy } from "react";
import { createBrowserRouter } from "react-router";
import { onUnauthenticated } from "./api/client";
import { keys } from "./api/queries";
import { queryClient } from "./api/queryClient";
import { AppShell } from "./components/AppShell";
import type { CrumbHandle } from "./components/Breadcrumbs";
import { EnterpriseCrumb } from "./pages/enterprise-detail/EnterpriseCrumb";
import { NotFound } from "./components/NotFound";
import { RouteError } from "./components/ErrorBoundary";

const LoginPage = lazy(() => import("./pages/login/LoginPage"));
const DashboardPage = lazy(() => import("./pages/dashboard/DashboardPage"));
const EnterpriseListPage = lazy(() => import("./pages/enterprises/EnterpriseListPage"));
const EnterpriseDetailPage = lazy(() => import("./pages/enterprise-detail/EnterpriseDetailPage"));
const EnterpriseFormPage = lazy(() => import("./pages/enterprise-form/EnterpriseFormPage"));
const ImportPage = lazy(() => import("./pages/enterprise-import/ImportPage"));
const UsersPage = lazy(() => import("./pages/users/UsersPage"));
const OrganizationsPage = lazy(() => import("./pages/organizations/OrganizationsPage"));
const AuditPage = lazy(() => import("./pages/audit/AuditPage"));
const ChangePasswordPage = lazy(() => import("./pages/profile/ChangePasswordPage"));

const crumb = (c: CrumbHandle): CrumbHandle => c;

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
  {
    path: "/",
    element: <AppShell />,
    errorElement: <RouteError />,
    handle: crumb({ crumb: "nav.dashboard" }),
    children: [
      { index: true, element: <DashboardPage /> },
      {
        path: "enterprises",
        handle: crumb({ crumb: "nav.enterprises", visible: (me) => me.abilities.enterprises.list }),
        children: [
          { index: true, element: <EnterpriseListPage /> },
          { path: "new", element: <EnterpriseFormPage />, handle: crumb({ crumb: "nav.newEnterprise" }) },
          { path: "import", element: <ImportPage />, handle: crumb({ crumb: "nav.import" }) },
          {
            path: ":id",
            handle: crumb({ crumb: (p) => <EnterpriseCrumb id={p.id ?? ""} /> }),
            children: [
              { index: true, element: <EnterpriseDetailPage /> },
              { path: "edit", element: <EnterpriseFormPage />, handle: crumb({ crumb: "nav.editEnterprise" }) },
            ],
          },
        ],
      },
      { path: "admin/users", element: <UsersPage />, handle: crumb({ crumb: "nav.users" }) },
      { path: "admin/organizations", element: <OrganizationsPage />, handle: crumb({ crumb: "nav.organizations" }) },
      { path: "admin/audit", element: <AuditPage />, handle: crumb({ crumb: "nav.audit" }) },
      { path: "profile/password", element: <ChangePasswordPage />, handle: crumb({ crumb: "nav.changePassword" }) },
      { path: "*", element: <NotFound />, handle: crumb({ crumb: "nav.notFound" }) },
    ],
  },
]);

/** A 401 UNAUTHENTICATED anywhere: forget the user and go to the login page, remembering where we were. */
onUnauthenticated(() => {
  const { pathname, search } = router.state.location;
  if (pathname.startsWith("/login")) return;
  queryClient.setQueryData(keys.me, null);
  const next = pathname + search;
  void router.navigate(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`, { replace: true });
});

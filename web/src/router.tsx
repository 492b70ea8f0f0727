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
import { type MobileHandle, MobileShell } from "./pages/mobile/MobileShell";

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
const HazardListPage = lazy(() => import("./pages/hazards/HazardListPage"));
const HazardDetailPage = lazy(() => import("./pages/hazards/HazardDetailPage"));
const HazardStatsPage = lazy(() => import("./pages/hazard-stats/HazardStatsPage"));
const TodosPage = lazy(() => import("./pages/todos/TodosPage"));
const RiskRegisterPage = lazy(() => import("./pages/risks/RiskRegisterPage"));
const RiskMapPage = lazy(() => import("./pages/risk-map/RiskMapPage"));
const InspectionTasksPage = lazy(() => import("./pages/inspection-tasks/InspectionTasksPage"));
const ChecklistsPage = lazy(() => import("./pages/checklists/ChecklistsPage"));
const ChecklistDetailPage = lazy(() => import("./pages/checklists/ChecklistDetailPage"));
const MobileHome = lazy(() => import("./pages/mobile/MobileHome"));
const MobileReport = lazy(() => import("./pages/mobile/MobileReport"));
const MobileScan = lazy(() => import("./pages/mobile/MobileScan"));
const MobileTodos = lazy(() => import("./pages/mobile/MobileTodos"));
const MajorHazardsPage = lazy(() => import("./pages/major-hazards/MajorHazardsPage"));
const MajorHazardDetailPage = lazy(() => import("./pages/major-hazards/MajorHazardDetailPage"));
const MajorHazardFormPage = lazy(() => import("./pages/major-hazards/MajorHazardFormPage"));
const AlarmsPage = lazy(() => import("./pages/alarms/AlarmsPage"));
const AlarmDetailPage = lazy(() => import("./pages/alarms/AlarmDetailPage"));
const DutyPage = lazy(() => import("./pages/monitoring/DutyPage"));
const MonitoringPage = lazy(() => import("./pages/monitoring/MonitoringPage"));
const SensorsPage = lazy(() => import("./pages/monitoring/SensorsPage"));
const SensorDetailPage = lazy(() => import("./pages/monitoring/SensorDetailPage"));
const MonitoringReportsPage = lazy(() => import("./pages/monitoring-reports/MonitoringReportsPage"));
const ScanRedirect = lazy(() => import("./pages/mobile/ScanRedirect"));
// Safety steward (企业安全管家): permits, personnel, briefings, duties, training.
const PermitsPage = lazy(() => import("./pages/permits/PermitsPage"));
const PermitFormPage = lazy(() => import("./pages/permits/PermitFormPage"));
const PermitDetailPage = lazy(() => import("./pages/permits/PermitDetailPage"));
const PermitsTodayPage = lazy(() => import("./pages/permits/PermitsTodayPage"));
const HighRiskWorkPage = lazy(() => import("./pages/permits/HighRiskWorkPage"));
const PermitApproversPage = lazy(() => import("./pages/permits/PermitApproversPage"));
const PersonnelPage = lazy(() => import("./pages/steward/PersonnelPage"));
const PersonDetailPage = lazy(() => import("./pages/steward/PersonDetailPage"));
const BriefingsPage = lazy(() => import("./pages/steward/BriefingsPage"));
const BriefingFormPage = lazy(() => import("./pages/steward/BriefingFormPage"));
const DutiesPage = lazy(() => import("./pages/steward/DutiesPage"));
const DutySummaryPage = lazy(() => import("./pages/steward/DutySummaryPage"));
const TrainingPage = lazy(() => import("./pages/steward/TrainingPage"));
const ExamTakePage = lazy(() => import("./pages/steward/ExamTakePage"));

const crumb = (c: CrumbHandle): CrumbHandle => c;
const mobile = (h: MobileHandle): MobileHandle => h;

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
  { path: "/scan/:qrToken", element: <ScanRedirect />, errorElement: <RouteError /> },
  {
    // The phone pages (随手拍, QR inspection, to-dos): a minimal shell without the side menu.
    path: "/m",
    element: <MobileShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <MobileHome />, handle: mobile({ mobileTitle: "mobile.title" }) },
      { path: "report", element: <MobileReport />, handle: mobile({ mobileTitle: "mobile.report" }) },
      { path: "u/:qrToken", element: <MobileScan />, handle: mobile({ mobileTitle: "mobile.scanUnit" }) },
      { path: "todos", element: <MobileTodos />, handle: mobile({ mobileTitle: "mobile.todos" }) },
      { path: "hazards/:id", element: <HazardDetailPage />, handle: mobile({ mobileTitle: "hazards.detail" }) },
      // Phone pages of the safety steward (作业票申请/审批/现场, 班前教育, 考试).
      { path: "permits/new", element: <PermitFormPage />, handle: mobile({ mobileTitle: "permits.new" }) },
      { path: "permits/:id", element: <PermitDetailPage />, handle: mobile({ mobileTitle: "permits.detail" }) },
      { path: "briefings/new", element: <BriefingFormPage />, handle: mobile({ mobileTitle: "briefings.new" }) },
      { path: "exams/:id", element: <ExamTakePage />, handle: mobile({ mobileTitle: "training.exam" }) },
    ],
  },
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
              // Dual prevention, per enterprise (enterprise users reach their own from the menu, regulators from the file).
              { path: "risks", element: <RiskRegisterPage />, handle: crumb({ crumb: "risks.title" }) },
              { path: "risk-map", element: <RiskMapPage />, handle: crumb({ crumb: "riskMap.title" }) },
              { path: "inspection-tasks", element: <InspectionTasksPage />, handle: crumb({ crumb: "inspectionTasks.title" }) },
              {
                path: "checklists",
                handle: crumb({ crumb: "checklists.title" }),
                children: [
                  { index: true, element: <ChecklistsPage /> },
                  { path: ":checklistId", element: <ChecklistDetailPage />, handle: crumb({ crumb: "checklists.detail" }) },
                ],
              },
            ],
          },
        ],
      },
      {
        path: "hazards",
        handle: crumb({ crumb: "hazards.title" }),
        children: [
          { index: true, element: <HazardListPage /> },
          { path: ":id", element: <HazardDetailPage />, handle: crumb({ crumb: "hazards.detail" }) },
        ],
      },
      {
        path: "major-hazards",
        handle: crumb({ crumb: "majorHazards.title" }),
        children: [
          { index: true, element: <MajorHazardsPage /> },
          { path: "new", element: <MajorHazardFormPage />, handle: crumb({ crumb: "majorHazards.new" }) },
          { path: ":id", element: <MajorHazardDetailPage />, handle: crumb({ crumb: "majorHazards.detail" }) },
          { path: ":id/edit", element: <MajorHazardFormPage />, handle: crumb({ crumb: "majorHazards.edit" }) },
        ],
      },
      {
        path: "alarms",
        handle: crumb({ crumb: "alarms.title" }),
        children: [
          { index: true, element: <AlarmsPage /> },
          { path: ":id", element: <AlarmDetailPage />, handle: crumb({ crumb: "alarms.detail" }) },
        ],
      },
      { path: "duty", element: <DutyPage />, handle: crumb({ crumb: "monitoring.dutyTitle" }) },
      { path: "monitoring", element: <MonitoringPage />, handle: crumb({ crumb: "monitoring.title" }) },
      {
        path: "sensors",
        handle: crumb({ crumb: "monitoring.sensorsTitle" }),
        children: [
          { index: true, element: <SensorsPage /> },
          { path: ":id", element: <SensorDetailPage />, handle: crumb({ crumb: "monitoring.sensorDetail" }) },
        ],
      },
      { path: "monitoring-reports", element: <MonitoringReportsPage />, handle: crumb({ crumb: "monitoringReports.title" }) },
      {
        path: "permits",
        handle: crumb({ crumb: "permits.title" }),
        children: [
          { index: true, element: <PermitsPage /> },
          { path: "new", element: <PermitFormPage />, handle: crumb({ crumb: "permits.new" }) },
          { path: "today", element: <PermitsTodayPage />, handle: crumb({ crumb: "permits.today" }) },
          { path: "high-risk", element: <HighRiskWorkPage />, handle: crumb({ crumb: "permits.highRisk" }) },
          { path: "approvers", element: <PermitApproversPage />, handle: crumb({ crumb: "permits.approvers" }) },
          { path: ":id", element: <PermitDetailPage />, handle: crumb({ crumb: "permits.detail" }) },
        ],
      },
      {
        path: "personnel",
        handle: crumb({ crumb: "personnel.title" }),
        children: [
          { index: true, element: <PersonnelPage /> },
          { path: ":id", element: <PersonDetailPage />, handle: crumb({ crumb: "personnel.detail" }) },
        ],
      },
      {
        path: "briefings",
        handle: crumb({ crumb: "briefings.title" }),
        children: [
          { index: true, element: <BriefingsPage /> },
          { path: "new", element: <BriefingFormPage />, handle: crumb({ crumb: "briefings.new" }) },
        ],
      },
      {
        path: "duties",
        handle: crumb({ crumb: "duties.title" }),
        children: [
          { index: true, element: <DutiesPage /> },
          { path: "summary", element: <DutySummaryPage />, handle: crumb({ crumb: "duties.summary" }) },
        ],
      },
      {
        path: "training",
        handle: crumb({ crumb: "training.title" }),
        children: [
          { index: true, element: <TrainingPage /> },
          { path: "exams/:id", element: <ExamTakePage />, handle: crumb({ crumb: "training.exam" }) },
        ],
      },
      { path: "hazard-stats", element: <HazardStatsPage />, handle: crumb({ crumb: "hazardStats.title" }) },
      { path: "todos", element: <TodosPage />, handle: crumb({ crumb: "todos.title" }) },
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

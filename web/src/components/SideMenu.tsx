import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  DesktopOutlined,
  FileTextOutlined,
  FireOutlined,
  FundOutlined,
  HeatMapOutlined,
  IdcardOutlined,
  ImportOutlined,
  OrderedListOutlined,
  ProfileOutlined,
  ReadOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  ShopOutlined,
  SoundOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Menu, type MenuProps } from "antd";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import type { Me } from "../api/types";

type Item = Required<MenuProps>["items"][number] & { key: string };

export function menuItems(
  me: Me,
  t: (
    k:
      | "nav.dashboard"
      | "nav.enterprises"
      | "nav.ownEnterprise"
      | "nav.import"
      | "nav.users"
      | "nav.organizations"
      | "nav.audit"
      | "hazards.title"
      | "hazardStats.title"
      | "todos.title"
      | "risks.title"
      | "riskMap.title"
      | "inspectionTasks.title"
      | "checklists.title"
      | "majorHazards.title"
      | "alarms.title"
      | "monitoring.title"
      | "monitoring.dutyTitle"
      | "monitoring.sensorsTitle"
      | "monitoringReports.title"
      | "permits.title"
      | "permits.today"
      | "permits.highRisk"
      | "personnel.title"
      | "briefings.title"
      | "duties.title"
      | "duties.summary"
      | "training.title",
  ) => string,
): Item[] {
  const a = me.abilities;
  const items: Item[] = [{ key: "/", icon: <DashboardOutlined />, label: t("nav.dashboard") }];
  if (a.enterprises.list) items.push({ key: "/enterprises", icon: <ShopOutlined />, label: t("nav.enterprises") });
  if (a.ownEnterpriseId) items.push({ key: `/enterprises/${a.ownEnterpriseId}`, icon: <ProfileOutlined />, label: t("nav.ownEnterprise") });
  if (a.ownEnterpriseId) {
    // 双重预防 of the user's own enterprise; regulators and experts open the same pages from an enterprise's file.
    const base = `/enterprises/${a.ownEnterpriseId}`;
    items.push({ key: `${base}/risks`, icon: <AlertOutlined />, label: t("risks.title") });
    items.push({ key: `${base}/risk-map`, icon: <HeatMapOutlined />, label: t("riskMap.title") });
    items.push({ key: `${base}/inspection-tasks`, icon: <ScheduleOutlined />, label: t("inspectionTasks.title") });
    items.push({ key: `${base}/checklists`, icon: <CheckSquareOutlined />, label: t("checklists.title") });
  }
  // Dual prevention: hazards for everyone with a scope, statistics for those who see more than one enterprise.
  if (me.scope.kind !== "none") items.push({ key: "/hazards", icon: <SafetyOutlined />, label: t("hazards.title") });
  if (me.scope.kind !== "none" && me.scope.kind !== "enterprise")
    items.push({ key: "/hazard-stats", icon: <BarChartOutlined />, label: t("hazardStats.title") });
  // Major hazard sources and their online monitoring (重大危险源在线监测预警).
  if (me.scope.kind !== "none") {
    items.push({ key: "/major-hazards", icon: <FireOutlined />, label: t("majorHazards.title") });
    if (a.ownEnterpriseId) items.push({ key: "/duty", icon: <DesktopOutlined />, label: t("monitoring.dutyTitle") });
    else items.push({ key: "/monitoring", icon: <FundOutlined />, label: t("monitoring.title") });
    items.push({ key: "/alarms", icon: <BellOutlined />, label: t("alarms.title") });
    items.push({ key: "/sensors", icon: <DashboardOutlined />, label: t("monitoring.sensorsTitle") });
    items.push({ key: "/monitoring-reports", icon: <FileTextOutlined />, label: t("monitoringReports.title") });
  }
  // Safety steward (企业安全管家): permits, briefings, duties, training, personnel.
  if (me.scope.kind !== "none") {
    if (a.ownEnterpriseId) items.push({ key: "/permits/today", icon: <ThunderboltOutlined />, label: t("permits.today") });
    else items.push({ key: "/permits/high-risk", icon: <ThunderboltOutlined />, label: t("permits.highRisk") });
    items.push({ key: "/permits", icon: <IdcardOutlined />, label: t("permits.title") });
    items.push({ key: "/briefings", icon: <SoundOutlined />, label: t("briefings.title") });
    if (a.ownEnterpriseId) items.push({ key: "/duties", icon: <CarryOutOutlined />, label: t("duties.title") });
    else items.push({ key: "/duties/summary", icon: <CarryOutOutlined />, label: t("duties.summary") });
    items.push({ key: "/training", icon: <ReadOutlined />, label: t("training.title") });
    items.push({ key: "/personnel", icon: <UserOutlined />, label: t("personnel.title") });
  }
  items.push({ key: "/todos", icon: <OrderedListOutlined />, label: t("todos.title") });
  if (a.enterprises.import) items.push({ key: "/enterprises/import", icon: <ImportOutlined />, label: t("nav.import") });
  if (a.users.manage) items.push({ key: "/admin/users", icon: <TeamOutlined />, label: t("nav.users") });
  if (a.users.manage) items.push({ key: "/admin/organizations", icon: <ApartmentOutlined />, label: t("nav.organizations") });
  if (a.audit.view) items.push({ key: "/admin/audit", icon: <AuditOutlined />, label: t("nav.audit") });
  return items;
}

/** The menu entry that best matches the current path (longest prefix). */
function selectedKey(items: Item[], pathname: string): string {
  let best = pathname === "/" ? "/" : "";
  for (const { key } of items) {
    if (key === "/") continue;
    if ((pathname === key || pathname.startsWith(`${key}/`)) && key.length > best.length) best = key;
  }
  // /enterprises/import and /enterprises/:id both start with /enterprises: the longest match wins.
  return best;
}

export function SideMenu({ me, onNavigate, theme = "dark" }: { me: Me; onNavigate?: () => void; theme?: "dark" | "light" }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = menuItems(me, (k) => t(k));
  return (
    <Menu
      data-testid="side-menu"
      theme={theme}
      mode="inline"
      selectedKeys={[selectedKey(items, pathname)].filter(Boolean)}
      items={items}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}

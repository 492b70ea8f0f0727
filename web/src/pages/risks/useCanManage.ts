import type { RiskRegister } from "../../api/types";
import { useCurrentUser } from "../../components/MeContext";

/** Who keeps the register: the enterprise file's editors (domain canWriteEnterprise): admin, regulators, 主要负责人, 安全管理人员. */
const REGISTER_EDITORS = ["admin", "regulator", "enterprise_leader", "enterprise_safety"];
/** Who manages inspection tasks (server inspections/access.ts canManageInspections): admin and the enterprise's leader / safety manager. */
const TASK_MANAGERS = ["admin", "enterprise_leader", "enterprise_safety"];

/** Whether to show the register's add / edit / delete buttons: the server's answer when it sends one. */
export function useCanManageRisks(register?: RiskRegister): boolean {
  const me = useCurrentUser();
  if (typeof register?.abilities?.manage === "boolean") return register.abilities.manage;
  return REGISTER_EDITORS.includes(me.role);
}

export function useCanManageTasks(): boolean {
  return TASK_MANAGERS.includes(useCurrentUser().role);
}

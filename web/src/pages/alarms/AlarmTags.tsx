import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { SEVERITY_COLORS, STATUS_COLORS, useAlarmLabels } from "./labels";

export function SeverityTag({ severity }: { severity: string }) {
  const al = useAlarmLabels();
  return (
    <Tag color={SEVERITY_COLORS[severity] ?? "default"} data-testid="alarm-severity" data-severity={severity}>
      {al.severity(severity)}
    </Tag>
  );
}

export function AlarmStatusTag({ status }: { status: string }) {
  const al = useAlarmLabels();
  return (
    <Tag color={STATUS_COLORS[status] ?? "default"} bordered={false} data-testid="alarm-status" data-status={status}>
      {al.status(status)}
    </Tag>
  );
}

/** Whether the measured condition still holds (报警中) or the reading is back to normal (已恢复). */
export function ConditionTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={active ? "error" : "success"} data-testid="alarm-condition" data-active={String(active)}>
      {active ? t("alarms.conditionActive") : t("alarms.conditionReturned")}
    </Tag>
  );
}

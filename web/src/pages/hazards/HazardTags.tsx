import { ClockCircleOutlined, FlagOutlined } from "@ant-design/icons";
import { Tag } from "antd";
import { useTranslation } from "react-i18next";
import { LEVEL_COLORS, STATUS_COLORS, useHazardLabels } from "./labels";

export function StatusTag({ status }: { status: string }) {
  const hl = useHazardLabels();
  return (
    <Tag color={STATUS_COLORS[status] ?? "default"} data-testid="hazard-status">
      {hl.status(status)}
    </Tag>
  );
}

export function LevelTag({ level }: { level: string }) {
  const hl = useHazardLabels();
  return (
    <Tag color={LEVEL_COLORS[level] ?? "default"} data-testid="hazard-level">
      {hl.level(level)}
    </Tag>
  );
}

export function OverdueTag() {
  const { t } = useTranslation();
  return (
    <Tag color="red" icon={<ClockCircleOutlined />} data-testid="hazard-overdue">
      {t("hazards.overdue")}
    </Tag>
  );
}

export function SupervisedTag({ by }: { by?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color="magenta" icon={<FlagOutlined />} data-testid="hazard-supervised">
      {by ? t("hazards.supervisedBy", { org: by }) : t("hazards.supervised")}
    </Tag>
  );
}

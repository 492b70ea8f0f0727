/** Pieces shared by the duty screen, the monitoring screen and the sensor pages. */
import { SoundOutlined, MutedOutlined } from "@ant-design/icons";
import { Badge, Button, Empty, Space, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AlarmListItem } from "../../api/types";
import { formatDateTime } from "../../lib/format";
import { AlarmActionButtons } from "../alarms/AlarmActionButtons";
import { AlarmStatusTag, SeverityTag } from "../alarms/AlarmTags";
import { useAlarmLabels } from "../alarms/labels";
import { fmtNum, STATE_COLORS, STATE_TAG_COLORS, useSensorLabels } from "./labels";
import { useAlarmSound } from "./sound";
import type { AlarmCounts, Sensor, SensorStateCode } from "./types";
import type { LiveStatus } from "./useLive";

export const stateOf = (s: Pick<Sensor, "current" | "enabled">): SensorStateCode => s.current?.state ?? "unknown";

export function StateTag({ state }: { state: SensorStateCode }) {
  const sl = useSensorLabels();
  return (
    <Tag color={STATE_TAG_COLORS[state]} data-testid="sensor-state" data-state={state} style={{ marginInlineEnd: 0 }}>
      {sl.state(state)}
    </Tag>
  );
}

/** A sensor's current value in its state colour. */
export function SensorCard({ sensor, selected, onSelect }: { sensor: Sensor; selected?: boolean; onSelect?: () => void }) {
  const { t } = useTranslation();
  const sl = useSensorLabels();
  const state = stateOf(sensor);
  const color = STATE_COLORS[state];
  const v = sensor.current?.value;
  const greyed = state === "offline" || state === "bad" || state === "unknown";
  return (
    <button
      type="button"
      data-testid={`sensor-card-${sensor.tag}`}
      data-state={state}
      data-sensor-id={sensor.id}
      onClick={onSelect}
      title={`${sensor.name}（${sensor.tag}）${sl.state(state)}`}
      style={{
        all: "unset",
        boxSizing: "border-box",
        cursor: onSelect ? "pointer" : "default",
        display: "block",
        width: "100%",
        padding: "8px 10px",
        borderRadius: 8,
        border: `1px solid ${selected ? "#2563eb" : "#e5e7eb"}`,
        boxShadow: selected ? "0 0 0 2px rgba(37, 99, 235, 0.25)" : undefined,
        borderInlineStart: `5px solid ${color}`,
        background: state === "hh" || state === "ll" ? "#fef2f2" : state === "h" || state === "l" ? "#fffbeb" : "#fff",
        minWidth: 0,
      }}
    >
      <div style={{ display: "flex", justifyContent: "space-between", gap: 4, fontSize: 12, color: "#6b7280" }}>
        <span style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{sensor.tag}</span>
        <span style={{ color, fontWeight: 600, whiteSpace: "nowrap" }} data-testid="sensor-card-state">
          {sl.state(state)}
        </span>
      </div>
      <div style={{ fontSize: 13, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>{sensor.name}</div>
      <div style={{ fontSize: 22, fontWeight: 600, color: greyed ? "#9ca3af" : color, lineHeight: 1.3 }} data-testid="sensor-card-value">
        {v === null || v === undefined ? "—" : fmtNum(v)}
        <span style={{ fontSize: 12, fontWeight: 400, marginInlineStart: 4, color: "#6b7280" }}>{sensor.engineeringUnit}</span>
      </div>
      {!sensor.enabled && (
        <Tag variant="filled" style={{ marginTop: 2 }}>
          {t("monitoring.disabled")}
        </Tag>
      )}
    </button>
  );
}

/** The open alarms, newest first: colour, point, kind, value, status, a link to the alarm and its duty actions. */
export function AlarmFeed({
  items,
  showEnterprise,
  withActions,
  highlight,
}: {
  items: AlarmListItem[];
  showEnterprise?: boolean;
  withActions?: boolean;
  highlight?: string | null;
}) {
  const { t } = useTranslation();
  const al = useAlarmLabels();
  if (!items.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("monitoring.noActiveAlarms")} />;
  return (
    <div>
      {items.map((a) => (
        <div
          key={a.id}
          data-testid="active-alarm"
          data-alarm-id={a.id}
          data-status={a.status}
          data-severity={a.severity}
          style={{ padding: "8px 4px", borderBottom: "1px solid #f0f0f0", background: a.id === highlight ? "#fef2f2" : undefined, transition: "background 1s" }}
        >
          <Space size={6} wrap style={{ width: "100%" }}>
            <SeverityTag severity={a.severity} />
            <Link to={`/alarms/${a.id}`} data-testid="active-alarm-link">
              {a.sensorName} <Typography.Text code>{a.tag}</Typography.Text>
            </Link>
            <span>{al.kindLevel(a.kind, a.level)}</span>
            {a.lastValue !== null && (
              <Typography.Text strong>
                {fmtNum(a.lastValue)} {a.engineeringUnit}
              </Typography.Text>
            )}
          </Space>
          <Space size={6} wrap style={{ width: "100%", marginTop: 4, fontSize: 12, color: "#6b7280" }}>
            <AlarmStatusTag status={a.status} />
            {!a.conditionActive && <Tag color="success">{t("monitoring.returned")}</Tag>}
            <span>{formatDateTime(a.raisedAt)}</span>
            {showEnterprise && <span>{a.enterpriseName}</span>}
            {a.unitName && <span>{a.unitName}</span>}
          </Space>
          {withActions && (
            <div style={{ marginTop: 6 }}>
              <AlarmActionButtons alarmId={a.id} size="small" />
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/** Mute switch of the alarm sound; `data-beeps` counts the sounds played (for tests). */
export function SoundToggle() {
  const { t } = useTranslation();
  const [muted, setMuted, beeps] = useAlarmSound();
  return (
    <Tooltip title={muted ? t("monitoring.soundOff") : t("monitoring.soundOn")}>
      <Button
        data-testid="mute-toggle"
        data-muted={String(muted)}
        data-beeps={beeps}
        icon={muted ? <MutedOutlined /> : <SoundOutlined />}
        onClick={() => setMuted(!muted)}
        aria-pressed={muted}
      >
        {muted ? t("monitoring.unmute") : t("monitoring.mute")}
      </Button>
    </Tooltip>
  );
}

export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  const s = status === "open" ? "success" : status === "connecting" ? "processing" : "error";
  return <Badge status={s} text={t(`monitoring.live.${status}`)} data-testid="live-status" data-status={status} />;
}

/** Open alarms by colour as small tags. */
export function AlarmCountTags({ counts }: { counts: AlarmCounts }) {
  const { t } = useTranslation();
  if (!counts.total) return <span style={{ color: "#9ca3af" }}>0</span>;
  return (
    <Space size={2} wrap>
      {(["red", "orange", "yellow", "blue"] as const)
        .filter((c) => counts[c] > 0)
        .map((c) => (
          <Tag key={c} color={c === "yellow" ? "gold" : c} variant="filled" data-testid={`alarm-count-${c}`}>
            {t(`monitoring.sev.${c}`)} {counts[c]}
          </Tag>
        ))}
    </Space>
  );
}

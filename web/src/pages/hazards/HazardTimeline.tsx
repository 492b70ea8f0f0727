import { Tag, Timeline, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { HazardEvent } from "../../api/types";
import { tDynamic } from "../../lib/i18nKeys";
import { formatDate, formatDateTime } from "../../lib/format";
import { type HazardLabels, useHazardLabels } from "./labels";

const COLORS: Record<string, string> = {
  report: "blue",
  confirm: "blue",
  dismiss: "gray",
  submit_rectification: "cyan",
  accept: "green",
  reject: "red",
  request_extension: "orange",
  approve_extension: "green",
  reject_extension: "red",
  supervise: "magenta",
  sign_off: "green",
  escalate: "red",
  report_major: "orange",
};

export function eventLabel(e: HazardEvent, t: TFunction, hl: HazardLabels): string {
  const action = hl.action(e.action);
  if (action && action !== e.action) return action;
  return tDynamic(t, `hazards.events.${e.action}`, e.action);
}

/** Details of an event beyond its comment: escalation level, requested deadline… */
function extra(e: HazardEvent, t: TFunction, hl: HazardLabels): string[] {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  if (d.level !== undefined && e.action === "escalate" && !e.comment)
    out.push(t("hazards.escalationTo", { level: d.level, who: hl.escalation(String(d.level)) }));
  if (typeof d.newDeadline === "string") out.push(`${t("hazards.newDeadline")}：${formatDate(d.newDeadline)}`);
  if (typeof d.deadline === "string" && (e.action === "confirm" || e.action === "supervise")) out.push(`${t("hazards.deadline")}：${formatDate(d.deadline)}`);
  if (typeof d.notified === "string") out.push(d.notified);
  return out;
}

/**
 * The comment to show. The server writes some comments itself, in Chinese ("一般隐患，限期整改，期限 …", "申请延期至 …：理由");
 * in English they are rebuilt from the event's data (the deadlines are shown by `extra`).
 */
function commentOf(e: HazardEvent, en: boolean, hl: HazardLabels): string | null | undefined {
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (!en) return e.comment;
  if (e.action === "confirm" && typeof d.level === "string")
    return [hl.level(d.level), typeof d.manageType === "string" ? hl.manageType(d.manageType) : ""].filter(Boolean).join(", ");
  if (e.action === "request_extension" && typeof d.reason === "string") return d.reason;
  return e.comment;
}

/** A hazard's history, oldest first: transitions, escalations, rejection reasons, extension requests. */
export function HazardTimeline({ events }: { events: HazardEvent[] }) {
  const { t, i18n } = useTranslation();
  const hl = useHazardLabels();
  const en = i18n.language === "en";
  return (
    <Timeline
      data-testid="hazard-timeline"
      items={events.map((e) => ({
        key: String(e.id),
        color: COLORS[e.action] ?? "gray",
        content: (
          <div data-testid="hazard-event" data-action={e.action}>
            <div>
              <Typography.Text strong>{eventLabel(e, t, hl)}</Typography.Text>
              {e.toStatus && e.toStatus !== e.fromStatus && (
                <Tag style={{ marginInlineStart: 8 }} bordered={false}>
                  → {hl.status(e.toStatus)}
                </Tag>
              )}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.at)} · {e.actorName}
            </Typography.Text>
            {commentOf(e, en, hl) && <div style={{ whiteSpace: "pre-wrap", marginTop: 2 }}>{commentOf(e, en, hl)}</div>}
            {extra(e, t, hl).map((line) => (
              <div key={line} style={{ color: "#6b7280" }}>
                {line}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
}

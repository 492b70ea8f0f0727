/** One alarm: what was measured against which limit, the handling so far, the history, and the caller's duty actions. */
import { ReloadOutlined, RiseOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Tag, Timeline, Typography } from "antd";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import type { AlarmDetail, AlarmEvent } from "../../api/types";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { tDynamic } from "../../lib/i18nKeys";
import { AlarmActionButtons } from "./AlarmActionButtons";
import { AlarmStatusTag, ConditionTag, SeverityTag } from "./AlarmTags";
import { type AlarmLabels, formatValue, useAlarmLabels } from "./labels";
import { useAlarm } from "./queries";

const EVENT_COLORS: Record<string, string> = {
  raise: "red",
  worsen: "red",
  recur: "orange",
  return: "green",
  acknowledge: "blue",
  verify: "blue",
  dispose: "cyan",
  clear: "green",
  escalate: "volcano",
};

function eventLabel(e: AlarmEvent, t: TFunction, al: AlarmLabels): string {
  const action = al.action(e.action);
  if (action && action !== e.action) return action;
  return tDynamic(t, `alarms.events.${e.action}`, e.action);
}

/**
 * The comment to show. The server writes escalation comments in Chinese; in English they are rebuilt from the data,
 * and a verification shows its cause in the current language.
 */
function commentOf(e: AlarmEvent, en: boolean, al: AlarmLabels): string {
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (!en) return e.comment;
  if (e.action === "escalate" && typeof d.level === "number")
    return `${al.escalation(d.level)}${Array.isArray(d.to) && d.to.length ? `: ${(d.to as string[]).join(", ")}` : ""}`;
  if (e.action === "verify" && typeof d.cause === "string") return [al.cause(d.cause), typeof d.note === "string" ? d.note : ""].filter(Boolean).join(": ");
  if (e.action === "return") return "";
  return e.comment;
}

function AlarmTimeline({ events, unit }: { events: AlarmEvent[]; unit: string }) {
  const { t, i18n } = useTranslation();
  const al = useAlarmLabels();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("alarms.noHistory")} />;
  const en = i18n.language === "en";
  return (
    <Timeline
      data-testid="alarm-timeline"
      items={events.map((e) => {
        const d = (e.data ?? {}) as Record<string, unknown>;
        const comment = commentOf(e, en, al);
        return {
          key: String(e.id),
          color: EVENT_COLORS[e.action] ?? "gray",
          content: (
            <div data-testid="alarm-event" data-action={e.action}>
              <div>
                <Typography.Text strong>{eventLabel(e, t, al)}</Typography.Text>
                {e.toStatus && e.toStatus !== e.fromStatus && (
                  <Tag style={{ marginInlineStart: 8 }} bordered={false}>
                    → {al.status(e.toStatus)}
                  </Tag>
                )}
                {typeof d.value === "number" && (
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {formatValue(d.value, unit)}
                  </Typography.Text>
                )}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(e.at)} · {e.actorName}
              </Typography.Text>
              {comment && <div style={{ whiteSpace: "pre-wrap", marginTop: 2 }}>{comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}

function Facts({ a }: { a: AlarmDetail }) {
  const { t } = useTranslation();
  const al = useAlarmLabels();
  const u = a.engineeringUnit;
  const s = a.sensor;
  const limits = s
    ? (["hh", "h", "l", "ll"] as const)
        .filter((k) => s[k] !== null)
        .map((k) => `${al.level(k)} ${formatValue(s[k], u)}`)
        .join("，")
    : "";
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered data-testid="alarm-facts">
      <Descriptions.Item label={t("alarms.enterprise")}>
        <Link to={`/enterprises/${a.enterpriseId}`}>{a.enterpriseName}</Link>
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.unit")}>
        {a.unit ? <Link to={`/major-hazards/${a.unit.id}`}>{a.unit.name}</Link> : t("common.none")}
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.sensor")}>
        <Link to={`/sensors/${a.sensorId}`}>{a.sensorName}</Link> <Typography.Text code>{a.tag}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.sensorType")}>{s ? al.sensorType(s.type) : ""}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.kind")}>{al.kindLevel(a.kind, a.level)}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.severity")}>
        <SeverityTag severity={a.severity} />
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.raisedAt")}>{formatDateTime(a.raisedAt)}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.condition")}>
        <Space size={4}>
          <ConditionTag active={a.conditionActive} />
          {!a.conditionActive && a.returnedAt && <Typography.Text type="secondary">{formatDateTime(a.returnedAt)}</Typography.Text>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.firstValue")}>{formatValue(a.firstValue, u) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.peakValue")}>{formatValue(a.peakValue, u) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.lastValue")}>{formatValue(a.lastValue, u) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.limit")}>{formatValue(a.limitValue, u) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.limits")}>{limits || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.occurrences")}>{a.occurrences}</Descriptions.Item>
    </Descriptions>
  );
}

function Handling({ a }: { a: AlarmDetail }) {
  const { t } = useTranslation();
  const al = useAlarmLabels();
  return (
    <Descriptions size="small" column={1} bordered data-testid="alarm-handling">
      <Descriptions.Item label={t("alarms.status")}>
        <AlarmStatusTag status={a.status} />
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.escalation")}>{al.escalation(a.escalationLevel)}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.acknowledgedAt")}>{formatDateTime(a.acknowledgedAt) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.verifiedAt")}>{formatDateTime(a.verifiedAt) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.cause")}>{a.cause ? al.cause(a.cause) : "—"}</Descriptions.Item>
      {a.verifyNote && <Descriptions.Item label={t("alarms.verifyNote")}>{a.verifyNote}</Descriptions.Item>}
      <Descriptions.Item label={t("alarms.disposedAt")}>{formatDateTime(a.disposedAt) || "—"}</Descriptions.Item>
      <Descriptions.Item label={t("alarms.feedback")}>
        <span style={{ whiteSpace: "pre-wrap" }}>{a.feedback || "—"}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("alarms.clearedAt")}>{formatDateTime(a.clearedAt) || "—"}</Descriptions.Item>
    </Descriptions>
  );
}

export default function AlarmDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const al = useAlarmLabels();
  const q = useAlarm(id);
  const a = q.data;

  if (q.isPending) return <PageLoading />;
  if (q.error instanceof ApiError && q.error.status >= 400 && q.error.status < 500) return <NotFound message={t("alarms.notFound")} />;
  if (q.error || !a) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;

  return (
    <>
      <PageHeader
        title={
          <span data-testid="alarm-title">
            {a.sensorName}（{a.tag}）{al.kindLevel(a.kind, a.level)}
          </span>
        }
        sub={
          <Space wrap size={[6, 6]} data-testid="alarm-header">
            <SeverityTag severity={a.severity} />
            <AlarmStatusTag status={a.status} />
            <ConditionTag active={a.conditionActive} />
            <span>{a.enterpriseName}</span>
            <span>
              {t("alarms.raisedAt")}：{formatDateTime(a.raisedAt)}
            </span>
            {a.escalationLevel > 0 && a.status === "raised" && (
              <Tag color="volcano" icon={<RiseOutlined />} data-testid="alarm-escalation">
                {t("alarms.escalatedTo", { who: al.escalation(a.escalationLevel) })}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <AlarmActionButtons alarmId={a.id} showEmpty />
            <Button icon={<ReloadOutlined />} aria-label={t("common.refresh")} onClick={() => void q.refetch()} loading={q.isFetching} />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <Card title={t("alarms.facts")} size="small">
              <Facts a={a} />
            </Card>
            <Card title={t("alarms.handling")} size="small">
              <Handling a={a} />
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("alarms.history")} size="small">
            <AlarmTimeline events={a.events} unit={a.engineeringUnit} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** 点位详情: configuration, the current value and state (live), open alarms, and the trend with its limit lines. */
import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, type ButtonProps, Card, Col, Descriptions, Popconfirm, Row, Space, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDateTime } from "../../lib/format";
import { AlarmStatusTag, SeverityTag } from "../alarms/AlarmTags";
import { useAlarmLabels } from "../alarms/labels";
import { fmtNum, STATE_COLORS, useSensorLabels } from "./labels";
import { LiveBadge, StateTag, stateOf } from "./parts";
import { monitoringPaths, useMonitoringWrite, useSensor } from "./queries";
import { SensorFormModal } from "./SensorFormModal";
import { TrendChart } from "./TrendChart";
import { useLive } from "./useLive";

export default function SensorDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const sl = useSensorLabels();
  const al = useAlarmLabels();
  const q = useSensor(id);
  const s = q.data;
  const live = useLive({ enterpriseId: s?.enterpriseId, enabled: !!s });
  const write = useMonitoringWrite();
  const [editing, setEditing] = useState(false);

  if (q.error instanceof ApiError && q.error.status >= 400 && q.error.status < 500) return <NotFound message={t("monitoring.sensor.notFound")} />;
  if (q.isPending) return <PageLoading />;
  if (!s) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;

  const state = stateOf(s);
  const cur = s.current;
  const unit = s.engineeringUnit;
  const withUnit = (v: number | null) => (v === null ? "—" : `${fmtNum(v)} ${unit}`);
  const remove = () =>
    write.mutateAsync({ method: "DELETE", path: monitoringPaths.sensor(s.id) }).then(
      () => {
        message.success(t("common.deleted"));
        navigate(`/sensors?enterpriseId=${s.enterpriseId}`);
      },
      (e: unknown) => void message.error(errorMessage(e, t)),
    );

  return (
    <>
      <PageHeader
        title={
          <Space>
            {s.name}
            <Typography.Text code>{s.tag}</Typography.Text>
            <StateTag state={state} />
          </Space>
        }
        sub={
          <Space wrap size={[12, 4]}>
            <span>{s.enterpriseName}</span>
            {s.unit && <span>{s.unit.name}</span>}
            <LiveBadge status={live.status} />
          </Space>
        }
        extra={
          <>
            <Link to={`/duty?enterpriseId=${s.enterpriseId}`}>
              <Button>{t("monitoring.dutyTitle")}</Button>
            </Link>
            {s.abilities.update && (
              <Button icon={<EditOutlined />} data-testid="edit-sensor" onClick={() => setEditing(true)}>
                {t("common.edit")}
              </Button>
            )}
            {s.abilities.delete && (
              <Popconfirm
                title={t("monitoring.sensor.deleteConfirm", { tag: s.tag })}
                okButtonProps={{ danger: true, "data-testid": "confirm-delete" } as ButtonProps}
                onConfirm={remove}
              >
                <Button danger icon={<DeleteOutlined />} data-testid="delete-sensor">
                  {t("common.delete")}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={t("monitoring.current")} style={{ marginBottom: 12 }}>
            <div data-testid="sensor-current" data-state={state} style={{ textAlign: "center", padding: "8px 0" }}>
              <div style={{ fontSize: 40, fontWeight: 600, color: STATE_COLORS[state] }} data-testid="sensor-current-value">
                {cur?.value == null ? "—" : fmtNum(cur.value)}
                <span style={{ fontSize: 16, fontWeight: 400, color: "#6b7280", marginInlineStart: 6 }}>{unit}</span>
              </div>
              <div style={{ color: STATE_COLORS[state], fontWeight: 600 }}>{sl.state(state)}</div>
              <div style={{ color: "#6b7280", fontSize: 12, marginTop: 4 }}>
                {cur?.ts ? t("monitoring.lastData", { at: formatDateTime(cur.ts) }) : t("monitoring.noData")}
                {cur?.quality === "bad" && ` · ${t("monitoring.badQuality")}`}
              </div>
            </div>
          </Card>
          <Card size="small" title={t("monitoring.openAlarms")} data-testid="sensor-open-alarms">
            {s.openAlarms.length === 0 ? (
              <Typography.Text type="secondary">{t("monitoring.noActiveAlarms")}</Typography.Text>
            ) : (
              s.openAlarms.map((a) => (
                <div key={a.id} style={{ padding: "6px 0", borderBottom: "1px solid #f0f0f0" }}>
                  <Space wrap size={6}>
                    <SeverityTag severity={a.severity} />
                    <Link to={`/alarms/${a.id}`}>{al.kindLevel(a.kind, a.level)}</Link>
                    <AlarmStatusTag status={a.status} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(a.raisedAt)}
                    </Typography.Text>
                  </Space>
                </div>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t("monitoring.trend.title")} style={{ marginBottom: 12 }}>
            <TrendChart sensor={s} height={320} />
          </Card>
          <Card size="small" title={t("monitoring.config")}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="sensor-config">
              <Descriptions.Item label={t("monitoring.sensor.type")}>{sl.type(s.type)}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.unit")}>{unit || "—"}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.enabled")}>{s.enabled ? t("common.yes") : t("common.no")}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.unit")}>{s.unit ? <Link to={`/major-hazards/${s.unit.id}`}>{s.unit.name}</Link> : "—"}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.gateway.title")}>{s.gateway ? `${s.gateway.name}（${s.gateway.id}）` : s.gatewayId}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.gateway.lastSeenAt")}>
                {s.gateway?.lastSeenAt ? formatDateTime(s.gateway.lastSeenAt) : "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.limit.hh")}>
                <span data-testid="limit-hh">{withUnit(s.hh)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.limit.h")}>
                <span data-testid="limit-h">{withUnit(s.h)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.limit.l")}>
                <span data-testid="limit-l">{withUnit(s.l)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.limit.ll")}>
                <span data-testid="limit-ll">{withUnit(s.ll)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.range")}>
                {s.rangeLow === null && s.rangeHigh === null ? "—" : `${fmtNum(s.rangeLow)} ~ ${fmtNum(s.rangeHigh)} ${unit}`}
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.deadband")}>{withUnit(s.deadband)}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.delaySeconds")}>{t("monitoring.seconds", { n: s.delaySeconds })}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.rateLimit")}>
                {s.rateLimit === null ? "—" : `${fmtNum(s.rateLimit)} ${unit}/min`}
              </Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.periodSeconds")}>{t("monitoring.seconds", { n: s.periodSeconds })}</Descriptions.Item>
              <Descriptions.Item label={t("monitoring.sensor.offlineAfterSeconds")}>
                {t("monitoring.seconds", { n: s.offlineAfterSecondsEffective })}
                {s.offlineAfterSeconds === null && <Typography.Text type="secondary">（{t("monitoring.sensor.offlineDefault")}）</Typography.Text>}
              </Descriptions.Item>
              {s.gasDefaults && (
                <Descriptions.Item label={t("monitoring.sensor.gasBasis")} span={3}>
                  {s.gasDefaults.basis}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
      </Row>
      <SensorFormModal open={editing} sensor={s} onClose={() => setEditing(false)} />
    </>
  );
}

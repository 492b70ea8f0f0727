/**
 * 值班值守: an enterprise's duty screen. Header numbers (sensors, today's online rate, open alarms by colour,
 * unacknowledged), the current value of every sensor grouped by hazard unit in its state colour, the open alarms
 * updating live (with a sound for a new one, and the duty actions), and the trend of the selected sensor.
 * Enterprise users see their own enterprise; regulators and experts open it with ?enterpriseId=.
 */
import { AlertOutlined, ApiOutlined, DashboardOutlined, NotificationOutlined, SettingOutlined } from "@ant-design/icons";
import { Alert, Badge, Button, Card, Col, Empty, Row, Space, Statistic, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useEnterprise } from "../../api/queries";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { fmtRate } from "./labels";
import { AlarmFeed, LiveBadge, SensorCard, SoundToggle } from "./parts";
import { useOpenAlarms, useOverview, useSensors } from "./queries";
import { alarmSound } from "./sound";
import { TrendChart } from "./TrendChart";
import type { AlarmCounts, Sensor } from "./types";
import { useLive } from "./useLive";

const SEVERITY_COLOR: Record<string, string> = { red: "#dc2626", orange: "#ea580c", yellow: "#ca8a04", blue: "#2563eb" };

export default function DutyPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const enterpriseId = params.get("enterpriseId") ?? me.abilities.ownEnterpriseId ?? undefined;
  if (!enterpriseId) {
    return (
      <>
        <PageHeader title={t("monitoring.dutyTitle")} />
        <Card>
          <Space orientation="vertical">
            <Typography.Text>{t("monitoring.pickEnterprise")}</Typography.Text>
            <EnterprisePicker data-testid="duty-enterprise" style={{ width: 360, maxWidth: "100%" }} onChange={(id) => id && setParams({ enterpriseId: id })} />
          </Space>
        </Card>
      </>
    );
  }
  return <DutyScreen key={enterpriseId} enterpriseId={enterpriseId} own={enterpriseId === me.abilities.ownEnterpriseId} />;
}

function DutyScreen({ enterpriseId, own }: { enterpriseId: string; own: boolean }) {
  const { t } = useTranslation();
  const enterprise = useEnterprise(enterpriseId);
  const overview = useOverview({ enterpriseId });
  const sensors = useSensors({ enterpriseId, pageSize: 500 }, { refetchInterval: 30_000 });
  const alarms = useOpenAlarms(enterpriseId);
  const [selected, setSelected] = useState<number | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const live = useLive({
    enterpriseId,
    onAlarm: (a, fresh) => {
      if (!fresh || a.status === "cleared") return;
      alarmSound();
      setFlash(a.id);
      setTimeout(() => setFlash((f) => (f === a.id ? null : f)), 4000);
    },
  });

  const items = sensors.data?.items ?? [];
  const groups = useMemo(() => {
    const m = new Map<string, { name: string; sensors: Sensor[] }>();
    for (const s of items) {
      const key = s.unitId ?? "";
      const g = m.get(key) ?? { name: s.unitName ?? t("monitoring.noUnit"), sensors: [] };
      g.sensors.push(s);
      m.set(key, g);
    }
    // Units by name, the sensors without a unit last.
    return [...m.entries()].sort(([a, x], [b, y]) => (a === "" ? 1 : b === "" ? -1 : x.name.localeCompare(y.name, "zh-CN"))).map(([key, g]) => ({ key, ...g }));
  }, [items, t]);
  const current =
    items.find((s) => s.id === selected) ?? items.find((s) => s.current?.state && s.current.state !== "normal" && s.current.state !== "unknown") ?? items[0];

  // Open alarms straight from the live-merged list when it holds them all; the overview's counts otherwise.
  const list = alarms.data?.items ?? [];
  const complete = alarms.data !== undefined && alarms.data.total <= list.length;
  const counts: AlarmCounts = complete
    ? {
        total: list.length,
        red: list.filter((a) => a.severity === "red").length,
        orange: list.filter((a) => a.severity === "orange").length,
        yellow: list.filter((a) => a.severity === "yellow").length,
        blue: list.filter((a) => a.severity === "blue").length,
      }
    : (overview.data?.activeAlarms ?? { total: 0, red: 0, orange: 0, yellow: 0, blue: 0 });
  const unacknowledged = complete ? list.filter((a) => a.status === "raised").length : (overview.data?.unacknowledged ?? 0);

  if (sensors.isPending && !sensors.data) return <PageLoading />;
  const err = sensors.error ?? overview.error;

  return (
    <>
      <PageHeader
        title={t("monitoring.dutyTitle")}
        sub={
          <Space wrap size={[12, 4]}>
            <span data-testid="duty-enterprise-name">{enterprise.data?.name ?? items[0]?.enterpriseName ?? ""}</span>
            <LiveBadge status={live.status} />
          </Space>
        }
        extra={
          <>
            <SoundToggle />
            <Link to={`/sensors?enterpriseId=${enterpriseId}`}>
              <Button icon={<SettingOutlined />}>{t("monitoring.sensorsTitle")}</Button>
            </Link>
            {!own && (
              <Link to="/monitoring">
                <Button>{t("monitoring.title")}</Button>
              </Link>
            )}
          </>
        }
      />
      {err && <Alert type="error" showIcon title={errorMessage(err, t)} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-sensors">
            <Statistic title={t("monitoring.stat.sensors")} value={overview.data?.sensors ?? items.length} prefix={<DashboardOutlined />} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-online">
            <Statistic
              title={t("monitoring.stat.onlineNow")}
              value={overview.data ? `${overview.data.online} / ${overview.data.sensors}` : "—"}
              prefix={<ApiOutlined />}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-online-rate">
            <Statistic title={t("monitoring.stat.onlineRateToday")} value={fmtRate(overview.data?.onlineRate)} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-unacknowledged">
            <Statistic
              title={t("monitoring.stat.unacknowledged")}
              value={unacknowledged}
              styles={{ content: { color: unacknowledged ? "#dc2626" : undefined } }}
              prefix={<NotificationOutlined />}
            />
          </Card>
        </Col>
        <Col xs={24} md={24} xl={8}>
          <Card size="small" style={{ height: "100%" }} data-testid="stat-alarms" data-total={counts.total}>
            <div style={{ color: "#6b7280", fontSize: 14, marginBottom: 4 }}>
              <AlertOutlined /> {t("monitoring.stat.activeAlarms")}
            </div>
            <Space size={12} wrap>
              {(["red", "orange", "yellow", "blue"] as const).map((c) => (
                <span key={c} data-testid={`stat-alarms-${c}`} data-count={counts[c]} style={{ fontSize: 14 }}>
                  <span style={{ display: "inline-block", width: 10, height: 10, borderRadius: 5, background: SEVERITY_COLOR[c], marginInlineEnd: 4 }} />
                  {t(`monitoring.sev.${c}`)} <b style={{ fontSize: 20, color: counts[c] ? SEVERITY_COLOR[c] : undefined }}>{counts[c]}</b>
                </span>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 16, order: 1 }}>
          {groups.length === 0 ? (
            <Card>
              <Empty description={t("monitoring.noSensors")}>
                {sensors.data?.abilities.create && (
                  <Link to={`/sensors?enterpriseId=${enterpriseId}`}>
                    <Button type="primary">{t("monitoring.sensor.add")}</Button>
                  </Link>
                )}
              </Empty>
            </Card>
          ) : (
            <Space orientation="vertical" style={{ width: "100%" }} size={12}>
              {groups.map((g) => (
                <Card
                  key={g.key || "none"}
                  size="small"
                  title={g.name}
                  data-testid="unit-group"
                  extra={<Typography.Text type="secondary">{t("monitoring.sensorCount", { n: g.sensors.length })}</Typography.Text>}
                >
                  <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(150px, 1fr))", gap: 8 }}>
                    {g.sensors.map((s) => (
                      <SensorCard key={s.id} sensor={s} selected={current?.id === s.id} onSelect={() => setSelected(s.id)} />
                    ))}
                  </div>
                </Card>
              ))}
            </Space>
          )}
          {current && (
            <Card
              size="small"
              style={{ marginTop: 12 }}
              title={t("monitoring.trend.title")}
              extra={<Link to={`/sensors/${current.id}`}>{t("monitoring.sensorDetail")}</Link>}
            >
              <TrendChart key={current.id} sensor={current} height={280} defaultRange="1h" />
            </Card>
          )}
        </Col>
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 8, order: 2 }}>
          <Card
            size="small"
            title={
              <Space>
                {t("monitoring.activeAlarms")}
                <Badge count={alarms.data?.total ?? 0} showZero overflowCount={999} data-testid="active-alarm-count" data-count={alarms.data?.total ?? 0} />
              </Space>
            }
            extra={<Link to={`/alarms?enterpriseId=${enterpriseId}`}>{t("monitoring.allAlarms")}</Link>}
            data-testid="active-alarms"
            styles={{ body: { padding: "0 12px", maxHeight: "calc(100vh - 260px)", overflowY: "auto" } }}
          >
            <AlarmFeed items={list} withActions highlight={flash} />
          </Card>
        </Col>
      </Row>
    </>
  );
}

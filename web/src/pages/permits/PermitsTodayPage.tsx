/**
 * 今日作业 (/permits/today): the enterprise leader's one screen of today's live permits — in progress, suspended,
 * approved and waiting, planned today — grouped by status, each with type and grade, place, watchman and the gas
 * status (last analysis, minutes overdue). Refreshes every 30 s.
 */
import { ExperimentOutlined, ReloadOutlined, UserOutlined } from "@ant-design/icons";
import type { PermitStatus } from "@anguan/domain";
import { Alert, Badge, Button, Card, Col, Empty, Row, Space, Statistic, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { dayjs, TZ } from "../../lib/format";
import { formatWindow, HighRiskTag, PermitGradeTag, PermitStatusTag, usePermitLabels } from "./labels";
import { usePermitsToday, useServerOffset } from "./queries";
import type { Blocker, TodayPermit } from "./types";
import "./permits.css";

const ORDER: PermitStatus[] = ["in_progress", "suspended", "approved", "pending_approval", "draft", "completed", "closed", "cancelled"];

function blockersOf(p: TodayPermit): Blocker[] {
  if (Array.isArray(p.blockers)) return p.blockers;
  if (!p.blockers) return [];
  return p.status === "in_progress" ? (p.blockers.complete ?? []) : (p.blockers.start ?? []);
}

function GasStatus({ p, now }: { p: TodayPermit; now: number }) {
  const { t } = useTranslation();
  if (p.gasOverdueMin > 0)
    return (
      <Typography.Text type="danger" strong data-testid="today-gas-overdue">
        <ExperimentOutlined /> {t("permits.todayPage.gasOverdue", { min: p.gasOverdueMin })}
      </Typography.Text>
    );
  if (!p.lastGasAt && !["hot_work", "confined_space", "temp_electricity"].includes(p.type)) return null;
  if (!p.lastGasAt)
    return (
      <Typography.Text type="secondary" data-testid="today-gas">
        <ExperimentOutlined /> {t("permits.todayPage.noGas")}
      </Typography.Text>
    );
  const ago = Math.max(0, Math.floor((now - Date.parse(p.lastGasAt)) / 60_000));
  return (
    <Typography.Text data-testid="today-gas">
      <ExperimentOutlined /> {t("permits.todayPage.lastGas", { at: dayjs(p.lastGasAt).tz(TZ).format("HH:mm"), min: ago })}
    </Typography.Text>
  );
}

function PermitCard({ p, now }: { p: TodayPermit; now: number }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  // What still stands in the way, for work that is live (not the paperwork of drafts and pending approvals).
  const blockers = ["approved", "in_progress", "suspended"].includes(p.status) ? blockersOf(p) : [];
  return (
    <Card size="small" className="permit-today-card" data-testid="today-card" data-status={p.status} data-code={p.code}>
      <div className="permit-today-head">
        <Link to={`/permits/${p.id}`} data-testid="today-link">
          <b>{pl.type(p.type)}</b> <Typography.Text type="secondary">{p.code}</Typography.Text>
        </Link>
        <span>
          <PermitGradeTag grade={p.grade} type={p.type} />
          {p.highRisk && <HighRiskTag />}
        </span>
      </div>
      <div className="permit-today-place">{p.place}</div>
      <div className="permit-muted">{formatWindow(p.plannedStart, p.plannedEnd)}</div>
      <div>
        <UserOutlined /> {t("permits.watchman")}：<b>{p.watchmanName || "—"}</b> · {t("permits.workLeader")}：{p.workLeaderName || "—"}
      </div>
      <GasStatus p={p} now={now} />
      {blockers.length > 0 && (
        <div className="permit-today-blockers" data-testid="today-blockers">
          {blockers.slice(0, 3).map((b) => (
            <div key={`${b.code}-${b.message}`}>· {b.message}</div>
          ))}
          {blockers.length > 3 && <div>…</div>}
        </div>
      )}
    </Card>
  );
}

export default function PermitsTodayPage() {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const me = useCurrentUser();
  const own = me.scope.kind === "enterprise" ? (me.scope.enterpriseId ?? me.abilities.ownEnterpriseId ?? undefined) : undefined;
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const enterpriseId = own ?? picked;
  const q = usePermitsToday(enterpriseId);
  const offset = useServerOffset(enterpriseId);
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const now = tick + offset;
  const items = q.data?.items ?? [];
  const groups = ORDER.map((s) => ({ status: s, items: items.filter((p) => p.status === s) })).filter((g) => g.items.length);
  const live = items.filter((p) => p.status === "in_progress").length;

  return (
    <>
      <PageHeader
        title={t("permits.todayPage.title")}
        sub={t("permits.todayPage.subtitle")}
        extra={
          <Space wrap>
            {!own && <EnterprisePicker data-testid="today-enterprise" style={{ width: 260 }} value={picked} onChange={setPicked} />}
            <Typography.Text type="secondary" data-testid="today-updated">
              {q.dataUpdatedAt ? t("permits.todayPage.updated", { at: dayjs(q.dataUpdatedAt).tz(TZ).format("HH:mm:ss") }) : ""}
            </Typography.Text>
            <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching} aria-label={t("common.refresh")} />
          </Space>
        }
      />
      {!enterpriseId ? (
        <Alert type="info" showIcon title={t("permits.todayPage.pickEnterprise")} />
      ) : q.isPending ? (
        <PageLoading />
      ) : q.error ? (
        <Alert type="error" showIcon title={errorMessage(q.error, t)} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="today-counts">
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t("permits.todayPage.total")} value={items.length} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={pl.status("in_progress")} value={live} styles={{ content: { color: "#389e0d" } }} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={t("permits.todayPage.highRisk")} value={items.filter((p) => p.highRisk).length} styles={{ content: { color: "#cf1322" } }} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic
                  title={t("permits.todayPage.gasProblems")}
                  value={items.filter((p) => p.gasOverdueMin > 0).length}
                  styles={{ content: { color: "#d46b08" } }}
                />
              </Card>
            </Col>
          </Row>
          {groups.length === 0 && <Empty description={t("permits.todayPage.none")} />}
          {groups.map((g) => (
            <div key={g.status} className="permit-today-group" data-testid={`today-group-${g.status}`}>
              <div className="permit-today-group-title">
                <PermitStatusTag status={g.status} /> <Badge count={g.items.length} color="#8c8c8c" />
              </div>
              <Row gutter={[12, 12]}>
                {g.items.map((p) => (
                  <Col key={p.id} xs={24} md={12} xl={8}>
                    <PermitCard p={p} now={now} />
                  </Col>
                ))}
              </Row>
            </div>
          ))}
        </>
      )}
    </>
  );
}

import type { HazardAction } from "@anguan/domain";
import { ClockCircleOutlined, ReloadOutlined, RiseOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { NotFound } from "../../components/NotFound";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDate } from "../../lib/format";
import { ActionModal } from "./ActionModal";
import { EvidenceGallery } from "./EvidenceGallery";
import { GovernancePlanInfo, HazardBasics, RectificationInfo } from "./HazardInfo";
import { LevelTag, OverdueTag, StatusTag, SupervisedTag } from "./HazardTags";
import { HazardTimeline } from "./HazardTimeline";
import "./hazards.css";
import { useHazardLabels } from "./labels";
import { useAssignableUsers, useHazard } from "./queries";

/** Order of the buttons: the main step first, refusals last. */
const ORDER: HazardAction[] = [
  "confirm",
  "submit_rectification",
  "accept",
  "sign_off",
  "approve_extension",
  "supervise",
  "request_extension",
  "reject_extension",
  "reject",
  "dismiss",
];
const PRIMARY: readonly HazardAction[] = ["confirm", "submit_rectification", "accept", "sign_off", "approve_extension"];
const DANGER: readonly HazardAction[] = ["reject", "dismiss", "reject_extension"];

/** One hidden hazard: what was found, the photos by stage, the five elements, the plan, the history and the actions. */
export default function HazardDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const hl = useHazardLabels();
  const q = useHazard(id);
  const [action, setAction] = useState<HazardAction | null>(null);
  const [stale, setStale] = useState(false);
  const h = q.data;
  // Who may rectify: loaded with the page when it can be confirmed, so the modal's picker is ready when it opens.
  useAssignableUsers(h?.enterpriseId, !!h?.actions.includes("confirm"));

  if (q.isPending) return <PageLoading />;
  if (q.error instanceof ApiError && q.error.status >= 400 && q.error.status < 500) return <NotFound message={t("hazards.notFound")} />;
  if (q.error || !h) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;

  const actions = ORDER.filter((a) => h.actions.includes(a));
  const supervised = !!(h.supervised || h.supervisedByOrgId);
  return (
    <>
      <PageHeader
        title={<span data-testid="hazard-title">{h.title}</span>}
        sub={
          <Space wrap size={[6, 6]} data-testid="hazard-header">
            <Typography.Text code data-testid="hazard-code">
              {h.code}
            </Typography.Text>
            <Link to={`/enterprises/${h.enterpriseId}`}>{h.enterpriseName}</Link>
            <LevelTag level={h.level} />
            <StatusTag status={h.status} />
            {supervised && <SupervisedTag by={h.supervisedByOrgName} />}
            {h.deadline && (
              <span data-testid="hazard-deadline" style={h.overdue ? { color: "#cf1322", fontWeight: 600 } : undefined}>
                <ClockCircleOutlined /> {t("hazards.deadline")}：{formatDate(h.deadline)}
              </span>
            )}
            {h.overdue && <OverdueTag />}
            {!!h.escalationLevel && h.status === "rectifying" && (
              <Tag color="volcano" icon={<RiseOutlined />} data-testid="hazard-escalation">
                {t("hazards.escalated", { level: h.escalationLevel, who: hl.escalation(String(h.escalationLevel)) })}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap data-testid="hazard-actions">
            {actions.map((a) => (
              <Button
                key={a}
                type={PRIMARY.includes(a) ? "primary" : "default"}
                danger={DANGER.includes(a)}
                data-testid={`action-${a}`}
                onClick={() => {
                  setStale(false);
                  setAction(a);
                }}
              >
                {hl.action(a)}
              </Button>
            ))}
            <Button icon={<ReloadOutlined />} aria-label={t("common.refresh")} onClick={() => void q.refetch()} loading={q.isFetching} />
          </Space>
        }
      />
      {stale && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setStale(false)}
          title={t("hazards.conflict")}
          style={{ marginBottom: 16 }}
          data-testid="hazard-stale"
        />
      )}
      {h.extension && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="hazard-extension"
          title={t("hazards.extensionPending", { name: h.extension.requestedByName, date: formatDate(h.extension.newDeadline) })}
          description={h.extension.reason}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: "100%" }}>
            <Card title={t("hazards.basics")} size="small">
              <HazardBasics h={h} />
            </Card>
            <Card title={t("hazards.photos")} size="small">
              <EvidenceGallery evidence={h.evidence} />
            </Card>
            <Card title={t("hazards.fiveElements")} size="small">
              <RectificationInfo h={h} />
            </Card>
            {h.level === "major" && (
              <Card title={t("hazards.governancePlan")} size="small">
                <GovernancePlanInfo h={h} />
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("hazards.history")} size="small">
            <HazardTimeline events={h.events} />
          </Card>
        </Col>
      </Row>
      <ActionModal
        key={`${action}-${h.version}`}
        h={h}
        action={action}
        onClose={() => setAction(null)}
        onConflict={() => {
          setAction(null);
          setStale(true);
          void q.refetch();
        }}
      />
    </>
  );
}

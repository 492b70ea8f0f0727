/**
 * One special-work permit (/permits/:id, /m/permits/:id on the phone): the header (code, type, grade, status), why it
 * cannot start or complete yet, the caller's actions, the people, the safety measures, the gas analyses, the
 * key-node photos, the approval (who, when, where), the history and the printable PDF.
 */
import { EditOutlined, EnvironmentOutlined, FilePdfOutlined, ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client";
import { NotFound } from "../../components/NotFound";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage } from "../../lib/errors";
import { formatDate, formatDateTime } from "../../lib/format";
import { useIsMobile } from "../../lib/useIsMobile";
import { PermitActions } from "./PermitActions";
import { PermitEvidenceSection } from "./PermitEvidenceSection";
import { PermitGas } from "./PermitGas";
import { PermitMeasures } from "./PermitMeasures";
import { formatHours, formatWindow, HighRiskTag, PermitGradeTag, PermitStatusTag, STATUS_COLORS, usePermitBase, usePermitLabels } from "./labels";
import { usePermit } from "./queries";
import type { Blocker, PermitDetail } from "./types";
import "./permits.css";

const place = (lat: number | null | undefined, lng: number | null | undefined) =>
  lat !== null && lat !== undefined && lng !== null && lng !== undefined ? `${lat.toFixed(5)}, ${lng.toFixed(5)}` : null;

function BlockerList({ title, items, testId }: { title: string; items: Blocker[]; testId: string }) {
  if (!items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={title}
      description={
        <ul className="permit-list">
          {items.map((b) => (
            <li key={`${b.code}-${b.field ?? ""}-${b.message}`} data-code={b.code}>
              {b.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function People({ p }: { p: PermitDetail }) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const name = (x: { name: string } | null) => x?.name ?? "—";
  return (
    <Descriptions size="small" column={mobile ? 1 : 2} bordered={!mobile} data-testid="permit-people">
      <Descriptions.Item label={t("permits.requester")}>{p.requesterName}</Descriptions.Item>
      <Descriptions.Item label={t("permits.workLeader")}>{name(p.people.workLeader)}</Descriptions.Item>
      <Descriptions.Item label={t("permits.watchman")}>
        <span data-testid="permit-watchman">{name(p.people.watchman)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("permits.gasAnalyst")}>{name(p.people.gasAnalyst)}</Descriptions.Item>
      <Descriptions.Item label={t("permits.briefer")}>{name(p.people.briefer)}</Descriptions.Item>
      <Descriptions.Item label={t("permits.workers")} span={mobile ? 1 : 2}>
        <div data-testid="permit-workers">
          {p.workers.length === 0
            ? "—"
            : p.workers.map((w) => (
                <div key={w.personId}>
                  <b>{w.name}</b>{" "}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {w.certificates.map((c) => `${c.number}（${t("permits.validUntil", { date: formatDate(c.validUntil) })}）`).join("、")}
                  </Typography.Text>
                </div>
              ))}
        </div>
      </Descriptions.Item>
    </Descriptions>
  );
}

function Basics({ p }: { p: PermitDetail }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const mobile = useIsMobile();
  const base = usePermitBase();
  return (
    <Descriptions size="small" column={mobile ? 1 : 2} bordered={!mobile} data-testid="permit-basics">
      <Descriptions.Item label={t("permits.enterprise")}>{p.enterpriseName}</Descriptions.Item>
      <Descriptions.Item label={t("permits.place")}>{p.place}</Descriptions.Item>
      <Descriptions.Item label={t("permits.content")} span={mobile ? 1 : 2}>
        {p.content}
      </Descriptions.Item>
      {p.workingUnit && <Descriptions.Item label={t("permits.workingUnit")}>{p.workingUnit}</Descriptions.Item>}
      <Descriptions.Item label={t("permits.window")}>
        <span data-testid="permit-window">{formatWindow(p.plannedStart, p.plannedEnd, true)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t("permits.gradeBasis")} span={mobile ? 1 : 2}>
        <span data-testid="permit-basis">{p.gradeResult?.basis}</span>
        {p.gradeResult?.upgrades?.map((u) => (
          <Tag key={u} color="volcano" style={{ marginLeft: 6 }}>
            {u}
          </Tag>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label={t("permits.maxValidity")}>{formatHours(p.maxValidityHours, t)}</Descriptions.Item>
      <Descriptions.Item label={t("permits.approverLevel")}>{p.approverLevelName || pl.level(p.approverLevel)}</Descriptions.Item>
      {p.linkedPermits.length > 0 && (
        <Descriptions.Item label={t("permits.linked")} span={mobile ? 1 : 2}>
          <Space wrap>
            {p.linkedPermits.map((l) => (
              <Link key={l.id} to={`${base}/permits/${l.id}`}>
                {l.code} {pl.type(l.type)} <Tag color={STATUS_COLORS[l.status]}>{pl.status(l.status)}</Tag>
              </Link>
            ))}
          </Space>
        </Descriptions.Item>
      )}
      {p.cancelReason && <Descriptions.Item label={t("permits.cancelReason")}>{p.cancelReason}</Descriptions.Item>}
      {p.retainUntil && <Descriptions.Item label={t("permits.retainUntil")}>{formatDate(p.retainUntil)}</Descriptions.Item>}
      <Descriptions.Item label={t("permits.rulesVersion")}>{p.rulesVersion}</Descriptions.Item>
    </Descriptions>
  );
}

function Signatures({ p }: { p: PermitDetail }) {
  const { t } = useTranslation();
  if (!p.approval && !p.acceptance) return <Typography.Text type="secondary">{t("permits.notApproved")}</Typography.Text>;
  const where = place(p.approval?.lat, p.approval?.lng);
  return (
    <div>
      {p.approval && (
        <div data-testid="permit-approval" className="permit-signature">
          <div>
            <b>{t("permits.approvedBy")}</b>：{p.approval.byName} · {formatDateTime(p.approval.at)}
          </div>
          <div data-testid="permit-approval-location">
            <EnvironmentOutlined /> {where ? t("permits.approvedAt", { where }) : t("permits.noLocation")}
          </div>
          {p.approval.opinion && (
            <div>
              {t("permits.act.opinion")}：{p.approval.opinion}
            </div>
          )}
        </div>
      )}
      {p.acceptance && (
        <div data-testid="permit-acceptance" className="permit-signature">
          <b>{t("permits.acceptedBy")}</b>：{p.acceptance.byName} · {formatDateTime(p.acceptance.at)}
        </div>
      )}
    </div>
  );
}

function History({ p }: { p: PermitDetail }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  if (!p.events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("permits.noHistory")} />;
  return (
    <Timeline
      data-testid="permit-timeline"
      items={[...p.events]
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((e, i) => ({
          key: `${e.at}-${i}`,
          color: e.toStatus ? (STATUS_COLORS[e.toStatus] === "error" ? "red" : STATUS_COLORS[e.toStatus] === "success" ? "green" : "blue") : "gray",
          content: (
            <div data-action={e.action} data-testid="permit-event">
              <div>
                <b>{pl.action(e.action)}</b>
                {e.toStatus && e.fromStatus !== e.toStatus && <span className="permit-muted"> → {pl.status(e.toStatus)}</span>}
              </div>
              <div className="permit-muted">
                {e.actorName} · {formatDateTime(e.at)}
                {place(e.lat, e.lng) && (
                  <span>
                    {" "}
                    · <EnvironmentOutlined /> {place(e.lat, e.lng)}
                  </span>
                )}
              </div>
              {e.note && <div>{e.note}</div>}
            </div>
          ),
        }))}
    />
  );
}

export default function PermitDetailPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const base = usePermitBase();
  const mobile = useIsMobile() || !!base;
  const q = usePermit(id);
  const [stale, setStale] = useState(false);
  const p = q.data;

  if (q.isPending) return <PageLoading />;
  if (q.error instanceof ApiError && q.error.status >= 400 && q.error.status < 500) return <NotFound message={t("permits.notFound")} />;
  if (q.error || !p) return <Alert type="error" showIcon title={errorMessage(q.error, t)} />;

  const header = (
    <div className="permit-header" data-testid="permit-header">
      <div className="permit-header-title">
        <Typography.Title level={4} style={{ margin: 0 }}>
          <span data-testid="permit-type">{pl.type(p.type)}</span>
        </Typography.Title>
        <Typography.Text code data-testid="permit-code">
          {p.code}
        </Typography.Text>
      </div>
      <Space wrap size={[6, 6]}>
        <PermitGradeTag grade={p.grade} type={p.type} />
        <PermitStatusTag status={p.status} />
        {p.highRisk && <HighRiskTag />}
      </Space>
      <div className="permit-muted" style={{ marginTop: 4 }}>
        {p.place} · {formatWindow(p.plannedStart, p.plannedEnd, true)}
      </div>
    </div>
  );

  const toolbar = (
    <Space wrap size={[8, 8]}>
      <PermitActions
        p={p}
        size={mobile ? "large" : "middle"}
        onConflict={() => {
          setStale(true);
          void q.refetch();
        }}
      />
      {p.abilities.edit && p.status === "draft" && (
        <Link to={`${base}/permits/new?id=${p.id}`}>
          <Button icon={<EditOutlined />} size={mobile ? "large" : "middle"} data-testid="permit-edit">
            {t("common.edit")}
          </Button>
        </Link>
      )}
      <a href={`/api/permits/${p.id}/pdf`} target="_blank" rel="noreferrer" data-testid="permit-pdf">
        <Button icon={<FilePdfOutlined />} size={mobile ? "large" : "middle"}>
          {t("permits.pdf")}
        </Button>
      </a>
      <Button
        icon={<ReloadOutlined />}
        size={mobile ? "large" : "middle"}
        aria-label={t("common.refresh")}
        onClick={() => void q.refetch()}
        loading={q.isFetching}
      />
    </Space>
  );

  const blockers = (
    <>
      {stale && <Alert type="warning" showIcon closable onClose={() => setStale(false)} title={t("permits.conflict")} style={{ marginBottom: 12 }} />}
      {p.status === "approved" && <BlockerList title={t("permits.blockers.start")} items={p.blockers?.start ?? []} testId="blockers-start" />}
      {p.status === "suspended" && <BlockerList title={t("permits.blockers.resume")} items={p.blockers?.resume ?? []} testId="blockers-resume" />}
      {p.status === "in_progress" && <BlockerList title={t("permits.blockers.complete")} items={p.blockers?.complete ?? []} testId="blockers-complete" />}
    </>
  );

  const sections = {
    basics: (
      <Card size="small" title={t("permits.basics")} className="permit-card" key="basics">
        <Basics p={p} />
      </Card>
    ),
    people: (
      <Card size="small" title={t("permits.people")} className="permit-card" key="people">
        <People p={p} />
      </Card>
    ),
    measures: (
      <Card size="small" title={t("permits.measures")} className="permit-card" key="measures">
        <PermitMeasures p={p} large={mobile} />
      </Card>
    ),
    gas: (
      <Card size="small" title={t("permits.gas.title")} className="permit-card" key="gas">
        <PermitGas p={p} />
      </Card>
    ),
    evidence: (
      <Card size="small" title={t("permits.evidence.title")} className="permit-card" key="evidence">
        <PermitEvidenceSection p={p} large={mobile} />
      </Card>
    ),
    signatures: (
      <Card size="small" title={t("permits.signatures")} className="permit-card" key="signatures">
        <Signatures p={p} />
      </Card>
    ),
    history: (
      <Card size="small" title={t("permits.history")} className="permit-card" key="history">
        <History p={p} />
      </Card>
    ),
  };

  if (mobile)
    return (
      <div className="permit-detail permit-detail-mobile" data-testid="permit-detail">
        <Card size="small" className="permit-card">
          {header}
          <div style={{ marginTop: 12 }}>{toolbar}</div>
        </Card>
        {blockers}
        {sections.signatures}
        {sections.gas}
        {sections.evidence}
        {sections.measures}
        {sections.people}
        {sections.basics}
        {sections.history}
      </div>
    );

  return (
    <div className="permit-detail" data-testid="permit-detail">
      <div className="page-header">
        {header}
        <div className="page-header-extra">{toolbar}</div>
      </div>
      {blockers}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          {sections.basics}
          {sections.people}
          {sections.measures}
          {sections.gas}
          {sections.evidence}
        </Col>
        <Col xs={24} xl={8}>
          {sections.signatures}
          {sections.history}
        </Col>
      </Row>
    </div>
  );
}

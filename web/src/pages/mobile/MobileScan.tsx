import { CheckOutlined, CloseOutlined, WarningOutlined } from "@ant-design/icons";
import { Alert, Button, Empty, Input, Result, Skeleton, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, api } from "../../api/client";
import type { Evidence, RiskColor, RiskGrade, ScanRoundResult, ScanUnit } from "../../api/types";
import { EvidenceUpload, evidenceIds } from "../../components/EvidenceUpload";
import { NotFound } from "../../components/NotFound";
import { errorMessage } from "../../lib/errors";
import { formatDeadline } from "../../lib/format";
import { useScan } from "../hazards/queries";
import { GradeTag } from "../risks/grade";
import { titleFrom } from "./MobileReport";

interface Check {
  key: string;
  taskId?: string;
  instanceId?: string;
  measureId: string;
  content: string;
  sub?: string;
  dueTo?: string;
}

interface Mark {
  result: "normal" | "abnormal";
  note: string;
  photos: Evidence[];
}

/** /m/u/:qrToken — a risk unit's QR label: its risks, measures and what is due now, each marked normal or abnormal. */
export default function MobileScan() {
  const { qrToken = "" } = useParams();
  const { t } = useTranslation();
  const scan = useScan(qrToken);
  const [marks, setMarks] = useState<Record<string, Mark>>({});
  const [busy, setBusy] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<ScanRoundResult | null>(null);

  if (scan.isPending) return <Skeleton active />;
  if (scan.error instanceof ApiError && scan.error.status >= 400 && scan.error.status < 500) return <NotFound message={t("mobile.unitNotFound")} />;
  if (scan.error || !scan.data) return <Alert type="error" showIcon title={errorMessage(scan.error, t)} />;
  const s: ScanUnit = scan.data;

  const due: Check[] = s.due.map((d) => ({
    key: d.instanceId,
    taskId: d.taskId,
    instanceId: d.instanceId,
    measureId: d.measureId,
    content: d.content,
    dueTo: d.dueTo,
  }));
  // Other measures checked by inspection can be checked now too (an ad-hoc round).
  const adHoc: Check[] = s.adHoc.map((m) => ({
    key: `m-${m.measureId}`,
    measureId: m.measureId,
    content: m.troubleshootContent || m.description,
    sub: m.eventName,
  }));
  const checks = [...due, ...adHoc];
  const setMark = (key: string, patch: Partial<Mark>) =>
    setMarks((m) => ({ ...m, [key]: { result: "normal", note: "", photos: [], ...m[key], ...patch } as Mark }));
  const marked = checks.filter((c) => marks[c.key]);

  const submit = async () => {
    setError(null);
    if (!marked.length) return setError(t("mobile.markSomething"));
    for (const c of marked) {
      const m = marks[c.key]!;
      if (m.result === "abnormal" && !m.photos.length) return setError(t("mobile.abnormalNeedsPhoto", { item: c.content }));
      if (m.result === "abnormal" && !m.note.trim()) return setError(t("mobile.abnormalNeedsNote", { item: c.content }));
    }
    setSubmitting(true);
    try {
      const r = await api.post<ScanRoundResult>(`/api/scan/${encodeURIComponent(qrToken)}/records`, {
        items: marked.map((c) => {
          const m = marks[c.key]!;
          return {
            taskId: c.taskId ?? undefined,
            instanceId: c.instanceId ?? undefined,
            measureId: c.measureId,
            result: m.result,
            note: m.note.trim(),
            evidenceIds: evidenceIds(m.photos),
            hazard: m.result === "abnormal" ? { title: titleFrom(m.note) || c.content, description: m.note.trim() } : undefined,
          };
        }),
      });
      setDone(r);
      void scan.refetch();
    } catch (e) {
      setError(e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join("；") : errorMessage(e, t));
    } finally {
      setSubmitting(false);
    }
  };

  if (done) {
    const hazards = done.records
      .filter((r) => r.hazardId)
      .map((r) => ({ id: r.hazardId as string, code: r.hazardCode, content: checks.find((c) => c.measureId === r.measureId)?.content }));
    return (
      <div className="m-card" data-testid="m-scan-done">
        <Result
          status={hazards.length ? "warning" : "success"}
          title={t("mobile.roundSubmitted", { count: done.records.length })}
          subTitle={hazards.length ? t("mobile.hazardsCreated", { count: hazards.length }) : t("mobile.allNormal")}
        />
        {hazards.map((h) => (
          <Link
            key={h.id}
            to={`/m/hazards/${h.id}`}
            data-testid="m-scan-hazard"
            style={{ display: "block", padding: "10px 0", borderTop: "1px solid #f0f1f3" }}
          >
            <WarningOutlined style={{ color: "#fa541c", marginInlineEnd: 8 }} />
            {h.content ?? t("mobile.hazard")} {h.code && <Typography.Text code>{h.code}</Typography.Text>}
          </Link>
        ))}
        <Button
          block
          size="large"
          style={{ marginTop: 12, height: 48 }}
          onClick={() => {
            setDone(null);
            setMarks({});
          }}
        >
          {t("mobile.backToUnit")}
        </Button>
      </div>
    );
  }

  const renderCheck = (c: Check) => {
    const m = marks[c.key];
    return (
      <div key={c.key} className="m-item" data-testid="m-check" data-measure={c.measureId}>
        <div style={{ fontSize: 15 }}>{c.content}</div>
        {(c.sub || c.dueTo) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[c.sub, c.dueTo ? t("mobile.dueAt", { at: formatDeadline(c.dueTo) }) : ""].filter(Boolean).join(" · ")}
          </Typography.Text>
        )}
        {s.canRecord && (
          <div className="m-choice">
            <Button
              icon={<CheckOutlined />}
              type={m?.result === "normal" ? "primary" : "default"}
              style={m?.result === "normal" ? { background: "#52c41a", borderColor: "#52c41a" } : undefined}
              onClick={() => setMark(c.key, { result: "normal" })}
              data-testid="m-normal"
            >
              {t("mobile.normal")}
            </Button>
            <Button
              icon={<CloseOutlined />}
              danger
              type={m?.result === "abnormal" ? "primary" : "default"}
              onClick={() => setMark(c.key, { result: "abnormal" })}
              data-testid="m-abnormal"
            >
              {t("mobile.abnormal")}
            </Button>
          </div>
        )}
        {m?.result === "abnormal" && (
          <div style={{ marginTop: 10 }} data-testid="m-abnormal-form">
            <EvidenceUpload
              large
              allowGallery={false}
              enterpriseId={s.enterprise.id}
              value={m.photos}
              onChange={(photos) => setMark(c.key, { photos })}
              onBusy={(b) => setBusy((n) => Math.max(0, n + (b ? 1 : -1)))}
              data-testid="m-abnormal-photos"
            />
            <Input.TextArea
              style={{ marginTop: 10 }}
              rows={3}
              maxLength={1000}
              data-testid="m-abnormal-note"
              placeholder={t("mobile.abnormalPlaceholder")}
              value={m.note}
              onChange={(e) => setMark(c.key, { note: e.target.value })}
            />
          </div>
        )}
      </div>
    );
  };

  return (
    <>
      <div className="m-card" data-testid="m-unit">
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="m-unit-name">
          {s.unit.name}
          {s.unit.riskGrade && (
            <span style={{ marginInlineStart: 8, verticalAlign: "middle", display: "inline-block" }}>
              <GradeTag grade={s.unit.riskGrade as RiskGrade} color={s.unit.color as RiskColor | null} />
            </span>
          )}
        </Typography.Title>
        <Typography.Text type="secondary">{[s.enterprise.name, s.unit.location, s.unit.liablePerson].filter(Boolean).join(" · ")}</Typography.Text>
        {s.shutdown && (
          <Alert
            style={{ marginTop: 10 }}
            type="warning"
            showIcon
            title={t("mobile.unitShutdown")}
            description={s.shutdown.reason || undefined}
            data-testid="m-shutdown"
          />
        )}
        {!s.canRecord && !s.shutdown && <Alert style={{ marginTop: 10 }} type="info" showIcon title={t("mobile.readOnly")} />}
      </div>
      <div className="m-card" data-testid="m-risks">
        <h3>{t("mobile.risks")}</h3>
        {s.events.length ? (
          s.events.map((e) => (
            <div key={e.id} className="m-risk" data-testid="m-risk">
              <span style={{ flex: "none" }}>
                <GradeTag grade={e.riskGrade as RiskGrade | null} color={e.color as RiskColor | null} />
              </span>
              <div>
                <div>{e.name}</div>
                {e.description && (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {e.description}
                  </Typography.Text>
                )}
              </div>
            </div>
          ))
        ) : (
          <Typography.Text type="secondary">{t("common.none")}</Typography.Text>
        )}
        {s.measures.length > 0 && (
          <details style={{ marginTop: 8 }}>
            <summary style={{ cursor: "pointer", color: "#1677ff", padding: "6px 0" }}>{t("mobile.measures", { count: s.measures.length })}</summary>
            <ol style={{ paddingInlineStart: 20, margin: "6px 0 0" }}>
              {s.measures.map((m) => (
                <li key={m.id} style={{ marginBottom: 4 }}>
                  {m.description}
                  {m.responsiblePerson && <Typography.Text type="secondary"> · {m.responsiblePerson}</Typography.Text>}
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
      {!s.shutdown && (
        <div className="m-card" data-testid="m-checks">
          <h3>{t("mobile.dueNow", { count: due.length })}</h3>
          {due.length === 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: 0 }}>
              {t("mobile.nothingDue")}
            </Typography.Paragraph>
          )}
          {due.map(renderCheck)}
          {adHoc.length > 0 && (
            <>
              <h3 style={{ marginTop: 16 }}>{t("mobile.adHocChecks")}</h3>
              {adHoc.map(renderCheck)}
            </>
          )}
          {checks.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("mobile.noChecks")} />}
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} data-testid="m-scan-error" style={{ marginBottom: 12 }} />}
      {s.canRecord && checks.length > 0 && (
        <div className="m-footer">
          <Button type="primary" size="large" loading={submitting} disabled={busy > 0} onClick={() => void submit()} data-testid="m-scan-submit">
            {busy > 0 ? t("mobile.uploading") : t("mobile.submitRound", { count: marked.length })}
          </Button>
        </div>
      )}
    </>
  );
}

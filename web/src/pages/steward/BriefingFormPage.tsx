/**
 * 开展班前教育 (/briefings/new, /m/briefings/new), phone first: the team (the leader's own preselected), prefilled
 * with its members, today's permits in force and the enterprise's higher risks; topic, content, risks, lessons;
 * attendees sign in by tapping their names on the leader's phone (a signature is optional); a live check-in photo.
 */
import { CheckCircleFilled, EditOutlined, UndoOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, App, Button, Checkbox, Empty, Input, Result, Select, Skeleton, Space, Tag, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import type { Evidence } from "../../api/types";
import { EvidenceUpload, useGeolocation } from "../../components/EvidenceUpload";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../lib/errors";
import { dayjs, formatDateTime } from "../../lib/format";
import { useInMobileShell, useStewardEnterprise } from "./common";
import { useBriefingPrefill, useCreateBriefing, useTeams } from "./queries";
import { SignaturePad } from "./SignaturePad";
import type { BriefingDetail } from "./types";
import "./steward.css";

interface Signed {
  at: string;
  signatureSha256?: string;
}

const TOPIC_SUGGESTIONS = ["briefings.topicPermits", "briefings.topicPpe", "briefings.topicRisks", "briefings.topicLessons"] as const;

export default function BriefingFormPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const ctx = useStewardEnterprise();
  const phone = useInMobileShell();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const teams = useTeams(ctx.own ?? undefined);
  const myTeams = useMemo(
    () => (teams.data?.items ?? []).filter((x) => x.active !== false && (ctx.manager || x.leaderUserId === ctx.me.id)),
    [teams.data, ctx.manager, ctx.me.id],
  );
  const [teamId, setTeamId] = useState<string | undefined>(params.get("teamId") ?? undefined);
  const prefill = useBriefingPrefill(teamId);
  const create = useCreateBriefing();
  const position = useGeolocation();

  const [topic, setTopic] = useState("");
  const [content, setContent] = useState("");
  const [risks, setRisks] = useState("");
  const [lessons, setLessons] = useState("");
  const [permitIds, setPermitIds] = useState<string[]>([]);
  const [signed, setSigned] = useState<Record<string, Signed>>({});
  const [photo, setPhoto] = useState<Evidence[]>([]);
  const [uploading, setUploading] = useState(false);
  const [signing, setSigning] = useState<{ personId: string; name: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<BriefingDetail | null>(null);

  // The leader's own team first, else the only team.
  useEffect(() => {
    if (teamId || !teams.data) return;
    const own = myTeams.find((x) => x.leaderUserId === ctx.me.id) ?? (myTeams.length === 1 ? myTeams[0] : undefined);
    if (own) setTeamId(own.id);
  }, [teams.data, myTeams, teamId, ctx.me.id]);

  const team = (teams.data?.items ?? []).find((x) => x.id === teamId);
  // A team's prefill fills the form once (a background refetch must not undo the sign-ins); the leader is present
  // (he holds the phone).
  const applied = useRef<string | null>(null);
  useEffect(() => {
    const p = prefill.data;
    if (!p || !teamId || applied.current === teamId || (p.team?.id && p.team.id !== teamId)) return;
    applied.current = teamId;
    setRisks(p.risks ?? "");
    setPermitIds(p.permits.map((x) => x.id));
    const leaderUser = team?.leaderUserId ?? p.team.leaderUserId;
    const leaderPerson = leaderUser === ctx.me.id ? (team?.leaderPersonId ?? p.team.leaderPersonId) : null;
    setSigned(leaderPerson && p.members.some((m) => m.personId === leaderPerson) ? { [leaderPerson]: { at: new Date().toISOString() } } : {});
  }, [prefill.data, teamId, team?.leaderUserId, team?.leaderPersonId, ctx.me.id]);

  const members = prefill.data?.members ?? [];
  const signedCount = members.filter((m) => signed[m.personId]).length;

  const sign = (personId: string) => setSigned((s) => ({ ...s, [personId]: { at: new Date().toISOString() } }));
  const unsign = (personId: string) =>
    setSigned((s) => {
      const { [personId]: _, ...rest } = s;
      return rest;
    });

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!teamId) errs.teamId = t("common.pleaseSelect", { label: t("briefings.team") });
    if (!topic.trim()) errs.topic = t("common.required", { label: t("briefings.topic") });
    if (signedCount === 0) errs.attendees = t("briefings.attendeesRequired");
    if (!photo.length) errs.photoEvidenceId = t("briefings.photoRequired");
    setErrors(errs);
    if (Object.keys(errs).length) {
      message.error(Object.values(errs)[0]!);
      return;
    }
    try {
      const b = await create.mutateAsync({
        teamId: teamId!,
        day: prefill.data?.day,
        topic: topic.trim(),
        content: content.trim(),
        risks: risks.trim(),
        lessons: lessons.trim(),
        permitIds,
        photoEvidenceId: photo[0]!.id,
        attendees: members
          .filter((m) => signed[m.personId])
          .map((m) => ({ personId: m.personId, ...(signed[m.personId]?.signatureSha256 ? { signatureSha256: signed[m.personId]!.signatureSha256 } : {}) })),
        ...(position.current ? { lat: position.current.lat, lng: position.current.lng } : {}),
      });
      message.success(t("briefings.saved"));
      setDone(b);
    } catch (e) {
      if (e instanceof ApiError && e.code === "BRIEFING_EXISTS") {
        modal.info({ title: t("briefings.exists"), content: errorMessage(e, t), onOk: () => navigate("/briefings") });
        return;
      }
      if (e instanceof ApiError && e.fields.length) {
        const fe: Record<string, string> = {};
        for (const f of e.fields) fe[f.field.replace(/^(body)[./]/, "").split(/[./[\]]/)[0] ?? f.field] = f.message;
        setErrors(fe);
      }
      message.error(errorMessage(e, t));
    }
  };

  if (done)
    return (
      <div className="briefing-form" data-testid="briefing-done">
        <Result
          status="success"
          title={t("briefings.saved")}
          subTitle={
            <span>
              {done.teamName ?? team?.name} · {done.day ?? prefill.data?.day} · {t("briefings.attendance")} {done.attendeeCount ?? signedCount}/
              {done.memberCount ?? members.length}
            </span>
          }
          extra={[
            <Button key="list" type="primary" size="large" onClick={() => navigate("/briefings")} data-testid="briefing-done-list">
              {t("briefings.toList")}
            </Button>,
            phone && (
              <Button key="home" size="large" onClick={() => navigate("/m")}>
                {t("mobile.home")}
              </Button>
            ),
          ]}
        />
      </div>
    );

  if (!ctx.own) return <Alert type="info" showIcon title={t("briefings.enterpriseOnly")} />;

  return (
    <div className="briefing-form">
      {!phone && <PageHeader title={t("briefings.new")} />}
      <section className="st-card">
        <div className="st-label">{t("briefings.team")}</div>
        {teams.isPending ? (
          <Skeleton.Input active block />
        ) : myTeams.length === 0 ? (
          <Alert type="warning" showIcon title={t("briefings.notLeader")} />
        ) : (
          <Select
            size="large"
            style={{ width: "100%" }}
            value={teamId}
            onChange={(v: string) => setTeamId(v)}
            options={myTeams.map((x) => ({ value: x.id, label: x.name }))}
            placeholder={t("common.pleaseSelect", { label: t("briefings.team") })}
            status={errors.teamId ? "error" : undefined}
            data-testid="briefing-team-select"
          />
        )}
        {prefill.data && (
          <div className="st-sub" data-testid="briefing-day">
            {t("briefings.dayOf", { day: prefill.data.day })}
            {team?.leaderName ? ` · ${t("briefings.leader")}：${team.leaderName}` : ""}
          </div>
        )}
        {prefill.data?.existingBriefingId && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            title={t("briefings.exists")}
            action={
              <Link to="/briefings">
                <Button size="small">{t("briefings.toList")}</Button>
              </Link>
            }
            data-testid="briefing-exists"
          />
        )}
        {prefill.error ? <Alert type="error" showIcon title={errorMessage(prefill.error, t)} style={{ marginTop: 8 }} /> : null}
      </section>

      {teamId && !prefill.data?.existingBriefingId && (
        <>
          <section className="st-card" data-testid="briefing-attendees">
            <div className="st-card-title">
              <span>{t("briefings.signIn")}</span>
              <Tag color={signedCount ? "green" : "default"} data-testid="briefing-signed-count">
                {signedCount}/{members.length}
              </Tag>
            </div>
            <div className="st-sub" style={{ marginBottom: 10 }}>
              {t("briefings.signInHelp")}
            </div>
            {prefill.isPending && <Skeleton active />}
            {!prefill.isPending && !members.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("briefings.noMembers")} />}
            <div className="attendee-grid">
              {members.map((m) => {
                const s = signed[m.personId];
                return (
                  <div key={m.personId} className={`attendee ${s ? "signed" : ""}`} data-testid="attendee" data-name={m.name} data-signed={s ? "1" : "0"}>
                    <button type="button" className="attendee-tap" onClick={() => (s ? undefined : sign(m.personId))} aria-pressed={!!s}>
                      {s ? <CheckCircleFilled className="attendee-icon" /> : <UserOutlined className="attendee-icon" />}
                      <span className="attendee-name">{m.name}</span>
                      <span className="attendee-post">
                        {s ? t("briefings.signedAt", { at: dayjs(s.at).format("HH:mm") }) : m.post || t("briefings.tapToSign")}
                      </span>
                    </button>
                    {s && (
                      <div className="attendee-actions">
                        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setSigning({ personId: m.personId, name: m.name })}>
                          {s.signatureSha256 ? t("briefings.resign") : t("briefings.signature")}
                        </Button>
                        <Button size="small" type="link" danger icon={<UndoOutlined />} onClick={() => unsign(m.personId)} aria-label={t("briefings.unsign")} />
                      </div>
                    )}
                  </div>
                );
              })}
            </div>
            {errors.attendees && <div className="st-error">{errors.attendees}</div>}
          </section>

          <section className="st-card">
            <div className="st-label">
              {t("briefings.topic")} <span className="st-required">*</span>
            </div>
            <Input
              size="large"
              value={topic}
              maxLength={100}
              onChange={(e) => setTopic(e.target.value)}
              placeholder={t("briefings.topicPlaceholder")}
              status={errors.topic ? "error" : undefined}
              data-testid="briefing-topic-input"
            />
            <div className="m-chip-row" style={{ marginTop: 8 }}>
              {TOPIC_SUGGESTIONS.map((k) => (
                <Tag key={k} onClick={() => setTopic(t(k))}>
                  {t(k)}
                </Tag>
              ))}
            </div>
            {errors.topic && <div className="st-error">{errors.topic}</div>}
            <div className="st-label">{t("briefings.content")}</div>
            <Input.TextArea
              rows={3}
              value={content}
              maxLength={2000}
              onChange={(e) => setContent(e.target.value)}
              placeholder={t("briefings.contentPlaceholder")}
              data-testid="briefing-content"
            />
            <div className="st-label">{t("briefings.risks")}</div>
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              value={risks}
              maxLength={2000}
              onChange={(e) => setRisks(e.target.value)}
              data-testid="briefing-risks"
            />
            <div className="st-label">{t("briefings.permitsToday")}</div>
            {prefill.data?.permits.length ? (
              <Checkbox.Group value={permitIds} onChange={(v) => setPermitIds(v as string[])} style={{ display: "block" }} data-testid="briefing-permits">
                <Space orientation="vertical" size={6} style={{ width: "100%" }}>
                  {prefill.data.permits.map((p) => (
                    <Checkbox key={p.id} value={p.id}>
                      <span>
                        <Typography.Text strong>{p.typeName}</Typography.Text>
                        {p.gradeName ? `（${p.gradeName}）` : ""} {p.place}
                        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                          {p.code}
                        </Typography.Text>
                      </span>
                    </Checkbox>
                  ))}
                </Space>
              </Checkbox.Group>
            ) : (
              <Typography.Text type="secondary">{t("briefings.noPermits")}</Typography.Text>
            )}
            <div className="st-label">{t("briefings.lessons")}</div>
            <Input.TextArea
              rows={2}
              value={lessons}
              maxLength={2000}
              onChange={(e) => setLessons(e.target.value)}
              placeholder={t("briefings.lessonsPlaceholder")}
              data-testid="briefing-lessons"
            />
          </section>

          <section className="st-card">
            <div className="st-card-title">
              <span>
                {t("briefings.photo")} <span className="st-required">*</span>
              </span>
            </div>
            <div className="st-sub" style={{ marginBottom: 10 }}>
              {t("briefings.photoHelp")}
            </div>
            <EvidenceUpload
              value={photo}
              onChange={setPhoto}
              enterpriseId={ctx.own}
              allowGallery={false}
              large
              max={1}
              onBusy={setUploading}
              data-testid="briefing-photo"
            />
            {errors.photoEvidenceId && <div className="st-error">{errors.photoEvidenceId}</div>}
            {photo[0] && <div className="st-sub">{t("briefings.photoReceived", { at: formatDateTime(photo[0].receivedAt) })}</div>}
          </section>

          <div className={phone ? "m-footer" : "st-submit"}>
            <Button type="primary" size="large" loading={create.isPending} disabled={uploading} onClick={() => void submit()} data-testid="briefing-submit">
              {t("briefings.submit", { count: signedCount })}
            </Button>
          </div>
          {!phone && (
            <div style={{ textAlign: "center", marginTop: 8 }}>
              <Link to="/briefings">{t("common.back")}</Link>
            </div>
          )}
        </>
      )}
      <SignaturePad
        open={!!signing}
        name={signing?.name ?? ""}
        onClose={() => setSigning(null)}
        onSaved={(sha) =>
          signing && setSigned((s) => ({ ...s, [signing.personId]: { at: s[signing.personId]?.at ?? new Date().toISOString(), signatureSha256: sha } }))
        }
      />
    </div>
  );
}

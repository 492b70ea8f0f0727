/**
 * 申请作业票 (/permits/new, /m/permits/new; a draft is edited with ?id=): phone-first. The user states the facts —
 * type, place, content, time window, the circumstances that decide the grade, the people, the safety measures — and
 * the server derives the rest live (POST /api/permits/preview): the grade with its basis and upgrades, the longest
 * validity, the approver it needs, whether gas analysis is required and every worker's certificate problem. The grade
 * is never typed. "提交审批" saves the draft, answers the measures and submits; the server's refusals are listed.
 */
import { CheckOutlined, DeleteOutlined, WarningOutlined } from "@ant-design/icons";
import { HEIGHT_HAZARD_FACTORS, type HeightHazardFactor, type MeasureTemplate, SPECIAL_WORK_TYPE_CODES, type SpecialWorkType } from "@anguan/domain";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Radio, Select, Spin, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, api } from "../../api/client";
import { EnterprisePicker } from "../../components/EnterprisePicker";
import { useCurrentUser } from "../../components/MeContext";
import { PageHeader } from "../../components/PageHeader";
import { PageLoading } from "../../components/PageLoading";
import { errorMessage, fieldName } from "../../lib/errors";
import { dayjs, formatDateTime, TZ } from "../../lib/format";
import type { Person } from "../steward/types";
import { formatHours, HighRiskTag, PermitGradeTag, usePermitBase, usePermitLabels } from "./labels";
import {
  type PreviewBody,
  permitKeys,
  putMeasures,
  postAction,
  refusalMessages,
  usePermit,
  usePermitPreview,
  usePermits,
  usePersonnel,
  useSavePermit,
} from "./queries";
import type { HotWorkInputs, PermitBody, PermitDetail, PermitGradeInputs, PermitPreview } from "./types";
import "./permits.css";

const LOCAL = "YYYY-MM-DDTHH:mm";
/** "2026-12-08T10:00" (Beijing, as the datetime-local input shows it) ↔ ISO instant. */
const toIso = (local: string) => (local ? dayjs.tz(local, TZ).toISOString() : "");
const toLocal = (iso: string | Date) => dayjs(iso).tz(TZ).format(LOCAL);

const HOT_KEYS = [
  "inHazardArea",
  "onRunningEquipment",
  "inMajorHazardTankDike",
  "onPipeRack",
  "unitShutDownAndIsolated",
  "windForce5Plus",
  "fixedArea",
] as const;
type HotKey = (typeof HOT_KEYS)[number];
const FACTORS = Object.keys(HEIGHT_HAZARD_FACTORS) as HeightHazardFactor[];

const EMPTY_HOT: HotWorkInputs = { inHazardArea: false, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false };

/** Debounces a value (the preview waits for a pause in typing). */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the JSON of the value
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return v;
}

interface State {
  type: SpecialWorkType;
  place: string;
  content: string;
  workingUnit: string;
  start: string;
  end: string;
  hot: HotWorkInputs;
  heightM: number | null;
  factors: HeightHazardFactor[];
  massT: number | null;
  inHazardArea: boolean;
  workLeaderId?: string;
  watchmanId?: string;
  gasAnalystId?: string;
  brieferId?: string;
  workerIds: string[];
  linkedPermitIds: string[];
  extensionReason: string;
  /** Measure no → involved (undefined: not answered yet). */
  involved: Record<number, boolean | undefined>;
}

const INITIAL: State = {
  type: "hot_work",
  place: "",
  content: "",
  workingUnit: "",
  start: "",
  end: "",
  hot: EMPTY_HOT,
  heightM: null,
  factors: [],
  massT: null,
  inHazardArea: false,
  workerIds: [],
  linkedPermitIds: [],
  extensionReason: "",
  involved: {},
};

function gradeInputsOf(s: State): PermitGradeInputs {
  if (s.type === "hot_work") return { ...s.hot };
  if (s.type === "height") return { heightM: s.heightM ?? 0, factors: s.factors };
  if (s.type === "lifting") return { massT: s.massT ?? 0 };
  return {};
}

const inHazardAreaOf = (s: State) => (s.type === "hot_work" ? s.hot.inHazardArea : s.inHazardArea);

function stateFromDetail(p: PermitDetail): State {
  const gi = (p.gradeInputs ?? {}) as Record<string, unknown>;
  return {
    type: p.type,
    place: p.place,
    content: p.content,
    workingUnit: p.workingUnit ?? "",
    start: toLocal(p.plannedStart),
    end: toLocal(p.plannedEnd),
    hot: p.type === "hot_work" ? { ...EMPTY_HOT, ...(gi as Partial<HotWorkInputs>) } : EMPTY_HOT,
    heightM: typeof gi.heightM === "number" ? gi.heightM : null,
    factors: Array.isArray(gi.factors) ? (gi.factors as HeightHazardFactor[]) : [],
    massT: typeof gi.massT === "number" ? gi.massT : null,
    inHazardArea: p.inHazardArea,
    workLeaderId: p.people.workLeader?.personId,
    watchmanId: p.people.watchman?.personId,
    gasAnalystId: p.people.gasAnalyst?.personId,
    brieferId: p.people.briefer?.personId,
    workerIds: p.workers.map((w) => w.personId),
    linkedPermitIds: p.linkedPermits.map((l) => l.id),
    extensionReason: p.extensionReason ?? "",
    involved: Object.fromEntries(p.measures.map((m) => [m.no, m.involved ?? undefined])),
  };
}

function personLabel(p: Person): string {
  return [p.name, p.post || p.department, p.kind === "contractor" ? p.contractorCompany : ""].filter(Boolean).join(" · ");
}

export default function PermitFormPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const editId = params.get("id") ?? undefined;
  const existing = usePermit(editId);
  if (editId && existing.isPending) return <PageLoading />;
  if (editId && (existing.error || !existing.data)) return <Alert type="error" showIcon title={errorMessage(existing.error, t)} />;
  return <PermitForm key={existing.data?.id ?? "new"} existing={existing.data} />;
}

function PermitForm({ existing }: { existing?: PermitDetail }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const base = usePermitBase();
  const [params] = useSearchParams();
  const own = me.scope.kind === "enterprise" ? (me.scope.enterpriseId ?? me.abilities.ownEnterpriseId ?? undefined) : undefined;
  const [enterpriseId, setEnterpriseId] = useState<string | undefined>(existing?.enterpriseId ?? own ?? params.get("enterpriseId") ?? undefined);
  const [s, setS] = useState<State>(() => (existing ? stateFromDetail(existing) : INITIAL));
  const set = (patch: Partial<State>) => setS((prev) => ({ ...prev, ...patch }));
  const [draft, setDraft] = useState<{ id: string; version: number } | null>(existing ? { id: existing.id, version: existing.version } : null);
  const [errors, setErrors] = useState<string[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const save = useSavePermit();
  const qc = useQueryClient();

  const people = usePersonnel(enterpriseId);
  const persons = people.data?.items ?? [];
  const byId = useMemo(() => new Map(persons.map((p) => [p.id, p])), [persons]);
  const options = useMemo(() => persons.map((p) => ({ value: p.id, label: personLabel(p), name: p.name })), [persons]);
  const linkable = usePermits({ enterpriseId, pageSize: 100 }, !!enterpriseId);
  const linkOptions = (linkable.data?.items ?? [])
    .filter((p) => p.id !== draft?.id && !["closed", "cancelled"].includes(p.status))
    .map((p) => ({ value: p.id, label: `${p.code} · ${pl.type(p.type)} · ${p.place}` }));

  // The window defaults from the server's clock (the preview answers `now`): start now, four hours long.
  const fallbackStart = useMemo(() => new Date(), []);
  const startIso = s.start ? toIso(s.start) : fallbackStart.toISOString();
  const endIso = s.end ? toIso(s.end) : new Date(fallbackStart.getTime() + 4 * 3600_000).toISOString();
  const body: PreviewBody | null = enterpriseId
    ? {
        enterpriseId,
        type: s.type,
        gradeInputs: gradeInputsOf(s),
        plannedStart: startIso,
        plannedEnd: endIso,
        inHazardArea: inHazardAreaOf(s),
        workerIds: s.workerIds,
        ...(s.watchmanId ? { watchmanId: s.watchmanId } : {}),
      }
    : null;
  const preview = usePermitPreview(useDebounced(body, 350));
  const pv = preview.data;
  useEffect(() => {
    if (!pv?.now || s.start) return;
    const start = dayjs(pv.now).tz(TZ).second(0).millisecond(0);
    setS((prev) => (prev.start ? prev : { ...prev, start: start.format(LOCAL), end: start.add(4, "hour").format(LOCAL) }));
  }, [pv?.now, s.start]);

  // The measures are the type's checklist (from the preview); answers kept by number.
  const measures: MeasureTemplate[] = (pv?.measures ?? existing?.measures ?? []).map((m) => ({
    no: m.no,
    text: m.text,
    photo: "photoRequired" in m && m.photoRequired !== undefined ? !!m.photoRequired : "photo" in m ? !!m.photo : false,
  }));
  const unanswered = measures.filter((m) => s.involved[m.no] === undefined);
  const refusalsOf = (personId: string) => (pv?.certificateRefusals ?? []).filter((r) => r.personId === personId);

  const fe = (name: string) => fieldErrors[name];
  const help = (name: string) =>
    fe(name) ? (
      <div className="permit-field-error" data-testid={`error-${name}`}>
        {fe(name)!.join("；")}
      </div>
    ) : null;

  const validate = (): string[] => {
    const out: string[] = [];
    if (!enterpriseId) out.push(t("permits.form.needEnterprise"));
    if (!s.place.trim()) out.push(t("permits.form.needPlace"));
    if (!s.content.trim()) out.push(t("permits.form.needContent"));
    if (!s.start || !s.end) out.push(t("permits.form.needWindow"));
    if (s.type === "height" && !(s.heightM && s.heightM > 0)) out.push(t("permits.form.needHeight"));
    if (s.type === "lifting" && !(s.massT && s.massT > 0)) out.push(t("permits.form.needMass"));
    if (!s.workLeaderId) out.push(t("permits.form.needWorkLeader"));
    if (!s.watchmanId) out.push(t("permits.form.needWatchman"));
    if (!s.workerIds.length) out.push(t("permits.form.needWorkers"));
    return out;
  };

  const permitBody = (): PermitBody => ({
    enterpriseId: enterpriseId!,
    type: s.type,
    place: s.place.trim(),
    content: s.content.trim(),
    ...(s.workingUnit.trim() ? { workingUnit: s.workingUnit.trim() } : {}),
    inHazardArea: inHazardAreaOf(s),
    plannedStart: toIso(s.start),
    plannedEnd: toIso(s.end),
    gradeInputs: gradeInputsOf(s),
    workLeaderId: s.workLeaderId!,
    watchmanId: s.watchmanId!,
    ...(s.gasAnalystId ? { gasAnalystId: s.gasAnalystId } : {}),
    ...(s.brieferId ? { brieferId: s.brieferId } : {}),
    workerIds: s.workerIds,
    linkedPermitIds: s.linkedPermitIds,
    ...(s.extensionReason.trim() ? { extensionReason: s.extensionReason.trim() } : {}),
  });

  const showError = (e: unknown) => {
    const list = refusalMessages(e);
    setErrors(list.length ? list : [errorMessage(e, t)]);
    const byField: Record<string, string[]> = {};
    if (e instanceof ApiError) {
      const details = Array.isArray(e.body.details) ? (e.body.details as { field?: string; message: string }[]) : [];
      for (const f of [...e.fields, ...details]) {
        if (!f.field) continue;
        const name = fieldName(f.field);
        byField[name] = [...new Set([...(byField[name] ?? []), f.message])];
      }
    }
    setFieldErrors(byField);
  };

  /** Saves the draft (create or PATCH) and its measure answers; returns the fresh permit. */
  const saveDraft = async (): Promise<PermitDetail> => {
    let current = draft;
    let p: PermitDetail;
    if (current) {
      // A refused submit left a draft: bring the version up to date before changing it.
      const fresh = await api.get<PermitDetail>(`/api/permits/${encodeURIComponent(current.id)}`);
      // PATCH takes the same fields without the enterprise (a permit stays in its enterprise).
      const { enterpriseId: _e, ...patch } = permitBody();
      p = await save.mutateAsync({ id: current.id, body: { ...patch, version: fresh.version } as PermitBody });
    } else {
      p = await save.mutateAsync({ body: permitBody() });
    }
    current = { id: p.id, version: p.version };
    setDraft(current);
    const answered = p.measures.filter((m) => s.involved[m.no] !== undefined).map((m) => ({ no: m.no, involved: !!s.involved[m.no] }));
    if (answered.length) {
      p = await putMeasures(p.id, answered, p.version);
      setDraft({ id: p.id, version: p.version });
    }
    return p;
  };

  const run = async (submit: boolean) => {
    const local = validate();
    if (submit && unanswered.length) local.push(t("permits.form.needMeasures", { nos: unanswered.map((m) => m.no).join("、") }));
    setFieldErrors({});
    if (local.length) {
      setErrors(local);
      return;
    }
    setErrors([]);
    setBusy(true);
    let saved: PermitDetail | null = null;
    try {
      saved = await saveDraft();
      qc.setQueryData(permitKeys.detail(saved.id), saved);
      if (submit) {
        saved = await postAction(saved.id, "submit", { version: saved.version });
        qc.setQueryData(permitKeys.detail(saved.id), saved);
        void qc.invalidateQueries({ queryKey: ["permits", "list"] });
        message.success(t("permits.form.submitted", { code: saved.code }));
      } else message.success(t("permits.form.savedDraft", { code: saved.code }));
      navigate(`${base}/permits/${saved.id}`);
    } catch (e) {
      showError(e);
      if (saved) setDraft({ id: saved.id, version: saved.version });
      window.scrollTo({ top: 0, behavior: "smooth" });
    } finally {
      setBusy(false);
    }
  };

  const personSelect = (key: "workLeaderId" | "watchmanId" | "gasAnalystId" | "brieferId", testId: string, required = false) => (
    <Select
      data-testid={testId}
      size="large"
      style={{ width: "100%" }}
      showSearch={{ optionFilterProp: "label" }}
      allowClear={!required}
      placeholder={t("permits.form.pickPerson")}
      loading={people.isFetching}
      value={s[key]}
      onChange={(v?: string) => set({ [key]: v } as Partial<State>)}
      options={options}
      status={fe(key) ? "error" : undefined}
    />
  );

  const hotLabel: Record<HotKey, string> = {
    inHazardArea: t("permits.hot.inHazardArea"),
    onRunningEquipment: t("permits.hot.onRunningEquipment"),
    inMajorHazardTankDike: t("permits.hot.inMajorHazardTankDike"),
    onPipeRack: t("permits.hot.onPipeRack"),
    unitShutDownAndIsolated: t("permits.hot.unitShutDownAndIsolated"),
    windForce5Plus: t("permits.hot.windForce5Plus"),
    fixedArea: t("permits.hot.fixedArea"),
  };

  const chosenWatchman = s.watchmanId ? byId.get(s.watchmanId) : undefined;
  const watchmanProblems = s.watchmanId ? refusalsOf(s.watchmanId) : [];
  const certProblems = pv?.certificateRefusals ?? [];

  return (
    <div className="permit-form" data-testid="permit-form">
      {!base && <PageHeader title={existing ? t("permits.form.editTitle", { code: existing.code }) : t("permits.new")} sub={t("permits.form.subtitle")} />}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="permit-form-error"
          title={draft ? t("permits.form.refusedDraftKept") : t("permits.form.refused")}
          description={
            <ul className="permit-list">
              {errors.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
        />
      )}

      <Card size="small" title={t("permits.form.what")} className="permit-card">
        {!own && !existing && (
          <>
            <div className="permit-label">{t("permits.enterprise")}</div>
            <EnterprisePicker
              data-testid="field-enterprise"
              size="large"
              style={{ width: "100%" }}
              value={enterpriseId}
              onChange={(v) => {
                setEnterpriseId(v);
                // People and linked permits belong to one enterprise.
                set({ workLeaderId: undefined, watchmanId: undefined, gasAnalystId: undefined, brieferId: undefined, workerIds: [], linkedPermitIds: [] });
              }}
            />
          </>
        )}
        <div className="permit-label">{t("permits.type")}</div>
        <div className="permit-chips" data-testid="field-type">
          {SPECIAL_WORK_TYPE_CODES.map((c) => (
            <Tag.CheckableTag key={c} checked={s.type === c} onChange={() => set({ type: c, involved: {} })} data-testid={`type-${c}`}>
              {pl.type(c)}
            </Tag.CheckableTag>
          ))}
        </div>
        <div className="permit-label">{t("permits.place")}</div>
        <Input
          size="large"
          data-testid="field-place"
          value={s.place}
          maxLength={200}
          status={fe("place") ? "error" : undefined}
          onChange={(e) => set({ place: e.target.value })}
          placeholder={t("permits.form.placePlaceholder")}
        />
        {help("place")}
        <div className="permit-label">{t("permits.content")}</div>
        <Input.TextArea
          data-testid="field-content"
          rows={3}
          value={s.content}
          maxLength={2000}
          onChange={(e) => set({ content: e.target.value })}
          placeholder={t("permits.form.contentPlaceholder")}
        />
        {help("content")}
        <div className="permit-label">{t("permits.workingUnit")}</div>
        <Input
          size="large"
          data-testid="field-working-unit"
          value={s.workingUnit}
          maxLength={200}
          onChange={(e) => set({ workingUnit: e.target.value })}
          placeholder={t("permits.form.workingUnitPlaceholder")}
        />
        <div className="permit-window">
          <div>
            <div className="permit-label">{t("permits.plannedStart")}</div>
            <Input size="large" type="datetime-local" data-testid="field-start" value={s.start} onChange={(e) => set({ start: e.target.value })} />
            {help("plannedStart")}
          </div>
          <div>
            <div className="permit-label">{t("permits.plannedEnd")}</div>
            <Input
              size="large"
              type="datetime-local"
              data-testid="field-end"
              value={s.end}
              status={fe("plannedEnd") || pv?.validity ? "error" : undefined}
              onChange={(e) => set({ end: e.target.value })}
            />
            {help("plannedEnd")}
          </div>
        </div>
        {s.type === "temp_electricity" && (
          <>
            <div className="permit-label">{t("permits.extensionReason")}</div>
            <Input
              data-testid="field-extension-reason"
              value={s.extensionReason}
              onChange={(e) => set({ extensionReason: e.target.value })}
              placeholder={t("permits.form.extensionPlaceholder")}
            />
          </>
        )}
      </Card>

      <Card size="small" title={t("permits.form.circumstances")} className="permit-card">
        {s.type === "hot_work" && (
          <div className="permit-checks" data-testid="grade-inputs-hot">
            {HOT_KEYS.map((k) => (
              <Checkbox key={k} data-testid={`hot-${k}`} checked={!!s.hot[k]} onChange={(e) => set({ hot: { ...s.hot, [k]: e.target.checked } })}>
                {hotLabel[k]}
              </Checkbox>
            ))}
          </div>
        )}
        {s.type === "height" && (
          <div data-testid="grade-inputs-height">
            <div className="permit-label">{t("permits.form.heightM")}</div>
            <InputNumber
              size="large"
              data-testid="field-height"
              min={0}
              step={0.5}
              style={{ width: "100%" }}
              value={s.heightM}
              onChange={(v) => set({ heightM: v })}
              suffix="m"
            />
            <div className="permit-label">{t("permits.form.factors")}</div>
            <div className="permit-checks">
              {FACTORS.map((f) => (
                <Checkbox
                  key={f}
                  data-testid={`factor-${f}`}
                  checked={s.factors.includes(f)}
                  onChange={(e) => set({ factors: e.target.checked ? [...s.factors, f] : s.factors.filter((x) => x !== f) })}
                >
                  {HEIGHT_HAZARD_FACTORS[f]}
                </Checkbox>
              ))}
            </div>
          </div>
        )}
        {s.type === "lifting" && (
          <div data-testid="grade-inputs-lifting">
            <div className="permit-label">{t("permits.form.massT")}</div>
            <InputNumber
              size="large"
              data-testid="field-mass"
              min={0}
              step={1}
              style={{ width: "100%" }}
              value={s.massT}
              onChange={(v) => set({ massT: v })}
              suffix="t"
            />
          </div>
        )}
        {s.type !== "hot_work" && (
          <Checkbox
            data-testid="field-in-hazard-area"
            checked={s.inHazardArea}
            onChange={(e) => set({ inHazardArea: e.target.checked })}
            style={{ marginTop: 8 }}
          >
            {t("permits.hot.inHazardArea")}
          </Checkbox>
        )}
        {help("gradeInputs")}
      </Card>

      <PreviewBox loading={preview.isFetching} error={preview.error} pv={pv} type={s.type} />

      <Card size="small" title={t("permits.form.people")} className="permit-card">
        <div className="permit-label">{t("permits.workLeader")}</div>
        {personSelect("workLeaderId", "field-work-leader", true)}
        {help("workLeaderId")}
        <div className="permit-label">{t("permits.watchman")}</div>
        {personSelect("watchmanId", "field-watchman", true)}
        {chosenWatchman && watchmanProblems.length > 0 && (
          <div className="permit-field-error" data-testid="watchman-cert-problem">
            {watchmanProblems.map((r) => r.message).join("；")}
          </div>
        )}
        {help("watchmanId")}
        <div className="permit-label">{t("permits.gasAnalyst")}</div>
        {personSelect("gasAnalystId", "field-gas-analyst")}
        <div className="permit-label">{t("permits.briefer")}</div>
        {personSelect("brieferId", "field-briefer")}
        <div className="permit-label">{t("permits.workers")}</div>
        <Select
          mode="multiple"
          data-testid="field-workers"
          size="large"
          style={{ width: "100%" }}
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("permits.form.pickWorkers")}
          value={s.workerIds}
          onChange={(v: string[]) => set({ workerIds: v })}
          options={options}
          maxTagCount="responsive"
        />
        <div className="permit-workers" data-testid="worker-list">
          {s.workerIds.map((id) => {
            const p = byId.get(id);
            const problems = refusalsOf(id).filter((r) => r.role === "worker");
            return (
              <div key={id} className="permit-worker" data-testid="worker-row" data-name={p?.name}>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <div>
                    <b>{p?.name ?? id}</b> <Typography.Text type="secondary">{p?.post}</Typography.Text>
                  </div>
                  {problems.length ? (
                    <div className="permit-field-error" data-testid="worker-cert-problem">
                      <WarningOutlined /> {problems.map((r) => r.message).join("；")}
                    </div>
                  ) : pv ? (
                    <Typography.Text type="success" style={{ fontSize: 13 }}>
                      <CheckOutlined /> {t("permits.form.certOk")}
                    </Typography.Text>
                  ) : null}
                </div>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("permits.form.removeWorker", { name: p?.name ?? "" })}
                  data-testid="worker-remove"
                  onClick={() => set({ workerIds: s.workerIds.filter((x) => x !== id) })}
                />
              </div>
            );
          })}
        </div>
        {Object.entries(fieldErrors)
          .filter(([k]) => k === "workers" || k === "workerIds")
          .map(([k, v]) => (
            <div key={k} className="permit-field-error" data-testid="error-workers">
              {v.join("；")}
            </div>
          ))}
        {certProblems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="cert-problems"
            title={t("permits.form.certProblems", { count: certProblems.length })}
            description={certProblems.map((r) => r.message).join("；")}
          />
        )}
        <div className="permit-label">{t("permits.linked")}</div>
        <Select
          mode="multiple"
          data-testid="field-linked"
          size="large"
          style={{ width: "100%" }}
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          placeholder={t("permits.form.linkedPlaceholder")}
          value={s.linkedPermitIds}
          onChange={(v: string[]) => set({ linkedPermitIds: v })}
          options={linkOptions}
        />
      </Card>

      <Card
        size="small"
        title={t("permits.measures")}
        className="permit-card"
        extra={
          measures.length > 0 && (
            <Button size="small" data-testid="measures-all-involved" onClick={() => set({ involved: Object.fromEntries(measures.map((m) => [m.no, true])) })}>
              {t("permits.form.allInvolved")}
            </Button>
          )
        }
      >
        {measures.length === 0 ? (
          <Spin />
        ) : (
          <div data-testid="form-measures">
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t("permits.form.measuresHelp")}
            </Typography.Paragraph>
            {measures.map((m) => (
              <div key={m.no} className="permit-measure" data-testid={`form-measure-${m.no}`}>
                <div className="permit-measure-text">
                  {m.no}. {m.text} {m.photo && <Tag color="blue">{t("permits.photoRequired")}</Tag>}
                </div>
                <Radio.Group
                  size="large"
                  optionType="button"
                  buttonStyle="solid"
                  value={s.involved[m.no] === undefined ? undefined : s.involved[m.no] ? "yes" : "no"}
                  onChange={(e) => set({ involved: { ...s.involved, [m.no]: e.target.value === "yes" } })}
                  options={[
                    { value: "yes", label: <span data-testid={`form-measure-${m.no}-yes`}>{t("permits.involved")}</span> },
                    { value: "no", label: <span data-testid={`form-measure-${m.no}-no`}>{t("permits.notInvolved")}</span> },
                  ]}
                />
              </div>
            ))}
            {help("measures")}
          </div>
        )}
      </Card>

      <div className={base ? "permit-footer" : "permit-actions"}>
        <div className="permit-actions-inner">
          <Button size="large" data-testid="permit-save-draft" disabled={busy} onClick={() => void run(false)}>
            {t("permits.form.saveDraft")}
          </Button>
          <Button size="large" type="primary" data-testid="permit-submit" loading={busy} onClick={() => void run(true)}>
            {t("permits.form.submit")}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** What the server derives from the facts, before anything is saved. */
function PreviewBox({ pv, loading, error, type }: { pv?: PermitPreview; loading: boolean; error: unknown; type: SpecialWorkType }) {
  const { t } = useTranslation();
  const pl = usePermitLabels();
  return (
    <Card
      size="small"
      className="permit-card permit-preview"
      title={
        <span>
          {t("permits.preview.title")} {loading && <Spin size="small" />}
        </span>
      }
      data-testid="permit-preview"
    >
      {error ? (
        <Alert type="error" showIcon title={refusalMessages(error).join("；") || errorMessage(error, t)} data-testid="preview-error" />
      ) : !pv ? (
        <Spin />
      ) : (
        <div className="permit-preview-body">
          <div className="permit-preview-grade" data-testid="preview-grade" data-grade={pv.grade ?? "none"}>
            <span className="permit-preview-label">{t("permits.preview.grade")}</span>
            {pv.gradeResult.permitRequired ? (
              <>
                <PermitGradeTag grade={pv.grade} type={type} />
                {pv.highRisk && <HighRiskTag />}
              </>
            ) : (
              <Tag color="default" data-testid="preview-no-permit">
                {t("permits.preview.noPermit")}
              </Tag>
            )}
          </div>
          <div data-testid="preview-basis">
            <span className="permit-preview-label">{t("permits.preview.basis")}</span>
            {pv.gradeResult.basis}
            {pv.gradeResult.baseGrade && pv.gradeResult.baseGrade !== pv.grade && (
              <span>
                {" "}
                （{t("permits.preview.baseGrade")} {pl.grade(pv.gradeResult.baseGrade)}）
              </span>
            )}
          </div>
          {pv.gradeResult.upgrades.length > 0 && (
            <div data-testid="preview-upgrades">
              <span className="permit-preview-label">{t("permits.preview.upgrades")}</span>
              {pv.gradeResult.upgrades.map((u) => (
                <Tag key={u} color="volcano">
                  {u}
                </Tag>
              ))}
            </div>
          )}
          <div data-testid="preview-validity">
            <span className="permit-preview-label">{t("permits.preview.maxValidity")}</span>
            {formatHours(pv.maxValidityHours, t)}
          </div>
          {pv.validity && (
            <div className="permit-field-error" data-testid="preview-validity-refusal">
              {pv.validity.message}
            </div>
          )}
          <div data-testid="preview-approver">
            <span className="permit-preview-label">{t("permits.preview.approver")}</span>
            {pv.approverLevelName || pl.level(pv.approverLevel)}
            {pv.coSign?.length > 0 && <span>（{t("permits.preview.coSign", { list: pv.coSign.join("、") })}）</span>}
          </div>
          <div data-testid="preview-gas">
            <span className="permit-preview-label">{t("permits.preview.gas")}</span>
            {pv.gasRequired ? <Tag color="orange">{t("permits.preview.gasRequired")}</Tag> : <Tag>{t("permits.preview.gasNotRequired")}</Tag>}
          </div>
          <div data-testid="preview-certs">
            <span className="permit-preview-label">{t("permits.preview.certs")}</span>
            {pv.certificateRefusals.length === 0 ? (
              <Typography.Text type="success">{t("permits.preview.certsOk")}</Typography.Text>
            ) : (
              <ul className="permit-list permit-danger">
                {pv.certificateRefusals.map((r) => (
                  <li key={`${r.personId}-${r.type}-${r.role}`} data-testid="preview-cert-refusal">
                    {r.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="permit-preview-time">{t("permits.preview.asOf", { at: formatDateTime(pv.now) })}</div>
        </div>
      )}
    </Card>
  );
}

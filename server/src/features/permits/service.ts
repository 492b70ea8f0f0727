/**
 * Use cases of special-work permits (特殊作业票, GB 30871-2022): apply (grade derived here with the domain rules and the
 * enterprise's calendar), edit a draft, answer and confirm the safety measures, record gas analyses and key-node
 * evidence, and every life-cycle action through the domain's PERMIT_TRANSITIONS. Each runs in the caller's transaction,
 * changes the permit with compare-and-set on `version`, writes a permit_events row and appends its audit event.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  type Actor,
  type ApproverLevel,
  APPROVER_LEVEL_CODES,
  APPROVER_LEVELS,
  holdsApproval,
  PERMIT_GRADES,
  type CertificateType,
  certificateRefusals,
  DEFAULT_APPROVER_ROLES,
  EVIDENCE_NODES,
  type EvidenceNode,
  evidenceCaptureVerdict,
  GAS_KINDS,
  GB30871_VERSION,
  gasAnalysisRequired,
  gasStartRefusal,
  type GradeInputs,
  type GradeResult,
  gradePermit,
  highRiskCategory,
  inScope,
  judgeGasReading,
  MEASURE_TEMPLATES,
  maxValidityMs,
  PERMIT_REFUSAL_MESSAGES,
  PERMIT_STATUSES,
  PERMIT_TRANSITIONS,
  type PermitAction,
  type PermitActorFacts,
  type PermitGrade,
  permitCode,
  permitRefusal,
  PermitRuleError,
  type PermitStatus,
  reanalysisGapMin,
  requiredApprover,
  requiredEvidenceNodes,
  resumeNeedsAnalysis,
  type Sector,
  SPECIAL_WORK_TYPES,
  type SpecialWorkType,
  validityRefusal,
  beijingDate,
  type PermitCalendar,
} from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import {
  certificates,
  enterprises,
  evidence,
  gasAnalyses,
  organizations,
  permitApprovers,
  permitEvents,
  permitEvidence,
  permitMeasures,
  permits,
  permitWorkers,
  personnel,
  users,
} from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, type FieldError, fieldError, forbidden, notFound } from "../../platform/errors";
import { insertNotifications } from "../todos/notifications";
import { permitCalendarFor } from "./calendar";
import { type ActionInput, type GasInput, gradeInputsOf, type PermitInput, type PermitPatch } from "./schemas";

export type PermitRow = typeof permits.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;
type PersonRow = typeof personnel.$inferSelect;

export const LABEL = "作业票";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** A reason an action cannot be taken yet (shown on the permit and returned with 422 PERMIT_CHECKS_FAILED). */
export interface Blocker {
  code: string;
  field?: string;
  message: string;
}

/** 422 with every failed check, as `fields` (the platform's error shape) and `details` (the contract's name). */
export function checksFailed(blockers: Blocker[], message = "作业票检查未通过"): AppError {
  const fields = blockers.map((b) => ({ field: b.field ?? "", message: b.message, code: b.code }));
  return new AppError(422, "PERMIT_CHECKS_FAILED", `${message}：${blockers.map((b) => b.message).join("；")}`, fields as FieldError[], { details: fields });
}

// ---------------------------------------------------------------------------------------------------------------
// Who may do what

const WRITERS = new Set(["admin", "enterprise_leader", "enterprise_safety", "enterprise_staff"]);
const MANAGERS = new Set(["admin", "enterprise_leader", "enterprise_safety"]);
type ScopeRef = { enterpriseId: string; regionPath: string; sector: string };
const refOf = (r: ScopeRef) => ({ id: r.enterpriseId, regionPath: r.regionPath, sector: r.sector as Sector });

/** Writes on permits: the enterprise's own people (staff included) and the administrator; never regulators or experts. */
export const canWritePermits = (actor: Actor, r: ScopeRef) => WRITERS.has(actor.role) && inScope(actor.scope, refOf(r));
/** Managers: the enterprise's leader and safety managers, and the administrator. */
export const isPermitManager = (actor: Actor, r: ScopeRef) => MANAGERS.has(actor.role) && inScope(actor.scope, refOf(r));

/** The enterprise a permit is written in: missing 404, not writable 403; locked FOR UPDATE (serialises the code sequence). */
export async function enterpriseForPermitWrite(tx: Queryable, actor: Actor, id: string, lock = true): Promise<EnterpriseRow> {
  if (!isUuid(id)) throw notFound("企业");
  const q = tx.select().from(enterprises).where(eq(enterprises.id, id));
  const [e] = lock ? await q.for("update") : await q;
  if (!e) throw notFound("企业");
  if (!canWritePermits(actor, { enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector })) throw forbidden("无权在该企业办理作业票");
  return e;
}

/** Loads a permit for a write: missing 404, outside the actor's writable scope 403; the row is locked FOR UPDATE. */
export async function permitForWrite(tx: Queryable, actor: Actor, id: string): Promise<PermitRow> {
  if (!isUuid(id)) throw notFound(LABEL);
  const [p] = await tx.select().from(permits).where(eq(permits.id, id)).for("update");
  if (!p) throw notFound(LABEL);
  if (!canWritePermits(actor, p)) throw forbidden("无权操作该作业票");
  return p;
}

/** Approver levels the actor holds in the enterprise: configured ones (permit_approvers), else the default roles per level. */
export async function approverLevelsOf(tx: Queryable, actor: Actor, enterpriseId: string): Promise<ApproverLevel[]> {
  if (actor.scope.kind !== "enterprise" || actor.scope.enterpriseId !== enterpriseId) return [];
  const rows = await tx
    .select({ level: permitApprovers.level, userId: permitApprovers.userId })
    .from(permitApprovers)
    .where(eq(permitApprovers.enterpriseId, enterpriseId));
  const configured = new Set(rows.map((r) => r.level));
  return APPROVER_LEVEL_CODES.filter((l) =>
    configured.has(l) ? rows.some((r) => r.level === l && r.userId === actor.userId) : DEFAULT_APPROVER_ROLES[l].includes(actor.role),
  );
}

/** The people on a permit with a login: work leader, watchman, gas analyst (by person id → user id). */
async function loginsOf(tx: Queryable, personIds: (string | null)[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(personIds.filter((x): x is string => !!x))];
  if (!ids.length) return new Map();
  const rows = await tx.select({ id: personnel.id, userId: personnel.userId }).from(personnel).where(inArray(personnel.id, ids));
  return new Map(rows.map((r) => [r.id, r.userId]));
}

export interface PermitActor extends PermitActorFacts {
  /** May write on the permit at all (enterprise people and admin in scope). */
  writer: boolean;
  /** The permit's gas analyst's login. */
  analyst: boolean;
}

export async function actorFacts(tx: Queryable, actor: Actor, p: PermitRow): Promise<PermitActor> {
  const writer = canWritePermits(actor, p);
  if (!writer) return { userId: actor.userId, writer, manager: false, requester: false, onSite: false, analyst: false, approverLevels: [] };
  const logins = await loginsOf(tx, [p.workLeaderId, p.watchmanId, p.gasAnalystId]);
  return {
    userId: actor.userId,
    writer,
    manager: isPermitManager(actor, p),
    requester: p.requesterId === actor.userId,
    onSite: logins.get(p.workLeaderId) === actor.userId || logins.get(p.watchmanId) === actor.userId,
    analyst: !!p.gasAnalystId && logins.get(p.gasAnalystId) === actor.userId,
    approverLevels: await approverLevelsOf(tx, actor, p.enterpriseId),
  };
}

const runner = (f: PermitActor) => f.writer && (f.requester || f.onSite || f.manager);
const ACTIVE: readonly PermitStatus[] = ["draft", "pending_approval", "approved", "in_progress", "suspended"];

/** What the actor may do on the permit besides the life-cycle actions. */
export function recordAbilities(f: PermitActor, status: PermitStatus) {
  return {
    edit: f.writer && status === "draft" && (f.requester || f.manager),
    answerMeasures: f.writer && status === "draft" && runner(f),
    confirmMeasures: runner(f) && ACTIVE.includes(status),
    recordGas: (runner(f) || (f.writer && f.analyst)) && ACTIVE.includes(status),
    addEvidence: runner(f) && (ACTIVE.includes(status) || status === "completed"),
  };
}

const wrongStatus = (status: string) =>
  new AppError(409, "PERMIT_WRONG_STATUS", `${PERMIT_REFUSAL_MESSAGES.PERMIT_WRONG_STATUS}（当前：${PERMIT_STATUSES[status as PermitStatus]?.zh ?? status}）`);
const versionConflict = (current: number) =>
  new AppError(409, "VERSION_CONFLICT", "作业票已被他人修改，请刷新后重试", [{ field: "version", message: "版本已变化" }], { currentVersion: current });

// ---------------------------------------------------------------------------------------------------------------
// Grade, validity, approver: derived, never typed

export interface Derived {
  gradeInputs: GradeInputs;
  result: GradeResult;
  grade: PermitGrade | null;
  highRisk: boolean;
  approverLevel: ApproverLevel;
  coSign: string[];
  maxValidityHours: number;
  validity: Blocker | null;
}

export function derive(
  type: SpecialWorkType,
  rawInputs: unknown,
  inHazardArea: boolean,
  start: Date,
  end: Date,
  extensionReason: string,
  cal: PermitCalendar,
  config: Pick<Config, "PERMIT_UNCAPPED_VALIDITY_HOURS">,
  servedPermitEnd: Date | null = null,
): Derived {
  const gradeInputs = gradeInputsOf(type, rawInputs, inHazardArea);
  let result: GradeResult;
  try {
    result = gradePermit(gradeInputs, start, end, cal);
  } catch (e) {
    if (e instanceof PermitRuleError) throw fieldError(e.field, e.message);
    throw e;
  }
  const opts = { uncappedMs: config.PERMIT_UNCAPPED_VALIDITY_HOURS * 3600_000, extendedElectricity: type === "temp_electricity" && extensionReason.length > 0 };
  const v = validityRefusal(type, result.grade, start, end, { ...opts, servedPermitEnd });
  const approver = requiredApprover(type, result.grade);
  return {
    gradeInputs,
    result,
    grade: result.grade,
    highRisk: highRiskCategory(type, result.grade) !== null,
    approverLevel: approver.level,
    coSign: approver.coSign,
    maxValidityHours: maxValidityMs(type, result.grade, opts) / 3600_000,
    validity: v ? { code: "PERMIT_VALIDITY", field: v.field, message: v.message } : null,
  };
}

/** derive() for a write: a work that needs no permit, or a window over the cap, is a 400 naming the field. */
function deriveForWrite(...args: Parameters<typeof derive>): Derived {
  const d = derive(...args);
  if (!d.result.permitRequired) throw fieldError("gradeInputs", `${d.result.basis}，无需办理${SPECIAL_WORK_TYPES[args[0]].zh}票`);
  if (d.validity) throw fieldError(d.validity.field!, d.validity.message);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// People and linked permits

export interface PeopleInput {
  workLeaderId: string;
  watchmanId: string;
  gasAnalystId?: string | null;
  brieferId?: string | null;
  workerIds: string[];
}

/** Every person must be an active person of the enterprise: a 400 naming each failing field (e.g. workerIds.1). */
export async function checkPeople(
  tx: Queryable,
  enterpriseId: string,
  input: PeopleInput,
  code = "VALIDATION_FAILED",
  status = 400,
): Promise<Map<string, PersonRow>> {
  const refs: [string, string][] = [
    ["workLeaderId", input.workLeaderId],
    ["watchmanId", input.watchmanId],
    ...(input.gasAnalystId ? [["gasAnalystId", input.gasAnalystId] as [string, string]] : []),
    ...(input.brieferId ? [["brieferId", input.brieferId] as [string, string]] : []),
    ...input.workerIds.map((id, i) => [`workerIds.${i}`, id] as [string, string]),
  ];
  const ids = [...new Set(refs.map(([, id]) => id))];
  const rows = ids.length ? await tx.select().from(personnel).where(inArray(personnel.id, ids)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: { field: string; message: string; code?: string }[] = [];
  const seen = new Set<string>();
  for (const [field, id] of refs) {
    const p = byId.get(id);
    if (!p || p.enterpriseId !== enterpriseId) errors.push({ field, message: "不是本企业人员台账中的人员", code: "PERSON_UNKNOWN" });
    else if (!p.active) errors.push({ field, message: `${p.name}已停用（离职或调离），不能参与作业`, code: "PERSON_INACTIVE" });
    if (field.startsWith("workerIds.")) {
      if (seen.has(id)) errors.push({ field, message: "作业人重复", code: "PERSON_DUPLICATE" });
      seen.add(id);
    }
    // The watchman watches: he may not be one of the workers (GB 30871 4.x 监护人不得从事其他工作).
    if (field === "watchmanId" && input.workerIds.includes(id)) errors.push({ field, message: "监护人不得同时作为作业人", code: "WATCHMAN_IS_WORKER" });
  }
  if (errors.length) {
    if (status === 422) throw checksFailed(errors.map((e) => ({ code: e.code ?? code, field: e.field, message: e.message })));
    throw new AppError(
      status,
      code,
      `人员有误：${errors.map((e) => `${e.field}: ${e.message}`).join("；")}`,
      errors.map(({ field, message }) => ({ field, message })),
    );
  }
  return byId;
}

/** Linked permits exist in the same enterprise (not the permit itself). */
async function checkLinked(tx: Queryable, enterpriseId: string, ids: readonly string[], selfId: string | null): Promise<PermitRow[]> {
  if (!ids.length) return [];
  const rows = await tx
    .select()
    .from(permits)
    .where(inArray(permits.id, [...ids]));
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    const r = rows.find((x) => x.id === id);
    if (!r || r.enterpriseId !== enterpriseId) errors.push({ field: `linkedPermitIds.${i}`, message: "关联作业票不存在或不属于本企业" });
    else if (id === selfId) errors.push({ field: `linkedPermitIds.${i}`, message: "不能关联自身" });
  });
  if (errors.length) throw new AppError(400, "VALIDATION_FAILED", "关联作业票有误", errors);
  return rows;
}

/** Temporary electricity serving hot work or confined-space work ends with it. */
const servedEnd = (type: SpecialWorkType, linked: PermitRow[]): Date | null => {
  if (type !== "temp_electricity") return null;
  const served = linked.filter((l) => l.type === "hot_work" || l.type === "confined_space");
  return served.length ? new Date(Math.min(...served.map((l) => l.plannedEnd.getTime()))) : null;
};

// ---------------------------------------------------------------------------------------------------------------
// Events and audit

async function record(
  tx: Queryable,
  actor: Actor | null,
  p: PermitRow,
  action: string,
  now: Date,
  opts: {
    from?: string | null;
    to?: string | null;
    note?: string;
    lat?: number | null;
    lng?: number | null;
    data?: unknown;
    before?: unknown;
    after?: unknown;
    audit?: boolean;
  } = {},
): Promise<void> {
  await tx.insert(permitEvents).values({
    permitId: p.id,
    enterpriseId: p.enterpriseId,
    action,
    fromStatus: opts.from ?? null,
    toStatus: opts.to ?? null,
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? "系统",
    at: now,
    note: opts.note ?? "",
    lat: opts.lat ?? null,
    lng: opts.lng ?? null,
    data: (opts.data ?? null) as never,
  });
  if (opts.audit !== false)
    await appendAudit(
      tx,
      actor,
      {
        action: `permit.${action}`,
        targetType: "permit",
        targetId: p.id,
        enterpriseId: p.enterpriseId,
        before: opts.before ?? null,
        after: opts.after ?? null,
      },
      now,
    );
}

/** The audit view of a permit (no region path, no timestamps that every change touches). */
export const auditView = (p: PermitRow) => {
  const { regionPath: _r, sector: _s, createdAt: _c, updatedAt: _u, gradeResult: _g, ...rest } = p;
  return rest;
};

// ---------------------------------------------------------------------------------------------------------------
// Create and edit

async function nextSequence(tx: Queryable, enterpriseId: string, now: Date): Promise<number> {
  const stamp = beijingDate(now).replaceAll("-", "");
  const [row] = (
    await tx.execute(
      sql`SELECT coalesce(max(right(${permits.code}, 4)::int), 0) AS n FROM ${permits} WHERE ${permits.enterpriseId} = ${enterpriseId} AND ${permits.code} LIKE ${`%-${stamp}-%`}`,
    )
  ).rows as { n: number | string }[];
  return Number(row?.n ?? 0) + 1;
}

async function writeWorkers(tx: Queryable, permitId: string, enterpriseId: string, workerIds: readonly string[]): Promise<void> {
  await tx.delete(permitWorkers).where(eq(permitWorkers.permitId, permitId));
  if (workerIds.length) await tx.insert(permitWorkers).values(workerIds.map((personId, position) => ({ permitId, personId, enterpriseId, position })));
}

export async function createPermit(tx: Queryable, actor: Actor, e: EnterpriseRow, input: PermitInput, now: Date, config: Config): Promise<PermitRow> {
  await checkPeople(tx, e.id, input);
  const linked = await checkLinked(tx, e.id, input.linkedPermitIds, null);
  const cal = await permitCalendarFor(tx, e.regionPath, config);
  const d = deriveForWrite(
    input.type,
    input.gradeInputs,
    input.inHazardArea,
    input.plannedStart,
    input.plannedEnd,
    input.extensionReason,
    cal,
    config,
    servedEnd(input.type, linked),
  );
  const seq = await nextSequence(tx, e.id, now);
  const [row] = await tx
    .insert(permits)
    .values({
      enterpriseId: e.id,
      regionPath: e.regionPath,
      sector: e.sector,
      code: permitCode(input.type, now, seq),
      type: input.type,
      grade: d.grade,
      gradeInputs: d.gradeInputs,
      gradeResult: d.result,
      rulesVersion: GB30871_VERSION,
      status: "draft",
      highRisk: d.highRisk,
      place: input.place,
      content: input.content,
      workingUnit: input.workingUnit,
      inHazardArea: input.inHazardArea,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      workDate: beijingDate(input.plannedStart),
      extensionReason: input.extensionReason,
      requesterId: actor.userId,
      requesterName: actor.displayName,
      workLeaderId: input.workLeaderId,
      watchmanId: input.watchmanId,
      gasAnalystId: input.gasAnalystId ?? null,
      brieferId: input.brieferId ?? null,
      linkedPermitIds: input.linkedPermitIds,
      approverLevel: d.approverLevel,
      coSign: d.coSign,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const p = row!;
  await writeWorkers(tx, p.id, e.id, input.workerIds);
  await tx.insert(permitMeasures).values(MEASURE_TEMPLATES[input.type].map((m) => ({ permitId: p.id, no: m.no, text: m.text, photoRequired: !!m.photo })));
  await record(tx, actor, p, "create", now, { to: "draft", after: { ...auditView(p), workerIds: input.workerIds } });
  return p;
}

export async function updatePermit(tx: Queryable, actor: Actor, cur: PermitRow, body: PermitPatch, now: Date, config: Config): Promise<PermitRow> {
  const f = await actorFacts(tx, actor, cur);
  if (!recordAbilities(f, cur.status as PermitStatus).edit) {
    if (cur.status !== "draft") throw wrongStatus(cur.status);
    throw forbidden("只有申请人或企业安全管理人员可以修改作业票");
  }
  if (body.version !== cur.version) throw versionConflict(cur.version);
  if (body.type && body.type !== cur.type) throw fieldError("type", "作业类型不能修改；请取消本票后重新申请");
  const currentWorkers = (await tx.select().from(permitWorkers).where(eq(permitWorkers.permitId, cur.id)).orderBy(asc(permitWorkers.position))).map(
    (w) => w.personId,
  );
  const people: PeopleInput = {
    workLeaderId: body.workLeaderId ?? cur.workLeaderId,
    watchmanId: body.watchmanId ?? cur.watchmanId,
    gasAnalystId: body.gasAnalystId === undefined ? cur.gasAnalystId : body.gasAnalystId,
    brieferId: body.brieferId === undefined ? cur.brieferId : body.brieferId,
    workerIds: body.workerIds ?? currentWorkers,
  };
  await checkPeople(tx, cur.enterpriseId, people);
  const linkedIds = body.linkedPermitIds ?? cur.linkedPermitIds;
  const linked = await checkLinked(tx, cur.enterpriseId, linkedIds, cur.id);
  const type = cur.type as SpecialWorkType;
  const inHazardArea = body.inHazardArea ?? cur.inHazardArea;
  const plannedStart = body.plannedStart ?? cur.plannedStart;
  const plannedEnd = body.plannedEnd ?? cur.plannedEnd;
  const extensionReason = body.extensionReason ?? cur.extensionReason;
  let rawInputs: unknown = body.gradeInputs;
  if (rawInputs === undefined) {
    const { type: _t, ...stored } = cur.gradeInputs as Record<string, unknown>;
    rawInputs = type === "hot_work" ? { ...stored, inHazardArea } : type === "height" || type === "lifting" ? stored : {};
  }
  const cal = await permitCalendarFor(tx, cur.regionPath, config);
  const d = deriveForWrite(type, rawInputs, inHazardArea, plannedStart, plannedEnd, extensionReason, cal, config, servedEnd(type, linked));
  const [row] = await tx
    .update(permits)
    .set({
      place: body.place ?? cur.place,
      content: body.content ?? cur.content,
      workingUnit: body.workingUnit ?? cur.workingUnit,
      inHazardArea,
      plannedStart,
      plannedEnd,
      workDate: beijingDate(plannedStart),
      extensionReason,
      grade: d.grade,
      gradeInputs: d.gradeInputs,
      gradeResult: d.result,
      rulesVersion: GB30871_VERSION,
      highRisk: d.highRisk,
      approverLevel: d.approverLevel,
      coSign: d.coSign,
      workLeaderId: people.workLeaderId,
      watchmanId: people.watchmanId,
      gasAnalystId: people.gasAnalystId ?? null,
      brieferId: people.brieferId ?? null,
      linkedPermitIds: linkedIds,
      version: sql`${permits.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(permits.id, cur.id), eq(permits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  if (body.workerIds) await writeWorkers(tx, cur.id, cur.enterpriseId, body.workerIds);
  await record(tx, actor, row, "update", now, {
    before: { ...auditView(cur), workerIds: currentWorkers },
    after: { ...auditView(row), workerIds: people.workerIds },
  });
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Measures

export async function answerMeasures(
  tx: Queryable,
  actor: Actor,
  cur: PermitRow,
  body: { items: { no: number; involved: boolean }[]; version: number },
  now: Date,
): Promise<void> {
  const f = await actorFacts(tx, actor, cur);
  if (!runner(f)) throw forbidden("只有申请人、作业负责人、监护人或企业安全管理人员可以填写安全措施");
  if (cur.status !== "draft") throw wrongStatus(cur.status);
  if (body.version !== cur.version) throw versionConflict(cur.version);
  const list = await tx.select().from(permitMeasures).where(eq(permitMeasures.permitId, cur.id));
  const errors: FieldError[] = [];
  body.items.forEach((it, i) => {
    if (!list.some((m) => m.no === it.no)) errors.push({ field: `items.${i}.no`, message: `没有第 ${it.no} 项安全措施` });
  });
  if (errors.length) throw new AppError(400, "VALIDATION_FAILED", "安全措施序号有误", errors);
  for (const it of body.items) {
    await tx
      .update(permitMeasures)
      .set(it.involved ? { involved: true } : { involved: false, confirmedBy: null, confirmedByName: null, confirmedAt: null, evidenceId: null })
      .where(and(eq(permitMeasures.permitId, cur.id), eq(permitMeasures.no, it.no)));
  }
  const [row] = await tx
    .update(permits)
    .set({ version: sql`${permits.version} + 1`, updatedAt: now })
    .where(and(eq(permits.id, cur.id), eq(permits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  const before = Object.fromEntries(list.map((m) => [m.no, m.involved]));
  const after = { ...before, ...Object.fromEntries(body.items.map((it) => [it.no, it.involved])) };
  await record(tx, actor, row, "measures", now, { before: { involved: before }, after: { involved: after } });
}

/** Checks an evidence row for a permit: the enterprise's (or the caller's own unassigned upload), live capture. */
async function usableEvidence(tx: Queryable, actor: Actor, p: PermitRow, evidenceId: string, maxAgeMin: number, field = "evidenceId") {
  const [ev] = await tx.select().from(evidence).where(eq(evidence.id, evidenceId));
  const ok = ev && (ev.enterpriseId === p.enterpriseId || (ev.enterpriseId === null && ev.uploadedBy === actor.userId));
  if (!ev || !ok) throw fieldError(field, "证据不存在或不属于本企业，请先上传现场照片");
  const verdict = evidenceCaptureVerdict(
    {
      capture: (["camera", "gallery"].includes(ev.capture) ? ev.capture : "unknown") as "camera" | "gallery" | "unknown",
      takenAt: ev.takenAt ?? ev.clientTakenAt,
      receivedAt: ev.receivedAt,
    },
    maxAgeMin,
  );
  if (!verdict.accept) throw fieldError(field, verdict.flag ?? "该照片不能作为现场证据", "EVIDENCE_NOT_LIVE");
  // An unassigned upload becomes the enterprise's evidence when it is cited.
  if (ev.enterpriseId === null) await tx.update(evidence).set({ enterpriseId: p.enterpriseId }).where(eq(evidence.id, ev.id));
  return { ev, flag: verdict.flag };
}

export async function confirmMeasure(
  tx: Queryable,
  actor: Actor,
  cur: PermitRow,
  no: number,
  evidenceId: string | null | undefined,
  now: Date,
  config: Config,
): Promise<void> {
  const f = await actorFacts(tx, actor, cur);
  if (!runner(f)) throw forbidden("只有申请人、作业负责人、监护人或企业安全管理人员可以确认安全措施");
  if (!ACTIVE.includes(cur.status as PermitStatus)) throw wrongStatus(cur.status);
  const [m] = await tx
    .select()
    .from(permitMeasures)
    .where(and(eq(permitMeasures.permitId, cur.id), eq(permitMeasures.no, no)));
  if (!m) throw notFound("安全措施");
  if (m.involved !== true) throw new AppError(409, "MEASURE_NOT_INVOLVED", "该措施未标记为“涉及”，无需确认");
  if (m.photoRequired && !evidenceId) throw fieldError("evidenceId", "该措施须拍摄现场照片确认");
  let flag: string | null = null;
  if (evidenceId) flag = (await usableEvidence(tx, actor, cur, evidenceId, config.EVIDENCE_MAX_AGE_MINUTES)).flag;
  await tx
    .update(permitMeasures)
    .set({ confirmedBy: actor.userId, confirmedByName: actor.displayName, confirmedAt: now, evidenceId: evidenceId ?? null })
    .where(and(eq(permitMeasures.permitId, cur.id), eq(permitMeasures.no, no)));
  if (evidenceId)
    await tx
      .insert(permitEvidence)
      .values({ permitId: cur.id, enterpriseId: cur.enterpriseId, node: "measures", measureNo: no, evidenceId, flag, addedBy: actor.userId, addedAt: now });
  await record(tx, actor, cur, "measure_confirm", now, {
    note: `第 ${no} 项：${m.text}`,
    data: { no, evidenceId: evidenceId ?? null, flag },
    before: { no, confirmedByName: m.confirmedByName, confirmedAt: m.confirmedAt },
    after: { no, confirmedByName: actor.displayName, confirmedAt: now, evidenceId: evidenceId ?? null, flag },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Gas analyses and evidence

export type GasRow = typeof gasAnalyses.$inferSelect;

export async function recordGasAnalysis(tx: Queryable, actor: Actor, cur: PermitRow, body: GasInput, now: Date): Promise<GasRow> {
  const f = await actorFacts(tx, actor, cur);
  if (!recordAbilities(f, cur.status as PermitStatus).recordGas) {
    if (!ACTIVE.includes(cur.status as PermitStatus) && (runner(f) || f.analyst)) throw wrongStatus(cur.status);
    throw forbidden("只有申请人、作业负责人、监护人、分析人或企业安全管理人员可以记录气体分析");
  }
  if (body.sampledAt.getTime() > now.getTime() + 60_000) throw fieldError("sampledAt", "取样时间不能晚于当前时间");
  const verdict = judgeGasReading({ kind: body.kind, value: body.value, lelPercent: body.lelPercent, limit: body.limit, oxygenEnriched: body.oxygenEnriched });
  if (verdict.field) throw fieldError(verdict.field, verdict.message ?? "检测值无效");
  let analystId: string | null = body.analystId ?? null;
  let analystName = body.analystName?.trim() ?? "";
  if (analystId) {
    const [p] = await tx.select().from(personnel).where(eq(personnel.id, analystId));
    if (!p || p.enterpriseId !== cur.enterpriseId || !p.active) throw fieldError("analystId", "分析人不是本企业在册人员");
    analystName = p.name;
  } else if (!analystName && cur.gasAnalystId) {
    const [p] = await tx.select().from(personnel).where(eq(personnel.id, cur.gasAnalystId));
    analystId = p?.id ?? null;
    analystName = p?.name ?? "";
  }
  if (!analystName) throw fieldError("analystName", "请填写分析人");
  const [row] = await tx
    .insert(gasAnalyses)
    .values({
      permitId: cur.id,
      enterpriseId: cur.enterpriseId,
      sampledAt: body.sampledAt,
      point: body.point,
      gas: body.gas,
      kind: body.kind,
      value: body.value,
      unit: GAS_KINDS[body.kind].unit,
      lelPercent: body.kind === "combustible" ? (body.lelPercent ?? null) : null,
      limitValue: body.kind === "toxic" ? (body.limit ?? null) : null,
      oxygenEnriched: body.kind === "oxygen" && body.oxygenEnriched,
      pass: verdict.pass,
      criterion: verdict.criterion,
      analystId,
      analystName,
      instrument: body.instrument,
      recordedBy: actor.userId,
      recordedAt: now,
    })
    .returning();
  const g = row!;
  await record(tx, actor, cur, "gas_analysis", now, {
    note: `${g.point} ${g.gas} ${g.value}${g.unit} ${g.pass ? "合格" : "不合格"}`,
    data: { gasAnalysisId: g.id, pass: g.pass },
    after: { ...g },
  });
  return g;
}

export type PermitEvidenceRow = typeof permitEvidence.$inferSelect;

export async function attachEvidence(
  tx: Queryable,
  actor: Actor,
  cur: PermitRow,
  body: { node: string; evidenceId: string; measureNo?: number | null },
  now: Date,
  config: Config,
): Promise<PermitEvidenceRow> {
  const f = await actorFacts(tx, actor, cur);
  if (!recordAbilities(f, cur.status as PermitStatus).addEvidence) {
    if (runner(f)) throw wrongStatus(cur.status);
    throw forbidden("只有申请人、作业负责人、监护人或企业安全管理人员可以上传作业影像");
  }
  if (body.measureNo != null) {
    if (body.node !== "measures") throw fieldError("measureNo", "只有“防护措施落实”节点可以指定措施序号");
    const [m] = await tx
      .select()
      .from(permitMeasures)
      .where(and(eq(permitMeasures.permitId, cur.id), eq(permitMeasures.no, body.measureNo)));
    if (!m) throw fieldError("measureNo", `没有第 ${body.measureNo} 项安全措施`);
  }
  const { flag } = await usableEvidence(tx, actor, cur, body.evidenceId, config.EVIDENCE_MAX_AGE_MINUTES);
  const [row] = await tx
    .insert(permitEvidence)
    .values({
      permitId: cur.id,
      enterpriseId: cur.enterpriseId,
      node: body.node,
      measureNo: body.measureNo ?? null,
      evidenceId: body.evidenceId,
      flag,
      addedBy: actor.userId,
      addedAt: now,
    })
    .returning();
  await record(tx, actor, cur, "evidence", now, {
    note: EVIDENCE_NODES[body.node as EvidenceNode].zh,
    data: { permitEvidenceId: row!.id, node: body.node, evidenceId: body.evidenceId, flag },
    after: { ...row },
  });
  return row!;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks before start, resume, completion

export interface CheckContext {
  analyses: GasRow[];
  measures: (typeof permitMeasures.$inferSelect)[];
  nodes: Set<string>;
}

export async function checkContext(tx: Queryable, permitId: string): Promise<CheckContext> {
  const [analyses, measures, nodes] = await Promise.all([
    tx.select().from(gasAnalyses).where(eq(gasAnalyses.permitId, permitId)).orderBy(asc(gasAnalyses.sampledAt)),
    tx.select().from(permitMeasures).where(eq(permitMeasures.permitId, permitId)).orderBy(asc(permitMeasures.no)),
    tx.selectDistinct({ node: permitEvidence.node }).from(permitEvidence).where(eq(permitEvidence.permitId, permitId)),
  ]);
  return { analyses, measures, nodes: new Set(nodes.map((n) => n.node)) };
}

const gasRecords = (list: readonly GasRow[]) => list.map((a) => ({ sampledAt: a.sampledAt, pass: a.pass, key: `${a.kind}|${a.gas}|${a.point}` }));
const bjTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

function windowBlockers(p: PermitRow, now: Date, notBefore: boolean): Blocker[] {
  const out: Blocker[] = [];
  if (notBefore && now.getTime() < p.plannedStart.getTime())
    out.push({ code: "PERMIT_NOT_STARTED", field: "plannedStart", message: `未到作业票的计划开始时间（${bjTime(p.plannedStart)}）` });
  if (now.getTime() >= p.plannedEnd.getTime())
    out.push({ code: "PERMIT_EXPIRED", field: "plannedEnd", message: `作业票已过有效期（${bjTime(p.plannedEnd)}），请重新办理` });
  return out;
}

/** What stops the work starting now: window, gas analysis, measures, key-node evidence. */
export function startBlockers(p: PermitRow, ctx: CheckContext, now: Date): Blocker[] {
  const out = windowBlockers(p, now, true);
  if (gasAnalysisRequired(p.type as SpecialWorkType, p.inHazardArea)) {
    const r = gasStartRefusal(gasRecords(ctx.analyses), now);
    if (r) out.push({ code: r.code, field: "gasAnalyses", message: r.message });
  }
  const unanswered = ctx.measures.filter((m) => m.involved === null).map((m) => m.no);
  if (unanswered.length) out.push({ code: "MEASURES_UNANSWERED", field: "measures", message: `第 ${unanswered.join("、")} 项安全措施未选择是否涉及` });
  for (const m of ctx.measures)
    if (m.involved && !m.confirmedAt) out.push({ code: "MEASURE_NOT_CONFIRMED", field: `measures.${m.no}`, message: `第 ${m.no} 项安全措施未确认：${m.text}` });
  for (const n of requiredEvidenceNodes("start"))
    if (!ctx.nodes.has(n)) out.push({ code: "EVIDENCE_MISSING", field: `evidence.${n}`, message: `缺少“${EVIDENCE_NODES[n].zh}”现场影像` });
  return out;
}

/** What stops resuming now: the window, and after a long break (or a new day) a fresh passing analysis after the suspension. */
export function resumeBlockers(p: PermitRow, ctx: CheckContext, now: Date): Blocker[] {
  const out = windowBlockers(p, now, false);
  const type = p.type as SpecialWorkType;
  const grade = p.grade as PermitGrade | null;
  if (p.suspendedAt && gasAnalysisRequired(type, p.inHazardArea) && resumeNeedsAnalysis(type, grade, p.suspendedAt, now)) {
    const after = ctx.analyses.filter((a) => a.sampledAt.getTime() > p.suspendedAt!.getTime());
    const r = gasStartRefusal(gasRecords(after), now);
    if (r) {
      const gapMin = Math.floor((now.getTime() - p.suspendedAt.getTime()) / 60_000);
      const why = beijingDate(p.suspendedAt) !== beijingDate(now) ? "作业中断后跨日" : `作业中断 ${gapMin} 分钟，超过 ${reanalysisGapMin(type, grade)} 分钟`;
      const what = r.code === "GAS_ANALYSIS_MISSING" ? "恢复作业前须重新进行气体分析" : r.message;
      out.push({ code: r.code, field: "gasAnalyses", message: `${why}，${what}` });
    }
  }
  return out;
}

export function completeBlockers(ctx: CheckContext): Blocker[] {
  return requiredEvidenceNodes("complete")
    .filter((n) => !ctx.nodes.has(n))
    .map((n) => ({ code: "EVIDENCE_MISSING", field: `evidence.${n}`, message: `缺少“${EVIDENCE_NODES[n].zh}”现场影像` }));
}

// ---------------------------------------------------------------------------------------------------------------
// Submit checks: people, certificates, window, measures, linked permits

interface CertSeen {
  type: CertificateType;
  number: string;
  validUntil: string;
}

async function certificatesOf(tx: Queryable, personIds: readonly string[]): Promise<Map<string, CertSeen[]>> {
  const out = new Map<string, CertSeen[]>();
  if (!personIds.length) return out;
  const rows = await tx
    .select({ personId: certificates.personId, type: certificates.type, number: certificates.number, validUntil: certificates.validUntil })
    .from(certificates)
    .where(inArray(certificates.personId, [...personIds]))
    .orderBy(asc(certificates.validUntil));
  for (const r of rows) {
    const list = out.get(r.personId) ?? [];
    list.push({ type: r.type as CertificateType, number: r.number, validUntil: String(r.validUntil) });
    out.set(r.personId, list);
  }
  return out;
}

export interface CertificateCheck {
  personId: string;
  name: string;
  role: "worker" | "watchman";
  field: string;
  type: CertificateType;
  code: "CERTIFICATE_MISSING" | "CERTIFICATE_EXPIRED";
  message: string;
}

/** Certificate refusals for workers (field workerIds.<i>) and the watchman (watchmanId), with what each holds. */
export async function checkCertificates(
  tx: Queryable,
  type: SpecialWorkType,
  workers: readonly { id: string; name: string }[],
  watchman: { id: string; name: string } | null,
  plannedEnd: Date,
): Promise<{ refusals: CertificateCheck[]; held: Map<string, CertSeen[]> }> {
  const held = await certificatesOf(tx, [...workers.map((w) => w.id), ...(watchman ? [watchman.id] : [])]);
  const people = [
    ...workers.map((w, i) => ({ personId: w.id, name: w.name, role: "worker" as const, certificates: held.get(w.id) ?? [], field: `workerIds.${i}` })),
    ...(watchman
      ? [{ personId: watchman.id, name: watchman.name, role: "watchman" as const, certificates: held.get(watchman.id) ?? [], field: "watchmanId" }]
      : []),
  ];
  const refusals: CertificateCheck[] = [];
  for (const p of people) for (const r of certificateRefusals(type, [p], plannedEnd)) refusals.push({ ...r, name: p.name, field: p.field });
  return { refusals, held };
}

async function submitChecks(
  tx: Queryable,
  p: PermitRow,
  now: Date,
  config: Config,
): Promise<{ blockers: Blocker[]; held: Map<string, CertSeen[]>; workerIds: string[] }> {
  const workerRows = await tx.select().from(permitWorkers).where(eq(permitWorkers.permitId, p.id)).orderBy(asc(permitWorkers.position));
  const workerIds = workerRows.map((w) => w.personId);
  const blockers: Blocker[] = [];
  let people: Map<string, PersonRow>;
  try {
    people = await checkPeople(
      tx,
      p.enterpriseId,
      { workLeaderId: p.workLeaderId, watchmanId: p.watchmanId, gasAnalystId: p.gasAnalystId, brieferId: p.brieferId, workerIds },
      "PERSON_INACTIVE",
      422,
    );
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 422) {
      blockers.push(...((e.extra?.details as Blocker[]) ?? []));
      people = new Map(
        (
          await tx
            .select()
            .from(personnel)
            .where(inArray(personnel.id, [...workerIds, p.watchmanId]))
        ).map((r) => [r.id, r]),
      );
    } else throw e;
  }
  const named = (id: string) => ({ id, name: people.get(id)?.name ?? "" });
  const certs = await checkCertificates(tx, p.type as SpecialWorkType, workerIds.map(named), named(p.watchmanId), p.plannedEnd);
  blockers.push(...certs.refusals.map((r) => ({ code: r.code, field: r.field, message: r.message })));
  const linked = p.linkedPermitIds.length ? await tx.select().from(permits).where(inArray(permits.id, p.linkedPermitIds)) : [];
  p.linkedPermitIds.forEach((id, i) => {
    const l = linked.find((x) => x.id === id);
    if (!l || l.enterpriseId !== p.enterpriseId)
      blockers.push({ code: "LINKED_PERMIT_FOREIGN", field: `linkedPermitIds.${i}`, message: "关联作业票不存在或不属于本企业" });
  });
  const cal = await permitCalendarFor(tx, p.regionPath, config);
  const d = derive(
    p.type as SpecialWorkType,
    (() => {
      const { type: _t, ...rest } = p.gradeInputs as Record<string, unknown>;
      return rest;
    })(),
    p.inHazardArea,
    p.plannedStart,
    p.plannedEnd,
    p.extensionReason,
    cal,
    config,
    servedEnd(p.type as SpecialWorkType, linked),
  );
  if (d.validity) blockers.push(d.validity);
  if (now.getTime() >= p.plannedEnd.getTime())
    blockers.push({ code: "PERMIT_EXPIRED", field: "plannedEnd", message: `计划结束时间（${bjTime(p.plannedEnd)}）已过，请修改作业时间` });
  const unanswered = (
    await tx
      .select({ no: permitMeasures.no })
      .from(permitMeasures)
      .where(and(eq(permitMeasures.permitId, p.id), sql`${permitMeasures.involved} IS NULL`))
      .orderBy(asc(permitMeasures.no))
  ).map((m) => m.no);
  if (unanswered.length) blockers.push({ code: "MEASURES_UNANSWERED", field: "measures", message: `第 ${unanswered.join("、")} 项安全措施未选择是否涉及` });
  return { blockers, held: certs.held, workerIds };
}

// ---------------------------------------------------------------------------------------------------------------
// Life-cycle actions

/** Users who may approve a permit needing `level` in the enterprise (configured, else the default roles), except `except`. */
export async function possibleApprovers(
  tx: Queryable,
  enterpriseId: string,
  level: ApproverLevel,
  except: string | null,
): Promise<{ id: string; displayName: string; role: string }[]> {
  const [members, rows] = await Promise.all([
    enterpriseMembers(tx, enterpriseId),
    tx.select({ level: permitApprovers.level, userId: permitApprovers.userId }).from(permitApprovers).where(eq(permitApprovers.enterpriseId, enterpriseId)),
  ]);
  const configured = new Set(rows.map((r) => r.level));
  const levelsOf = (u: { id: string; role: string }): ApproverLevel[] =>
    APPROVER_LEVEL_CODES.filter((l) => (configured.has(l) ? rows.some((r) => r.level === l && r.userId === u.id) : DEFAULT_APPROVER_ROLES[l].includes(u.role)));
  return members.filter((u) => u.id !== except && holdsApproval(levelsOf(u), level));
}

/** Active users of the enterprise (candidates for approvers). */
export async function enterpriseMembers(tx: Queryable, enterpriseId: string): Promise<{ id: string; displayName: string; role: string }[]> {
  return tx
    .select({ id: users.id, displayName: users.displayName, role: users.role })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(organizations.enterpriseId, enterpriseId), eq(users.disabled, false)))
    .orderBy(users.username);
}

const REFUSAL_STATUS: Record<string, number> = { PERMIT_WRONG_STATUS: 409, PERMIT_SELF_APPROVAL: 403, PERMIT_APPROVER_LEVEL: 403, FORBIDDEN: 403 };

export async function runAction(
  tx: Queryable,
  actor: Actor,
  cur: PermitRow,
  action: PermitAction,
  body: ActionInput,
  now: Date,
  config: Config,
): Promise<PermitRow> {
  const f = await actorFacts(tx, actor, cur);
  const refusal = permitRefusal(f, { status: cur.status as PermitStatus, requiredApprover: cur.approverLevel as ApproverLevel }, action);
  if (refusal === "PERMIT_WRONG_STATUS") throw wrongStatus(cur.status);
  if (refusal) {
    const extra = refusal === "PERMIT_APPROVER_LEVEL" ? `：本票须由“${APPROVER_LEVELS[cur.approverLevel as ApproverLevel]?.zh ?? cur.approverLevel}”审批` : "";
    throw new AppError(REFUSAL_STATUS[refusal]!, refusal, `${PERMIT_REFUSAL_MESSAGES[refusal]}${extra}`);
  }
  if (body.version !== cur.version) throw versionConflict(cur.version);
  const t = PERMIT_TRANSITIONS[action];
  const set: Partial<typeof permits.$inferInsert> = {};
  let blockers: Blocker[] = [];
  let note = body.note ?? "";
  let after: Record<string, unknown> = {};
  let submitted: Awaited<ReturnType<typeof submitChecks>> | null = null;
  switch (action) {
    case "submit":
      submitted = await submitChecks(tx, cur, now, config);
      blockers = submitted.blockers;
      break;
    case "approve": {
      if (body.lat == null) blockers.push({ code: "LOCATION_REQUIRED", field: "lat", message: "审批须在现场进行，请允许获取位置（纬度）" });
      if (body.lng == null) blockers.push({ code: "LOCATION_REQUIRED", field: "lng", message: "审批须在现场进行，请允许获取位置（经度）" });
      blockers.push(...windowBlockers(cur, now, false));
      const opinion = body.opinion?.trim() || "同意作业";
      Object.assign(set, {
        approvedBy: actor.userId,
        approvedByName: actor.displayName,
        approvedAt: now,
        approvalLat: body.lat ?? null,
        approvalLng: body.lng ?? null,
        approvalOpinion: opinion,
      });
      note = opinion;
      after = { approvedByName: actor.displayName, approvedAt: now, lat: body.lat, lng: body.lng, opinion };
      break;
    }
    case "return": {
      const opinion = body.opinion?.trim() || body.note?.trim() || "";
      if (!opinion) blockers.push({ code: "OPINION_REQUIRED", field: "opinion", message: "退回时请填写审批意见" });
      note = opinion;
      break;
    }
    case "start": {
      const ctx = await checkContext(tx, cur.id);
      blockers = startBlockers(cur, ctx, now);
      if (!cur.startedAt) set.startedAt = now;
      break;
    }
    case "suspend":
      set.suspendedAt = now;
      break;
    case "resume": {
      const ctx = await checkContext(tx, cur.id);
      blockers = resumeBlockers(cur, ctx, now);
      set.suspendedAt = null;
      break;
    }
    case "complete": {
      const ctx = await checkContext(tx, cur.id);
      blockers = completeBlockers(ctx);
      set.completedAt = now;
      break;
    }
    case "accept": {
      const retainUntil = new Date(now.getTime() + config.PERMIT_RETENTION_DAYS * 86_400_000);
      Object.assign(set, { acceptedBy: actor.userId, acceptedByName: actor.displayName, acceptedAt: now, closedAt: now, retainUntil });
      after = { acceptedByName: actor.displayName, closedAt: now, retainUntil };
      break;
    }
    case "cancel": {
      const reason = body.reason?.trim() || "";
      if (!reason) blockers.push({ code: "REASON_REQUIRED", field: "reason", message: "取消作业票须填写理由" });
      set.cancelReason = reason;
      note = reason;
      break;
    }
  }
  if (blockers.length) throw checksFailed(blockers, `不能${t.zh}`);
  const [row] = await tx
    .update(permits)
    .set({ ...set, status: t.to, version: sql`${permits.version} + 1`, updatedAt: now })
    .where(and(eq(permits.id, cur.id), eq(permits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  if (submitted) {
    // The certificates as checked now stay with the permit (permit_workers.certificates).
    for (const id of submitted.workerIds)
      await tx
        .update(permitWorkers)
        .set({ certificates: submitted.held.get(id) ?? [] })
        .where(and(eq(permitWorkers.permitId, cur.id), eq(permitWorkers.personId, id)));
    after = { watchmanCertificates: submitted.held.get(cur.watchmanId) ?? [] };
  }
  await record(tx, actor, row, action, now, {
    from: cur.status,
    to: t.to,
    note,
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    data: Object.keys(after).length ? after : null,
    before: { status: cur.status, version: cur.version },
    after: { status: row.status, version: row.version, ...after },
  });
  if (action === "submit") {
    const to = await possibleApprovers(tx, row.enterpriseId, row.approverLevel as ApproverLevel, row.requesterId);
    const g = row.grade ? `（${PERMIT_GRADES[row.grade as PermitGrade].zh}）` : "";
    await insertNotifications(
      tx,
      { userIds: to.map((u) => u.id) },
      {
        kind: "permit_approval",
        title: `${SPECIAL_WORK_TYPES[row.type as SpecialWorkType].zh}票${g} ${row.code} 待审批：${row.place}`,
        targetType: "permit",
        targetId: row.id,
        enterpriseId: row.enterpriseId,
      },
      now,
    );
  }
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Approvers configuration

export async function setApprovers(tx: Queryable, actor: Actor, e: EnterpriseRow, levels: Partial<Record<string, string[]>>, now: Date): Promise<void> {
  if (!isPermitManager(actor, { enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector }))
    throw forbidden("只有企业主要负责人、安全管理人员或系统管理员可以设置审批人");
  const members = new Map((await enterpriseMembers(tx, e.id)).map((u) => [u.id, u]));
  const errors: FieldError[] = [];
  for (const [level, ids] of Object.entries(levels))
    (ids ?? []).forEach((id, i) => {
      if (!members.has(id)) errors.push({ field: `levels.${level}.${i}`, message: "不是本企业的在用账号" });
    });
  if (errors.length) throw new AppError(400, "VALIDATION_FAILED", "审批人有误", errors);
  const before = await tx
    .select({ level: permitApprovers.level, userId: permitApprovers.userId })
    .from(permitApprovers)
    .where(eq(permitApprovers.enterpriseId, e.id));
  await tx.delete(permitApprovers).where(eq(permitApprovers.enterpriseId, e.id));
  const rows = Object.entries(levels).flatMap(([level, ids]) =>
    [...new Set(ids ?? [])].map((userId) => ({ enterpriseId: e.id, level, userId, createdAt: now })),
  );
  if (rows.length) await tx.insert(permitApprovers).values(rows);
  await appendAudit(
    tx,
    actor,
    {
      action: "permit.approvers",
      targetType: "enterprise",
      targetId: e.id,
      enterpriseId: e.id,
      before,
      after: rows.map(({ level, userId }) => ({ level, userId })),
    },
    now,
  );
}

/** Last start or resume of a permit (the confined-space 2-h record counts from it). */
export async function runningSince(tx: Queryable, permitIds: readonly string[]): Promise<Map<string, Date>> {
  if (!permitIds.length) return new Map();
  const rows = await tx
    .select({ permitId: permitEvents.permitId, at: sql<Date>`max(${permitEvents.at})`.mapWith((v) => new Date(v)) })
    .from(permitEvents)
    .where(and(inArray(permitEvents.permitId, [...permitIds]), inArray(permitEvents.action, ["start", "resume"])))
    .groupBy(permitEvents.permitId);
  return new Map(rows.map((r) => [r.permitId, r.at]));
}

/** Latest gas sample per permit. */
export async function lastGasAt(tx: Queryable, permitIds: readonly string[]): Promise<Map<string, Date>> {
  if (!permitIds.length) return new Map();
  const rows = await tx
    .select({ permitId: gasAnalyses.permitId, at: sql<Date>`max(${gasAnalyses.sampledAt})`.mapWith((v) => new Date(v)) })
    .from(gasAnalyses)
    .where(inArray(gasAnalyses.permitId, [...permitIds]))
    .groupBy(gasAnalyses.permitId);
  return new Map(rows.map((r) => [r.permitId, r.at]));
}

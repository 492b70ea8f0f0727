/** Answers for permits: the summary (lists, today's screens) and the detail with measures, gas, evidence, events, abilities and blockers. */
import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  type Actor,
  APPROVER_LEVELS,
  type ApproverLevel,
  canReadEnterprise,
  EVIDENCE_NODES,
  type EvidenceNode,
  GAS_KINDS,
  type GasKind,
  maxValidityMs,
  PERMIT_GRADES,
  PERMIT_STATUSES,
  type PermitGrade,
  type PermitStatus,
  periodicAnalysisOverdueMin,
  permitActions,
  type Sector,
  SPECIAL_WORK_TYPES,
  type SpecialWorkType,
  CERTIFICATE_TYPES,
  type CertificateType,
} from "@anguan/domain";
import type { Config } from "../../config";
import type { Queryable } from "../../db/client";
import { certificates, enterprises, evidence, files, type gasAnalyses, permitEvents, permitEvidence, permits, permitWorkers, personnel } from "../../db/schema";
import { notFound } from "../../platform/errors";
import {
  actorFacts,
  type Blocker,
  type CheckContext,
  checkContext,
  completeBlockers,
  isUuid,
  LABEL,
  lastGasAt,
  type PermitRow,
  recordAbilities,
  resumeBlockers,
  runningSince,
  startBlockers,
} from "./service";

const leader = alias(personnel, "work_leader");
const watch = alias(personnel, "watchman");

const summaryColumns = {
  id: permits.id,
  enterpriseId: permits.enterpriseId,
  enterpriseName: enterprises.name,
  regionPath: permits.regionPath,
  code: permits.code,
  type: permits.type,
  grade: permits.grade,
  highRisk: permits.highRisk,
  status: permits.status,
  place: permits.place,
  content: permits.content,
  plannedStart: permits.plannedStart,
  plannedEnd: permits.plannedEnd,
  workDate: permits.workDate,
  requesterName: permits.requesterName,
  workLeaderName: leader.name,
  watchmanName: watch.name,
  approverLevel: permits.approverLevel,
  version: permits.version,
};

export type SummaryRow = Awaited<ReturnType<typeof selectSummaries>>[number];

/** Summaries with a condition, newest planned start first (or by start ascending for today's screens). */
export function selectSummaries(db: Queryable, where: SQL | undefined, opts: { limit?: number; offset?: number; ascending?: boolean } = {}) {
  const q = db
    .select(summaryColumns)
    .from(permits)
    .innerJoin(enterprises, eq(enterprises.id, permits.enterpriseId))
    .leftJoin(leader, eq(leader.id, permits.workLeaderId))
    .leftJoin(watch, eq(watch.id, permits.watchmanId))
    .where(where)
    .orderBy(...(opts.ascending ? [asc(permits.plannedStart), asc(permits.code)] : [desc(permits.plannedStart), desc(permits.code)]));
  if (opts.limit !== undefined) return q.limit(opts.limit).offset(opts.offset ?? 0);
  return q;
}

export const gradeName = (g: string | null) => (g ? (PERMIT_GRADES[g as PermitGrade]?.zh ?? g) : null);

export function presentSummary(r: SummaryRow) {
  const { regionPath: _p, ...rest } = r;
  return {
    ...rest,
    typeName: SPECIAL_WORK_TYPES[r.type as SpecialWorkType]?.zh ?? r.type,
    gradeName: gradeName(r.grade),
    statusName: PERMIT_STATUSES[r.status as PermitStatus]?.zh ?? r.status,
    workLeaderName: r.workLeaderName ?? "",
    watchmanName: r.watchmanName ?? "",
    approverLevelName: APPROVER_LEVELS[r.approverLevel as ApproverLevel]?.zh ?? r.approverLevel,
    plannedStart: r.plannedStart.toISOString(),
    plannedEnd: r.plannedEnd.toISOString(),
    workDate: String(r.workDate),
  };
}

/** The blockers of the permit's next step: start (before starting), resume (suspended), complete (in progress). */
export function blockersOf(p: PermitRow, ctx: CheckContext, now: Date): { start: Blocker[]; resume: Blocker[]; complete: Blocker[] } {
  const s = p.status as PermitStatus;
  return {
    start: ["draft", "pending_approval", "approved"].includes(s) ? startBlockers(p, ctx, now) : [],
    resume: s === "suspended" ? resumeBlockers(p, ctx, now) : [],
    complete: s === "in_progress" || s === "suspended" ? completeBlockers(ctx) : [],
  };
}

/** Minutes a confined-space permit in progress is past its 2-hourly gas record (0 otherwise). */
export function gasOverdue(p: PermitRow, lastSample: Date | null, since: Date | null, now: Date): number {
  if (p.status !== "in_progress") return 0;
  return periodicAnalysisOverdueMin(p.type as SpecialWorkType, lastSample, since ?? p.startedAt ?? now, now);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentGas(g: typeof gasAnalyses.$inferSelect) {
  return {
    id: g.id,
    sampledAt: g.sampledAt.toISOString(),
    point: g.point,
    gas: g.gas,
    kind: g.kind,
    kindName: GAS_KINDS[g.kind as GasKind]?.zh ?? g.kind,
    value: g.value,
    unit: g.unit,
    lelPercent: g.lelPercent,
    limitValue: g.limitValue,
    oxygenEnriched: g.oxygenEnriched,
    pass: g.pass,
    criterion: g.criterion,
    analystName: g.analystName,
    instrument: g.instrument,
    recordedAt: g.recordedAt.toISOString(),
  };
}

/** Evidence cited by permits, with the file's receipt time, uploader, hash and type. */
export async function evidenceOf(db: Queryable, where: SQL) {
  const rows = await db
    .select({
      id: permitEvidence.id,
      permitId: permitEvidence.permitId,
      node: permitEvidence.node,
      measureNo: permitEvidence.measureNo,
      evidenceId: permitEvidence.evidenceId,
      flag: permitEvidence.flag,
      addedAt: permitEvidence.addedAt,
      fileSha256: evidence.fileSha256,
      mime: files.mime,
      receivedAt: evidence.receivedAt,
      takenAt: evidence.takenAt,
      capture: evidence.capture,
      uploadedByName: evidence.uploadedByName,
      lat: evidence.lat,
      lng: evidence.lng,
    })
    .from(permitEvidence)
    .innerJoin(evidence, eq(evidence.id, permitEvidence.evidenceId))
    .leftJoin(files, eq(files.sha256, evidence.fileSha256))
    .where(where)
    .orderBy(asc(permitEvidence.addedAt), asc(permitEvidence.id));
  return rows.map((r) => ({
    id: r.id,
    node: r.node,
    nodeName: `${EVIDENCE_NODES[r.node as EvidenceNode]?.zh ?? r.node}${r.measureNo ? `（第 ${r.measureNo} 项措施）` : ""}`,
    measureNo: r.measureNo,
    evidenceId: r.evidenceId,
    fileSha256: r.fileSha256,
    mime: r.mime ?? "",
    receivedAt: r.receivedAt.toISOString(),
    takenAt: iso(r.takenAt),
    capture: r.capture,
    uploadedByName: r.uploadedByName,
    flag: r.flag,
    lat: r.lat,
    lng: r.lng,
    addedAt: r.addedAt.toISOString(),
  }));
}

const refOf = (p: { enterpriseId: string; regionPath: string; sector: string }) => ({
  id: p.enterpriseId,
  regionPath: p.regionPath,
  sector: p.sector as Sector,
});

/** A permit the actor may read (404 otherwise). */
export async function permitForRead(db: Queryable, actor: Actor, id: string): Promise<PermitRow> {
  if (!isUuid(id)) throw notFound(LABEL);
  const [p] = await db.select().from(permits).where(eq(permits.id, id));
  if (!p || !canReadEnterprise(actor, refOf(p))) throw notFound(LABEL);
  return p;
}

export type PermitDetail = Awaited<ReturnType<typeof presentDetail>>;

export async function presentDetail(db: Queryable, actor: Actor, id: string, now: Date, config: Pick<Config, "PERMIT_UNCAPPED_VALIDITY_HOURS">) {
  const p = await permitForRead(db, actor, id);
  const personIds = [p.workLeaderId, p.watchmanId, p.gasAnalystId, p.brieferId].filter((x): x is string => !!x);
  const [[summary], workerRows, people, ctx, evidenceList, events, linked, facts, since, lastGas] = await Promise.all([
    selectSummaries(db, eq(permits.id, id)),
    db
      .select({ personId: permitWorkers.personId, name: personnel.name, certificates: permitWorkers.certificates, position: permitWorkers.position })
      .from(permitWorkers)
      .leftJoin(personnel, eq(personnel.id, permitWorkers.personId))
      .where(eq(permitWorkers.permitId, id))
      .orderBy(asc(permitWorkers.position)),
    db.select({ id: personnel.id, name: personnel.name }).from(personnel).where(inArray(personnel.id, personIds)),
    checkContext(db, id),
    evidenceOf(db, eq(permitEvidence.permitId, id)),
    db.select().from(permitEvents).where(eq(permitEvents.permitId, id)).orderBy(asc(permitEvents.at), asc(permitEvents.id)),
    p.linkedPermitIds.length
      ? db
          .select({ id: permits.id, code: permits.code, type: permits.type, status: permits.status })
          .from(permits)
          .where(inArray(permits.id, p.linkedPermitIds))
      : Promise.resolve([]),
    actorFacts(db, actor, p),
    runningSince(db, [id]),
    lastGasAt(db, [id]),
  ]);
  // Before submission the registry's certificates show; from submission on, those checked then.
  const live =
    p.status === "draft" && workerRows.length
      ? await db
          .select({ personId: certificates.personId, type: certificates.type, number: certificates.number, validUntil: certificates.validUntil })
          .from(certificates)
          .where(
            inArray(
              certificates.personId,
              workerRows.map((w) => w.personId),
            ),
          )
          .orderBy(asc(certificates.validUntil))
      : [];
  const name = (pid: string | null) => {
    if (!pid) return null;
    return { personId: pid, name: people.find((x) => x.id === pid)?.name ?? "" };
  };
  const certView = (c: { type: string; number: string; validUntil: string }) => ({
    type: c.type,
    typeName: CERTIFICATE_TYPES[c.type as CertificateType]?.zh ?? c.type,
    number: c.number,
    validUntil: String(c.validUntil),
  });
  const status = p.status as PermitStatus;
  const abilities = recordAbilities(facts, status);
  return {
    ...presentSummary(summary!),
    workingUnit: p.workingUnit,
    inHazardArea: p.inHazardArea,
    gradeInputs: p.gradeInputs,
    gradeResult: p.gradeResult,
    rulesVersion: p.rulesVersion,
    maxValidityHours:
      maxValidityMs(p.type as SpecialWorkType, p.grade as PermitGrade | null, {
        uncappedMs: config.PERMIT_UNCAPPED_VALIDITY_HOURS * 3600_000,
        extendedElectricity: p.type === "temp_electricity" && p.extensionReason.length > 0,
      }) / 3600_000,
    extensionReason: p.extensionReason,
    coSign: p.coSign,
    linkedPermits: linked.map((l) => ({ ...l, typeName: SPECIAL_WORK_TYPES[l.type as SpecialWorkType]?.zh ?? l.type })),
    people: { workLeader: name(p.workLeaderId), watchman: name(p.watchmanId), gasAnalyst: name(p.gasAnalystId), briefer: name(p.brieferId) },
    workers: workerRows.map((w) => ({
      personId: w.personId,
      name: w.name ?? "",
      certificates: (status === "draft"
        ? live.filter((c) => c.personId === w.personId)
        : (w.certificates as { type: string; number: string; validUntil: string }[])
      ).map(certView),
    })),
    measures: ctx.measures.map((m) => ({
      no: m.no,
      text: m.text,
      photoRequired: m.photoRequired,
      involved: m.involved,
      confirmedByName: m.confirmedByName,
      confirmedAt: iso(m.confirmedAt),
      evidenceId: m.evidenceId,
    })),
    gasAnalyses: ctx.analyses.map(presentGas),
    evidence: evidenceList,
    events: events.map((e) => ({
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorName: e.actorName,
      at: e.at.toISOString(),
      note: e.note,
      lat: e.lat,
      lng: e.lng,
    })),
    approval: p.approvedAt
      ? { byName: p.approvedByName ?? "", at: p.approvedAt.toISOString(), lat: p.approvalLat, lng: p.approvalLng, opinion: p.approvalOpinion }
      : null,
    acceptance: p.acceptedAt ? { byName: p.acceptedByName ?? "", at: p.acceptedAt.toISOString() } : null,
    startedAt: iso(p.startedAt),
    suspendedAt: iso(p.suspendedAt),
    completedAt: iso(p.completedAt),
    closedAt: iso(p.closedAt),
    cancelReason: p.cancelReason,
    retainUntil: iso(p.retainUntil),
    abilities: {
      actions: facts.writer ? permitActions(facts, { status, requiredApprover: p.approverLevel as ApproverLevel }) : [],
      edit: abilities.edit,
      answerMeasures: abilities.answerMeasures,
      confirmMeasures: abilities.confirmMeasures,
      recordGas: abilities.recordGas,
      addEvidence: abilities.addEvidence,
    },
    blockers: blockersOf(p, ctx, now),
    gasOverdueMin: gasOverdue(p, lastGas.get(id) ?? null, since.get(id) ?? null, now),
    lastGasAt: iso(lastGas.get(id) ?? null),
  };
}

/** Loads permit rows by id for a list of summaries (today's screen needs the blockers of each). */
export async function rowsById(db: Queryable, ids: readonly string[]): Promise<Map<string, PermitRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(permits)
    .where(and(inArray(permits.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r]));
}

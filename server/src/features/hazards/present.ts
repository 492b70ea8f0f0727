/** What the API shows of a hazard: list rows and the detail (history, evidence by stage, the caller's actions). */
import { asc, eq } from "drizzle-orm";
import { EVIDENCE_STAGES, hazardActions, isOverdue, type Actor, type EvidenceStage, type HazardStatus } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { determinationItems, enterprises, evidence, files, hazardEvents, hazardEvidence, hazards, organizations, users } from "../../db/schema";
import { regionsByCode } from "../../platform/regions";
import { hazardActorOf, hazardFactsOf } from "./access";
import type { HazardRow } from "./create";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const regionCodeOf = (path: string) => path.split("/").filter(Boolean).at(-1) ?? "";

/** The list row (also the base of the detail). */
export function presentSummary(
  h: Pick<
    HazardRow,
    | "id"
    | "code"
    | "title"
    | "enterpriseId"
    | "regionPath"
    | "sector"
    | "status"
    | "level"
    | "dangerType"
    | "source"
    | "manageType"
    | "location"
    | "deadline"
    | "supervisedByOrgId"
    | "escalationLevel"
    | "reportedAt"
    | "reportedByName"
    | "closedAt"
    | "rectifierUserId"
  >,
  extra: { enterpriseName: string; regionName: string },
  now: Date,
) {
  return {
    id: h.id,
    code: h.code,
    title: h.title,
    enterpriseId: h.enterpriseId,
    enterpriseName: extra.enterpriseName,
    regionCode: regionCodeOf(h.regionPath),
    regionName: extra.regionName,
    sector: h.sector,
    status: h.status as HazardStatus,
    level: h.level,
    dangerType: h.dangerType,
    source: h.source,
    manageType: h.manageType,
    location: h.location,
    deadline: iso(h.deadline),
    overdue: isOverdue({ status: h.status as HazardStatus, deadline: h.deadline }, now),
    supervised: !!h.supervisedByOrgId,
    supervisedByOrgId: h.supervisedByOrgId,
    escalationLevel: h.escalationLevel,
    rectifierUserId: h.rectifierUserId,
    reportedAt: h.reportedAt.toISOString(),
    reportedByName: h.reportedByName,
    closedAt: iso(h.closedAt),
  };
}

/** Region names of a page of hazards (cached region look-ups). */
export async function regionNamesOf(db: Queryable, paths: readonly string[]): Promise<Map<string, string>> {
  const codes = [...new Set(paths.map(regionCodeOf))];
  const found = await regionsByCode(db, codes);
  return new Map(codes.map((c) => [c, found.get(c)?.name ?? c]));
}

export async function presentHazard(db: Queryable, actor: Actor, id: string, now: Date) {
  const [h] = await db.select().from(hazards).where(eq(hazards.id, id));
  if (!h) throw new Error(`hazard ${id} vanished`);
  const [[ent], events, ev, [item], names] = await Promise.all([
    db.select({ name: enterprises.name }).from(enterprises).where(eq(enterprises.id, h.enterpriseId)),
    db.select().from(hazardEvents).where(eq(hazardEvents.hazardId, h.id)).orderBy(asc(hazardEvents.id)),
    db
      .select({
        stage: hazardEvidence.stage,
        id: evidence.id,
        fileSha256: evidence.fileSha256,
        receivedAt: evidence.receivedAt,
        takenAt: evidence.takenAt,
        clientTakenAt: evidence.clientTakenAt,
        capture: evidence.capture,
        uploadedByName: evidence.uploadedByName,
        lat: evidence.lat,
        lng: evidence.lng,
        mime: files.mime,
        hasThumbnail: files.hasThumbnail,
      })
      .from(hazardEvidence)
      .innerJoin(evidence, eq(evidence.id, hazardEvidence.evidenceId))
      .innerJoin(files, eq(files.sha256, evidence.fileSha256))
      .where(eq(hazardEvidence.hazardId, h.id))
      .orderBy(asc(evidence.receivedAt), asc(evidence.id)),
    h.standardItemCode
      ? db.select().from(determinationItems).where(eq(determinationItems.code, h.standardItemCode))
      : Promise.resolve([] as (typeof determinationItems.$inferSelect)[]),
    regionNamesOf(db, [h.regionPath]),
  ]);
  const [rectifier] = h.rectifierUserId ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, h.rectifierUserId)) : [];
  const [supervisor] = h.supervisedByOrgId
    ? await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, h.supervisedByOrgId))
    : [];
  const evidenceList = ev.map((e) => ({
    ...e,
    receivedAt: e.receivedAt.toISOString(),
    takenAt: iso(e.takenAt),
    clientTakenAt: iso(e.clientTakenAt),
  }));
  const byStage = Object.fromEntries((Object.keys(EVIDENCE_STAGES) as EvidenceStage[]).map((s) => [s, evidenceList.filter((e) => e.stage === s)])) as Record<
    EvidenceStage,
    typeof evidenceList
  >;
  return {
    ...presentSummary(h, { enterpriseName: ent?.name ?? "", regionName: names.get(regionCodeOf(h.regionPath)) ?? "" }, now),
    version: h.version,
    description: h.description,
    lat: h.lat,
    lng: h.lng,
    category: h.category,
    managementClass: h.managementClass,
    standardItemCode: h.standardItemCode,
    standardItem: item ? { code: item.code, standard: item.standard, standardName: item.standardName, text: item.text } : null,
    riskUnitId: h.riskUnitId,
    measureId: h.measureId,
    checkRecordId: h.checkRecordId,
    enforcementId: h.enforcementId,
    reportedByOrgKind: h.reportedByOrgKind,
    confirmedAt: iso(h.confirmedAt),
    rectification: h.rectification,
    rectifierName: rectifier?.name ?? null,
    governancePlan: h.governancePlan,
    rectifiedAt: iso(h.rectifiedAt),
    rectifyNote: h.rectifyNote,
    acceptedAt: iso(h.acceptedAt),
    acceptComment: h.acceptComment,
    supervisedByOrgName: supervisor?.name ?? null,
    supervisedAt: iso(h.supervisedAt),
    supervisionNote: h.supervisionNote,
    signedOffAt: iso(h.signedOffAt),
    reportedToRegulatorsAt: iso(h.reportedToRegulatorsAt),
    extension: h.extension,
    lastEscalatedAt: iso(h.lastEscalatedAt),
    events: events.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actorName: e.actorName,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      comment: e.comment,
      data: e.data,
    })),
    /** Every photo or video of the hazard, oldest first, each with its stage. */
    evidence: evidenceList,
    /** The same, grouped by stage: report (整改前), rectification (整改后), acceptance (验收). */
    evidenceByStage: byStage,
    actions: hazardActions(hazardActorOf(actor, h), hazardFactsOf(h)),
  };
}

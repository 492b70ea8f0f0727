/**
 * Registering a hidden hazard (隐患登记): the one way every source creates one — 随手拍, an abnormal inspection item,
 * a failed self-check item, a regulator's inspection. One transaction with its first event and audit row.
 */
import crypto from "node:crypto";
import { and, inArray, isNull } from "drizzle-orm";
import type { Actor, HazardLevel, HazardSource } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { evidence, hazardEvents, hazardEvidence, hazards } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { fieldError } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { shanghaiDate } from "../../platform/time";
import { reportMajorHazard } from "./majorReport";

export interface NewHazard {
  title: string;
  description: string;
  location?: string;
  lat?: number | null;
  lng?: number | null;
  level?: HazardLevel;
  dangerType?: number | null;
  source: HazardSource;
  riskUnitId?: string | null;
  measureId?: string | null;
  checkRecordId?: string | null;
  enforcementId?: string | null;
  evidenceIds?: readonly string[];
}

export type HazardRow = typeof hazards.$inferSelect;

/** A readable, unique register number: YH + date (Asia/Shanghai) + 8 random hex digits. */
export function hazardCode(now: Date): string {
  return `YH${shanghaiDate(now).replaceAll("-", "")}${crypto.randomBytes(4).toString("hex").toUpperCase()}`;
}

/** Checks that the cited evidence exists and belongs to this enterprise (or to no enterprise yet) and was uploaded by the actor's side. */
export async function assertEvidence(tx: Queryable, enterpriseId: string, ids: readonly string[], field = "evidenceIds"): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({ id: evidence.id, enterpriseId: evidence.enterpriseId })
    .from(evidence)
    .where(inArray(evidence.id, [...ids]));
  const found = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = found.get(id);
    if (!r || (r.enterpriseId !== null && r.enterpriseId !== enterpriseId)) throw fieldError(field, `证据照片 ${id} 不存在或不属于该企业`);
  }
  // Evidence uploaded before the enterprise was known becomes the enterprise's.
  await tx
    .update(evidence)
    .set({ enterpriseId })
    .where(and(inArray(evidence.id, [...ids]), isNull(evidence.enterpriseId)));
}

export async function linkEvidence(tx: Queryable, hazardId: string, ids: readonly string[], stage: "report" | "rectification" | "acceptance") {
  if (ids.length === 0) return;
  await tx
    .insert(hazardEvidence)
    .values(ids.map((evidenceId) => ({ hazardId, evidenceId, stage })))
    .onConflictDoNothing();
}

/** Registers a hazard for an enterprise the caller has already checked (in scope, allowed to report). Call inside a transaction. */
export async function createHazard(
  tx: Queryable,
  actor: Actor | null,
  enterprise: EnterpriseRow,
  input: NewHazard,
  now: Date,
  orgKind = "enterprise",
): Promise<HazardRow> {
  const evidenceIds = input.evidenceIds ?? [];
  await assertEvidence(tx, enterprise.id, evidenceIds);
  const [row] = await tx
    .insert(hazards)
    .values({
      enterpriseId: enterprise.id,
      regionPath: enterprise.regionPath,
      sector: enterprise.sector,
      code: hazardCode(now),
      title: input.title,
      description: input.description,
      location: input.location ?? "",
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      status: "reported",
      level: input.level ?? "general",
      dangerType: input.dangerType ?? null,
      source: input.source,
      riskUnitId: input.riskUnitId ?? null,
      measureId: input.measureId ?? null,
      checkRecordId: input.checkRecordId ?? null,
      enforcementId: input.enforcementId ?? null,
      reportedBy: actor?.userId ?? null,
      reportedByName: actor?.displayName ?? "系统",
      reportedByOrgKind: orgKind,
      reportedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("hazard insert returned nothing");
  await linkEvidence(tx, row.id, evidenceIds, "report");
  await tx.insert(hazardEvents).values({
    hazardId: row.id,
    enterpriseId: enterprise.id,
    at: now,
    actorId: actor?.userId ?? null,
    actorName: actor?.displayName ?? "系统",
    action: "report",
    fromStatus: null,
    toStatus: "reported",
    comment: input.description.slice(0, 500),
    data: { source: input.source, evidenceIds },
  });
  await appendAudit(tx, actor, { action: "hazard.report", targetType: "hazard", targetId: row.id, enterpriseId: enterprise.id, before: null, after: row }, now);
  // Registered as major: reported to the township and district regulators at once (重大隐患报告).
  if (row.level === "major") {
    const bodies = await reportMajorHazard(tx, actor, row, now);
    if (bodies.length) row.reportedToRegulatorsAt = now;
  }
  return row;
}

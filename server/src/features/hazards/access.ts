/** Loading a hazard in the caller's scope, and what the transition table needs to know about caller and hazard. */
import { eq } from "drizzle-orm";
import {
  CONFLICT_REFUSALS,
  HAZARD_REFUSALS,
  inScope,
  type Actor,
  type HazardActor,
  type HazardFacts,
  type HazardLevel,
  type HazardRefusal,
  type HazardStatus,
  type Sector,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { hazards } from "../../db/schema";
import { AppError, forbidden, notFound } from "../../platform/errors";
import type { HazardRow } from "./create";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const hazardRef = (h: Pick<HazardRow, "enterpriseId" | "regionPath" | "sector">) => ({
  id: h.enterpriseId,
  regionPath: h.regionPath,
  sector: h.sector as Sector,
});

async function load(db: Queryable, id: string): Promise<HazardRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await db.select().from(hazards).where(eq(hazards.id, id)).limit(1);
  return row;
}

/** A hazard the actor may read; missing or outside the scope is 404. */
export async function hazardForRead(db: Queryable, actor: Actor, id: string): Promise<HazardRow> {
  const h = await load(db, id);
  if (!h || !inScope(actor.scope, hazardRef(h))) throw notFound("隐患");
  return h;
}

/** A hazard the actor may act on: missing is 404, outside the scope 403 (what they may do is the transition table's call). */
export async function hazardForWrite(db: Queryable, actor: Actor, id: string): Promise<HazardRow> {
  const h = await load(db, id);
  if (!h) throw notFound("隐患");
  if (!inScope(actor.scope, hazardRef(h))) throw forbidden("无权处理该企业的隐患");
  return h;
}

export function hazardActorOf(actor: Actor, h: Pick<HazardRow, "enterpriseId" | "regionPath" | "sector">): HazardActor {
  return {
    userId: actor.userId,
    role: actor.role,
    orgId: actor.orgId,
    isMember: actor.scope.kind === "enterprise" && actor.scope.enterpriseId === h.enterpriseId,
    inScope: inScope(actor.scope, hazardRef(h)),
  };
}

export interface ExtensionRequest {
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  newDeadline: string;
  reason: string;
}

export function hazardFactsOf(h: HazardRow): HazardFacts {
  return {
    status: h.status as HazardStatus,
    level: h.level as HazardLevel,
    supervisedByOrgId: h.supervisedByOrgId,
    rectifierUserId: h.rectifierUserId,
    rectifiedBy: h.rectifiedBy,
    extension: (h.extension as ExtensionRequest | null) ?? null,
    reportedByOrgKind: h.reportedByOrgKind,
  };
}

/** A refusal of the transition table as an API error: state refusals 409, rights refusals 403, with the stable code. */
export function refusalError(r: HazardRefusal): AppError {
  return new AppError(CONFLICT_REFUSALS.includes(r) ? 409 : 403, r, HAZARD_REFUSALS[r]);
}

/** Reading a register: the whole tree of an enterprise (or of some of its units) in five queries. */
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { App } from "../../app";
import type { Queryable } from "../../db/client";
import { controlMeasures, riskEvents, riskObjects, riskUnits, unitShutdowns } from "../../db/schema";
import { nestUnits, presentObject, presentShutdown, type PresentedUnit, type UnitRow } from "./present";

export async function loadUnitsTree(db: Queryable, enterpriseId: string, units: UnitRow[]): Promise<PresentedUnit[]> {
  if (!units.length) return [];
  const ids = units.map((u) => u.id);
  const [events, measures, open] = await Promise.all([
    db
      .select()
      .from(riskEvents)
      .where(and(eq(riskEvents.enterpriseId, enterpriseId), inArray(riskEvents.unitId, ids)))
      .orderBy(asc(riskEvents.createdAt), asc(riskEvents.name)),
    db
      .select()
      .from(controlMeasures)
      .where(and(eq(controlMeasures.enterpriseId, enterpriseId), inArray(controlMeasures.unitId, ids)))
      .orderBy(asc(controlMeasures.classify2), asc(controlMeasures.createdAt)),
    db
      .select()
      .from(unitShutdowns)
      .where(and(eq(unitShutdowns.enterpriseId, enterpriseId), inArray(unitShutdowns.unitId, ids), isNull(unitShutdowns.endAt))),
  ]);
  return nestUnits(units, events, measures, open);
}

/** The register of an enterprise: objects with their units, events (with assessments) and measures. */
export async function loadRegister(db: Queryable, enterpriseId: string, onlyUnitIds?: readonly string[]) {
  const objects = await db
    .select()
    .from(riskObjects)
    .where(eq(riskObjects.enterpriseId, enterpriseId))
    .orderBy(asc(riskObjects.createdAt), asc(riskObjects.name));
  const units = await db
    .select()
    .from(riskUnits)
    .where(and(eq(riskUnits.enterpriseId, enterpriseId), onlyUnitIds ? inArray(riskUnits.id, [...onlyUnitIds]) : undefined))
    .orderBy(asc(riskUnits.createdAt), asc(riskUnits.name));
  const tree = await loadUnitsTree(db, enterpriseId, units);
  const byObject = new Map<string, PresentedUnit[]>();
  for (const u of tree) byObject.set(u.objectId, [...(byObject.get(u.objectId) ?? []), u]);
  return objects.filter((o) => !onlyUnitIds || byObject.has(o.id)).map((o) => ({ ...presentObject(o), units: byObject.get(o.id) ?? [] }));
}

export async function unitShutdownHistory(db: Queryable, unitId: string) {
  const rows = await db.select().from(unitShutdowns).where(eq(unitShutdowns.unitId, unitId)).orderBy(desc(unitShutdowns.startAt)).limit(200);
  return rows.map(presentShutdown);
}

/** Where a QR label points: the configured public URL (PUBLIC_URL, when the configuration has one) or the request's origin. */
export function publicOrigin(app: App, req: FastifyRequest): string {
  const configured = app.ctx.config.PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return `${req.protocol}://${req.host}`;
}

export const qrUrlOf = (origin: string, qrToken: string) => `${origin}/m/u/${qrToken}`;

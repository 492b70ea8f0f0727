/**
 * Scope in SQL: the one place that turns an actor's scope (domain/scope.ts) into a WHERE condition, and loads a
 * single enterprise for reading (404 outside) or writing (403 outside).
 */
import { and, eq, inArray, like, sql, type SQL } from "drizzle-orm";
import { canReadEnterprise, canWriteEnterprise, type Actor, type Scope, type Sector } from "@anguan/domain";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Queryable } from "../db/client";
import { enterprises } from "../db/schema";
import { forbidden, notFound } from "./errors";

/** Escapes LIKE wildcards in user-provided text. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function enterpriseScopeWhere(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "jurisdiction": {
      const inRegion = like(enterprises.regionPath, `${likeEscape(scope.regionPath)}%`);
      if (scope.sectors === null) return inRegion;
      if (scope.sectors.length === 0) return sql`false`;
      return and(inRegion, inArray(enterprises.sector, scope.sectors as Sector[]));
    }
    case "enterprise":
      return eq(enterprises.id, scope.enterpriseId);
    case "assigned":
      return scope.enterpriseIds.length ? inArray(enterprises.id, scope.enterpriseIds as string[]) : sql`false`;
    case "none":
      return sql`false`;
  }
}

/**
 * The same scope condition for any table that carries its enterprise's id, region path and sector (hazard units,
 * sensors, alarms…): one indexed column each, no join.
 */
export function scopeWhereOn(scope: Scope, cols: { enterpriseId: AnyPgColumn; regionPath: AnyPgColumn; sector: AnyPgColumn }): SQL | undefined {
  switch (scope.kind) {
    case "all":
      return undefined;
    case "jurisdiction": {
      const inRegion = like(cols.regionPath, `${likeEscape(scope.regionPath)}%`);
      if (scope.sectors === null) return inRegion;
      if (scope.sectors.length === 0) return sql`false`;
      return and(inRegion, inArray(cols.sector, scope.sectors as Sector[]));
    }
    case "enterprise":
      return eq(cols.enterpriseId, scope.enterpriseId);
    case "assigned":
      return scope.enterpriseIds.length ? inArray(cols.enterpriseId, scope.enterpriseIds as string[]) : sql`false`;
    case "none":
      return sql`false`;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EnterpriseRow = typeof enterprises.$inferSelect;

async function loadEnterprise(db: Queryable, id: string, lock = false): Promise<EnterpriseRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const q = db.select().from(enterprises).where(eq(enterprises.id, id)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  return row;
}

const ref = (e: EnterpriseRow) => ({ id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });

/** Loads an enterprise the actor may read; anything else (missing or out of scope) is 404. */
export async function enterpriseForRead(db: Queryable, actor: Actor, id: string): Promise<EnterpriseRow> {
  const e = await loadEnterprise(db, id);
  if (!e || !canReadEnterprise(actor, ref(e))) throw notFound("企业");
  return e;
}

/**
 * Loads an enterprise the actor may change: missing is 404, present but not writable by this actor is 403.
 * Call inside the write's transaction: the row is locked (FOR UPDATE) so concurrent writes queue instead of conflicting.
 */
export async function enterpriseForWrite(db: Queryable, actor: Actor, id: string): Promise<EnterpriseRow> {
  const e = await loadEnterprise(db, id, true);
  if (!e) throw notFound("企业");
  if (!canWriteEnterprise(actor, ref(e))) throw forbidden("无权修改该企业档案");
  return e;
}

export function enterpriseAbilities(actor: Actor, e: EnterpriseRow) {
  const w = canWriteEnterprise(actor, ref(e));
  return { update: w, manageLicences: w, manageContacts: w, manageAttachments: w };
}

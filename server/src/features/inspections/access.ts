/**
 * Who may do what with inspections, and loading records in scope. Reads outside the caller's scope are 404; writes
 * outside are 403 (a missing record is 404 either way).
 *  - manage tasks: the enterprise's managers (主要负责人, 安全管理人员) and administrators;
 *  - record an inspection round: any member of the enterprise (staff included) and experts of an assigned firm;
 *  - regulators read only.
 */
import { eq } from "drizzle-orm";
import { inScope, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises } from "../../db/schema";
import { forbidden, notFound } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ref = (e: EnterpriseRow) => ({ id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });

export const isMember = (actor: Actor, enterpriseId: string) => actor.scope.kind === "enterprise" && actor.scope.enterpriseId === enterpriseId;

export function canManageInspections(actor: Actor, e: EnterpriseRow): boolean {
  if (actor.role === "admin") return true;
  return (actor.role === "enterprise_leader" || actor.role === "enterprise_safety") && isMember(actor, e.id);
}

export function canRecordInspections(actor: Actor, e: EnterpriseRow): boolean {
  if (isMember(actor, e.id)) return true;
  return actor.role === "expert" && inScope(actor.scope, ref(e));
}

export async function loadEnterprise(db: Queryable, id: string): Promise<EnterpriseRow | undefined> {
  const [e] = await db.select().from(enterprises).where(eq(enterprises.id, id)).limit(1);
  return e;
}

/** The enterprise of a record the caller reads: outside the scope it does not exist for them (404). */
export async function enterpriseOfForRead(db: Queryable, actor: Actor, enterpriseId: string, what = "记录"): Promise<EnterpriseRow> {
  const e = await loadEnterprise(db, enterpriseId);
  if (!e || !inScope(actor.scope, ref(e))) throw notFound(what);
  return e;
}

/** The enterprise of a record the caller changes: outside the scope, or without the right, 403. */
export async function enterpriseOfForWrite(
  db: Queryable,
  actor: Actor,
  enterpriseId: string,
  may: (actor: Actor, e: EnterpriseRow) => boolean,
  message: string,
): Promise<EnterpriseRow> {
  const e = await loadEnterprise(db, enterpriseId);
  if (!e) throw notFound("企业");
  if (!inScope(actor.scope, ref(e)) || !may(actor, e)) throw forbidden(message);
  return e;
}

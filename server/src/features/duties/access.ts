/**
 * Who may write safety-steward records of an enterprise (docs/steward.md "Who writes"): its managers
 * (`enterprise_leader`, `enterprise_safety`) and `admin`. Regulators and experts read only; outside scope a read is
 * 404 and a write 403.
 */
import { eq } from "drizzle-orm";
import { inScope, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises } from "../../db/schema";
import { forbidden, notFound } from "../../platform/errors";
import { enterpriseForRead, type EnterpriseRow } from "../../platform/scope";

export const STEWARD_MANAGER_ROLES = ["admin", "enterprise_leader", "enterprise_safety"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

const ref = (e: EnterpriseRow) => ({ id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });

/** Is the actor a manager (may write steward records) of this enterprise? */
export function isStewardManager(actor: Actor, e: EnterpriseRow): boolean {
  return (STEWARD_MANAGER_ROLES as readonly string[]).includes(actor.role) && inScope(actor.scope, ref(e));
}

/** The enterprise for a read: 404 when missing or outside the scope (the message names `what`). */
export async function stewardEnterpriseForRead(db: Queryable, actor: Actor, id: string, what = "企业"): Promise<EnterpriseRow> {
  try {
    return await enterpriseForRead(db, actor, id);
  } catch {
    throw notFound(what);
  }
}

/** Loads an enterprise row (no scope check); 404 when missing. */
export async function loadEnterpriseRow(db: Queryable, id: string, lock = false): Promise<EnterpriseRow> {
  if (!isUuid(id)) throw notFound("企业");
  const q = db.select().from(enterprises).where(eq(enterprises.id, id)).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw notFound("企业");
  return row;
}

/**
 * The enterprise for a manager's write: missing 404; outside the scope, or a role that doesn't write steward
 * records (regulator, expert, staff) → 403. The row is locked for the transaction.
 */
export async function stewardEnterpriseForWrite(
  db: Queryable,
  actor: Actor,
  id: string,
  message = "只有本企业主要负责人、安全管理人员或系统管理员可以操作",
): Promise<EnterpriseRow> {
  const e = await loadEnterpriseRow(db, id, true);
  if (!inScope(actor.scope, ref(e))) throw forbidden("无权修改该企业的记录");
  if (!isStewardManager(actor, e)) throw forbidden(message);
  return e;
}

/** The enterprise a list/summary is about: the query's, else an enterprise user's own, else null. */
export function defaultEnterpriseId(actor: Actor, requested: string | undefined): string | undefined {
  if (requested) return requested;
  return actor.scope.kind === "enterprise" ? actor.scope.enterpriseId : undefined;
}

export { ref as enterpriseRef };

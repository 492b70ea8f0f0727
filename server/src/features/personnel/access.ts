/**
 * Who may do what in the safety steward's registry and training (docs/steward.md): the enterprise's managers
 * (enterprise_leader, enterprise_safety) and the administrator write; everyone in scope reads (regulators their
 * jurisdiction, experts their assigned enterprises, enterprise users their own enterprise). Read outside → 404,
 * write outside or by a read-only role → 403. Enterprise staff act as their own person (personnel.user_id).
 */
import { and, eq } from "drizzle-orm";
import { inScope, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, personnel } from "../../db/schema";
import { AppError, badRequest, forbidden, notFound } from "../../platform/errors";
import { enterpriseForRead, type EnterpriseRow } from "../../platform/scope";

export const MANAGER_ROLES = ["admin", "enterprise_leader", "enterprise_safety"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

const ref = (e: Pick<EnterpriseRow, "id" | "regionPath" | "sector">) => ({ id: e.id, regionPath: e.regionPath, sector: e.sector as Sector });

/** May the actor manage (write) this enterprise's personnel, teams, certificates, courses, questions and exams? */
export function canManage(actor: Actor, e: Pick<EnterpriseRow, "id" | "regionPath" | "sector">): boolean {
  return (MANAGER_ROLES as readonly string[]).includes(actor.role) && inScope(actor.scope, ref(e));
}

export const canRead = (actor: Actor, e: Pick<EnterpriseRow, "id" | "regionPath" | "sector">) => inScope(actor.scope, ref(e));

/** The enterprise for reading: missing or outside → 404 naming `label`. */
export async function enterpriseToRead(db: Queryable, actor: Actor, id: string, label = "企业"): Promise<EnterpriseRow> {
  try {
    return await enterpriseForRead(db, actor, id);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound(label);
    throw e;
  }
}

/**
 * The enterprise for a write, locked (FOR UPDATE) so writes of one enterprise queue: missing → 404, outside scope or
 * a read-only role → 403. Call inside the write's transaction.
 */
export async function enterpriseToManage(tx: Queryable, actor: Actor, id: string, label = "企业"): Promise<EnterpriseRow> {
  if (!isUuid(id)) throw notFound(label);
  const [e] = await tx.select().from(enterprises).where(eq(enterprises.id, id)).for("update");
  if (!e) throw notFound(label);
  if (!canManage(actor, e)) throw forbidden(inScope(actor.scope, ref(e)) ? "只有企业主要负责人、安全管理人员或系统管理员可以修改" : "无权修改该企业的数据");
  return e;
}

/** The active person whose login is the actor, in this enterprise, or null. */
export async function ownPerson(db: Queryable, actor: Actor, enterpriseId: string) {
  const [p] = await db
    .select()
    .from(personnel)
    .where(and(eq(personnel.enterpriseId, enterpriseId), eq(personnel.userId, actor.userId), eq(personnel.active, true)))
    .limit(1);
  return p ?? null;
}

/**
 * The person an action is for (study a course, take an exam): enterprise staff only ever themselves; managers may
 * name a person of the enterprise (default their own person); read-only roles may not act. `personId` not of the
 * enterprise → 400 `personId`.
 */
export async function actingPerson(tx: Queryable, actor: Actor, e: EnterpriseRow, personId: string | undefined) {
  if (!inScope(actor.scope, ref(e))) throw forbidden("无权为该企业的人员办理");
  const manager = canManage(actor, e);
  if (!manager && actor.role !== "enterprise_staff") throw forbidden("监管部门和第三方专家只能查看");
  const own = await ownPerson(tx, actor, e.id);
  if (!personId) {
    if (!own) throw badRequest("请选择人员：当前账号未关联人员台账中的人员", [{ field: "personId", message: "当前账号未关联人员台账中的人员" }]);
    return own;
  }
  if (!manager && own?.id !== personId) throw forbidden("岗位员工只能以本人身份学习和考试");
  if (own?.id === personId) return own;
  const [p] = isUuid(personId)
    ? await tx
        .select()
        .from(personnel)
        .where(and(eq(personnel.id, personId), eq(personnel.enterpriseId, e.id)))
        .limit(1)
    : [];
  if (!p) throw badRequest("人员不属于本企业", [{ field: "personId", message: "人员不属于本企业" }]);
  if (!p.active) throw badRequest("该人员已离职（已停用）", [{ field: "personId", message: "该人员已停用" }]);
  return p;
}

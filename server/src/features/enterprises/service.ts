/** Use cases of the enterprise file (一企一档): create and update, each one transaction with its audit event. */
import { and, eq, sql } from "drizzle-orm";
import { canCreateEnterprise, lockedFieldsFor, type Actor, type EnterpriseInput, type EnterprisePatch, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, organizations } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { regionByCode } from "../../platform/regions";
import { AppError, conflict, fieldError, forbidden } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";

export async function regionPathOf(db: Queryable, code: string): Promise<string> {
  const r = await regionByCode(db, code);
  if (!r) throw fieldError("regionCode", `未知的区域代码 ${code}`, "UNKNOWN_REGION");
  return r.path;
}

async function assertCreditCodeFree(db: Queryable, creditCode: string, exceptId?: string): Promise<void> {
  const [dup] = await db
    .select({ id: enterprises.id, name: enterprises.name })
    .from(enterprises)
    .where(and(eq(enterprises.creditCode, creditCode), exceptId ? sql`${enterprises.id} <> ${exceptId}` : undefined))
    .limit(1);
  if (dup) throw fieldError("creditCode", `统一社会信用代码已被“${dup.name}”使用`, "DUPLICATE_CREDIT_CODE", 409);
}

/** What the audit log and history record of an enterprise (no internal columns). */
export function auditView(e: EnterpriseRow) {
  const { regionPath: _p, createdAt: _c, updatedAt: _u, ...rest } = e;
  return rest;
}

export async function createEnterprise(tx: Queryable, actor: Actor, input: EnterpriseInput, now: Date): Promise<EnterpriseRow> {
  const regionPath = await regionPathOf(tx, input.regionCode);
  if (!canCreateEnterprise(actor, { regionPath, sector: input.sector })) {
    throw forbidden("只能在本辖区、本部门监管的行业内新增企业");
  }
  await assertCreditCodeFree(tx, input.creditCode);
  const [row] = await tx
    .insert(enterprises)
    .values({ ...input, regionPath, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: enterprises.creditCode })
    .returning();
  if (!row) throw fieldError("creditCode", "统一社会信用代码已存在", "DUPLICATE_CREDIT_CODE", 409);
  // The enterprise's own organisation, so that its people can be given accounts.
  await tx.insert(organizations).values({ kind: "enterprise", name: row.name, regionCode: row.regionCode, enterpriseId: row.id });
  await appendAudit(
    tx,
    actor,
    { action: "enterprise.create", targetType: "enterprise", targetId: row.id, enterpriseId: row.id, before: null, after: auditView(row) },
    now,
  );
  return row;
}

export async function updateEnterprise(
  tx: Queryable,
  actor: Actor,
  current: EnterpriseRow,
  patch: EnterprisePatch,
  expectedVersion: number | undefined,
  now: Date,
): Promise<EnterpriseRow> {
  const locked = lockedFieldsFor(actor).filter((f) => f in patch && (patch as Record<string, unknown>)[f] !== (current as Record<string, unknown>)[f]);
  if (locked.length) {
    throw new AppError(
      403,
      "FIELD_NOT_EDITABLE",
      `企业用户不能修改：${locked.join("、")}`,
      locked.map((f) => ({ field: f, message: "该字段由监管部门维护" })),
    );
  }
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw conflict();
  const values: Partial<typeof enterprises.$inferInsert> = { ...patch };
  if (patch.regionCode && patch.regionCode !== current.regionCode) {
    values.regionPath = await regionPathOf(tx, patch.regionCode);
  }
  const target = { regionPath: values.regionPath ?? current.regionPath, sector: (patch.sector ?? current.sector) as Sector };
  if ((values.regionPath || patch.sector) && actor.role !== "admin" && !canCreateEnterprise(actor, target)) {
    throw forbidden("不能把企业移出本辖区或本部门监管的行业");
  }
  if (patch.creditCode && patch.creditCode !== current.creditCode) await assertCreditCodeFree(tx, patch.creditCode, current.id);
  const [row] = await tx
    .update(enterprises)
    .set({ ...values, version: sql`${enterprises.version} + 1`, updatedAt: now })
    .where(and(eq(enterprises.id, current.id), eq(enterprises.version, current.version)))
    .returning();
  if (!row) throw conflict();
  if (row.name !== current.name || row.regionCode !== current.regionCode) {
    await tx.update(organizations).set({ name: row.name, regionCode: row.regionCode }).where(eq(organizations.enterpriseId, row.id));
  }
  await appendAudit(
    tx,
    actor,
    { action: "enterprise.update", targetType: "enterprise", targetId: row.id, enterpriseId: row.id, before: auditView(current), after: auditView(row) },
    now,
  );
  return row;
}

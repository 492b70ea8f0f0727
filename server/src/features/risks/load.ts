/**
 * Loading a register record in the caller's scope: through its enterprise, so the registry's rules apply unchanged —
 * reading outside is 404, writing outside (or without write rights: 岗位员工, experts) is 403. Writes lock the
 * enterprise row (FOR UPDATE), so concurrent changes to one register queue and derived grades stay consistent.
 */
import { eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Actor } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, riskEvents, riskMaps, riskObjects, riskUnits, unitShutdowns } from "../../db/schema";
import { AppError, notFound } from "../../platform/errors";
import { enterpriseForRead, enterpriseForWrite, type EnterpriseRow } from "../../platform/scope";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export type Mode = "read" | "write";

/** The enterprise of a record, for reading (404 outside) or writing (403 outside); a 404 names the record, not the enterprise. */
export async function enterpriseOf(tx: Queryable, actor: Actor, enterpriseId: string, mode: Mode, label: string): Promise<EnterpriseRow> {
  try {
    return mode === "read" ? await enterpriseForRead(tx, actor, enterpriseId) : await enterpriseForWrite(tx, actor, enterpriseId);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound(label);
    throw e;
  }
}

async function loadScoped<T extends { enterpriseId: string }>(
  tx: Queryable,
  actor: Actor,
  table: PgTable,
  idColumn: PgColumn,
  id: string,
  mode: Mode,
  label: string,
): Promise<{ row: T; enterprise: EnterpriseRow }> {
  if (!isUuid(id)) throw notFound(label);
  const [row] = (await tx.select().from(table).where(eq(idColumn, id)).limit(1)) as T[];
  if (!row) throw notFound(label);
  const enterprise = await enterpriseOf(tx, actor, row.enterpriseId, mode, label);
  if (mode === "read") return { row, enterprise };
  // Re-read under the enterprise lock: a change committed while we waited for it is seen.
  const [locked] = (await tx.select().from(table).where(eq(idColumn, id)).limit(1)) as T[];
  if (!locked) throw notFound(label);
  return { row: locked, enterprise };
}

export const loadObject = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof riskObjects.$inferSelect>(tx, actor, riskObjects, riskObjects.id, id, mode, "风险分析对象");
export const loadUnit = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof riskUnits.$inferSelect>(tx, actor, riskUnits, riskUnits.id, id, mode, "风险分析单元");
export const loadEvent = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof riskEvents.$inferSelect>(tx, actor, riskEvents, riskEvents.id, id, mode, "风险事件");
export const loadMeasure = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof controlMeasures.$inferSelect>(tx, actor, controlMeasures, controlMeasures.id, id, mode, "管控措施");
export const loadShutdown = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof unitShutdowns.$inferSelect>(tx, actor, unitShutdowns, unitShutdowns.id, id, mode, "停用检维修记录");
export const loadMap = (tx: Queryable, actor: Actor, id: string, mode: Mode) =>
  loadScoped<typeof riskMaps.$inferSelect>(tx, actor, riskMaps, riskMaps.id, id, mode, "四色图");

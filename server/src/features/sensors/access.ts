/**
 * Gateways and sensors in the caller's scope, through their enterprise: reading outside is 404, writing outside (or
 * without write rights: 岗位员工, experts) is 403 — the enterprise file's editors (domain canWriteEnterprise) manage them.
 * Writes lock the enterprise row, so concurrent changes to one enterprise's sensors queue.
 */
import { eq } from "drizzle-orm";
import { canReadEnterprise, type Actor, type Sector } from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { gateways, sensors } from "../../db/schema";
import { AppError, notFound } from "../../platform/errors";
import { enterpriseForRead, enterpriseForWrite, type EnterpriseRow } from "../../platform/scope";

export type Mode = "read" | "write";
export type GatewayRow = typeof gateways.$inferSelect;
export type SensorRow = typeof sensors.$inferSelect;

/** The enterprise for reading (404) or writing (403); a 404 names the record asked for. */
export async function enterpriseOf(tx: Queryable, actor: Actor, enterpriseId: string, mode: Mode, label = "企业"): Promise<EnterpriseRow> {
  try {
    return mode === "read" ? await enterpriseForRead(tx, actor, enterpriseId) : await enterpriseForWrite(tx, actor, enterpriseId);
  } catch (e) {
    if (e instanceof AppError && e.statusCode === 404) throw notFound(label);
    throw e;
  }
}

const readable = (actor: Actor, r: { enterpriseId: string; regionPath: string; sector: string }) =>
  canReadEnterprise(actor, { id: r.enterpriseId, regionPath: r.regionPath, sector: r.sector as Sector });

export async function loadGateway(tx: Queryable, actor: Actor, id: string, mode: Mode): Promise<{ row: GatewayRow; enterprise: EnterpriseRow | null }> {
  const [row] = await tx.select().from(gateways).where(eq(gateways.id, id)).limit(1);
  if (!row) throw notFound("网关");
  if (mode === "read") {
    if (!readable(actor, row)) throw notFound("网关");
    return { row, enterprise: null };
  }
  const enterprise = await enterpriseOf(tx, actor, row.enterpriseId, "write", "网关");
  const [locked] = await tx.select().from(gateways).where(eq(gateways.id, id)).limit(1);
  if (!locked) throw notFound("网关");
  return { row: locked, enterprise };
}

export async function loadSensor(tx: Queryable, actor: Actor, id: number, mode: Mode): Promise<{ row: SensorRow; enterprise: EnterpriseRow | null }> {
  const [row] = await tx.select().from(sensors).where(eq(sensors.id, id)).limit(1);
  if (!row) throw notFound("监测点位");
  if (mode === "read") {
    if (!readable(actor, row)) throw notFound("监测点位");
    return { row, enterprise: null };
  }
  const enterprise = await enterpriseOf(tx, actor, row.enterpriseId, "write", "监测点位");
  const [locked] = await tx.select().from(sensors).where(eq(sensors.id, id)).limit(1);
  if (!locked) throw notFound("监测点位");
  return { row: locked, enterprise };
}

/**
 * Use cases of the risk register (风险分级管控台账): objects → units → events (assessed) → control measures.
 * Each runs inside the caller's transaction (after the scope check), changes with compare-and-set on `version`, and
 * appends its audit event. Derived data is kept here: an event's grade is its residual grade when assessed, else its
 * inherent grade; a unit's grade is the highest of its events' (maintained on every change).
 */
import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { assessRisk, classify2Belongs, RISK_GRADE_INFO, type Actor, type RiskBands, type RiskGrade, type RiskMethod, type RiskResult } from "@anguan/domain";
import type { z } from "zod";
import type { Queryable } from "../../db/client";
import { controlMeasures, organizations, riskAssessments, riskEvents, riskObjects, riskUnits, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { conflict, fieldError } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { bandsForPath } from "./bands";
import type { EventRow, MeasureRow, ObjectRow, UnitRow } from "./present";
import { scoreError } from "./present";
import type { eventInput, eventPatch, measureInput, measurePatch, objectInput, objectPatch, unitInput, unitPatch } from "./schemas";

/** What an event keeps of one assessment (固有 inherent / 剩余 residual). */
export interface StoredAssessment {
  method: RiskMethod;
  inputs: Record<string, number>;
  result: RiskResult;
  calculatorVersion: string;
  bandsVersion: string;
  assessedAt: string;
}

/** A random, URL-safe token for a unit's QR label (128 bits). */
export const newQrToken = () => crypto.randomBytes(16).toString("base64url");

const RANK_SQL = sql.raw(
  `CASE e.risk_grade ${Object.entries(RISK_GRADE_INFO)
    .map(([g, i]) => `WHEN '${g}' THEN ${i.rank}`)
    .join(" ")} ELSE 0 END`,
);

/** risk_units.risk_grade := the highest grade of its events (null when none is graded). */
export async function refreshUnitGrade(tx: Queryable, unitId: string): Promise<void> {
  await tx.execute(
    sql`UPDATE risk_units SET risk_grade = (SELECT e.risk_grade FROM risk_events e WHERE e.unit_id = ${unitId} AND e.risk_grade IS NOT NULL ORDER BY ${RANK_SQL} DESC LIMIT 1) WHERE id = ${unitId}`,
  );
}

/** Runs the calculator; a score outside its table is a 400 naming e.g. `inherent.l`. */
export function assess(method: RiskMethod, scores: z.output<typeof eventInput>["inherent"], bands: RiskBands, field: string, now: Date): StoredAssessment {
  const inputs = Object.fromEntries(Object.entries(scores).filter(([, v]) => v !== undefined)) as Record<string, number>;
  try {
    const result = assessRisk(method, inputs, bands);
    return { method, inputs, result, calculatorVersion: result.calculatorVersion, bandsVersion: result.bandsVersion, assessedAt: now.toISOString() };
  } catch (e) {
    throw scoreError(e, `${field}.`);
  }
}

async function recordAssessments(tx: Queryable, actor: Actor, event: EventRow, list: [string, StoredAssessment][], now: Date) {
  if (!list.length) return;
  await tx.insert(riskAssessments).values(
    list.map(([stage, a]) => ({
      enterpriseId: event.enterpriseId,
      eventId: event.id,
      stage,
      method: a.method,
      inputs: a.inputs,
      result: a.result,
      calculatorVersion: a.calculatorVersion,
      bandsVersion: a.bandsVersion,
      assessedBy: actor.userId,
      assessedAt: now,
    })),
  );
}

/** A user account given as responsible person must belong to the enterprise; returns its display name. */
async function memberName(tx: Queryable, enterpriseId: string, userId: string | null | undefined, field: string): Promise<string | null> {
  if (!userId) return null;
  const [u] = await tx
    .select({ displayName: users.displayName })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(users.id, userId), eq(organizations.enterpriseId, enterpriseId)));
  if (!u) throw fieldError(field, "该账号不是本企业人员");
  return u.displayName;
}

const audit = (tx: Queryable, actor: Actor, action: string, type: string, id: string, enterpriseId: string, before: unknown, after: unknown, now: Date) =>
  appendAudit(tx, actor, { action, targetType: type, targetId: id, enterpriseId, before, after }, now);

const checkVersion = (expected: number | undefined, current: { version: number }) => {
  if (expected !== undefined && expected !== current.version) throw conflict();
};

// ---- 风险分析对象 ----------------------------------------------------------------------------

export async function createObject(tx: Queryable, actor: Actor, e: EnterpriseRow, input: z.output<typeof objectInput>, now: Date): Promise<ObjectRow> {
  const [row] = await tx
    .insert(riskObjects)
    .values({ ...input, enterpriseId: e.id, createdAt: now, updatedAt: now })
    .returning();
  await audit(tx, actor, "riskObject.create", "risk_object", row!.id, e.id, null, row, now);
  return row!;
}

export async function updateObject(tx: Queryable, actor: Actor, cur: ObjectRow, body: z.output<typeof objectPatch>, now: Date): Promise<ObjectRow> {
  const { expectedVersion, ...patch } = body;
  checkVersion(expectedVersion, cur);
  const [row] = await tx
    .update(riskObjects)
    .set({ ...patch, version: sql`${riskObjects.version} + 1`, updatedAt: now })
    .where(and(eq(riskObjects.id, cur.id), eq(riskObjects.version, cur.version)))
    .returning();
  if (!row) throw conflict();
  await audit(tx, actor, "riskObject.update", "risk_object", row.id, row.enterpriseId, cur, row, now);
  return row;
}

/** Removes deleted units from the four-colour map areas that showed them. */
async function unlinkFromMaps(tx: Queryable, unitIds: readonly string[]) {
  for (const id of unitIds) {
    await tx.execute(sql`UPDATE risk_map_areas SET unit_ids = array_remove(unit_ids, ${id}::uuid) WHERE ${id}::uuid = ANY(unit_ids)`);
  }
}

export async function deleteObject(tx: Queryable, actor: Actor, cur: ObjectRow, now: Date): Promise<void> {
  const units = await tx.select({ id: riskUnits.id }).from(riskUnits).where(eq(riskUnits.objectId, cur.id));
  await unlinkFromMaps(
    tx,
    units.map((u) => u.id),
  );
  await tx.delete(riskObjects).where(eq(riskObjects.id, cur.id));
  await audit(tx, actor, "riskObject.delete", "risk_object", cur.id, cur.enterpriseId, cur, null, now);
}

// ---- 风险分析单元 ----------------------------------------------------------------------------

export async function createUnit(tx: Queryable, actor: Actor, obj: ObjectRow, input: z.output<typeof unitInput>, now: Date): Promise<UnitRow> {
  const name = await memberName(tx, obj.enterpriseId, input.liableUserId, "liableUserId");
  const [row] = await tx
    .insert(riskUnits)
    .values({
      ...input,
      liablePerson: input.liablePerson || name || "",
      enterpriseId: obj.enterpriseId,
      objectId: obj.id,
      qrToken: newQrToken(),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit(tx, actor, "riskUnit.create", "risk_unit", row!.id, row!.enterpriseId, null, row, now);
  return row!;
}

export async function updateUnit(tx: Queryable, actor: Actor, cur: UnitRow, body: z.output<typeof unitPatch>, now: Date): Promise<UnitRow> {
  const { expectedVersion, ...patch } = body;
  checkVersion(expectedVersion, cur);
  if (patch.objectId && patch.objectId !== cur.objectId) {
    const [o] = await tx
      .select({ id: riskObjects.id })
      .from(riskObjects)
      .where(and(eq(riskObjects.id, patch.objectId), eq(riskObjects.enterpriseId, cur.enterpriseId)));
    if (!o) throw fieldError("objectId", "风险分析对象不存在或不属于本企业");
  }
  const name = await memberName(tx, cur.enterpriseId, patch.liableUserId, "liableUserId");
  if (name && !patch.liablePerson) patch.liablePerson = name;
  const [row] = await tx
    .update(riskUnits)
    .set({ ...patch, version: sql`${riskUnits.version} + 1`, updatedAt: now })
    .where(and(eq(riskUnits.id, cur.id), eq(riskUnits.version, cur.version)))
    .returning();
  if (!row) throw conflict();
  await audit(tx, actor, "riskUnit.update", "risk_unit", row.id, row.enterpriseId, cur, row, now);
  return row;
}

export async function deleteUnit(tx: Queryable, actor: Actor, cur: UnitRow, now: Date): Promise<void> {
  await unlinkFromMaps(tx, [cur.id]);
  await tx.delete(riskUnits).where(eq(riskUnits.id, cur.id));
  await audit(tx, actor, "riskUnit.delete", "risk_unit", cur.id, cur.enterpriseId, cur, null, now);
}

// ---- 风险事件 --------------------------------------------------------------------------------

const gradeOf = (a: StoredAssessment | null) =>
  a ? { riskGrade: a.result.riskGrade as RiskGrade, riskLevel: a.result.level } : { riskGrade: null, riskLevel: null };

export async function createEvent(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  unit: UnitRow,
  input: z.output<typeof eventInput>,
  now: Date,
): Promise<EventRow> {
  const { bands } = await bandsForPath(tx, e.regionPath);
  const inherent = assess(input.method, input.inherent, bands, "inherent", now);
  const residual = input.residual ? assess(input.method, input.residual, bands, "residual", now) : null;
  const [row] = await tx
    .insert(riskEvents)
    .values({
      enterpriseId: e.id,
      unitId: unit.id,
      name: input.name,
      description: input.description,
      consequence: input.consequence,
      method: input.method,
      inherent,
      residual,
      ...gradeOf(residual ?? inherent),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await recordAssessments(tx, actor, row!, [["inherent", inherent], ...(residual ? ([["residual", residual]] as [string, StoredAssessment][]) : [])], now);
  await refreshUnitGrade(tx, unit.id);
  await audit(tx, actor, "riskEvent.create", "risk_event", row!.id, e.id, null, row, now);
  return row!;
}

export async function updateEvent(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  cur: EventRow,
  body: z.output<typeof eventPatch>,
  now: Date,
): Promise<EventRow> {
  const { expectedVersion, method: newMethod, inherent: inh, residual: res, ...fields } = body;
  checkVersion(expectedVersion, cur);
  const method = (newMethod ?? cur.method) as RiskMethod;
  const methodChanged = method !== cur.method;
  if (methodChanged && !inh) throw fieldError("inherent", "更换评价方法时需重新填写固有风险评分");
  const needBands = inh || res;
  const bands = needBands ? (await bandsForPath(tx, e.regionPath)).bands : null;
  const inherent = inh ? assess(method, inh, bands!, "inherent", now) : (cur.inherent as StoredAssessment | null);
  const residual = res === null ? null : res ? assess(method, res, bands!, "residual", now) : methodChanged ? null : (cur.residual as StoredAssessment | null);
  const [row] = await tx
    .update(riskEvents)
    .set({ ...fields, method, inherent, residual, ...gradeOf(residual ?? inherent), version: sql`${riskEvents.version} + 1`, updatedAt: now })
    .where(and(eq(riskEvents.id, cur.id), eq(riskEvents.version, cur.version)))
    .returning();
  if (!row) throw conflict();
  const fresh: [string, StoredAssessment][] = [];
  if (inh && inherent) fresh.push(["inherent", inherent]);
  if (res && residual) fresh.push(["residual", residual]);
  await recordAssessments(tx, actor, row, fresh, now);
  await refreshUnitGrade(tx, row.unitId);
  await audit(tx, actor, "riskEvent.update", "risk_event", row.id, row.enterpriseId, cur, row, now);
  return row;
}

export async function deleteEvent(tx: Queryable, actor: Actor, cur: EventRow, now: Date): Promise<void> {
  await tx.delete(riskEvents).where(eq(riskEvents.id, cur.id));
  await refreshUnitGrade(tx, cur.unitId);
  await audit(tx, actor, "riskEvent.delete", "risk_event", cur.id, cur.enterpriseId, cur, null, now);
}

// ---- 管控措施 --------------------------------------------------------------------------------

function checkClassify(classify1: string, classify2: string) {
  if (!classify2Belongs(classify1, classify2)) throw fieldError("classify2", `管控措施分类2 ${classify2} 不属于分类1 ${classify1}`);
}

export async function createMeasure(
  tx: Queryable,
  actor: Actor,
  e: EnterpriseRow,
  event: EventRow,
  input: z.output<typeof measureInput>,
  now: Date,
): Promise<MeasureRow> {
  checkClassify(input.classify1, input.classify2);
  const name = await memberName(tx, e.id, input.responsibleUserId, "responsibleUserId");
  // Unset, the level is the owner of the event's grade under the enterprise's jurisdiction bands (§1.7).
  const controlLevel = input.controlLevel ?? (await bandsForPath(tx, e.regionPath)).bands.controlLevels[(event.riskGrade as RiskGrade) ?? "低"] ?? "post";
  const [row] = await tx
    .insert(controlMeasures)
    .values({
      ...input,
      controlLevel,
      responsiblePerson: input.responsiblePerson || name || "",
      enterpriseId: e.id,
      unitId: event.unitId,
      eventId: event.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit(tx, actor, "controlMeasure.create", "control_measure", row!.id, e.id, null, row, now);
  return row!;
}

export async function updateMeasure(tx: Queryable, actor: Actor, cur: MeasureRow, body: z.output<typeof measurePatch>, now: Date): Promise<MeasureRow> {
  const { expectedVersion, ...patch } = body;
  checkVersion(expectedVersion, cur);
  checkClassify(patch.classify1 ?? cur.classify1, patch.classify2 ?? cur.classify2);
  const name = await memberName(tx, cur.enterpriseId, patch.responsibleUserId, "responsibleUserId");
  if (name && !patch.responsiblePerson) patch.responsiblePerson = name;
  const [row] = await tx
    .update(controlMeasures)
    .set({ ...patch, version: sql`${controlMeasures.version} + 1`, updatedAt: now })
    .where(and(eq(controlMeasures.id, cur.id), eq(controlMeasures.version, cur.version)))
    .returning();
  if (!row) throw conflict();
  await audit(tx, actor, "controlMeasure.update", "control_measure", row.id, row.enterpriseId, cur, row, now);
  return row;
}

export async function deleteMeasure(tx: Queryable, actor: Actor, cur: MeasureRow, now: Date): Promise<void> {
  await tx.delete(controlMeasures).where(eq(controlMeasures.id, cur.id));
  await audit(tx, actor, "controlMeasure.delete", "control_measure", cur.id, cur.enterpriseId, cur, null, now);
}

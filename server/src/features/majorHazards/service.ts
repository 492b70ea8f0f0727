/**
 * Use cases of hazard units (生产单元/储存单元, GB 18218): create, update (re-graded), delete, submit, review.
 * Each runs in the caller's transaction after the scope check (the enterprise row is locked FOR UPDATE), changes the
 * unit with compare-and-set on `version`, appends its audit event, and keeps `enterprises.has_major_hazard` in step.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import {
  type Actor,
  GB18218_VERSION,
  type Gb18218Result,
  Gb18218InputError,
  gradeGb18218,
  HAZARD_UNIT_REVIEW_TRANSITIONS,
  type HazardUnitReviewAction,
  type HazardUnitReviewStatus,
  hazardUnitReviewRefusal,
  hazardUnitReviewStatusAfterEdit,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { enterprises, hazardUnits, hazardUnitSubstances, organizations, users } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError, fieldError } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import type { ResponsiblesInput, SubstanceInput, UnitInput, UnitPatch } from "./schemas";

export type UnitRow = typeof hazardUnits.$inferSelect;
export type SubstanceRow = typeof hazardUnitSubstances.$inferSelect;

/** What a unit keeps of its grading: the calculator version, its inputs and its whole result (every term). */
export interface StoredGrading {
  calculatorVersion: string;
  inputs: { exposedPeople: number; substances: { name?: string; cas?: string; quantity: number; hazardClass?: string }[] };
  result: Gb18218Result;
}

/** The calculator's input from request substances (blank strings dropped). */
export function calculatorSubstances(list: readonly SubstanceInput[]): StoredGrading["inputs"]["substances"] {
  return list.map((s) => ({
    ...(s.name ? { name: s.name } : {}),
    ...(s.cas ? { cas: s.cas } : {}),
    quantity: s.quantity,
    ...(s.hazardClass ? { hazardClass: s.hazardClass.toUpperCase() } : {}),
  }));
}

/** Runs GB 18218 grading; a bad substance is a 400 naming `<prefix><i>.<field>` and the chemical. */
export function grade(exposedPeople: number, list: readonly SubstanceInput[], prefix = "substances."): StoredGrading {
  const inputs = { exposedPeople, substances: calculatorSubstances(list) };
  try {
    return { calculatorVersion: GB18218_VERSION, inputs, result: gradeGb18218(inputs) };
  } catch (e) {
    if (e instanceof Gb18218InputError) throw fieldError(`${prefix}${e.index}.${e.field}`, e.message);
    if (e instanceof RangeError) throw fieldError("exposedPeople", "常住人口应为不小于 0 的整数");
    throw e;
  }
}

/** A responsible person's account must belong to the enterprise. */
async function checkResponsibles(tx: Queryable, enterpriseId: string, r: ResponsiblesInput): Promise<void> {
  for (const key of ["principal", "technical", "operations"] as const) {
    const userId = r[key].userId;
    if (!userId) continue;
    const [u] = await tx
      .select({ id: users.id })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(and(eq(users.id, userId), eq(organizations.enterpriseId, enterpriseId)));
    if (!u) throw fieldError(`responsibles.${key}.userId`, "该账号不是本企业人员");
  }
}

const normalResponsibles = (r: ResponsiblesInput) =>
  Object.fromEntries(
    (["principal", "technical", "operations"] as const).map((k) => [k, { name: r[k].name, phone: r[k].phone, userId: r[k].userId ?? null }]),
  ) as Record<"principal" | "technical" | "operations", { name: string; phone: string; userId: string | null }>;

export async function substancesOf(tx: Queryable, unitId: string): Promise<SubstanceRow[]> {
  return tx.select().from(hazardUnitSubstances).where(eq(hazardUnitSubstances.unitId, unitId)).orderBy(asc(hazardUnitSubstances.position));
}

async function writeSubstances(tx: Queryable, unit: UnitRow, list: readonly SubstanceInput[], g: StoredGrading): Promise<void> {
  await tx.delete(hazardUnitSubstances).where(eq(hazardUnitSubstances.unitId, unit.id));
  if (!list.length) return;
  await tx.insert(hazardUnitSubstances).values(
    list.map((s, i) => {
      const item = g.result.items[i]!;
      return {
        unitId: unit.id,
        enterpriseId: unit.enterpriseId,
        name: item.name,
        cas: s.cas ?? "",
        table1No: item.table1No,
        hazardClass: s.hazardClass ? s.hazardClass.toUpperCase() : null,
        quantity: s.quantity,
        position: i,
      };
    }),
  );
}

const gradeColumns = (g: StoredGrading, now: Date) => ({
  sumRatio: g.result.sum,
  isMajor: g.result.isMajor,
  rValue: g.result.r,
  grade: g.result.grade,
  grading: g,
  gradedAt: now,
});

/** The audit view of a unit: its columns (no region path) and its substances. */
export const auditView = (u: UnitRow, subs: readonly SubstanceRow[]) => {
  const { regionPath: _p, createdAt: _c, updatedAt: _u, grading: _g, ...rest } = u;
  return { ...rest, substances: subs.map((s) => ({ name: s.name, cas: s.cas, table1No: s.table1No, hazardClass: s.hazardClass, quantity: s.quantity })) };
};

const audit = (tx: Queryable, actor: Actor, action: string, id: string, enterpriseId: string, before: unknown, after: unknown, now: Date) =>
  appendAudit(tx, actor, { action, targetType: "hazard_unit", targetId: id, enterpriseId, before, after }, now);

/**
 * enterprises.has_major_hazard := true while the enterprise has a major unit. It is set false only when this change
 * removed the last major unit (`hadMajorUnit`), so a flag recorded by hand for an enterprise without units stays.
 */
export async function syncEnterpriseMajor(tx: Queryable, actor: Actor, e: EnterpriseRow, hadMajorUnit: boolean, now: Date): Promise<void> {
  const majors = await tx
    .select({ id: hazardUnits.id })
    .from(hazardUnits)
    .where(and(eq(hazardUnits.enterpriseId, e.id), eq(hazardUnits.isMajor, true)))
    .limit(1);
  const any = majors.length > 0;
  const [cur] = await tx.select({ flag: enterprises.hasMajorHazard }).from(enterprises).where(eq(enterprises.id, e.id));
  if (!cur) return;
  const next = any ? true : hadMajorUnit ? false : cur.flag;
  if (next === cur.flag) return;
  await tx
    .update(enterprises)
    .set({ hasMajorHazard: next, version: sql`${enterprises.version} + 1`, updatedAt: now })
    .where(eq(enterprises.id, e.id));
  await appendAudit(
    tx,
    actor,
    {
      action: "enterprise.update",
      targetType: "enterprise",
      targetId: e.id,
      enterpriseId: e.id,
      before: { hasMajorHazard: cur.flag },
      after: { hasMajorHazard: next },
    },
    now,
  );
}

const versionConflict = (current: number) =>
  new AppError(409, "VERSION_CONFLICT", "重大危险源单元已被他人修改，请刷新后重试", [{ field: "version", message: "版本已变化" }], { currentVersion: current });

export async function createUnit(tx: Queryable, actor: Actor, e: EnterpriseRow, input: UnitInput, now: Date): Promise<UnitRow> {
  const g = grade(input.exposedPeople, input.substances);
  await checkResponsibles(tx, e.id, input.responsibles);
  const [row] = await tx
    .insert(hazardUnits)
    .values({
      enterpriseId: e.id,
      regionPath: e.regionPath,
      sector: e.sector,
      code: input.code,
      name: input.name,
      kind: input.kind,
      location: input.location,
      exposedPeople: input.exposedPeople,
      responsibles: normalResponsibles(input.responsibles),
      ...gradeColumns(g, now),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await writeSubstances(tx, row!, input.substances, g);
  await audit(tx, actor, "hazardUnit.create", row!.id, e.id, null, auditView(row!, await substancesOf(tx, row!.id)), now);
  await syncEnterpriseMajor(tx, actor, e, false, now);
  return row!;
}

export async function updateUnit(tx: Queryable, actor: Actor, e: EnterpriseRow, cur: UnitRow, body: UnitPatch, now: Date): Promise<UnitRow> {
  const { version, substances, responsibles, ...fields } = body;
  if (version !== cur.version) throw versionConflict(cur.version);
  const before = await substancesOf(tx, cur.id);
  const exposedPeople = fields.exposedPeople ?? cur.exposedPeople;
  const list: SubstanceInput[] =
    substances ?? before.map((s) => ({ name: s.name, cas: s.cas || undefined, quantity: s.quantity, hazardClass: s.hazardClass ?? undefined }));
  const g = grade(exposedPeople, list);
  if (responsibles) await checkResponsibles(tx, e.id, responsibles);
  const reviewStatus = hazardUnitReviewStatusAfterEdit(cur.reviewStatus as HazardUnitReviewStatus);
  const [row] = await tx
    .update(hazardUnits)
    .set({
      ...fields,
      ...(responsibles ? { responsibles: normalResponsibles(responsibles) } : {}),
      ...gradeColumns(g, now),
      reviewStatus,
      version: sql`${hazardUnits.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(hazardUnits.id, cur.id), eq(hazardUnits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  if (substances) await writeSubstances(tx, row, substances, g);
  await audit(tx, actor, "hazardUnit.update", row.id, row.enterpriseId, auditView(cur, before), auditView(row, await substancesOf(tx, row.id)), now);
  await syncEnterpriseMajor(tx, actor, e, cur.isMajor, now);
  return row;
}

export async function deleteUnit(tx: Queryable, actor: Actor, e: EnterpriseRow, cur: UnitRow, now: Date): Promise<void> {
  const subs = await substancesOf(tx, cur.id);
  await tx.delete(hazardUnits).where(eq(hazardUnits.id, cur.id));
  await audit(tx, actor, "hazardUnit.delete", cur.id, cur.enterpriseId, auditView(cur, subs), null, now);
  await syncEnterpriseMajor(tx, actor, e, cur.isMajor, now);
}

/** Applies HAZARD_UNIT_REVIEW_TRANSITIONS: the status the action leads to, or 409 with the domain's reason. */
function reviewTransition(cur: UnitRow, action: HazardUnitReviewAction): HazardUnitReviewStatus {
  const refusal = hazardUnitReviewRefusal(cur.reviewStatus as HazardUnitReviewStatus, action);
  if (refusal) throw new AppError(409, "WRONG_REVIEW_STATUS", refusal);
  return HAZARD_UNIT_REVIEW_TRANSITIONS[action].to;
}

export async function submitUnit(tx: Queryable, actor: Actor, cur: UnitRow, version: number | undefined, now: Date): Promise<UnitRow> {
  if (version !== undefined && version !== cur.version) throw versionConflict(cur.version);
  const reviewStatus = reviewTransition(cur, "submit");
  const [row] = await tx
    .update(hazardUnits)
    .set({ reviewStatus, version: sql`${hazardUnits.version} + 1`, updatedAt: now })
    .where(and(eq(hazardUnits.id, cur.id), eq(hazardUnits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  await audit(tx, actor, "hazardUnit.submit", row.id, row.enterpriseId, { reviewStatus: cur.reviewStatus }, { reviewStatus: row.reviewStatus }, now);
  return row;
}

export async function reviewUnit(
  tx: Queryable,
  actor: Actor,
  cur: UnitRow,
  body: { decision: "confirm" | "return"; comment: string; version?: number },
  now: Date,
): Promise<UnitRow> {
  if (body.version !== undefined && body.version !== cur.version) throw versionConflict(cur.version);
  const reviewStatus = reviewTransition(cur, body.decision);
  const [row] = await tx
    .update(hazardUnits)
    .set({
      reviewStatus,
      reviewComment: body.comment,
      reviewedBy: actor.userId,
      reviewedAt: now,
      version: sql`${hazardUnits.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(hazardUnits.id, cur.id), eq(hazardUnits.version, cur.version)))
    .returning();
  if (!row) throw versionConflict(cur.version);
  await audit(
    tx,
    actor,
    `hazardUnit.review.${body.decision}`,
    row.id,
    row.enterpriseId,
    { reviewStatus: cur.reviewStatus },
    { reviewStatus: row.reviewStatus, reviewComment: row.reviewComment },
    now,
  );
  return row;
}

/** Answers for hazard units: list items (with sensor and open-alarm counts) and the detail (substances with every term). */
import { eq, type SQL, sql } from "drizzle-orm";
import {
  type Actor,
  canReadEnterprise,
  canWriteEnterprise,
  type Gb18218Item,
  type HazardUnitReviewStatus,
  hazardUnitReviewRefusal,
  type Sector,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { alarms, enterprises, hazardUnits, sensors, users } from "../../db/schema";
import { notFound } from "../../platform/errors";
import type { StoredGrading, SubstanceRow, UnitRow } from "./service";
import { substancesOf } from "./service";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export const KIND_NAMES: Record<string, string> = { production: "生产单元", storage: "储存单元" };

const itemColumns = {
  id: hazardUnits.id,
  enterpriseId: hazardUnits.enterpriseId,
  enterpriseName: enterprises.name,
  regionPath: hazardUnits.regionPath,
  sector: hazardUnits.sector,
  code: hazardUnits.code,
  name: hazardUnits.name,
  kind: hazardUnits.kind,
  location: hazardUnits.location,
  exposedPeople: hazardUnits.exposedPeople,
  sumRatio: hazardUnits.sumRatio,
  isMajor: hazardUnits.isMajor,
  rValue: hazardUnits.rValue,
  grade: hazardUnits.grade,
  reviewStatus: hazardUnits.reviewStatus,
  responsibles: hazardUnits.responsibles,
  version: hazardUnits.version,
  sensorCount: sql<number>`(SELECT count(*)::int FROM ${sensors} WHERE ${sensors.unitId} = ${hazardUnits.id})`.mapWith(Number),
  openAlarmCount: sql<number>`(SELECT count(*)::int FROM ${alarms} WHERE ${alarms.unitId} = ${hazardUnits.id} AND ${alarms.status} <> 'cleared')`.mapWith(
    Number,
  ),
};

type ItemRow = Awaited<ReturnType<typeof selectItems>>[number];

/** `SELECT item columns FROM hazard_units JOIN enterprises` with a condition, order (major first, grade 一级 first) and page. */
export function selectItems(db: Queryable, where: SQL | undefined, page?: { limit: number; offset: number }) {
  const q = db
    .select(itemColumns)
    .from(hazardUnits)
    .innerJoin(enterprises, eq(enterprises.id, hazardUnits.enterpriseId))
    .where(where)
    .orderBy(
      sql`${hazardUnits.isMajor} DESC, ${hazardUnits.grade} ASC NULLS LAST, ${hazardUnits.rValue} DESC NULLS LAST, ${enterprises.name}, ${hazardUnits.name}, ${hazardUnits.id}`,
    );
  return page ? q.limit(page.limit).offset(page.offset) : q;
}

export function presentItem(r: ItemRow) {
  const { regionPath: _p, sector: _s, location: _l, ...rest } = r;
  return { ...rest, kindName: KIND_NAMES[r.kind] ?? r.kind };
}

export interface UnitAbilities {
  update: boolean;
  delete: boolean;
  submit: boolean;
  review: boolean;
}

const refOf = (r: { enterpriseId: string; regionPath: string; sector: string }) => ({
  id: r.enterpriseId,
  regionPath: r.regionPath,
  sector: r.sector as Sector,
});

/** Editors of the enterprise file write units; the enterprise submits them; regulators in scope and the administrator review them. */
export function unitAbilities(actor: Actor, r: { enterpriseId: string; regionPath: string; sector: string; reviewStatus: string }): UnitAbilities {
  const write = canWriteEnterprise(actor, refOf(r));
  const reviewer = actor.role === "admin" || (actor.role === "regulator" && canReadEnterprise(actor, refOf(r)));
  return {
    update: write,
    delete: write,
    submit: canSubmit(actor, r) && hazardUnitReviewRefusal(r.reviewStatus as HazardUnitReviewStatus, "submit") === null,
    review: reviewer && hazardUnitReviewRefusal(r.reviewStatus as HazardUnitReviewStatus, "confirm") === null,
  };
}

/** The enterprise submits its units for review: its leader or safety manager (or the administrator), not the regulator. */
export function canSubmit(actor: Actor, r: { enterpriseId: string; regionPath: string; sector: string }): boolean {
  return (actor.role === "admin" || actor.role === "enterprise_leader" || actor.role === "enterprise_safety") && canWriteEnterprise(actor, refOf(r));
}

export function canReview(actor: Actor, r: { enterpriseId: string; regionPath: string; sector: string }): boolean {
  return actor.role === "admin" || (actor.role === "regulator" && canReadEnterprise(actor, refOf(r)));
}

/** Substances with their terms from the stored grading (by position). */
export function presentSubstances(subs: readonly SubstanceRow[], grading: StoredGrading | null) {
  return subs.map((s, i) => {
    const item: Gb18218Item | undefined = grading?.result.items[i];
    return {
      id: s.id,
      position: s.position,
      name: s.name,
      cas: s.cas,
      table1No: s.table1No,
      hazardClass: s.hazardClass,
      appliedClass: item?.hazardClass ?? null,
      quantity: s.quantity,
      threshold: item?.threshold ?? null,
      beta: item?.beta ?? null,
      betaSource: item?.betaSource ?? null,
      ratio: item?.ratio ?? null,
    };
  });
}

/** The detail of one unit the actor may read (404 otherwise). */
export async function presentDetail(db: Queryable, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound("重大危险源单元");
  const [r] = await selectItems(db, eq(hazardUnits.id, id));
  if (!r || !canReadEnterprise(actor, refOf(r))) throw notFound("重大危险源单元");
  const [[unit], subs] = await Promise.all([db.select().from(hazardUnits).where(eq(hazardUnits.id, id)), substancesOf(db, id)]);
  const u = unit as UnitRow;
  const [reviewer] = u.reviewedBy ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, u.reviewedBy)) : [];
  const grading = (u.grading ?? null) as StoredGrading | null;
  return {
    ...presentItem(r),
    location: u.location,
    substances: presentSubstances(subs, grading),
    grading,
    gradedAt: u.gradedAt,
    reviewComment: u.reviewComment,
    reviewedAt: u.reviewedAt,
    reviewedByName: reviewer?.name ?? null,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
    abilities: unitAbilities(actor, { ...r, reviewStatus: u.reviewStatus }),
  };
}

/**
 * 双重预防数据导出: an enterprise's risk units, events, control measures, inspection tasks and records and its hidden
 * hazards, in the national interface's field names and codes (domain/src/nationalExchange.ts).
 *
 * - Risk analysis objects are not objects of the interface: each unit (and hazard) carries its object's `hazardCode`,
 *   or the object's id when it has no code from the registration system.
 * - Inspection records without a task (ad-hoc checks of a measure) have no `checkTaskId` and are left out; a hazard
 *   citing such a record is exported without `checkRecordId`.
 * - Hazards awaiting confirmation or dismissed have no national `dangerState` and are left out.
 * - Photos (dangerImg/dangerAcceptImg) are not exported.
 */
import { and, asc, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import {
  companyCodeOf,
  EXCHANGE_FORMAT_VERSION,
  toNationalCheckRecord,
  toNationalCheckTask,
  toNationalControlMeasure,
  toNationalHiddenDanger,
  toNationalRiskEvent,
  toNationalRiskUnit,
  toNationalTime,
  type CycleUnit,
  type HazardLevel,
  type HazardSource,
  type HazardStatus,
  type ManageType,
  type NationalHiddenDanger,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, hazardEvents, hazards, inspectionRecords, inspectionTasks, riskEvents, riskObjects, riskUnits, users } from "../../db/schema";
import type { EnterpriseRow } from "../../platform/scope";

export async function exportDualPrevention(db: Queryable, e: EnterpriseRow, now: Date) {
  const meta = { companyCode: companyCodeOf(e.creditCode) };
  const [objects, units, events, measures, tasks, records, hz] = await Promise.all([
    db.select({ id: riskObjects.id, hazardCode: riskObjects.hazardCode }).from(riskObjects).where(eq(riskObjects.enterpriseId, e.id)),
    db.select().from(riskUnits).where(eq(riskUnits.enterpriseId, e.id)).orderBy(asc(riskUnits.createdAt), asc(riskUnits.id)),
    db.select().from(riskEvents).where(eq(riskEvents.enterpriseId, e.id)).orderBy(asc(riskEvents.createdAt), asc(riskEvents.id)),
    db.select().from(controlMeasures).where(eq(controlMeasures.enterpriseId, e.id)).orderBy(asc(controlMeasures.createdAt), asc(controlMeasures.id)),
    db.select().from(inspectionTasks).where(eq(inspectionTasks.enterpriseId, e.id)).orderBy(asc(inspectionTasks.createdAt), asc(inspectionTasks.id)),
    db
      .select()
      .from(inspectionRecords)
      .where(and(eq(inspectionRecords.enterpriseId, e.id), isNotNull(inspectionRecords.taskId)))
      .orderBy(asc(inspectionRecords.checkedAt), asc(inspectionRecords.id)),
    db
      .select({ h: hazards, acceptedByName: users.displayName })
      .from(hazards)
      .leftJoin(users, eq(users.id, hazards.acceptedBy))
      .where(and(eq(hazards.enterpriseId, e.id), notInArray(hazards.status, ["reported", "dismissed"])))
      .orderBy(asc(hazards.reportedAt), asc(hazards.id)),
  ]);
  // Hazards closed by an import name their acceptor only in the import event (no user of ours accepted them).
  const needNames = hz.filter((r) => r.h.acceptedAt && !r.acceptedByName).map((r) => r.h.id);
  const importedAcceptor = new Map<string, string>();
  if (needNames.length) {
    const evs = await db
      .select({ hazardId: hazardEvents.hazardId, data: hazardEvents.data })
      .from(hazardEvents)
      .where(and(inArray(hazardEvents.hazardId, needNames), eq(hazardEvents.action, "import")));
    for (const ev of evs) {
      const name = (ev.data as { checkAcceptPerson?: string } | null)?.checkAcceptPerson;
      if (name) importedAcceptor.set(ev.hazardId, name);
    }
  }
  const codeOfObject = new Map(objects.map((o) => [o.id, o.hazardCode || o.id]));
  const unitObject = new Map(units.map((u) => [u.id, u.objectId]));
  const measureUnit = new Map(measures.map((m) => [m.id, m.unitId]));
  const hazardCodeOfUnit = (unitId: string | null | undefined) => (unitId ? (codeOfObject.get(unitObject.get(unitId) ?? "") ?? "") : "");
  const exportedRecords = new Set(records.map((r) => r.id));

  const hiddenDangers: NationalHiddenDanger[] = [];
  for (const { h, acceptedByName } of hz) {
    const n = toNationalHiddenDanger(
      {
        id: h.id,
        createdAt: h.createdAt,
        updatedAt: h.updatedAt,
        hazardCode: hazardCodeOfUnit(h.riskUnitId ?? (h.measureId ? measureUnit.get(h.measureId) : null)),
        measureId: h.measureId && measureUnit.has(h.measureId) ? h.measureId : null,
        checkRecordId: h.checkRecordId && exportedRecords.has(h.checkRecordId) ? h.checkRecordId : null,
        title: h.title,
        description: h.description,
        level: h.level as HazardLevel,
        status: h.status as HazardStatus,
        source: h.source as HazardSource,
        enforcementId: h.enforcementId,
        manageType: h.manageType as ManageType | null,
        dangerType: h.dangerType,
        category: h.category,
        reportedAt: h.reportedAt,
        reportedByName: h.reportedByName,
        deadline: h.deadline,
        rectification: h.rectification as { measures?: string; liablePerson?: string; funds?: number } | null,
        acceptedByName: acceptedByName ?? importedAcceptor.get(h.id) ?? null,
        acceptedAt: h.acceptedAt,
        acceptComment: h.acceptComment,
      },
      meta,
    );
    if (n) hiddenDangers.push(n);
  }
  return {
    format: EXCHANGE_FORMAT_VERSION,
    companyCode: meta.companyCode,
    companyName: e.name,
    exportedAt: toNationalTime(now),
    riskUnits: units.map((u) =>
      toNationalRiskUnit(
        {
          id: u.id,
          createdAt: u.createdAt,
          updatedAt: u.updatedAt,
          hazardCode: codeOfObject.get(u.objectId) ?? u.objectId,
          name: u.name,
          department: u.department,
          liablePerson: u.liablePerson,
        },
        meta,
      ),
    ),
    riskEvents: events.map((ev) =>
      toNationalRiskEvent({ id: ev.id, createdAt: ev.createdAt, updatedAt: ev.updatedAt, unitId: ev.unitId, name: ev.name }, meta),
    ),
    controlMeasures: measures.map((m) => toNationalControlMeasure(m, meta)),
    checkTasks: tasks.map((t) => toNationalCheckTask({ ...t, cycleUnit: t.cycleUnit as CycleUnit }, meta)),
    checkRecords: records.map((r) => toNationalCheckRecord({ id: r.id, taskId: r.taskId!, checkedAt: r.checkedAt, checkedByName: r.checkedByName }, meta)),
    hiddenDangers,
  };
}

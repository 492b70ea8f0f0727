/**
 * 双重预防数据导入: a file in the national format (as exported) becomes the enterprise's records, all or nothing.
 *
 * - The file is validated object by object (every bad object reported with its path and reason), then every reference
 *   must resolve within the file or to an existing record of this enterprise; any error → 400 and nothing is written.
 * - Identity is the national id. Each object created is remembered in `exchange_ids` (enterprise, collection, id →
 *   our id); an object whose id is already there — or is the id of one of this enterprise's own records, as in a file
 *   exported from here — is the existing record: it is neither duplicated nor changed. Importing a file twice
 *   therefore creates nothing the second time.
 * - A unit's `hazardCode` names its risk analysis object: an object of the enterprise with that code (or that id);
 *   otherwise one is created (kind 重大危险源, named after the code).
 * - Objects marked deleted are skipped, except tasks, which are kept as retired tasks (their records are history).
 * - Records are `abnormal` when a hazard of the file cites them, else `normal`. Hazards are registered through
 *   createHazard and then set to their national state with their fields, with an `import` event.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  checkExchangeReferences,
  checkRecordFromNational,
  checkTaskFromNational,
  companyCodeOf,
  controlMeasureFromNational,
  EXCHANGE_COLLECTION_NAMES,
  hiddenDangerFromNational,
  parseNationalExchange,
  riskEventFromNational,
  riskUnitFromNational,
  type Actor,
  type ExchangeCollection,
  type ExchangeError,
  type NationalExchangeFile,
  type RiskGrade,
} from "@anguan/domain";
import type { Queryable } from "../../db/client";
import { controlMeasures, exchangeIds, hazardEvents, hazards, inspectionRecords, inspectionTasks, riskEvents, riskObjects, riskUnits } from "../../db/schema";
import { appendAudit } from "../../platform/audit";
import { AppError } from "../../platform/errors";
import type { EnterpriseRow } from "../../platform/scope";
import { addDays, shanghaiDate } from "../../platform/time";
import { createHazard } from "../hazards/create";
import { generateInspectionInstances } from "../inspections/jobs";
import { bandsForPath } from "../risks/bands";
import { newQrToken } from "../risks/service";

const TABLES = {
  riskUnits,
  riskEvents,
  controlMeasures,
  checkTasks: inspectionTasks,
  checkRecords: inspectionRecords,
  hiddenDangers: hazards,
} as const;
type Table = (typeof TABLES)[ExchangeCollection];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHUNK = 5_000;

export function invalidFile(errors: ExchangeError[]): AppError {
  return new AppError(
    400,
    "EXCHANGE_INVALID",
    `导入文件有 ${errors.length} 处错误，未导入任何数据`,
    errors.map((e) => ({ field: e.path, message: e.message })),
    { errors },
  );
}

const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/** National ids of one collection that are already records of this enterprise: ext id → our id. */
async function existingOf(tx: Queryable, enterpriseId: string, kind: ExchangeCollection, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const table = TABLES[kind] as Table & { id: typeof riskUnits.id; enterpriseId: typeof riskUnits.enterpriseId };
  for (const part of chunks([...new Set(ids)])) {
    const mapped = await tx
      .select({ ext: exchangeIds.externalId, local: exchangeIds.localId })
      .from(exchangeIds)
      .innerJoin(table as typeof riskUnits, eq((table as typeof riskUnits).id, exchangeIds.localId))
      .where(and(eq(exchangeIds.enterpriseId, enterpriseId), eq(exchangeIds.kind, kind), inArray(exchangeIds.externalId, part)));
    for (const m of mapped) out.set(m.ext, m.local);
    const uuids = part.filter((x) => UUID.test(x) && !out.has(x));
    if (uuids.length) {
      const t = table as typeof riskUnits;
      const own = await tx
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.enterpriseId, enterpriseId), inArray(t.id, uuids)));
      for (const o of own) out.set(o.id, o.id);
    }
  }
  return out;
}

/** Every id the file names per collection: its objects' and the references to that collection. */
function idsNamed(f: NationalExchangeFile): Record<ExchangeCollection, string[]> {
  const nn = (xs: (string | null)[]) => xs.filter((x): x is string => !!x);
  return {
    riskUnits: [...f.riskUnits.map((x) => x.id), ...f.riskEvents.map((x) => x.riskUnitId)],
    riskEvents: [...f.riskEvents.map((x) => x.id), ...f.controlMeasures.map((x) => x.riskEventId)],
    controlMeasures: [...f.controlMeasures.map((x) => x.id), ...f.checkTasks.map((x) => x.riskMeasureId), ...nn(f.hiddenDangers.map((x) => x.riskMeasureId))],
    checkTasks: [...f.checkTasks.map((x) => x.id), ...f.checkRecords.map((x) => x.checkTaskId)],
    checkRecords: [...f.checkRecords.map((x) => x.id), ...nn(f.hiddenDangers.map((x) => x.checkRecordId))],
    hiddenDangers: f.hiddenDangers.map((x) => x.id),
  };
}

type Counts = Record<ExchangeCollection, number>;
const zero = (): Counts => Object.fromEntries(EXCHANGE_COLLECTION_NAMES.map((c) => [c, 0])) as Counts;

export async function importDualPrevention(tx: Queryable, actor: Actor, e: EnterpriseRow, body: unknown, now: Date) {
  const parsed = parseNationalExchange(body, companyCodeOf(e.creditCode));
  if (!parsed.ok) throw invalidFile(parsed.errors);
  const f = parsed.data;
  const named = idsNamed(f);
  const existing = {} as Record<ExchangeCollection, Map<string, string>>;
  for (const c of EXCHANGE_COLLECTION_NAMES) existing[c] = await existingOf(tx, e.id, c, named[c]);
  const known = (c: ExchangeCollection) => new Set(existing[c].keys());
  const refErrors = checkExchangeReferences(f, {
    riskUnits: known("riskUnits"),
    riskEvents: known("riskEvents"),
    controlMeasures: known("controlMeasures"),
    checkTasks: known("checkTasks"),
    checkRecords: known("checkRecords"),
  });
  if (refErrors.length) throw invalidFile(refErrors);

  const created = zero();
  const reused = zero();
  const skipped = zero();
  /** ext id → our id, for everything of the file (created or existing). */
  const local = {} as Record<ExchangeCollection, Map<string, string>>;
  for (const c of EXCHANGE_COLLECTION_NAMES) local[c] = new Map(existing[c]);
  const newMappings: { kind: ExchangeCollection; externalId: string; localId: string }[] = [];
  const remember = (kind: ExchangeCollection, externalId: string, localId: string) => {
    local[kind].set(externalId, localId);
    if (externalId !== localId) newMappings.push({ kind, externalId, localId });
    created[kind]++;
  };
  /** Returns the objects to create (not deleted, not already there), counting the others. */
  const todo = <T extends { id: string; deleted: number }>(kind: ExchangeCollection, list: T[], keepDeleted = false) =>
    list.filter((x) => {
      if (existing[kind].has(x.id)) {
        reused[kind]++;
        return false;
      }
      if (x.deleted === 1 && !keepDeleted) {
        skipped[kind]++;
        return false;
      }
      return true;
    });

  // 风险分析对象 by hazardCode (or id), created when missing.
  const objectOf = new Map<string, string>();
  const newUnits = todo("riskUnits", f.riskUnits);
  const codes = [...new Set(newUnits.map((u) => u.hazardCode))];
  for (const part of chunks(codes)) {
    const rows = await tx
      .select({ id: riskObjects.id, hazardCode: riskObjects.hazardCode })
      .from(riskObjects)
      .where(and(eq(riskObjects.enterpriseId, e.id), inArray(riskObjects.hazardCode, part)));
    for (const r of rows) if (!objectOf.has(r.hazardCode)) objectOf.set(r.hazardCode, r.id);
    const byId = part.filter((c) => UUID.test(c) && !objectOf.has(c));
    if (byId.length) {
      const own = await tx
        .select({ id: riskObjects.id })
        .from(riskObjects)
        .where(and(eq(riskObjects.enterpriseId, e.id), inArray(riskObjects.id, byId)));
      for (const r of own) objectOf.set(r.id, r.id);
    }
  }
  let objectsCreated = 0;
  for (const code of codes.filter((c) => !objectOf.has(c))) {
    const [o] = await tx
      .insert(riskObjects)
      .values({ enterpriseId: e.id, kind: "major_hazard", name: `危险源 ${code}`, hazardCode: code, createdAt: now, updatedAt: now })
      .returning({ id: riskObjects.id });
    objectOf.set(code, o!.id);
    objectsCreated++;
  }
  for (const u of newUnits) {
    const v = riskUnitFromNational(u);
    const [row] = await tx
      .insert(riskUnits)
      .values({
        enterpriseId: e.id,
        objectId: objectOf.get(v.hazardCode)!,
        name: v.name,
        department: v.department,
        liablePerson: v.liablePerson,
        qrToken: newQrToken(),
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: riskUnits.id });
    remember("riskUnits", u.id, row!.id);
  }

  const eventUnit = new Map<string, string>(); // our event id → our unit id
  const newEvents = todo("riskEvents", f.riskEvents);
  for (const ev of newEvents) {
    const unitId = local.riskUnits.get(ev.riskUnitId)!;
    const [row] = await tx
      .insert(riskEvents)
      .values({ enterpriseId: e.id, unitId, name: riskEventFromNational(ev).name, createdAt: now, updatedAt: now })
      .returning({ id: riskEvents.id });
    eventUnit.set(row!.id, unitId);
    remember("riskEvents", ev.id, row!.id);
  }
  const newMeasures = todo("controlMeasures", f.controlMeasures);
  await fillParents(tx, riskEvents, [...new Set(newMeasures.map((m) => local.riskEvents.get(m.riskEventId)!))], eventUnit);
  const measureUnit = new Map<string, string>();
  if (newMeasures.length) {
    // No assessment comes with the file: the level is the owner of 低 under the jurisdiction's bands (changeable later).
    const level = (await bandsForPath(tx, e.regionPath)).bands.controlLevels["低" as RiskGrade] ?? "post";
    for (const m of newMeasures) {
      const eventId = local.riskEvents.get(m.riskEventId)!;
      const unitId = eventUnit.get(eventId)!;
      const [row] = await tx
        .insert(controlMeasures)
        .values({ enterpriseId: e.id, unitId, eventId, ...controlMeasureFromNational(m), controlLevel: level, createdAt: now, updatedAt: now })
        .returning({ id: controlMeasures.id });
      measureUnit.set(row!.id, unitId);
      remember("controlMeasures", m.id, row!.id);
    }
  }

  const newTasks = todo("checkTasks", f.checkTasks, true);
  await fillParents(tx, controlMeasures, [...new Set(newTasks.map((t) => local.controlMeasures.get(t.riskMeasureId)!))], measureUnit);
  const taskInfo = new Map<string, { unitId: string; measureId: string }>();
  const activeTasks: string[] = [];
  for (const t of newTasks) {
    const measureId = local.controlMeasures.get(t.riskMeasureId)!;
    const unitId = measureUnit.get(measureId)!;
    const [row] = await tx
      .insert(inspectionTasks)
      .values({ enterpriseId: e.id, unitId, measureId, ...checkTaskFromNational(t), createdAt: now, updatedAt: now })
      .returning({ id: inspectionTasks.id, active: inspectionTasks.active });
    taskInfo.set(row!.id, { unitId, measureId });
    if (row!.active) activeTasks.push(row!.id);
    remember("checkTasks", t.id, row!.id);
  }

  const cited = new Set(f.hiddenDangers.filter((h) => h.deleted !== 1 && h.checkRecordId).map((h) => h.checkRecordId!));
  const newRecords = todo("checkRecords", f.checkRecords);
  const missingTasks = [...new Set(newRecords.map((r) => local.checkTasks.get(r.checkTaskId)!))].filter((id) => !taskInfo.has(id));
  for (const part of chunks(missingTasks)) {
    const rows = await tx
      .select({ id: inspectionTasks.id, unitId: inspectionTasks.unitId, measureId: inspectionTasks.measureId })
      .from(inspectionTasks)
      .where(inArray(inspectionTasks.id, part));
    for (const r of rows) taskInfo.set(r.id, { unitId: r.unitId, measureId: r.measureId });
  }
  const recordIdsCreated = new Set<string>();
  for (const r of newRecords) {
    const taskId = local.checkTasks.get(r.checkTaskId)!;
    const info = taskInfo.get(taskId)!;
    const v = checkRecordFromNational(r);
    const [row] = await tx
      .insert(inspectionRecords)
      .values({
        enterpriseId: e.id,
        unitId: info.unitId,
        taskId,
        measureId: info.measureId,
        result: cited.has(r.id) ? "abnormal" : "normal",
        note: "数据交换导入",
        checkedByName: v.checkedByName || actor.displayName,
        checkedAt: v.checkedAt,
      })
      .returning({ id: inspectionRecords.id });
    recordIdsCreated.add(row!.id);
    remember("checkRecords", r.id, row!.id);
  }

  const newHazards = todo("hiddenDangers", f.hiddenDangers);
  await fillParents(
    tx,
    controlMeasures,
    [...new Set(newHazards.flatMap((h) => (h.riskMeasureId ? [local.controlMeasures.get(h.riskMeasureId)!] : [])))],
    measureUnit,
  );
  for (const h of newHazards) {
    const v = hiddenDangerFromNational(h);
    const measureId = h.riskMeasureId ? local.controlMeasures.get(h.riskMeasureId)! : null;
    const checkRecordId = h.checkRecordId ? local.checkRecords.get(h.checkRecordId)! : null;
    const row = await createHazard(
      tx,
      actor,
      e,
      {
        title: v.title,
        description: v.description,
        level: v.level,
        dangerType: v.dangerType,
        source: v.source,
        riskUnitId: measureId ? (measureUnit.get(measureId) ?? null) : null,
        measureId,
        checkRecordId,
        enforcementId: v.enforcementId,
      },
      now,
      actor.role === "regulator" ? "gov" : "enterprise",
    );
    const closed = v.status === "closed";
    await tx
      .update(hazards)
      .set({
        status: v.status,
        manageType: v.manageType,
        category: v.category,
        reportedAt: v.reportedAt,
        reportedByName: v.reportedByName || row.reportedByName,
        confirmedAt: v.reportedAt,
        deadline: v.deadline,
        rectification: v.rectification,
        acceptedAt: v.acceptedAt,
        acceptComment: v.acceptComment,
        closedAt: closed ? (v.acceptedAt ?? now) : null,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(and(eq(hazards.id, row.id), eq(hazards.version, row.version)));
    await tx.insert(hazardEvents).values({
      hazardId: row.id,
      enterpriseId: e.id,
      at: now,
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "import",
      fromStatus: "reported",
      toStatus: v.status,
      comment: `国家双重预防数据交换导入（编号 ${h.id}）`,
      data: { externalId: h.id, registrant: v.reportedByName, checkAcceptPerson: v.acceptedByName, dangerReason: v.dangerReason },
    });
    // The record this import created for the abnormal check points back at its hazard.
    if (checkRecordId && recordIdsCreated.has(checkRecordId))
      await tx.update(inspectionRecords).set({ hazardId: row.id }).where(eq(inspectionRecords.id, checkRecordId));
    remember("hiddenDangers", h.id, row.id);
  }

  for (const part of chunks(newMappings)) {
    await tx
      .insert(exchangeIds)
      .values(part.map((m) => ({ enterpriseId: e.id, ...m, importedAt: now })))
      .onConflictDoUpdate({
        target: [exchangeIds.enterpriseId, exchangeIds.kind, exchangeIds.externalId],
        set: { localId: sqlExcluded("local_id"), importedAt: now },
      });
  }
  if (activeTasks.length) {
    const today = shanghaiDate(now);
    await generateInspectionInstances(tx, today, now, { taskIds: activeTasks, catchUp: true });
    await generateInspectionInstances(tx, addDays(today, 1), now, { taskIds: activeTasks });
  }
  const summary = { companyCode: f.companyCode, created, existing: reused, skippedDeleted: skipped, riskObjectsCreated: objectsCreated };
  await appendAudit(tx, actor, { action: "exchange.import", targetType: "enterprise", targetId: e.id, enterpriseId: e.id, before: null, after: summary }, now);
  const mapping = Object.fromEntries(EXCHANGE_COLLECTION_NAMES.map((c) => [c, Object.fromEntries(local[c])])) as Record<
    ExchangeCollection,
    Record<string, string>
  >;
  return { ...summary, mapping };
}

const sqlExcluded = (col: string): SQL => sql.raw(`excluded.${col}`);

/** Our unit id of existing parents (events or measures) not created by this import. */
async function fillParents(tx: Queryable, table: typeof riskEvents | typeof controlMeasures, ids: string[], into: Map<string, string>) {
  const missing = ids.filter((id) => !into.has(id));
  for (const part of chunks(missing)) {
    const rows = await tx.select({ id: table.id, unitId: table.unitId }).from(table).where(inArray(table.id, part));
    for (const r of rows) into.set(r.id, r.unitId);
  }
}

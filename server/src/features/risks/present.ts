/** How risk register records are shown: API shapes (dates as ISO strings via JSON), names of codes, colours. */
import {
  CONTROL_LEVELS,
  MEASURE_CLASSIFY1,
  MEASURE_CLASSIFY2,
  RISK_OBJECT_KINDS,
  RiskScoreError,
  riskColorOf,
  type ControlLevel,
  type RiskGrade,
} from "@anguan/domain";
import type { controlMeasures, riskEvents, riskObjects, riskUnits, unitShutdowns } from "../../db/schema";
import { AppError } from "../../platform/errors";

export type ObjectRow = typeof riskObjects.$inferSelect;
export type UnitRow = typeof riskUnits.$inferSelect;
export type EventRow = typeof riskEvents.$inferSelect;
export type MeasureRow = typeof controlMeasures.$inferSelect;
export type ShutdownRow = typeof unitShutdowns.$inferSelect;

/** A calculator refusal as a 400 naming the inputs (prefixed, e.g. `inherent.l`). */
export function scoreError(e: unknown, prefix = ""): unknown {
  if (!(e instanceof RiskScoreError)) return e;
  const fields = e.fields.map((f) => ({ field: `${prefix}${f.field}`, message: f.message }));
  return new AppError(400, e.code, `评分取值不在表中：${fields.map((f) => `${f.field}: ${f.message}`).join("；")}`, fields);
}

export function presentObject(o: ObjectRow) {
  return { ...o, kindName: RISK_OBJECT_KINDS[o.kind as keyof typeof RISK_OBJECT_KINDS]?.zh ?? o.kind };
}

export function presentShutdown(s: ShutdownRow) {
  return { id: s.id, unitId: s.unitId, startAt: s.startAt, endAt: s.endAt, reason: s.reason, createdAt: s.createdAt };
}

export function presentUnit(u: UnitRow) {
  return { ...u, color: riskColorOf(u.riskGrade as RiskGrade | null) };
}

export function presentEvent(e: EventRow) {
  return { ...e, color: riskColorOf(e.riskGrade as RiskGrade | null) };
}

export function presentMeasure(m: MeasureRow) {
  return {
    ...m,
    classify1Name: MEASURE_CLASSIFY1[m.classify1 as keyof typeof MEASURE_CLASSIFY1]?.zh ?? m.classify1,
    classify2Name: MEASURE_CLASSIFY2[m.classify2 as keyof typeof MEASURE_CLASSIFY2]?.zh ?? m.classify2,
    controlLevelName: CONTROL_LEVELS[m.controlLevel as ControlLevel]?.zh ?? m.controlLevel,
  };
}

export type PresentedEvent = ReturnType<typeof presentEvent> & { measures: ReturnType<typeof presentMeasure>[] };
export type PresentedUnit = ReturnType<typeof presentUnit> & { events: PresentedEvent[]; shutdown: ReturnType<typeof presentShutdown> | null };

/** Nests events under units and measures under events (rows in display order). */
export function nestUnits(units: UnitRow[], events: EventRow[], measures: MeasureRow[], openShutdowns: ShutdownRow[]): PresentedUnit[] {
  const measuresByEvent = new Map<string, ReturnType<typeof presentMeasure>[]>();
  for (const m of measures) {
    const list = measuresByEvent.get(m.eventId) ?? [];
    list.push(presentMeasure(m));
    measuresByEvent.set(m.eventId, list);
  }
  const eventsByUnit = new Map<string, PresentedEvent[]>();
  for (const e of events) {
    const list = eventsByUnit.get(e.unitId) ?? [];
    list.push({ ...presentEvent(e), measures: measuresByEvent.get(e.id) ?? [] });
    eventsByUnit.set(e.unitId, list);
  }
  const shutdownByUnit = new Map(openShutdowns.map((s) => [s.unitId, presentShutdown(s)]));
  return units.map((u) => ({ ...presentUnit(u), events: eventsByUnit.get(u.id) ?? [], shutdown: shutdownByUnit.get(u.id) ?? null }));
}

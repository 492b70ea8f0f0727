import { describe, expect, it } from "vitest";
import {
  ALARM_TRANSITIONS,
  type AlarmEffect,
  alarmActions,
  alarmEscalationLevelAt,
  alarmRefusal,
  alarmSeverity,
  checkOffline,
  evaluatePoint,
  gasAlarmDefaults,
  initialEngineState,
  limitConfigErrors,
  limitLevelOf,
  onlineRate,
  type SensorEngineState,
  type SensorLimits,
} from "../src/monitoring";

const cfg = (over: Partial<SensorLimits> = {}): SensorLimits => ({
  hh: 100,
  h: 80,
  l: 10,
  ll: 5,
  deadband: 2,
  delaySeconds: 0,
  rateLimit: null,
  periodSeconds: 10,
  offlineAfterSeconds: null,
  ...over,
});

/** Feeds values at 1-second steps from t = 1 s; returns every effect and the final state. */
function run(c: SensorLimits, values: (number | [number, "bad"])[], start: SensorEngineState = initialEngineState(), step = 1000) {
  let s = start;
  const effects: AlarmEffect[] = [];
  values.forEach((v, i) => {
    const [value, q] = Array.isArray(v) ? [v[0], 1 as const] : [v, 0 as const];
    const r = evaluatePoint(c, s, { ts: (i + 1) * step, value, quality: q });
    s = r.state;
    effects.push(...r.effects);
  });
  return { s, effects, brief: effects.map((e) => (e.type === "raise" ? `raise:${e.kind}${e.level ? `:${e.level}` : ""}` : `return:${e.kind}`)) };
}

describe("limit levels", () => {
  it("enters at the limit itself (≥ h, ≤ l)", () => {
    const c = cfg();
    expect(limitLevelOf(c, 79.99, null)).toBeNull();
    expect(limitLevelOf(c, 80, null)).toBe("h");
    expect(limitLevelOf(c, 100, null)).toBe("hh");
    expect(limitLevelOf(c, 10, null)).toBe("l");
    expect(limitLevelOf(c, 5, null)).toBe("ll");
    expect(limitLevelOf(c, 10.01, null)).toBeNull();
  });

  it("leaves only beyond the deadband", () => {
    const c = cfg();
    expect(limitLevelOf(c, 78.5, "h")).toBe("h"); // > 80 − 2
    expect(limitLevelOf(c, 78, "h")).toBeNull(); // = 80 − 2: out
    expect(limitLevelOf(c, 99, "hh")).toBe("hh");
    expect(limitLevelOf(c, 98, "hh")).toBe("h");
    expect(limitLevelOf(c, 11.5, "l")).toBe("l");
    expect(limitLevelOf(c, 12, "l")).toBeNull();
    expect(limitLevelOf(c, 6.9, "ll")).toBe("ll");
  });

  it("works with only some limits configured", () => {
    const c = cfg({ hh: null, l: null, ll: null });
    expect(limitLevelOf(c, 1000, null)).toBe("h");
    expect(limitLevelOf(c, -1000, null)).toBeNull();
  });
});

describe("evaluatePoint", () => {
  it("raises once for a burst, worsens, steps down without a new alarm, returns past the deadband", () => {
    const r = run(cfg(), [50, 85, 85, 85, 101, 99, 95, 79, 77, 50]);
    expect(r.brief).toEqual(["raise:limit:h", "raise:limit:hh", "return:limit"]);
    expect(r.s.level).toBeNull();
  });

  it("ignores a point at or before the last one (redelivery, late duplicate)", () => {
    const c = cfg();
    const a = evaluatePoint(c, initialEngineState(), { ts: 1000, value: 90, quality: 0 });
    expect(a.effects).toHaveLength(1);
    const again = evaluatePoint(c, a.state, { ts: 1000, value: 90, quality: 0 });
    expect(again.effects).toHaveLength(0);
    expect(again.state).toBe(a.state);
    const older = evaluatePoint(c, a.state, { ts: 500, value: 10, quality: 0 });
    expect(older.effects).toHaveLength(0);
  });

  it("delay: a limit must hold for delaySeconds; a blip shorter than that raises nothing", () => {
    const c = cfg({ delaySeconds: 3 });
    expect(run(c, [50, 85, 85, 50, 50]).brief).toEqual([]); // held 1 s only
    const held = run(c, [50, 85, 85, 85, 85]); // 85 from t=2 s: at t=5 s it has held 3 s
    expect(held.brief).toEqual(["raise:limit:h"]);
    expect(held.effects[0]!.at).toBe(5000);
    // A pending high that becomes high-high keeps its start time.
    expect(run(c, [50, 85, 101, 101, 101]).effects.map((e) => e.at)).toEqual([5000]);
  });

  it("jumping from the high side to the low side returns the old condition and raises the new one", () => {
    expect(run(cfg(), [90, 2]).brief).toEqual(["raise:limit:h", "return:limit", "raise:limit:ll"]);
  });

  it("rate of change per minute against the last good value", () => {
    const c = cfg({ rateLimit: 6, h: null, hh: null, l: null, ll: null });
    // 1-second steps: +0.1 is 6 /min (not above), +0.2 is 12 /min.
    expect(run(c, [50, 50.1, 50.3, 50.4, 50.4]).brief).toEqual(["raise:rate", "return:rate"]);
  });

  it("bad quality raises once and is not judged against limits; a good value returns it", () => {
    const r = run(cfg(), [50, [999, "bad"], [999, "bad"], 50]);
    expect(r.brief).toEqual(["raise:bad_quality", "return:bad_quality"]);
    expect(r.s.level).toBeNull();
  });

  it("data after an offline spell returns the offline condition", () => {
    const off: SensorEngineState = { ...initialEngineState(), offline: true, lastTs: 0 };
    expect(run(cfg(), [50], off).brief).toEqual(["return:offline"]);
  });
});

describe("checkOffline", () => {
  const c = cfg({ periodSeconds: 10 });
  it("raises after 3 × period without data (not at exactly 3 × period), once", () => {
    const s = { ...initialEngineState(), lastTs: 0 };
    expect(checkOffline(c, s, 30_000, 0).effects).toHaveLength(0);
    const r = checkOffline(c, s, 30_001, 0);
    expect(r.effects).toEqual([{ type: "raise", kind: "offline", level: null, value: null, limit: null, at: 30_001 }]);
    expect(checkOffline(c, r.state, 90_000, 0).effects).toHaveLength(0);
  });
  it("uses offlineAfterSeconds when set, and the watch start for a sensor that never reported", () => {
    const c2 = cfg({ offlineAfterSeconds: 120 });
    expect(checkOffline(c2, initialEngineState(), 100_000 + 120_000, 100_000).effects).toHaveLength(0);
    expect(checkOffline(c2, initialEngineState(), 100_000 + 120_001, 100_000).effects).toHaveLength(1);
  });
});

describe("GB/T 50493 defaults and limit checks", () => {
  it("combustible 25/50 %LEL; toxic 100/200 % OEL, or 5/10 % IDLH when the range is short", () => {
    expect(gasAlarmDefaults({ type: "combustible_gas" })).toMatchObject({ h: 25, hh: 50 });
    expect(gasAlarmDefaults({ type: "toxic_gas", oelPpm: 10 })).toMatchObject({ h: 10, hh: 20 });
    expect(gasAlarmDefaults({ type: "toxic_gas", oelPpm: 10, rangeHigh: 15, idlhPpm: 100 })).toMatchObject({ h: 5, hh: 10 });
    expect(gasAlarmDefaults({ type: "toxic_gas" })).toBeNull();
    expect(gasAlarmDefaults({ type: "temperature" })).toBeNull();
  });
  it("names the inconsistent field", () => {
    expect(limitConfigErrors({ hh: 50, h: 60, l: null, ll: null, deadband: 0 })).toHaveProperty("hh");
    expect(limitConfigErrors({ hh: null, h: null, l: 5, ll: 6, deadband: 0 })).toHaveProperty("ll");
    expect(limitConfigErrors({ hh: null, h: 5, l: 5, ll: null, deadband: 0 })).toHaveProperty("h");
    expect(limitConfigErrors({ hh: null, h: null, l: null, ll: null, deadband: -1 })).toHaveProperty("deadband");
    expect(limitConfigErrors({ hh: 50, h: 25, l: null, ll: null, deadband: 1, rangeLow: 0, rangeHigh: 100 })).toEqual({});
  });
});

describe("alarm life cycle", () => {
  const member = { role: "enterprise_staff", isMember: true };
  const leader = { role: "enterprise_leader", isMember: true };
  const regulator = { role: "regulator", isMember: false };
  it("raised → acknowledged → verified → disposed → cleared, one step at a time", () => {
    expect(alarmActions(member, { status: "raised", conditionActive: true })).toEqual(["acknowledge"]);
    expect(alarmActions(member, { status: "acknowledged", conditionActive: true })).toEqual(["verify"]);
    expect(alarmActions(member, { status: "verified", conditionActive: true })).toEqual(["dispose"]);
    expect(alarmActions(leader, { status: "disposed", conditionActive: false })).toEqual(["clear"]);
    expect(alarmActions(leader, { status: "cleared", conditionActive: false })).toEqual([]);
    expect(ALARM_TRANSITIONS.clear.to).toBe("cleared");
  });
  it("refusals: wrong status, still in alarm, not on duty, staff may not clear", () => {
    expect(alarmRefusal(member, { status: "raised", conditionActive: true }, "verify")).toBe("ALARM_WRONG_STATUS");
    expect(alarmRefusal(leader, { status: "disposed", conditionActive: true }, "clear")).toBe("ALARM_CONDITION_ACTIVE");
    expect(alarmRefusal(regulator, { status: "raised", conditionActive: true }, "acknowledge")).toBe("FORBIDDEN");
    expect(alarmRefusal(member, { status: "disposed", conditionActive: false }, "clear")).toBe("FORBIDDEN");
    expect(alarmRefusal({ role: "admin", isMember: false }, { status: "raised", conditionActive: true }, "acknowledge")).toBeNull();
  });
  it("escalates unacknowledged alarms at the configured minutes", () => {
    const raised = new Date("2026-12-01T00:00:00Z");
    const at = (min: number) => new Date(raised.getTime() + min * 60_000);
    expect(alarmEscalationLevelAt(raised, "raised", at(4.99))).toBe(0);
    expect(alarmEscalationLevelAt(raised, "raised", at(5))).toBe(1);
    expect(alarmEscalationLevelAt(raised, "raised", at(15))).toBe(2);
    expect(alarmEscalationLevelAt(raised, "raised", at(30))).toBe(3);
    expect(alarmEscalationLevelAt(raised, "acknowledged", at(60))).toBe(0);
    expect(alarmEscalationLevelAt(raised, "raised", at(2), [1, 2])).toBe(2);
  });
  it("colours: hh/ll red at a grade 1–2 source, orange elsewhere; h yellow; offline blue", () => {
    expect(alarmSeverity("limit", "hh", 1)).toBe("red");
    expect(alarmSeverity("limit", "ll", 2)).toBe("red");
    expect(alarmSeverity("limit", "hh", 3)).toBe("orange");
    expect(alarmSeverity("limit", "hh", null)).toBe("orange");
    expect(alarmSeverity("limit", "h", 1)).toBe("yellow");
    expect(alarmSeverity("rate", null, 1)).toBe("yellow");
    expect(alarmSeverity("offline", null, 1)).toBe("blue");
  });
});

describe("onlineRate", () => {
  it("is the share of the period not covered by offline spells, clipped to the period", () => {
    expect(onlineRate(0, 100, [])).toBe(1);
    expect(onlineRate(0, 100, [{ from: 10, to: 20 }])).toBeCloseTo(0.9);
    expect(
      onlineRate(0, 100, [
        { from: -50, to: 10 },
        { from: 90, to: null },
      ]),
    ).toBeCloseTo(0.8);
    expect(onlineRate(0, 100, [{ from: 200, to: 300 }])).toBe(1);
  });
});

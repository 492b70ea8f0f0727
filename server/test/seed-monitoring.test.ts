/** The demo major hazard sources, gateways, sensors and alarm history written by the demo seed. */
import { gradeGb18218, limitConfigErrors } from "@anguan/domain";
import { and, asc, eq, inArray, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmEvents, alarms, enterprises, gateways, hazardUnitSubstances, hazardUnits, sensors } from "../src/db/schema";
import { verifyPassword } from "../src/platform/auth";
import { chooseMonitoredEnterprises } from "../src/seed/demoMonitoring";
import { generateDemoEnterprises } from "../src/seed/demoEnterprises";
import { BAOHUA_CODE, JURONG_CODE, NEW_AREA_CODE } from "../src/seed/demoRegions";
import { DEMO_PASSWORD } from "../src/seed/seed";
import { startTestApp, type TestApp } from "./support/testApp";
import { TEST_ENTERPRISES, TEST_NOW } from "./support/testDb";

let t: TestApp;
let entAId: string;

beforeAll(async () => {
  t = await startTestApp();
  const [e] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "镇江华泰化工有限公司"));
  entAId = e!.id;
});
afterAll(() => t.close());

describe("demo major hazard sources", () => {
  it("grades ent-a's tank farm as a grade 1 or 2 major hazard source, stored grading = the calculator on the stored inputs", async () => {
    const units = await t.db.select().from(hazardUnits).where(eq(hazardUnits.enterpriseId, entAId)).orderBy(asc(hazardUnits.createdAt));
    expect(units.length).toBeGreaterThanOrEqual(3);
    const top = units.filter((u) => u.isMajor && (u.grade === 1 || u.grade === 2));
    expect(top.length).toBeGreaterThanOrEqual(1);
    for (const u of units) {
      const g = u.grading as { calculatorVersion: string; inputs: { exposedPeople: number; substances: any[] }; result: any };
      const again = gradeGb18218(g.inputs);
      expect(g.result).toEqual(again);
      expect(g.calculatorVersion).toBe(again.version);
      expect(u.exposedPeople).toBe(g.inputs.exposedPeople);
      expect([u.sumRatio, u.isMajor, u.rValue, u.grade]).toEqual([again.sum, again.isMajor, again.r, again.grade]);
      // The substance rows are the inputs, with the Table 1 row found by the calculator.
      const subs = await t.db.select().from(hazardUnitSubstances).where(eq(hazardUnitSubstances.unitId, u.id)).orderBy(asc(hazardUnitSubstances.position));
      expect(subs.map((s) => [s.name, s.quantity])).toEqual(g.inputs.substances.map((s) => [s.name, s.quantity]));
      expect(subs.map((s) => s.table1No)).toEqual(again.items.map((i) => i.table1No));
      const r = u.responsibles as Record<string, { name: string; phone: string }>;
      for (const k of ["principal", "technical", "operations"]) {
        expect(r[k]!.name.length, k).toBeGreaterThan(1);
        expect(r[k]!.phone, k).toMatch(/^1\d{10}$/);
      }
    }
    // The tank farm: 液氯 48 t (Q 5, β 4) and 甲醇 1422 t (Q 500, β 1), 260 people within 500 m (α 2):
    // S = 9.6 + 2.844 = 12.444, R = 2 × (38.4 + 2.844) = 82.488 → 二级.
    const farm = units.find((u) => u.name.startsWith("罐区"))!;
    expect(farm.sumRatio).toBeCloseTo(12.444, 6);
    expect(farm.rValue).toBeCloseTo(82.488, 6);
    expect(farm.grade).toBe(2);
    expect(farm.code).toBe("321191WX0001");
    expect(farm.reviewStatus).toBe("confirmed");
    const [chlorine] = await t.db
      .select()
      .from(hazardUnitSubstances)
      .where(and(eq(hazardUnitSubstances.unitId, farm.id), eq(hazardUnitSubstances.name, "液氯")));
    expect(chlorine!.table1No).toBe(12);
    expect((farm.responsibles as any).principal).toMatchObject({ name: "赵国强", phone: "13905290005" });
  });

  it("marks every enterprise with a major unit, and has units in 镇江新区, 句容市 and 宝华镇, confirmed and submitted", async () => {
    const rows = await t.db
      .select({ enterpriseId: hazardUnits.enterpriseId, isMajor: hazardUnits.isMajor, regionPath: hazardUnits.regionPath, status: hazardUnits.reviewStatus })
      .from(hazardUnits);
    const majorEnts = [...new Set(rows.filter((r) => r.isMajor).map((r) => r.enterpriseId))];
    expect(majorEnts.length).toBeGreaterThanOrEqual(3);
    const flags = await t.db.select({ id: enterprises.id, has: enterprises.hasMajorHazard }).from(enterprises).where(inArray(enterprises.id, majorEnts));
    expect(flags.every((f) => f.has)).toBe(true);
    for (const code of [NEW_AREA_CODE, JURONG_CODE, BAOHUA_CODE])
      expect(
        rows.some((r) => r.regionPath.includes(`/${code}/`)),
        code,
      ).toBe(true);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["confirmed", "submitted"]));
  });

  it("picks the enterprises from the list: ent-a first, one each in 镇江新区, 句容市 and 宝华镇", () => {
    const list = generateDemoEnterprises({ count: TEST_ENTERPRISES, today: "2026-11-23" });
    const chosen = chooseMonitoredEnterprises(list, () => true);
    expect(chosen[0]!.key).toBe("ent-a");
    expect(chosen.filter((d) => d.input.regionCode.startsWith(NEW_AREA_CODE)).length).toBeGreaterThanOrEqual(2);
    expect(chosen.some((d) => d.input.regionCode.startsWith(BAOHUA_CODE))).toBe(true);
    expect(new Set(chosen.map((d) => d.key)).size).toBe(chosen.length);
  });
});

describe("demo gateways and sensors", () => {
  it("has demo-gw-1 at ent-a with the demo password and GT-101 at GB/T 50493 limits 25/50 %LEL", async () => {
    const [gw] = await t.db.select().from(gateways).where(eq(gateways.id, "demo-gw-1"));
    expect(gw!.enterpriseId).toBe(entAId);
    expect(await verifyPassword(gw!.passwordHash, DEMO_PASSWORD)).toBe(true);
    const list = await t.db.select().from(sensors).where(eq(sensors.gatewayId, "demo-gw-1"));
    const gt = list.find((s) => s.tag === "GT-101")!;
    expect(gt).toMatchObject({ type: "combustible_gas", engineeringUnit: "%LEL", h: 25, hh: 50, periodSeconds: 10, enabled: true });
    expect(gt.unitId).not.toBeNull();
    const types = new Set(list.map((s) => s.type));
    for (const ty of ["temperature", "pressure", "level", "toxic_gas", "combustible_gas"]) expect(types.has(ty), ty).toBe(true);
    // Chlorine: OEL 0.34 ppm → 100 % / 200 % OEL.
    expect(list.find((s) => s.tag === "AT-101")).toMatchObject({ type: "toxic_gas", engineeringUnit: "ppm", h: 0.34, hh: 0.68 });
  });

  it("gives every demo sensor consistent limits inside its range, and other gateways at other enterprises", async () => {
    const all = await t.db.select().from(sensors).where(like(sensors.gatewayId, "demo-gw-%"));
    expect(all.length).toBeGreaterThanOrEqual(20);
    for (const s of all) {
      expect(limitConfigErrors(s), s.tag).toEqual({});
      expect(s.periodSeconds).toBe(10);
      for (const v of [s.ll, s.l, s.h, s.hh]) if (v !== null) expect(v >= s.rangeLow! && v <= s.rangeHigh!, `${s.gatewayId} ${s.tag}`).toBe(true);
    }
    const gws = await t.db.select().from(gateways).where(like(gateways.id, "demo-gw-%"));
    expect(gws.length).toBeGreaterThanOrEqual(4);
    expect(new Set(gws.map((g) => g.enterpriseId)).size).toBe(gws.length);
    expect(gws.every((g) => g.passwordHash === gws[0]!.passwordHash)).toBe(true);
  });
});

describe("demo alarm history", () => {
  it("has a week of alarms: cleared ones with causes and a full event trail, one open unacknowledged", async () => {
    const list = await t.db.select().from(alarms).orderBy(asc(alarms.raisedAt));
    expect(list.length).toBeGreaterThanOrEqual(5);
    const weekAgo = TEST_NOW.getTime() - 7 * 86_400_000;
    for (const a of list) {
      expect(a.raisedAt.getTime()).toBeGreaterThan(weekAgo);
      expect(a.raisedAt.getTime()).toBeLessThan(TEST_NOW.getTime());
      expect(a.conditionActive).toBe(false);
    }
    const cleared = list.filter((a) => a.status === "cleared");
    expect(cleared.length).toBeGreaterThanOrEqual(4);
    expect(new Set(cleared.map((a) => a.cause)).size).toBeGreaterThanOrEqual(3);
    const open = list.filter((a) => a.status !== "cleared");
    expect(open.map((a) => a.status)).toEqual(["raised"]);
    // The hh alarm at the grade 2 tank farm is red.
    expect(list.find((a) => a.level === "hh")?.severity).toBe("red");
    const ev = await t.db.select().from(alarmEvents).where(eq(alarmEvents.alarmId, cleared[0]!.id)).orderBy(asc(alarmEvents.id));
    expect(ev.map((e) => e.action).filter((a) => a !== "return")).toEqual(["raise", "acknowledge", "verify", "dispose", "clear"]);
    expect(ev.at(-1)!.toStatus).toBe("cleared");
    for (let i = 1; i < ev.length; i++) expect(ev[i]!.at.getTime()).toBeGreaterThanOrEqual(ev[i - 1]!.at.getTime());
    const [row] = (await t.db.execute(sql`SELECT count(*)::int AS n FROM readings`)).rows as { n: number }[];
    expect(row!.n).toBe(0);
  });
});

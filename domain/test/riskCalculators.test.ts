import { describe, expect, it } from "vitest";
import {
  assessRisk,
  bandOf,
  calculateLec,
  calculateLs,
  classify2Belongs,
  controlLevelsFor,
  DEFAULT_RISK_BANDS,
  gradeRank,
  LEC_TABLES,
  LS_TABLES,
  maxGrade,
  MEASURE_CLASSIFY2_CODES,
  riskBandsSchema,
  riskColorOf,
  RiskScoreError,
  type RiskBands,
} from "../src/riskCalculators";

const lecAt = (d: number) => bandOf(d, DEFAULT_RISK_BANDS.lec);
const lsAt = (r: number) => bandOf(r, DEFAULT_RISK_BANDS.ls);

describe("LEC tables (§2.1)", () => {
  it("hold the published scores with Chinese meanings", () => {
    expect(LEC_TABLES.l.map((o) => o.value)).toEqual([10, 6, 3, 1, 0.5, 0.2, 0.1]);
    expect(LEC_TABLES.e.map((o) => o.value)).toEqual([10, 6, 3, 2, 1, 0.5]);
    expect(LEC_TABLES.c.map((o) => o.value)).toEqual([100, 40, 15, 7, 3, 1]);
    expect(LEC_TABLES.l[0]!.zh).toBe("完全可以预料");
    expect(LEC_TABLES.e[1]!.zh).toBe("每天工作时间内暴露");
    expect(LEC_TABLES.c[2]!.zh).toBe("非常严重，一人死亡");
  });
  it("LS scales are 1–5", () => {
    expect(LS_TABLES.l.map((o) => o.value)).toEqual([5, 4, 3, 2, 1]);
    expect(LS_TABLES.s.map((o) => o.value)).toEqual([5, 4, 3, 2, 1]);
    for (const o of [...LS_TABLES.l, ...LS_TABLES.s]) expect(o.zh.length).toBeGreaterThan(3);
  });
});

describe("lec@1 with the default bands", () => {
  it("computes D = L×E×C: the worked example 3×6×7 = 126 is 一般 / yellow / level 3", () => {
    expect(calculateLec({ l: 3, e: 6, c: 7 })).toEqual({
      d: 126,
      level: 3,
      riskGrade: "一般",
      color: "yellow",
      calculatorVersion: "lec@1",
      bandsVersion: "default@1",
    });
  });
  it("grades at every band boundary", () => {
    const cases: [number, number, string][] = [
      [320.01, 1, "重大"],
      [320, 2, "较大"],
      [319.99, 2, "较大"],
      [160.01, 2, "较大"],
      [160, 2, "较大"],
      [159.99, 3, "一般"],
      [70, 3, "一般"],
      [69.99, 4, "低"],
      [20, 4, "低"],
      [19.99, 5, "低"],
      [0.05, 5, "低"],
      [0, 5, "低"],
      [10_000, 1, "重大"],
    ];
    for (const [d, level, grade] of cases) expect([d, lecAt(d).level, lecAt(d).grade]).toEqual([d, level, grade]);
  });
  it("colours follow the grades", () => {
    expect(calculateLec({ l: 10, e: 10, c: 100 })).toMatchObject({ d: 10_000, level: 1, riskGrade: "重大", color: "red" });
    expect(calculateLec({ l: 6, e: 6, c: 7 })).toMatchObject({ d: 252, level: 2, riskGrade: "较大", color: "orange" });
    expect(calculateLec({ l: 3, e: 3, c: 7 })).toMatchObject({ d: 63, level: 4, riskGrade: "低", color: "blue" });
    expect(calculateLec({ l: 1, e: 1, c: 1 })).toMatchObject({ d: 1, level: 5, riskGrade: "低", color: "blue" });
  });
  it("has no floating-point noise in D", () => {
    expect(calculateLec({ l: 0.2, e: 3, c: 7 }).d).toBe(4.2);
    expect(calculateLec({ l: 0.1, e: 0.5, c: 1 }).d).toBe(0.05);
  });
  it("names every score outside its table", () => {
    try {
      calculateLec({ l: 4, e: 6, c: 8 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskScoreError);
      const err = e as RiskScoreError;
      expect(err.code).toBe("RISK_SCORE_NOT_IN_TABLE");
      expect(err.fields.map((f) => f.field)).toEqual(["l", "c"]);
      expect(err.fields[0]!.message).toContain("10、6、3、1、0.5、0.2、0.1");
    }
    expect(() => calculateLec({ l: 3, e: 7, c: 7 })).toThrow(/e: /);
    expect(() => calculateLec({ l: 3, e: 6, c: Number.NaN })).toThrow(RiskScoreError);
  });
});

describe("ls@1 with the default bands (20–25 / 15–16 / 9–12 / 1–8)", () => {
  it("computes R = L×S", () => {
    expect(calculateLs({ l: 4, s: 5 })).toEqual({ r: 20, level: 1, riskGrade: "重大", color: "red", calculatorVersion: "ls@1", bandsVersion: "default@1" });
    expect(calculateLs({ l: 3, s: 5 })).toMatchObject({ r: 15, riskGrade: "较大", color: "orange", level: 2 });
    expect(calculateLs({ l: 3, s: 3 })).toMatchObject({ r: 9, riskGrade: "一般", color: "yellow", level: 3 });
    expect(calculateLs({ l: 2, s: 4 })).toMatchObject({ r: 8, riskGrade: "低", color: "blue", level: 4 });
  });
  it("grades every possible R at and around the boundaries", () => {
    const expected: Record<number, string> = {
      1: "低",
      2: "低",
      3: "低",
      4: "低",
      5: "低",
      6: "低",
      8: "低",
      9: "一般",
      10: "一般",
      12: "一般",
      15: "较大",
      16: "较大",
      20: "重大",
      25: "重大",
    };
    for (let l = 1; l <= 5; l++) for (let s = 1; s <= 5; s++) expect(calculateLs({ l, s }).riskGrade).toBe(expected[l * s]);
    expect(lsAt(19.99).grade).toBe("较大");
    expect(lsAt(14.99).grade).toBe("一般");
    expect(lsAt(8.99).grade).toBe("低");
  });
  it("refuses scores outside 1–5 and non-integers, naming them", () => {
    expect(() => calculateLs({ l: 6, s: 1 })).toThrow(RiskScoreError);
    try {
      calculateLs({ l: 2.5, s: 0 });
      expect.unreachable();
    } catch (e) {
      expect((e as RiskScoreError).fields.map((f) => f.field)).toEqual(["l", "s"]);
    }
  });
});

describe("assessRisk", () => {
  it("dispatches by method and refuses keys of the other method", () => {
    expect(assessRisk("lec", { l: 6, e: 6, c: 15 })).toMatchObject({ d: 540, riskGrade: "重大" });
    expect(assessRisk("ls", { l: 5, s: 5 })).toMatchObject({ r: 25, riskGrade: "重大" });
    expect(() => assessRisk("ls", { l: 5, s: 5, e: 1 })).toThrow(RiskScoreError);
    expect(() => assessRisk("lec", { l: 6, e: 6 })).toThrow(/c: 请填写 LEC 的 C 值/);
    try {
      assessRisk("lec", { l: 1, e: 6, s: 7 });
      expect.unreachable();
    } catch (e) {
      expect((e as RiskScoreError).fields.map((f) => f.field)).toEqual(["s", "c"]);
    }
  });
});

describe("custom bands (per jurisdiction)", () => {
  const custom: RiskBands = {
    version: "js-2026.1",
    lec: [
      { level: 1, grade: "重大", min: 260, inclusive: true },
      { level: 2, grade: "较大", min: 120, inclusive: true },
      { level: 3, grade: "一般", min: 62, inclusive: true },
      { level: 4, grade: "低", min: 20, inclusive: true },
      { level: 5, grade: "低", min: 0, inclusive: true },
    ],
    ls: [
      { level: 1, grade: "重大", min: 20, inclusive: true },
      { level: 2, grade: "较大", min: 9, inclusive: true },
      { level: 3, grade: "一般", min: 4, inclusive: true },
      { level: 4, grade: "低", min: 0, inclusive: true },
    ],
    controlLevels: { 重大: "company", 较大: "workshop", 一般: "team", 低: "post" },
  };
  it("are accepted by the schema and change the grade and the version", () => {
    const parsed = riskBandsSchema.parse(custom);
    expect(parsed).toEqual(custom);
    expect(calculateLec({ l: 6, e: 6, c: 7 }, parsed)).toMatchObject({ d: 252, level: 2, riskGrade: "较大", bandsVersion: "js-2026.1" });
    expect(calculateLec({ l: 10, e: 6, c: 7 }, parsed)).toMatchObject({ d: 420, level: 1, riskGrade: "重大" });
    expect(calculateLec({ l: 3, e: 3, c: 7 }, parsed)).toMatchObject({ d: 63, level: 3, riskGrade: "一般" });
    expect(calculateLs({ l: 3, s: 3 }, parsed)).toMatchObject({ r: 9, riskGrade: "较大" });
  });
  it("default the control levels when left out", () => {
    const { controlLevels: _, ...rest } = custom;
    expect(riskBandsSchema.parse(rest).controlLevels).toEqual(DEFAULT_RISK_BANDS.controlLevels);
  });
  it("the defaults themselves pass the schema (apart from the reserved version)", () => {
    const r = riskBandsSchema.safeParse(DEFAULT_RISK_BANDS);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join("."))).toEqual(["version"]);
    expect(riskBandsSchema.safeParse({ ...DEFAULT_RISK_BANDS, version: "copy-1" }).success).toBe(true);
  });
  const bad = (patch: Partial<RiskBands> & Record<string, unknown>) => {
    const r = riskBandsSchema.safeParse({ ...custom, ...patch });
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  it("refuse thresholds that do not decrease, levels out of order, rising grades, a missing catch-all", () => {
    expect(bad({ lec: [custom.lec[1]!, { ...custom.lec[0]!, level: 2 }, ...custom.lec.slice(2).map((b, i) => ({ ...b, level: i + 3 }))] }).join()).toContain(
      "lec.1.min",
    );
    expect(bad({ ls: custom.ls.map((b, i) => (i === 1 ? { ...b, level: 3 } : b)) }).join()).toContain("ls.1.level");
    expect(bad({ ls: custom.ls.map((b, i) => (i === 2 ? { ...b, grade: "重大" as const } : b)) }).join()).toContain("ls.2.grade");
    expect(bad({ lec: custom.lec.slice(0, 4) }).join()).toContain("lec.3.min");
    expect(bad({ lec: custom.lec.map((b, i) => (i === 4 ? { ...b, inclusive: false } : b)) }).join()).toContain("兜底");
    expect(bad({ version: "" }).join()).toContain("version");
    expect(bad({ version: "a b" }).join()).toContain("version");
    expect(bad({ controlLevels: { 重大: "team", 较大: "company", 一般: "workshop", 低: "post" } }).join()).toContain("管控层级");
    expect(bad({ extra: 1 }).length).toBe(1);
  });
});

describe("grades, colours, control levels", () => {
  it("map the four grades to the four colours", () => {
    expect(["重大", "较大", "一般", "低"].map((g) => riskColorOf(g as "重大"))).toEqual(["red", "orange", "yellow", "blue"]);
    expect(riskColorOf(null)).toBeNull();
  });
  it("maxGrade orders 重大 > 较大 > 一般 > 低 and ignores unknowns", () => {
    expect(maxGrade(["低", "一般", null, "较大", "低"])).toBe("较大");
    expect(maxGrade(["低", "重大", "较大"])).toBe("重大");
    expect(maxGrade([null, undefined, "x"])).toBeNull();
    expect(maxGrade([])).toBeNull();
    expect(gradeRank("重大")).toBeGreaterThan(gradeRank("较大"));
    expect(gradeRank(null)).toBe(0);
  });
  it("default owners per §1.7 and the levels below them", () => {
    expect(controlLevelsFor("重大")).toEqual({ owner: "company", levels: ["company", "workshop", "team", "post"] });
    expect(controlLevelsFor("一般")).toEqual({ owner: "workshop", levels: ["workshop", "team", "post"] });
    expect(controlLevelsFor("低")).toEqual({ owner: "team", levels: ["team", "post"] });
  });
  it("classify2 codes belong to their classify1", () => {
    expect(classify2Belongs("1", "1-4")).toBe(true);
    expect(classify2Belongs("2", "1-4")).toBe(false);
    expect(classify2Belongs("4", "4-5")).toBe(true);
    expect(classify2Belongs("2", "2-4")).toBe(false);
    expect(MEASURE_CLASSIFY2_CODES).toHaveLength(17);
  });
});

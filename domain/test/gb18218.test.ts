import { describe, expect, it } from "vitest";
import {
  alphaFor,
  findHazardClass,
  findTable1,
  GB18218_CLASSES,
  GB18218_TABLE1,
  GB18218_TABLE3,
  GB18218_VERSION,
  Gb18218InputError,
  gradeFor,
  gradeGb18218,
  searchTable1,
  table3BetaFor,
} from "../src/gb18218";

describe("GB 18218 data", () => {
  it("holds all 85 Table 1 rows in order with their thresholds", () => {
    expect(GB18218_TABLE1).toHaveLength(85);
    expect(GB18218_TABLE1.map((e) => e.no)).toEqual(Array.from({ length: 85 }, (_, i) => i + 1));
    const q = (no: number) => GB18218_TABLE1[no - 1]!.threshold;
    expect([q(1), q(6), q(12), q(30), q(31), q(46), q(51), q(52), q(65), q(85)]).toEqual([10, 0.3, 5, 0.75, 0.5, 1000, 5, 50, 500, 10]);
    expect(GB18218_TABLE1[11]!.name).toBe("氯");
    expect(GB18218_TABLE1[84]!.name).toBe("钠");
  });

  it("parses every CAS number, including several per row, and the 79 distinct numbers pass the check digit", () => {
    expect(findTable1("甲烷")!.casNumbers).toEqual(["74-82-8", "8006-14-2"]);
    expect(GB18218_TABLE1[51]!.casNumbers).toEqual(["68476-85-7", "74-98-6", "106-97-8"]);
    expect(GB18218_TABLE1[12]!.casNumbers).toEqual([]); // 煤气
    expect(GB18218_TABLE1[73]!.casNumbers).toEqual([]); // 烷基铝
    const all = new Set(GB18218_TABLE1.flatMap((e) => e.casNumbers));
    expect(all.size).toBe(79);
    for (const cas of all) {
      const digits = cas.replace(/-/g, "");
      const body = digits.slice(0, -1).split("").reverse();
      const sum = body.reduce((acc, d, i) => acc + Number(d) * (i + 1), 0);
      expect(sum % 10, cas).toBe(Number(digits.at(-1)));
    }
  });

  it("gives every row a valid default class; flammable gases are W2, toxic gases J1/J3", () => {
    for (const e of GB18218_TABLE1) expect(findHazardClass(e.defaultClass), `${e.no} ${e.name}`).toBeDefined();
    for (const n of ["氢", "液化石油气", "甲烷", "天然气", "乙炔", "乙烯", "氯乙烯", "1,3-丁二烯", "二甲醚", "一甲胺"])
      expect(findTable1(n)!.defaultClass, n).toBe("W2");
    for (const n of ["氯", "氨", "硫化氢", "光气", "磷化氢", "氟化氢"]) expect(["J1", "J3"]).toContain(findTable1(n)!.defaultClass);
    expect(findTable1("TNT")!.defaultClass).toBe("W1.1");
    expect(findTable1("氧气")!.defaultClass).toBe("W4");
    expect(findTable1("乙醇")!.defaultClass).toBe("W5.3");
    expect(findTable1("电石")!.defaultClass).toBe("W11");
  });

  it("has the Table 2/4 classes with Q and β", () => {
    expect(GB18218_CLASSES).toHaveLength(24);
    const c = (s: string) => findHazardClass(s)!;
    expect([c("J1").threshold, c("J1").beta]).toEqual([5, 4]);
    expect([c("J5").threshold, c("J5").beta]).toEqual([500, 1]);
    expect([c("W1.1").threshold, c("W1.1").beta]).toEqual([1, 2]);
    expect([c("W2").threshold, c("W2").beta]).toEqual([10, 1.5]);
    expect([c("W5.4").threshold, c("W5.4").beta]).toEqual([5000, 1]);
    expect([c("W11").threshold, c("W11").beta]).toEqual([200, 1]);
    expect(c("w5.1").symbol).toBe("W5.1");
    expect(findHazardClass("W12")).toBeUndefined();
  });

  it("has Table 3 toxic-gas β by Table 1 row", () => {
    expect(GB18218_TABLE3).toHaveLength(14);
    for (const t of GB18218_TABLE3)
      expect(GB18218_TABLE1[t.table1No - 1]!.casNumbers.length === 0 || t.table1No === 13 || GB18218_TABLE1[t.table1No - 1]!.casNumbers.includes(t.cas)).toBe(
        true,
      );
    expect(table3BetaFor(12)).toBe(4);
    expect(table3BetaFor(6)).toBe(20);
    expect(table3BetaFor(13)).toBe(2);
    expect(table3BetaFor(51)).toBeUndefined();
  });
});

describe("findTable1", () => {
  it("finds by name, alias, name part and any CAS", () => {
    expect(findTable1("氯")!.no).toBe(12);
    expect(findTable1("液氯")!.no).toBe(12);
    expect(findTable1("氯气")!.no).toBe(12);
    expect(findTable1("7782-50-5")!.no).toBe(12);
    expect(findTable1("光气")!.no).toBe(6);
    expect(findTable1("胂")!.no).toBe(14); // alias split on 、
    expect(findTable1("2-羟基异丁腈")!.no).toBe(18); // alias with a blank after ；
    expect(findTable1("环氧氯丙烷")!.no).toBe(21);
    expect(findTable1("3-氯-1,2-环氧丙烷")!.no).toBe(21);
    expect(findTable1("甲醛")!.no).toBe(8);
    expect(findTable1("氯化氢")!.no).toBe(11);
    expect(findTable1("天然气")!.no).toBe(49);
    expect(findTable1("8006-14-2")!.no).toBe(49);
    expect(findTable1("106-97-8")!.no).toBe(52);
    expect(findTable1("丙烷")!.no).toBe(52);
    expect(findTable1("乙醇汽油")!.no).toBe(66);
    expect(findTable1("tdi")!.no).toBe(23);
    expect(findTable1(" 氢气 ")!.no).toBe(51);
    expect(findTable1("一氧化碳")!.no).toBe(13);
    expect(findTable1("630-08-0")!.no).toBe(13);
  });

  it("takes the first (lowest-Q) row for a shared CAS or alias, and the exact row by full name", () => {
    expect(findTable1("9004-70-0")!.no).toBe(37);
    expect(findTable1("硝化棉")!.no).toBe(37);
    expect(findTable1("硝化纤维素（含水 ≥25%)")!.no).toBe(41);
    expect(findTable1("6484-52-2")!.no).toBe(43);
  });

  it("misses unlisted chemicals", () => {
    expect(findTable1("丙烯")).toBeUndefined();
    expect(findTable1("115-07-1")).toBeUndefined();
    expect(findTable1("")).toBeUndefined();
  });

  it("searches by part of name, alias or CAS", () => {
    expect(searchTable1("硝化纤维素").map((e) => e.no)).toEqual([37, 38, 39, 40, 41, 42]);
    expect(searchTable1("木精").map((e) => e.no)).toEqual([65]);
    expect(searchTable1("74-98").map((e) => e.no)).toEqual([52]);
  });
});

describe("alpha (Table 5) and grade (Table 6)", () => {
  it("has every α band boundary", () => {
    expect([0, 1, 29, 30, 49, 50, 99, 100, 5000].map(alphaFor)).toEqual([0.5, 1, 1, 1.2, 1.2, 1.5, 1.5, 2, 2]);
    expect(() => alphaFor(-1)).toThrow(RangeError);
    expect(() => alphaFor(1.5)).toThrow(RangeError);
  });

  it("has every grade boundary", () => {
    expect(gradeFor(0)).toBe(4);
    expect(gradeFor(9.99)).toBe(4);
    expect(gradeFor(10)).toBe(3);
    expect(gradeFor(49.99)).toBe(3);
    expect(gradeFor(50)).toBe(2);
    expect(gradeFor(99.999)).toBe(2);
    expect(gradeFor(100)).toBe(1);
    expect(gradeFor(1e6)).toBe(1);
  });
});

describe("gradeGb18218", () => {
  it("worked example 1: liquid chlorine 30 t, 60 people → S 6, R 36, 三级", () => {
    const r = gradeGb18218({ exposedPeople: 60, substances: [{ name: "液氯", quantity: 30 }] });
    expect(r).toMatchObject({ version: GB18218_VERSION, sum: 6, isMajor: true, alpha: 1.5, r: 36, grade: 3 });
    expect(r.items[0]).toEqual({
      name: "液氯",
      cas: "7782-50-5",
      table1No: 12,
      hazardClass: "J3",
      quantity: 30,
      threshold: 5,
      beta: 4,
      betaSource: "table3",
      ratio: 6,
    });
  });

  it("worked example 2: ammonia, ethanol and hydrogen, 120 people → S 1.6, R 5.0, 四级", () => {
    const r = gradeGb18218({
      exposedPeople: 120,
      substances: [
        { name: "氨", quantity: 8 },
        { name: "乙醇", quantity: 300 },
        { name: "氢", quantity: 1 },
      ],
    });
    expect(r.sum).toBe(1.6);
    expect(r.isMajor).toBe(true);
    expect(r.alpha).toBe(2);
    expect(r.r).toBe(5);
    expect(r.grade).toBe(4);
    expect(r.items.map((i) => [i.threshold, i.beta, i.betaSource, i.ratio])).toEqual([
      [10, 2, "table3", 0.8],
      [500, 1, "class", 0.6],
      [5, 1.5, "class", 0.2],
    ]);
  });

  it("a single chemical below its threshold is not major and has no grade", () => {
    const r = gradeGb18218({ exposedPeople: 10, substances: [{ name: "甲醇", quantity: 499 }] });
    expect(r.isMajor).toBe(false);
    expect(r.grade).toBeNull();
    expect(r.sum).toBe(0.998);
    expect(r.r).toBe(0.998);
  });

  it("S exactly 1 is major (also when the float sum is a hair below 1)", () => {
    const one = gradeGb18218({ exposedPeople: 0, substances: [{ name: "苯", quantity: 50 }] });
    expect([one.sum, one.isMajor, one.alpha, one.r, one.grade]).toEqual([1, true, 0.5, 0.5, 4]);
    // 0.1 + 0.2 + 0.7 = 0.9999999999999999 in floating point
    const mixed = gradeGb18218({
      exposedPeople: 0,
      substances: [
        { name: "甲醇", quantity: 50 },
        { name: "乙醇", quantity: 100 },
        { name: "丙酮", quantity: 350 },
      ],
    });
    expect(mixed.isMajor).toBe(true);
    expect(mixed.sum).toBe(1);
  });

  it("grades each band through R boundaries (α 2, hydrogen β 1.5)", () => {
    // R = 2 × 1.5 × q/5 = 0.6 q
    const at = (q: number) => gradeGb18218({ exposedPeople: 100, substances: [{ name: "氢", quantity: q }] });
    expect([at(50 / 3).r, at(50 / 3).grade]).toEqual([10, 3]);
    expect([at(16.6).r, at(16.6).grade]).toEqual([9.96, 4]);
    expect([at(250 / 3).r, at(250 / 3).grade]).toEqual([50, 2]);
    expect(at(83.3).grade).toBe(3);
    expect([at(500 / 3).r, at(500 / 3).grade]).toEqual([100, 1]);
    expect(at(166.6).grade).toBe(2);
  });

  it("mixed units: Table 3 gas, W2 gas and an explosive", () => {
    const r = gradeGb18218({
      exposedPeople: 35,
      substances: [
        { cas: "75-44-5", quantity: 0.15 }, // 光气 0.5 × 20
        { name: "乙炔", quantity: 0.5 }, // 0.5 × 1.5
        { name: "TNT", quantity: 2.5 }, // 0.5 × 2
      ],
    });
    expect(r.sum).toBe(1.5);
    expect(r.alpha).toBe(1.2);
    expect(r.r).toBe(14.1); // 1.2 × (10 + 0.75 + 1)
    expect(r.grade).toBe(3);
    expect(r.items[0]).toMatchObject({ name: "碳酰氯", cas: "75-44-5", table1No: 6, beta: 20, betaSource: "table3" });
  });

  it("unlisted chemicals take Q and β from their Table 2 class", () => {
    const r = gradeGb18218({
      exposedPeople: 200,
      substances: [
        { name: "丙烯", cas: "115-07-1", quantity: 5, hazardClass: "W2" }, // 5/10 × 1.5
        { name: "某有机过氧化物", quantity: 5, hazardClass: "W7.1" }, // 5/10 × 1.5
        { name: "二甲苯", quantity: 2500, hazardClass: "w5.4" }, // 2500/5000 × 1
      ],
    });
    expect(r.items.map((i) => [i.table1No, i.hazardClass, i.threshold, i.beta, i.betaSource, i.ratio])).toEqual([
      [null, "W2", 10, 1.5, "class", 0.5],
      [null, "W7.1", 10, 1.5, "class", 0.5],
      [null, "W5.4", 5000, 1, "class", 0.5],
    ]);
    expect(r.sum).toBe(1.5);
    expect(r.r).toBe(4); // 2 × (0.75 + 0.75 + 0.5)
    expect(r.grade).toBe(4);
  });

  it("an override class changes β (not Q) of a listed chemical, but never a Table 3 β", () => {
    const base = gradeGb18218({ exposedPeople: 100, substances: [{ name: "苯", quantity: 100 }] });
    const over = gradeGb18218({ exposedPeople: 100, substances: [{ name: "苯", quantity: 100, hazardClass: "W5.1" }] });
    expect([base.items[0]!.hazardClass, base.items[0]!.beta, base.r]).toEqual(["W5.3", 1, 4]);
    expect([over.items[0]!.hazardClass, over.items[0]!.threshold, over.items[0]!.beta, over.r]).toEqual(["W5.1", 50, 1.5, 6]);
    const chlorine = gradeGb18218({ exposedPeople: 100, substances: [{ name: "氯", quantity: 5, hazardClass: "J1" }] });
    expect([chlorine.items[0]!.hazardClass, chlorine.items[0]!.beta, chlorine.items[0]!.betaSource]).toEqual(["J1", 4, "table3"]);
  });

  it("rejects an unlisted chemical without class, naming it", () => {
    let err: unknown;
    try {
      gradeGb18218({
        exposedPeople: 1,
        substances: [
          { name: "氯", quantity: 1 },
          { name: "丙烯", quantity: 3 },
        ],
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Gb18218InputError);
    expect((err as Gb18218InputError).index).toBe(1);
    expect((err as Gb18218InputError).field).toBe("hazardClass");
    expect((err as Error).message).toContain("丙烯");
  });

  it("rejects unknown classes, missing names and bad quantities", () => {
    const fail = (s: any) => {
      try {
        gradeGb18218({ exposedPeople: 1, substances: [s] });
      } catch (e) {
        return [(e as Gb18218InputError).field, (e as Gb18218InputError).index];
      }
      return null;
    };
    expect(fail({ name: "丙烯", quantity: 1, hazardClass: "X9" })).toEqual(["hazardClass", 0]);
    expect(fail({ quantity: 1 })).toEqual(["name", 0]);
    expect(fail({ name: "氯", quantity: 0 })).toEqual(["quantity", 0]);
    expect(fail({ name: "氯", quantity: -2 })).toEqual(["quantity", 0]);
    expect(fail({ name: "氯", quantity: Number.NaN })).toEqual(["quantity", 0]);
  });

  it("an empty unit is not major", () => {
    expect(gradeGb18218({ exposedPeople: 3, substances: [] })).toMatchObject({ sum: 0, isMajor: false, r: 0, grade: null, items: [] });
  });
});

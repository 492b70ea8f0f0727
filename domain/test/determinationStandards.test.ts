import { describe, expect, it } from "vitest";
import { CHEM_2017, DETERMINATION_ITEMS, determinationItemInputSchema, determinationItemsFor, GM_2023 } from "../src/determinationStandards";

describe("shipped determination items", () => {
  it("has the 20 items of 安监总管三〔2017〕121号 in order", () => {
    const chem = DETERMINATION_ITEMS.filter((i) => i.standard === CHEM_2017.standard);
    expect(chem.map((i) => i.code)).toEqual(Array.from({ length: 20 }, (_, i) => `chem2017-${String(i + 1).padStart(2, "0")}`));
    expect(chem.map((i) => i.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(chem[1]!.text).toBe("特种作业人员未持证上岗");
    expect(chem[19]!.text).toContain("分区分类");
    for (const i of chem) expect(i.sectors).toEqual(["hazchem_production", "hazchem_trade_storage", "hazchem_use"]);
  });

  it("has the 3 general items of 应急管理部令第10号 Art. 3", () => {
    const gm = DETERMINATION_ITEMS.filter((i) => i.standard === GM_2023.standard);
    expect(gm.map((i) => i.code)).toEqual(["gm2023-3-1", "gm2023-3-2", "gm2023-3-3"]);
    expect(gm[0]!.text).toContain("承包单位");
    expect(gm[2]!.text).toContain("金属冶炼");
    expect(gm[2]!.sectors).toEqual(["metallurgy", "nonferrous"]);
    expect(gm[0]!.sectors).toContain("commerce");
  });

  it("has unique codes and non-empty texts", () => {
    expect(new Set(DETERMINATION_ITEMS.map((i) => i.code)).size).toBe(23);
    for (const i of DETERMINATION_ITEMS) expect(i.text.length).toBeGreaterThan(5);
  });
});

describe("determinationItemsFor", () => {
  it("picks the items of the sector, and items without sectors everywhere", () => {
    expect(determinationItemsFor(DETERMINATION_ITEMS, "hazchem_use")).toHaveLength(20);
    expect(determinationItemsFor(DETERMINATION_ITEMS, "metallurgy").map((i) => i.code)).toEqual(["gm2023-3-1", "gm2023-3-2", "gm2023-3-3"]);
    expect(determinationItemsFor(DETERMINATION_ITEMS, "machinery")).toHaveLength(2);
    expect(determinationItemsFor(DETERMINATION_ITEMS, "catering")).toHaveLength(0);
    const extra = [...DETERMINATION_ITEMS, { code: "x-1", standard: "x", standardName: "x", seq: 1, text: "通用条款", sectors: [] }];
    expect(determinationItemsFor(extra, "catering").map((i) => i.code)).toEqual(["x-1"]);
  });
});

describe("determinationItemInputSchema", () => {
  const ok = {
    code: "fw2017-01",
    standard: "安监总管三〔2017〕121号",
    standardName: "烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）",
    seq: 1,
    text: "主要负责人、安全生产管理人员未依法经考核合格",
  };

  it("accepts an item and defaults sectors to any", () => {
    expect(determinationItemInputSchema.parse(ok)).toEqual({ ...ok, sectors: [] });
    expect(determinationItemInputSchema.parse({ ...ok, sectors: ["fireworks"] }).sectors).toEqual(["fireworks"]);
  });

  it("names the bad field in Chinese", () => {
    const bad = determinationItemInputSchema.safeParse({ ...ok, code: "有 空格", sectors: ["rockets"] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["code", "sectors.0"]));
    expect(bad.error!.issues.find((i) => i.path[0] === "code")!.message).toMatch(/编码/);
    expect(determinationItemInputSchema.safeParse({ ...ok, text: "  " }).success).toBe(false);
  });
});

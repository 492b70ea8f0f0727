import { describe, expect, it } from "vitest";
import { checkImportHeaders, ENTERPRISE_IMPORT_COLUMNS, parseImportRow } from "../src/importColumns";
import { makeCreditCode } from "../src/creditCode";
import { enterpriseInputSchema } from "../src/enterprise";

const CODE = makeCreditCode("91", "321183", "MA1TE8T1");

/** A complete good row, header → cell text as read from the template. */
const good = (): Record<string, string> => ({
  企业名称: "句容市宝华测试化工有限公司",
  统一社会信用代码: CODE.toLowerCase(),
  所属区域代码: "321183103",
  监管行业: "危险化学品经营(带储存)",
  详细地址: "句容市宝华镇仙林东路 8 号",
  经度: "119.08",
  纬度: "32.13",
  是否规上企业: "是",
  从业人数: "35",
  法定代表人: "张三",
  主要负责人: "李四",
  主要负责人电话: "13905291234",
  安全管理人员: "王五",
  安全管理人员电话: "0511-87654321",
  经营状态: "停产",
  监管层级: "县级",
  是否涉及重大危险源: "否",
  重点监管危险化工工艺: "加氢工艺、氯化，氯化工艺",
});

function problemsOf(cells: Record<string, string>) {
  const r = parseImportRow(cells);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

describe("ENTERPRISE_IMPORT_COLUMNS", () => {
  it("has unique Chinese headers and keys of the enterprise input", () => {
    const headers = ENTERPRISE_IMPORT_COLUMNS.map((c) => c.header);
    expect(new Set(headers).size).toBe(headers.length);
    for (const h of headers) expect(h).toMatch(/[\u4e00-\u9fff]/);
    const keys = Object.keys(enterpriseInputSchema.shape);
    for (const c of ENTERPRISE_IMPORT_COLUMNS) expect(keys).toContain(c.key);
    expect(ENTERPRISE_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.key)).toEqual(["name", "creditCode", "regionCode", "sector"]);
  });
});

describe("checkImportHeaders", () => {
  it("accepts the template's headers, in any order, with spaces", () => {
    const headers = ENTERPRISE_IMPORT_COLUMNS.map((c) => ` ${c.header} `).reverse();
    expect(checkImportHeaders(headers)).toEqual({ missing: [], unknown: [] });
  });
  it("accepts only the required columns", () => {
    expect(checkImportHeaders(["企业名称", "统一社会信用代码", "所属区域代码", "监管行业"])).toEqual({ missing: [], unknown: [] });
  });
  it("reports missing required and unknown headers", () => {
    expect(checkImportHeaders(["企业名称", "信用代码", "所属区域代码", "", "备注"])).toEqual({
      missing: ["统一社会信用代码", "监管行业"],
      unknown: ["信用代码", "备注"],
    });
  });
});

describe("parseImportRow", () => {
  it("parses a good row into an enterprise input", () => {
    const r = parseImportRow(good());
    expect(r).toEqual({
      ok: true,
      value: {
        name: "句容市宝华测试化工有限公司",
        creditCode: CODE,
        regionCode: "321183103",
        address: "句容市宝华镇仙林东路 8 号",
        lat: 32.13,
        lng: 119.08,
        sector: "hazchem_trade_storage",
        isAboveScale: true,
        employeeCount: 35,
        legalRepresentative: "张三",
        mainLeader: "李四",
        mainLeaderPhone: "13905291234",
        safetyManager: "王五",
        safetyManagerPhone: "0511-87654321",
        operatingStatus: "suspended",
        supervisionLevel: "county",
        hasMajorHazard: false,
        hazardousProcesses: [3, 8], // 氯化 given twice, sorted and deduplicated
      },
    });
  });

  it("fills defaults for the optional columns left blank", () => {
    const r = parseImportRow({ 企业名称: " 某餐馆 ", 统一社会信用代码: CODE, 所属区域代码: "321183", 监管行业: "餐饮" });
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        name: "某餐馆",
        sector: "catering",
        address: "",
        lat: null,
        lng: null,
        isAboveScale: false,
        employeeCount: null,
        operatingStatus: "operating",
        supervisionLevel: "township",
        hasMajorHazard: false,
        hazardousProcesses: [],
      }),
    });
  });

  it("accepts codes as well as labels for statuses and levels", () => {
    const r = parseImportRow({ ...good(), 经营状态: "closed", 监管层级: "city", 监管行业: "machinery" });
    expect(r.ok && [r.value.operatingStatus, r.value.supervisionLevel, r.value.sector]).toEqual(["closed", "city", "machinery"]);
  });

  it("reports each empty required cell by its header", () => {
    const p = problemsOf({});
    expect(p.map((x) => x.column)).toEqual(["企业名称", "统一社会信用代码", "所属区域代码", "监管行业"]);
    expect(p[0]!.reason).toBe("企业名称不能为空");
  });

  const cases: [string, string, string | RegExp][] = [
    ["统一社会信用代码", "91110108MA01HK7P4N", "统一社会信用代码校验位错误"],
    ["统一社会信用代码", "91110108MA01HK7P4", "统一社会信用代码应为18位"],
    ["所属区域代码", "32118", /区域代码/],
    ["监管行业", "造船", "未知的监管行业“造船”"],
    ["经度", "东经119", "经度应为数字"],
    ["纬度", "89", "纬度超出中国范围"],
    ["经度", "10", "经度超出中国范围"],
    ["是否规上企业", "可能", "是否规上企业应填“是”或“否”"],
    ["从业人数", "很多", "从业人数应为数字"],
    ["从业人数", "12.5", "从业人数应为整数"],
    ["从业人数", "-3", "从业人数不能为负"],
    ["主要负责人电话", "12345", /主要负责人电话格式不正确/],
    ["安全管理人员电话", "0511", /安全管理人员电话格式不正确/],
    ["经营状态", "营业", "经营状态应为在业、停产或关闭"],
    ["监管层级", "国家级", "监管层级应为省级、市级、县级或乡镇级"],
    ["是否涉及重大危险源", "有", "是否涉及重大危险源应填“是”或“否”"],
    ["重点监管危险化工工艺", "氯化、炼金工艺", "未知的重点监管危险化工工艺“炼金工艺”"],
    ["企业名称", "某".repeat(101), "企业名称不能超过 100 个字"],
    ["法定代表人", "某".repeat(51), "法定代表人不能超过 50 个字"],
  ];
  for (const [column, value, reason] of cases) {
    it(`names the column of a bad cell: ${column} = ${value.slice(0, 20)}`, () => {
      const p = problemsOf({ ...good(), [column]: value });
      expect(p).toHaveLength(1);
      expect(p[0]!.column).toBe(column);
      if (typeof reason === "string") expect(p[0]!.reason).toBe(reason);
      else expect(p[0]!.reason).toMatch(reason);
    });
  }

  it("reports several bad cells of one row, each once", () => {
    const p = problemsOf({ ...good(), 统一社会信用代码: "123", 监管行业: "X", 从业人数: "abc", 经营状态: "?" });
    expect(p.map((x) => x.column).sort()).toEqual(["从业人数", "统一社会信用代码", "监管行业", "经营状态"].sort());
  });

  it("ignores cells under unknown headers", () => {
    const r = parseImportRow({ ...good(), 备注: "随便写" });
    expect(r.ok).toBe(true);
  });
});

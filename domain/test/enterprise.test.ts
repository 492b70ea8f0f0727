import { describe, expect, it } from "vitest";
import { contactInputSchema, enterpriseInputSchema, enterprisePatchSchema, licenceInputSchema, patchSchemaOf, licenceFieldsSchema } from "../src/enterprise";
import { makeCreditCode } from "../src/creditCode";
import { licenceState } from "../src/sectors";

const CODE = makeCreditCode("91", "321183", "MA1ENT01");
const minimal = { name: "句容市测试机械有限公司", creditCode: CODE, regionCode: "321183103", sector: "machinery" };

const issuesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => ({ path: i.path.join("."), message: i.message }));

describe("enterpriseInputSchema", () => {
  it("fills defaults for absent optional fields", () => {
    expect(enterpriseInputSchema.parse(minimal)).toEqual({
      ...minimal,
      address: "",
      lat: null,
      lng: null,
      isAboveScale: false,
      employeeCount: null,
      legalRepresentative: "",
      mainLeader: "",
      mainLeaderPhone: "",
      safetyManager: "",
      safetyManagerPhone: "",
      operatingStatus: "operating",
      supervisionLevel: "township",
      hasMajorHazard: false,
      hazardousProcesses: [],
    });
  });

  it("normalises the credit code and trims text", () => {
    const v = enterpriseInputSchema.parse({ ...minimal, name: "  某公司 ", creditCode: ` ${CODE.toLowerCase()} ` });
    expect(v.creditCode).toBe(CODE);
    expect(v.name).toBe("某公司");
  });

  it("deduplicates and sorts hazardous processes, within 1–18", () => {
    expect(enterpriseInputSchema.parse({ ...minimal, hazardousProcesses: [8, 3, 8, 1] }).hazardousProcesses).toEqual([1, 3, 8]);
    expect(enterpriseInputSchema.safeParse({ ...minimal, hazardousProcesses: [19] }).success).toBe(false);
    expect(enterpriseInputSchema.safeParse({ ...minimal, hazardousProcesses: [0] }).success).toBe(false);
    expect(enterpriseInputSchema.safeParse({ ...minimal, hazardousProcesses: [1.5] }).success).toBe(false);
  });

  it("reports a bad credit code with its Chinese message on the creditCode path", () => {
    const r = enterpriseInputSchema.safeParse({ ...minimal, creditCode: `${CODE.slice(0, 17)}${CODE[17] === "0" ? "1" : "0"}` });
    expect(issuesOf(r)).toEqual([{ path: "creditCode", message: "统一社会信用代码校验位错误" }]);
  });

  it("checks region code shape, sector, enums, phones, coordinates and numbers", () => {
    const bad = (patch: Record<string, unknown>) => issuesOf(enterpriseInputSchema.safeParse({ ...minimal, ...patch }));
    expect(bad({ regionCode: "32118" })[0]?.path).toBe("regionCode");
    expect(bad({ regionCode: "3211831031" })[0]?.path).toBe("regionCode");
    expect(bad({ regionCode: "321183103201" })).toEqual([]);
    expect(bad({ sector: "shipbuilding" })).toEqual([{ path: "sector", message: "监管行业无效" }]);
    expect(bad({ operatingStatus: "open" })).toEqual([{ path: "operatingStatus", message: "经营状态无效" }]);
    expect(bad({ supervisionLevel: "national" })).toEqual([{ path: "supervisionLevel", message: "监管层级无效" }]);
    expect(bad({ mainLeaderPhone: "12345" })[0]?.path).toBe("mainLeaderPhone");
    expect(bad({ mainLeaderPhone: "13905291234" })).toEqual([]);
    expect(bad({ mainLeaderPhone: "0511-85551234" })).toEqual([]);
    expect(bad({ mainLeaderPhone: "" })).toEqual([]);
    expect(bad({ lat: 60 })).toEqual([{ path: "lat", message: "纬度超出中国范围" }]);
    expect(bad({ lng: 200 })).toEqual([{ path: "lng", message: "经度超出中国范围" }]);
    expect(bad({ employeeCount: "12" })).toEqual([{ path: "employeeCount", message: "从业人数应为数字" }]);
    expect(bad({ employeeCount: -1 })).toEqual([{ path: "employeeCount", message: "从业人数不能为负" }]);
    expect(bad({ isAboveScale: "yes" })).toEqual([{ path: "isAboveScale", message: "是否规上应为是/否" }]);
    expect(bad({ name: "   " })).toEqual([{ path: "name", message: "企业名称不能为空" }]);
    expect(bad({ name: 5 })).toEqual([{ path: "name", message: "企业名称应为文本" }]);
  });

  it("requires the four key fields", () => {
    const r = enterpriseInputSchema.safeParse({});
    expect(
      issuesOf(r)
        .map((i) => i.path)
        .sort(),
    ).toEqual(["creditCode", "name", "regionCode", "sector"]);
  });
});

describe("enterprisePatchSchema", () => {
  it("does not fill defaults: absent stays absent", () => {
    expect(enterprisePatchSchema.parse({ address: "新地址" })).toEqual({ address: "新地址" });
    expect(enterprisePatchSchema.parse({})).toEqual({});
    expect(enterprisePatchSchema.parse({ hasMajorHazard: true })).toEqual({ hasMajorHazard: true });
  });

  it("still validates and transforms the fields given", () => {
    expect(enterprisePatchSchema.parse({ creditCode: CODE.toLowerCase() })).toEqual({ creditCode: CODE });
    expect(enterprisePatchSchema.parse({ hazardousProcesses: [8, 3, 3] })).toEqual({ hazardousProcesses: [3, 8] });
    expect(issuesOf(enterprisePatchSchema.safeParse({ creditCode: "91110108MA01HK7P4N" }))).toEqual([
      { path: "creditCode", message: "统一社会信用代码校验位错误" },
    ]);
    expect(enterprisePatchSchema.safeParse({ name: "" }).success).toBe(false);
    expect(enterprisePatchSchema.safeParse({ lat: null }).success).toBe(true);
  });

  it("rejects unknown keys", () => {
    const r = enterprisePatchSchema.safeParse({ address: "x", regionPath: "320000/" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(enterprisePatchSchema.safeParse({ version: 3 }).success).toBe(false);
  });

  it("works the same for licences: no defaults, unknown keys rejected", () => {
    const p = patchSchemaOf(licenceFieldsSchema);
    expect(p.parse({ number: " A-1 " })).toEqual({ number: "A-1" });
    expect(p.safeParse({ number: "A-1", colour: "red" }).success).toBe(false);
  });
});

describe("licenceInputSchema and contactInputSchema", () => {
  const lic = { type: "safety_production_licence", number: "（苏）WH安许证字〔2024〕001" };
  it("fills licence defaults", () => {
    expect(licenceInputSchema.parse(lic)).toEqual({ ...lic, issuer: "", validFrom: null, validUntil: null, fileSha256: null });
  });
  it("rejects validFrom after validUntil on validUntil, accepts the same day", () => {
    const r = licenceInputSchema.safeParse({ ...lic, validFrom: "2026-05-02", validUntil: "2026-05-01" });
    expect(issuesOf(r)).toEqual([{ path: "validUntil", message: "有效期至不能早于有效期起" }]);
    expect(licenceInputSchema.safeParse({ ...lic, validFrom: "2026-05-01", validUntil: "2026-05-01" }).success).toBe(true);
  });
  it("rejects impossible and badly formatted dates", () => {
    expect(issuesOf(licenceInputSchema.safeParse({ ...lic, validUntil: "2026-02-30" }))).toEqual([{ path: "validUntil", message: "有效期至不是有效日期" }]);
    expect(issuesOf(licenceInputSchema.safeParse({ ...lic, validFrom: "2026/01/01" }))[0]?.path).toBe("validFrom");
    expect(licenceInputSchema.safeParse({ ...lic, validUntil: "2028-02-29" }).success).toBe(true);
  });
  it("rejects unknown licence types and bad file ids", () => {
    expect(issuesOf(licenceInputSchema.safeParse({ ...lic, type: "driving" }))).toEqual([{ path: "type", message: "证照类型无效" }]);
    expect(issuesOf(licenceInputSchema.safeParse({ ...lic, fileSha256: "abc" }))).toEqual([{ path: "fileSha256", message: "附件标识无效" }]);
  });
  it("requires a contact phone", () => {
    expect(contactInputSchema.parse({ name: "张三", phone: "13905291234" })).toEqual({ name: "张三", title: "", phone: "13905291234", note: "" });
    expect(issuesOf(contactInputSchema.safeParse({ name: "张三", phone: "" }))[0]?.path).toBe("phone");
  });
});

describe("licenceState", () => {
  const today = "2026-11-23";
  it("none without an expiry date", () => {
    expect(licenceState(null, today)).toBe("none");
  });
  it("expired before today; expiring from today through 30 days; valid after", () => {
    expect(licenceState("2026-11-22", today)).toBe("expired");
    expect(licenceState("2020-01-01", today)).toBe("expired");
    expect(licenceState("2026-11-23", today)).toBe("expiring");
    expect(licenceState("2026-12-23", today)).toBe("expiring");
    expect(licenceState("2026-12-24", today)).toBe("valid");
    expect(licenceState("2030-01-01", today)).toBe("valid");
  });
  it("counts calendar days across month ends and leap years, with a custom window", () => {
    expect(licenceState("2028-03-01", "2028-02-28", 2)).toBe("expiring"); // 2028-02-29 exists
    expect(licenceState("2028-03-02", "2028-02-28", 2)).toBe("valid");
    expect(licenceState("2027-01-07", "2026-12-31", 7)).toBe("expiring");
    expect(licenceState("2027-01-08", "2026-12-31", 7)).toBe("valid");
  });
});

describe("enterpriseInputDefaults", () => {
  it("holds exactly the defaults a minimal valid input is completed with", async () => {
    const { enterpriseInputDefaults, enterpriseInputSchema } = await import("../src/enterprise");
    const required = { name: "测试企业", creditCode: "91110108MA01HK7P4M", regionCode: "321183103", sector: "machinery" };
    const parsed = enterpriseInputSchema.parse(required);
    const { name: _n, creditCode: _c, regionCode: _r, sector: _s, ...defaults } = parsed;
    expect(enterpriseInputDefaults()).toEqual(defaults);
  });
});

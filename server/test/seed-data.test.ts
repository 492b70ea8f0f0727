import { contactInputSchema, enterpriseInputSchema, licenceInputSchema, licenceState, PHONE_PATTERN, SECTORS, validateCreditCode } from "@anguan/domain";
import { describe, expect, it } from "vitest";
import { DEMO_ENT_A_KEY, DEMO_ENT_B_KEY, generateDemoEnterprises } from "../src/seed/demoEnterprises";
import { BAOHUA_CODE, DEMO_CITY_CODE, DEMO_REGIONS, JURONG_CODE } from "../src/seed/demoRegions";

const TODAY = "2026-11-23";

describe("DEMO_REGIONS", () => {
  const byCode = new Map(DEMO_REGIONS.map((r) => [r.code, r]));

  it("has unique codes", () => {
    expect(byCode.size).toBe(DEMO_REGIONS.length);
  });

  it("has exactly one root, and every other region has an existing parent", () => {
    expect(DEMO_REGIONS.filter((r) => r.parentCode === null).map((r) => r.code)).toEqual(["320000"]);
    for (const r of DEMO_REGIONS) {
      if (r.parentCode !== null) expect(byCode.has(r.parentCode), r.code).toBe(true);
    }
  });

  it("prefixes township and village codes with the parent code, with the right lengths", () => {
    for (const r of DEMO_REGIONS) {
      if (r.level === "township") {
        expect(r.code, r.name).toMatch(/^\d{9}$/);
        expect(r.code.startsWith(r.parentCode ?? "-"), r.name).toBe(true);
      } else if (r.level === "village") {
        expect(r.code, r.name).toMatch(/^\d{12}$/);
        expect(r.code.startsWith(r.parentCode ?? "-"), r.name).toBe(true);
        expect(byCode.get(r.parentCode ?? "")?.level).toBe("township");
      } else {
        expect(r.code, r.name).toMatch(/^\d{6}$/);
      }
      if (r.level === "county" || r.level === "zone") expect(r.parentCode).toBe(DEMO_CITY_CODE);
    }
  });

  it("has 句容市宝华镇 at 321183103 and 镇江新区 as a zone with townships", () => {
    const baohua = byCode.get(BAOHUA_CODE);
    expect(baohua?.name).toBe("宝华镇");
    expect(baohua?.level).toBe("township");
    expect(baohua?.parentCode).toBe(JURONG_CODE);
    expect(byCode.get(JURONG_CODE)?.name).toBe("句容市");
    expect(byCode.get("321191")?.level).toBe("zone");
    expect(DEMO_REGIONS.filter((r) => r.parentCode === "321191").length).toBeGreaterThanOrEqual(3);
    expect(DEMO_REGIONS.filter((r) => r.parentCode === BAOHUA_CODE).length).toBeGreaterThanOrEqual(3);
  });

  it("gives counties and townships coordinates near 镇江", () => {
    for (const r of DEMO_REGIONS) {
      if (r.level !== "county" && r.level !== "township") continue;
      expect(r.lat, r.name).toBeGreaterThan(31.6);
      expect(r.lat, r.name).toBeLessThan(32.4);
      expect(r.lng, r.name).toBeGreaterThan(118.9);
      expect(r.lng, r.name).toBeLessThan(120.0);
    }
  });
});

describe("generateDemoEnterprises", () => {
  const regionCodes = new Set(DEMO_REGIONS.map((r) => r.code));
  const ents = generateDemoEnterprises({ count: 300, today: TODAY });

  it("is deterministic", () => {
    expect(generateDemoEnterprises({ count: 300, today: TODAY })).toEqual(ents);
    expect(generateDemoEnterprises({ count: 300, today: TODAY, seed: 7 })).not.toEqual(ents);
  });

  it("produces inputs, licences and contacts that pass the domain schemas unchanged", () => {
    expect(ents).toHaveLength(300);
    for (const e of ents) {
      expect(enterpriseInputSchema.parse(e.input)).toEqual(e.input);
      expect(validateCreditCode(e.input.creditCode).ok, e.input.creditCode).toBe(true);
      for (const l of e.licences) expect(licenceInputSchema.parse(l)).toEqual(l);
      expect(e.contacts.length).toBeGreaterThanOrEqual(1);
      expect(e.contacts.length).toBeLessThanOrEqual(3);
      for (const c of e.contacts) {
        expect(contactInputSchema.parse(c)).toEqual(c);
        expect(c.phone).toMatch(PHONE_PATTERN);
      }
      expect(e.input.safetyManagerPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(e.input.mainLeaderPhone).toMatch(/^1[3-9]\d{9}$/);
      expect(e.licences.filter((l) => l.type === "business_licence" && l.number === e.input.creditCode)).toHaveLength(1);
    }
  });

  it("has unique keys, credit codes and names", () => {
    expect(new Set(ents.map((e) => e.key)).size).toBe(300);
    expect(new Set(ents.map((e) => e.input.creditCode)).size).toBe(300);
    expect(new Set(ents.map((e) => e.input.name)).size).toBe(300);
  });

  it("places every enterprise in an existing township", () => {
    for (const e of ents) {
      expect(regionCodes.has(e.input.regionCode), e.input.regionCode).toBe(true);
      expect(e.input.regionCode).toMatch(/^\d{9}$/);
      expect(e.input.creditCode.slice(2, 8)).toBe(e.input.regionCode.slice(0, 6));
    }
  });

  it("has a realistic share of hazardous-chemical enterprises", () => {
    const hazchem = ents.filter((e) => SECTORS[e.input.sector].hazchem);
    expect(hazchem.length).toBeGreaterThanOrEqual(25);
    expect(hazchem.length).toBeLessThanOrEqual(50);
    for (const e of ents) {
      if (e.input.sector !== "hazchem_production") expect(e.input.hazardousProcesses).toEqual([]);
      if (!SECTORS[e.input.sector].hazchem) expect(e.input.hasMajorHazard).toBe(false);
    }
  });

  it("has licences that expire soon and licences already expired", () => {
    const states = ents.flatMap((e) => e.licences.map((l) => licenceState(l.validUntil, TODAY)));
    expect(states.filter((s) => s === "expiring").length).toBeGreaterThan(0);
    expect(states.filter((s) => s === "expired").length).toBeGreaterThan(0);
  });

  it("starts with the fixed demo enterprises", () => {
    const a = ents.find((e) => e.key === DEMO_ENT_A_KEY);
    const b = ents.find((e) => e.key === DEMO_ENT_B_KEY);
    expect(a?.input.sector).toBe("hazchem_production");
    expect(a?.input.regionCode.startsWith("321191")).toBe(true);
    expect(a?.input.hasMajorHazard).toBe(true);
    expect(a?.input.supervisionLevel).toBe("city");
    expect(b?.input.sector).toBe("logistics_warehousing");
    expect(b?.input.regionCode).toBe(BAOHUA_CODE);
    expect(ents.slice(0, 5).map((e) => e.key)).toEqual([DEMO_ENT_A_KEY, DEMO_ENT_B_KEY, "ent-catering", "ent-retail", "ent-baohua-2"]);
    expect(ents.find((e) => e.key === "ent-baohua-2")?.input.regionCode).toBe(BAOHUA_CODE);
  });

  it("keeps credit codes and names unique at benchmark scale (20,000)", () => {
    const big = generateDemoEnterprises({ count: 20_000, today: TODAY });
    expect(big).toHaveLength(20_000);
    expect(new Set(big.map((e) => e.input.creditCode)).size).toBe(20_000);
    expect(new Set(big.map((e) => e.input.name)).size).toBe(20_000);
    const towns = DEMO_REGIONS.filter((r) => r.level === "township");
    const used = new Set(big.map((e) => e.input.regionCode));
    for (const t of towns) expect(used.has(t.code), t.name).toBe(true);
  });
});

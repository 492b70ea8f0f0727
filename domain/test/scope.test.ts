import { describe, expect, it } from "vitest";
import {
  abilitiesOf,
  canCreateEnterprise,
  canReadEnterprise,
  canWriteEnterprise,
  inScope,
  lockedFieldsFor,
  REGULATOR_ONLY_FIELDS,
  ROLES,
  sectorsVisible,
  type Actor,
  type Role,
  type Scope,
  type EnterpriseScopeRef,
} from "../src/scope";
import { regionPath } from "../src/regions";
import { DEPARTMENTS, SECTOR_CODES, type Sector } from "../src/sectors";

const CITY = regionPath(["320000", "321100"]);
const JURONG = regionPath(["320000", "321100", "321183"]);
const BAOHUA = regionPath(["320000", "321100", "321183", "321183103"]);
const BAOHUA_VILLAGE = regionPath(["320000", "321100", "321183", "321183103", "321183103201"]);
const XIASHU = regionPath(["320000", "321100", "321183", "321183100"]);
const DANYANG = regionPath(["320000", "321100", "321181", "321181001"]);

const ent = (id: string, path: string, sector: Sector): EnterpriseScopeRef => ({ id, regionPath: path, sector });
const E_BAOHUA_CHEM = ent("e1", BAOHUA, "hazchem_production");
const E_BAOHUA_CATERING = ent("e2", BAOHUA_VILLAGE, "catering");
const E_XIASHU = ent("e3", XIASHU, "machinery");
const E_DANYANG = ent("e4", DANYANG, "commerce");

function actor(role: Role, scope: Scope): Actor {
  return { userId: "u", username: "u", displayName: "U", role, orgId: "o", orgName: "O", scope };
}
const jur = (path: string, sectors: readonly Sector[] | null): Scope => ({
  kind: "jurisdiction",
  regionCode: path.split("/").filter(Boolean).at(-1)!,
  regionPath: path,
  sectors,
});

describe("inScope", () => {
  it("all: everything", () => {
    for (const e of [E_BAOHUA_CHEM, E_XIASHU, E_DANYANG]) expect(inScope({ kind: "all" }, e)).toBe(true);
  });

  it("jurisdiction: the region subtree including the region itself and villages below", () => {
    const s = jur(JURONG, null);
    expect(inScope(s, E_BAOHUA_CHEM)).toBe(true);
    expect(inScope(s, E_BAOHUA_CATERING)).toBe(true);
    expect(inScope(s, E_XIASHU)).toBe(true);
    expect(inScope(s, ent("x", JURONG, "other"))).toBe(true);
    expect(inScope(s, E_DANYANG)).toBe(false);
    // a parent region is not inside its child's jurisdiction
    expect(inScope(jur(BAOHUA, null), ent("x", JURONG, "other"))).toBe(false);
    expect(inScope(jur(BAOHUA, null), E_XIASHU)).toBe(false);
    expect(inScope(jur(BAOHUA, null), E_BAOHUA_CATERING)).toBe(true);
  });

  it("jurisdiction: a code that merely starts with the region's digits is not inside ('321183/' vs '3211831/')", () => {
    const lookalike = ent("x", "320000/321100/3211831/", "other");
    expect(inScope(jur(JURONG, null), lookalike)).toBe(false);
    const lookalikeTown = ent("y", "320000/321100/321183/3211831030/", "other");
    expect(inScope(jur(BAOHUA, null), lookalikeTown)).toBe(false);
    // but a real child code that shares the prefix is inside
    expect(inScope(jur(JURONG, null), ent("z", "320000/321100/321183/321183103/", "other"))).toBe(true);
  });

  it("jurisdiction with sectors: only the department's sectors (管行业必须管安全)", () => {
    const commerce = jur(CITY, DEPARTMENTS.commerce.sectors);
    expect(inScope(commerce, E_BAOHUA_CATERING)).toBe(true);
    expect(inScope(commerce, E_DANYANG)).toBe(true);
    expect(inScope(commerce, E_BAOHUA_CHEM)).toBe(false);
    expect(inScope(commerce, E_XIASHU)).toBe(false);
    // region still applies
    expect(inScope(jur(JURONG, ["commerce"]), E_DANYANG)).toBe(false);
    // an empty sector list sees nothing
    expect(inScope(jur(CITY, []), E_BAOHUA_CATERING)).toBe(false);
  });

  it("enterprise: only its own enterprise", () => {
    const s: Scope = { kind: "enterprise", enterpriseId: "e1" };
    expect(inScope(s, E_BAOHUA_CHEM)).toBe(true);
    expect(inScope(s, E_BAOHUA_CATERING)).toBe(false);
  });

  it("assigned: the assigned list", () => {
    const s: Scope = { kind: "assigned", enterpriseIds: ["e2", "e4"] };
    expect(inScope(s, E_BAOHUA_CATERING)).toBe(true);
    expect(inScope(s, E_DANYANG)).toBe(true);
    expect(inScope(s, E_BAOHUA_CHEM)).toBe(false);
    expect(inScope({ kind: "assigned", enterpriseIds: [] }, E_BAOHUA_CHEM)).toBe(false);
  });

  it("none: nothing", () => {
    expect(inScope({ kind: "none" }, E_BAOHUA_CHEM)).toBe(false);
  });
});

describe("canReadEnterprise / canWriteEnterprise", () => {
  it("admins read and write everything", () => {
    const a = actor("admin", { kind: "all" });
    expect(canReadEnterprise(a, E_DANYANG)).toBe(true);
    expect(canWriteEnterprise(a, E_DANYANG)).toBe(true);
  });

  it("regulators read and write in their jurisdiction and sectors only", () => {
    const r = actor("regulator", jur(BAOHUA, null));
    expect(canReadEnterprise(r, E_BAOHUA_CHEM)).toBe(true);
    expect(canWriteEnterprise(r, E_BAOHUA_CHEM)).toBe(true);
    expect(canReadEnterprise(r, E_XIASHU)).toBe(false);
    expect(canWriteEnterprise(r, E_XIASHU)).toBe(false);
    const sw = actor("regulator", jur(CITY, DEPARTMENTS.commerce.sectors));
    expect(canWriteEnterprise(sw, E_BAOHUA_CATERING)).toBe(true);
    expect(canWriteEnterprise(sw, E_BAOHUA_CHEM)).toBe(false);
    expect(canReadEnterprise(sw, E_BAOHUA_CHEM)).toBe(false);
  });

  it("enterprise leaders and safety managers write their own enterprise; staff only read", () => {
    const own: Scope = { kind: "enterprise", enterpriseId: "e1" };
    for (const role of ["enterprise_leader", "enterprise_safety"] as const) {
      expect(canWriteEnterprise(actor(role, own), E_BAOHUA_CHEM), role).toBe(true);
      expect(canWriteEnterprise(actor(role, own), E_BAOHUA_CATERING), role).toBe(false);
      expect(canReadEnterprise(actor(role, own), E_BAOHUA_CATERING), role).toBe(false);
    }
    const staff = actor("enterprise_staff", own);
    expect(canReadEnterprise(staff, E_BAOHUA_CHEM)).toBe(true);
    expect(canWriteEnterprise(staff, E_BAOHUA_CHEM)).toBe(false);
  });

  it("experts read their assigned enterprises and write none", () => {
    const ex = actor("expert", { kind: "assigned", enterpriseIds: ["e1"] });
    expect(canReadEnterprise(ex, E_BAOHUA_CHEM)).toBe(true);
    expect(canWriteEnterprise(ex, E_BAOHUA_CHEM)).toBe(false);
    expect(canReadEnterprise(ex, E_XIASHU)).toBe(false);
  });

  it("no scope: nothing", () => {
    const n = actor("regulator", { kind: "none" });
    expect(canReadEnterprise(n, E_BAOHUA_CHEM)).toBe(false);
    expect(canWriteEnterprise(n, E_BAOHUA_CHEM)).toBe(false);
  });
});

describe("canCreateEnterprise", () => {
  it("admins anywhere", () => {
    expect(canCreateEnterprise(actor("admin", { kind: "all" }), { regionPath: DANYANG, sector: "fireworks" })).toBe(true);
  });
  it("regulators within their region subtree", () => {
    const r = actor("regulator", jur(BAOHUA, null));
    expect(canCreateEnterprise(r, { regionPath: BAOHUA_VILLAGE, sector: "machinery" })).toBe(true);
    expect(canCreateEnterprise(r, { regionPath: XIASHU, sector: "machinery" })).toBe(false);
    expect(canCreateEnterprise(r, { regionPath: "320000/321100/321183/3211831030/", sector: "machinery" })).toBe(false);
  });
  it("sector-limited departments only in their sectors", () => {
    const sw = actor("regulator", jur(CITY, DEPARTMENTS.commerce.sectors));
    expect(canCreateEnterprise(sw, { regionPath: DANYANG, sector: "catering" })).toBe(true);
    expect(canCreateEnterprise(sw, { regionPath: DANYANG, sector: "hazchem_use" })).toBe(false);
    const edu = actor("regulator", jur(CITY, DEPARTMENTS.education.sectors));
    expect(canCreateEnterprise(edu, { regionPath: DANYANG, sector: "school" })).toBe(true);
    expect(canCreateEnterprise(edu, { regionPath: DANYANG, sector: "catering" })).toBe(false);
  });
  it("enterprise users and experts never", () => {
    for (const role of ["enterprise_leader", "enterprise_safety", "enterprise_staff"] as const) {
      expect(canCreateEnterprise(actor(role, { kind: "enterprise", enterpriseId: "e1" }), { regionPath: BAOHUA, sector: "other" }), role).toBe(false);
    }
    // even an expert whose scope is wide
    expect(canCreateEnterprise(actor("expert", { kind: "all" }), { regionPath: BAOHUA, sector: "other" })).toBe(false);
  });
});

describe("lockedFieldsFor", () => {
  it("admins and regulators may change everything", () => {
    expect(lockedFieldsFor(actor("admin", { kind: "all" }))).toEqual([]);
    expect(lockedFieldsFor(actor("regulator", jur(CITY, null)))).toEqual([]);
  });
  it("everyone else may not change the fields that decide supervision", () => {
    for (const role of ["enterprise_leader", "enterprise_safety", "enterprise_staff", "expert"] as const) {
      const locked = lockedFieldsFor(actor(role, { kind: "enterprise", enterpriseId: "e1" }));
      expect([...locked].sort(), role).toEqual(["creditCode", "name", "regionCode", "sector", "supervisionLevel"]);
      expect(locked).not.toContain("address");
      expect(locked).not.toContain("mainLeaderPhone");
    }
    expect(REGULATOR_ONLY_FIELDS).toHaveLength(5);
  });
});

describe("abilitiesOf", () => {
  it("admin", () => {
    expect(abilitiesOf(actor("admin", { kind: "all" }))).toEqual({
      enterprises: { list: true, create: true, import: true, export: true },
      users: { manage: true },
      audit: { view: true },
      ownEnterpriseId: null,
    });
  });
  it("regulator", () => {
    expect(abilitiesOf(actor("regulator", jur(BAOHUA, null)))).toEqual({
      enterprises: { list: true, create: true, import: true, export: true },
      users: { manage: false },
      audit: { view: false },
      ownEnterpriseId: null,
    });
  });
  it("enterprise users: no list, no create/import/export, their enterprise id", () => {
    for (const role of ["enterprise_leader", "enterprise_safety", "enterprise_staff"] as const) {
      expect(abilitiesOf(actor(role, { kind: "enterprise", enterpriseId: "e9" })), role).toEqual({
        enterprises: { list: false, create: false, import: false, export: false },
        users: { manage: false },
        audit: { view: false },
        ownEnterpriseId: "e9",
      });
    }
  });
  it("expert: list and export assigned enterprises", () => {
    expect(abilitiesOf(actor("expert", { kind: "assigned", enterpriseIds: ["e1"] }))).toEqual({
      enterprises: { list: true, create: false, import: false, export: true },
      users: { manage: false },
      audit: { view: false },
      ownEnterpriseId: null,
    });
  });
  it("no scope: cannot list", () => {
    expect(abilitiesOf(actor("regulator", { kind: "none" })).enterprises.list).toBe(false);
  });
});

describe("roles and visible sectors", () => {
  it("ties each role to an organisation kind", () => {
    expect(ROLES.admin.orgKind).toBe("platform");
    expect(ROLES.regulator.orgKind).toBe("gov");
    expect(ROLES.enterprise_staff.orgKind).toBe("enterprise");
    expect(ROLES.expert.orgKind).toBe("third_party");
  });
  it("sectorsVisible narrows to the department's sectors", () => {
    expect(sectorsVisible(jur(CITY, ["school"]), SECTOR_CODES)).toEqual(["school"]);
    expect(sectorsVisible(jur(CITY, null), SECTOR_CODES)).toEqual(SECTOR_CODES);
    expect(sectorsVisible({ kind: "all" }, SECTOR_CODES)).toEqual(SECTOR_CODES);
  });
});

import { describe, expect, it } from "vitest";
import {
  afterItemsEdit,
  CHECKLIST_REFUSAL_STATUS,
  confirmingPartyOf,
  confirmRefusal,
  statusAfterConfirmations,
  submitRefusal,
  townshipRegionCodes,
  type ChecklistEnterpriseRef,
} from "../src/checklist";
import type { Actor, Role, Scope } from "../src/scope";

const actor = (role: Role, scope: Scope): Actor => ({ userId: "u", username: "u", displayName: "u", role, orgId: "o", orgName: "o", scope });
const jurisdiction = (regionCode: string, regionPath: string, sectors: null | ["logistics_warehousing"] = null): Scope => ({
  kind: "jurisdiction",
  regionCode,
  regionPath,
  sectors,
});

const BAOHUA_CHAIN = [
  { code: "320000", level: "province" },
  { code: "321100", level: "city" },
  { code: "321183", level: "county" },
  { code: "321183103", level: "township" },
  { code: "321183103201", level: "village" },
];
const ENT: ChecklistEnterpriseRef = {
  id: "e1",
  regionPath: "320000/321100/321183/321183103/321183103201/",
  sector: "logistics_warehousing",
  townshipCodes: townshipRegionCodes(BAOHUA_CHAIN),
};

describe("township-level regions", () => {
  it("takes the township on the chain, not the county or city", () => {
    expect(townshipRegionCodes(BAOHUA_CHAIN)).toEqual(["321183103"]);
  });
  it("counts a development zone's safety body as township-level", () => {
    expect(
      townshipRegionCodes([
        { code: "320000", level: "province" },
        { code: "321100", level: "city" },
        { code: "321191", level: "zone" },
        { code: "321191001", level: "township" },
      ]),
    ).toEqual(["321191", "321191001"]);
  });
});

describe("who confirms as which party", () => {
  it("the enterprise's own principal, not its safety manager or staff, nor another enterprise's principal", () => {
    expect(confirmingPartyOf(actor("enterprise_leader", { kind: "enterprise", enterpriseId: "e1" }), ENT)).toBe("enterprise");
    expect(confirmingPartyOf(actor("enterprise_safety", { kind: "enterprise", enterpriseId: "e1" }), ENT)).toBeNull();
    expect(confirmingPartyOf(actor("enterprise_staff", { kind: "enterprise", enterpriseId: "e1" }), ENT)).toBeNull();
    expect(confirmingPartyOf(actor("enterprise_leader", { kind: "enterprise", enterpriseId: "e2" }), ENT)).toBeNull();
  });

  it("the regulator of the enterprise's township, not the county or city bureau, nor another township", () => {
    expect(confirmingPartyOf(actor("regulator", jurisdiction("321183103", "320000/321100/321183/321183103/")), ENT)).toBe("township");
    expect(confirmingPartyOf(actor("regulator", jurisdiction("321183", "320000/321100/321183/")), ENT)).toBeNull();
    expect(confirmingPartyOf(actor("regulator", jurisdiction("321100", "320000/321100/")), ENT)).toBeNull();
    expect(confirmingPartyOf(actor("regulator", jurisdiction("321183104", "320000/321100/321183/321183104/")), ENT)).toBeNull();
  });

  it("a township department that does not supervise the sector is not a party", () => {
    const ent = { ...ENT, sector: "hazchem_use" as const };
    expect(confirmingPartyOf(actor("regulator", jurisdiction("321183103", "320000/321100/321183/321183103/", ["logistics_warehousing"])), ent)).toBeNull();
  });

  it("an expert of a firm assigned to the enterprise; admins are no party", () => {
    expect(confirmingPartyOf(actor("expert", { kind: "assigned", enterpriseIds: ["e1"] }), ENT)).toBe("expert");
    expect(confirmingPartyOf(actor("expert", { kind: "assigned", enterpriseIds: ["e9"] }), ENT)).toBeNull();
    expect(confirmingPartyOf(actor("admin", { kind: "all" }), ENT)).toBeNull();
  });
});

describe("states", () => {
  it("submits only a non-empty draft", () => {
    expect(submitRefusal("draft", 3)).toBeNull();
    expect(submitRefusal("draft", 0)).toBe("CHECKLIST_EMPTY");
    expect(submitRefusal("confirming", 3)).toBe("CHECKLIST_NOT_DRAFT");
    expect(submitRefusal("confirmed", 3)).toBe("CHECKLIST_NOT_DRAFT");
  });

  it("confirms while confirming, once per party; the state refusal comes before the party refusal", () => {
    expect(confirmRefusal("confirming", [], "township")).toBeNull();
    expect(confirmRefusal("confirming", ["township"], "township")).toBe("CHECKLIST_ALREADY_CONFIRMED");
    expect(confirmRefusal("confirming", [], null)).toBe("CHECKLIST_NOT_PARTY");
    expect(confirmRefusal("draft", [], "expert")).toBe("CHECKLIST_NOT_CONFIRMING");
    expect(confirmRefusal("confirmed", [], null)).toBe("CHECKLIST_NOT_CONFIRMING");
    expect(CHECKLIST_REFUSAL_STATUS.CHECKLIST_NOT_PARTY).toBe(403);
    expect(CHECKLIST_REFUSAL_STATUS.CHECKLIST_ALREADY_CONFIRMED).toBe(409);
  });

  it("is confirmed only when all three have confirmed", () => {
    expect(statusAfterConfirmations(["enterprise"])).toBe("confirming");
    expect(statusAfterConfirmations(["enterprise", "expert"])).toBe("confirming");
    expect(statusAfterConfirmations(["expert", "township", "enterprise"])).toBe("confirmed");
  });

  it("editing items goes back to draft and clears confirmations unless already a draft", () => {
    expect(afterItemsEdit("confirmed")).toEqual({ status: "draft", clearConfirmations: true });
    expect(afterItemsEdit("confirming")).toEqual({ status: "draft", clearConfirmations: true });
    expect(afterItemsEdit("draft")).toEqual({ status: "draft", clearConfirmations: false });
  });
});

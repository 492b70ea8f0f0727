import { describe, expect, it } from "vitest";
import {
  CONFLICT_REFUSALS,
  deadlineRefusal,
  escalationLevelAt,
  extensionRefusal,
  HAZARD_ACTIONS,
  HAZARD_REFUSALS,
  HAZARD_STATUS_CODES,
  HAZARD_TRANSITIONS,
  hazardActions,
  isOverdue,
  nextStatus,
  refusalOf,
  type HazardAction,
  type HazardActor,
  type HazardFacts,
  type HazardStatus,
} from "../src/hazard";

const actor = (userId: string, role: HazardActor["role"], extra: Partial<HazardActor> = {}): HazardActor => ({
  userId,
  role,
  orgId: role === "regulator" ? "org-jr" : "org-ent",
  isMember: role.startsWith("enterprise"),
  inScope: true,
  ...extra,
});
const SAFETY = actor("u-safety", "enterprise_safety");
const LEADER = actor("u-leader", "enterprise_leader");
const WORKER = actor("u-worker", "enterprise_staff");
const REGULATOR = actor("u-jr", "regulator", { isMember: false });
const OTHER_REGULATOR = actor("u-zj", "regulator", { isMember: false, orgId: "org-zj" });
const OUT_REGULATOR = actor("u-far", "regulator", { isMember: false, inScope: false, orgId: "org-jr" });
const EXPERT = actor("u-exp", "expert", { isMember: false, orgId: "org-firm" });
const ADMIN = actor("u-admin", "admin", { isMember: false, orgId: "org-platform" });
/** A safety manager of another enterprise (in nobody's hazard here). */
const STRANGER = actor("u-x", "enterprise_safety", { isMember: false, inScope: false });

const facts = (status: HazardStatus, extra: Partial<HazardFacts> = {}): HazardFacts => ({
  status,
  level: "general",
  supervisedByOrgId: null,
  rectifierUserId: "u-worker",
  rectifiedBy: null,
  extension: null,
  reportedByOrgKind: "enterprise",
  ...extra,
});

const ALL_ACTIONS = Object.keys(HAZARD_ACTIONS) as HazardAction[];

describe("the transition table", () => {
  it("names a start status for every action and only known statuses", () => {
    for (const a of ALL_ACTIONS) {
      expect(HAZARD_TRANSITIONS[a].from.length).toBeGreaterThan(0);
      for (const s of HAZARD_TRANSITIONS[a].from) expect(HAZARD_STATUS_CODES).toContain(s);
    }
  });

  it("refuses every action from every status it does not start from, as a state conflict", () => {
    for (const a of ALL_ACTIONS) {
      for (const s of HAZARD_STATUS_CODES) {
        if (HAZARD_TRANSITIONS[a].from.includes(s)) continue;
        expect(refusalOf(ADMIN, facts(s), a), `${a} from ${s}`).toBe("HAZARD_WRONG_STATUS");
      }
    }
    expect(CONFLICT_REFUSALS).toContain("HAZARD_WRONG_STATUS");
  });

  it("leaves closed and dismissed hazards with no action for anyone", () => {
    for (const who of [SAFETY, LEADER, WORKER, REGULATOR, ADMIN]) {
      expect(hazardActions(who, facts("closed"))).toEqual([]);
      expect(hazardActions(who, facts("dismissed"))).toEqual([]);
    }
    // A second acceptance of a closed hazard is a conflict, not a permission problem.
    expect(refusalOf(LEADER, facts("closed"), "accept")).toBe("HAZARD_WRONG_STATUS");
  });

  it("gives every refusal a Chinese message", () => {
    for (const m of Object.values(HAZARD_REFUSALS)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe("confirm and dismiss (reported)", () => {
  it("lets the enterprise's managers (and the admin) confirm or dismiss", () => {
    for (const who of [SAFETY, LEADER, ADMIN]) {
      expect(refusalOf(who, facts("reported"), "confirm")).toBeNull();
      expect(refusalOf(who, facts("reported"), "dismiss")).toBeNull();
    }
    expect(nextStatus(facts("reported"), "confirm")).toBe("rectifying");
    expect(nextStatus(facts("reported"), "dismiss")).toBe("dismissed");
  });

  it("refuses employees, regulators, experts and other enterprises", () => {
    for (const who of [WORKER, REGULATOR, EXPERT, STRANGER]) {
      expect(refusalOf(who, facts("reported"), "confirm"), who.userId).toBe("HAZARD_NOT_ALLOWED");
      expect(refusalOf(who, facts("reported"), "dismiss"), who.userId).toBe("HAZARD_NOT_ALLOWED");
    }
  });

  it("does not let the enterprise dismiss a regulator's finding", () => {
    const h = facts("reported", { reportedByOrgKind: "gov" });
    expect(refusalOf(SAFETY, h, "dismiss")).toBe("HAZARD_REGULATOR_FINDING");
    expect(refusalOf(SAFETY, h, "confirm")).toBeNull();
    expect(refusalOf(ADMIN, h, "dismiss")).toBeNull();
    expect(CONFLICT_REFUSALS).not.toContain("HAZARD_REGULATOR_FINDING");
  });
});

describe("rectification (rectifying)", () => {
  it("lets the named rectifier and the managers submit, nobody else", () => {
    const h = facts("rectifying");
    expect(refusalOf(WORKER, h, "submit_rectification")).toBeNull();
    expect(refusalOf(SAFETY, h, "submit_rectification")).toBeNull();
    expect(refusalOf(LEADER, h, "submit_rectification")).toBeNull();
    expect(refusalOf(actor("u-other-worker", "enterprise_staff"), h, "submit_rectification")).toBe("HAZARD_NOT_ALLOWED");
    expect(refusalOf(REGULATOR, h, "submit_rectification")).toBe("HAZARD_NOT_ALLOWED");
    expect(refusalOf(EXPERT, h, "submit_rectification")).toBe("HAZARD_NOT_ALLOWED");
    // A rectifier of another enterprise with the same id cannot (not a member).
    expect(refusalOf({ ...WORKER, isMember: false }, h, "submit_rectification")).toBe("HAZARD_NOT_ALLOWED");
    expect(nextStatus(h, "submit_rectification")).toBe("awaiting_acceptance");
  });

  it("shows the rectifier only what it may do", () => {
    expect(hazardActions(WORKER, facts("rectifying"))).toEqual(["submit_rectification", "request_extension"]);
    expect(hazardActions(WORKER, facts("reported"))).toEqual([]);
  });
});

describe("acceptance (awaiting_acceptance)", () => {
  const h = facts("awaiting_acceptance", { rectifiedBy: "u-safety", rectifierUserId: "u-worker" });

  it("lets a manager other than the rectifier accept (closed) or reject (back to rectifying)", () => {
    expect(refusalOf(LEADER, h, "accept")).toBeNull();
    expect(refusalOf(LEADER, h, "reject")).toBeNull();
    expect(nextStatus(h, "accept")).toBe("closed");
    expect(nextStatus(h, "reject")).toBe("rectifying");
  });

  it("refuses the person who rectified and the named rectifier (HAZARD_ACCEPTOR_IS_RECTIFIER)", () => {
    expect(refusalOf(SAFETY, h, "accept")).toBe("HAZARD_ACCEPTOR_IS_RECTIFIER");
    expect(refusalOf(SAFETY, h, "reject")).toBe("HAZARD_ACCEPTOR_IS_RECTIFIER");
    const byLeader = facts("awaiting_acceptance", { rectifiedBy: "u-worker", rectifierUserId: "u-leader" });
    expect(refusalOf(LEADER, byLeader, "accept")).toBe("HAZARD_ACCEPTOR_IS_RECTIFIER");
    expect(CONFLICT_REFUSALS).not.toContain("HAZARD_ACCEPTOR_IS_RECTIFIER");
  });

  it("refuses employees, regulators and experts", () => {
    for (const who of [WORKER, REGULATOR, EXPERT, STRANGER]) expect(refusalOf(who, h, "accept")).toBe("HAZARD_NOT_ALLOWED");
  });

  it("sends a supervised hazard to the regulator's sign-off instead of closing it", () => {
    const s = { ...h, level: "major" as const, supervisedByOrgId: "org-jr" };
    expect(refusalOf(LEADER, s, "accept")).toBeNull();
    expect(nextStatus(s, "accept")).toBe("awaiting_signoff");
  });
});

describe("extension requests (延期申请)", () => {
  const pending = { requestedBy: "u-worker" };

  it("lets the rectifier or a manager ask once at a time", () => {
    expect(refusalOf(WORKER, facts("rectifying"), "request_extension")).toBeNull();
    expect(refusalOf(SAFETY, facts("rectifying"), "request_extension")).toBeNull();
    expect(refusalOf(WORKER, facts("rectifying", { extension: pending }), "request_extension")).toBe("HAZARD_EXTENSION_PENDING");
    expect(refusalOf(REGULATOR, facts("rectifying"), "request_extension")).toBe("HAZARD_NOT_ALLOWED");
    expect(refusalOf(WORKER, facts("awaiting_acceptance"), "request_extension")).toBe("HAZARD_WRONG_STATUS");
    expect(nextStatus(facts("rectifying"), "request_extension")).toBe("rectifying");
  });

  it("is decided by a manager who did not ask", () => {
    const h = facts("rectifying", { extension: pending });
    for (const a of ["approve_extension", "reject_extension"] as const) {
      expect(refusalOf(SAFETY, h, a)).toBeNull();
      expect(refusalOf(WORKER, h, a)).toBe("HAZARD_NOT_ALLOWED");
      expect(refusalOf(SAFETY, facts("rectifying", { extension: { requestedBy: "u-safety" } }), a)).toBe("HAZARD_EXTENSION_SELF_APPROVAL");
      expect(refusalOf(SAFETY, facts("rectifying"), a)).toBe("HAZARD_NO_EXTENSION");
      expect(nextStatus(h, a)).toBe("rectifying");
    }
  });

  it("of a supervised hazard is decided only by the supervising body", () => {
    const h = facts("rectifying", { level: "major", supervisedByOrgId: "org-jr", extension: pending });
    expect(refusalOf(REGULATOR, h, "approve_extension")).toBeNull();
    expect(refusalOf(SAFETY, h, "approve_extension")).toBe("HAZARD_NOT_ALLOWED");
    expect(refusalOf(OTHER_REGULATOR, h, "approve_extension")).toBe("HAZARD_NOT_ALLOWED");
    expect(refusalOf(ADMIN, h, "reject_extension")).toBe("HAZARD_NOT_ALLOWED");
  });

  it("needs a new deadline later than the current one and than now", () => {
    const now = new Date("2026-11-23T02:00:00Z");
    const current = new Date("2026-11-30T15:59:59Z");
    expect(extensionRefusal(current, new Date("2026-12-05T15:59:59Z"), now)).toBeNull();
    expect(extensionRefusal(current, current, now)).toMatch(/晚于当前整改期限/);
    expect(extensionRefusal(current, new Date("2026-11-29T00:00:00Z"), now)).toMatch(/晚于当前整改期限/);
    expect(extensionRefusal(current, new Date("2026-11-22T00:00:00Z"), now)).toMatch(/不能早于当前时间/);
    expect(extensionRefusal(null, new Date("2026-11-24T00:00:00Z"), now)).toBeNull();
    expect(extensionRefusal(current, new Date(Number.NaN), now)).toMatch(/不是有效的时间/);
  });
});

describe("supervision (挂牌督办) and sign-off", () => {
  const major = (s: HazardStatus, extra: Partial<HazardFacts> = {}) => facts(s, { level: "major", ...extra });

  it("lets a regulator in scope supervise an open major hazard once", () => {
    for (const s of ["reported", "rectifying", "awaiting_acceptance"] as const) expect(refusalOf(REGULATOR, major(s), "supervise")).toBeNull();
    expect(refusalOf(REGULATOR, facts("rectifying"), "supervise")).toBe("HAZARD_NOT_MAJOR");
    expect(refusalOf(REGULATOR, major("rectifying", { supervisedByOrgId: "org-zj" }), "supervise")).toBe("HAZARD_ALREADY_SUPERVISED");
    expect(refusalOf(OUT_REGULATOR, major("rectifying"), "supervise")).toBe("HAZARD_NOT_ALLOWED");
    for (const who of [SAFETY, LEADER, EXPERT, ADMIN]) expect(refusalOf(who, major("rectifying"), "supervise")).toBe("HAZARD_NOT_ALLOWED");
    expect(nextStatus(major("rectifying"), "supervise")).toBe("rectifying");
    expect(CONFLICT_REFUSALS).toEqual(expect.arrayContaining(["HAZARD_NOT_MAJOR", "HAZARD_ALREADY_SUPERVISED"]));
  });

  it("lets only the supervising body sign off (closed) or send back (rectifying)", () => {
    const h = major("awaiting_signoff", { supervisedByOrgId: "org-jr", rectifiedBy: "u-worker" });
    expect(refusalOf(REGULATOR, h, "sign_off")).toBeNull();
    expect(nextStatus(h, "sign_off")).toBe("closed");
    expect(refusalOf(REGULATOR, h, "reject")).toBeNull();
    expect(nextStatus(h, "reject")).toBe("rectifying");
    expect(hazardActions(REGULATOR, h)).toEqual(["reject", "sign_off"]);
  });

  it("never lets the enterprise (or anyone else) close a supervised hazard", () => {
    const h = major("awaiting_signoff", { supervisedByOrgId: "org-jr", rectifiedBy: "u-worker" });
    for (const who of [SAFETY, LEADER, WORKER, OTHER_REGULATOR, OUT_REGULATOR, EXPERT, ADMIN]) {
      expect(refusalOf(who, h, "sign_off"), who.userId).toBe("HAZARD_SUPERVISED_CLOSE");
      expect(refusalOf(who, h, "reject"), who.userId).toBe("HAZARD_SUPERVISED_CLOSE");
      expect(refusalOf(who, h, "accept"), who.userId).toBe("HAZARD_WRONG_STATUS");
    }
    expect(hazardActions(LEADER, h)).toEqual([]);
  });
});

describe("rectification deadlines", () => {
  const now = new Date("2026-11-23T02:00:00Z"); // 10:00 in Shanghai

  it("accepts a later day for 限期整改 and today for 即查即改", () => {
    expect(deadlineRefusal(new Date("2026-11-24T15:59:59Z"), "deadline", now)).toBeNull();
    expect(deadlineRefusal(new Date("2026-11-23T15:59:59Z"), "immediate", now)).toBeNull();
    expect(deadlineRefusal(new Date("2026-11-23T15:59:59Z"), "deadline", now)).toMatch(/晚于今天/);
    // 23:59 Shanghai of today is still today, 00:00 tomorrow is tomorrow.
    expect(deadlineRefusal(new Date("2026-11-23T16:00:00Z"), "deadline", now)).toBeNull();
  });

  it("refuses a deadline in the past or now, and an invalid one", () => {
    expect(deadlineRefusal(new Date("2026-11-22T15:59:59Z"), "deadline", now)).toMatch(/不能早于当前时间/);
    expect(deadlineRefusal(now, "immediate", now)).toMatch(/不能早于当前时间/);
    expect(deadlineRefusal(new Date("2026-11-23T01:00:00Z"), "immediate", now)).toMatch(/不能早于当前时间/);
    expect(deadlineRefusal(new Date(Number.NaN), "immediate", now)).toMatch(/不是有效的时间/);
  });
});

describe("escalation levels (超期升级)", () => {
  const deadline = new Date("2026-11-20T00:00:00Z");
  const at = (hours: number, ms = 0) => new Date(deadline.getTime() + hours * 3600_000 + ms);

  it("starts at the default hours 0 / 24 / 72 after the deadline, exclusive", () => {
    expect(escalationLevelAt(deadline, "rectifying", at(0))).toBe(0);
    expect(escalationLevelAt(deadline, "rectifying", at(0, 1))).toBe(1);
    expect(escalationLevelAt(deadline, "rectifying", at(24))).toBe(1);
    expect(escalationLevelAt(deadline, "rectifying", at(24, 1))).toBe(2);
    expect(escalationLevelAt(deadline, "rectifying", at(72))).toBe(2);
    expect(escalationLevelAt(deadline, "rectifying", at(72, 1))).toBe(3);
    expect(escalationLevelAt(deadline, "rectifying", at(10_000))).toBe(3);
    expect(escalationLevelAt(deadline, "rectifying", at(-5))).toBe(0);
  });

  it("uses configured hours", () => {
    expect(escalationLevelAt(deadline, "rectifying", at(2), [1, 4, 8])).toBe(1);
    expect(escalationLevelAt(deadline, "rectifying", at(1), [1, 4, 8])).toBe(0);
    expect(escalationLevelAt(deadline, "rectifying", at(5), [1, 4, 8])).toBe(2);
    expect(escalationLevelAt(deadline, "rectifying", at(9), [1, 4, 8])).toBe(3);
    expect(escalationLevelAt(deadline, "rectifying", at(100), [0, 48])).toBe(2);
  });

  it("is 0 without a deadline or outside rectification", () => {
    expect(escalationLevelAt(null, "rectifying", at(100))).toBe(0);
    for (const s of ["reported", "awaiting_acceptance", "awaiting_signoff", "closed", "dismissed"] as const) {
      expect(escalationLevelAt(deadline, s, at(100))).toBe(0);
    }
  });

  it("marks overdue only while rectifying after the deadline", () => {
    expect(isOverdue({ status: "rectifying", deadline }, at(0, 1))).toBe(true);
    expect(isOverdue({ status: "rectifying", deadline }, at(0))).toBe(false);
    expect(isOverdue({ status: "awaiting_acceptance", deadline }, at(5))).toBe(false);
    expect(isOverdue({ status: "rectifying", deadline: null }, at(5))).toBe(false);
  });
});

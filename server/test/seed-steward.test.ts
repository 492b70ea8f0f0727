/** The demo safety-steward fixture written by the demo seed (server/src/seed/demoSteward.ts). */
import {
  applicableDuties,
  beijingDate,
  DUTY_CATALOGUE,
  dutyYearView,
  isNoPlan,
  certificateRefusals,
  certificateState,
  type CertificateType,
  DEFAULT_APPROVER_ROLES,
  type GradeInputs,
  gasStartRefusal,
  gradePermit,
  holdsApproval,
  isHighRiskWork,
  isWorkingDay,
  APPROVER_LEVEL_CODES,
  DEFAULT_WORK_CALENDAR,
  MEASURE_TEMPLATES,
  PERMIT_RETENTION_DAYS_MIN,
  permitCode,
  requiredApprover,
  SPECIAL_WORK_TYPE_CODES,
  SPECIAL_WORK_TYPES,
  type SpecialWorkType,
  validityRefusal,
} from "@anguan/domain";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  briefingAttendees,
  briefings,
  certificates,
  courses,
  dutyCompletions,
  dutyPlans,
  enterprises,
  exams,
  gasAnalyses,
  organizations,
  permitEvents,
  permitMeasures,
  permits,
  permitWorkers,
  personnel,
  questions,
  teams,
  users,
} from "../src/db/schema";
import { addDays } from "../src/platform/time";
import { DEMO_COURSE_TITLE, DEMO_DUTY_OVERDUE, DEMO_DUTY_WITHOUT_PLAN, DEMO_EXAM_TITLE } from "../src/seed/demoSteward";
import { BAOHUA_CODE, JURONG_CODE } from "../src/seed/demoRegions";
import { startTestApp, type TestApp } from "./support/testApp";
import { TEST_NOW } from "./support/testDb";

let t: TestApp;
let entAId: string;
const TODAY = "2026-11-23";
const MIN = 60_000;

beforeAll(async () => {
  t = await startTestApp();
  const [e] = await t.db.select({ id: enterprises.id }).from(enterprises).where(eq(enterprises.name, "镇江华泰化工有限公司"));
  entAId = e!.id;
});
afterAll(() => t.close());

async function entAPeople() {
  const people = await t.db.select().from(personnel).where(eq(personnel.enterpriseId, entAId));
  const certs = await t.db.select().from(certificates).where(eq(certificates.enterpriseId, entAId));
  return people.map((p) => ({ ...p, certs: certs.filter((c) => c.personId === p.id) }));
}

describe("ent-a logins, teams and personnel", () => {
  it("adds ent.a.safety and ent.a.team to ent-a with the demo password, and links the people with logins", async () => {
    const rows = await t.db
      .select({ username: users.username, displayName: users.displayName, role: users.role, enterpriseId: organizations.enterpriseId, id: users.id })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(inArray(users.username, ["ent.a", "ent.a.safety", "ent.a.team"]))
      .orderBy(asc(users.username));
    expect(rows.map((r) => [r.username, r.displayName, r.role, r.enterpriseId])).toEqual([
      ["ent.a", "赵国强（主要负责人）", "enterprise_leader", entAId],
      ["ent.a.safety", "周海涛（安全管理员）", "enterprise_safety", entAId],
      ["ent.a.team", "吴建军（检修班班长）", "enterprise_staff", entAId],
    ]);
    for (const u of ["ent.a.safety", "ent.a.team"]) {
      const me = await (await t.as(u)).get("/api/auth/me");
      expect(me.status, u).toBe(200);
    }
    const people = await entAPeople();
    const byName = new Map(people.map((p) => [p.name, p]));
    const userId = new Map(rows.map((r) => [r.username, r.id]));
    expect(byName.get("赵国强")!.userId).toBe(userId.get("ent.a"));
    expect(byName.get("周海涛")!.userId).toBe(userId.get("ent.a.safety"));
    expect(byName.get("吴建军")!.userId).toBe(userId.get("ent.a.team"));
    expect(
      people
        .filter((p) => p.userId)
        .map((p) => p.name)
        .sort(),
    ).toEqual(["吴建军", "周海涛", "赵国强"]);
  });

  it("has the teams 检修班 (吴建军, login ent.a.team) and 罐区操作班 (孙立, no login) with their members", async () => {
    const rows = await t.db.select().from(teams).where(eq(teams.enterpriseId, entAId)).orderBy(asc(teams.name));
    const people = await entAPeople();
    const name = (id: string | null) => people.find((p) => p.id === id)?.name;
    const [team] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.a.team"));
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(["检修班", "罐区操作班"].sort());
    expect(name(byName.get("检修班")!.leaderPersonId)).toBe("吴建军");
    expect(byName.get("检修班")!.leaderUserId).toBe(team!.id);
    expect(name(byName.get("罐区操作班")!.leaderPersonId)).toBe("孙立");
    expect(byName.get("罐区操作班")!.leaderUserId).toBeNull();
    const members = (team: string) =>
      people
        .filter((p) => p.teamId === byName.get(team)!.id)
        .map((p) => p.name)
        .sort();
    expect(members("检修班")).toEqual(["吴建军", "李卫", "王立新", "陈志强"].sort());
    expect(members("罐区操作班")).toEqual(["孙立", "马小军"].sort());
  });

  it("holds the certificates of the fixture: 陈志强 expired, 马小军 expiring at TEST_NOW (30 warn days), the others valid", async () => {
    const people = await entAPeople();
    const p = (n: string) => people.find((x) => x.name === n)!;
    const certOf = (n: string, type: CertificateType) => p(n).certs.find((c) => c.type === type)!;
    expect(certOf("王立新", "welding_cutting").validUntil).toBe("2029-05-31");
    expect(certOf("陈志强", "welding_cutting").validUntil).toBe("2026-10-31");
    expect(certOf("李卫", "electrician").validUntil).toBe("2028-08-31");
    expect(certOf("吴建军", "watchman").validUntil).toBe("2028-12-31");
    expect(certOf("马小军", "hazchem_process").validUntil).toBe("2026-12-20");
    expect(certOf("张伟", "height_work").validUntil).toBe("2028-09-30");
    expect(
      p("周海涛")
        .certs.map((c) => c.type)
        .sort(),
    ).toEqual(["safety_manager", "watchman"]);
    expect(p("赵国强").certs.map((c) => c.type)).toEqual(["main_leader"]);
    expect(p("刘洋").certs).toEqual([]);
    expect(p("张伟")).toMatchObject({ kind: "contractor", contractorCompany: "镇江安达建设工程有限公司", keyGroup: "special_operation" });
    expect(p("赵国强").keyGroup).toBe("main_leader");
    expect(p("周海涛").keyGroup).toBe("safety_manager");
    expect(p("王立新").idNumberMasked).toMatch(/^\d{6}\*{8}\d{4}$/);

    const today = beijingDate(TEST_NOW);
    expect(today).toBe(TODAY);
    const states = people.flatMap((x) => x.certs.map((c) => [x.name, c.type, certificateState(c.validUntil, today, 30)] as const));
    expect(states.filter((s) => s[2] === "expired").map((s) => s[0])).toEqual(["陈志强"]);
    expect(states.filter((s) => s[2] === "expiring").map((s) => s[0])).toEqual(["马小军"]);
    // The boundary: 27 days to go is expiring, and the day after expiry is expired.
    expect(certificateState("2026-12-20", TODAY, 30)).toBe("expiring");
    expect(certificateState("2026-10-31", "2026-11-01", 30)).toBe("expired");
  });
});

describe("permits", () => {
  it("stores for every seeded permit the grade, approver level, high-risk flag and code the domain derives", async () => {
    const rows = await t.db.select().from(permits);
    expect(rows.length).toBeGreaterThan(60);
    const seqs = new Map<string, number[]>();
    for (const p of rows) {
      const inputs = p.gradeInputs as GradeInputs;
      const type = p.type as SpecialWorkType;
      expect(inputs.type, p.code).toBe(type);
      const again = gradePermit(inputs, p.plannedStart, p.plannedEnd);
      expect(p.grade, p.code).toBe(again.grade);
      expect(p.gradeResult, p.code).toEqual(again);
      expect(again.permitRequired, p.code).toBe(true);
      expect(p.highRisk, p.code).toBe(isHighRiskWork(type, again.grade));
      const appr = requiredApprover(type, again.grade);
      expect([p.approverLevel, p.coSign], p.code).toEqual([appr.level, appr.coSign]);
      expect(p.workDate, p.code).toBe(beijingDate(p.plannedStart));
      expect(validityRefusal(type, again.grade, p.plannedStart, p.plannedEnd), p.code).toBeNull();
      const m = /^([A-Z]{2})-(\d{8})-(\d{4})$/.exec(p.code)!;
      expect(m, p.code).not.toBeNull();
      // Codes as the server assigns them: creation day, one sequence per enterprise and day.
      expect(p.code).toBe(permitCode(type, p.createdAt, Number(m[3])));
      const k = `${p.enterpriseId}/${m[2]}`;
      seqs.set(k, [...(seqs.get(k) ?? []), Number(m[3])]);
      if (p.closedAt) expect(p.retainUntil!.getTime() - p.closedAt.getTime()).toBe(PERMIT_RETENTION_DAYS_MIN * 86_400_000);
    }
    // Sequences per enterprise and day run 1..n.
    for (const [k, ns] of seqs)
      expect(
        ns.sort((a, b) => a - b),
        k,
      ).toEqual(ns.map((_, i) => i + 1));
  });

  it("seeded permits pass the submission checks: certificates of workers and watchman valid through the work, measures answered from the type's template", async () => {
    const rows = await t.db.select().from(permits);
    const people = await t.db.select().from(personnel);
    const certs = await t.db.select().from(certificates);
    const workers = await t.db.select().from(permitWorkers);
    const measures = await t.db.select().from(permitMeasures);
    const certOf = (personId: string) =>
      certs.filter((c) => c.personId === personId).map((c) => ({ type: c.type as CertificateType, number: c.number, validUntil: c.validUntil }));
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    for (const p of rows) {
      const type = p.type as SpecialWorkType;
      const ws = workers.filter((w) => w.permitId === p.id);
      expect(ws.length, p.code).toBeGreaterThan(0);
      expect(
        ws.some((w) => w.personId === p.watchmanId),
        p.code,
      ).toBe(false);
      const refusals = certificateRefusals(
        type,
        [
          ...ws.map((w) => ({ personId: w.personId, name: nameOf.get(w.personId)!, certificates: certOf(w.personId), role: "worker" as const })),
          { personId: p.watchmanId, name: nameOf.get(p.watchmanId)!, certificates: certOf(p.watchmanId), role: "watchman" as const },
        ],
        p.plannedEnd,
      );
      expect(refusals, p.code).toEqual([]);
      for (const w of ws) expect(people.find((x) => x.id === w.personId)!.enterpriseId, p.code).toBe(p.enterpriseId);
      const ms = measures.filter((m) => m.permitId === p.id).sort((a, b) => a.no - b.no);
      expect(
        ms.map((m) => [m.no, m.text, m.photoRequired]),
        p.code,
      ).toEqual(MEASURE_TEMPLATES[type].map((m) => [m.no, m.text, !!m.photo]));
      expect(
        ms.every((m) => m.involved !== null),
        p.code,
      ).toBe(true);
      if (p.startedAt)
        expect(
          ms.filter((m) => m.involved && !m.confirmedAt).map((m) => m.no),
          p.code,
        ).toEqual([]);
    }
  });

  it("ent-a: ~30 permits over the last 60 days, all eight types, mostly closed, approved by someone holding the level, not the requester", async () => {
    const rows = await t.db.select().from(permits).where(eq(permits.enterpriseId, entAId));
    const history = rows.filter((p) => p.workDate < TODAY);
    expect(history.length).toBeGreaterThanOrEqual(25);
    expect(history.length).toBeLessThanOrEqual(35);
    expect(history.every((p) => p.workDate >= addDays(TODAY, -61))).toBe(true);
    expect(new Set(history.map((p) => p.type))).toEqual(new Set(SPECIAL_WORK_TYPE_CODES));
    const closed = history.filter((p) => p.status === "closed");
    expect(closed.length / history.length).toBeGreaterThan(0.75);
    expect(history.filter((p) => p.status === "cancelled").every((p) => p.cancelReason.length > 0)).toBe(true);
    const roleOf = new Map((await t.db.select({ id: users.id, role: users.role }).from(users)).map((u) => [u.id, u.role]));
    for (const p of rows.filter((x) => x.approvedAt)) {
      expect(p.approvedBy, p.code).not.toBe(p.requesterId);
      const role = roleOf.get(p.approvedBy!)!;
      const levels = APPROVER_LEVEL_CODES.filter((l) => DEFAULT_APPROVER_ROLES[l].includes(role));
      expect(holdsApproval(levels, p.approverLevel as never), `${p.code} ${role} ${p.approverLevel}`).toBe(true);
      expect(p.approvalLat, p.code).not.toBeNull();
    }
    // Events tell the story of a closed permit in order.
    const c = closed[0]!;
    const ev = await t.db.select().from(permitEvents).where(eq(permitEvents.permitId, c.id)).orderBy(asc(permitEvents.at));
    expect(ev.map((e) => e.action)).toEqual(["create", "submit", "approve", "start", "complete", "accept"]);
    expect(ev.at(-1)!.toStatus).toBe("closed");
  });

  it("ent-a today: a confined-space permit in progress with a passing analysis 20 min ago, a 一级 hot work awaiting approval, an approved work at height", async () => {
    const rows = await t.db
      .select()
      .from(permits)
      .where(and(eq(permits.enterpriseId, entAId), eq(permits.workDate, TODAY)));
    expect(rows.map((p) => [p.type, p.status]).sort()).toEqual(
      [
        ["confined_space", "in_progress"],
        ["height", "approved"],
        ["hot_work", "pending_approval"],
      ].sort(),
    );
    const cs = rows.find((p) => p.type === "confined_space")!;
    const gas = await t.db.select().from(gasAnalyses).where(eq(gasAnalyses.permitId, cs.id)).orderBy(asc(gasAnalyses.sampledAt));
    const last = gas.at(-1)!;
    expect(last.sampledAt.getTime()).toBe(TEST_NOW.getTime() - 20 * MIN);
    expect(gas.filter((g) => g.sampledAt.getTime() === last.sampledAt.getTime()).every((g) => g.pass)).toBe(true);
    expect(new Set(gas.map((g) => g.kind))).toEqual(new Set(["combustible", "oxygen", "toxic"]));
    const records = gas.map((g) => ({ sampledAt: g.sampledAt, pass: g.pass }));
    expect(gasStartRefusal(records, cs.startedAt!)).toBeNull();
    expect(gasStartRefusal(records, TEST_NOW)).toBeNull();
    expect(cs.highRisk).toBe(true);
    const hot = rows.find((p) => p.type === "hot_work")!;
    expect(hot.grade).toBe("hot_1");
    expect(hot.approverLevel).toBe("safety_dept");
    expect(hot.highRisk).toBe(true);
    const [w] = await t.db
      .select({ name: personnel.name })
      .from(permitWorkers)
      .innerJoin(personnel, eq(personnel.id, permitWorkers.personId))
      .where(eq(permitWorkers.permitId, hot.id));
    expect(w!.name).toBe("王立新");
    const height = rows.find((p) => p.type === "height")!;
    expect(height.grade).toBe("height_2");
    expect(height.plannedStart.getTime()).toBeGreaterThan(TEST_NOW.getTime());
  });

  it("today's high-risk work at ~15 other hazardous-chemical enterprises, including 句容市 and 宝华镇", async () => {
    const rows = await t.db
      .select({
        enterpriseId: permits.enterpriseId,
        regionPath: permits.regionPath,
        highRisk: permits.highRisk,
        type: permits.type,
        grade: permits.grade,
        status: permits.status,
      })
      .from(permits)
      .where(eq(permits.workDate, TODAY));
    const others = rows.filter((r) => r.enterpriseId !== entAId);
    expect(new Set(others.map((r) => r.enterpriseId)).size).toBeGreaterThanOrEqual(10);
    expect(others.filter((r) => r.highRisk).length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.filter((r) => r.highRisk).map((r) => `${r.type}/${r.grade}`))).toEqual(
      new Set(["hot_work/hot_1", "hot_work/hot_special", "confined_space/null", "height/height_4"]),
    );
    expect(rows.some((r) => r.highRisk && r.regionPath.includes(`/${BAOHUA_CODE}/`))).toBe(true);
    expect(rows.some((r) => r.highRisk && r.regionPath.includes(`/${JURONG_CODE}/`) && !r.regionPath.includes(`/${BAOHUA_CODE}/`))).toBe(true);
    expect(new Set(others.map((r) => r.status))).toEqual(new Set(["in_progress", "approved", "pending_approval", "completed"]));
  });
});

describe("briefings and training", () => {
  it("检修班 held its briefing on the working days of the last 20 days except two, none today, with sign-ins", async () => {
    const [team] = await t.db
      .select()
      .from(teams)
      .where(and(eq(teams.enterpriseId, entAId), eq(teams.name, "检修班")));
    const rows = await t.db.select().from(briefings).where(eq(briefings.teamId, team!.id)).orderBy(asc(briefings.day));
    const workDays = Array.from({ length: 20 }, (_, i) => addDays(TODAY, -20 + i)).filter((d) => isWorkingDay(d, DEFAULT_WORK_CALENDAR));
    expect(rows.length).toBe(workDays.length - 2);
    expect(rows.every((b) => workDays.includes(b.day))).toBe(true);
    expect(rows.some((b) => b.day === TODAY)).toBe(false);
    const [leader] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, "ent.a.team"));
    expect(rows.every((b) => b.leaderUserId === leader!.id && b.leaderName === "吴建军")).toBe(true);
    const att = await t.db
      .select()
      .from(briefingAttendees)
      .where(
        inArray(
          briefingAttendees.briefingId,
          rows.map((b) => b.id),
        ),
      );
    for (const b of rows) {
      const a = att.filter((x) => x.briefingId === b.id);
      expect(a.length, b.day).toBeGreaterThanOrEqual(3);
      expect(a.every((x) => beijingDate(x.signedAt) === b.day)).toBe(true);
    }
  });

  it("has the GB 30871 course, a bank of 10 questions of the three kinds with real answers, and the 20-minute exam passing at 60 %", async () => {
    const [course] = await t.db.select().from(courses).where(eq(courses.enterpriseId, entAId));
    expect(course!.title).toBe(DEMO_COURSE_TITLE);
    const qs = await t.db.select().from(questions).where(eq(questions.enterpriseId, entAId));
    expect(qs).toHaveLength(10);
    expect(new Set(qs.map((q) => q.kind))).toEqual(new Set(["single", "multiple", "judge"]));
    for (const q of qs) {
      const keys = (q.options as { key: string }[]).map((o) => o.key);
      expect(
        q.answer.every((a) => keys.includes(a)),
        q.stem,
      ).toBe(true);
      expect(q.answer.length, q.stem).toBe(q.kind === "multiple" ? q.answer.length : 1);
    }
    const answerOf = (part: string) => {
      const q = qs.find((x) => x.stem.includes(part))!;
      return (q.options as { key: string; text: string }[]).filter((o) => q.answer.includes(o.key)).map((o) => o.text);
    };
    expect(answerOf("气体分析取样时间")).toEqual(["30 分钟"]);
    expect(answerOf("氧气含量的合格范围")).toEqual(["19.5 %～21 %（体积分数）"]);
    expect(answerOf("特级、一级动火作业票的有效期")).toEqual(["8 小时"]);
    const [exam] = await t.db.select().from(exams).where(eq(exams.enterpriseId, entAId));
    expect(exam!.title).toBe(DEMO_EXAM_TITLE);
    expect(exam!.timeLimitMin).toBe(20);
    expect(exam!.totalPoints).toBe(qs.reduce((s, q) => s + q.points, 0));
    expect(exam!.passMark).toBe(Math.round(exam!.totalPoints * 0.6));
    expect([...exam!.questionIds].sort()).toEqual(qs.map((q) => q.id).sort());
  });
});

describe("legal-duty plans", () => {
  it("ent-a has a 2026 plan for every applicable duty but one, every period due before today done except one overdue month", async () => {
    const [ent] = await t.db.select().from(enterprises).where(eq(enterprises.id, entAId));
    const duties = applicableDuties({ sector: ent!.sector, hasMajorHazard: ent!.hasMajorHazard });
    expect(duties.length).toBe(DUTY_CATALOGUE.length);
    const plans = await t.db.select().from(dutyPlans).where(eq(dutyPlans.enterpriseId, entAId));
    expect(plans.every((p) => p.year === 2026)).toBe(true);
    const planned = new Set(plans.map((p) => p.dutyCode));
    expect(duties.filter((d) => !planned.has(d.code)).map((d) => d.code)).toEqual([DEMO_DUTY_WITHOUT_PLAN]);
    expect(isNoPlan(false, 2026, TODAY)).toBe(true);
    const done = await t.db.select().from(dutyCompletions).where(eq(dutyCompletions.enterpriseId, entAId));
    const statuses: [string, string, string][] = [];
    for (const p of plans) {
      const d = duties.find((x) => x.code === p.dutyCode)!;
      const keys = done.filter((c) => c.dutyCode === d.code).map((c) => c.periodKey);
      for (const v of dutyYearView(d.cycle, 2026, { schedule: p.schedule as Record<string, string>, completedKeys: keys, today: TODAY }))
        statuses.push([d.code, v.key, v.status]);
      for (const c of done.filter((x) => x.dutyCode === d.code)) expect(c.completedOn <= TODAY, `${d.code} ${c.periodKey}`).toBe(true);
    }
    expect(statuses.filter((s) => s[2] === "overdue")).toEqual([[DEMO_DUTY_OVERDUE, "2026-10", "overdue"]]);
    // Done and still to come: the monthly check is done Jan–Sep, November is due within 7 days; the year-end ones pending.
    const status = (code: string, key: string) => statuses.find((s) => s[0] === code && s[1] === key)?.[2];
    expect(status(DEMO_DUTY_OVERDUE, "2026-09")).toBe("done");
    expect(status(DEMO_DUTY_OVERDUE, "2026-11")).toBe("due");
    expect(status("training_plan", "2026")).toBe("done");
    expect(status("drill_onsite", "2026-H2")).toBe("done");
    expect(status("leader_inspection", "2026-Q4")).toBe("pending");
    expect(status("responsibility_system", "2026")).toBe("pending");
  });
});

describe("type coverage", () => {
  it("every work type has its prefix in the codes", async () => {
    const rows = await t.db.select({ code: permits.code, type: permits.type }).from(permits).where(eq(permits.enterpriseId, entAId));
    for (const r of rows) expect(r.code.startsWith(`${SPECIAL_WORK_TYPES[r.type as SpecialWorkType].prefix}-`)).toBe(true);
  });
});

/**
 * Demo safety steward (演示企业安全管家数据) for 镇江华泰化工 (ent-a) and about fifteen other hazardous-chemical
 * enterprises:
 *  - ent-a's logins 周海涛 (ent.a.safety) and 吴建军 (ent.a.team); its teams 检修班 and 罐区操作班; its personnel with
 *    certificates (absolute validity dates: 陈志强's welding certificate expired on 2026-10-31, 马小军's
 *    hazardous-chemical certificate runs to 2026-12-20, i.e. expiring around the demo date);
 *  - ent-a's special-work permits: ~30 over the last 60 days (all eight GB 30871 types, mostly closed) and today a
 *    confined-space permit in progress (passing gas analysis 20 min ago), a 一级 hot work awaiting approval and an
 *    approved work at height; every grade, approver level, high-risk flag, code and measure list comes from the
 *    domain (gradePermit, requiredApprover, isHighRiskWork, permitCode, MEASURE_TEMPLATES), never typed here;
 *  - today's permits at ~15 other hazardous-chemical enterprises (2–3 people each) for the regulators' screen;
 *  - 检修班 pre-shift briefings on the working days of the last 20 days except two (none today);
 *  - a GB 30871 course, a bank of 10 questions, an exam and a few study/exam records;
 *  - legal-duty plans for the year (when the duty catalogue exists; see seedDemoDuties).
 * Deterministic for a given `now` (mulberry32); no Date.now(). Evidence files are not seeded (history rows leave
 * evidence ids null).
 */
import crypto from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import {
  applicableDuties,
  beijingDate,
  type CertificateType,
  certificateRefusals,
  DEFAULT_PERMIT_CALENDAR,
  DUTY_CYCLES,
  dutyPeriods,
  GAS_KINDS,
  type GasKind,
  GB30871_VERSION,
  type GradeInputs,
  gradePermit,
  type HeightHazardFactor,
  isHighRiskWork,
  isWorkingDay,
  judgeGasReading,
  MEASURE_TEMPLATES,
  PERMIT_RETENTION_DAYS_MIN,
  type PermitStatus,
  periodDue,
  permitCode,
  requiredApprover,
  type SpecialWorkType,
  JUDGE_OPTIONS,
} from "@anguan/domain";
import type { Queryable } from "../db/client";
import {
  briefingAttendees,
  briefings,
  certificates,
  courses,
  dutyCompletions,
  dutyPlans,
  enterprises,
  examAttempts,
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
  trainingRecords,
  users,
} from "../db/schema";
import { addDays } from "../platform/time";
import { DEMO_ENT_A_KEY, DEMO_ENT_BAOHUA_2_KEY, type DemoEnterprise, mulberry32 } from "./demoEnterprises";
import { BAOHUA_CODE, JURONG_CODE, NEW_AREA_CODE } from "./demoRegions";
import { GIVEN_NAMES, SURNAMES } from "./demoWords";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** ent-a's new logins (password: the demo password). */
export const DEMO_STEWARD_USERS = [
  { username: "ent.a.safety", displayName: "周海涛（安全管理员）", role: "enterprise_safety", phone: "13905290012" },
  { username: "ent.a.team", displayName: "吴建军（检修班班长）", role: "enterprise_staff", phone: "13905290013" },
] as const;

export const DEMO_TEAM_MAINTENANCE = "检修班";
export const DEMO_TEAM_TANK_FARM = "罐区操作班";
export const DEMO_CONTRACTOR = "镇江安达建设工程有限公司";
export const DEMO_COURSE_TITLE = "动火作业安全管理要求（GB 30871-2022）";
export const DEMO_EXAM_TITLE = "特殊作业安全知识考试";
export const DEMO_QUESTION_BANK = "特殊作业安全知识";

interface CertSpec {
  type: CertificateType;
  number: string;
  issuer: string;
  issuedOn: string;
  validUntil: string;
  title?: string;
}

interface PersonSpec {
  key: string;
  name: string;
  kind: "employee" | "contractor";
  contractorCompany?: string;
  idNumber: string;
  phone: string;
  department: string;
  post: string;
  team?: typeof DEMO_TEAM_MAINTENANCE | typeof DEMO_TEAM_TANK_FARM;
  keyGroup: "main_leader" | "safety_manager" | "special_operation" | null;
  login?: "ent.a" | "ent.a.safety" | "ent.a.team";
  certs: CertSpec[];
}

const SPECIAL_ISSUER = "江苏省应急管理厅";
const CITY_ISSUER = "镇江市应急管理局";

/** ent-a's personnel registry: the demo fixture the steward features and their tests rely on (names, posts, logins, certificate dates). */
export const DEMO_ENT_A_PEOPLE: readonly PersonSpec[] = [
  {
    key: "zhao",
    name: "赵国强",
    kind: "employee",
    idNumber: "321102197305124517",
    phone: "13905290005",
    department: "公司领导",
    post: "总经理（主要负责人）",
    keyGroup: "main_leader",
    login: "ent.a",
    certs: [{ type: "main_leader", number: "321100202404150012", issuer: CITY_ISSUER, issuedOn: "2025-04-16", validUntil: "2028-04-15" }],
  },
  {
    key: "zhou",
    name: "周海涛",
    kind: "employee",
    idNumber: "321111198108230035",
    phone: "13905290012",
    department: "安全环保部",
    post: "安全管理员",
    keyGroup: "safety_manager",
    login: "ent.a.safety",
    certs: [
      { type: "safety_manager", number: "321100202409300087", issuer: CITY_ISSUER, issuedOn: "2024-09-30", validUntil: "2027-09-29" },
      { type: "watchman", number: "HT-JH-2025-003", issuer: "镇江华泰化工有限公司", issuedOn: "2025-06-30", validUntil: "2028-06-30" },
    ],
  },
  {
    key: "wu",
    name: "吴建军",
    kind: "employee",
    idNumber: "321102198211064213",
    phone: "13905290013",
    department: "设备部",
    post: "检修班长",
    team: DEMO_TEAM_MAINTENANCE,
    keyGroup: null,
    login: "ent.a.team",
    certs: [{ type: "watchman", number: "HT-JH-2025-007", issuer: "镇江华泰化工有限公司", issuedOn: "2025-12-31", validUntil: "2028-12-31" }],
  },
  {
    key: "wang",
    name: "王立新",
    kind: "employee",
    idNumber: "321183198903152516",
    phone: "13952801231",
    department: "设备部",
    post: "焊工",
    team: DEMO_TEAM_MAINTENANCE,
    keyGroup: "special_operation",
    certs: [
      {
        type: "welding_cutting",
        title: "熔化焊接与热切割作业",
        number: "T321183198903152516",
        issuer: SPECIAL_ISSUER,
        issuedOn: "2023-05-31",
        validUntil: "2029-05-31",
      },
    ],
  },
  {
    key: "chen",
    name: "陈志强",
    kind: "employee",
    idNumber: "321112198507207731",
    phone: "13952801232",
    department: "设备部",
    post: "焊工",
    team: DEMO_TEAM_MAINTENANCE,
    keyGroup: "special_operation",
    certs: [
      {
        type: "welding_cutting",
        title: "熔化焊接与热切割作业",
        number: "T321112198507207731",
        issuer: SPECIAL_ISSUER,
        issuedOn: "2020-10-31",
        validUntil: "2026-10-31",
      },
    ],
  },
  {
    key: "li",
    name: "李卫",
    kind: "employee",
    idNumber: "321181199001186655",
    phone: "13952801233",
    department: "设备部",
    post: "电工",
    team: DEMO_TEAM_MAINTENANCE,
    keyGroup: "special_operation",
    certs: [
      { type: "electrician", title: "低压电工作业", number: "T321181199001186655", issuer: SPECIAL_ISSUER, issuedOn: "2022-08-31", validUntil: "2028-08-31" },
    ],
  },
  {
    key: "liu",
    name: "刘洋",
    kind: "employee",
    idNumber: "321102199406110028",
    phone: "13952801234",
    department: "质检部（化验室）",
    post: "分析员",
    keyGroup: null,
    certs: [],
  },
  {
    key: "sun",
    name: "孙立",
    kind: "employee",
    idNumber: "321191198612035314",
    phone: "13952801235",
    department: "生产部",
    post: "罐区操作班班长",
    team: DEMO_TEAM_TANK_FARM,
    keyGroup: null,
    certs: [],
  },
  {
    key: "ma",
    name: "马小军",
    kind: "employee",
    idNumber: "321191199208227457",
    phone: "13952801236",
    department: "生产部",
    post: "罐区操作工",
    team: DEMO_TEAM_TANK_FARM,
    keyGroup: "special_operation",
    certs: [
      {
        type: "hazchem_process",
        title: "氯化工艺作业",
        number: "T321191199208227457",
        issuer: SPECIAL_ISSUER,
        issuedOn: "2020-12-20",
        validUntil: "2026-12-20",
      },
    ],
  },
  {
    key: "zhang",
    name: "张伟",
    kind: "contractor",
    contractorCompany: DEMO_CONTRACTOR,
    idNumber: "320826198710150918",
    phone: "13952801237",
    department: "",
    post: "架子工",
    keyGroup: "special_operation",
    certs: [
      { type: "height_work", title: "登高架设作业", number: "T320826198710150918", issuer: SPECIAL_ISSUER, issuedOn: "2022-09-30", validUntil: "2028-09-30" },
      // The contractor's crew also does the plant's lifting jobs (起重机械指挥/司索).
      {
        type: "crane",
        title: "起重机指挥（Q1）",
        number: "TS3211082022000476",
        issuer: "镇江市市场监督管理局",
        issuedOn: "2026-03-15",
        validUntil: "2030-03-14",
      },
    ],
  },
];

/** Masked 身份证号: first 6 and last 4 characters kept. */
export function maskIdNumber(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(-4)}` : "";
}

// ---------------------------------------------------------------------------------------------------------------

export interface SeedDemoStewardOptions {
  list: readonly DemoEnterprise[];
  entIds: ReadonlyMap<string, string>;
  now: Date;
  passwordHash: string | null;
  seed?: number;
}

export interface SeedDemoStewardResult {
  people: number;
  certificates: number;
  permits: number;
  entAPermits: number;
  otherEnterprises: number;
  briefings: number;
  questions: number;
  dutyPlans: number;
}

type Ent = { id: string; name: string; regionPath: string; sector: string; lat: number | null; lng: number | null };
type Scope = { enterpriseId: string; regionPath: string; sector: string };
const scopeOf = (e: Ent): Scope => ({ enterpriseId: e.id, regionPath: e.regionPath, sector: e.sector });

interface SeedPerson {
  id: string;
  name: string;
  userId: string | null;
  certs: { type: CertificateType; number: string; validUntil: string }[];
}

interface Actor {
  id: string | null;
  name: string;
}

/** A permit to write, with its timeline; the grade and everything derived from it are computed in `buildPermit`. */
interface PermitPlan {
  ent: Ent;
  type: SpecialWorkType;
  inputs: GradeInputs;
  place: string;
  content: string;
  workingUnit: string;
  start: Date;
  end: Date;
  status: PermitStatus;
  requester: Actor;
  approver: Actor;
  workLeader: SeedPerson;
  watchman: SeedPerson;
  analyst: SeedPerson | null;
  briefer: SeedPerson | null;
  workers: SeedPerson[];
  /** Who confirms measures on site and runs the transitions (a login, or the work leader's name). */
  onSite: Actor;
  /** Times, relative to the planned start. */
  submittedAt: Date;
  approvedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  acceptedAt: Date | null;
  cancelledAt?: Date | null;
  cancelReason?: string;
  /** Gas analyses sampled at these instants (pass). */
  gasAt: Date[];
  gasPoint: string;
  gasSubstance: { name: string; lel: number };
  toxic?: { name: string; limit: number; value: number } | null;
  measuresConfirmed: boolean;
  seqKey: string;
}

// ---------------------------------------------------------------------------------------------------------------

export async function seedDemoSteward(tx: Queryable, opts: SeedDemoStewardOptions): Promise<SeedDemoStewardResult> {
  const empty: SeedDemoStewardResult = {
    people: 0,
    certificates: 0,
    permits: 0,
    entAPermits: 0,
    otherEnterprises: 0,
    briefings: 0,
    questions: 0,
    dutyPlans: 0,
  };
  const entAId = opts.entIds.get(DEMO_ENT_A_KEY);
  if (!entAId) return empty;
  const now = opts.now;
  const rand = mulberry32(opts.seed ?? 20261205);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const today = beijingDate(now);

  const others = chooseStewardEnterprises(opts.list, (k) => opts.entIds.has(k));
  const ids = [entAId, ...others.map((d) => opts.entIds.get(d.key)!)];
  const entRows = await tx
    .select({
      id: enterprises.id,
      name: enterprises.name,
      regionPath: enterprises.regionPath,
      sector: enterprises.sector,
      lat: enterprises.lat,
      lng: enterprises.lng,
    })
    .from(enterprises)
    .where(inArray(enterprises.id, ids));
  const entById = new Map(entRows.map((e) => [e.id, e]));
  const entA = entById.get(entAId)!;

  // --- ent-a logins -------------------------------------------------------------------------------------------
  const [entAOrg] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.enterpriseId, entAId));
  await tx.insert(users).values(
    DEMO_STEWARD_USERS.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      orgId: entAOrg!.id,
      phone: u.phone,
      passwordHash: opts.passwordHash,
    })),
  );
  const userRows = await tx
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, ["ent.a", "ent.a.safety", "ent.a.team"]));
  const userOf = new Map(userRows.map((u) => [u.username, u]));
  const leaderUser = userOf.get("ent.a")!;
  const safetyUser = userOf.get("ent.a.safety")!;
  const teamUser = userOf.get("ent.a.team")!;

  // --- teams, personnel, certificates ----------------------------------------------------------------------------
  const created = new Date(now.getTime() - 200 * DAY);
  const teamIds = new Map<string, string>();
  for (const name of [DEMO_TEAM_MAINTENANCE, DEMO_TEAM_TANK_FARM]) teamIds.set(name, crypto.randomUUID());
  const personIds = new Map(DEMO_ENT_A_PEOPLE.map((p) => [p.key, crypto.randomUUID()]));
  const personRows: (typeof personnel.$inferInsert)[] = [];
  const certRows: (typeof certificates.$inferInsert)[] = [];
  const seedPeople = new Map<string, SeedPerson>();
  for (const p of DEMO_ENT_A_PEOPLE) {
    const id = personIds.get(p.key)!;
    const userId = p.login ? userOf.get(p.login)!.id : null;
    personRows.push({
      id,
      ...scopeOf(entA),
      name: p.name,
      kind: p.kind,
      contractorCompany: p.contractorCompany ?? "",
      idNumberMasked: maskIdNumber(p.idNumber),
      phone: p.phone,
      department: p.department,
      post: p.post,
      teamId: p.team ? teamIds.get(p.team)! : null,
      keyGroup: p.keyGroup,
      userId,
      createdAt: created,
      updatedAt: created,
    });
    for (const c of p.certs)
      certRows.push({
        ...scopeOf(entA),
        personId: id,
        type: c.type,
        title: c.title ?? "",
        number: c.number,
        issuer: c.issuer,
        issuedOn: c.issuedOn,
        validUntil: c.validUntil,
        createdAt: created,
        updatedAt: created,
      });
    seedPeople.set(p.key, { id, name: p.name, userId, certs: p.certs.map((c) => ({ type: c.type, number: c.number, validUntil: c.validUntil })) });
  }
  await tx.insert(teams).values([
    {
      id: teamIds.get(DEMO_TEAM_MAINTENANCE)!,
      ...scopeOf(entA),
      name: DEMO_TEAM_MAINTENANCE,
      leaderPersonId: personIds.get("wu")!,
      leaderUserId: teamUser.id,
      createdAt: created,
      updatedAt: created,
    },
    {
      id: teamIds.get(DEMO_TEAM_TANK_FARM)!,
      ...scopeOf(entA),
      name: DEMO_TEAM_TANK_FARM,
      leaderPersonId: personIds.get("sun")!,
      leaderUserId: null,
      createdAt: created,
      updatedAt: created,
    },
  ]);
  const P = (k: string) => seedPeople.get(k)!;

  // Other enterprises: a work leader, a watchman and a maintenance worker each.
  const otherPeople = new Map<string, { leader: SeedPerson; watchman: SeedPerson; worker: SeedPerson; approverName: string }>();
  const nameRand = mulberry32((opts.seed ?? 20261205) + 7);
  const usedNames = new Set(DEMO_ENT_A_PEOPLE.map((p) => p.name));
  const personName = () => {
    for (;;) {
      const n = SURNAMES[Math.floor(nameRand() * SURNAMES.length)]! + GIVEN_NAMES[Math.floor(nameRand() * GIVEN_NAMES.length)]!;
      if (!usedNames.has(n)) {
        usedNames.add(n);
        return n;
      }
    }
  };
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(nameRand() * 10)).join("");
  others.forEach((d, i) => {
    const ent = entById.get(opts.entIds.get(d.key)!)!;
    const county = d.input.regionCode.slice(0, 6);
    const mk = (post: string, department: string, keyGroup: PersonSpec["keyGroup"], certTypes: CertificateType[]): SeedPerson => {
      const id = crypto.randomUUID();
      const name = personName();
      const idNumber = `${county}19${70 + Math.floor(nameRand() * 30)}0${1 + Math.floor(nameRand() * 9)}1${Math.floor(nameRand() * 9)}${digits(4)}`;
      personRows.push({
        id,
        ...scopeOf(ent),
        name,
        kind: "employee",
        idNumberMasked: maskIdNumber(idNumber),
        phone: `139${digits(8)}`,
        department,
        post,
        keyGroup,
        createdAt: created,
        updatedAt: created,
      });
      const certs = otherCertificates(certTypes, idNumber, i);
      for (const c of certs) certRows.push({ ...scopeOf(ent), personId: id, ...c, createdAt: created, updatedAt: created });
      return { id, name, userId: null, certs: certs.map((c) => ({ type: c.type, number: c.number, validUntil: c.validUntil })) };
    };
    otherPeople.set(ent.id, {
      leader: mk("设备主任", "设备部", null, []),
      watchman: mk("安全员", "安全环保部", null, ["watchman"]),
      worker: mk("检修工", "设备部", "special_operation", ["welding_cutting", "height_work"]),
      approverName: d.input.safetyManager || d.input.mainLeader || "安全管理部门负责人",
    });
  });
  await tx.insert(personnel).values(personRows);
  await tx.insert(certificates).values(certRows);

  // --- permits ---------------------------------------------------------------------------------------------------
  const actor = (u: { id: string; displayName: string } | undefined): Actor => (u ? { id: u.id, name: u.displayName } : { id: null, name: "" });
  const A = { leader: actor(leaderUser), safety: actor(safetyUser), team: actor(teamUser) };
  /** Who may approve (defaults of DEFAULT_APPROVER_ROLES): the safety manager, or the leader for the top levels. */
  const approverFor = (type: SpecialWorkType, inputs: GradeInputs, start: Date, end: Date, requester: Actor): Actor => {
    const g = gradePermit(inputs, start, end, DEFAULT_PERMIT_CALENDAR);
    const level = requiredApprover(type, g.grade).level;
    if (level === "plant_manager" || level === "leader_in_charge") return A.leader;
    return requester.id === A.safety.id ? A.leader : A.safety;
  };
  const plans: PermitPlan[] = [];
  const beijingAt = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`);
  const maintenance = [P("wang"), P("chen"), P("li"), P("wu")];
  const eligibleWorkers = (type: SpecialWorkType, end: Date, pool: SeedPerson[]) =>
    pool.filter((p) => certificateRefusals(type, [{ personId: p.id, name: p.name, certificates: p.certs, role: "worker" }], end).length === 0);

  // History: ~30 permits over the last 60 days, one or two a working day picked at random.
  const HISTORY: { type: SpecialWorkType; n: number }[] = [
    { type: "hot_work", n: 9 },
    { type: "confined_space", n: 4 },
    { type: "blinding", n: 3 },
    { type: "height", n: 5 },
    { type: "lifting", n: 2 },
    { type: "temp_electricity", n: 3 },
    { type: "excavation", n: 2 },
    { type: "road_breaking", n: 2 },
  ];
  const historyTypes = HISTORY.flatMap((h) => Array.from({ length: h.n }, () => h.type));
  // Spread over days 1..60 ago; shuffled deterministically.
  for (let i = historyTypes.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [historyTypes[i], historyTypes[j]] = [historyTypes[j]!, historyTypes[i]!];
  }
  const occurrences = new Map<SpecialWorkType, number>();
  historyTypes.forEach((type, i) => {
    const daysAgo = Math.max(1, Math.round(((i + 0.5) * 60) / historyTypes.length + (rand() - 0.5) * 1.5));
    const day = addDays(today, -daysAgo);
    // Mostly daytime on working days; every seventh job at night or on whatever day it falls (emergency repair).
    const night = i % 7 === 3;
    const start = night ? beijingAt(day, "22:30") : beijingAt(day, pick(["08:30", "09:00", "09:30", "13:30", "14:00"]));
    const occ = occurrences.get(type) ?? 0;
    occurrences.set(type, occ + 1);
    const spec = entAWork(type, occ, rand);
    const durMs = Math.min(spec.hours * HOUR, type === "hot_work" ? 4 * HOUR : Number.POSITIVE_INFINITY);
    const end = new Date(start.getTime() + durMs);
    const requester = i % 5 === 4 ? A.safety : A.team;
    const workers = spec.workers(end, eligibleWorkers, maintenance, P);
    // Cancelled: the second blinding job before approval (plans changed), the fifth hot work after approval.
    const cancelledEarly = type === "blinding" && occ === 1;
    const cancelled = cancelledEarly || (type === "hot_work" && occ === 4);
    const recent = daysAgo === 1 && !cancelled;
    const submittedAt = new Date(start.getTime() - 80 * MIN);
    const approvedAt = cancelledEarly ? null : new Date(start.getTime() - 40 * MIN);
    const startedAt = cancelled ? null : new Date(start.getTime() + 5 * MIN);
    const completedAt = cancelled ? null : new Date(start.getTime() + Math.round(durMs * 0.8));
    const acceptedAt = cancelled || recent ? null : new Date(completedAt!.getTime() + 30 * MIN);
    const gasNeeded = spec.gas;
    const gasAt: Date[] = [];
    if (gasNeeded && !cancelled) {
      gasAt.push(new Date(start.getTime() - 15 * MIN));
      if (type === "confined_space") for (let t = startedAt!.getTime() + 110 * MIN; t < completedAt!.getTime(); t += 110 * MIN) gasAt.push(new Date(t));
    }
    plans.push({
      ent: entA,
      type,
      inputs: spec.inputs,
      place: spec.place,
      content: spec.content,
      workingUnit: spec.contractor ? DEMO_CONTRACTOR : "设备部检修班",
      start,
      end,
      status: cancelled ? "cancelled" : recent ? "completed" : "closed",
      requester,
      approver: approverFor(type, spec.inputs, start, end, requester),
      workLeader: P("wu"),
      watchman: i % 3 === 0 ? P("wu") : P("zhou"),
      analyst: gasNeeded ? P("liu") : null,
      briefer: P("zhou"),
      workers,
      onSite: A.team,
      submittedAt,
      approvedAt,
      startedAt,
      completedAt,
      acceptedAt,
      cancelledAt: cancelled ? new Date(start.getTime() - (cancelledEarly ? 60 : 10) * MIN) : null,
      cancelReason: cancelled ? (cancelledEarly ? "生产计划调整，检修推迟" : "现场复查发现作业条件不具备（相邻储罐正在脱水），取消作业") : "",
      gasAt,
      gasPoint: spec.gasPoint,
      gasSubstance: spec.gasSubstance,
      toxic: spec.toxic,
      measuresConfirmed: !!startedAt,
      seqKey: entA.id,
    });
  });
  // The watchman of a permit is never one of its workers.
  for (const p of plans) if (p.workers.some((w) => w.id === p.watchman.id)) p.watchman = p.watchman.id === P("wu").id ? P("zhou") : P("wu");

  // Today at ent-a.
  {
    // 1. Confined space in progress: 1# 甲醇储罐 T201 inspection, gas analysis passing 20 min ago.
    const start = new Date(now.getTime() - 100 * MIN);
    const end = new Date(start.getTime() + 8 * HOUR);
    const inputs: GradeInputs = { type: "confined_space", inHazardArea: true };
    plans.push({
      ent: entA,
      type: "confined_space",
      inputs,
      place: "罐区 T201 甲醇储罐内",
      content: "T201 甲醇储罐内部清罐后检查内壁腐蚀情况并测厚",
      workingUnit: "设备部检修班",
      start,
      end,
      status: "in_progress",
      requester: A.team,
      approver: approverFor("confined_space", inputs, start, end, A.team),
      workLeader: P("wu"),
      watchman: P("zhou"),
      analyst: P("liu"),
      briefer: P("zhou"),
      workers: [P("li"), P("wang")],
      onSite: A.team,
      submittedAt: new Date(start.getTime() - 90 * MIN),
      approvedAt: new Date(start.getTime() - 50 * MIN),
      startedAt: start,
      completedAt: null,
      acceptedAt: null,
      gasAt: [new Date(start.getTime() - 15 * MIN), new Date(now.getTime() - 20 * MIN)],
      gasPoint: "T201 人孔下 1 m、罐内中部、罐底",
      gasSubstance: { name: "甲醇", lel: 6 },
      toxic: { name: "氯气", limit: 1, value: 0.1 },
      measuresConfirmed: true,
      seqKey: entA.id,
    });
  }
  {
    // 2. Hot work 一级 awaiting approval: the derived grade must be 一级 — in the fire/explosion hazard area it is
    //    一级 by day on a working day; at night or on a rest day the same job outside the hazard area is 二级 + 1.
    const start = new Date(now.getTime() + 60 * MIN);
    const end = new Date(start.getTime() + 4 * HOUR);
    const base = { type: "hot_work" as const, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false };
    const inHazard: GradeInputs = { ...base, inHazardArea: true };
    const outside: GradeInputs = { ...base, inHazardArea: false };
    const inputs = gradePermit(inHazard, start, end).grade === "hot_1" ? inHazard : outside;
    plans.push({
      ent: entA,
      type: "hot_work",
      inputs,
      place: "一车间氯化工段 R301 反应釜平台",
      content: "更换 R301 平台护栏及检修平台踏板，焊接固定",
      workingUnit: "设备部检修班",
      start,
      end,
      status: "pending_approval",
      requester: A.team,
      approver: { id: null, name: "" },
      workLeader: P("wu"),
      watchman: P("zhou"),
      analyst: P("liu"),
      briefer: P("zhou"),
      workers: [P("wang")],
      onSite: A.team,
      submittedAt: new Date(now.getTime() - 15 * MIN),
      approvedAt: null,
      startedAt: null,
      completedAt: null,
      acceptedAt: null,
      gasAt: [],
      gasPoint: "动火点及周围 15 m",
      gasSubstance: { name: "甲苯", lel: 1.2 },
      measuresConfirmed: false,
      seqKey: entA.id,
    });
  }
  {
    // 3. Work at height approved: scaffold on the pipe rack, 8 m.
    const start = new Date(now.getTime() + 2 * HOUR);
    const end = new Date(start.getTime() + 6 * HOUR);
    const inputs: GradeInputs = { type: "height", heightM: 8, factors: [] };
    plans.push({
      ent: entA,
      type: "height",
      inputs,
      place: "厂区东侧管廊 PR-2 段",
      content: "搭设脚手架，更换管廊蒸汽伴热管保温层",
      workingUnit: DEMO_CONTRACTOR,
      start,
      end,
      status: "approved",
      requester: A.team,
      approver: approverFor("height", inputs, start, end, A.team),
      workLeader: P("wu"),
      watchman: P("zhou"),
      analyst: null,
      briefer: P("zhou"),
      workers: [P("zhang")],
      onSite: A.team,
      submittedAt: new Date(now.getTime() - 70 * MIN),
      approvedAt: new Date(now.getTime() - 30 * MIN),
      startedAt: null,
      completedAt: null,
      acceptedAt: null,
      gasAt: [],
      gasPoint: "",
      gasSubstance: { name: "", lel: 4 },
      measuresConfirmed: false,
      seqKey: entA.id,
    });
  }
  const entAPermitCount = plans.length;

  // Today at the other enterprises: two to four permits each, the high-risk kinds well represented.
  others.forEach((d, i) => {
    const ent = entById.get(opts.entIds.get(d.key)!)!;
    const ppl = otherPeople.get(ent.id)!;
    const n = 2 + (i % 3);
    for (let k = 0; k < n; k++) {
      const variant = (i * 3 + k) % 8;
      const w = OTHER_WORK[variant]!;
      const status: PermitStatus = k === 0 ? "in_progress" : k === 1 ? "approved" : k === 2 ? "pending_approval" : "completed";
      const start =
        status === "in_progress"
          ? new Date(now.getTime() - (40 + ((i * 17) % 80)) * MIN)
          : status === "completed"
            ? new Date(now.getTime() - 3 * HOUR)
            : new Date(now.getTime() + (60 + k * 30) * MIN);
      const end = new Date(start.getTime() + Math.min(w.hours, 4) * HOUR);
      const approverName = ppl.approverName;
      const requester: Actor = { id: ppl.leader.id, name: ppl.leader.name };
      plans.push({
        ent,
        type: w.type,
        inputs: w.inputs,
        place: w.place,
        content: w.content,
        workingUnit: "设备部",
        start,
        end,
        status,
        requester,
        approver: status === "pending_approval" ? { id: null, name: "" } : { id: null, name: approverName },
        workLeader: ppl.leader,
        watchman: ppl.watchman,
        analyst: w.gas ? ppl.watchman : null,
        briefer: ppl.watchman,
        workers: [ppl.worker],
        onSite: requester,
        submittedAt: new Date(Math.min(start.getTime(), now.getTime()) - 60 * MIN),
        approvedAt: status === "pending_approval" ? null : new Date(Math.min(start.getTime(), now.getTime()) - 30 * MIN),
        startedAt: status === "in_progress" || status === "completed" ? start : null,
        completedAt: status === "completed" ? new Date(start.getTime() + 2 * HOUR) : null,
        acceptedAt: null,
        gasAt: w.gas && (status === "in_progress" || status === "completed") ? [new Date(start.getTime() - 12 * MIN)] : [],
        gasPoint: w.gasPoint ?? "作业点",
        gasSubstance: w.gasSubstance ?? { name: "甲烷", lel: 5 },
        toxic: w.toxic ?? null,
        measuresConfirmed: status === "in_progress" || status === "completed",
        seqKey: ent.id,
      });
    }
  });

  const written = await writePermits(tx, plans, { entAId, recordedBy: safetyUser.id });

  // --- briefings (检修班): working days of the last 20 days except two, none today -------------------------
  const maintenanceTeam = teamIds.get(DEMO_TEAM_MAINTENANCE)!;
  const workDays: string[] = [];
  for (let k = 20; k >= 1; k--) {
    const day = addDays(today, -k);
    if (isWorkingDay(day, DEFAULT_PERMIT_CALENDAR.workdays)) workDays.push(day);
  }
  const skipped = new Set([workDays[3], workDays[workDays.length - 4]].filter(Boolean));
  const briefingRows: (typeof briefings.$inferInsert)[] = [];
  const attendeeRows: (typeof briefingAttendees.$inferInsert)[] = [];
  const members = [P("wu"), P("wang"), P("chen"), P("li")];
  workDays.forEach((day, k) => {
    if (skipped.has(day)) return;
    const id = crypto.randomUUID();
    const heldAt = beijingAt(day, `08:${String(5 + (k % 4) * 3).padStart(2, "0")}`);
    const topic = BRIEFING_TOPICS[k % BRIEFING_TOPICS.length]!;
    const dayPermits = written.entAByDay.get(day) ?? [];
    briefingRows.push({
      id,
      ...scopeOf(entA),
      teamId: maintenanceTeam,
      day,
      topic: topic.topic,
      content: topic.content,
      risks: "罐区 T101–T104 液氯储罐、T201–T202 甲醇储罐；一车间氯化工段（重大危险源）",
      permitIds: dayPermits,
      lessons: topic.lessons,
      leaderUserId: teamUser.id,
      leaderName: P("wu").name,
      heldAt,
      photoEvidenceId: null,
      lat: entA.lat,
      lng: entA.lng,
      createdAt: heldAt,
    });
    // Everyone signs in, except one absence now and then.
    const absent = k % 5 === 2 ? members[1 + (k % 3)]!.id : null;
    members
      .filter((m) => m.id !== absent)
      .forEach((m, j) => {
        attendeeRows.push({ briefingId: id, personId: m.id, name: m.name, signedAt: new Date(heldAt.getTime() + (j + 1) * MIN) });
      });
  });
  if (briefingRows.length) await tx.insert(briefings).values(briefingRows);
  if (attendeeRows.length) await tx.insert(briefingAttendees).values(attendeeRows);

  // --- training ------------------------------------------------------------------------------------------------
  const trainingStart = new Date(now.getTime() - 21 * DAY);
  const [course] = await tx
    .insert(courses)
    .values({
      ...scopeOf(entA),
      title: DEMO_COURSE_TITLE,
      category: "特殊作业",
      description:
        "GB 30871-2022《危险化学品企业特殊作业安全规范》动火作业部分：动火分级（特级、一级、二级）及升级管理，作业票有效期，气体分析的时机与合格标准，监护人职责，安全措施确认与完工验收。",
      hours: 2,
      materials: [],
      keyGroup: "special_operation",
      createdBy: safetyUser.id,
      createdAt: trainingStart,
      updatedAt: trainingStart,
    })
    .returning({ id: courses.id });
  const questionRows = DEMO_QUESTIONS.map((q) => ({
    id: crypto.randomUUID(),
    ...scopeOf(entA),
    bank: DEMO_QUESTION_BANK,
    kind: q.kind,
    stem: q.stem,
    // 判断题 use the fixed 正确/错误 options of the domain (keys T/F); the others are lettered A, B, C….
    options: q.kind === "judge" ? JUDGE_OPTIONS.map((o) => ({ ...o })) : q.options.map((text, i) => ({ key: "ABCDEFG"[i]!, text })),
    answer: q.kind === "judge" ? q.answer.map((k) => (k === "A" ? "T" : "F")) : q.answer,
    explanation: q.explanation,
    points: 10,
    createdAt: trainingStart,
  }));
  await tx.insert(questions).values(questionRows);
  const totalPoints = questionRows.reduce((s, q) => s + q.points, 0);
  const [exam] = await tx
    .insert(exams)
    .values({
      ...scopeOf(entA),
      title: DEMO_EXAM_TITLE,
      courseId: course!.id,
      questionIds: questionRows.map((q) => q.id),
      timeLimitMin: 20,
      passMark: Math.round(totalPoints * 0.6),
      totalPoints,
      shuffle: true,
      openFrom: trainingStart,
      openUntil: null,
      createdBy: safetyUser.id,
      createdAt: trainingStart,
    })
    .returning({ id: exams.id });
  // Studied by the welders and the team leader; the exam passed by 王立新, failed by 陈志强.
  const recordRows: (typeof trainingRecords.$inferInsert)[] = [];
  [P("wang"), P("chen"), P("wu")].forEach((p, k) => {
    const at = new Date(trainingStart.getTime() + (2 + k) * DAY + 3 * HOUR);
    recordRows.push({
      ...scopeOf(entA),
      personId: p.id,
      kind: "course",
      sourceId: course!.id,
      title: DEMO_COURSE_TITLE,
      day: beijingDate(at),
      hours: 2,
      result: "已学完",
      recordedAt: at,
    });
  });
  const attempts: (typeof examAttempts.$inferInsert)[] = [];
  for (const [p, wrong, user] of [
    [P("wang"), 1, teamUser.id],
    [P("chen"), 5, teamUser.id],
  ] as const) {
    const startedAt = new Date(trainingStart.getTime() + 6 * DAY + 2 * HOUR);
    const order = [...questionRows].sort(() => rand() - 0.5).map((q) => q.id);
    const answers: Record<string, string[]> = {};
    let score = 0;
    questionRows.forEach((q, k) => {
      const right = k >= wrong;
      answers[q.id] = right ? q.answer : wrongAnswer(q);
      if (right) score += q.points;
    });
    const passed = score >= Math.round(totalPoints * 0.6);
    const submittedAt = new Date(startedAt.getTime() + 14 * MIN);
    // Persons without a login took the exam on the team leader's phone.
    attempts.push({
      ...scopeOf(entA),
      examId: exam!.id,
      personId: p.id,
      userId: user,
      startedAt,
      deadline: new Date(startedAt.getTime() + 20 * MIN),
      questionOrder: order,
      answers,
      submittedAt,
      score,
      passed,
    });
    recordRows.push({
      ...scopeOf(entA),
      personId: p.id,
      kind: "exam",
      sourceId: exam!.id,
      title: DEMO_EXAM_TITLE,
      day: beijingDate(submittedAt),
      hours: 0,
      result: `${score} 分（${passed ? "合格" : "不合格"}）`,
      recordedAt: submittedAt,
    });
  }
  await tx.insert(examAttempts).values(attempts);
  await tx.insert(trainingRecords).values(recordRows);

  const dutyPlans = await seedDemoDuties(tx, {
    ent: entA,
    now,
    rand,
    owner: { id: safetyUser.id, name: P("zhou").name },
    leader: { id: leaderUser.id, name: P("zhao").name },
  });

  return {
    people: personRows.length,
    certificates: certRows.length,
    permits: plans.length,
    entAPermits: entAPermitCount,
    otherEnterprises: others.length,
    briefings: briefingRows.length,
    questions: questionRows.length,
    dutyPlans,
  };
}

function otherCertificates(types: CertificateType[], idNumber: string, i: number) {
  return types.map((type) => {
    const special = type === "welding_cutting" || type === "height_work";
    const year = 2027 + (i % 3);
    return {
      type,
      title: type === "welding_cutting" ? "熔化焊接与热切割作业" : type === "height_work" ? "高处安装、维护、拆除作业" : "",
      number: special ? `T${idNumber}` : `JH-${idNumber.slice(-6)}`,
      issuer: special ? SPECIAL_ISSUER : "企业内部培训",
      issuedOn: `${year - 6 + (special ? 0 : 4)}-0${1 + (i % 9)}-15`,
      validUntil: `${year + (special ? 1 : 0)}-0${1 + (i % 9)}-14`,
    };
  });
}

function wrongAnswer(q: { kind: string; options: { key: string }[]; answer: string[] }): string[] {
  if (q.kind === "judge") return q.answer[0] === "T" ? ["F"] : ["T"];
  const other = q.options.map((o) => o.key).find((k) => !q.answer.includes(k))!;
  return q.kind === "single" ? [other] : [q.answer[0]!, other];
}

/**
 * Hazardous-chemical enterprises (other than ent-a) that get today's permits: one each in 宝华镇 (or the 宝华
 * machinery works when no hazardous-chemical one is there), 句容市 and 镇江新区, then the rest in list order, 15 in all.
 */
export function chooseStewardEnterprises(list: readonly DemoEnterprise[], has: (key: string) => boolean, count = 15): DemoEnterprise[] {
  const hazchem = list.filter((d) => d.input.sector.startsWith("hazchem") && d.key !== DEMO_ENT_A_KEY && has(d.key) && d.input.operatingStatus !== "closed");
  const chosen: DemoEnterprise[] = [];
  const take = (pred: (d: DemoEnterprise) => boolean) => {
    const d = hazchem.find((x) => !chosen.includes(x) && pred(x));
    if (d) chosen.push(d);
    return d;
  };
  if (!take((d) => d.input.regionCode.startsWith(BAOHUA_CODE))) {
    const b = list.find((d) => d.key === DEMO_ENT_BAOHUA_2_KEY && has(d.key));
    if (b) chosen.push(b);
  }
  take((d) => d.input.regionCode.startsWith(JURONG_CODE) && !d.input.regionCode.startsWith(BAOHUA_CODE));
  take((d) => d.input.regionCode.startsWith(NEW_AREA_CODE));
  for (const d of hazchem) if (chosen.length < count && !chosen.includes(d)) chosen.push(d);
  return chosen.slice(0, count);
}

// ---------------------------------------------------------------------------------------------------------------
// Work descriptions

type Eligible = (type: SpecialWorkType, end: Date, pool: SeedPerson[]) => SeedPerson[];

interface WorkSpec {
  inputs: GradeInputs;
  place: string;
  content: string;
  hours: number;
  gas: boolean;
  gasPoint: string;
  gasSubstance: { name: string; lel: number };
  toxic: { name: string; limit: number; value: number } | null;
  contractor: boolean;
  workers: (end: Date, eligible: Eligible, maintenance: SeedPerson[], P: (k: string) => SeedPerson) => SeedPerson[];
}

const METHANOL = { name: "甲醇", lel: 6 };
const TOLUENE = { name: "甲苯", lel: 1.2 };
const HYDROGEN = { name: "氢气", lel: 4 };

/** ent-a's history jobs by type; `i` (the job's number within its type) varies the place and circumstances. */
function entAWork(type: SpecialWorkType, i: number, rand: () => number): WorkSpec {
  const v = i % 3;
  const base = { gas: false, gasPoint: "", gasSubstance: METHANOL, toxic: null, contractor: false };
  const welders = (end: Date, eligible: Eligible, m: SeedPerson[]) => {
    const ok = eligible("hot_work", end, m);
    return ok.length > 1 && v === 1 ? ok.slice(0, 2) : ok.slice(0, 1);
  };
  switch (type) {
    case "hot_work": {
      const places = [
        {
          place: "罐区 T202 甲醇储罐进料管线",
          content: "T202 进料管线法兰更换，切割旧法兰并焊接新法兰",
          inputs: { inHazardArea: true, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false },
          gasSubstance: METHANOL,
        },
        {
          place: "厂区东侧管廊 PR-1 段",
          content: "管廊支架加固，焊接角钢支撑",
          inputs: { inHazardArea: false, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: true },
          gasSubstance: TOLUENE,
        },
        {
          place: "维修车间外空地",
          content: "制作检修平台钢梯，焊接踏步",
          inputs: { inHazardArea: false, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false },
          gasSubstance: METHANOL,
        },
        {
          place: "加氢工段 E402 换热器",
          content: "E402 换热器停车置换合格后更换封头螺栓，气割锈死螺栓",
          inputs: { inHazardArea: true, onRunningEquipment: false, inMajorHazardTankDike: false, onPipeRack: false, unitShutDownAndIsolated: true },
          gasSubstance: HYDROGEN,
        },
      ];
      const p = places[i % places.length]!;
      return {
        ...base,
        inputs: { type: "hot_work", ...p.inputs },
        place: p.place,
        content: p.content,
        hours: 4,
        gas: true,
        gasPoint: "动火点及周围 15 m 范围",
        gasSubstance: p.gasSubstance,
        workers: (end, eligible, m) => welders(end, eligible, m),
      };
    }
    case "confined_space":
      return {
        ...base,
        inputs: { type: "confined_space", inHazardArea: true },
        place: ["一车间 V305 缓冲罐内", "污水处理站调节池", "加氢工段 R401 反应釜内"][v]!,
        content: ["V305 缓冲罐内部清理并检查内件", "调节池清淤", "R401 反应釜内检查搅拌桨及内衬"][v]!,
        hours: 6,
        gas: true,
        gasPoint: "人孔处、罐内上中下三点",
        gasSubstance: v === 2 ? HYDROGEN : TOLUENE,
        toxic: v === 1 ? { name: "硫化氢", limit: 10, value: 1 } : { name: "氯气", limit: 1, value: 0.1 },
        workers: (_end, _e, m) => m.filter((p) => p.name !== "吴建军").slice(v % 2, (v % 2) + 2),
      };
    case "blinding":
      return {
        ...base,
        inputs: { type: "blinding", inHazardArea: true },
        place: ["一车间氯化工段 R301 进料线", "罐区 T201 出料线", "加氢工段氢气进料线"][v]!,
        content: ["R301 检修前在进料线法兰处加盲板（盲板编号 MB-301-01）", "T201 出料线抽盲板恢复生产（MB-201-02）", "氢气进料线加盲板隔离（MB-401-01）"][v]!,
        hours: 3,
        workers: (_end, _e, m) => m.filter((p) => p.name !== "吴建军").slice(0, 2),
      };
    case "height": {
      const heights: { h: number; f: HeightHazardFactor[] }[] = [
        { h: 6, f: [] },
        { h: 12, f: ["slippery"] },
        { h: 18, f: [] },
        { h: 32, f: ["wind_5"] },
      ];
      const hh = heights[i % heights.length]!;
      return {
        ...base,
        contractor: true,
        inputs: { type: "height", heightM: hh.h, factors: hh.f },
        place: ["一车间外墙", "罐区 T202 罐顶", "冷却塔平台", "火炬塔架"][i % 4]!,
        content: ["外墙雨水管更换", "罐顶呼吸阀检修", "冷却塔风机检修", "火炬塔架防腐刷漆"][i % 4]!,
        hours: 8,
        workers: (end, eligible, _m, P) => eligible("height", end, [P("zhang")]),
      };
    }
    case "lifting":
      return {
        ...base,
        contractor: true,
        inputs: { type: "lifting", massT: v === 0 ? 18 : 46 },
        place: v === 0 ? "一车间北侧" : "加氢工段框架东侧",
        content: v === 0 ? "吊装更换 P302 泵电机（含底座 18 t）" : "吊装 E402 换热器管束（46 t）",
        hours: 5,
        workers: (end, eligible, _m, P) => eligible("lifting", end, [P("zhang")]),
      };
    case "temp_electricity": {
      const hazard = v === 1;
      return {
        ...base,
        inputs: { type: "temp_electricity", inHazardArea: hazard },
        place: ["维修车间外空地", "罐区 T101 防火堤外", "办公楼一层"][v]!,
        content: ["检修用电焊机临时接电", "罐区照明检修临时用电（防爆配电箱）", "装修临时用电"][v]!,
        hours: 48,
        gas: hazard,
        gasPoint: "临时配电箱安装点",
        gasSubstance: METHANOL,
        workers: (end, eligible, m) => eligible("temp_electricity", end, m),
      };
    }
    case "excavation":
      return {
        ...base,
        contractor: rand() < 0.5,
        inputs: { type: "excavation", inHazardArea: false },
        place: v === 0 ? "厂区南门内道路东侧" : "消防泵房北侧",
        content: v === 0 ? "开挖检修地下消防水管（深 1.5 m）" : "埋设电缆保护管（深 0.8 m）",
        hours: 24,
        workers: (_end, _e, m) => m.slice(1, 3),
      };
    case "road_breaking":
      return {
        ...base,
        inputs: { type: "road_breaking", inHazardArea: false },
        place: v === 0 ? "厂区 2 号路（一车间至罐区段）" : "厂区 3 号路东段",
        content: v === 0 ? "道路横穿管线施工断路" : "道路破损修补断路",
        hours: 24,
        workers: (_end, _e, m) => m.slice(2, 4),
      };
  }
}

interface OtherWork {
  type: SpecialWorkType;
  inputs: GradeInputs;
  place: string;
  content: string;
  hours: number;
  gas: boolean;
  gasPoint?: string;
  gasSubstance?: { name: string; lel: number };
  toxic?: { name: string; limit: number; value: number };
}

const hot = (x: Partial<Extract<GradeInputs, { type: "hot_work" }>>): GradeInputs => ({
  type: "hot_work",
  inHazardArea: false,
  onRunningEquipment: false,
  inMajorHazardTankDike: false,
  onPipeRack: false,
  ...x,
});

const OTHER_WORK: OtherWork[] = [
  { type: "hot_work", inputs: hot({ inHazardArea: true }), place: "生产装置区换热器平台", content: "换热器进出口管线法兰焊接", hours: 4, gas: true },
  {
    type: "confined_space",
    inputs: { type: "confined_space", inHazardArea: true },
    place: "原料储罐内",
    content: "储罐清罐后内部检查",
    hours: 4,
    gas: true,
    toxic: { name: "硫化氢", limit: 10, value: 0.5 },
  },
  {
    type: "hot_work",
    inputs: hot({ inHazardArea: true, inMajorHazardTankDike: true }),
    place: "罐区防火堤内",
    content: "储罐加热盘管更换（带压不置换动火）",
    hours: 4,
    gas: true,
  },
  { type: "height", inputs: { type: "height", heightM: 35, factors: ["wind_5"] }, place: "精馏塔顶平台", content: "塔顶安全阀校验拆装", hours: 4, gas: false },
  { type: "hot_work", inputs: hot({}), place: "机修车间", content: "设备支架焊接", hours: 4, gas: true },
  { type: "blinding", inputs: { type: "blinding", inHazardArea: true }, place: "反应釜进料管线", content: "停车检修前加盲板隔离", hours: 3, gas: false },
  { type: "hot_work", inputs: hot({ onPipeRack: true }), place: "厂区管廊", content: "管廊支架补焊", hours: 4, gas: true },
  { type: "height", inputs: { type: "height", heightM: 9, factors: [] }, place: "仓库屋面", content: "屋面彩钢板修补", hours: 4, gas: false },
];

const BRIEFING_TOPICS = [
  {
    topic: "动火作业前的安全确认",
    content: "今日检修任务分工；动火点周围 15 m 可燃物清理；灭火器材到位；气体分析合格后方可动火。",
    lessons: "某化工企业检修动火未进行气体分析引发闪爆，造成 2 人死亡。",
  },
  {
    topic: "受限空间作业“先通风、再检测、后作业”",
    content: "进入罐内前确认盲板隔离、强制通风，作业中每 2 小时检测记录；监护人不得离开。",
    lessons: "盲目施救导致伤亡扩大的事故案例。",
  },
  {
    topic: "高处作业安全带高挂低用",
    content: "脚手架验收挂牌后使用；作业下方设警戒区；工具放入工具袋。",
    lessons: "安全带未系挂导致高处坠落事故。",
  },
  {
    topic: "检修前能量隔离与上锁挂牌",
    content: "电气、机械、工艺能量逐项隔离并上锁挂牌，复核确认后方可检修。",
    lessons: "检修中误送电造成触电事故。",
  },
  {
    topic: "冬季防冻防凝与防滑",
    content: "巡检伴热管线与排凝点；平台、爬梯防滑；穿戴防寒劳保用品。",
    lessons: "冬季平台结冰滑倒摔伤案例。",
  },
];

/** 10 questions on GB 30871-2022 (answers checked against the standard). */
export const DEMO_QUESTIONS: readonly { kind: "single" | "multiple" | "judge"; stem: string; options: string[]; answer: string[]; explanation: string }[] = [
  {
    kind: "single",
    stem: "动火作业前，气体分析取样时间与动火作业开始时间间隔不应超过多少分钟？",
    options: ["10 分钟", "30 分钟", "60 分钟", "2 小时"],
    answer: ["B"],
    explanation: "GB 30871-2022 5.3.2：取样与动火间隔不应超过 30 min。",
  },
  {
    kind: "single",
    stem: "受限空间作业时，氧气含量的合格范围是？",
    options: ["18 %～21 %（体积分数）", "19.5 %～21 %（体积分数）", "19.5 %～23.5 %（体积分数）", "不低于 17 %"],
    answer: ["B"],
    explanation: "氧气含量应为 19.5 %～21 %（体积分数），富氧环境下不应大于 23.5 %。",
  },
  {
    kind: "single",
    stem: "特级、一级动火作业票的有效期最长为？",
    options: ["4 小时", "8 小时", "24 小时", "72 小时"],
    answer: ["B"],
    explanation: "特级、一级动火安全作业票有效期不应超过 8 h；二级不应超过 72 h。",
  },
  {
    kind: "single",
    stem: "被测气体或蒸气的爆炸下限大于或等于 4 % 时，其浓度应不大于多少（体积分数）方为合格？",
    options: ["0.2 %", "0.5 %", "1 %", "4 %"],
    answer: ["B"],
    explanation: "爆炸下限 ≥ 4 % 时不大于 0.5 %；爆炸下限 < 4 % 时不大于 0.2 %。",
  },
  {
    kind: "single",
    stem: "受限空间作业中断超过多长时间，恢复作业前应重新进行气体分析？",
    options: ["30 分钟", "60 分钟", "2 小时", "4 小时"],
    answer: ["B"],
    explanation: "作业中断超过 60 min 时，应重新进行气体分析。",
  },
  {
    kind: "multiple",
    stem: "下列哪些情况下的动火作业应升级管理？",
    options: ["夜间作业", "节假日作业", "公休日作业", "白天正常工作日在固定动火区内作业"],
    answer: ["A", "B", "C"],
    explanation: "遇节假日、公休日、夜间或其他特殊情况，动火作业应升级管理。",
  },
  {
    kind: "multiple",
    stem: "关于动火作业监护人，下列说法正确的有？",
    options: ["应由经过培训、熟悉现场的人员担任", "动火作业期间不得离开现场", "可同时监护多处不相邻的动火点", "发现异常情况应立即停止作业"],
    answer: ["A", "B", "D"],
    explanation: "监护人应持证上岗，作业期间不得擅离现场，发现异常立即制止作业。",
  },
  {
    kind: "judge",
    stem: "受限空间作业期间应连续监测气体浓度，并至少每 2 h 记录一次监测数据。",
    options: ["正确", "错误"],
    answer: ["A"],
    explanation: "作业中应持续进行气体监测，每 2 h 记录一次；出现异常应立即停止作业。",
  },
  {
    kind: "judge",
    stem: "动火作业中断超过 30 分钟的特级、一级动火，继续动火前应重新进行气体分析。",
    options: ["正确", "错误"],
    answer: ["A"],
    explanation: "特级、一级动火作业中断时间超过 30 min，二级动火中断超过 60 min，应重新分析。",
  },
  {
    kind: "judge",
    stem: "在火灾爆炸危险场所内，可以使用关闭阀门的方式代替加盲板进行动火前的隔离。",
    options: ["正确", "错误"],
    answer: ["B"],
    explanation: "与动火设备相连的管线应断开或加盲板隔离，不得以水封或仅关闭阀门代替盲板。",
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Writing permits

async function writePermits(
  tx: Queryable,
  plans: PermitPlan[],
  ctx: { entAId: string; recordedBy: string },
): Promise<{ ids: string[]; entAByDay: Map<string, string[]> }> {
  const seq = new Map<string, number>();
  const permitRows: (typeof permits.$inferInsert)[] = [];
  const workerRows: (typeof permitWorkers.$inferInsert)[] = [];
  const measureRows: (typeof permitMeasures.$inferInsert)[] = [];
  const gasRows: (typeof gasAnalyses.$inferInsert)[] = [];
  const eventRows: (typeof permitEvents.$inferInsert)[] = [];
  const entAByDay = new Map<string, string[]>();
  const ids: string[] = [];
  // Codes as the server assigns them: the creation day, one sequence per enterprise and day (all types), in creation order.
  const createdOf = (p: PermitPlan) => new Date(p.submittedAt.getTime() - 10 * MIN);
  const ordered = [...plans].sort((a, b) => createdOf(a).getTime() - createdOf(b).getTime());
  for (const p of ordered) {
    const id = crypto.randomUUID();
    ids.push(id);
    const result = gradePermit(p.inputs, p.start, p.end, DEFAULT_PERMIT_CALENDAR);
    const approval = requiredApprover(p.type, result.grade);
    const workDate = beijingDate(p.start);
    const createdAt = createdOf(p);
    const k = `${p.seqKey}/${beijingDate(createdAt)}`;
    const n = (seq.get(k) ?? 0) + 1;
    seq.set(k, n);
    const code = permitCode(p.type, createdAt, n);
    const closedAt = p.acceptedAt ?? p.cancelledAt ?? null;
    const lat = p.ent.lat != null ? p.ent.lat + 0.0004 : null;
    const lng = p.ent.lng != null ? p.ent.lng - 0.0003 : null;
    const status = p.status;
    const lastChange = [p.cancelledAt, p.acceptedAt, p.completedAt, p.startedAt, p.approvedAt, p.submittedAt].find((d) => d) ?? createdAt;
    permitRows.push({
      id,
      enterpriseId: p.ent.id,
      regionPath: p.ent.regionPath,
      sector: p.ent.sector,
      code,
      type: p.type,
      grade: result.grade,
      gradeInputs: p.inputs,
      gradeResult: result,
      rulesVersion: GB30871_VERSION,
      status,
      highRisk: isHighRiskWork(p.type, result.grade),
      place: p.place,
      content: p.content,
      workingUnit: p.workingUnit,
      inHazardArea: "inHazardArea" in p.inputs ? !!p.inputs.inHazardArea : false,
      plannedStart: p.start,
      plannedEnd: p.end,
      workDate,
      requesterId: p.requester.id ?? p.workLeader.id,
      requesterName: p.requester.name || p.workLeader.name,
      workLeaderId: p.workLeader.id,
      watchmanId: p.watchman.id,
      gasAnalystId: p.analyst?.id ?? null,
      brieferId: p.briefer?.id ?? null,
      approverLevel: approval.level,
      coSign: approval.coSign,
      approvedBy: p.approvedAt ? p.approver.id : null,
      approvedByName: p.approvedAt ? p.approver.name : null,
      approvedAt: p.approvedAt,
      approvalLat: p.approvedAt ? lat : null,
      approvalLng: p.approvedAt ? lng : null,
      approvalOpinion: p.approvedAt ? "安全措施已落实，同意作业" : "",
      startedAt: p.startedAt,
      suspendedAt: null,
      completedAt: p.completedAt,
      acceptedBy: p.acceptedAt ? p.approver.id : null,
      acceptedByName: p.acceptedAt ? p.approver.name : null,
      acceptedAt: p.acceptedAt,
      closedAt,
      cancelReason: p.cancelReason ?? "",
      retainUntil: closedAt ? new Date(closedAt.getTime() + PERMIT_RETENTION_DAYS_MIN * DAY) : null,
      version: 1 + [p.submittedAt, p.approvedAt, p.startedAt, p.completedAt, p.acceptedAt, p.cancelledAt].filter((d) => d).length,
      createdAt,
      updatedAt: lastChange,
    });
    if (p.ent.id === ctx.entAId) entAByDay.set(workDate, [...(entAByDay.get(workDate) ?? []), id]);
    for (const [position, w] of p.workers.entries())
      workerRows.push({ permitId: id, personId: w.id, enterpriseId: p.ent.id, certificates: w.certs.map((c) => ({ ...c })), position });
    // Measures: every item answered; a few type-specific ones not involved; confirmed on site once work started.
    for (const m of MEASURE_TEMPLATES[p.type]) {
      const involved = m.no <= 4 || notInvolvedFor(p, m.text) === false;
      const confirmed = involved && p.measuresConfirmed;
      measureRows.push({
        permitId: id,
        no: m.no,
        text: m.text,
        photoRequired: !!m.photo,
        involved,
        confirmedBy: confirmed ? p.onSite.id : null,
        confirmedByName: confirmed ? p.onSite.name || p.workLeader.name : null,
        confirmedAt: confirmed ? new Date((p.startedAt ?? p.start).getTime() - 8 * MIN) : null,
        evidenceId: null,
      });
    }
    // Gas analyses: combustible and oxygen at each sampling; a toxic reading where the place has one.
    for (const at of p.gasAt) {
      const readings: { kind: GasKind; gas: string; value: number; lelPercent?: number; limit?: number }[] = [
        { kind: "combustible", gas: p.gasSubstance.name, value: p.gasSubstance.lel >= 4 ? 0.1 : 0.05, lelPercent: p.gasSubstance.lel },
        { kind: "oxygen", gas: "氧气", value: 20.6 },
      ];
      if (p.toxic) readings.push({ kind: "toxic", gas: p.toxic.name, value: p.toxic.value, limit: p.toxic.limit });
      for (const r of readings) {
        const verdict = judgeGasReading({ kind: r.kind, value: r.value, lelPercent: r.lelPercent, limit: r.limit });
        gasRows.push({
          permitId: id,
          enterpriseId: p.ent.id,
          sampledAt: at,
          point: p.gasPoint,
          gas: r.gas,
          kind: r.kind,
          value: r.value,
          unit: GAS_KINDS[r.kind].unit,
          lelPercent: r.lelPercent ?? null,
          limitValue: r.limit ?? null,
          pass: verdict.pass,
          criterion: verdict.criterion,
          analystId: p.analyst?.id ?? null,
          analystName: p.analyst?.name ?? p.watchman.name,
          instrument: "便携式多气体检测仪 MSA Altair 4XR",
          recordedBy: p.ent.id === ctx.entAId ? ctx.recordedBy : p.workLeader.id,
          recordedAt: new Date(at.getTime() + 3 * MIN),
        });
      }
    }
    // Events: each transition with who, when (and where, for the approval).
    const ev = (action: string, from: PermitStatus | null, to: PermitStatus | null, who: Actor, at: Date, note = "", where = false) =>
      eventRows.push({
        permitId: id,
        enterpriseId: p.ent.id,
        action,
        fromStatus: from,
        toStatus: to,
        actorId: who.id,
        actorName: who.name || p.workLeader.name,
        at,
        note,
        lat: where ? lat : null,
        lng: where ? lng : null,
      });
    ev("create", null, "draft", p.requester, createdAt);
    ev("submit", "draft", "pending_approval", p.requester, p.submittedAt);
    if (p.approvedAt) ev("approve", "pending_approval", "approved", p.approver, p.approvedAt, "安全措施已落实，同意作业", true);
    if (p.startedAt) ev("start", "approved", "in_progress", p.onSite, p.startedAt);
    if (p.completedAt) ev("complete", "in_progress", "completed", p.onSite, p.completedAt);
    if (p.acceptedAt) ev("accept", "completed", "closed", p.approver, p.acceptedAt, "现场已清理，验收合格");
    if (p.cancelledAt) ev("cancel", p.approvedAt ? "approved" : "pending_approval", "cancelled", p.requester, p.cancelledAt, p.cancelReason ?? "");
  }
  for (let i = 0; i < permitRows.length; i += 200) await tx.insert(permits).values(permitRows.slice(i, i + 200));
  for (let i = 0; i < workerRows.length; i += 500) await tx.insert(permitWorkers).values(workerRows.slice(i, i + 500));
  for (let i = 0; i < measureRows.length; i += 500) await tx.insert(permitMeasures).values(measureRows.slice(i, i + 500));
  if (gasRows.length) await tx.insert(gasAnalyses).values(gasRows);
  for (let i = 0; i < eventRows.length; i += 500) await tx.insert(permitEvents).values(eventRows.slice(i, i + 500));
  return { ids, entAByDay };
}

/** Measures that do not apply to a job (answered 不涉及). */
function notInvolvedFor(p: PermitPlan, text: string): boolean {
  if (p.type === "hot_work") {
    if (text.startsWith("罐区内动火点")) return !p.place.includes("罐区");
    if (text.startsWith("高处动火")) return !p.place.includes("管廊") && !p.place.includes("平台");
    if (text.startsWith("乙炔气瓶")) return !p.content.includes("割");
    if (text.startsWith("现场配备便携式")) return false;
  }
  if (p.type === "height") {
    if (text.startsWith("30 m 以上")) return p.inputs.type === "height" && p.inputs.heightM <= 30;
    if (text.startsWith("在有毒有害场所")) return !p.place.includes("罐");
  }
  if (p.type === "lifting" && text.startsWith("多台起重机")) return true;
  if (p.type === "excavation" && text.startsWith("在危险场所且深度")) return true;
  if (p.type === "confined_space" && text.startsWith("受限空间内的带电设备")) return !p.place.includes("釜");
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Legal-duty plans (履职事项)

/** Per duty: the planned day (MM-DD) of each period where the plan names one, and the plan text. */
const DUTY_PLAN_TEXT: Record<string, { text: string; schedule?: Record<string, string>; owner?: "leader" | "safety" | "technical" }> = {
  responsibility_system: {
    text: "修订全员安全生产责任制（含 86 个岗位责任清单），年底按考核标准逐岗考核，考核结果与绩效挂钩。",
    schedule: { Y: "12-20" },
    owner: "leader",
  },
  rules_and_procedures: { text: "评审修订安全生产规章制度 32 项、岗位操作规程 47 项。", owner: "leader" },
  training_plan: {
    text: "年度安全教育培训计划：全员不少于 20 学时，三项岗位人员持证率 100 %，特殊作业专项培训 4 期。",
    schedule: { Y: "01-20" },
    owner: "leader",
  },
  safety_investment: {
    text: "按营业收入提取安全生产费用 486 万元，主要用于重大危险源监控系统升级、罐区防雷检测和应急物资补充。",
    schedule: { Y: "01-25" },
    owner: "leader",
  },
  dual_prevention: { text: "4 月底前完成年度全面风险辨识评估，更新风险分级管控清单和隐患排查清单。", schedule: { Y: "04-30" }, owner: "safety" },
  leader_inspection: { text: "主要负责人每季度带队开展一次综合性隐患排查，形成排查记录和整改闭环。", owner: "leader" },
  emergency_plan: { text: "6 月底前完成应急预案评估，必要时修订并报应急管理部门备案。", schedule: { Y: "06-30" }, owner: "leader" },
  drill_comprehensive: { text: "6 月组织液氯泄漏专项应急预案演练，邀请园区消防站参加。", schedule: { Y: "06-15" }, owner: "safety" },
  drill_onsite: { text: "上半年罐区泄漏现场处置方案演练，下半年氯化釜超温现场处置方案演练。", schedule: { H1: "05-20", H2: "11-10" }, owner: "safety" },
  liability_insurance: { text: "3 月底前续保安全生产责任保险，覆盖全体从业人员。", schedule: { Y: "03-31" }, owner: "safety" },
  major_hazard_principal: { text: "主要负责人每季度组织一次针对罐区重大危险源的安全风险隐患排查。", owner: "leader" },
  major_hazard_technical: { text: "技术负责人每月组织一次针对重大危险源的安全风险隐患排查。", owner: "technical" },
  major_hazard_assessment: { text: "12 月中旬完成重大危险源安全管理与监控情况年度评估并报送。", schedule: { Y: "12-15" }, owner: "safety" },
};
/** The duty left without a plan (the 未制定计划 alarm shows on the screens). */
export const DEMO_DUTY_WITHOUT_PLAN = "rules_and_procedures";
/** The monthly duty whose last past period is left overdue. */
export const DEMO_DUTY_OVERDUE = "major_hazard_technical";

/**
 * The year's legal-duty plans for ent-a: every applicable duty but one has a plan; every period due before today is
 * completed except the latest past month of the major-hazard technical check (overdue).
 */
async function seedDemoDuties(
  tx: Queryable,
  o: { ent: Ent; now: Date; rand: () => number; owner: { id: string; name: string }; leader: { id: string; name: string } },
): Promise<number> {
  const today = beijingDate(o.now);
  const year = Number(today.slice(0, 4));
  const [row] = await tx
    .select({ sector: enterprises.sector, hasMajorHazard: enterprises.hasMajorHazard })
    .from(enterprises)
    .where(eq(enterprises.id, o.ent.id));
  const duties = applicableDuties({ sector: row!.sector, hasMajorHazard: row!.hasMajorHazard });
  const planRows: (typeof dutyPlans.$inferInsert)[] = [];
  const completionRows: (typeof dutyCompletions.$inferInsert)[] = [];
  const submittedAt = new Date(Math.min(new Date(`${year}-01-15T09:00:00+08:00`).getTime(), o.now.getTime() - HOUR));
  // The overdue period: the latest period of the overdue duty due before today.
  const overdueDuty = duties.find((d) => d.code === DEMO_DUTY_OVERDUE);
  const overdueKey = overdueDuty
    ? dutyPeriods(overdueDuty.cycle, year)
        .filter((p) => periodDue(p) < today)
        .at(-1)?.key
    : undefined;
  for (const d of duties) {
    if (d.code === DEMO_DUTY_WITHOUT_PLAN) continue;
    const spec = DUTY_PLAN_TEXT[d.code] ?? { text: `${d.name}：按${DUTY_CYCLES[d.cycle].zh}周期组织实施并留存记录。` };
    const periods = dutyPeriods(d.cycle, year);
    const schedule: Record<string, string> = {};
    for (const p of periods) {
      const suffix = p.key.length > 4 ? p.key.slice(5) : "Y";
      const md = spec.schedule?.[suffix];
      if (md) schedule[p.key] = `${year}-${md}`;
    }
    const owner =
      spec.owner === "leader"
        ? { id: o.leader.id, name: o.leader.name }
        : spec.owner === "technical"
          ? { id: null, name: "孙海涛" }
          : { id: o.owner.id, name: o.owner.name };
    planRows.push({
      ...scopeOf(o.ent),
      dutyCode: d.code,
      year,
      planText: spec.text,
      ownerName: owner.name,
      ownerUserId: owner.id,
      schedule,
      submittedBy: o.owner.id,
      submittedAt,
      updatedAt: submittedAt,
    });
    for (const p of periods) {
      const due = periodDue(p, schedule);
      if (due >= today || p.key === overdueKey) continue;
      const early = Math.floor(o.rand() * 6);
      let completedOn = addDays(due, -early);
      if (completedOn < p.start) completedOn = p.start;
      const recordedAt = new Date(`${completedOn}T17:30:00+08:00`);
      completionRows.push({
        ...scopeOf(o.ent),
        dutyCode: d.code,
        periodKey: p.key,
        completedOn,
        note: `${p.label}${d.name}已完成`,
        files: [],
        recordedBy: o.owner.id,
        recordedByName: o.owner.name,
        recordedAt,
      });
    }
  }
  if (planRows.length) await tx.insert(dutyPlans).values(planRows);
  if (completionRows.length) await tx.insert(dutyCompletions).values(completionRows);
  return planRows.length;
}

/**
 * 履职事项 (legal-duty plans), version `duties@1`: the duties the law gives an enterprise, its main leader and the
 * 包保 persons of a major hazard installation, each with a cycle; the periods of a cycle in a year, their due dates
 * and statuses; the yearly plan deadline.
 *
 * Sources: 中华人民共和国安全生产法 (2021 amendment, "SPL-2021"), 生产安全事故应急预案管理办法 (应急管理部令第2号, 2019
 * amendment), 危险化学品企业重大危险源安全包保责任制办法（试行）(应急厅〔2021〕12号). Article numbers and frequencies the
 * shared domain reference does not quote are marked [U] and kept as data (the catalogue and the cycles are plain
 * values, so a jurisdiction can change them without touching the rules below).
 *
 * Days are calendar days `YYYY-MM-DD` in Asia/Shanghai.
 */
import { calendarDaysBetween, isCalendarDay } from "./inspectionSchedule";
import type { Sector } from "./sectors";

export const DUTIES_VERSION = "duties@1";

// ---------------------------------------------------------------------------------------------
// Cycles and subjects

export const DUTY_CYCLES = {
  annual: { zh: "每年", en: "Annual", periodsPerYear: 1 },
  semiannual: { zh: "每半年", en: "Half-yearly", periodsPerYear: 2 },
  quarterly: { zh: "每季度", en: "Quarterly", periodsPerYear: 4 },
  monthly: { zh: "每月", en: "Monthly", periodsPerYear: 12 },
} as const;
export type DutyCycle = keyof typeof DUTY_CYCLES;
export const DUTY_CYCLE_CODES = Object.keys(DUTY_CYCLES) as DutyCycle[];

export const DUTY_SUBJECTS = {
  enterprise: { zh: "生产经营单位", en: "Enterprise" },
  main_leader: { zh: "主要负责人", en: "Main leader" },
  major_hazard: { zh: "重大危险源包保责任人", en: "Major hazard 包保 persons" },
} as const;
export type DutySubject = keyof typeof DUTY_SUBJECTS;

/** Which enterprises a duty applies to: sectors (null = every sector) and, optionally, only those with a major hazard. */
export interface DutyApplicability {
  sectors: readonly Sector[] | null;
  majorHazardOnly: boolean;
}

export interface DutyDefinition {
  /** Stable code (stored in duty_plans / duty_completions / duty_alarms). */
  code: string;
  name: string;
  nameEn: string;
  subject: DutySubject;
  cycle: DutyCycle;
  /** Legal basis (法律依据), as shown to users. */
  basis: string;
  description: string;
  appliesTo: DutyApplicability;
}

const HAZCHEM_SECTORS: readonly Sector[] = ["hazchem_production", "hazchem_trade_storage", "hazchem_use"];
/**
 * 高危行业 for 安责险 (SPL-2021 Art. 51, penalty Art. 109 [C]); the list of sectors follows 安全生产责任保险实施办法
 * (矿山、危险化学品、烟花爆竹、交通运输、建筑施工、民用爆炸物品、金属冶炼、渔业生产) [U: the exact list].
 */
const HIGH_RISK_SECTORS: readonly Sector[] = [...HAZCHEM_SECTORS, "non_coal_mine", "fireworks", "transport", "construction", "metallurgy", "nonferrous"];

const all: DutyApplicability = { sectors: null, majorHazardOnly: false };

/**
 * The catalogue. Order is the display order. Cycles are data: a jurisdiction may change them (DutyDefinition is plain).
 */
export const DUTY_CATALOGUE: readonly DutyDefinition[] = [
  {
    code: "responsibility_system",
    name: "建立健全并落实全员安全生产责任制",
    nameEn: "Safety responsibility system for all staff",
    subject: "main_leader",
    cycle: "annual",
    // Art. 21(1) [U: wording of the item list as recalled; the shared reference does not quote Art. 21].
    basis: "《安全生产法》第二十一条第（一）项、第二十二条",
    description: "主要负责人组织建立健全并落实本单位全员安全生产责任制，明确各岗位的责任人员、责任范围和考核标准，每年考核。",
    appliesTo: all,
  },
  {
    code: "rules_and_procedures",
    name: "组织制定并实施安全生产规章制度和操作规程",
    nameEn: "Safety rules and operating procedures",
    subject: "main_leader",
    cycle: "annual",
    basis: "《安全生产法》第二十一条第（二）项", // [U] item number
    description: "每年评审、修订本单位安全生产规章制度和岗位操作规程并组织实施。",
    appliesTo: all,
  },
  {
    code: "training_plan",
    name: "年度安全生产教育和培训计划",
    nameEn: "Annual safety education and training plan",
    subject: "main_leader",
    cycle: "annual",
    basis: "《安全生产法》第二十一条第（三）项、第二十八条", // Art. 28 [C: §10.4 Art. 97 penalises missing training]; item (3) [U]
    description: "组织制定并实施本单位安全生产教育和培训计划，如实记录培训时间、内容、参加人员和考核结果。",
    appliesTo: all,
  },
  {
    code: "safety_investment",
    name: "安全生产投入计划",
    nameEn: "Safety investment plan",
    subject: "enterprise",
    cycle: "annual",
    basis: "《安全生产法》第二十一条第（四）项、第二十三条", // Art. 23 [U: article number]; Art. 93 penalty [C]
    description: "保证本单位安全生产投入的有效实施：编制年度安全生产费用提取和使用计划，专款专用并建立台账。",
    appliesTo: all,
  },
  {
    code: "dual_prevention",
    name: "安全风险分级管控和隐患排查治理双重预防机制",
    nameEn: "Dual prevention: risk grading and hidden-hazard control",
    subject: "main_leader",
    cycle: "annual",
    basis: "《安全生产法》第二十一条第（五）项、第四十一条", // Art. 41 [U: article number]; Art. 101 penalty [C]
    description: "组织建立并落实双重预防工作机制：每年开展一次全面的安全风险辨识评估，更新风险清单和管控措施。",
    appliesTo: all,
  },
  {
    code: "leader_inspection",
    name: "主要负责人督促检查安全生产工作",
    nameEn: "Main leader's inspection of safety work",
    subject: "main_leader",
    cycle: "quarterly",
    // Frequency [U]: the law sets no frequency; quarterly is the platform default (configurable).
    basis: "《安全生产法》第二十一条第（五）项",
    description: "主要负责人督促、检查本单位的安全生产工作，组织综合性隐患排查，及时消除生产安全事故隐患。",
    appliesTo: all,
  },
  {
    code: "emergency_plan",
    name: "生产安全事故应急救援预案制定与评估",
    nameEn: "Emergency response plan: drafting and review",
    subject: "main_leader",
    cycle: "annual",
    // Art. 81 [U: article number]; Art. 97 penalises a missing plan or drills [C]. Yearly review is the platform default [U].
    basis: "《安全生产法》第二十一条第（六）项、第八十一条；《生产安全事故应急预案管理办法》",
    description: "组织制定并实施本单位的生产安全事故应急救援预案，与所在地县级以上人民政府预案相衔接，定期评估修订。",
    appliesTo: all,
  },
  {
    code: "drill_comprehensive",
    name: "综合或专项应急预案演练",
    nameEn: "Drill of the comprehensive or a special emergency plan",
    subject: "enterprise",
    cycle: "annual",
    // 每年至少组织一次综合应急预案演练或者专项应急预案演练 [U: article 33 of the 2019 text].
    basis: "《生产安全事故应急预案管理办法》第三十三条",
    description: "每年至少组织一次综合应急预案演练或者专项应急预案演练，并对演练效果进行评估。",
    appliesTo: all,
  },
  {
    code: "drill_onsite",
    name: "现场处置方案演练",
    nameEn: "Drill of the on-site disposal plans",
    subject: "enterprise",
    cycle: "semiannual",
    // 每半年至少组织一次现场处置方案演练 [U: article number].
    basis: "《生产安全事故应急预案管理办法》第三十三条",
    description: "每半年至少组织一次现场处置方案演练，做到一线从业人员人人参演。",
    appliesTo: all,
  },
  {
    code: "liability_insurance",
    name: "投保安全生产责任保险",
    nameEn: "Work-safety liability insurance (安责险)",
    subject: "enterprise",
    cycle: "annual",
    basis: "《安全生产法》第五十一条、第一百零九条", // Art. 109 [C: §10.4]; Art. 51 [U]
    description: "高危行业、领域的生产经营单位应当投保安全生产责任保险，按年续保。",
    appliesTo: { sectors: HIGH_RISK_SECTORS, majorHazardOnly: false },
  },
  {
    code: "major_hazard_principal",
    name: "重大危险源主要负责人包保检查",
    nameEn: "Major hazard: principal responsible person's check",
    subject: "major_hazard",
    cycle: "quarterly",
    // 主要负责人每季度至少组织一次针对重大危险源的安全风险隐患排查 [U: wording of the 2021 办法 as recalled].
    basis: "《危险化学品企业重大危险源安全包保责任制办法（试行）》",
    description: "重大危险源主要负责人每季度至少组织一次针对重大危险源的安全风险隐患排查，并在公示牌上公示。",
    appliesTo: { sectors: HAZCHEM_SECTORS, majorHazardOnly: true },
  },
  {
    code: "major_hazard_technical",
    name: "重大危险源技术负责人包保检查",
    nameEn: "Major hazard: technical responsible person's check",
    subject: "major_hazard",
    cycle: "monthly",
    // 技术负责人每月至少组织一次安全风险隐患排查 [U].
    basis: "《危险化学品企业重大危险源安全包保责任制办法（试行）》",
    description: "重大危险源技术负责人每月至少组织一次针对重大危险源的安全风险隐患排查。",
    appliesTo: { sectors: HAZCHEM_SECTORS, majorHazardOnly: true },
  },
  {
    code: "major_hazard_assessment",
    name: "重大危险源安全管理与监控情况评估",
    nameEn: "Major hazard: yearly review of management and monitoring",
    subject: "major_hazard",
    cycle: "annual",
    // SPL-2021 Art. 101 penalises a major hazard not registered, tested, assessed or monitored [C]; yearly review [U].
    basis: "《安全生产法》第四十条、第一百零一条；《危险化学品重大危险源监督管理暂行规定》",
    description: "对重大危险源登记建档，定期检测、评估、监控，每年对安全管理和监控情况进行总结评估并报送。",
    appliesTo: { sectors: HAZCHEM_SECTORS, majorHazardOnly: true },
  },
];
// The operations responsible person's weekly check (操作负责人每周) is tracked by the inspection tasks of the
// dual-prevention feature (workType 3, domain inspectionSchedule.ts), not as a duty here.

export function dutyByCode(code: string): DutyDefinition | undefined {
  return DUTY_CATALOGUE.find((d) => d.code === code);
}

/** Does the duty apply to an enterprise of this sector, with or without a major hazard installation? */
export function dutyApplies(duty: Pick<DutyDefinition, "appliesTo">, enterprise: { sector: string; hasMajorHazard: boolean }): boolean {
  const a = duty.appliesTo;
  if (a.majorHazardOnly && !enterprise.hasMajorHazard) return false;
  return a.sectors === null || (a.sectors as readonly string[]).includes(enterprise.sector);
}

export function applicableDuties(
  enterprise: { sector: string; hasMajorHazard: boolean },
  catalogue: readonly DutyDefinition[] = DUTY_CATALOGUE,
): DutyDefinition[] {
  return catalogue.filter((d) => dutyApplies(d, enterprise));
}

/** A human-readable summary of `appliesTo` (Chinese). */
export function applicabilityLabel(a: DutyApplicability): string {
  const parts: string[] = [];
  if (a.sectors === null) parts.push("所有行业");
  else if (a.sectors.every((s) => HAZCHEM_SECTORS.includes(s)) && a.sectors.length === HAZCHEM_SECTORS.length) parts.push("危险化学品企业");
  else parts.push("高危行业");
  if (a.majorHazardOnly) parts.push("构成重大危险源的");
  return parts.join("中");
}

// ---------------------------------------------------------------------------------------------
// Periods

export interface DutyPeriod {
  /** "2026" | "2026-H1" | "2026-Q3" | "2026-03". */
  key: string;
  /** Chinese label, e.g. 2026年第三季度. */
  label: string;
  /** First and last day of the period. */
  start: string;
  end: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const QUARTER_ZH = ["一", "二", "三", "四"] as const;

/** The periods of a cycle in a calendar year, in order. */
export function dutyPeriods(cycle: DutyCycle, year: number): DutyPeriod[] {
  const y = String(year).padStart(4, "0");
  const span = (m1: number, m2: number) => ({ start: `${y}-${pad2(m1)}-01`, end: `${y}-${pad2(m2)}-${pad2(lastDayOfMonth(year, m2))}` });
  switch (cycle) {
    case "annual":
      return [{ key: y, label: `${year}年`, ...span(1, 12) }];
    case "semiannual":
      return [
        { key: `${y}-H1`, label: `${year}年上半年`, ...span(1, 6) },
        { key: `${y}-H2`, label: `${year}年下半年`, ...span(7, 12) },
      ];
    case "quarterly":
      return [1, 2, 3, 4].map((q) => ({ key: `${y}-Q${q}`, label: `${year}年第${QUARTER_ZH[q - 1]}季度`, ...span(q * 3 - 2, q * 3) }));
    case "monthly":
      return Array.from({ length: 12 }, (_, i) => ({ key: `${y}-${pad2(i + 1)}`, label: `${year}年${i + 1}月`, ...span(i + 1, i + 1) }));
  }
}

const PERIOD_KEY_PATTERNS: Record<DutyCycle, RegExp> = {
  annual: /^(\d{4})$/,
  semiannual: /^(\d{4})-H([12])$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
  monthly: /^(\d{4})-(0[1-9]|1[0-2])$/,
};

/** The period of a cycle with this key, or null when the key doesn't belong to the cycle. */
export function dutyPeriodByKey(cycle: DutyCycle, key: string): DutyPeriod | null {
  const m = PERIOD_KEY_PATTERNS[cycle].exec(key);
  if (!m) return null;
  return dutyPeriods(cycle, Number(m[1])).find((p) => p.key === key) ?? null;
}

/** The period of a cycle containing a day. */
export function dutyPeriodOf(cycle: DutyCycle, day: string): DutyPeriod {
  const p = dutyPeriods(cycle, Number(day.slice(0, 4))).find((x) => x.start <= day && day <= x.end);
  if (!p) throw new Error(`no period for ${day}`);
  return p;
}

/** The year a period key belongs to. */
export function periodYear(key: string): number {
  return Number(key.slice(0, 4));
}

/**
 * Due date of a period: its last day, unless the plan's schedule gives an earlier valid date for it (a later one is
 * ignored — the period's end is the legal limit).
 */
export function periodDue(period: Pick<DutyPeriod, "key" | "end">, schedule?: Readonly<Record<string, string>> | null): string {
  const planned = schedule?.[period.key];
  if (typeof planned === "string" && isCalendarDay(planned) && planned < period.end) return planned;
  return period.end;
}

// ---------------------------------------------------------------------------------------------
// Status

export const DUTY_PERIOD_STATUSES = {
  done: { zh: "已完成", en: "Done" },
  overdue: { zh: "已逾期", en: "Overdue" },
  due: { zh: "即将到期", en: "Due soon" },
  pending: { zh: "未到期", en: "Pending" },
} as const;
export type DutyPeriodStatus = keyof typeof DUTY_PERIOD_STATUSES;

/** Days before the due date from which a period shows as "due" (即将到期). */
export const DUTY_DUE_SOON_DAYS = 7;

/**
 * Status of a period on `today`: done when a completion is recorded; overdue from the day after the due date; due
 * from `dueSoonDays` days before the due date through the due date itself; otherwise pending.
 */
export function dutyPeriodStatus(due: string, completed: boolean, today: string, dueSoonDays = DUTY_DUE_SOON_DAYS): DutyPeriodStatus {
  if (completed) return "done";
  if (today > due) return "overdue";
  if (calendarDaysBetween(today, due) <= dueSoonDays) return "due";
  return "pending";
}

/** Default plan deadline (month-day) of a year's plans [U: no national date; configurable, DUTY_PLAN_DEADLINE]. */
export const DUTY_PLAN_DEADLINE = "01-31";

/** The last day to submit the plans of `year` (`monthDay` "MM-DD", clamped to the month's end). */
export function planDeadline(year: number, monthDay: string = DUTY_PLAN_DEADLINE): string {
  const m = /^(\d{2})-(\d{2})$/.exec(monthDay);
  const month = m ? Math.min(Math.max(Number(m[1]), 1), 12) : 1;
  const day = m ? Math.min(Math.max(Number(m[2]), 1), lastDayOfMonth(year, month)) : 31;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** "No plan" (未制定计划): the plan of the year is missing after the deadline. */
export function isNoPlan(hasPlan: boolean, year: number, today: string, monthDay: string = DUTY_PLAN_DEADLINE): boolean {
  return !hasPlan && today > planDeadline(year, monthDay);
}

export interface DutyPeriodView extends DutyPeriod {
  due: string;
  status: DutyPeriodStatus;
}

/** Every period of a duty in a year with due date and status. */
export function dutyYearView(
  cycle: DutyCycle,
  year: number,
  opts: { schedule?: Readonly<Record<string, string>> | null; completedKeys: ReadonlySet<string> | readonly string[]; today: string; dueSoonDays?: number },
): DutyPeriodView[] {
  const done = opts.completedKeys instanceof Set ? opts.completedKeys : new Set(opts.completedKeys as readonly string[]);
  return dutyPeriods(cycle, year).map((p) => {
    const due = periodDue(p, opts.schedule);
    return { ...p, due, status: dutyPeriodStatus(due, done.has(p.key), opts.today, opts.dueSoonDays) };
  });
}

/** Validates a plan schedule: keys must be periods of the cycle in `year`, values days within that year. Returns [key, message] pairs. */
export function scheduleIssues(cycle: DutyCycle, year: number, schedule: Readonly<Record<string, string>>): Array<{ key: string; message: string }> {
  const issues: Array<{ key: string; message: string }> = [];
  for (const [key, day] of Object.entries(schedule)) {
    const p = dutyPeriodByKey(cycle, key);
    if (!p || periodYear(key) !== year) issues.push({ key, message: `${key} 不是${year}年的${DUTY_CYCLES[cycle].zh}周期` });
    else if (!isCalendarDay(day)) issues.push({ key, message: "日期格式应为 YYYY-MM-DD" });
    else if (day > p.end || day < `${String(year).padStart(4, "0")}-01-01`) issues.push({ key, message: `计划日期应在 ${year}-01-01 至 ${p.end} 之间` });
  }
  return issues;
}

/**
 * Special-work permits (特殊作业票) under GB 30871-2022, as plain, versioned rules (domain-reference §5):
 * the eight work types, how each grade is derived (hot work 特级/一级/二级 with the one-level upgrade at night, on
 * rest days and holidays; height Ⅰ–Ⅳ after GB/T 3608; lifting by mass), the validity caps, the gas-analysis timing
 * and limits, the certificates workers must hold, the approval matrix (Appendix B) mapped onto the enterprise's own
 * approvers, the safety-measure checklists, the key-node evidence, and the permit life cycle as one transition table.
 * Facts the standard leaves open (night hours, the holiday calendar, caps for types without one) are parameters
 * with defaults tagged [U], so they are configured rather than hard-coded.
 */

import { addCalendarDays, isWorkingDay, type WorkCalendar, DEFAULT_WORK_CALENDAR } from "./inspectionSchedule";

export const GB30871_VERSION = "GB 30871-2022@1";

// ---------------------------------------------------------------------------------------------------------------
// Work types and grades

export const SPECIAL_WORK_TYPES = {
  hot_work: { zh: "动火作业", en: "Hot work", prefix: "DH" },
  confined_space: { zh: "受限空间作业", en: "Confined-space work", prefix: "SX" },
  blinding: { zh: "盲板抽堵作业", en: "Blinding / unblinding", prefix: "MB" },
  height: { zh: "高处作业", en: "Work at height", prefix: "GC" },
  lifting: { zh: "吊装作业", en: "Lifting", prefix: "DZ" },
  temp_electricity: { zh: "临时用电作业", en: "Temporary electricity", prefix: "LD" },
  excavation: { zh: "动土作业", en: "Excavation", prefix: "DT" },
  road_breaking: { zh: "断路作业", en: "Road breaking", prefix: "DL" },
} as const;
export type SpecialWorkType = keyof typeof SPECIAL_WORK_TYPES;
export const SPECIAL_WORK_TYPE_CODES = Object.keys(SPECIAL_WORK_TYPES) as SpecialWorkType[];

/** Grades, by type. Hot work: special/1/2; height: I–IV; lifting: 1–3; other types have none. */
export const PERMIT_GRADES = {
  hot_special: { zh: "特级", en: "Special grade" },
  hot_1: { zh: "一级", en: "Grade 1" },
  hot_2: { zh: "二级", en: "Grade 2" },
  height_1: { zh: "Ⅰ级", en: "Grade I" },
  height_2: { zh: "Ⅱ级", en: "Grade II" },
  height_3: { zh: "Ⅲ级", en: "Grade III" },
  height_4: { zh: "Ⅳ级", en: "Grade IV" },
  lifting_1: { zh: "一级", en: "Grade 1" },
  lifting_2: { zh: "二级", en: "Grade 2" },
  lifting_3: { zh: "三级", en: "Grade 3" },
} as const;
export type PermitGrade = keyof typeof PERMIT_GRADES;

/** Thrown for inputs a rule cannot grade; `field` names the input (e.g. "gradeInputs.heightM"). */
export class PermitRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * When work counts as "special circumstances" (upgrade hot work one level): night hours and the calendar of rest
 * days and public holidays. GB 30871 does not define night; 22:00–06:00 follows GB 3096's 夜间 [U], so it is a
 * parameter (server NIGHT_HOURS). Rest days and holidays come from the jurisdiction's working-day calendar
 * (inspectionSchedule WorkCalendar, edited in the settings; the shipped 2026 arrangement by default).
 */
export interface PermitCalendar {
  /** Night from this hour (inclusive) to `nightEndHour` (exclusive), Beijing time. */
  nightStartHour: number;
  nightEndHour: number;
  workdays: WorkCalendar;
}

export const DEFAULT_PERMIT_CALENDAR: PermitCalendar = { nightStartHour: 22, nightEndHour: 6, workdays: DEFAULT_WORK_CALENDAR };

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const H = 3600_000;
const D = 24 * H;
/** Beijing-time calendar date YYYY-MM-DD of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
/** Beijing-time hour (0–23). */
function beijingHour(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** Is this instant at night (Beijing time)? */
export function isNight(at: Date, cal: PermitCalendar = DEFAULT_PERMIT_CALENDAR): boolean {
  const hour = beijingHour(at);
  return cal.nightStartHour > cal.nightEndHour ? hour >= cal.nightStartHour || hour < cal.nightEndHour : hour >= cal.nightStartHour && hour < cal.nightEndHour;
}

/** Is this instant on a rest day or public holiday (Beijing date)? */
export function isRestDayOrHoliday(at: Date, cal: PermitCalendar = DEFAULT_PERMIT_CALENDAR): boolean {
  return !isWorkingDay(beijingDate(at), cal.workdays);
}

/**
 * Why a time window [start, end) counts as special circumstances: any part of it at night, or on a rest day / holiday
 * (Beijing time). Exact interval arithmetic: a window ending at 22:00 is not at night, one ending at 22:00:00.001 is.
 */
export function specialCircumstances(start: Date, end: Date, cal: PermitCalendar = DEFAULT_PERMIT_CALENDAR): { night: boolean; restDay: boolean } {
  const from = start.getTime();
  // A zero-length (or inverted) window is judged at its start instant.
  const to = Math.max(end.getTime(), from + 1);
  const firstDay = beijingDate(new Date(from));
  const lastDay = beijingDate(new Date(to - 1));
  let restDay = false;
  let night = false;
  // At most 400 days are looked at (windows are capped far below that before they are ever stored).
  for (let d = addCalendarDays(firstDay, -1), i = 0; d <= lastDay && i < 400; d = addCalendarDays(d, 1), i++) {
    const midnight = Date.parse(`${d}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
    if (d >= firstDay && !isWorkingDay(d, cal.workdays)) restDay = true;
    // Night of day d: from nightStartHour to nightEndHour (the next morning when it wraps midnight; the day before
    // covers this morning's part).
    const nStart = midnight + cal.nightStartHour * H;
    const nEnd = cal.nightStartHour > cal.nightEndHour ? midnight + D + cal.nightEndHour * H : midnight + cal.nightEndHour * H;
    if (nStart < to && nEnd > from) night = true;
    if (night && restDay) break;
  }
  return { night, restDay };
}

/** What decides a hot-work grade (§5.3, 5.1). */
export interface HotWorkGradeInput {
  /** In an approved fixed hot-work area (固定动火区): no permit grade (managed by the area's rules). */
  fixedArea?: boolean;
  /** In a fire/explosion-hazard area (火灾爆炸危险场所). */
  inHazardArea: boolean;
  /** On running production equipment, pipes, tanks or vessels, incl. 带压不置换动火. */
  onRunningEquipment: boolean;
  /** Inside the fire dike of a major-hazard tank farm holding flammables. */
  inMajorHazardTankDike: boolean;
  /** On a pipe rack (管廊): always at least 一级. */
  onPipeRack: boolean;
  /** Whole unit shut down, cleaned, purged, tested and isolated: may be managed as 二级 (approved by the manager). */
  unitShutDownAndIsolated?: boolean;
  /** Outdoors at wind force ≥ 5 where production requires the work: upgrade. */
  windForce5Plus?: boolean;
}

export interface GradeResult {
  grade: PermitGrade | null;
  /** The grade before upgrades, and each reason for an upgrade (zh), shown on the permit. */
  baseGrade: PermitGrade | null;
  upgrades: string[];
  /** False when the work needs no permit (lifting < 10 t, fixed hot-work area). */
  permitRequired: boolean;
  basis: string;
}

const HOT_ORDER: PermitGrade[] = ["hot_2", "hot_1", "hot_special"];

export function gradeHotWork(input: HotWorkGradeInput, start: Date, end: Date, cal: PermitCalendar = DEFAULT_PERMIT_CALENDAR): GradeResult {
  if (input.fixedArea)
    return { grade: null, baseGrade: null, upgrades: [], permitRequired: false, basis: "固定动火区内动火，按固定动火区管理（GB 30871-2022 5.3）" };
  let base: PermitGrade;
  let basis: string;
  if (input.inHazardArea && (input.onRunningEquipment || input.inMajorHazardTankDike)) {
    base = "hot_special";
    basis = input.onRunningEquipment ? "火灾爆炸危险场所内在运行的生产装置、管道、储罐、容器上动火" : "重大危险源罐区防火堤内动火";
  } else if (input.inMajorHazardTankDike) {
    base = "hot_special";
    basis = "重大危险源罐区防火堤内动火";
  } else if (input.onPipeRack) {
    base = "hot_1";
    basis = "管廊上的动火作业按一级动火管理";
  } else if (input.inHazardArea && !input.unitShutDownAndIsolated) {
    base = "hot_1";
    basis = "火灾爆炸危险场所内的其他动火";
  } else {
    base = "hot_2";
    basis = input.unitShutDownAndIsolated ? "装置停车、倒空、清洗、置换、分析合格并隔离，按二级动火管理" : "特级、一级以外的动火";
  }
  const upgrades: string[] = [];
  const sc = specialCircumstances(start, end, cal);
  if (sc.night) upgrades.push("夜间作业升级一级");
  if (sc.restDay) upgrades.push("节假日、公休日作业升级一级");
  if (input.windForce5Plus) upgrades.push("五级风以上露天动火升级一级");
  // One upgrade whatever the number of circumstances (升级一级管理).
  const idx = Math.min(HOT_ORDER.indexOf(base) + (upgrades.length ? 1 : 0), HOT_ORDER.length - 1);
  return { grade: HOT_ORDER[idx]!, baseGrade: base, upgrades, permitRequired: true, basis };
}

/** The nine objective hazard factors of GB/T 3608 (客观危险因素); any one present selects method B. */
export const HEIGHT_HAZARD_FACTORS = {
  wind_5: "阵风风力五级（风速 8.0 m/s）以上",
  cold: "平均气温等于或低于 5 ℃ 的作业环境",
  cold_water: "接触冷水温度等于或低于 12 ℃ 的作业",
  slippery: "作业场地有冰、雪、霜、水、油等易滑物",
  poor_light: "作业场所光线不足或能见度差",
  live_conductor: "作业活动范围与危险电压带电体距离小于规定",
  unstable_footing: "摆动、立足处不是平面或只有很小的平面，致使作业者无法维持正常姿势",
  hazardous_air: "存在有毒气体或空气中含氧量低于 19.5 % 的作业环境",
  disaster: "可能引起各种灾害事故的作业环境和抢救突然发生的各种灾害事故",
} as const;
export type HeightHazardFactor = keyof typeof HEIGHT_HAZARD_FACTORS;

export interface HeightGradeInput {
  /** Height above the fall datum (坠落基准面), metres. */
  heightM: number;
  factors: readonly HeightHazardFactor[];
}

const HEIGHT_ORDER: PermitGrade[] = ["height_1", "height_2", "height_3", "height_4"];

export function gradeHeight(input: HeightGradeInput): GradeResult {
  const h = input.heightM;
  if (!Number.isFinite(h) || h < 0) throw new PermitRuleError("gradeInputs.heightM", "作业高度应为不小于 0 的数字（米）");
  if (h < 2) return { grade: null, baseGrade: null, upgrades: [], permitRequired: false, basis: "坠落高度基准面 2 m 以下，不属于高处作业" };
  const band = h <= 5 ? 0 : h <= 15 ? 1 : h <= 30 ? 2 : 3;
  const methodB = input.factors.length > 0;
  const idx = methodB ? Math.min(band + 1, 3) : band;
  const basis = `作业高度 ${h} m，${methodB ? `存在客观危险因素（${input.factors.map((f) => HEIGHT_HAZARD_FACTORS[f]).join("；")}），按 B 类法` : "无客观危险因素，按 A 类法"}分级（GB/T 3608）`;
  return { grade: HEIGHT_ORDER[idx]!, baseGrade: HEIGHT_ORDER[band]!, upgrades: methodB && band < 3 ? ["存在客观危险因素"] : [], permitRequired: true, basis };
}

export interface LiftingGradeInput {
  /** Mass of the load, tonnes. */
  massT: number;
}

export function gradeLifting(input: LiftingGradeInput): GradeResult {
  const m = input.massT;
  if (!Number.isFinite(m) || m <= 0) throw new PermitRuleError("gradeInputs.massT", "吊物质量应为大于 0 的数字（吨）");
  const grade: PermitGrade = m > 100 ? "lifting_1" : m >= 40 ? "lifting_2" : "lifting_3";
  const basis = m > 100 ? "吊物质量 m > 100 t" : m >= 40 ? "40 t ≤ m ≤ 100 t" : "m < 40 t";
  // Loads under 10 t need no lifting permit, but a risk analysis is still required (§5.5).
  return { grade, baseGrade: grade, upgrades: [], permitRequired: m >= 10, basis: m < 10 ? `${basis}；小于 10 t 可不办理吊装作业票，但应进行风险分析` : basis };
}

/** Grade inputs by type (stored with the permit). */
export type GradeInputs =
  | ({ type: "hot_work" } & HotWorkGradeInput)
  | ({ type: "height" } & HeightGradeInput)
  | ({ type: "lifting" } & LiftingGradeInput)
  | { type: Exclude<SpecialWorkType, "hot_work" | "height" | "lifting">; inHazardArea?: boolean };

/** Derives the grade of any permit type; types without grades answer grade null and permitRequired true. */
export function gradePermit(inputs: GradeInputs, start: Date, end: Date, cal: PermitCalendar = DEFAULT_PERMIT_CALENDAR): GradeResult {
  switch (inputs.type) {
    case "hot_work":
      return gradeHotWork(inputs, start, end, cal);
    case "height":
      return gradeHeight(inputs);
    case "lifting":
      return gradeLifting(inputs);
    default:
      return { grade: null, baseGrade: null, upgrades: [], permitRequired: true, basis: `${SPECIAL_WORK_TYPES[inputs.type].zh}不分级` };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Validity

/**
 * Longest permitted validity, ms. Caps from §5.8 [C]; blinding, lifting, excavation and road breaking have no cap in
 * the standard: `uncappedMs` (default 72 h [U]) applies. Temporary electricity: 15 d, extendable to 30 d with a
 * reason; when it serves a hot-work or confined-space permit, it ends with that permit.
 */
export interface ValidityOptions {
  uncappedMs?: number;
  /** Temporary electricity beyond 15 d (up to 30 d) with a stated reason. */
  extendedElectricity?: boolean;
}
export const DEFAULT_UNCAPPED_VALIDITY_MS = 72 * H;

export function maxValidityMs(type: SpecialWorkType, grade: PermitGrade | null, opts: ValidityOptions = {}): number {
  switch (type) {
    case "hot_work":
      return grade === "hot_2" ? 72 * H : 8 * H;
    case "confined_space":
      return 24 * H;
    case "height":
      return 7 * D;
    case "temp_electricity":
      return opts.extendedElectricity ? 30 * D : 15 * D;
    default:
      return opts.uncappedMs ?? DEFAULT_UNCAPPED_VALIDITY_MS;
  }
}

/** The window check: end after start, and not longer than the cap. Returns a refusal naming the field, or null. */
export function validityRefusal(
  type: SpecialWorkType,
  grade: PermitGrade | null,
  start: Date,
  end: Date,
  opts: ValidityOptions & { servedPermitEnd?: Date | null } = {},
): { field: string; message: string } | null {
  if (!(end.getTime() > start.getTime())) return { field: "plannedEnd", message: "结束时间应晚于开始时间" };
  const cap = maxValidityMs(type, grade, opts);
  if (end.getTime() - start.getTime() > cap) {
    const label = cap % D === 0 ? `${cap / D} 天` : `${cap / H} 小时`;
    const g = grade ? PERMIT_GRADES[grade].zh : "";
    return { field: "plannedEnd", message: `${SPECIAL_WORK_TYPES[type].zh}${g}作业票有效期最长 ${label}（GB 30871-2022）` };
  }
  if (type === "temp_electricity" && opts.servedPermitEnd && end.getTime() > opts.servedPermitEnd.getTime())
    return { field: "plannedEnd", message: "为动火或受限空间作业服务的临时用电，期限应与所服务作业一致" };
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Gas analysis (气体分析)

export const GAS_KINDS = {
  combustible: { zh: "可燃气体", en: "Combustible gas", unit: "%(V/V)" },
  oxygen: { zh: "氧气", en: "Oxygen", unit: "%(V/V)" },
  toxic: { zh: "有毒气体", en: "Toxic gas", unit: "mg/m³" },
} as const;
export type GasKind = keyof typeof GAS_KINDS;

export interface GasReading {
  kind: GasKind;
  /** Measured value: % V/V for combustible and oxygen; the toxic gas's unit for toxic. */
  value: number;
  /** Combustibles: the gas's lower explosive limit, % V/V (selects 0.5 % or 0.2 %). */
  lelPercent?: number | null;
  /** Toxic: the occupational exposure limit (GBZ 2.1) in the same unit. */
  limit?: number | null;
  /** Oxygen in an oxygen-enriched environment (富氧环境): ≤ 23.5 %. */
  oxygenEnriched?: boolean;
}

export interface GasVerdict {
  pass: boolean;
  /** The applied limit in words, e.g. "≤ 0.5 %(V/V)（LEL ≥ 4 %）". */
  criterion: string;
  field?: string;
  message?: string;
}

/** Acceptance of one reading (5.3.2; 5.4 limits). */
export function judgeGasReading(r: GasReading): GasVerdict {
  if (!Number.isFinite(r.value) || r.value < 0) return { pass: false, criterion: "", field: "value", message: "检测值应为不小于 0 的数字" };
  switch (r.kind) {
    case "combustible": {
      if (r.lelPercent == null || !Number.isFinite(r.lelPercent) || r.lelPercent <= 0)
        return { pass: false, criterion: "", field: "lelPercent", message: "可燃气体须填写爆炸下限（LEL，%V/V），以确定合格标准" };
      const max = r.lelPercent >= 4 ? 0.5 : 0.2;
      const criterion = `≤ ${max} %(V/V)（爆炸下限${r.lelPercent >= 4 ? " ≥ 4 %" : " < 4 %"}）`;
      return r.value <= max ? { pass: true, criterion } : { pass: false, criterion, message: `可燃气体浓度 ${r.value} % 超过 ${max} %` };
    }
    case "oxygen": {
      if (r.oxygenEnriched) {
        // 富氧环境: not above 23.5 %, and never below the 19.5 % people need.
        const criterion = "富氧环境 19.5 %～23.5 %(V/V)";
        return r.value >= 19.5 && r.value <= 23.5
          ? { pass: true, criterion }
          : { pass: false, criterion, message: `氧含量 ${r.value} % 不在 19.5 %～23.5 % 之间` };
      }
      const criterion = "19.5 %～21 %(V/V)";
      return r.value >= 19.5 && r.value <= 21 ? { pass: true, criterion } : { pass: false, criterion, message: `氧含量 ${r.value} % 不在 19.5 %～21 % 之间` };
    }
    case "toxic": {
      if (r.limit == null || !Number.isFinite(r.limit) || r.limit <= 0)
        return { pass: false, criterion: "", field: "limit", message: "有毒气体须填写职业接触限值（GBZ 2.1）" };
      const criterion = `≤ ${r.limit}（GBZ 2.1 职业接触限值）`;
      return r.value <= r.limit ? { pass: true, criterion } : { pass: false, criterion, message: `有毒气体浓度 ${r.value} 超过限值 ${r.limit}` };
    }
  }
}

/** Does this permit need gas analysis before it starts? Hot work and confined space always; temporary electricity in a hazardous area. */
export function gasAnalysisRequired(type: SpecialWorkType, inHazardArea: boolean): boolean {
  return type === "hot_work" || type === "confined_space" || (type === "temp_electricity" && inHazardArea);
}

/** Timing rules, minutes (§5.3.1, §5.4). */
export const GAS_TIMING = {
  /** Sample to start of work. */
  maxSampleAgeMin: 30,
  /** Re-analysis after an interruption longer than this: hot work 特级/一级 30, 二级 60; confined space 60. */
  hotHighGapMin: 30,
  hotLowGapMin: 60,
  confinedGapMin: 60,
  /** Confined space: a record at least every 2 h while working. */
  confinedRecordEveryMin: 120,
} as const;

export interface AnalysisRecord {
  sampledAt: Date;
  pass: boolean;
  /**
   * What was measured where (e.g. "combustible|甲烷|动火点"): the latest reading of each key counts, so a failing
   * oxygen reading is not hidden by a passing combustible one taken in the same round. Absent: one series.
   */
  key?: string;
}

/** Interruption after which a new analysis is needed, minutes (null: the type has no such rule). */
export function reanalysisGapMin(type: SpecialWorkType, grade: PermitGrade | null): number | null {
  if (type === "hot_work") return grade === "hot_2" ? GAS_TIMING.hotLowGapMin : GAS_TIMING.hotHighGapMin;
  if (type === "confined_space") return GAS_TIMING.confinedGapMin;
  return null;
}

export type GasStartRefusal = { code: "GAS_ANALYSIS_MISSING" | "GAS_ANALYSIS_STALE" | "GAS_ANALYSIS_FAILED"; message: string };

/**
 * May work start (or resume) at `now` as far as gas analysis goes? Readings sampled after `now` are ignored. The
 * latest reading must be at most 30 min old and of the same Beijing day (每日作业前重新分析); of the readings in that
 * 30-minute window, the latest of each key (gas and point) must pass.
 */
export function gasStartRefusal(analyses: readonly AnalysisRecord[], now: Date): GasStartRefusal | null {
  const t = now.getTime();
  const past = analyses.filter((a) => a.sampledAt.getTime() <= t).sort((a, b) => b.sampledAt.getTime() - a.sampledAt.getTime());
  const latest = past[0];
  if (!latest) return { code: "GAS_ANALYSIS_MISSING", message: "作业前未进行气体分析" };
  const ageMin = (t - latest.sampledAt.getTime()) / 60_000;
  if (ageMin > GAS_TIMING.maxSampleAgeMin)
    return {
      code: "GAS_ANALYSIS_STALE",
      message: `气体分析取样已过 ${Math.floor(ageMin)} 分钟，超过 ${GAS_TIMING.maxSampleAgeMin} 分钟，须重新分析`,
    };
  const today = beijingDate(now);
  if (beijingDate(latest.sampledAt) !== today) return { code: "GAS_ANALYSIS_STALE", message: "每日作业前须重新进行气体分析" };
  const window = past.filter((a) => t - a.sampledAt.getTime() <= GAS_TIMING.maxSampleAgeMin * 60_000 && beijingDate(a.sampledAt) === today);
  // Latest instant per key; a failing reading at that instant fails the key.
  const latestAt = new Map<string, number>();
  for (const a of window) {
    const k = a.key ?? "";
    if (!latestAt.has(k)) latestAt.set(k, a.sampledAt.getTime());
  }
  const failed = window.some((a) => !a.pass && latestAt.get(a.key ?? "") === a.sampledAt.getTime());
  if (failed) return { code: "GAS_ANALYSIS_FAILED", message: "最近一次气体分析不合格，不得作业" };
  return null;
}

/** Does resuming after a suspension need a new analysis (gap longer than the type's limit, or a new day)? */
export function resumeNeedsAnalysis(type: SpecialWorkType, grade: PermitGrade | null, suspendedAt: Date, now: Date): boolean {
  const gap = reanalysisGapMin(type, grade);
  if (gap === null) return false;
  return (now.getTime() - suspendedAt.getTime()) / 60_000 > gap || beijingDate(suspendedAt) !== beijingDate(now);
}

/** Confined space in progress: is a periodic record (every 2 h) overdue at `now`? Minutes overdue, or 0. */
export function periodicAnalysisOverdueMin(type: SpecialWorkType, lastSampledAt: Date | null, runningSince: Date, now: Date): number {
  if (type !== "confined_space") return 0;
  const from = lastSampledAt && lastSampledAt > runningSince ? lastSampledAt : runningSince;
  const over = (now.getTime() - from.getTime()) / 60_000 - GAS_TIMING.confinedRecordEveryMin;
  return over > 0 ? Math.floor(over) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Certificates (特种作业操作证等) and who needs which

export const CERTIFICATE_TYPES = {
  welding_cutting: { zh: "焊接与热切割作业", en: "Welding and thermal cutting", special: true },
  electrician: { zh: "电工作业", en: "Electrician", special: true },
  height_work: { zh: "高处作业", en: "Work at height", special: true },
  hazchem_process: { zh: "危险化学品安全作业", en: "Hazardous-chemical process operation", special: true },
  crane: { zh: "起重机械作业（特种设备）", en: "Crane operation (special equipment)", special: true },
  watchman: { zh: "特殊作业监护人培训合格证", en: "Special-work watchman training", special: false },
  main_leader: { zh: "主要负责人安全生产知识和管理能力考核合格证", en: "Principal: safety knowledge and management", special: false },
  safety_manager: { zh: "安全生产管理人员安全生产知识和管理能力考核合格证", en: "Safety manager: safety knowledge and management", special: false },
  other: { zh: "其他", en: "Other", special: false },
} as const;
export type CertificateType = keyof typeof CERTIFICATE_TYPES;
export const CERTIFICATE_TYPE_CODES = Object.keys(CERTIFICATE_TYPES) as CertificateType[];

/** Certificates each permit role must hold, by work type (GB 30871 4.x: special operators hold certificates; the watchman is trained and certified). */
export const CERTIFICATE_REQUIREMENTS: Record<SpecialWorkType, { worker: CertificateType[]; watchman: CertificateType[] }> = {
  hot_work: { worker: ["welding_cutting"], watchman: ["watchman"] },
  confined_space: { worker: [], watchman: ["watchman"] },
  blinding: { worker: [], watchman: ["watchman"] },
  height: { worker: ["height_work"], watchman: ["watchman"] },
  lifting: { worker: ["crane"], watchman: ["watchman"] },
  temp_electricity: { worker: ["electrician"], watchman: ["watchman"] },
  excavation: { worker: [], watchman: ["watchman"] },
  road_breaking: { worker: [], watchman: ["watchman"] },
};

export interface PersonCertificates {
  personId: string;
  name: string;
  certificates: readonly { type: CertificateType; number: string; validUntil: string /* YYYY-MM-DD */; issuedOn?: string | null }[];
}

export interface CertificateRefusal {
  personId: string;
  role: "worker" | "watchman";
  type: CertificateType;
  code: "CERTIFICATE_MISSING" | "CERTIFICATE_EXPIRED";
  message: string;
}

/** Every missing or expired certificate for the people on a permit; a certificate must be valid through the last day of the work. */
export function certificateRefusals(
  type: SpecialWorkType,
  people: readonly (PersonCertificates & { role: "worker" | "watchman" })[],
  plannedEnd: Date,
): CertificateRefusal[] {
  const lastDay = beijingDate(new Date(plannedEnd.getTime() - 1));
  const out: CertificateRefusal[] = [];
  for (const p of people) {
    for (const need of CERTIFICATE_REQUIREMENTS[type][p.role]) {
      const held = p.certificates.filter((c) => c.type === need);
      if (!held.length) {
        out.push({ personId: p.personId, role: p.role, type: need, code: "CERTIFICATE_MISSING", message: `${p.name}没有${CERTIFICATE_TYPES[need].zh}证书` });
      } else if (!held.some((c) => c.validUntil >= lastDay)) {
        const latest = held
          .map((c) => c.validUntil)
          .sort()
          .at(-1)!;
        out.push({
          personId: p.personId,
          role: p.role,
          type: need,
          code: "CERTIFICATE_EXPIRED",
          message: `${p.name}的${CERTIFICATE_TYPES[need].zh}证书已于 ${latest} 过期（作业至 ${lastDay}）`,
        });
      }
    }
  }
  return out;
}

/** Certificate state for reminders: expired, expiring within `warnDays`, or valid. */
export function certificateState(validUntil: string, today: string, warnDays = 30): "expired" | "expiring" | "valid" {
  if (validUntil < today) return "expired";
  const days = (Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / D;
  return days <= warnDays ? "expiring" : "valid";
}

// ---------------------------------------------------------------------------------------------------------------
// Approval (Appendix B, Table B.1), mapped onto the enterprise's own approvers

export const APPROVER_LEVELS = {
  local_unit: { zh: "所在基层单位", en: "Local operating unit", rank: 1 },
  specialist_dept: { zh: "所在单位专业部门", en: "Specialist department", rank: 2 },
  power_unit: { zh: "配送电单位", en: "Power distribution unit", rank: 2 },
  safety_dept: { zh: "安全管理部门", en: "Safety management department", rank: 3 },
  plant_manager: { zh: "主管厂长或总工程师", en: "Deputy plant manager or chief engineer", rank: 4 },
  leader_in_charge: { zh: "主管领导", en: "Leader in charge", rank: 5 },
} as const;
export type ApproverLevel = keyof typeof APPROVER_LEVELS;
export const APPROVER_LEVEL_CODES = Object.keys(APPROVER_LEVELS) as ApproverLevel[];

/** The approver a permit needs, and the departments that co-sign (会签). */
export function requiredApprover(type: SpecialWorkType, grade: PermitGrade | null): { level: ApproverLevel; coSign: string[] } {
  switch (type) {
    case "hot_work":
      return { level: grade === "hot_special" ? "leader_in_charge" : grade === "hot_1" ? "safety_dept" : "local_unit", coSign: [] };
    case "confined_space":
    case "blinding":
      return { level: "local_unit", coSign: [] };
    case "height":
      return { level: grade === "height_4" ? "plant_manager" : grade === "height_1" ? "local_unit" : "specialist_dept", coSign: [] };
    case "lifting":
      return { level: grade === "lifting_1" ? "plant_manager" : "specialist_dept", coSign: [] };
    case "temp_electricity":
      return { level: "power_unit", coSign: [] };
    case "excavation":
      return { level: "specialist_dept", coSign: ["水", "电", "汽", "工艺", "设备", "消防", "安全"] };
    case "road_breaking":
      return { level: "specialist_dept", coSign: ["消防", "安全"] };
  }
}

/**
 * May someone holding `held` approve a permit needing `required`? Holding the level, or a higher-ranked general level
 * (a leader may approve what a unit may). 特级 hot work needs the leader in charge himself; the power unit approves
 * only temporary electricity and only it approves it.
 */
export function holdsApproval(held: readonly ApproverLevel[], required: ApproverLevel): boolean {
  if (held.includes(required)) return true;
  if (required === "leader_in_charge" || required === "power_unit") return false;
  const need = APPROVER_LEVELS[required].rank;
  return held.some((l) => l !== "power_unit" && APPROVER_LEVELS[l].rank > need);
}

/** Default mapping of approver levels to platform roles when an enterprise has not configured its own approvers. */
export const DEFAULT_APPROVER_ROLES: Record<ApproverLevel, readonly string[]> = {
  local_unit: ["enterprise_safety", "enterprise_leader"],
  specialist_dept: ["enterprise_safety", "enterprise_leader"],
  power_unit: ["enterprise_safety", "enterprise_leader"],
  safety_dept: ["enterprise_safety", "enterprise_leader"],
  plant_manager: ["enterprise_leader"],
  leader_in_charge: ["enterprise_leader"],
};

// ---------------------------------------------------------------------------------------------------------------
// High-risk work (regulator's "today's high-risk work")

/** 特级/一级动火, 受限空间, Ⅳ级高处, 一级吊装. */
export function isHighRiskWork(type: SpecialWorkType, grade: PermitGrade | null): boolean {
  return (
    (type === "hot_work" && (grade === "hot_special" || grade === "hot_1")) ||
    type === "confined_space" ||
    (type === "height" && grade === "height_4") ||
    (type === "lifting" && grade === "lifting_1")
  );
}

/** The high-risk categories counted on the regulator's screen, in display order. */
export const HIGH_RISK_CATEGORIES = {
  hot_special: { zh: "特级动火", en: "Special-grade hot work" },
  hot_1: { zh: "一级动火", en: "Grade-1 hot work" },
  confined_space: { zh: "受限空间", en: "Confined space" },
  height_4: { zh: "Ⅳ级高处", en: "Grade-IV work at height" },
  lifting_1: { zh: "一级吊装", en: "Grade-1 lifting" },
} as const;
export type HighRiskCategory = keyof typeof HIGH_RISK_CATEGORIES;
export const HIGH_RISK_CATEGORY_CODES = Object.keys(HIGH_RISK_CATEGORIES) as HighRiskCategory[];

/** The high-risk category of a permit, or null when it is not high-risk work. */
export function highRiskCategory(type: SpecialWorkType, grade: PermitGrade | null): HighRiskCategory | null {
  if (!isHighRiskWork(type, grade)) return null;
  return type === "confined_space" ? "confined_space" : (grade as HighRiskCategory);
}

// ---------------------------------------------------------------------------------------------------------------
// Safety-measure checklists (安全措施, Appendix A) — each item: involved or not, confirmed by whom

export interface MeasureTemplate {
  no: number;
  text: string;
  /** Must be confirmed with a live photo when involved. */
  photo?: boolean;
}

const GENERAL: string[] = [
  "作业人员身体条件符合要求，无职业禁忌证",
  "作业人员着装及劳动防护用品符合要求",
  "已进行作业危害分析（JHA）并落实管控措施",
  "已进行安全措施交底并现场确认",
];

const list = (items: (string | [string, true])[]): MeasureTemplate[] =>
  [...GENERAL, ...items].map((it, i) => (typeof it === "string" ? { no: i + 1, text: it } : { no: i + 1, text: it[0], photo: true }));

export const MEASURE_TEMPLATES: Record<SpecialWorkType, MeasureTemplate[]> = {
  hot_work: list([
    ["动火设备内部构件清洗干净，蒸汽吹扫或水洗、置换合格，达到动火条件", true],
    ["与动火设备相连接的所有管线已断开，加盲板，未采用水封或仅关闭阀门代替盲板", true],
    ["动火点周围 15 m 内的泄漏源已隔离，易燃物已清除，地漏、地沟、电缆沟已封盖", true],
    "罐区内动火点同一防火堤内和防火间距内的储罐未进行脱水和取样作业",
    "高处动火已采取防火花溅落措施",
    ["动火点周围已配备灭火器材（____具）或消防蒸汽带", true],
    "电焊机放置在距动火点 10 m 以内，回路线接在焊件上",
    "乙炔气瓶直立放置，已采取防倾倒措施并安装防回火装置；与氧气瓶间距 ≥ 5 m，二者与动火点间距 ≥ 10 m",
    "现场配备便携式可燃气体检测仪，特级动火全程视频监控",
  ]),
  confined_space: list([
    ["与受限空间连通的可能危及安全作业的管道已采用插入盲板或拆除一段管道进行隔绝", true],
    "与受限空间连通的可能危及安全作业的孔、洞已严密封堵",
    "受限空间内的带电设备已切断电源，在开关处上锁并挂“禁止合闸”标识牌",
    ["已采取自然通风或强制通风，未向受限空间充氧气或富氧空气", true],
    "作业照明电压 ≤ 36 V，潮湿容器、狭小容器内 ≤ 12 V",
    "配备便携式气体检测报警仪，作业中连续检测，每 2 h 记录一次",
    ["受限空间外设有专人监护，出入口保持畅通并清点人员、工器具", true],
    "配备空气呼吸器、救生绳等应急救援器材",
  ]),
  blinding: list([
    ["已绘制盲板位置图并对盲板编号", true],
    "管道、设备内介质已泄压至常压，温度适宜作业",
    "盲板材质、规格符合要求，垫片选用正确",
    "作业点 30 m 内无动火作业",
    "同一管道上未同时进行两处及以上盲板抽堵作业",
    "在有毒介质管道上作业已佩戴防护器具",
  ]),
  height: list([
    ["作业人员佩戴安全带，安全带高挂低用，系挂点牢固", true],
    ["作业平台、脚手架、梯子等经检查合格", true],
    "作业点下方已设警戒区，采取防止物体坠落措施",
    "30 m 以上高处作业配备通讯联络工具",
    "五级风以上、浓雾等恶劣天气未进行高处作业",
    "在有毒有害场所作业已配备防护器具",
  ]),
  lifting: list([
    "一级、二级吊装作业已编制吊装方案并经审批",
    ["起重机械、吊具、索具经检查合格，安全装置灵敏可靠", true],
    ["吊装区域已设警戒线，无关人员不得进入", true],
    "指挥人员、司索人员持证上岗，指挥信号明确",
    "六级风以上、大雪、暴雨、大雾等恶劣天气未进行露天吊装",
    "多台起重机抬吊时，每台起重机负荷不超过其额定能力的 80 %",
  ]),
  temp_electricity: list([
    ["临时用电线路及设备绝缘良好，安装符合规范", true],
    "配电箱（盘）有防雨措施，并装有漏电保护器",
    "火灾爆炸危险场所使用防爆电气设备，气体检测合格",
    "临时用电线路架空高度符合要求，穿越道路处有防护",
    "用电设备做到“一机一闸一保护”",
  ]),
  excavation: list([
    ["已查明地下电缆、管道等隐蔽设施并做好标识，进行了安全交底", true],
    "距管道 1 m 内人工开挖，距直埋管线 2 m 内宜人工开挖",
    ["作业现场已设围栏、警示标志，夜间设警示灯", true],
    "挖掘深度超过 2 m 时设置人员上下的梯子",
    "在危险场所且深度超过 1.2 m 时按受限空间作业管理",
  ]),
  road_breaking: list([
    "已制定交通组织方案，保证消防车通行",
    ["断路路口已设置交通警示标志、围栏", true],
    "夜间在断路处设置警示灯，高度约 1.5 m（不低于 1.0 m），150 m 外可见",
    "已通知相关单位并征得消防、安全部门同意",
  ]),
};

// ---------------------------------------------------------------------------------------------------------------
// Key-node evidence (关键节点影像)

export const EVIDENCE_NODES = {
  site_before: { zh: "作业前现场清理", en: "Site cleared before work", before: "start" },
  measures: { zh: "防护措施落实", en: "Protective measures in place", before: "start" },
  watchman: { zh: "监护人到岗", en: "Watchman present", before: "start" },
  site_after: { zh: "完工现场清理", en: "Site cleared after work", before: "complete" },
  other: { zh: "其他", en: "Other", before: null },
} as const;
export type EvidenceNode = keyof typeof EVIDENCE_NODES;
export const EVIDENCE_NODE_CODES = Object.keys(EVIDENCE_NODES) as EvidenceNode[];

/** Nodes whose evidence must exist before an action. */
export function requiredEvidenceNodes(action: "start" | "complete"): EvidenceNode[] {
  return EVIDENCE_NODE_CODES.filter((n) => EVIDENCE_NODES[n].before === action);
}

/** Live-capture policy: picked from a gallery → refused; unknown or older than `maxAgeMin` → accepted but flagged. */
export function evidenceCaptureVerdict(
  e: { capture: "camera" | "gallery" | "unknown"; takenAt: Date | null; receivedAt: Date },
  maxAgeMin = 10,
): { accept: boolean; flag: string | null } {
  if (e.capture === "gallery") return { accept: false, flag: "相册选取的照片不能作为现场证据，请现场拍摄" };
  if (e.takenAt) {
    const ageMin = (e.receivedAt.getTime() - e.takenAt.getTime()) / 60_000;
    if (ageMin > maxAgeMin) return { accept: true, flag: `拍摄时间早于上传 ${Math.floor(ageMin)} 分钟，非即时拍摄` };
    if (ageMin < -5) return { accept: true, flag: "拍摄时间晚于服务器接收时间，设备时间可能有误" };
  }
  if (e.capture === "unknown") return { accept: true, flag: "未声明为现场拍摄" };
  return { accept: true, flag: null };
}

// ---------------------------------------------------------------------------------------------------------------
// Life cycle (作业票生命周期, §5.8): one transition table

export const PERMIT_STATUSES = {
  draft: { zh: "草稿", en: "Draft" },
  pending_approval: { zh: "待审批", en: "Awaiting approval" },
  approved: { zh: "已审批待作业", en: "Approved" },
  in_progress: { zh: "作业中", en: "In progress" },
  suspended: { zh: "暂停", en: "Suspended" },
  completed: { zh: "完工待验收", en: "Completed, awaiting acceptance" },
  closed: { zh: "已验收归档", en: "Accepted and archived" },
  cancelled: { zh: "已取消", en: "Cancelled" },
} as const;
export type PermitStatus = keyof typeof PERMIT_STATUSES;
export const PERMIT_STATUS_CODES = Object.keys(PERMIT_STATUSES) as PermitStatus[];
/** Statuses in which work is live (counted on today's screens). */
export const LIVE_PERMIT_STATUSES: readonly PermitStatus[] = ["approved", "in_progress", "suspended"];

export type PermitAction = "submit" | "return" | "approve" | "start" | "suspend" | "resume" | "complete" | "accept" | "cancel";

/** Who the actor is to the permit (computed by the server from the permit and the enterprise's approvers). */
export interface PermitActorFacts {
  userId: string;
  /** Admin, or the enterprise's leader or safety manager. */
  manager: boolean;
  /** The requester (申请人). */
  requester: boolean;
  /** Linked to the permit's work leader or watchman (作业负责人、监护人). */
  onSite: boolean;
  /** Approver levels held in this enterprise. */
  approverLevels: readonly ApproverLevel[];
}

export interface PermitFacts {
  status: PermitStatus;
  requiredApprover: ApproverLevel;
}

export type PermitRefusal = "PERMIT_WRONG_STATUS" | "PERMIT_SELF_APPROVAL" | "PERMIT_APPROVER_LEVEL" | "FORBIDDEN";

type Check = (a: PermitActorFacts, p: PermitFacts) => PermitRefusal | null;
const need = (ok: boolean, r: PermitRefusal = "FORBIDDEN"): PermitRefusal | null => (ok ? null : r);
const runner = (a: PermitActorFacts) => a.requester || a.onSite || a.manager;
const approver: Check = (a, p) => (a.requester ? "PERMIT_SELF_APPROVAL" : need(holdsApproval(a.approverLevels, p.requiredApprover), "PERMIT_APPROVER_LEVEL"));

export interface PermitTransition {
  from: readonly PermitStatus[];
  to: PermitStatus;
  zh: string;
  check: Check;
}

export const PERMIT_TRANSITIONS: Record<PermitAction, PermitTransition> = {
  submit: { from: ["draft"], to: "pending_approval", zh: "提交审批", check: (a) => need(a.requester || a.manager) },
  return: { from: ["pending_approval"], to: "draft", zh: "退回", check: approver },
  approve: { from: ["pending_approval"], to: "approved", zh: "审批通过", check: approver },
  start: { from: ["approved"], to: "in_progress", zh: "开始作业", check: (a) => need(runner(a)) },
  suspend: { from: ["in_progress"], to: "suspended", zh: "暂停作业", check: (a) => need(runner(a)) },
  resume: { from: ["suspended"], to: "in_progress", zh: "恢复作业", check: (a) => need(runner(a)) },
  complete: { from: ["in_progress"], to: "completed", zh: "完工", check: (a) => need(runner(a)) },
  /** 完工验收: by a manager or an approver of the permit's level, not by the requester. */
  accept: {
    from: ["completed"],
    to: "closed",
    zh: "完工验收",
    check: (a, p) => (a.requester && !a.manager ? "FORBIDDEN" : need(a.manager || holdsApproval(a.approverLevels, p.requiredApprover))),
  },
  cancel: {
    from: ["draft", "pending_approval", "approved", "in_progress", "suspended"],
    to: "cancelled",
    zh: "取消",
    check: (a) => need(a.requester || a.manager || a.onSite),
  },
};

export function permitRefusal(a: PermitActorFacts, p: PermitFacts, action: PermitAction): PermitRefusal | null {
  const t = PERMIT_TRANSITIONS[action];
  if (!t.from.includes(p.status)) return "PERMIT_WRONG_STATUS";
  return t.check(a, p);
}

export function permitActions(a: PermitActorFacts, p: PermitFacts): PermitAction[] {
  return (Object.keys(PERMIT_TRANSITIONS) as PermitAction[]).filter((k) => permitRefusal(a, p, k) === null);
}

export const PERMIT_REFUSAL_MESSAGES: Record<PermitRefusal, string> = {
  PERMIT_WRONG_STATUS: "作业票当前状态不允许此操作",
  PERMIT_SELF_APPROVAL: "申请人不能审批自己的作业票",
  PERMIT_APPROVER_LEVEL: "审批人级别不符合 GB 30871-2022 审批要求",
  FORBIDDEN: "无权对该作业票执行此操作",
};

/** Permit retention: kept at least one year after closing (Appendix B); configurable upward. */
export const PERMIT_RETENTION_DAYS_MIN = 365;

/** 作业票编号: type prefix + Beijing date + 4-digit sequence, e.g. DH-20261207-0001. */
export function permitCode(type: SpecialWorkType, at: Date, seq: number): string {
  return `${SPECIAL_WORK_TYPES[type].prefix}-${beijingDate(at).replaceAll("-", "")}-${String(seq).padStart(4, "0")}`;
}

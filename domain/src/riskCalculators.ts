/**
 * 风险评价 (risk assessment): the LEC method (作业条件危险性分析法, D = L×E×C, `lec@1`) and the 5×5 LS risk matrix
 * (风险矩阵法, R = L×S, `ls@1`) as versioned pure functions; the grade bands (分级标准) as versioned data that a
 * jurisdiction may replace; the four colours (四色: 重大 red, 较大 orange, 一般 yellow, 低 blue); the default control
 * level (管控层级) per grade; and the codes of the risk register (domain-reference §1.3, §1.4, §1.7, §1.9, §2).
 *
 * Tagged [U]/[P] facts (LEC boundary handling, LS thresholds, level → owner mapping) are defaults only: every one of
 * them lives in `RiskBands`, which a jurisdiction overrides (validated by `riskBandsSchema`).
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Grades and colours (四色分级, §1.9 / §2.3)

/** Risk grades from high to low (重大风险, 较大风险, 一般风险, 低风险). */
export const RISK_GRADES = ["重大", "较大", "一般", "低"] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];
export type RiskColor = "red" | "orange" | "yellow" | "blue";

export const RISK_GRADE_INFO: Record<RiskGrade, { zh: string; en: string; color: RiskColor; rank: number; national: number }> = {
  重大: { zh: "重大风险", en: "Major", color: "red", rank: 4, national: 0 },
  较大: { zh: "较大风险", en: "Significant", color: "orange", rank: 3, national: 1 },
  一般: { zh: "一般风险", en: "Moderate", color: "yellow", rank: 2, national: 2 },
  低: { zh: "低风险", en: "Low", color: "blue", rank: 1, national: 3 },
};

export const RISK_COLOR_NAMES: Record<RiskColor, string> = { red: "红", orange: "橙", yellow: "黄", blue: "蓝" };

export function isRiskGrade(v: unknown): v is RiskGrade {
  return typeof v === "string" && (RISK_GRADES as readonly string[]).includes(v);
}

/** The colour of a grade (四色); null for none. */
export function riskColorOf(grade: RiskGrade | null | undefined): RiskColor | null {
  return grade ? RISK_GRADE_INFO[grade].color : null;
}

/** 4 for 重大 … 1 for 低, 0 for no grade: higher is worse. */
export function gradeRank(grade: string | null | undefined): number {
  return isRiskGrade(grade) ? RISK_GRADE_INFO[grade].rank : 0;
}

/** The highest of some grades (重大 > 较大 > 一般 > 低), or null when none is graded. */
export function maxGrade(grades: Iterable<string | null | undefined>): RiskGrade | null {
  let best: RiskGrade | null = null;
  for (const g of grades) if (isRiskGrade(g) && gradeRank(g) > gradeRank(best)) best = g;
  return best;
}

// ---------------------------------------------------------------------------------------------
// Score tables (§2.1 LEC [C], §2.2 LS [P])

export interface ScoreOption {
  value: number;
  zh: string;
  en: string;
}

/** LEC: L likelihood (事故发生的可能性), E exposure (暴露于危险环境的频繁程度), C consequence (发生事故可能造成的后果). */
export const LEC_TABLES: { l: readonly ScoreOption[]; e: readonly ScoreOption[]; c: readonly ScoreOption[] } = {
  l: [
    { value: 10, zh: "完全可以预料", en: "Fully expected" },
    { value: 6, zh: "相当可能", en: "Quite possible" },
    { value: 3, zh: "可能，但不经常", en: "Possible but unusual" },
    { value: 1, zh: "可能性小，完全意外", en: "Small chance, entirely accidental" },
    { value: 0.5, zh: "很不可能，可以设想", en: "Very unlikely but conceivable" },
    { value: 0.2, zh: "极不可能", en: "Extremely unlikely" },
    { value: 0.1, zh: "实际不可能", en: "Practically impossible" },
  ],
  e: [
    { value: 10, zh: "连续暴露", en: "Continuous" },
    { value: 6, zh: "每天工作时间内暴露", en: "Daily during working hours" },
    { value: 3, zh: "每周一次或偶然暴露", en: "Weekly or occasionally" },
    { value: 2, zh: "每月一次暴露", en: "Monthly" },
    { value: 1, zh: "每年几次暴露", en: "A few times a year" },
    { value: 0.5, zh: "非常罕见地暴露", en: "Very rarely" },
  ],
  c: [
    { value: 100, zh: "大灾难，许多人死亡", en: "Catastrophe, many deaths" },
    { value: 40, zh: "灾难，数人死亡", en: "Disaster, several deaths" },
    { value: 15, zh: "非常严重，一人死亡", en: "Very serious, one death" },
    { value: 7, zh: "严重，重伤", en: "Serious, severe injury" },
    { value: 3, zh: "重大，致残", en: "Major, disability" },
    { value: 1, zh: "引人注目，需要救护", en: "Notable, needs first aid" },
  ],
};

/** LS matrix: L likelihood (可能性) and S severity (后果严重性), integers 1–5. Wording: common enterprise criteria [P]. */
export const LS_TABLES: { l: readonly ScoreOption[]; s: readonly ScoreOption[] } = {
  l: [
    {
      value: 5,
      zh: "现场没有防范、监测、保护、控制措施，或危害的发生不能被发现，或在正常情况下经常发生此类事故",
      en: "No prevention or monitoring; happens regularly",
    },
    {
      value: 4,
      zh: "危害的发生不容易被发现，现场没有检测系统，或有控制措施但未有效执行，或危害常发生",
      en: "Hard to detect; controls not effectively applied",
    },
    { value: 3, zh: "没有保护措施或未严格按操作程序执行，或过去曾经发生类似事故", en: "No protection or procedures not followed; has happened before" },
    {
      value: 2,
      zh: "危害一旦发生能及时发现并定期监测，或现场有防范控制措施并能有效执行，过去偶尔发生",
      en: "Detected in time; effective controls; occasional",
    },
    {
      value: 1,
      zh: "有充分、有效的防范、控制、监测、保护措施，员工安全意识高，严格执行操作规程，极不可能发生",
      en: "Full, effective controls; extremely unlikely",
    },
  ],
  s: [
    { value: 5, zh: "死亡；违反法律法规和标准；重大经济损失或多套装置停工；重大社会影响", en: "Death; breach of law; major loss or shutdown" },
    { value: 4, zh: "丧失劳动能力（重伤）；潜在违反法规标准；较大经济损失或装置停工；行业或省内影响", en: "Disabling injury; large loss; provincial impact" },
    {
      value: 3,
      zh: "截肢、骨折、听力丧失、慢性病；不符合公司或行业安全规定；一套装置或设备停工",
      en: "Serious injury; breach of company rules; one unit stops",
    },
    { value: 2, zh: "轻微受伤、间歇不舒服；不符合企业操作程序；受影响不大，几乎不停工", en: "Minor injury; breach of procedure; hardly any stoppage" },
    { value: 1, zh: "无伤亡；完全符合规定；无损失；没有停工", en: "No injury, no loss, no stoppage" },
  ],
};

const scoresOf = (t: readonly ScoreOption[]) => t.map((o) => o.value);

// ---------------------------------------------------------------------------------------------
// Control levels (分级管控层级, §1.7 [P])

/** Management levels from high to low. A risk owned by a level is also controlled by every level below it. */
export const CONTROL_LEVELS = {
  company: { zh: "公司", en: "Company", rank: 4 },
  workshop: { zh: "车间", en: "Workshop", rank: 3 },
  team: { zh: "班组", en: "Team", rank: 2 },
  post: { zh: "岗位", en: "Post", rank: 1 },
} as const;
export type ControlLevel = keyof typeof CONTROL_LEVELS;
export const CONTROL_LEVEL_CODES = Object.keys(CONTROL_LEVELS) as ControlLevel[];

// ---------------------------------------------------------------------------------------------
// Bands (分级标准): versioned, configurable per jurisdiction

/** One band: values `> min` (inclusive false) or `>= min` (inclusive true) fall in it, checked from the top band down. */
export interface GradeBand {
  level: number;
  grade: RiskGrade;
  min: number;
  inclusive: boolean;
}

export interface RiskBands {
  /** Identifies this set of bands; stored with every assessment. */
  version: string;
  /** LEC: D thresholds, highest band first; the last band catches everything ≥ 0. */
  lec: GradeBand[];
  /** LS: R thresholds, highest band first; the last band catches everything ≥ 0. */
  ls: GradeBand[];
  /** The level that owns (负责管控) a risk of each grade. */
  controlLevels: Record<RiskGrade, ControlLevel>;
}

/**
 * Defaults. LEC (§2.1): D > 320 → 1 重大; ≥ 160 → 2 较大; ≥ 70 → 3 一般; ≥ 20 → 4 低; else 5 低 (boundary handling [U]).
 * LS (§2.2, the "widely used enterprise template" variant [U]): R 20–25 重大, 15–16 较大, 9–12 一般, 1–8 低.
 * Owners (§1.7 [P]): 重大 and 较大 the company, 一般 the workshop, 低 the team.
 */
export const DEFAULT_RISK_BANDS: RiskBands = {
  version: "default@1",
  lec: [
    { level: 1, grade: "重大", min: 320, inclusive: false },
    { level: 2, grade: "较大", min: 160, inclusive: true },
    { level: 3, grade: "一般", min: 70, inclusive: true },
    { level: 4, grade: "低", min: 20, inclusive: true },
    { level: 5, grade: "低", min: 0, inclusive: true },
  ],
  ls: [
    { level: 1, grade: "重大", min: 20, inclusive: true },
    { level: 2, grade: "较大", min: 15, inclusive: true },
    { level: 3, grade: "一般", min: 9, inclusive: true },
    { level: 4, grade: "低", min: 0, inclusive: true },
  ],
  controlLevels: { 重大: "company", 较大: "company", 一般: "workshop", 低: "team" },
};

const gradeEnum = z.enum(RISK_GRADES, { error: "风险等级应为 重大/较大/一般/低" });
const controlLevelEnum = z.enum(CONTROL_LEVEL_CODES as [ControlLevel, ...ControlLevel[]], { error: "管控层级应为 company/workshop/team/post" });

const bandSchema = z.object({
  level: z.number({ error: "级别应为整数" }).int({ error: "级别应为整数" }).min(1, { error: "级别从 1 开始" }).max(9, { error: "级别最多 9" }),
  grade: gradeEnum,
  min: z.number({ error: "下限应为数字" }).min(0, { error: "下限不能为负数" }).max(100_000, { error: "下限过大" }),
  inclusive: z.boolean({ error: "inclusive 应为 true 或 false" }),
});

/** A band list: levels 1, 2, 3… from the top; thresholds strictly decreasing; grades never rising; the last band ≥ 0. */
const bandListSchema = z
  .array(bandSchema, { error: "分级应为数组" })
  .min(2, { error: "至少需要 2 个级别" })
  .max(9, { error: "最多 9 个级别" })
  .superRefine((list, ctx) => {
    list.forEach((b, i) => {
      if (b.level !== i + 1) ctx.addIssue({ code: "custom", path: [i, "level"], message: `第 ${i + 1} 档的级别应为 ${i + 1}` });
      const prev = list[i - 1];
      if (prev && !(b.min < prev.min)) ctx.addIssue({ code: "custom", path: [i, "min"], message: "下限应从高到低严格递减" });
      if (prev && gradeRank(b.grade) > gradeRank(prev.grade)) ctx.addIssue({ code: "custom", path: [i, "grade"], message: "较低档位的风险等级不能高于上一档" });
    });
    const last = list[list.length - 1];
    if (last && (last.min !== 0 || !last.inclusive)) {
      ctx.addIssue({ code: "custom", path: [list.length - 1, "min"], message: "最后一档应为 min 0、inclusive true（兜底）" });
    }
  });

/** Custom bands of a jurisdiction (PUT /api/settings/risk-bands). Chinese messages name the failing field. */
export const riskBandsSchema = z
  .object({
    version: z
      .string({ error: "请填写版本号" })
      .trim()
      .min(1, { error: "请填写版本号" })
      .max(40, { error: "版本号最多 40 个字符" })
      .regex(/^[\w.@-]+$/, { error: "版本号只能包含字母、数字和 . @ - _" })
      .refine((v) => !v.startsWith("default"), { error: "版本号不能以 default 开头（保留给默认标准）" }),
    lec: bandListSchema,
    ls: bandListSchema,
    controlLevels: z
      .object({ 重大: controlLevelEnum, 较大: controlLevelEnum, 一般: controlLevelEnum, 低: controlLevelEnum })
      .default(DEFAULT_RISK_BANDS.controlLevels)
      .refine((m) => RISK_GRADES.every((g, i) => i === 0 || CONTROL_LEVELS[m[g]].rank <= CONTROL_LEVELS[m[RISK_GRADES[i - 1]!]].rank), {
        error: "风险越高，管控层级应越高（重大 ≥ 较大 ≥ 一般 ≥ 低）",
      }),
  })
  .strict();

/** The band a value falls in. Values are ≥ 0, and a valid band list ends with a catch-all, so there always is one. */
export function bandOf(value: number, bands: readonly GradeBand[]): GradeBand {
  for (const b of bands) if (b.inclusive ? value >= b.min : value > b.min) return b;
  const last = bands[bands.length - 1];
  if (!last) throw new Error("empty band list");
  return last;
}

// ---------------------------------------------------------------------------------------------
// Calculators

export const LEC_CALCULATOR_VERSION = "lec@1";
export const LS_CALCULATOR_VERSION = "ls@1";
export const RISK_METHODS = { lec: { zh: "LEC 作业条件危险性分析法", en: "LEC" }, ls: { zh: "LS 风险矩阵法", en: "LS matrix" } } as const;
export type RiskMethod = keyof typeof RISK_METHODS;

export interface LecInput {
  l: number;
  e: number;
  c: number;
}
export interface LsInput {
  l: number;
  s: number;
}

interface GradedResult {
  level: number;
  riskGrade: RiskGrade;
  color: RiskColor;
  calculatorVersion: string;
  bandsVersion: string;
}
export interface LecResult extends GradedResult {
  d: number;
}
export interface LsResult extends GradedResult {
  r: number;
}
export type RiskResult = LecResult | LsResult;

/** A score that is not in its table: names every failing input (l, e, c or s). */
export class RiskScoreError extends Error {
  readonly code = "RISK_SCORE_NOT_IN_TABLE";
  constructor(readonly fields: { field: string; message: string }[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join("；"));
    this.name = "RiskScoreError";
  }
}

function checkScores(table: Record<string, readonly ScoreOption[]>, input: Record<string, unknown>, method: string, strict = false): void {
  const fields: { field: string; message: string }[] = [];
  if (strict) {
    for (const k of Object.keys(input)) if (!(k in table)) fields.push({ field: k, message: `${method} 法没有 ${k.toUpperCase()} 参数` });
  }
  for (const [k, options] of Object.entries(table)) {
    const v = input[k];
    const allowed = scoresOf(options);
    if (v === undefined || v === null) fields.push({ field: k, message: `请填写 ${method} 的 ${k.toUpperCase()} 值` });
    else if (typeof v !== "number" || !allowed.includes(v)) {
      fields.push({ field: k, message: `${method} 的 ${k.toUpperCase()} 取值应为 ${allowed.join("、")} 之一` });
    }
  }
  if (fields.length) throw new RiskScoreError(fields);
}

/** Products of table scores, without floating-point noise (0.2 × 3 × 7 = 4.2, not 4.200000000000001). */
const tidy = (x: number) => Math.round(x * 1e6) / 1e6;

function graded(value: number, bands: readonly GradeBand[], calculatorVersion: string, bandsVersion: string): GradedResult {
  const b = bandOf(value, bands);
  return { level: b.level, riskGrade: b.grade, color: RISK_GRADE_INFO[b.grade].color, calculatorVersion, bandsVersion };
}

/** `lec@1`: D = L × E × C, graded by the LEC bands. Throws RiskScoreError for a score outside its table. */
export function calculateLec(input: LecInput, bands: RiskBands = DEFAULT_RISK_BANDS): LecResult {
  checkScores(LEC_TABLES, input as unknown as Record<string, unknown>, "LEC");
  const d = tidy(input.l * input.e * input.c);
  return { d, ...graded(d, bands.lec, LEC_CALCULATOR_VERSION, bands.version) };
}

/** `ls@1`: R = L × S (integers 1–5), graded by the LS bands. Throws RiskScoreError for a score outside 1–5. */
export function calculateLs(input: LsInput, bands: RiskBands = DEFAULT_RISK_BANDS): LsResult {
  checkScores(LS_TABLES, input as unknown as Record<string, unknown>, "LS");
  const r = input.l * input.s;
  return { r, ...graded(r, bands.ls, LS_CALCULATOR_VERSION, bands.version) };
}

/** Runs the method's calculator on its inputs (`{l,e,c}` for LEC, `{l,s}` for LS); extra keys are not allowed. */
export function assessRisk(method: RiskMethod, inputs: Record<string, unknown>, bands: RiskBands = DEFAULT_RISK_BANDS): RiskResult {
  checkScores(method === "lec" ? LEC_TABLES : LS_TABLES, inputs, method.toUpperCase(), true);
  return method === "lec" ? calculateLec(inputs as unknown as LecInput, bands) : calculateLs(inputs as unknown as LsInput, bands);
}

/** The owner level of a grade under these bands, and every level that also controls it (the owner and those below). */
export function controlLevelsFor(grade: RiskGrade, bands: RiskBands = DEFAULT_RISK_BANDS): { owner: ControlLevel; levels: ControlLevel[] } {
  const owner = bands.controlLevels[grade];
  return { owner, levels: CONTROL_LEVEL_CODES.filter((l) => CONTROL_LEVELS[l].rank <= CONTROL_LEVELS[owner].rank) };
}

// ---------------------------------------------------------------------------------------------
// Risk register codes (§1.3, §1.4)

/** 风险分析对象 kinds. */
export const RISK_OBJECT_KINDS = {
  major_hazard: { zh: "重大危险源", en: "Major hazard source" },
  production_unit: { zh: "生产装置", en: "Production unit" },
  storage_area: { zh: "储存区域", en: "Storage area" },
  equipment: { zh: "设备设施", en: "Equipment" },
  work_post: { zh: "作业岗位", en: "Work post" },
} as const;
export type RiskObjectKind = keyof typeof RISK_OBJECT_KINDS;
export const RISK_OBJECT_KIND_CODES = Object.keys(RISK_OBJECT_KINDS) as RiskObjectKind[];

/** Control measure classify1 (管控措施分类1). */
export const MEASURE_CLASSIFY1 = {
  "1": { zh: "工程技术", en: "Engineering / technical" },
  "2": { zh: "维护保养", en: "Maintenance" },
  "3": { zh: "操作行为", en: "Operating behaviour" },
  "4": { zh: "应急措施", en: "Emergency measures" },
} as const;
export type MeasureClassify1 = keyof typeof MEASURE_CLASSIFY1;
export const MEASURE_CLASSIFY1_CODES = Object.keys(MEASURE_CLASSIFY1) as MeasureClassify1[];

/** Control measure classify2 (管控措施分类2), coded `x-y` under classify1 x. */
export const MEASURE_CLASSIFY2 = {
  "1-1": { zh: "工艺控制", en: "Process control" },
  "1-2": { zh: "关键设备/部件", en: "Key equipment / parts" },
  "1-3": { zh: "安全附件", en: "Safety accessories" },
  "1-4": { zh: "安全仪表", en: "Safety instrumentation" },
  "1-5": { zh: "其他", en: "Other" },
  "2-1": { zh: "动设备", en: "Rotating equipment" },
  "2-2": { zh: "静设备", en: "Static equipment" },
  "2-3": { zh: "其他", en: "Other" },
  "3-1": { zh: "人员资质", en: "Personnel qualification" },
  "3-2": { zh: "操作记录", en: "Operation records" },
  "3-3": { zh: "交接班", en: "Shift handover" },
  "3-4": { zh: "其他", en: "Other" },
  "4-1": { zh: "应急设施", en: "Emergency facilities" },
  "4-2": { zh: "个体防护", en: "PPE" },
  "4-3": { zh: "消防设施", en: "Fire-fighting facilities" },
  "4-4": { zh: "应急预案", en: "Emergency plan" },
  "4-5": { zh: "其他", en: "Other" },
} as const;
export type MeasureClassify2 = keyof typeof MEASURE_CLASSIFY2;
export const MEASURE_CLASSIFY2_CODES = Object.keys(MEASURE_CLASSIFY2) as MeasureClassify2[];

/** Does classify2 `x-y` belong to classify1 `x`? */
export function classify2Belongs(classify1: string, classify2: string): boolean {
  return classify2 in MEASURE_CLASSIFY2 && classify2.split("-")[0] === classify1;
}

/** dataSrc: how a measure is controlled. */
export const MEASURE_DATA_SOURCES = {
  1: { zh: "自动化监控", en: "Automated monitoring" },
  2: { zh: "隐患排查", en: "Inspection" },
} as const;

/** Unit status: normal, or shut down for maintenance (停用检维修). */
export const RISK_UNIT_STATUSES = { normal: { zh: "正常", en: "Normal" }, shutdown: { zh: "停用检维修", en: "Shut down" } } as const;
export type RiskUnitStatus = keyof typeof RISK_UNIT_STATUSES;

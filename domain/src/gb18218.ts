/**
 * GB 18218-2018 《危险化学品重大危险源辨识》: identification (辨识, S = Σ qᵢ/Qᵢ ≥ 1) and grading (分级,
 * R = α·Σ βᵢ·qᵢ/Qᵢ) of major hazard installations (重大危险源), as versioned data and one pure function
 * (domain-reference §3).
 *
 * Data: Table 1 (85 named chemicals with their threshold Q), Table 2/4 (hazard classes with Q and β for chemicals not in
 * Table 1, and β for Table 1 chemicals not in Table 3), Table 3 (β for toxic gases), Table 5 (α by exposed people) and
 * Table 6 (grade bands).
 *
 * The standard gives no explicit rule for the β of a chemical with several GHS classes ([U] in the reference), so every
 * Table 1 row carries a DEFAULT hazard class (`defaultClass`) assigned here from its usual GHS classification; a
 * substance's `hazardClass` input overrides it. The class decides β only when the chemical is not in Table 3; the
 * threshold of a Table 1 chemical is always its Table 1 Q.
 */

export const GB18218_VERSION = "GB 18218-2018@1";

// ---------------------------------------------------------------------------------------------------------------
// Table 2 / Table 4: hazard classes

export interface HazardClassInfo {
  /** Class symbol (类别符号), e.g. "W5.3". */
  symbol: string;
  /** Hazard category (危险性类别), e.g. 易燃液体. */
  group: string;
  groupEn: string;
  /** Scope of the class in Table 2 (Chinese), e.g. 类别2. */
  zh: string;
  en: string;
  /** Table 2 threshold quantity Q, tonnes. */
  threshold: number;
  /** Table 4 correction factor β. */
  beta: number;
}

export const GB18218_CLASSES: readonly HazardClassInfo[] = [
  { symbol: "J1", group: "急性毒性", groupEn: "Acute toxicity", zh: "类别1，所有暴露途径，气体", en: "Cat. 1, all routes, gas", threshold: 5, beta: 4 },
  {
    symbol: "J2",
    group: "急性毒性",
    groupEn: "Acute toxicity",
    zh: "类别1，所有暴露途径，固体、液体",
    en: "Cat. 1, all routes, solid/liquid",
    threshold: 50,
    beta: 1,
  },
  {
    symbol: "J3",
    group: "急性毒性",
    groupEn: "Acute toxicity",
    zh: "类别2、类别3，所有暴露途径，气体",
    en: "Cat. 2 & 3, all routes, gas",
    threshold: 50,
    beta: 2,
  },
  {
    symbol: "J4",
    group: "急性毒性",
    groupEn: "Acute toxicity",
    zh: "类别2、类别3，吸入途径，液体（沸点≤35℃）",
    en: "Cat. 2 & 3, inhalation, liquid with b.p. ≤ 35 °C",
    threshold: 50,
    beta: 2,
  },
  {
    symbol: "J5",
    group: "急性毒性",
    groupEn: "Acute toxicity",
    zh: "类别2，所有暴露途径，液体（除J4外）、固体",
    en: "Cat. 2, all routes, liquid (except J4) / solid",
    threshold: 500,
    beta: 1,
  },
  { symbol: "W1.1", group: "爆炸物", groupEn: "Explosives", zh: "不稳定爆炸物；1.1项爆炸物", en: "Unstable explosives; division 1.1", threshold: 1, beta: 2 },
  { symbol: "W1.2", group: "爆炸物", groupEn: "Explosives", zh: "1.2、1.3、1.5、1.6项爆炸物", en: "Divisions 1.2, 1.3, 1.5, 1.6", threshold: 10, beta: 2 },
  { symbol: "W1.3", group: "爆炸物", groupEn: "Explosives", zh: "1.4项爆炸物", en: "Division 1.4", threshold: 50, beta: 2 },
  { symbol: "W2", group: "易燃气体", groupEn: "Flammable gas", zh: "类别1和类别2", en: "Cat. 1 and 2", threshold: 10, beta: 1.5 },
  { symbol: "W3", group: "气溶胶", groupEn: "Aerosols", zh: "类别1和类别2（净重）", en: "Cat. 1 and 2 (net weight)", threshold: 150, beta: 1 },
  { symbol: "W4", group: "氧化性气体", groupEn: "Oxidising gas", zh: "类别1", en: "Cat. 1", threshold: 50, beta: 1 },
  {
    symbol: "W5.1",
    group: "易燃液体",
    groupEn: "Flammable liquid",
    zh: "类别1；类别2和3，工作温度高于沸点",
    en: "Cat. 1; or Cat. 2/3 operated above the boiling point",
    threshold: 10,
    beta: 1.5,
  },
  {
    symbol: "W5.2",
    group: "易燃液体",
    groupEn: "Flammable liquid",
    zh: "类别2和3，具有引发重大事故的特殊工艺条件（危险化工工艺、爆炸极限范围或附近操作、操作压力大于1.6MPa等）",
    en: "Cat. 2/3 with special process conditions (hazardous process, near explosive limits, pressure > 1.6 MPa, …)",
    threshold: 50,
    beta: 1,
  },
  { symbol: "W5.3", group: "易燃液体", groupEn: "Flammable liquid", zh: "不属于W5.1或W5.2的其他类别2", en: "Other Cat. 2", threshold: 1000, beta: 1 },
  { symbol: "W5.4", group: "易燃液体", groupEn: "Flammable liquid", zh: "不属于W5.1或W5.2的其他类别3", en: "Other Cat. 3", threshold: 5000, beta: 1 },
  { symbol: "W6.1", group: "自反应物质和混合物", groupEn: "Self-reactive", zh: "A型和B型", en: "Types A, B", threshold: 10, beta: 1.5 },
  { symbol: "W6.2", group: "自反应物质和混合物", groupEn: "Self-reactive", zh: "C型、D型和E型", en: "Types C, D, E", threshold: 50, beta: 1 },
  { symbol: "W7.1", group: "有机过氧化物", groupEn: "Organic peroxides", zh: "A型和B型", en: "Types A, B", threshold: 10, beta: 1.5 },
  { symbol: "W7.2", group: "有机过氧化物", groupEn: "Organic peroxides", zh: "C型、D型、E型、F型", en: "Types C, D, E, F", threshold: 50, beta: 1 },
  { symbol: "W8", group: "自燃液体和自燃固体", groupEn: "Pyrophoric liquid/solid", zh: "类别1", en: "Cat. 1", threshold: 50, beta: 1 },
  { symbol: "W9.1", group: "氧化性固体和液体", groupEn: "Oxidising solid/liquid", zh: "类别1", en: "Cat. 1", threshold: 50, beta: 1 },
  { symbol: "W9.2", group: "氧化性固体和液体", groupEn: "Oxidising solid/liquid", zh: "类别2、类别3", en: "Cat. 2, 3", threshold: 200, beta: 1 },
  { symbol: "W10", group: "易燃固体", groupEn: "Flammable solid", zh: "类别1", en: "Cat. 1", threshold: 200, beta: 1 },
  {
    symbol: "W11",
    group: "遇水放出易燃气体的物质和混合物",
    groupEn: "Water-reactive, emits flammable gas",
    zh: "类别1和类别2",
    en: "Cat. 1 and 2",
    threshold: 200,
    beta: 1,
  },
];

export const GB18218_CLASS_SYMBOLS: readonly string[] = GB18218_CLASSES.map((c) => c.symbol);

const CLASS_BY_SYMBOL = new Map(GB18218_CLASSES.map((c) => [c.symbol, c]));

/** The Table 2/4 class for a symbol (case-insensitive, surrounding blanks ignored), or undefined. */
export function findHazardClass(symbol: string | null | undefined): HazardClassInfo | undefined {
  if (!symbol) return undefined;
  return CLASS_BY_SYMBOL.get(symbol.trim().toUpperCase());
}

// ---------------------------------------------------------------------------------------------------------------
// Table 1: named chemicals

export interface Table1Entry {
  /** Row number (序号) 1–85. */
  no: number;
  /** 危险化学品名称, as printed. */
  name: string;
  /** 别名, as printed ("" when none). */
  alias: string;
  /** CAS column as printed: may hold several numbers with labels, or be "" (mixtures). */
  cas: string;
  /** The CAS numbers of the row, parsed from `cas`. */
  casNumbers: readonly string[];
  /** 临界量 Q, tonnes. */
  threshold: number;
  /**
   * DEFAULT Table 2/4 hazard class assigned here from the usual GHS classification of the chemical (not part of the
   * standard's Table 1). A substance's `hazardClass` overrides it; it decides β only when the row is not in Table 3.
   */
  defaultClass: string;
}

// [no, name, alias, cas, Q, default class]
const TABLE1_ROWS: ReadonlyArray<readonly [number, string, string, string, number, string]> = [
  [1, "氨", "液氨；氨气", "7664-41-7", 10, "J3"],
  [2, "二氟化氧", "一氧化二氟", "7783-41-7", 1, "J1"],
  [3, "二氧化氮", "", "10102-44-0", 1, "J1"],
  [4, "二氧化硫", "亚硫酸酐", "7446-09-5", 20, "J3"],
  [5, "氟", "", "7782-41-4", 1, "J1"],
  [6, "碳酰氯", "光气", "75-44-5", 0.3, "J1"],
  [7, "环氧乙烷", "氧化乙烯", "75-21-8", 10, "J3"],
  [8, "甲醛（含量＞90%)", "蚁醛", "50-00-0", 5, "J3"],
  [9, "磷化氢", "磷化三氢；膦", "7803-51-2", 1, "J1"],
  [10, "硫化氢", "", "7783-06-4", 5, "J3"],
  [11, "氯化氢（无水）", "", "7647-01-0", 20, "J3"],
  [12, "氯", "液氯；氯气", "7782-50-5", 5, "J3"],
  [13, "煤气(CO, CO 和 H 2 、CH4 的混合物等）", "", "", 20, "W2"],
  [14, "砷化氢", "砷化三氢、胂", "7784-42-1", 1, "J1"],
  [15, "锑化氢", "三氢化锑；锑化三氢", "7803-52-3", 1, "J1"],
  [16, "硒化氢", "", "7783-07-5", 1, "J1"],
  [17, "溴甲烷", "甲基溴", "74-83-9", 10, "J3"],
  [18, "丙酮氰醇", "丙酮合氰化氢； 2-羟基异丁腈；氰丙醇", "75-86-5", 20, "J2"],
  [19, "丙烯醛", "烯丙醛；败脂醛", "107-02-8", 20, "J2"],
  [20, "氟化氢", "", "7664-39-3", 1, "J1"],
  [21, "1-氯-2,3-环氧丙烷", "环氧氯丙烷 (3-氯-1,2-环氧丙烷）", "106-89-8", 20, "W5.4"],
  [22, "3-溴-1,2-环氧丙烷", "环氧溴丙烷； 溴甲基环氧乙烷；表溴醇", "3132-64-7", 20, "W5.4"],
  [23, "甲苯二异氰酸酯", "二异氰酸甲苯酯；TDI", "26471-62-5", 100, "J5"],
  [24, "一氯化硫", "氯化硫", "10025-67-9", 1, "J5"],
  [25, "氰化氢", "无水氢氰酸", "74-90-8", 1, "J1"],
  [26, "三氧化硫", "硫酸酐", "7446-11-9", 75, "J5"],
  [27, "3-氨基丙烯", "烯丙胺", "107-11-9", 20, "J5"],
  [28, "溴", "溴素", "7726-95-6", 20, "J5"],
  [29, "乙撑亚胺", "吖丙啶；1-氮杂环丙烷；氮丙啶", "151-56-4", 20, "J2"],
  [30, "异氰酸甲酯", "甲基异氰酸酯", "624-83-9", 0.75, "W5.1"],
  [31, "叠氮化钡", "叠氮钡", "18810-58-7", 0.5, "W1.1"],
  [32, "叠氮化铅", "", "13424-46-9", 0.5, "W1.1"],
  [33, "雷汞", "二雷酸汞；雷酸汞", "628-86-4", 0.5, "W1.1"],
  [34, "三硝基苯甲醚", "三硝基茴香醚", "28653-16-9", 5, "W1.1"],
  [35, "2,4,6-三硝基甲苯", "梯恩梯；TNT", "118-96-7", 5, "W1.1"],
  [36, "硝化甘油", "硝化丙三醇；甘油三硝酸酯", "55-63-0", 1, "W1.1"],
  [37, "硝化纤维素［干的或含水（或乙醇）<25%]", "硝化棉", "9004-70-0", 1, "W1.1"],
  [38, "硝化纤维素（未改型的， 或增塑的，含增塑剂<18%)", "(硝化棉)", "9004-70-0", 1, "W1.1"],
  [39, "硝化纤维素（含乙醇 ≥25%)", "(硝化棉)", "9004-70-0", 10, "W10"],
  [40, "硝化纤维素（含氮 ≤12.6%)", "(硝化棉)", "9004-70-0", 50, "W10"],
  [41, "硝化纤维素（含水 ≥25%)", "(硝化棉)", "9004-70-0", 50, "W10"],
  [42, "硝化纤维素溶液 （含氮量 ≤12.6%,含硝化纤维素 ≤55%)", "硝化棉溶液", "9004-70-0", 50, "W5.3"],
  [43, "硝酸铵（含可燃物＞0.2% , 包括以碳计算的任何有机物，但不包括任何其他添加剂）", "", "6484-52-2", 5, "W1.1"],
  [44, "硝酸铵（含可燃物 ≤0.2%)", "", "6484-52-2", 50, "W9.2"],
  [45, "硝酸铵肥料（含可燃物 ≤0.4%)", "", "", 200, "W9.2"],
  [46, "硝酸钾", "", "7757-79-1", 1000, "W9.2"],
  [47, "1,3-丁二烯", "联乙烯", "106-99-0", 5, "W2"],
  [48, "二甲醚", "甲醚", "115-10-6", 50, "W2"],
  [49, "甲烷，天然气", "", "74-82-8（甲烷） 8006-14-2（天然气）", 50, "W2"],
  [50, "氯乙烯", "乙烯基氯", "75-01-4", 50, "W2"],
  [51, "氢", "氢气", "1333-74-0", 5, "W2"],
  [52, "液化石油气（含丙烷、丁烷及其混合物）", "石油气（液化的）", "68476-85-7 74-98-6（丙烷） 106-97-8（丁烷）", 50, "W2"],
  [53, "一甲胺", "氨基甲烷；甲胺", "74-89-5", 5, "W2"],
  [54, "乙炔", "电石气", "74-86-2", 1, "W2"],
  [55, "乙烯", "", "74-85-1", 50, "W2"],
  [56, "氧（压缩的或液化的）", "液氧；氧气", "7782-44-7", 200, "W4"],
  [57, "苯", "纯苯", "71-43-2", 50, "W5.3"],
  [58, "苯乙烯", "乙烯苯", "100-42-5", 500, "W5.4"],
  [59, "丙酮", "二甲基酮", "67-64-1", 500, "W5.3"],
  [60, "2-丙烯腈", "丙烯腈；乙烯基氰；氰基乙烯", "107-13-1", 50, "W5.3"],
  [61, "二硫化碳", "", "75-15-0", 50, "W5.1"],
  [62, "环己烷", "六氢化苯", "110-82-7", 500, "W5.3"],
  [63, "1,2-环氧丙烷", "氧化丙烯；甲基环氧乙烷", "75-56-9", 10, "W5.1"],
  [64, "甲苯", "甲基苯；苯基甲烷", "108-88-3", 500, "W5.3"],
  [65, "甲醇", "木醇；木精", "67-56-1", 500, "W5.3"],
  [66, "汽油（乙醇汽油、甲醇汽油）", "", "86290-81-5（汽油）", 200, "W5.3"],
  [67, "乙醇", "酒精", "64-17-5", 500, "W5.3"],
  [68, "乙醚", "二乙基醚", "60-29-7", 10, "W5.1"],
  [69, "乙酸乙酯", "醋酸乙酯", "141-78-6", 500, "W5.3"],
  [70, "正己烷", "己烷", "110-54-3", 500, "W5.3"],
  [71, "过乙酸", "过醋酸；过氧乙酸；乙酰过氧化氢", "79-21-0", 10, "W7.2"],
  [72, "过氧化甲基乙基酮 (10%<有效氧含量 ≤10.7% , 含 A 型稀释剂 ≥48%)", "", "1338-23-4", 10, "W7.2"],
  [73, "白磷", "黄磷", "12185-10-3", 50, "W8"],
  [74, "烷基铝", "三烷基铝", "", 1, "W8"],
  [75, "戊硼烷", "五硼烷", "19624-22-7", 1, "W8"],
  [76, "过氧化钾", "", "17014-71-0", 20, "W9.1"],
  [77, "过氧化钠", "双氧化钠；二氧化钠", "1313-60-6", 20, "W9.1"],
  [78, "氯酸钾", "", "3811-04-9", 100, "W9.1"],
  [79, "氯酸钠", "", "7775-09-9", 100, "W9.1"],
  [80, "发烟硝酸", "", "52583-42-3", 20, "W9.1"],
  [81, "硝酸（发红烟的除外，含硝酸＞70%)", "", "7697-37-2", 100, "W9.2"],
  [82, "硝酸胍", "硝酸亚氨脲", "506-93-4", 50, "W9.2"],
  [83, "碳化钙", "电石", "75-20-7", 100, "W11"],
  [84, "钾", "金属钾", "7440-09-7", 1, "W11"],
  [85, "钠", "金属钠", "7440-23-5", 10, "W11"],
];

const CAS_RE = /\d{2,7}-\d{2}-\d/g;

export const GB18218_TABLE1: readonly Table1Entry[] = TABLE1_ROWS.map(([no, name, alias, cas, threshold, defaultClass]) => ({
  no,
  name,
  alias,
  cas,
  casNumbers: cas.match(CAS_RE) ?? [],
  threshold,
  defaultClass,
}));

// ---------------------------------------------------------------------------------------------------------------
// Table 3: β for toxic gases

export interface Table3Entry {
  name: string;
  cas: string;
  /** The Table 1 row that lists it (一氧化碳 is covered by row 13, 煤气). */
  table1No: number;
  beta: number;
}

export const GB18218_TABLE3: readonly Table3Entry[] = [
  { name: "一氧化碳", cas: "630-08-0", table1No: 13, beta: 2 },
  { name: "二氧化硫", cas: "7446-09-5", table1No: 4, beta: 2 },
  { name: "氨", cas: "7664-41-7", table1No: 1, beta: 2 },
  { name: "环氧乙烷", cas: "75-21-8", table1No: 7, beta: 2 },
  { name: "氯化氢", cas: "7647-01-0", table1No: 11, beta: 3 },
  { name: "溴甲烷", cas: "74-83-9", table1No: 17, beta: 3 },
  { name: "氯", cas: "7782-50-5", table1No: 12, beta: 4 },
  { name: "硫化氢", cas: "7783-06-4", table1No: 10, beta: 5 },
  { name: "氟化氢", cas: "7664-39-3", table1No: 20, beta: 5 },
  { name: "二氧化氮", cas: "10102-44-0", table1No: 3, beta: 10 },
  { name: "氰化氢", cas: "74-90-8", table1No: 25, beta: 10 },
  { name: "碳酰氯", cas: "75-44-5", table1No: 6, beta: 20 },
  { name: "磷化氢", cas: "7803-51-2", table1No: 9, beta: 20 },
  { name: "异氰酸甲酯", cas: "624-83-9", table1No: 30, beta: 20 },
];

const TABLE3_BY_ROW = new Map(GB18218_TABLE3.map((e) => [e.table1No, e]));

/** The Table 3 β of a Table 1 row, or undefined when the row is not a Table 3 toxic gas. */
export function table3BetaFor(table1No: number): number | undefined {
  return TABLE3_BY_ROW.get(table1No)?.beta;
}

// ---------------------------------------------------------------------------------------------------------------
// Table 5 (α) and Table 6 (grades)

/** α by people living within 500 m outside the plant boundary; `min` = lowest head count of the band. */
export const GB18218_ALPHA_BANDS: readonly { min: number; max: number | null; alpha: number; zh: string }[] = [
  { min: 100, max: null, alpha: 2.0, zh: "100人以上" },
  { min: 50, max: 99, alpha: 1.5, zh: "50人～99人" },
  { min: 30, max: 49, alpha: 1.2, zh: "30人～49人" },
  { min: 1, max: 29, alpha: 1.0, zh: "1人～29人" },
  { min: 0, max: 0, alpha: 0.5, zh: "0人" },
];

/** Grades from 一级 (highest) to 四级; `min` = lowest R of the band (inclusive). */
export const GB18218_GRADE_BANDS: readonly { grade: 1 | 2 | 3 | 4; min: number; zh: string; en: string }[] = [
  { grade: 1, min: 100, zh: "一级", en: "Grade 1" },
  { grade: 2, min: 50, zh: "二级", en: "Grade 2" },
  { grade: 3, min: 10, zh: "三级", en: "Grade 3" },
  { grade: 4, min: Number.NEGATIVE_INFINITY, zh: "四级", en: "Grade 4" },
];

export const GB18218_GRADE_LABELS: Record<1 | 2 | 3 | 4, string> = { 1: "一级", 2: "二级", 3: "三级", 4: "四级" };

/** Tolerance for the ≥ comparisons (S ≥ 1, R ≥ band), so that 0.1 + 0.2 + 0.7 counts as 1. */
const EPS = 1e-9;

/** α (Table 5) for a whole number of exposed people ≥ 0. */
export function alphaFor(exposedPeople: number): number {
  if (!Number.isInteger(exposedPeople) || exposedPeople < 0) throw new RangeError(`exposedPeople must be a whole number ≥ 0, got ${exposedPeople}`);
  for (const band of GB18218_ALPHA_BANDS) if (exposedPeople >= band.min) return band.alpha;
  return 0.5;
}

/** The grade (Table 6) of an R value: 1 for R ≥ 100 … 4 for R < 10. */
export function gradeFor(r: number): 1 | 2 | 3 | 4 {
  for (const band of GB18218_GRADE_BANDS) if (r >= band.min - EPS * Math.max(1, Math.abs(band.min))) return band.grade;
  return 4;
}

// ---------------------------------------------------------------------------------------------------------------
// Look-up

/** Normal form for matching names: full-width → half-width, no blanks, lower case. */
function norm(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}

/** Look-up key: the normal form without outer brackets ("(硝化棉)" → 硝化棉). */
function keyOf(s: string): string {
  return norm(s).replace(/^[([]+|[)\]]+$/g, "");
}

/** Keys a row is found by: exact name (priority 0), CAS (handled apart), then name parts and aliases (priority 1). */
const EXACT_NAME = new Map<string, Table1Entry>();
const OTHER_KEYS = new Map<string, Table1Entry>();
const BY_CAS = new Map<string, Table1Entry>();

function addKey(map: Map<string, Table1Entry>, key: string, entry: Table1Entry): void {
  const k = keyOf(key);
  if (k && !map.has(k)) map.set(k, entry); // first row wins (e.g. 硝化纤维素 → row 37, 硝酸铵 → row 43: the lower Q)
}

for (const e of GB18218_TABLE1) {
  addKey(EXACT_NAME, e.name, e);
  for (const c of e.casNumbers) if (!BY_CAS.has(c)) BY_CAS.set(c, e);
}
for (const e of GB18218_TABLE1) {
  const nameNorm = e.name.normalize("NFKC");
  // The name before its parenthesised qualifier (甲醛（含量＞90%) → 甲醛), and its comma-separated parts (甲烷，天然气).
  const base = nameNorm.split(/[([［]/)[0] ?? "";
  addKey(OTHER_KEYS, base, e);
  for (const part of base.split(/[,，、]/)) addKey(OTHER_KEYS, part, e);
  // 汽油（乙醇汽油、甲醇汽油）: named kinds in the qualifier.
  if (e.no === 66) for (const k of ["乙醇汽油", "甲醇汽油"]) addKey(OTHER_KEYS, k, e);
  // Aliases, split on ；/、/;, with and without a parenthesised note.
  for (const alias of e.alias.normalize("NFKC").split(/[；;、]/)) {
    const a = alias.trim();
    if (!a) continue;
    addKey(OTHER_KEYS, a, e);
    addKey(OTHER_KEYS, a.split(/[([]/)[0] ?? "", e);
    const inner = a.match(/[([]([^)\]]+)[)\]]/);
    if (inner?.[1]) addKey(OTHER_KEYS, inner[1], e);
  }
  // Labels of the CAS column (74-98-6（丙烷） → 丙烷).
  for (const m of e.cas.normalize("NFKC").matchAll(/\(([^)]+)\)/g)) addKey(OTHER_KEYS, m[1] ?? "", e);
}
for (const t of GB18218_TABLE3) {
  const row = GB18218_TABLE1[t.table1No - 1]!;
  addKey(OTHER_KEYS, t.name, row);
  if (!BY_CAS.has(t.cas)) BY_CAS.set(t.cas, row);
}

/** Finds a Table 1 row by its name, a name part or alias (split on ；/、/;), any of its CAS numbers, or a Table 3 gas. */
export function findTable1(nameOrCas: string): Table1Entry | undefined {
  if (typeof nameOrCas !== "string") return undefined;
  const trimmed = nameOrCas.normalize("NFKC").trim();
  if (!trimmed) return undefined;
  const cas = trimmed.match(/^\d{2,7}-\d{2}-\d$/) ? trimmed : null;
  if (cas) return BY_CAS.get(cas);
  const k = keyOf(trimmed);
  return EXACT_NAME.get(k) ?? OTHER_KEYS.get(k);
}

/** Table 1 rows whose name, alias or CAS contains the text (for pickers), in row order. */
export function searchTable1(text: string, limit = 20): Table1Entry[] {
  const k = norm(text ?? "");
  if (!k) return GB18218_TABLE1.slice(0, limit);
  return GB18218_TABLE1.filter((e) => norm(e.name).includes(k) || norm(e.alias).includes(k) || norm(e.cas).includes(k)).slice(0, limit);
}

// ---------------------------------------------------------------------------------------------------------------
// Grading

export interface Gb18218Substance {
  name?: string;
  cas?: string;
  /** q: design maximum quantity (设计最大量) in tonnes, > 0. */
  quantity: number;
  /** Table 2/4 class symbol: required for a chemical not in Table 1; overrides the default class of a listed one. */
  hazardClass?: string;
}

export interface Gb18218Item {
  name: string;
  cas: string;
  table1No: number | null;
  hazardClass: string | null;
  quantity: number;
  threshold: number;
  beta: number;
  betaSource: "table3" | "class";
  ratio: number;
}

export interface Gb18218Result {
  version: string;
  /** S = Σ q/Q. */
  sum: number;
  isMajor: boolean;
  alpha: number;
  /** R = α·Σ β·q/Q (computed even when not major). */
  r: number;
  /** Grade only for a major hazard installation (S ≥ 1). */
  grade: 1 | 2 | 3 | 4 | null;
  items: Gb18218Item[];
}

export class Gb18218InputError extends Error {
  constructor(
    readonly index: number,
    readonly field: "name" | "hazardClass" | "quantity",
    message: string,
  ) {
    super(message);
    this.name = "Gb18218InputError";
  }
}

/** Rounds an output to 4 decimals (comparisons use the unrounded values). */
function round4(x: number): number {
  return Math.round((x + Number.EPSILON) * 1e4) / 1e4;
}

/** Identifies and grades one unit (单元). Throws Gb18218InputError for a bad substance, RangeError for exposedPeople. */
export function gradeGb18218(input: { exposedPeople: number; substances: Gb18218Substance[] }): Gb18218Result {
  const alpha = alphaFor(input.exposedPeople);
  let sum = 0;
  let weighted = 0;
  const items: Gb18218Item[] = input.substances.map((s, index) => {
    const name = (s.name ?? "").trim();
    const cas = (s.cas ?? "").trim();
    const label = name || cas;
    if (!label) throw new Gb18218InputError(index, "name", `第${index + 1}种物质缺少名称或CAS号`);
    if (typeof s.quantity !== "number" || !Number.isFinite(s.quantity) || s.quantity <= 0)
      throw new Gb18218InputError(index, "quantity", `“${label}”的数量必须大于0吨`);
    const override = s.hazardClass?.trim() ? findHazardClass(s.hazardClass) : undefined;
    if (s.hazardClass?.trim() && !override) throw new Gb18218InputError(index, "hazardClass", `“${label}”的危险性类别“${s.hazardClass}”不在GB 18218表2中`);
    // Exact name first (so 硝化纤维素（含水 ≥25%) is not taken for row 37 by its CAS), then CAS, then aliases.
    const row = (name ? EXACT_NAME.get(keyOf(name)) : undefined) ?? (cas ? findTable1(cas) : undefined) ?? (name ? findTable1(name) : undefined);
    if (!row && !override) throw new Gb18218InputError(index, "hazardClass", `“${label}”不在GB 18218表1中，须选择危险性类别（表2）`);
    const cls = override ?? findHazardClass(row!.defaultClass)!;
    const threshold = row ? row.threshold : cls.threshold;
    const t3 = row ? table3BetaFor(row.no) : undefined;
    const beta = t3 ?? cls.beta;
    const ratio = s.quantity / threshold;
    sum += ratio;
    weighted += beta * ratio;
    return {
      name: name || row?.name || cas,
      cas: cas || row?.casNumbers[0] || "",
      table1No: row?.no ?? null,
      hazardClass: cls.symbol,
      quantity: s.quantity,
      threshold,
      beta,
      betaSource: t3 !== undefined ? "table3" : "class",
      ratio: round4(ratio),
    };
  });
  const r = alpha * weighted;
  const isMajor = sum >= 1 - EPS;
  return { version: GB18218_VERSION, sum: round4(sum), isMajor, alpha, r: round4(r), grade: isMajor ? gradeFor(r) : null, items };
}

// ---------------------------------------------------------------------------------------------------------------
// Regulator check of a unit's identification and grading (辨识分级审核): one transition table.

export type HazardUnitReviewStatus = "draft" | "submitted" | "confirmed" | "returned";
export type HazardUnitReviewAction = "submit" | "confirm" | "return";

export const HAZARD_UNIT_REVIEW_TRANSITIONS: Record<HazardUnitReviewAction, { from: readonly HazardUnitReviewStatus[]; to: HazardUnitReviewStatus }> = {
  /** The enterprise submits its identification and grading for checking. */
  submit: { from: ["draft", "returned"], to: "submitted" },
  /** The regulator confirms it, or returns it with a comment. */
  confirm: { from: ["submitted"], to: "confirmed" },
  return: { from: ["submitted"], to: "returned" },
};

/** Why the action may not be taken in this status (a Chinese message), or null when it may. */
export function hazardUnitReviewRefusal(status: HazardUnitReviewStatus, action: HazardUnitReviewAction): string | null {
  if (HAZARD_UNIT_REVIEW_TRANSITIONS[action].from.includes(status)) return null;
  if (action === "submit") return status === "submitted" ? "该单元已提交，等待审核" : "该单元已确认，修改后方可再次提交";
  return "只能审核已提交的单元";
}

/** A changed unit must be checked again: a submitted or confirmed one goes back to draft. */
export function hazardUnitReviewStatusAfterEdit(status: HazardUnitReviewStatus): HazardUnitReviewStatus {
  return status === "submitted" || status === "confirmed" ? "draft" : status;
}

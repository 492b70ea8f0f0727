/**
 * Demo major hazard sources and online monitoring (演示重大危险源与在线监测): hazard units (生产单元/储存单元) with their
 * chemicals and design maximum quantities for 镇江华泰化工 and a few other hazardous-chemical enterprises (one each in
 * 镇江新区, 句容市 and 宝华镇 at least, so every regulator's screens have data), graded with the domain's GB 18218
 * calculator (never assumed); the demo gateways `demo-gw-1…` with their sensors and limits (GB/T 50493 set-points for
 * gas detectors); and a week of alarm history with its events. No readings: the telemetry simulator produces live data.
 */
import crypto from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import {
  ALARM_CAUSES,
  type AlarmCause,
  type AlarmKind,
  alarmSeverity,
  GB18218_VERSION,
  type Gb18218Substance,
  gasAlarmDefaults,
  gradeGb18218,
  type LimitLevel,
  SENSOR_TYPES,
  type SensorType,
} from "@anguan/domain";
import type { Queryable } from "../db/client";
import { alarmEvents, alarms, enterprises, gateways, hazardUnitSubstances, hazardUnits, sensors, users } from "../db/schema";
import { DEMO_ENT_A_KEY, DEMO_ENT_BAOHUA_2_KEY, type DemoEnterprise, mulberry32 } from "./demoEnterprises";
import { BAOHUA_CODE, JURONG_CODE, NEW_AREA_CODE } from "./demoRegions";
import { GIVEN_NAMES, SURNAMES } from "./demoWords";

export const DEMO_GATEWAY_PREFIX = "demo-gw-";

interface Person {
  name: string;
  phone: string;
  userId?: string;
}

interface UnitSpec {
  name: string;
  kind: "production" | "storage";
  location: string;
  substances: Gb18218Substance[];
  reviewStatus: "confirmed" | "submitted";
  /** Own code for a unit that is not a major hazard source (a major one gets a 重大危险源编码). */
  ownCode: string;
  technical?: Person;
  operations?: Person;
}

interface SensorSpec {
  /** Index into the plan's units. */
  unit: number;
  tag: string;
  name: string;
  type: SensorType;
  engineeringUnit?: string;
  rangeLow: number;
  rangeHigh: number;
  l?: number;
  ll?: number;
  h?: number;
  hh?: number;
  deadband: number;
  delaySeconds: number;
  rateLimit?: number;
  /** Toxic gas: occupational exposure limit (ppm) for the GB/T 50493 defaults. */
  oelPpm?: number;
}

interface Plan {
  d: DemoEnterprise;
  exposedPeople: number;
  units: UnitSpec[];
  sensors: SensorSpec[];
  gatewayName: string;
}

// --- sensor helpers -------------------------------------------------------------------------------------------

const combustible = (unit: number, tag: string, name: string): SensorSpec => {
  const g = gasAlarmDefaults({ type: "combustible_gas" })!;
  return { unit, tag, name, type: "combustible_gas", rangeLow: 0, rangeHigh: 100, h: g.h, hh: g.hh, deadband: 1, delaySeconds: 0 };
};

/** Toxic gas detector with GB/T 50493 limits from the OEL (100 % / 200 %). */
const toxic = (unit: number, tag: string, name: string, oelPpm: number, rangeHigh: number): SensorSpec => {
  const g = gasAlarmDefaults({ type: "toxic_gas", oelPpm, rangeHigh })!;
  return { unit, tag, name, type: "toxic_gas", rangeLow: 0, rangeHigh, h: g.h, hh: g.hh, deadband: Math.round(oelPpm * 10) / 100, delaySeconds: 0, oelPpm };
};

const proc = (
  unit: number,
  tag: string,
  name: string,
  type: SensorType,
  [rangeLow, rangeHigh]: [number, number],
  limits: { ll?: number; l?: number; h?: number; hh?: number },
  deadband: number,
  extra: Partial<SensorSpec> = {},
): SensorSpec => ({ unit, tag, name, type, rangeLow, rangeHigh, ...limits, deadband, delaySeconds: 5, ...extra });

// --- unit templates -------------------------------------------------------------------------------------------

/** 镇江华泰化工: 罐区 (液氯 T101–T104, 甲醇 T201–T202) as in its risk register, 氯化工段, 加氢工段. */
function entAPlan(d: DemoEnterprise): Plan {
  const tech = { name: "孙海涛", phone: "13905290121" };
  return {
    d,
    exposedPeople: 260,
    gatewayName: "华泰化工 DCS 数据采集网关",
    units: [
      {
        name: "罐区（液氯、甲醇储罐）",
        kind: "storage",
        location: "厂区东北角罐区 T101–T104（液氯，4×12 t）、T201–T202（甲醇，2×1000 m³）",
        // 液氯 4 tanks × 12 t; 甲醇 2 × 1000 m³ × 0.9 × 0.79 t/m³ = 1422 t.
        substances: [
          { name: "液氯", quantity: 48 },
          { name: "甲醇", quantity: 1422 },
        ],
        reviewStatus: "confirmed",
        ownCode: "HT-CG01",
        technical: tech,
        operations: { name: "钱立新", phone: "13905290122" },
      },
      {
        name: "氯化工段",
        kind: "production",
        location: "一车间（氯化反应釜 R301、氯气汽化器 E301）",
        substances: [
          { name: "氯", quantity: 4.2 },
          { name: "甲苯", quantity: 180 },
          { name: "氯化氢（无水）", quantity: 1.5 },
        ],
        reviewStatus: "confirmed",
        ownCode: "HT-SC02",
        technical: tech,
        operations: { name: "周卫国", phone: "13905290123" },
      },
      {
        name: "加氢工段",
        kind: "production",
        location: "二车间（加氢反应釜 R401、氢气缓冲罐 V401）",
        substances: [
          { name: "氢", quantity: 0.9 },
          { name: "甲醇", quantity: 45 },
        ],
        reviewStatus: "submitted",
        ownCode: "HT-SC03",
        technical: tech,
        operations: { name: "周卫国", phone: "13905290123" },
      },
    ],
    sensors: [
      proc(0, "LT-101", "液氯储罐 T101 液位", "level", [0, 2.8], { ll: 0.15, l: 0.3, h: 2.2, hh: 2.4 }, 0.02),
      proc(0, "PT-101", "液氯储罐 T101 压力", "pressure", [0, 2.5], { l: 0.2, h: 1.0, hh: 1.2 }, 0.02, { rateLimit: 0.2 }),
      proc(0, "TT-101", "液氯储罐 T101 温度", "temperature", [-40, 80], { l: -10, h: 40, hh: 45 }, 0.5),
      // 氯 MAC 1 mg/m³ (GBZ 2.1) ≈ 0.34 ppm at 20 °C.
      toxic(0, "AT-101", "液氯罐区氯气浓度", 0.34, 10),
      proc(0, "LT-201", "甲醇储罐 T201 液位", "level", [0, 14], { ll: 0.5, l: 1.0, h: 10.8, hh: 11.4 }, 0.05),
      proc(0, "TT-201", "甲醇储罐 T201 温度", "temperature", [0, 60], { h: 35, hh: 40 }, 0.5),
      combustible(0, "GT-101", "甲醇罐区可燃气体"),
      proc(1, "TT-301", "氯化反应釜 R301 温度", "temperature", [0, 150], { ll: 50, l: 60, h: 95, hh: 105 }, 1, { rateLimit: 5 }),
      proc(1, "PT-301", "氯化反应釜 R301 压力", "pressure", [0, 1], { h: 0.3, hh: 0.4 }, 0.01),
      proc(1, "PT-302", "氯气汽化器 E301 出口压力", "pressure", [0, 1.6], { l: 0.2, h: 0.6, hh: 0.7 }, 0.01),
      proc(1, "FT-301", "氯气进料流量", "flow", [0, 500], { l: 50, h: 400, hh: 450 }, 5, { engineeringUnit: "kg/h" }),
      toxic(1, "AT-301", "氯化工段氯气浓度", 0.34, 10),
      proc(2, "PT-401", "加氢反应釜 R401 压力", "pressure", [0, 6], { l: 1.2, h: 3.0, hh: 3.3 }, 0.05),
      proc(2, "TT-401", "加氢反应釜 R401 温度", "temperature", [0, 200], { h: 130, hh: 140 }, 1, { rateLimit: 5 }),
      combustible(2, "GT-401", "加氢工段可燃气体（氢气）"),
    ],
  };
}

type Template = "lpg" | "oil" | "plating" | "solvent" | "chemical" | "heat_treatment";

function templateOf(d: DemoEnterprise): Template {
  const n = d.input.name;
  if (/液化气|燃气/.test(n)) return "lpg";
  if (/油品|储运/.test(n)) return "oil";
  if (/电镀/.test(n)) return "plating";
  if (!d.input.sector.startsWith("hazchem")) return "heat_treatment";
  if (d.input.sector === "hazchem_production" && !/涂料|树脂|胶粘/.test(n)) return "chemical";
  return "solvent";
}

function genericPlan(d: DemoEnterprise, rand: () => number): Plan {
  const plan = genericPlanOf(d, rand);
  // Storage sized a little differently at each site: ×0.9–1.3 for a major source, ×0.5–1.0 otherwise (either keeps the
  // side of S = 1 the template was written for).
  const f = d.input.hasMajorHazard ? 0.9 + 0.4 * rand() : 0.5 + 0.5 * rand();
  const store = plan.units[0]!;
  if (store.kind === "storage") store.substances = store.substances.map((s) => ({ ...s, quantity: Math.round(s.quantity * f * 10) / 10 }));
  return plan;
}

function genericPlanOf(d: DemoEnterprise, rand: () => number): Plan {
  const major = d.input.hasMajorHazard;
  const t = templateOf(d);
  const exposedPeople = [0, 18, 40, 75, 150][Math.floor(rand() * 5)]!;
  const short = d.input.name.replace(/(股份)?有限(责任)?公司$/, "");
  const base = { gatewayName: `${short}数据采集网关`, d, exposedPeople };
  const st = (i: number): "confirmed" | "submitted" => (i === 0 || rand() < 0.5 ? "confirmed" : "submitted");
  switch (t) {
    case "lpg":
      return {
        ...base,
        units: [
          {
            name: "液化石油气储罐区",
            kind: "storage",
            location: major ? "储罐区 V1–V4（4×100 m³ 卧式储罐）" : "储罐区 V1–V2（2×50 m³ 卧式储罐）",
            // 100 m³ × 0.9 × 0.58 t/m³ ≈ 52 t per tank.
            substances: [{ name: "液化石油气", quantity: major ? 209 : 46 }],
            reviewStatus: st(0),
            ownCode: "CG-01",
          },
          { name: "灌装站", kind: "production", location: "灌装间", substances: [{ name: "液化石油气", quantity: 3 }], reviewStatus: st(1), ownCode: "SC-01" },
        ],
        sensors: [
          proc(0, "LT-101", "储罐 V1 液位", "level", [0, 3.2], { ll: 0.2, l: 0.4, h: 2.7, hh: 2.9 }, 0.02),
          proc(0, "PT-101", "储罐 V1 压力", "pressure", [0, 2.5], { l: 0.1, h: 1.4, hh: 1.6 }, 0.02),
          combustible(0, "GT-101", "储罐区可燃气体"),
          combustible(1, "GT-102", "灌装间可燃气体"),
        ],
      };
    case "oil":
      return {
        ...base,
        units: [
          {
            name: "汽油储罐区",
            kind: "storage",
            location: major ? "油罐区 T1–T3（3×2000 m³ 内浮顶罐）" : "油罐区 T1（200 m³ 内浮顶罐）",
            // 汽油: GHS flammable liquid category 1 → W5.1 (β 1.5); Q stays the Table 1 value.
            substances: [{ name: "汽油", quantity: major ? 3996 : 133, hazardClass: "W5.1" }],
            reviewStatus: st(0),
            ownCode: "CG-01",
          },
          {
            name: "装车站台",
            kind: "production",
            location: "公路装车站台（4 鹤位）",
            substances: [{ name: "汽油", quantity: 24, hazardClass: "W5.1" }],
            reviewStatus: st(1),
            ownCode: "SC-01",
          },
        ],
        sensors: [
          proc(0, "LT-101", "汽油储罐 T1 液位", "level", [0, 16], { ll: 0.6, l: 1.0, h: 14.2, hh: 14.8 }, 0.05),
          proc(0, "TT-101", "汽油储罐 T1 温度", "temperature", [0, 60], { h: 40, hh: 45 }, 0.5),
          combustible(0, "GT-101", "油罐区可燃气体"),
          combustible(1, "GT-102", "装车站台可燃气体"),
        ],
      };
    case "plating":
      return {
        ...base,
        units: [
          {
            name: "剧毒化学品库",
            kind: "storage",
            location: "危险化学品库一层（双人双锁）",
            // 氰化钠 is not in Table 1: acute toxicity category 1, solid → J2.
            substances: [
              { name: "氰化钠", cas: "143-33-9", quantity: major ? 55 : 3, hazardClass: "J2" },
              { name: "硝酸（发红烟的除外，含硝酸＞70%)", quantity: 10 },
            ],
            reviewStatus: st(0),
            ownCode: "CG-01",
          },
          {
            name: "电镀生产线",
            kind: "production",
            location: "电镀车间",
            substances: [{ name: "氰化钠", cas: "143-33-9", quantity: 0.8, hazardClass: "J2" }],
            reviewStatus: st(1),
            ownCode: "SC-01",
          },
        ],
        sensors: [
          // 氰化氢 MAC 1 mg/m³ ≈ 0.9 ppm.
          toxic(0, "AT-101", "剧毒品库氰化氢浓度", 0.9, 30),
          toxic(1, "AT-102", "电镀车间氰化氢浓度", 0.9, 30),
          proc(1, "TT-101", "镀槽温度", "temperature", [0, 100], { l: 20, h: 60, hh: 70 }, 0.5),
        ],
      };
    case "solvent":
      return {
        ...base,
        units: [
          {
            name: "溶剂仓库",
            kind: "storage",
            location: "甲类仓库（独立建筑）",
            // 二甲苯 is not in Table 1: flammable liquid category 3 → W5.4.
            substances: major
              ? [
                  { name: "甲醇", quantity: 250 },
                  { name: "丙酮", quantity: 200 },
                  { name: "乙酸乙酯", quantity: 150 },
                  { name: "甲苯", quantity: 100 },
                  { name: "二甲苯", cas: "1330-20-7", quantity: 120, hazardClass: "W5.4" },
                ]
              : [
                  { name: "甲苯", quantity: 30 },
                  { name: "乙酸乙酯", quantity: 20 },
                  { name: "二甲苯", cas: "1330-20-7", quantity: 40, hazardClass: "W5.4" },
                ],
            reviewStatus: st(0),
            ownCode: "CG-01",
          },
          {
            name: "调配车间",
            kind: "production",
            location: "调配车间（分散、调漆）",
            substances: [
              { name: "甲苯", quantity: 6 },
              { name: "乙酸乙酯", quantity: 4 },
            ],
            reviewStatus: st(1),
            ownCode: "SC-01",
          },
        ],
        sensors: [
          combustible(0, "GT-101", "溶剂仓库可燃气体"),
          proc(0, "TT-101", "溶剂仓库温度", "temperature", [0, 50], { h: 32, hh: 35 }, 0.5),
          combustible(1, "GT-102", "调配车间可燃气体"),
        ],
      };
    case "chemical":
      return {
        ...base,
        units: [
          {
            name: "原料罐区",
            kind: "storage",
            location: major ? "罐区 T1–T2（苯，2×500 m³）、T3（甲醇，500 m³）" : "罐区 T1（苯，30 m³）、T3（甲醇，150 m³）",
            substances: major
              ? [
                  { name: "苯", quantity: 792 },
                  { name: "甲醇", quantity: 355 },
                ]
              : [
                  { name: "苯", quantity: 20 },
                  { name: "甲醇", quantity: 100 },
                ],
            reviewStatus: st(0),
            ownCode: "CG-01",
          },
          {
            name: "合成工段",
            kind: "production",
            location: "合成车间（反应釜 R101–R103）",
            substances: [
              { name: "氢", quantity: 0.5 },
              { name: "苯", quantity: 20 },
            ],
            reviewStatus: st(1),
            ownCode: "SC-01",
          },
        ],
        sensors: [
          proc(0, "LT-101", "苯储罐 T1 液位", "level", [0, 12], { ll: 0.5, l: 0.8, h: 9.6, hh: 10.2 }, 0.05),
          combustible(0, "GT-101", "原料罐区可燃气体"),
          proc(1, "TT-201", "反应釜 R101 温度", "temperature", [0, 200], { l: 40, h: 120, hh: 130 }, 1, { rateLimit: 5 }),
          proc(1, "PT-201", "反应釜 R101 压力", "pressure", [0, 2.5], { h: 1.2, hh: 1.4 }, 0.02),
        ],
      };
    case "heat_treatment":
      return {
        ...base,
        exposedPeople: 40,
        units: [
          {
            name: "热处理车间",
            kind: "production",
            location: "热处理车间（可控气氛渗碳、渗氮炉）",
            substances: [
              { name: "甲醇", quantity: 6 },
              { name: "液氨", quantity: 0.8 },
              { name: "液化石油气", quantity: 1.5 },
            ],
            reviewStatus: "submitted",
            ownCode: "SC-01",
          },
        ],
        sensors: [
          combustible(0, "GT-101", "热处理车间可燃气体"),
          // 氨 PC-TWA 20 mg/m³ (GBZ 2.1) ≈ 28 ppm.
          toxic(0, "AT-101", "液氨汽化间氨气浓度", 28, 100),
          proc(0, "TT-101", "渗碳炉温度", "temperature", [0, 1200], { l: 820, h: 960, hh: 990 }, 5),
        ],
      };
  }
}

// --- choosing the enterprises ---------------------------------------------------------------------------------

const SECTOR_PRIORITY: Record<string, number> = { hazchem_production: 0, hazchem_trade_storage: 1, hazchem_use: 2 };

/** ent-a, then one hazardous-chemical enterprise each in 镇江新区, 句容市 and 宝华镇, then two more major ones elsewhere. */
export function chooseMonitoredEnterprises(list: readonly DemoEnterprise[], has: (key: string) => boolean): DemoEnterprise[] {
  const hazchem = list
    .filter((d) => d.input.sector.startsWith("hazchem") && d.key !== DEMO_ENT_A_KEY && has(d.key) && d.input.operatingStatus !== "closed")
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (SECTOR_PRIORITY[a.d.input.sector] ?? 9) - (SECTOR_PRIORITY[b.d.input.sector] ?? 9) || a.i - b.i)
    .map((x) => x.d);
  const chosen: DemoEnterprise[] = [];
  const entA = list.find((d) => d.key === DEMO_ENT_A_KEY && has(d.key));
  if (entA) chosen.push(entA);
  const take = (pred: (d: DemoEnterprise) => boolean) => {
    const d = hazchem.find((x) => !chosen.includes(x) && pred(x));
    if (d) chosen.push(d);
    return d;
  };
  take((d) => d.input.regionCode.startsWith(NEW_AREA_CODE));
  take((d) => d.input.regionCode.startsWith(JURONG_CODE) && !d.input.regionCode.startsWith(BAOHUA_CODE));
  if (!take((d) => d.input.regionCode.startsWith(BAOHUA_CODE))) {
    // No hazardous-chemical enterprise in 宝华镇 (a small demo): the precision machinery works' heat treatment shop.
    const b = list.find((d) => d.key === DEMO_ENT_BAOHUA_2_KEY && has(d.key));
    if (b) chosen.push(b);
  }
  take((d) => d.input.hasMajorHazard);
  take((d) => d.input.hasMajorHazard);
  return chosen;
}

// --- alarm history --------------------------------------------------------------------------------------------

interface PastAlarm {
  gateway: number;
  /** A tag, or "gas" for the gateway's first gas detector (values then in multiples of its high limit). */
  tag: string;
  kind: AlarmKind;
  level: LimitLevel | null;
  /** Minutes before now. */
  raisedAgo: number;
  /** Minutes the condition lasted. */
  minutes: number;
  firstValue: number | null;
  peakValue: number | null;
  returnValue: number | null;
  /** Cleared with this cause, note and feedback; absent = still open (raised, not acknowledged). */
  handled?: { cause: AlarmCause; note: string; feedback: string; ackAfter: number; doneAfter: number };
}

const PAST_ALARMS: readonly PastAlarm[] = [
  {
    gateway: 0,
    tag: "GT-101",
    kind: "limit",
    level: "h",
    raisedAgo: 6 * 1440 + 190,
    minutes: 4,
    firstValue: 26.2,
    peakValue: 31.5,
    returnValue: 8.4,
    handled: {
      cause: "maintenance",
      note: "T201 检修后氮气置换不彻底，人孔处甲醇蒸气短时聚集",
      feedback: "停止作业，加强通风并重新置换，气体分析合格后恢复作业",
      ackAfter: 2,
      doneAfter: 45,
    },
  },
  {
    gateway: 0,
    tag: "PT-101",
    kind: "limit",
    level: "hh",
    raisedAgo: 4 * 1440 + 420,
    minutes: 18,
    firstValue: 1.01,
    peakValue: 1.23,
    returnValue: 0.86,
    handled: {
      cause: "real_event",
      note: "午后气温升高，T101 液氯储罐压力上升",
      feedback: "启动储罐喷淋降温，部分气相导入事故氯吸收装置，压力恢复正常；已安排复查安全阀",
      ackAfter: 1,
      doneAfter: 70,
    },
  },
  {
    gateway: 0,
    tag: "TT-301",
    kind: "limit",
    level: "h",
    raisedAgo: 3 * 1440 + 95,
    minutes: 6,
    firstValue: 96.1,
    peakValue: 99.8,
    returnValue: 82.3,
    handled: {
      cause: "instrument_fault",
      note: "R301 温度计热电偶接线松动，读数跳变",
      feedback: "紧固接线并校验温度变送器，与就地温度计比对一致",
      ackAfter: 3,
      doneAfter: 120,
    },
  },
  {
    gateway: 0,
    tag: "GT-401",
    kind: "offline",
    level: null,
    raisedAgo: 2 * 1440 + 600,
    minutes: 25,
    firstValue: null,
    peakValue: null,
    returnValue: 1.2,
    handled: {
      cause: "instrument_fault",
      note: "二车间现场交换机掉电，探测器通讯中断",
      feedback: "恢复交换机供电并更换 UPS 电池，通讯恢复",
      ackAfter: 4,
      doneAfter: 60,
    },
  },
  {
    gateway: 1,
    tag: "gas",
    kind: "limit",
    level: "h",
    raisedAgo: 1440 + 300,
    minutes: 2,
    firstValue: 1.1,
    peakValue: 1.1,
    returnValue: 0.12,
    handled: { cause: "false_alarm", note: "探测器标定过期，零点漂移", feedback: "重新标定探测器，纳入月度标定计划", ackAfter: 5, doneAfter: 90 },
  },
  {
    gateway: 2,
    tag: "gas",
    kind: "bad_quality",
    level: null,
    raisedAgo: 5 * 1440 + 30,
    minutes: 1,
    firstValue: null,
    peakValue: null,
    returnValue: 0.1,
    handled: { cause: "instrument_fault", note: "探测器传感器元件故障，输出超量程", feedback: "更换传感器元件并标定", ackAfter: 6, doneAfter: 180 },
  },
  // Still open: a short chlorine reading three minutes ago, back to normal, not yet acknowledged.
  { gateway: 0, tag: "AT-101", kind: "limit", level: "h", raisedAgo: 3, minutes: 1, firstValue: 0.36, peakValue: 0.41, returnValue: 0.08 },
];

// --- the seed -------------------------------------------------------------------------------------------------

export interface SeedDemoMonitoringOptions {
  list: readonly DemoEnterprise[];
  entIds: ReadonlyMap<string, string>;
  now: Date;
  /** argon2 hash of the demo password (the gateways' password). */
  passwordHash: string;
  seed?: number;
}

export async function seedDemoMonitoring(
  tx: Queryable,
  opts: SeedDemoMonitoringOptions,
): Promise<{ units: number; majorUnits: number; gateways: number; sensors: number; alarms: number }> {
  const rand = mulberry32(opts.seed ?? 20261207);
  const chosen = chooseMonitoredEnterprises(opts.list, (k) => opts.entIds.has(k));
  if (!chosen.length) return { units: 0, majorUnits: 0, gateways: 0, sensors: 0, alarms: 0 };
  const plans = chosen.map((d) => (d.key === DEMO_ENT_A_KEY ? entAPlan(d) : genericPlan(d, rand)));
  const ids = plans.map((p) => opts.entIds.get(p.d.key)!);
  const ents = new Map(
    (
      await tx
        .select({ id: enterprises.id, regionPath: enterprises.regionPath, sector: enterprises.sector })
        .from(enterprises)
        .where(inArray(enterprises.id, ids))
    ).map((e) => [e.id, e]),
  );
  const [entAUser] = await tx.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.username, "ent.a"));
  const reviewers = new Map(
    (
      await tx
        .select({ id: users.id, username: users.username })
        .from(users)
        .where(inArray(users.username, ["zj.yjj", "jr.yjj", "baohua.ajb"]))
    ).map((u) => [u.username, u.id]),
  );
  const reviewerOf = (regionCode: string) =>
    reviewers.get(regionCode.startsWith(BAOHUA_CODE) ? "baohua.ajb" : regionCode.startsWith(JURONG_CODE) ? "jr.yjj" : "zj.yjj") ?? null;

  const personRand = mulberry32((opts.seed ?? 20261207) + 1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(personRand() * xs.length)]!;
  const person = (): Person => ({
    name: pick(SURNAMES) + pick(GIVEN_NAMES),
    phone: `139${String(Math.floor(personRand() * 1e8)).padStart(8, "0")}`,
  });

  const withUser = (p: Person) => ({ name: p.name, phone: p.phone, userId: p.userId ?? null });
  const majorSeq = new Map<string, number>();
  const unitRows: (typeof hazardUnits.$inferInsert)[] = [];
  const substanceRows: (typeof hazardUnitSubstances.$inferInsert)[] = [];
  const unitIds: string[][] = [];
  const unitGrades: (number | null)[][] = [];
  const majorEnterprises = new Set<string>();
  let tick = 0;
  plans.forEach((p, pi) => {
    const enterpriseId = ids[pi]!;
    const ent = ents.get(enterpriseId)!;
    const county = p.d.input.regionCode.slice(0, 6);
    const principal: Person = {
      name: p.d.input.mainLeader || person().name,
      phone: p.d.input.mainLeaderPhone || person().phone,
      ...(p.d.key === DEMO_ENT_A_KEY && entAUser ? { userId: entAUser.id } : {}),
    };
    const technical: Person = p.d.input.safetyManager ? { name: p.d.input.safetyManager, phone: p.d.input.safetyManagerPhone || person().phone } : person();
    unitIds.push([]);
    unitGrades.push([]);
    for (const u of p.units) {
      const inputs = { exposedPeople: p.exposedPeople, substances: u.substances };
      const result = gradeGb18218(inputs);
      let code = u.ownCode;
      if (result.isMajor) {
        const n = (majorSeq.get(county) ?? 0) + 1;
        majorSeq.set(county, n);
        code = `${county}WX${String(n).padStart(4, "0")}`;
        majorEnterprises.add(enterpriseId);
      }
      const id = crypto.randomUUID();
      unitIds[pi]!.push(id);
      unitGrades[pi]!.push(result.isMajor ? result.grade : null);
      const gradedAt = new Date(opts.now.getTime() - 30 * 86_400_000 + tick++ * 60_000);
      const confirmed = u.reviewStatus === "confirmed";
      unitRows.push({
        id,
        enterpriseId,
        regionPath: ent.regionPath,
        sector: ent.sector,
        code,
        name: u.name,
        kind: u.kind,
        location: u.location,
        exposedPeople: p.exposedPeople,
        sumRatio: result.sum,
        isMajor: result.isMajor,
        rValue: result.r,
        grade: result.grade,
        grading: { calculatorVersion: GB18218_VERSION, inputs, result },
        gradedAt,
        responsibles: {
          principal: withUser(principal),
          technical: withUser(u.technical ?? technical),
          operations: withUser(u.operations ?? person()),
        },
        reviewStatus: u.reviewStatus,
        reviewComment: confirmed ? "辨识分级资料齐全，予以确认" : "",
        reviewedBy: confirmed ? reviewerOf(p.d.input.regionCode) : null,
        reviewedAt: confirmed ? new Date(gradedAt.getTime() + 3 * 86_400_000) : null,
        createdAt: gradedAt,
        updatedAt: gradedAt,
      });
      result.items.forEach((it, position) => {
        const s = u.substances[position]!;
        substanceRows.push({
          unitId: id,
          enterpriseId,
          name: s.name ?? it.name,
          cas: s.cas ?? "",
          table1No: it.table1No,
          hazardClass: s.hazardClass ?? null,
          quantity: s.quantity,
          position,
        });
      });
    }
  });
  await tx.insert(hazardUnits).values(unitRows);
  await tx.insert(hazardUnitSubstances).values(substanceRows);
  if (majorEnterprises.size)
    await tx
      .update(enterprises)
      .set({ hasMajorHazard: true })
      .where(inArray(enterprises.id, [...majorEnterprises]));

  // Gateways and sensors.
  const gatewayIds = plans.map((_, i) => `${DEMO_GATEWAY_PREFIX}${i + 1}`);
  await tx.insert(gateways).values(
    plans.map((p, i) => {
      const ent = ents.get(ids[i]!)!;
      return {
        id: gatewayIds[i]!,
        enterpriseId: ids[i]!,
        regionPath: ent.regionPath,
        sector: ent.sector,
        name: p.gatewayName,
        passwordHash: opts.passwordHash,
      };
    }),
  );
  const sensorRows: (typeof sensors.$inferInsert)[] = plans.flatMap((p, i) => {
    const ent = ents.get(ids[i]!)!;
    return p.sensors.map((s) => ({
      enterpriseId: ids[i]!,
      regionPath: ent.regionPath,
      sector: ent.sector,
      unitId: unitIds[i]![s.unit]!,
      gatewayId: gatewayIds[i]!,
      tag: s.tag,
      name: s.name,
      type: s.type,
      engineeringUnit: s.engineeringUnit ?? SENSOR_TYPES[s.type].unit,
      rangeLow: s.rangeLow,
      rangeHigh: s.rangeHigh,
      hh: s.hh ?? null,
      h: s.h ?? null,
      l: s.l ?? null,
      ll: s.ll ?? null,
      deadband: s.deadband,
      delaySeconds: s.delaySeconds,
      rateLimit: s.rateLimit ?? null,
      periodSeconds: 10,
      createdAt: new Date(opts.now.getTime() - 10 * 86_400_000),
      updatedAt: new Date(opts.now.getTime() - 10 * 86_400_000),
    }));
  });
  const inserted = await tx.insert(sensors).values(sensorRows).returning({ id: sensors.id, gatewayId: sensors.gatewayId, tag: sensors.tag });
  const sensorId = new Map(inserted.map((s) => [`${s.gatewayId}/${s.tag}`, s.id]));

  // A week of alarms with their events.
  const alarmRows: (typeof alarms.$inferInsert)[] = [];
  const eventRows: (typeof alarmEvents.$inferInsert)[] = [];
  const at = (minutesAgo: number) => new Date(opts.now.getTime() - minutesAgo * 60_000);
  for (const a of PAST_ALARMS) {
    const pi = a.gateway;
    if (pi >= plans.length) continue;
    const spec = plans[pi]!.sensors.find((s) => (a.tag === "gas" ? s.type === "combustible_gas" || s.type === "toxic_gas" : s.tag === a.tag));
    const sid = spec && sensorId.get(`${gatewayIds[pi]}/${spec.tag}`);
    if (!spec || sid === undefined) continue;
    const rel = (v: number | null) => (v === null || a.tag !== "gas" ? v : Math.round(v * spec.h! * 1000) / 1000);
    const [firstValue, peakValue, returnValue] = [rel(a.firstValue), rel(a.peakValue), rel(a.returnValue)];
    const enterpriseId = ids[pi]!;
    const ent = ents.get(enterpriseId)!;
    const grade = unitGrades[pi]![spec.unit] ?? null;
    const id = crypto.randomUUID();
    const raisedAt = at(a.raisedAgo);
    const returnedAt = at(a.raisedAgo - a.minutes);
    const limitValue = a.kind === "limit" && a.level ? (spec[a.level] ?? null) : null;
    const h = a.handled;
    const byEntA = pi === 0 && entAUser;
    const actorId = byEntA ? entAUser.id : null;
    const actorName = byEntA ? entAUser.displayName : "值班员";
    const ackAt = h ? at(a.raisedAgo - h.ackAfter) : null;
    const verifiedAt = h ? at(a.raisedAgo - h.ackAfter - Math.max(5, Math.round(h.doneAfter / 4))) : null;
    const disposedAt = h ? at(a.raisedAgo - h.doneAfter) : null;
    const clearedAt = h ? at(a.raisedAgo - h.doneAfter - 10) : null;
    alarmRows.push({
      id,
      sensorId: sid,
      enterpriseId,
      regionPath: ent.regionPath,
      sector: ent.sector,
      unitId: unitIds[pi]![spec.unit]!,
      kind: a.kind,
      level: a.level,
      severity: alarmSeverity(a.kind, a.level, grade),
      status: h ? "cleared" : "raised",
      conditionActive: false,
      raisedAt,
      firstValue,
      lastValue: returnValue,
      peakValue,
      limitValue,
      occurrences: 1,
      returnedAt,
      acknowledgedAt: ackAt,
      acknowledgedBy: h ? actorId : null,
      verifiedAt,
      verifiedBy: h ? actorId : null,
      cause: h?.cause ?? null,
      verifyNote: h?.note ?? "",
      disposedAt,
      disposedBy: h ? actorId : null,
      feedback: h?.feedback ?? "",
      clearedAt,
      clearedBy: h ? actorId : null,
      version: h ? 5 : 1,
      updatedAt: clearedAt ?? returnedAt,
    });
    const ev = (when: Date, action: string, status: [string | null, string | null], comment: string, data: unknown, who = false) =>
      eventRows.push({
        alarmId: id,
        enterpriseId,
        at: when,
        actorId: who ? actorId : null,
        actorName: who ? actorName : "监测系统",
        action,
        fromStatus: status[0],
        toStatus: status[1],
        comment,
        data,
      });
    ev(raisedAt, "raise", [null, null], "", { value: firstValue, limit: limitValue, level: a.level });
    if (a.level === "hh") ev(at(a.raisedAgo - a.minutes / 3), "worsen", ["raised", "raised"], "", { value: peakValue, level: "hh" });
    // Duty steps and the return of the condition in time order; the return row carries the status at that moment.
    const steps: { when: Date; action: string; to: string; comment: string; data: unknown }[] = [];
    if (h) {
      steps.push(
        { when: ackAt!, action: "acknowledge", to: "acknowledged", comment: "", data: { note: "" } },
        { when: verifiedAt!, action: "verify", to: "verified", comment: `${ALARM_CAUSES[h.cause].zh}：${h.note}`, data: { cause: h.cause, note: h.note } },
        { when: disposedAt!, action: "dispose", to: "disposed", comment: h.feedback, data: { feedback: h.feedback } },
        { when: clearedAt!, action: "clear", to: "cleared", comment: "", data: { note: "" } },
      );
    }
    steps.push({ when: returnedAt, action: "return", to: "", comment: "测点恢复正常", data: { value: returnValue } });
    steps.sort((x, y) => x.when.getTime() - y.when.getTime() || (x.action === "return" ? -1 : 1));
    let status = "raised";
    for (const st of steps) {
      if (st.action === "return") ev(st.when, "return", [status, status], st.comment, st.data);
      else {
        ev(st.when, st.action, [status, st.to], st.comment, st.data, true);
        status = st.to;
      }
    }
  }
  if (alarmRows.length) await tx.insert(alarms).values(alarmRows);
  if (eventRows.length) await tx.insert(alarmEvents).values(eventRows);
  return {
    units: unitRows.length,
    majorUnits: unitRows.filter((u) => u.isMajor).length,
    gateways: gatewayIds.length,
    sensors: inserted.length,
    alarms: alarmRows.length,
  };
}

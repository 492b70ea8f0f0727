/**
 * Demo risk registers (风险分级管控台账): hand-written ones for the three fixed demo enterprises (镇江华泰化工 with its
 * 罐区 major hazard source, 句容宝华智运仓储物流, 句容市宝华恒力精密机械) and a smaller generated one for a share of
 * the others. Assessed with the domain calculators and the default bands; multi-row inserts; the content is drawn from a
 * seeded PRNG, so the same options give the same registers (ids and QR tokens are random, as in production).
 */
import crypto from "node:crypto";
import { inArray } from "drizzle-orm";
import {
  assessRisk,
  controlLevelsFor,
  DEFAULT_RISK_BANDS,
  maxGrade,
  type ControlLevel,
  type MeasureClassify2,
  type RiskMethod,
  type RiskObjectKind,
} from "@anguan/domain";
import type { Queryable } from "../db/client";
import { controlMeasures, riskAssessments, riskEvents, riskObjects, riskUnits, users } from "../db/schema";
import { DEMO_ENT_A_KEY, DEMO_ENT_B_KEY, DEMO_ENT_BAOHUA_2_KEY, mulberry32, type DemoEnterprise } from "./demoEnterprises";

type Scores = Record<string, number>;
/** A measure: classify2 code (its classify1 is the part before the dash), description, optional level and dataSrc 1 (automated). */
type M = [MeasureClassify2, string, ControlLevel?, 1?];
interface E {
  name: string;
  consequence: string;
  method: RiskMethod;
  inherent: Scores;
  residual?: Scores;
  measures: M[];
}
interface U {
  name: string;
  department: string;
  liablePerson: string;
  location: string;
  /** Demo username made the unit's liable account. */
  liableUser?: string;
  events: E[];
}
interface O {
  kind: RiskObjectKind;
  name: string;
  hazardCode?: string;
  department: string;
  liablePerson: string;
  units: U[];
}

const lec = (l: number, e: number, c: number): Scores => ({ l, e, c });
const ls = (l: number, s: number): Scores => ({ l, s });

const ENT_A: O[] = [
  {
    kind: "major_hazard",
    name: "罐区（二级重大危险源）",
    hazardCode: "321191WX0001",
    department: "储运部",
    liablePerson: "赵国强",
    units: [
      {
        name: "液氯储罐区",
        department: "储运部",
        liablePerson: "钱立新",
        location: "厂区东北角罐区 T101–T104",
        events: [
          {
            name: "液氯储罐泄漏导致人员中毒",
            consequence: "氯气扩散，多人中毒甚至死亡",
            method: "lec",
            inherent: lec(3, 6, 40),
            residual: lec(1, 6, 40),
            measures: [
              ["1-4", "储罐液位、压力远传监测，高高液位联锁切断进料阀", "company", 1],
              ["1-3", "安全阀、爆破片按期校验，根部阀常开并铅封"],
              ["2-2", "储罐及进出料管线每年测厚，压力容器按期定期检验"],
              ["3-1", "罐区操作人员持危险化学品特种作业证上岗"],
              ["4-1", "事故氯吸收装置（碱液喷淋）保持备用，每周启动试验"],
              ["4-2", "罐区配备正压式空气呼吸器 4 套、重型防化服 2 套"],
            ],
          },
          {
            name: "液氯钢瓶装卸碰撞泄漏",
            consequence: "局部氯气泄漏，作业人员中毒",
            method: "lec",
            inherent: lec(3, 3, 15),
            residual: lec(1, 3, 15),
            measures: [
              ["3-2", "装卸作业填写作业票和装卸记录，专人监护"],
              ["3-3", "交接班核对钢瓶数量、阀门状态"],
              ["4-4", "液氯泄漏专项应急预案每半年演练一次"],
            ],
          },
        ],
      },
      {
        name: "甲醇储罐区",
        department: "储运部",
        liablePerson: "钱立新",
        location: "厂区东北角罐区 T201–T202",
        events: [
          {
            name: "甲醇储罐火灾爆炸",
            consequence: "火灾、爆炸，数人伤亡",
            method: "lec",
            inherent: lec(3, 6, 15),
            residual: lec(1, 6, 15),
            measures: [
              ["1-1", "储罐氮封系统压力控制，低压报警"],
              ["1-4", "可燃气体检测报警仪接入 DCS 并联动声光报警", "company", 1],
              ["1-3", "呼吸阀、阻火器每季度检查"],
              ["2-1", "甲醇输送泵机械密封每周检查"],
              ["4-3", "泡沫灭火系统、消防冷却水系统每月试验"],
            ],
          },
          {
            name: "装卸车静电引发火灾",
            consequence: "槽车火灾，人员灼伤",
            method: "ls",
            inherent: ls(3, 4),
            measures: [
              ["1-3", "装卸台设静电接地报警器，接地不良禁止装卸"],
              ["3-1", "装卸人员经静电安全培训并考核合格"],
            ],
          },
        ],
      },
    ],
  },
  {
    kind: "production_unit",
    name: "氯化工段",
    department: "生产部",
    liablePerson: "孙海涛",
    units: [
      {
        name: "氯化反应釜",
        department: "生产部",
        liablePerson: "周卫国",
        location: "一车间二层",
        events: [
          {
            name: "氯化反应失控超温超压",
            consequence: "反应釜爆炸，氯气泄漏，多人伤亡",
            method: "lec",
            inherent: lec(6, 6, 15),
            residual: lec(1, 6, 15),
            measures: [
              ["1-1", "反应温度、压力与氯气进料联锁", "company", 1],
              ["1-4", "SIS 紧急切断与紧急冷却", "company", 1],
              ["2-2", "反应釜及夹套按期检验"],
              ["3-2", "工艺参数每 2 小时记录一次"],
              ["4-1", "紧急冷却水系统保持备用"],
            ],
          },
          {
            name: "尾气吸收系统失效氯气外逸",
            consequence: "氯气外逸，人员中毒",
            method: "lec",
            inherent: lec(3, 6, 7),
            residual: lec(1, 6, 7),
            measures: [
              ["1-1", "尾气吸收塔碱液浓度每班分析"],
              ["4-2", "岗位配备过滤式防毒面具"],
            ],
          },
        ],
      },
      {
        name: "氯气汽化器",
        department: "生产部",
        liablePerson: "周卫国",
        location: "一车间一层",
        events: [
          {
            name: "汽化器超压破裂",
            consequence: "氯气泄漏，人员中毒",
            method: "lec",
            inherent: lec(3, 3, 15),
            measures: [
              ["1-2", "汽化器热水温度控制在 45 ℃ 以下"],
              ["2-2", "汽化器每年定期检验"],
            ],
          },
        ],
      },
    ],
  },
  {
    kind: "work_post",
    name: "作业岗位",
    department: "安全环保部",
    liablePerson: "孙海涛",
    units: [
      {
        name: "罐区巡检岗位",
        department: "储运部",
        liablePerson: "王磊",
        location: "罐区",
        events: [
          { name: "罐顶巡检高处坠落", consequence: "人员摔伤", method: "lec", inherent: lec(3, 6, 3), measures: [["3-1", "登高作业系安全带，护栏完好"]] },
          {
            name: "进入围堰中毒窒息",
            consequence: "人员中毒",
            method: "ls",
            inherent: ls(2, 4),
            measures: [["4-2", "进入围堰前检测有毒气体浓度，佩戴便携式报警仪"]],
          },
        ],
      },
      {
        name: "维修电工岗位",
        department: "设备部",
        liablePerson: "陈刚",
        location: "全厂",
        events: [
          { name: "带电作业触电", consequence: "触电死亡", method: "lec", inherent: lec(1, 6, 15), measures: [["3-1", "电工持特种作业操作证，停电挂牌上锁"]] },
        ],
      },
    ],
  },
];

const ENT_B: O[] = [
  {
    kind: "storage_area",
    name: "仓储区",
    department: "仓储部",
    liablePerson: "孙静",
    units: [
      {
        name: "1号危化品仓库",
        department: "仓储部",
        liablePerson: "孙静",
        location: "1 号库",
        liableUser: "ent.b",
        events: [
          {
            name: "违规吸烟或动火引发火灾",
            consequence: "仓库火灾，数人伤亡",
            method: "lec",
            inherent: lec(3, 3, 40),
            measures: [
              ["3-1", "仓管员经危险化学品安全培训，库区严禁烟火"],
              ["4-3", "自动喷淋系统、推车式干粉灭火器每月检查", "company"],
              ["4-4", "仓库火灾事故应急预案每季度演练"],
            ],
          },
          {
            name: "包装破损危化品泄漏",
            consequence: "人员中毒、灼伤",
            method: "lec",
            inherent: lec(3, 6, 15),
            residual: lec(1, 6, 7),
            measures: [
              ["1-4", "可燃/有毒气体探测器与排风机联锁", "workshop", 1],
              ["2-3", "货架、托盘及防泄漏托盘每周检查"],
              ["4-1", "库内配备吸附棉、应急沙箱、洗眼器"],
            ],
          },
        ],
      },
      {
        name: "装卸平台",
        department: "仓储部",
        liablePerson: "刘强",
        location: "1 号库北侧",
        liableUser: "ent.b.worker",
        events: [
          {
            name: "车辆伤害与货物坠落",
            consequence: "人员重伤",
            method: "lec",
            inherent: lec(3, 6, 7),
            measures: [
              ["3-2", "装卸作业登记，车辆熄火、轮挡到位"],
              ["4-2", "作业人员穿戴安全帽、防砸鞋"],
            ],
          },
        ],
      },
    ],
  },
  {
    kind: "work_post",
    name: "作业岗位",
    department: "仓储部",
    liablePerson: "孙静",
    units: [
      {
        name: "叉车作业岗位",
        department: "仓储部",
        liablePerson: "刘强",
        location: "库区通道",
        liableUser: "ent.b.worker",
        events: [
          {
            name: "叉车倾翻或撞伤行人",
            consequence: "人员死亡",
            method: "lec",
            inherent: lec(6, 6, 15),
            residual: lec(3, 6, 15),
            measures: [
              ["3-1", "叉车司机持特种设备作业人员证"],
              ["2-1", "叉车每日班前点检，制动、喇叭、灯光完好"],
              ["1-2", "库区限速 5 km/h，人车分流标线"],
            ],
          },
          { name: "叉车超载作业", consequence: "货物坠落砸伤", method: "ls", inherent: ls(3, 3), measures: [["3-4", "严禁超载，按额定载荷标识作业"]] },
        ],
      },
    ],
  },
  {
    kind: "equipment",
    name: "配电设施",
    department: "综合部",
    liablePerson: "钱卫东",
    units: [
      {
        name: "配电房",
        department: "综合部",
        liablePerson: "钱卫东",
        location: "办公楼东侧",
        events: [
          {
            name: "电气线路老化引发火灾",
            consequence: "火灾",
            method: "lec",
            inherent: lec(1, 6, 15),
            measures: [
              ["2-2", "配电柜每年电气检测，红外测温每季度一次"],
              ["4-3", "配备二氧化碳灭火器 4 具"],
            ],
          },
          { name: "检修触电", consequence: "触电死亡", method: "lec", inherent: lec(1, 3, 15), measures: [["4-2", "配备绝缘手套、绝缘靴，定期耐压试验"]] },
        ],
      },
    ],
  },
];

const ENT_BAOHUA_2: O[] = [
  {
    kind: "production_unit",
    name: "机加工车间",
    department: "生产部",
    liablePerson: "郑建华",
    units: [
      {
        name: "冲压区",
        department: "生产部",
        liablePerson: "郑建华",
        location: "一号厂房西区",
        events: [
          {
            name: "冲压机械伤害（压手）",
            consequence: "断指、致残",
            method: "lec",
            inherent: lec(6, 6, 15),
            residual: lec(1, 6, 15),
            measures: [
              ["1-2", "冲床加装光电保护装置和双手按钮", "company"],
              ["2-1", "冲床离合器、制动器每周检查"],
              ["3-1", "冲压工岗前培训，严禁手伸入模区"],
              ["4-1", "车间配备急救箱"],
            ],
          },
        ],
      },
      {
        name: "数控车床区",
        department: "生产部",
        liablePerson: "郑建华",
        location: "一号厂房东区",
        events: [
          { name: "旋转部件卷入", consequence: "重伤", method: "lec", inherent: lec(3, 6, 7), measures: [["3-4", "严禁戴手套操作车床，长发盘入工作帽"]] },
        ],
      },
    ],
  },
  {
    kind: "equipment",
    name: "动力设备",
    department: "设备部",
    liablePerson: "冯磊",
    units: [
      {
        name: "空压机房",
        department: "设备部",
        liablePerson: "冯磊",
        location: "二号厂房北侧",
        events: [
          {
            name: "储气罐超压爆炸",
            consequence: "数人伤亡",
            method: "lec",
            inherent: lec(1, 6, 40),
            residual: lec(0.5, 6, 40),
            measures: [
              ["1-3", "储气罐安全阀、压力表按期校验"],
              ["2-2", "储气罐每年定期检验"],
            ],
          },
        ],
      },
      {
        name: "行车吊装作业",
        department: "设备部",
        liablePerson: "冯磊",
        location: "一号厂房",
        events: [
          {
            name: "吊物坠落起重伤害",
            consequence: "人员死亡",
            method: "lec",
            inherent: lec(3, 6, 15),
            measures: [
              ["3-1", "行车司机、司索工持证上岗"],
              ["2-3", "吊索具每日检查，报废标准上墙"],
              ["4-4", "起重伤害现场处置方案"],
            ],
          },
        ],
      },
    ],
  },
  {
    kind: "work_post",
    name: "作业岗位",
    department: "安全部",
    liablePerson: "郑建华",
    units: [
      {
        name: "焊接岗位",
        department: "生产部",
        liablePerson: "褚明",
        location: "焊接区",
        events: [
          { name: "焊接火花引燃可燃物", consequence: "火灾", method: "ls", inherent: ls(3, 3), measures: [["4-3", "焊接区配备灭火器，清除周边可燃物"]] },
          { name: "电焊烟尘职业危害", consequence: "尘肺病", method: "ls", inherent: ls(3, 2), measures: [["4-2", "佩戴防尘口罩，局部排风"]] },
        ],
      },
    ],
  },
];

// ---- generated registers ---------------------------------------------------------------------

interface UnitTemplate {
  name: string;
  kind: RiskObjectKind;
  events: { name: string; consequence: string; lec: [number, number, number][]; measures: M[] }[];
}

const T = {
  tank: {
    name: "储罐区",
    kind: "storage_area",
    events: [
      {
        name: "储罐泄漏引发火灾爆炸",
        consequence: "火灾爆炸，数人伤亡",
        lec: [
          [3, 6, 15],
          [3, 6, 40],
          [1, 6, 40],
        ],
        measures: [
          ["1-4", "可燃气体检测报警并联锁", "company", 1],
          ["1-3", "呼吸阀、阻火器定期检查"],
          ["4-3", "消防冷却水系统每月试验"],
        ],
      },
      {
        name: "有毒物料泄漏中毒",
        consequence: "人员中毒",
        lec: [
          [3, 6, 7],
          [1, 6, 15],
        ],
        measures: [
          ["4-2", "配备正压式空气呼吸器"],
          ["2-2", "管线阀门定期测厚"],
        ],
      },
    ],
  },
  reactor: {
    name: "反应工段",
    kind: "production_unit",
    events: [
      {
        name: "反应失控超温超压",
        consequence: "爆炸，多人伤亡",
        lec: [
          [3, 6, 15],
          [6, 6, 15],
          [1, 6, 40],
        ],
        measures: [
          ["1-1", "温度压力联锁", "company", 1],
          ["3-2", "工艺参数每 2 小时记录"],
          ["4-1", "紧急冷却系统备用"],
        ],
      },
    ],
  },
  machining: {
    name: "机加工区",
    kind: "production_unit",
    events: [
      {
        name: "机械伤害",
        consequence: "重伤",
        lec: [
          [3, 6, 7],
          [6, 6, 7],
          [3, 6, 15],
        ],
        measures: [
          ["1-2", "设备防护罩、急停装置完好"],
          ["3-1", "操作人员岗前培训"],
        ],
      },
    ],
  },
  hoisting: {
    name: "起重作业区",
    kind: "equipment",
    events: [
      {
        name: "起重伤害",
        consequence: "人员死亡",
        lec: [
          [3, 6, 15],
          [1, 6, 15],
        ],
        measures: [
          ["3-1", "起重作业人员持证"],
          ["2-3", "吊索具每日检查"],
        ],
      },
    ],
  },
  dust: {
    name: "打磨抛光区",
    kind: "production_unit",
    events: [
      {
        name: "粉尘爆炸",
        consequence: "爆炸，数人伤亡",
        lec: [
          [1, 6, 40],
          [3, 6, 15],
        ],
        measures: [
          ["1-1", "除尘系统运行与清灰记录"],
          ["3-3", "交接班清理积尘"],
        ],
      },
    ],
  },
  warehouse: {
    name: "仓库",
    kind: "storage_area",
    events: [
      {
        name: "仓库火灾",
        consequence: "火灾，人员伤亡",
        lec: [
          [1, 6, 15],
          [3, 3, 15],
          [3, 6, 15],
        ],
        measures: [
          ["4-3", "灭火器、消火栓每月检查"],
          ["3-4", "库区严禁烟火"],
        ],
      },
      {
        name: "货物坍塌砸伤",
        consequence: "重伤",
        lec: [
          [3, 6, 3],
          [1, 6, 7],
        ],
        measures: [["2-3", "货架定期检查"]],
      },
    ],
  },
  kitchen: {
    name: "厨房",
    kind: "work_post",
    events: [
      {
        name: "燃气泄漏爆炸",
        consequence: "爆炸，数人伤亡",
        lec: [
          [1, 6, 40],
          [1, 6, 15],
        ],
        measures: [
          ["1-4", "燃气泄漏报警与紧急切断阀联锁", "company", 1],
          ["4-3", "厨房灭火毯、灭火器"],
        ],
      },
      {
        name: "油锅起火",
        consequence: "火灾、烫伤",
        lec: [
          [3, 6, 3],
          [1, 6, 7],
        ],
        measures: [["3-4", "烹饪时不离人，定期清洗烟道"]],
      },
    ],
  },
  power: {
    name: "配电房",
    kind: "equipment",
    events: [
      {
        name: "电气火灾与触电",
        consequence: "火灾、触电",
        lec: [
          [1, 6, 15],
          [1, 3, 15],
          [1, 6, 7],
        ],
        measures: [
          ["2-2", "配电柜定期检测"],
          ["4-2", "绝缘防护用品"],
        ],
      },
    ],
  },
  vehicle: {
    name: "装卸区",
    kind: "work_post",
    events: [
      {
        name: "车辆伤害",
        consequence: "重伤",
        lec: [
          [3, 6, 7],
          [3, 3, 15],
        ],
        measures: [
          ["3-2", "装卸作业登记"],
          ["4-2", "反光背心、安全帽"],
        ],
      },
    ],
  },
} satisfies Record<string, UnitTemplate>;

const BY_SECTOR: Record<string, (keyof typeof T)[]> = {
  hazchem_production: ["tank", "reactor", "power", "vehicle"],
  hazchem_trade_storage: ["tank", "warehouse", "vehicle"],
  hazchem_use: ["tank", "reactor", "warehouse", "power"],
  machinery: ["machining", "hoisting", "dust", "power"],
  metallurgy: ["hoisting", "machining", "power"],
  nonferrous: ["hoisting", "dust", "power"],
  building_materials: ["machining", "dust", "power"],
  light_industry: ["machining", "dust", "warehouse"],
  textile: ["machining", "warehouse", "power"],
  logistics_warehousing: ["warehouse", "vehicle", "power"],
  commerce: ["warehouse", "power"],
  catering: ["kitchen", "power"],
  school: ["kitchen", "power"],
  elderly_care: ["kitchen", "power"],
};
const DEFAULT_UNITS: (keyof typeof T)[] = ["warehouse", "power", "machining"];

/** Steps a score one row down its table (less likely) for the residual risk. */
const LOWER_L: Record<number, number> = { 10: 6, 6: 3, 3: 1, 1: 0.5, 0.5: 0.2, 0.2: 0.1, 0.1: 0.1 };

function generated(sector: string, rand: () => number): O[] {
  const pick = <X>(xs: readonly X[]) => xs[Math.floor(rand() * xs.length)] as X;
  const pool = BY_SECTOR[sector] ?? DEFAULT_UNITS;
  const count = Math.min(pool.length, 1 + Math.floor(rand() * 3));
  const chosen = pool.slice(0, count);
  const objects = new Map<RiskObjectKind, O>();
  for (const key of chosen) {
    const t: UnitTemplate = T[key];
    const events: E[] = t.events.slice(0, 1 + Math.floor(rand() * t.events.length)).map((ev) => {
      const [l, e, c] = pick(ev.lec);
      return {
        name: ev.name,
        consequence: ev.consequence,
        method: "lec",
        inherent: lec(l, e, c),
        residual: rand() < 0.5 ? lec(LOWER_L[l] ?? l, e, c) : undefined,
        measures: [...ev.measures, ["4-4", "制定现场处置方案并每年演练"] as M],
      };
    });
    const obj = objects.get(t.kind) ?? { kind: t.kind, name: t.name, department: "安全管理部", liablePerson: "", units: [] };
    obj.units.push({ name: t.name, department: "生产部", liablePerson: "", location: "", events });
    objects.set(t.kind, obj);
  }
  return [...objects.values()];
}

// ---- inserting -------------------------------------------------------------------------------

export interface SeedDemoRisksOptions {
  /** The demo enterprises as generated (for their sectors) and their ids by key. */
  list: readonly DemoEnterprise[];
  entIds: ReadonlyMap<string, string>;
  now: Date;
  /** Share of the other enterprises that get a generated register (default 0.4). */
  share?: number;
  seed?: number;
}

async function insertChunks<R>(tx: Queryable, table: Parameters<Queryable["insert"]>[0], rows: R[]) {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500) as never);
}

export async function seedDemoRisks(tx: Queryable, opts: SeedDemoRisksOptions): Promise<{ units: number; events: number }> {
  const rand = mulberry32(opts.seed ?? 20261124);
  const share = opts.share ?? 0.4;
  const plans: [string, O[]][] = [];
  const fixed: Record<string, O[]> = { [DEMO_ENT_A_KEY]: ENT_A, [DEMO_ENT_B_KEY]: ENT_B, [DEMO_ENT_BAOHUA_2_KEY]: ENT_BAOHUA_2 };
  for (const d of opts.list) {
    const id = opts.entIds.get(d.key);
    if (!id) continue;
    if (fixed[d.key]) plans.push([id, fixed[d.key]!]);
    else if (rand() < share) plans.push([id, generated(d.input.sector, rand)]);
  }
  const usernames = [...new Set(plans.flatMap(([, os]) => os.flatMap((o) => o.units.flatMap((u) => (u.liableUser ? [u.liableUser] : [])))))];
  const userIds = new Map(
    (usernames.length ? await tx.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, usernames)) : []).map((u) => [
      u.username,
      u.id,
    ]),
  );

  const objRows: (typeof riskObjects.$inferInsert)[] = [];
  const unitRows: (typeof riskUnits.$inferInsert)[] = [];
  const eventRows: (typeof riskEvents.$inferInsert)[] = [];
  const assessmentRows: (typeof riskAssessments.$inferInsert)[] = [];
  const measureRows: (typeof controlMeasures.$inferInsert)[] = [];
  // Authored order is kept by creation times a second apart (the register lists by creation time).
  let tick = 0;
  const at = () => new Date(opts.now.getTime() - 86_400_000 + tick++ * 1000);
  const bands = DEFAULT_RISK_BANDS;
  for (const [enterpriseId, objects] of plans) {
    for (const o of objects) {
      const objectId = crypto.randomUUID();
      objRows.push({
        id: objectId,
        enterpriseId,
        kind: o.kind,
        name: o.name,
        hazardCode: o.hazardCode ?? "",
        department: o.department,
        liablePerson: o.liablePerson,
        createdAt: at(),
        updatedAt: opts.now,
      });
      for (const u of o.units) {
        const unitId = crypto.randomUUID();
        const grades: string[] = [];
        for (const ev of u.events) {
          const eventId = crypto.randomUUID();
          const created = at();
          const stored = (scores: Scores) => {
            const result = assessRisk(ev.method, scores, bands);
            return {
              method: ev.method,
              inputs: scores,
              result,
              calculatorVersion: result.calculatorVersion,
              bandsVersion: result.bandsVersion,
              assessedAt: created.toISOString(),
            };
          };
          const inherent = stored(ev.inherent);
          const residual = ev.residual ? stored(ev.residual) : null;
          const current = (residual ?? inherent).result;
          grades.push(current.riskGrade);
          eventRows.push({
            id: eventId,
            enterpriseId,
            unitId,
            name: ev.name,
            consequence: ev.consequence,
            method: ev.method,
            inherent,
            residual,
            riskGrade: current.riskGrade,
            riskLevel: current.level,
            createdAt: created,
            updatedAt: created,
          });
          for (const [stage, a] of [
            ["inherent", inherent],
            ["residual", residual],
          ] as const) {
            if (a)
              assessmentRows.push({
                enterpriseId,
                eventId,
                stage,
                method: a.method,
                inputs: a.inputs,
                result: a.result,
                calculatorVersion: a.calculatorVersion,
                bandsVersion: a.bandsVersion,
                assessedAt: created,
              });
          }
          for (const [c2, description, level, auto] of ev.measures) {
            measureRows.push({
              enterpriseId,
              unitId,
              eventId,
              description,
              classify1: c2.split("-")[0]!,
              classify2: c2,
              controlLevel: level ?? controlLevelsFor(current.riskGrade, bands).owner,
              responsiblePerson: u.liablePerson,
              dataSrc: auto ?? 2,
              troubleshootContent: auto ? "" : `检查：${description}`,
              createdAt: at(),
              updatedAt: opts.now,
            });
          }
        }
        unitRows.push({
          id: unitId,
          enterpriseId,
          objectId,
          name: u.name,
          department: u.department,
          liablePerson: u.liablePerson,
          liableUserId: u.liableUser ? (userIds.get(u.liableUser) ?? null) : null,
          location: u.location,
          qrToken: crypto.randomBytes(16).toString("base64url"),
          riskGrade: maxGrade(grades),
          createdAt: at(),
          updatedAt: opts.now,
        });
      }
    }
  }
  await insertChunks(tx, riskObjects, objRows);
  await insertChunks(tx, riskUnits, unitRows);
  await insertChunks(tx, riskEvents, eventRows);
  await insertChunks(tx, riskAssessments, assessmentRows);
  await insertChunks(tx, controlMeasures, measureRows);
  return { units: unitRows.length, events: eventRows.length };
}

// Exported for tests: the hand-written registers.
export const DEMO_RISK_REGISTERS = { [DEMO_ENT_A_KEY]: ENT_A, [DEMO_ENT_B_KEY]: ENT_B, [DEMO_ENT_BAOHUA_2_KEY]: ENT_BAOHUA_2 } as const;

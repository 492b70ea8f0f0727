/**
 * 重大事故隐患判定标准: the items a major hidden hazard (重大事故隐患) must cite (domain-reference §4).
 * Shipped: the 20 items of 安监总管三〔2017〕121号 (chemicals and hazardous chemicals) and the 3 general items of
 * 应急管理部令第10号 Art. 3 (工贸企业). The texts are paraphrases, not the legal wording. Other industries' standards
 * are added as data (`POST /api/hazard-standards`) with the same shape.
 */
import { z } from "zod";
import { SECTOR_CODES, type Sector } from "./sectors";

export interface DeterminationItem {
  /** Stable code, e.g. chem2017-05, gm2023-3-2. */
  code: string;
  /** The issuing document's number (文号). */
  standard: string;
  standardName: string;
  /** Position in the standard (for ordering). */
  seq: number;
  text: string;
  /** Sectors the item applies to; empty = any. */
  sectors: readonly Sector[];
}

export const CHEM_2017 = {
  standard: "安监总管三〔2017〕121号",
  standardName: "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）",
} as const;

export const GM_2023 = {
  standard: "应急管理部令第10号",
  standardName: "工贸企业重大事故隐患判定标准",
} as const;

const HAZCHEM: readonly Sector[] = ["hazchem_production", "hazchem_trade_storage", "hazchem_use"];
/** 工贸行业 (Order 10 Art. 2): metallurgy, non-ferrous, building materials, machinery, light industry, textiles, tobacco, commerce. */
const INDUSTRY_TRADE: readonly Sector[] = ["metallurgy", "nonferrous", "building_materials", "machinery", "light_industry", "textile", "tobacco", "commerce"];

const CHEM_2017_TEXTS: readonly string[] = [
  "危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格",
  "特种作业人员未持证上岗",
  "涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求",
  "涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，或装备的自动化控制系统、紧急停车系统未投入使用",
  "构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源的危险化学品罐区未配备独立的安全仪表系统",
  "全压力式液化烃储罐未按国家标准设置注水措施",
  "液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统",
  "光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域",
  "地区架空电力线路穿越生产区且不符合国家标准要求",
  "在役化工装置未经正规设计且未进行安全设计诊断",
  "使用淘汰落后安全技术工艺、设备目录列出的工艺、设备",
  "涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备",
  "控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求",
  "化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源",
  "安全阀、爆破片等安全附件未正常投用",
  "未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度",
  "未制定操作规程和工艺控制指标",
  "未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行",
  "新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次使用的化工工艺未经过省级人民政府有关部门组织的安全可靠性论证；新建装置未制定试生产方案投料开车；精细化工企业未按规范性文件要求开展反应安全风险评估",
  "未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存",
];

const GM_2023_ART3_TEXTS: readonly { text: string; sectors: readonly Sector[] }[] = [
  { text: "未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查", sectors: INDUSTRY_TRADE },
  { text: "特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业", sectors: INDUSTRY_TRADE },
  { text: "金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格", sectors: ["metallurgy", "nonferrous"] },
];

/** The shipped items: chem2017-01…20 and gm2023-3-1…3. */
export const DETERMINATION_ITEMS: readonly DeterminationItem[] = [
  ...CHEM_2017_TEXTS.map((text, i) => ({ code: `chem2017-${String(i + 1).padStart(2, "0")}`, ...CHEM_2017, seq: i + 1, text, sectors: HAZCHEM })),
  ...GM_2023_ART3_TEXTS.map((it, i) => ({ code: `gm2023-3-${i + 1}`, ...GM_2023, seq: i + 1, text: it.text, sectors: it.sectors })),
];

/** The items that apply to an enterprise of this sector (items without sectors apply to every sector). */
export function determinationItemsFor<T extends { sectors: readonly string[] }>(items: readonly T[], sector: Sector): T[] {
  return items.filter((i) => i.sectors.length === 0 || i.sectors.includes(sector));
}

const label = (name: string, max: number) =>
  z
    .string({ error: `${name}应为文本` })
    .trim()
    .min(1, { error: `${name}不能为空` })
    .max(max, { error: `${name}不能超过 ${max} 个字` });

/** One item as an administrator adds it (other industries' standards as data). */
export const determinationItemInputSchema = z.object({
  code: z
    .string({ error: "编码应为文本" })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "编码只能包含字母、数字、点、下划线和连字符（最多 64 位）" }),
  standard: label("标准文号", 100),
  standardName: label("标准名称", 200),
  seq: z.number({ error: "序号应为数字" }).int({ error: "序号应为整数" }).min(0).max(100_000),
  text: label("判定条款", 2000),
  sectors: z
    .array(z.enum(SECTOR_CODES as [Sector, ...Sector[]], { error: "监管行业无效" }))
    .max(SECTOR_CODES.length)
    .default([]),
});
export type DeterminationItemInput = z.output<typeof determinationItemInputSchema>;

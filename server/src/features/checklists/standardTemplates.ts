/**
 * Standard-based checklist templates (排查清单模板) shipped with the code, with fixed ids, written to
 * checklist_templates on first use (and by the demo seed). Items paraphrase the cited texts; they are starting points
 * an enterprise adapts into its own list (一企一清单), not the legal text.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { checklistTemplates } from "../../db/schema";

interface StdItem {
  content: string;
  basis: string;
  category: string;
}
export interface StandardTemplate {
  id: string;
  name: string;
  basis: string;
  sectors: string[];
  items: StdItem[];
}

const MAH = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》（安监总管三〔2017〕121号）";
const GUIDE = "《危险化学品企业安全风险隐患排查治理导则》（应急〔2019〕78号）";
const ORDER10 = "《工贸企业重大事故隐患判定标准》（应急管理部令第10号）";

export const HAZCHEM_TEMPLATE_ID = "7a3f0c52-1d6e-4b0a-9c11-000000000001";
export const INDUSTRY_TRADE_TEMPLATE_ID = "7a3f0c52-1d6e-4b0a-9c11-000000000002";

export const STANDARD_TEMPLATES: readonly StandardTemplate[] = [
  {
    id: HAZCHEM_TEMPLATE_ID,
    name: "危险化学品企业安全风险隐患排查清单",
    basis: `${GUIDE}；${MAH}`,
    sectors: ["hazchem_production", "hazchem_trade_storage", "hazchem_use"],
    items: [
      { category: "安全领导能力", content: "主要负责人和安全生产管理人员经安全生产知识和管理能力考核合格", basis: `${MAH} 第1项；${GUIDE} 安全领导能力` },
      { category: "安全生产责任制", content: "建立与岗位相匹配的全员安全生产责任制并落实", basis: `${MAH} 第16项` },
      { category: "安全生产责任制", content: "建立并落实隐患排查治理制度，隐患排查记录完整", basis: `${MAH} 第16项；${GUIDE}` },
      { category: "岗位培训", content: "特种作业人员持有效证件上岗", basis: `${MAH} 第2项` },
      { category: "岗位培训", content: "操作规程和工艺控制指标齐全，现场岗位可查阅", basis: `${MAH} 第17项` },
      { category: "工艺安全", content: "涉及重点监管危险化工工艺的装置装设自动化控制系统和紧急停车系统并正常投用", basis: `${MAH} 第4项` },
      { category: "工艺安全", content: "工艺、设备、人员变更履行变更审批并告知相关岗位", basis: `${GUIDE} 装置运行安全管理` },
      { category: "设备安全", content: "安全阀、爆破片等安全附件正常投用并按期校验", basis: `${MAH} 第15项` },
      { category: "仪表安全", content: "可燃和有毒气体泄漏场所设置检测报警装置并正常运行，报警值符合要求", basis: `${MAH} 第12项；GB/T 50493-2019` },
      {
        category: "仪表安全",
        content: "一级、二级重大危险源储罐区具备紧急切断功能；涉及毒性气体、液化气体、剧毒液体的设置独立安全仪表系统",
        basis: `${MAH} 第5项`,
      },
      { category: "电气安全", content: "爆炸危险区域使用符合要求的防爆电气设备", basis: `${MAH} 第12项` },
      { category: "电气安全", content: "化工装置具备双重电源，自动化控制系统配置不间断电源（UPS）", basis: `${MAH} 第14项` },
      { category: "总图布置", content: "控制室、机柜间面向具有火灾、爆炸危险性装置一侧满足防火防爆要求", basis: `${MAH} 第13项` },
      { category: "特殊作业", content: "动火、受限空间等特殊作业办理作业票，落实气体分析、监护等安全措施", basis: `${MAH} 第18项；GB 30871-2022` },
      { category: "储存管理", content: "危险化学品分区分类储存，不超量、不超品种，禁配物质不混放混存", basis: `${MAH} 第20项` },
      {
        category: "应急管理",
        content: "生产安全事故应急预案按规定编制、评审并定期演练，应急物资配备到位",
        basis: `${GUIDE} 应急管理；《生产安全事故应急条例》`,
      },
    ],
  },
  {
    id: INDUSTRY_TRADE_TEMPLATE_ID,
    name: "工贸企业安全生产隐患排查清单",
    basis: `${ORDER10}；《中华人民共和国安全生产法》`,
    sectors: ["metallurgy", "nonferrous", "building_materials", "machinery", "light_industry", "textile", "tobacco", "commerce", "logistics_warehousing"],
    items: [
      { category: "安全管理", content: "对承包单位、承租单位的安全生产工作统一协调、管理，并定期进行安全检查", basis: `${ORDER10} 第三条第（一）项` },
      { category: "安全管理", content: "特种作业人员经专门安全技术培训并取得相应资格后上岗", basis: `${ORDER10} 第三条第（二）项` },
      { category: "安全管理", content: "建立并落实全员安全生产责任制和安全生产规章制度", basis: "《中华人民共和国安全生产法》" },
      { category: "教育培训", content: "从业人员经安全生产教育和培训合格后上岗，培训记录完整", basis: "《中华人民共和国安全生产法》" },
      { category: "个体防护", content: "按标准配备劳动防护用品，并监督从业人员正确佩戴使用", basis: "《中华人民共和国安全生产法》" },
      { category: "粉尘防爆", content: "存在粉尘爆炸危险的场所除尘系统按规定采取防爆措施，定期清理积尘", basis: `${ORDER10} 第十一条` },
      { category: "液氨制冷", content: "使用液氨制冷的，氨泄漏检测报警和紧急处置设施完好有效", basis: `${ORDER10} 第十二条` },
      { category: "有限空间", content: "有限空间作业前进行通风、检测，作业时设专人监护", basis: `${ORDER10} 第十三条` },
      { category: "安全设施", content: "与安全生产直接相关的监测、报警、防护设施完好有效", basis: `${ORDER10} 第十四条` },
      { category: "特种设备", content: "叉车、起重机械、压力容器等特种设备定期检验且在有效期内，作业人员持证操作", basis: "《中华人民共和国特种设备安全法》" },
      { category: "用电安全", content: "电气线路规范敷设，无私拉乱接，配电箱柜完好并有漏电保护", basis: "GB/T 13869《用电安全导则》" },
      { category: "消防安全", content: "消防设施、器材完好有效，疏散通道、安全出口畅通", basis: "《中华人民共和国消防法》" },
      {
        category: "仓储管理",
        content: "仓库货物堆垛高度、间距符合要求，主通道畅通，照明灯具与货物保持安全距离",
        basis: "《仓库防火安全管理规则》（公安部令第6号）",
      },
      { category: "应急管理", content: "编制生产安全事故应急预案并定期组织演练", basis: "《生产安全事故应急条例》" },
    ],
  },
];

/** Template items get stable ids: "<template-suffix>-<n>", so list items keep their origin across versions. */
export const templateItems = (t: StandardTemplate) => t.items.map((it, i) => ({ id: `s${t.id.slice(-2)}-${i + 1}`, ...it }));

/** Writes the shipped templates (insert or refresh); run at every start by the seed, like the determination items. */
export async function ensureStandardTemplates(db: Queryable): Promise<void> {
  await db
    .insert(checklistTemplates)
    .values(
      STANDARD_TEMPLATES.map((t) => ({
        id: t.id,
        name: t.name,
        basis: t.basis,
        kind: "standard",
        enterpriseId: null,
        sectors: t.sectors,
        items: templateItems(t),
      })),
    )
    .onConflictDoUpdate({
      target: checklistTemplates.id,
      set: { name: sql`excluded.name`, basis: sql`excluded.basis`, sectors: sql`excluded.sectors`, items: sql`excluded.items` },
    });
}

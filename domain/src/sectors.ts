/** Regulatory sectors of an enterprise (监管行业). Codes are stable identifiers; labels are the official Chinese terms. */
export const SECTORS = {
  hazchem_production: { zh: "危险化学品生产", en: "Hazardous chemicals: production", hazchem: true },
  hazchem_trade_storage: { zh: "危险化学品经营（带储存）", en: "Hazardous chemicals: trade with storage", hazchem: true },
  hazchem_use: { zh: "危险化学品使用", en: "Hazardous chemicals: use", hazchem: true },
  non_coal_mine: { zh: "非煤矿山", en: "Non-coal mining", hazchem: false },
  metallurgy: { zh: "冶金", en: "Metallurgy", hazchem: false },
  nonferrous: { zh: "有色", en: "Non-ferrous metals", hazchem: false },
  building_materials: { zh: "建材", en: "Building materials", hazchem: false },
  machinery: { zh: "机械", en: "Machinery", hazchem: false },
  light_industry: { zh: "轻工", en: "Light industry", hazchem: false },
  textile: { zh: "纺织", en: "Textiles", hazchem: false },
  tobacco: { zh: "烟草", en: "Tobacco", hazchem: false },
  commerce: { zh: "商贸", en: "Commerce and trade", hazchem: false },
  fireworks: { zh: "烟花爆竹", en: "Fireworks", hazchem: false },
  construction: { zh: "建筑施工", en: "Construction", hazchem: false },
  transport: { zh: "交通运输", en: "Transport", hazchem: false },
  logistics_warehousing: { zh: "物流仓储", en: "Logistics and warehousing", hazchem: false },
  catering: { zh: "餐饮", en: "Catering", hazchem: false },
  school: { zh: "学校", en: "Schools", hazchem: false },
  elderly_care: { zh: "养老机构", en: "Elderly care", hazchem: false },
  other: { zh: "其他", en: "Other", hazchem: false },
} as const;

export type Sector = keyof typeof SECTORS;
export const SECTOR_CODES = Object.keys(SECTORS) as Sector[];

export function sectorFromLabel(label: string): Sector | undefined {
  const t = label.trim().replace(/[()]/g, (c) => (c === "(" ? "（" : "）"));
  return SECTOR_CODES.find((s) => SECTORS[s].zh === t || s === label.trim());
}

/** Government departments (政府部门) and the sectors each supervises (管行业必须管安全). `null` means all sectors. */
export const DEPARTMENTS = {
  emergency: { zh: "应急管理", en: "Emergency management", sectors: null },
  commerce: { zh: "商务", en: "Commerce", sectors: ["commerce", "catering"] },
  housing: { zh: "住建", en: "Housing and construction", sectors: ["construction"] },
  transport: { zh: "交通运输", en: "Transport", sectors: ["transport"] },
  education: { zh: "教育", en: "Education", sectors: ["school"] },
  market: { zh: "市场监管", en: "Market regulation", sectors: ["catering", "commerce"] },
  fire: { zh: "消防救援", en: "Fire and rescue", sectors: null },
  ecology: { zh: "生态环境", en: "Ecology and environment", sectors: ["hazchem_production", "hazchem_trade_storage", "hazchem_use"] },
  industry: {
    zh: "工业和信息化",
    en: "Industry and IT",
    sectors: ["metallurgy", "nonferrous", "building_materials", "machinery", "light_industry", "textile", "tobacco"],
  },
  public_security: { zh: "公安", en: "Public security", sectors: ["fireworks", "hazchem_production", "hazchem_trade_storage"] },
  civil_affairs: { zh: "民政", en: "Civil affairs", sectors: ["elderly_care"] },
  postal: { zh: "邮政管理", en: "Postal administration", sectors: ["logistics_warehousing"] },
} as const satisfies Record<string, { zh: string; en: string; sectors: readonly Sector[] | null }>;

export type Department = keyof typeof DEPARTMENTS;
export const DEPARTMENT_CODES = Object.keys(DEPARTMENTS) as Department[];

/** The 18 key-supervised hazardous chemical processes (重点监管危险化工工艺), domain-reference §7. Code = list position. */
export const HAZARDOUS_PROCESSES = [
  "光气及光气化工艺",
  "电解工艺（氯碱）",
  "氯化工艺",
  "硝化工艺",
  "合成氨工艺",
  "裂解（裂化）工艺",
  "氟化工艺",
  "加氢工艺",
  "重氮化工艺",
  "氧化工艺",
  "过氧化工艺",
  "胺基化工艺",
  "磺化工艺",
  "聚合工艺",
  "烷基化工艺",
  "新型煤化工工艺",
  "电石生产工艺",
  "偶氮化工艺",
] as const;

/** English names of the 18 processes, in the same order (for the English UI). */
export const HAZARDOUS_PROCESSES_EN = [
  "Phosgene and phosgenation",
  "Electrolysis (chlor-alkali)",
  "Chlorination",
  "Nitration",
  "Ammonia synthesis",
  "Cracking",
  "Fluorination",
  "Hydrogenation",
  "Diazotization",
  "Oxidation",
  "Peroxidation",
  "Amination",
  "Sulfonation",
  "Polymerization",
  "Alkylation",
  "New coal-chemical processes",
  "Calcium carbide production",
  "Azo coupling",
] as const satisfies readonly string[] & { length: typeof HAZARDOUS_PROCESSES.length };

/** Categories of the free attachments of an enterprise's file (附件类别). */
export const ATTACHMENT_CATEGORIES = {
  emergency_plan: { zh: "应急预案", en: "Emergency plan" },
  rules: { zh: "安全管理制度", en: "Safety rules" },
  site_photo: { zh: "现场照片", en: "Site photo" },
  licence_scan: { zh: "证照扫描件", en: "Licence scan" },
  report: { zh: "评价报告", en: "Assessment report" },
  other: { zh: "其他", en: "Other" },
} as const;
export type AttachmentCategory = keyof typeof ATTACHMENT_CATEGORIES;

export const OPERATING_STATUSES = {
  operating: { zh: "在业", en: "Operating" },
  suspended: { zh: "停产", en: "Suspended" },
  closed: { zh: "关闭", en: "Closed" },
} as const;
export type OperatingStatus = keyof typeof OPERATING_STATUSES;

/** Supervision level (监管层级): which level of government supervises the enterprise directly. */
export const SUPERVISION_LEVELS = {
  province: { zh: "省级", en: "Province" },
  city: { zh: "市级", en: "City" },
  county: { zh: "县级", en: "County" },
  township: { zh: "乡镇级", en: "Township" },
} as const;
export type SupervisionLevel = keyof typeof SUPERVISION_LEVELS;

/** Licence and certificate types (证照). */
export const LICENCE_TYPES = {
  business_licence: { zh: "营业执照", en: "Business licence" },
  safety_production_licence: { zh: "安全生产许可证", en: "Work-safety production licence" },
  hazchem_trade_licence: { zh: "危险化学品经营许可证", en: "Hazardous-chemical trading licence" },
  hazchem_use_licence: { zh: "危险化学品安全使用许可证", en: "Hazardous-chemical use licence" },
  hazchem_registration: { zh: "危险化学品登记证", en: "Hazardous-chemical registration" },
  standardisation_cert: { zh: "安全生产标准化证书", en: "Safety standardisation certificate" },
  fireworks_licence: { zh: "烟花爆竹经营许可证", en: "Fireworks trading licence" },
  principal_safety_cert: { zh: "主要负责人安全生产知识和管理能力考核合格证", en: "Principal's safety qualification" },
  safety_manager_cert: { zh: "安全生产管理人员考核合格证", en: "Safety manager's qualification" },
  special_operation_cert: { zh: "特种作业操作证", en: "Special operation certificate" },
  other: { zh: "其他", en: "Other" },
} as const;
export type LicenceType = keyof typeof LICENCE_TYPES;

/** Licence expiry state: expired, expiring within `soonDays`, or valid. */
export function licenceState(validUntil: string | null, today: string, soonDays = 30): "expired" | "expiring" | "valid" | "none" {
  if (!validUntil) return "none";
  if (validUntil < today) return "expired";
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + soonDays);
  return validUntil <= soon.toISOString().slice(0, 10) ? "expiring" : "valid";
}

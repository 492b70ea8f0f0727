/** Request shapes of the special-work permits (docs/steward.md "Special-work permits"): zod with Chinese messages. */
import { z } from "zod";
import {
  APPROVER_LEVEL_CODES,
  EVIDENCE_NODE_CODES,
  type GradeInputs,
  HEIGHT_HAZARD_FACTORS,
  HIGH_RISK_CATEGORY_CODES,
  PERMIT_GRADES,
  PERMIT_STATUS_CODES,
  type PermitAction,
  PERMIT_TRANSITIONS,
  SPECIAL_WORK_TYPE_CODES,
  type SpecialWorkType,
} from "@anguan/domain";
import { AppError } from "../../platform/errors";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const uuid = (label: string) => z.uuid({ error: `${label}无效` });
const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}应为带时区的 ISO-8601 时间` }).transform((v) => new Date(v));
const day = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` });
const version = z.number({ error: "请提供所见的版本号 version" }).int({ error: "版本号应为整数" }).min(1, { error: "版本号应为正整数" });

export const idParams = z.object({ id: z.string().max(64) });
export const measureParams = z.object({ id: z.string().max(64), no: z.coerce.number({ error: "措施序号应为整数" }).int().min(1).max(1000) });
const ACTIONS = Object.keys(PERMIT_TRANSITIONS) as [PermitAction, ...PermitAction[]];
export const actionParams = z.object({
  id: z.string().max(64),
  action: z.enum(ACTIONS, { error: `操作应为 ${ACTIONS.join("、")}` }),
});

export const workType = z.enum(SPECIAL_WORK_TYPE_CODES as [SpecialWorkType, ...SpecialWorkType[]], {
  error: `作业类型应为 ${SPECIAL_WORK_TYPE_CODES.join("、")}`,
});

// ---- grade inputs, by type (parsed after the type is known; errors name gradeInputs.<field>)

const flag = (label: string) => z.boolean({ error: `${label}应为 true 或 false` });
const hotInputs = z
  .object({
    inHazardArea: flag("是否在火灾爆炸危险场所").optional(),
    onRunningEquipment: flag("是否在运行的生产装置、管道、储罐、容器上").default(false),
    inMajorHazardTankDike: flag("是否在重大危险源罐区防火堤内").default(false),
    onPipeRack: flag("是否在管廊上").default(false),
    fixedArea: flag("是否在固定动火区").optional(),
    unitShutDownAndIsolated: flag("装置是否已停车、置换并隔离").optional(),
    windForce5Plus: flag("是否五级风以上露天作业").optional(),
  })
  .strict();
const FACTORS = Object.keys(HEIGHT_HAZARD_FACTORS) as [keyof typeof HEIGHT_HAZARD_FACTORS, ...(keyof typeof HEIGHT_HAZARD_FACTORS)[]];
const heightInputs = z
  .object({
    heightM: z.number({ error: "作业高度应为数字（米）" }).min(0, { error: "作业高度不能为负数" }).max(1000, { error: "作业高度最多 1000 米" }),
    factors: z
      .array(z.enum(FACTORS, { error: `客观危险因素应为 ${FACTORS.join("、")}` }))
      .max(FACTORS.length)
      .default([]),
  })
  .strict();
const liftingInputs = z
  .object({
    massT: z.number({ error: "吊物质量应为数字（吨）" }).positive({ error: "吊物质量应大于 0" }).max(100_000, { error: "吊物质量过大" }),
  })
  .strict();
const noInputs = z.looseObject({});

/** Parses a schema, naming fields `<prefix>.<path>` in a 400. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.flatMap((i) => {
    const at = [prefix, ...i.path.map(String)].filter(Boolean);
    // An unknown key (strict objects) is named itself: a grade typed by the client → gradeInputs.grade.
    if (i.code === "unrecognized_keys") return i.keys.map((k) => ({ field: [...at, k].join("."), message: `不支持的字段 ${k}` }));
    return [{ field: at.join(".") || "body", message: i.message }];
  });
  throw new AppError(400, "VALIDATION_FAILED", `请求内容有误：${fields.map((f) => `${f.field}: ${f.message}`).join("；")}`, fields);
}

/** The domain's grade inputs for a type, from the request's `gradeInputs` and `inHazardArea`. */
export function gradeInputsOf(type: SpecialWorkType, raw: unknown, inHazardArea: boolean): GradeInputs {
  switch (type) {
    case "hot_work": {
      const g = parseWith(hotInputs, raw, "gradeInputs");
      if (g.inHazardArea !== undefined && g.inHazardArea !== inHazardArea)
        throw new AppError(400, "VALIDATION_FAILED", "gradeInputs.inHazardArea 与 inHazardArea 不一致", [
          { field: "gradeInputs.inHazardArea", message: "与“是否在火灾爆炸危险场所”（inHazardArea）不一致" },
        ]);
      return { type, ...g, inHazardArea };
    }
    case "height":
      return { type, ...parseWith(heightInputs, raw, "gradeInputs") };
    case "lifting":
      return { type, ...parseWith(liftingInputs, raw, "gradeInputs") };
    default:
      parseWith(noInputs, raw, "gradeInputs");
      return { type, inHazardArea };
  }
}

// ---- permits

const people = {
  workLeaderId: uuid("作业负责人"),
  watchmanId: uuid("监护人"),
  gasAnalystId: uuid("分析人").nullish(),
  brieferId: uuid("安全交底人").nullish(),
  workerIds: z.array(uuid("作业人"), { error: "作业人应为列表" }).min(1, { error: "请至少选择一名作业人" }).max(100, { error: "一张作业票最多 100 名作业人" }),
};

const permitFields = {
  place: required("作业地点", 200),
  content: required("作业内容", 2000),
  workingUnit: text("作业单位", 200).default(""),
  inHazardArea: flag("是否在火灾爆炸危险场所").default(false),
  plannedStart: instant("计划开始时间"),
  plannedEnd: instant("计划结束时间"),
  gradeInputs: z.unknown().default({}),
  ...people,
  linkedPermitIds: z.array(uuid("关联作业票"), { error: "关联作业票应为列表" }).max(20, { error: "最多关联 20 张作业票" }).default([]),
  extensionReason: text("延期理由", 500).default(""),
};

export const permitInput = z.object({ enterpriseId: uuid("企业"), type: workType, ...permitFields }).strict();
export type PermitInput = z.output<typeof permitInput>;

export const permitPatch = z
  .object({
    type: workType.optional(),
    place: permitFields.place.optional(),
    content: permitFields.content.optional(),
    workingUnit: text("作业单位", 200).optional(),
    inHazardArea: flag("是否在火灾爆炸危险场所").optional(),
    plannedStart: instant("计划开始时间").optional(),
    plannedEnd: instant("计划结束时间").optional(),
    gradeInputs: z.unknown().optional(),
    workLeaderId: people.workLeaderId.optional(),
    watchmanId: people.watchmanId.optional(),
    gasAnalystId: people.gasAnalystId,
    brieferId: people.brieferId,
    workerIds: people.workerIds.optional(),
    linkedPermitIds: z.array(uuid("关联作业票")).max(20, { error: "最多关联 20 张作业票" }).optional(),
    extensionReason: text("延期理由", 500).optional(),
    version,
  })
  .strict();
export type PermitPatch = z.output<typeof permitPatch>;

export const previewInput = z
  .object({
    enterpriseId: uuid("企业"),
    type: workType,
    gradeInputs: z.unknown().default({}),
    plannedStart: instant("计划开始时间"),
    plannedEnd: instant("计划结束时间"),
    inHazardArea: flag("是否在火灾爆炸危险场所").default(false),
    workerIds: z.array(uuid("作业人")).max(100).default([]),
    watchmanId: uuid("监护人").nullish(),
    extensionReason: text("延期理由", 500).default(""),
  })
  .strict();
export type PreviewInput = z.output<typeof previewInput>;

export const measuresInput = z
  .object({
    items: z
      .array(z.object({ no: z.number({ error: "措施序号应为整数" }).int().min(1), involved: flag("是否涉及") }).strict(), { error: "措施应为列表" })
      .max(200),
    version,
  })
  .strict();

export const confirmInput = z
  .object({ evidenceId: uuid("现场照片").nullish() })
  .strict()
  .nullish();

export const gasInput = z
  .object({
    sampledAt: instant("取样时间"),
    point: required("取样点", 200),
    gas: required("检测气体", 50),
    kind: z.enum(["combustible", "oxygen", "toxic"], { error: "气体类别应为 combustible（可燃）、oxygen（氧气）或 toxic（有毒）" }),
    value: z.number({ error: "检测值应为数字" }),
    lelPercent: z.number({ error: "爆炸下限应为数字（%V/V）" }).positive({ error: "爆炸下限应大于 0" }).max(100).nullish(),
    limit: z.number({ error: "职业接触限值应为数字" }).positive({ error: "职业接触限值应大于 0" }).nullish(),
    oxygenEnriched: flag("是否富氧环境").default(false),
    analystId: uuid("分析人").nullish(),
    analystName: text("分析人姓名", 50).nullish(),
    instrument: required("检测仪器", 200),
  })
  .strict();
export type GasInput = z.output<typeof gasInput>;

export const evidenceInput = z
  .object({
    node: z.enum(EVIDENCE_NODE_CODES as [string, ...string[]], { error: `节点应为 ${EVIDENCE_NODE_CODES.join("、")}` }),
    evidenceId: uuid("证据"),
    measureNo: z.number({ error: "措施序号应为整数" }).int().min(1).nullish(),
  })
  .strict();

const coordinate = (label: string, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(-max, { error: `${label}应在 -${max} 到 ${max} 之间` })
    .max(max, { error: `${label}应在 -${max} 到 ${max} 之间` });
export const actionInput = z
  .object({
    version,
    note: text("说明", 2000).optional(),
    opinion: text("审批意见", 2000).optional(),
    reason: text("取消理由", 2000).optional(),
    lat: coordinate("纬度", 90).nullish(),
    lng: coordinate("经度", 180).nullish(),
  })
  .strict();
export type ActionInput = z.output<typeof actionInput>;

const page = {
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(200, { error: "每页最多 200 条" }).default(20),
};
const GRADES = Object.keys(PERMIT_GRADES) as [string, ...string[]];
export const listQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  type: workType.optional(),
  status: z.enum(PERMIT_STATUS_CODES as [string, ...string[]], { error: `状态应为 ${PERMIT_STATUS_CODES.join("、")}` }).optional(),
  grade: z.enum(GRADES, { error: "作业级别无效" }).optional(),
  day: day("作业日期").optional(),
  from: day("开始日期").optional(),
  to: day("结束日期").optional(),
  highRisk: z.enum(["true", "false"], { error: "highRisk 应为 true 或 false" }).optional(),
  q: text("关键字", 100).optional(),
  ...page,
});

export const todayQuery = z.object({ enterpriseId: uuid("企业").optional() });

export const highRiskQuery = z.object({
  regionCode: z
    .string()
    .regex(/^(\d{6}|\d{9}|\d{12})$/, { error: "区域代码应为 6、9 或 12 位数字" })
    .optional(),
  day: day("日期").optional(),
  type: workType.optional(),
  grade: z.enum(GRADES, { error: "作业级别无效" }).optional(),
  category: z.enum(HIGH_RISK_CATEGORY_CODES as [string, ...string[]], { error: `类别应为 ${HIGH_RISK_CATEGORY_CODES.join("、")}` }).optional(),
});

export const approversQuery = z.object({ enterpriseId: uuid("企业") });
export const approversInput = z
  .object({
    enterpriseId: uuid("企业"),
    levels: z.partialRecord(
      z.enum(APPROVER_LEVEL_CODES as [string, ...string[]], { error: `审批级别应为 ${APPROVER_LEVEL_CODES.join("、")}` }),
      z.array(uuid("审批人"), { error: "审批人应为列表" }).max(50, { error: "每级最多 50 名审批人" }),
    ),
  })
  .strict();

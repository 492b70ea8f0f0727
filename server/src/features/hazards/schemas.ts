/**
 * Request bodies of the hazard endpoints (zod, Chinese messages naming the field). The action bodies are chosen by
 * the `:action` path parameter, so they are parsed in the handler with `parseBody` (errors name `rectification.deadline` …).
 */
import { z } from "zod";
import {
  GOVERNANCE_PLAN_ELEMENTS,
  HAZARD_ACTIONS,
  HAZARD_SOURCE_CODES,
  type GovernancePlanElement,
  type HazardAction,
  type HazardSource,
} from "@anguan/domain";
import { AppError } from "../../platform/errors";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `${label}不能为空` });
const uuid = (label: string) => z.uuid({ error: `${label}格式无效` });

export const sourceSchema = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.enum(HAZARD_SOURCE_CODES as [HazardSource, ...HazardSource[]], {
    error: `隐患来源无效（应为 ${HAZARD_SOURCE_CODES.join("、")} 之一）`,
  }),
);
export const dangerTypeSchema = z
  .number({ error: "隐患类型应为 1–8（安全、工艺、电气、仪表、消防、总图、设备、其他）" })
  .int({ error: "隐患类型应为 1–8" })
  .min(1, { error: "隐患类型应为 1–8" })
  .max(8, { error: "隐患类型应为 1–8" });
const levelSchema = z.enum(["general", "major"], { error: "隐患等级应为 general（一般）或 major（重大）" });
const latSchema = z.number({ error: "纬度应为数字" }).min(-90, { error: "纬度应在 -90 到 90 之间" }).max(90, { error: "纬度应在 -90 到 90 之间" });
const lngSchema = z.number({ error: "经度应为数字" }).min(-180, { error: "经度应在 -180 到 180 之间" }).max(180, { error: "经度应在 -180 到 180 之间" });
const evidenceIdsSchema = z.array(uuid("证据 ID"), { error: "证据应为 ID 列表" }).max(30, { error: "最多 30 个证据" });

/**
 * A deadline: a calendar day `YYYY-MM-DD` (the end of that day, Asia/Shanghai) or an ISO-8601 time with its offset.
 */
export const deadlineSchema = (label: string) =>
  z.string({ error: `${label}应为日期（YYYY-MM-DD）或带时区的时间` }).transform((v, ctx) => {
    const s = v.trim();
    const d = /^\d{4}-\d{2}-\d{2}$/.test(s)
      ? new Date(`${s}T23:59:59.999+08:00`)
      : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)
        ? new Date(s)
        : new Date(Number.NaN);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: `${label}应为日期（YYYY-MM-DD）或带时区的时间` });
      return z.NEVER;
    }
    return d;
  });

/** POST /api/hazards: 隐患登记 / 随手拍. */
export const createHazardBody = z.object({
  enterpriseId: uuid("企业 ID"),
  title: required("隐患名称", 200),
  description: text("隐患描述", 4000).default(""),
  location: text("隐患位置", 200).optional(),
  lat: latSchema.nullable().optional(),
  lng: lngSchema.nullable().optional(),
  level: levelSchema.optional(),
  dangerType: dangerTypeSchema.nullable().optional(),
  source: sourceSchema.optional(),
  riskUnitId: uuid("风险分析单元 ID").nullable().optional(),
  measureId: uuid("管控措施 ID").nullable().optional(),
  enforcementId: text("执法编号", 64).nullable().optional(),
  evidenceIds: evidenceIdsSchema.default([]),
});
export type CreateHazardBody = z.output<typeof createHazardBody>;

const rectificationSchema = z.object(
  {
    measures: required("整改措施", 4000),
    liablePerson: required("整改责任人", 50),
    rectifierUserId: uuid("整改人").nullable().optional(),
    funds: z.number({ error: "整改资金应为金额（元）" }).min(0, { error: "整改资金不能为负数" }).max(1e12, { error: "整改资金过大" }),
    deadline: deadlineSchema("整改期限"),
    contingencyPlan: required("应急预案", 4000),
  },
  { error: "缺少整改五到位（措施、责任人、资金、期限、预案）" },
);

const governancePlanSchema = z.object(
  Object.fromEntries(
    (Object.keys(GOVERNANCE_PLAN_ELEMENTS) as GovernancePlanElement[]).map((k) => [k, required(GOVERNANCE_PLAN_ELEMENTS[k].zh, 4000)]),
  ) as Record<GovernancePlanElement, ReturnType<typeof required>>,
  { error: "重大隐患须有治理方案（六项内容）" },
);

const version = { expectedVersion: z.number({ error: "版本号应为整数" }).int().optional() };

const confirmBody = z
  .object({
    level: levelSchema,
    dangerType: dangerTypeSchema,
    source: sourceSchema.optional(),
    manageType: z.enum(["immediate", "deadline"], { error: "治理类型应为 immediate（即查即改）或 deadline（限期整改）" }),
    category: z.number({ error: "隐患类别应为 0–3" }).int().min(0, { error: "隐患类别应为 0–3" }).max(3, { error: "隐患类别应为 0–3" }).optional(),
    managementClass: z
      .number({ error: "人物管理分类应为 1–3" })
      .int()
      .min(1, { error: "人物管理分类应为 1–3" })
      .max(3, { error: "人物管理分类应为 1–3" })
      .optional(),
    standardItemCode: text("判定标准条款", 64).optional(),
    governancePlan: governancePlanSchema.optional(),
    rectification: rectificationSchema,
    ...version,
  })
  .superRefine((b, ctx) => {
    if (b.level !== "major") return;
    if (!b.standardItemCode) ctx.addIssue({ code: "custom", path: ["standardItemCode"], message: "重大隐患须引用所依据的判定标准条款" });
    if (!b.governancePlan) ctx.addIssue({ code: "custom", path: ["governancePlan"], message: "重大隐患须有治理方案（六项内容）" });
  });

export const ACTION_BODIES = {
  confirm: confirmBody,
  dismiss: z.object({ reason: required("不予确认的理由", 2000), ...version }),
  submit_rectification: z.object({
    note: required("整改说明", 4000),
    evidenceIds: evidenceIdsSchema.min(1, { error: "请上传整改后的照片或视频" }),
    ...version,
  }),
  accept: z.object({ comment: required("验收意见", 2000), evidenceIds: evidenceIdsSchema.default([]), ...version }),
  reject: z.object({ reason: required("不通过的理由", 2000), ...version }),
  request_extension: z.object({ newDeadline: deadlineSchema("延期后的期限"), reason: required("延期理由", 2000), ...version }),
  approve_extension: z.object({ comment: text("审批意见", 2000).default(""), ...version }),
  reject_extension: z.object({ comment: text("审批意见", 2000).default(""), ...version }),
  supervise: z.object({ note: required("督办要求", 2000), deadline: deadlineSchema("督办整改期限").optional(), ...version }),
  sign_off: z.object({ comment: required("核销意见", 2000), ...version }),
} satisfies Record<HazardAction, z.ZodType>;

export type ActionInput = { [K in HazardAction]: z.output<(typeof ACTION_BODIES)[K]> };
export type AnyActionInput = ActionInput[HazardAction];

export const actionParams = z.object({
  id: z.string().max(64),
  action: z.enum(Object.keys(HAZARD_ACTIONS) as [HazardAction, ...HazardAction[]], {
    error: `未知的操作（应为 ${Object.keys(HAZARD_ACTIONS).join("、")} 之一）`,
  }),
});

/** Parses a body against a schema chosen at run time; a failure is a 400 naming each field (`rectification.deadline`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "body", message: i.message }));
  throw new AppError(400, "VALIDATION_FAILED", `请求内容有误：${fields.map((f) => `${f.field}: ${f.message}`).join("；")}`, fields);
}

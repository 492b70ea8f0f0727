/** Request shapes of the GB 18218 calculator and the hazard units (docs/monitoring.md "GB 18218"): zod with Chinese messages. */
import { z } from "zod";
import { findHazardClass } from "@anguan/domain";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const uuid = (label: string) => z.uuid({ error: `${label}无效` });

/** CAS registry number with a valid check digit (the last digit = Σ iᵢ·dᵢ mod 10 over the other digits from the right). */
export function casCheckDigitOk(cas: string): boolean {
  if (!/^\d{2,7}-\d{2}-\d$/.test(cas)) return false;
  const digits = cas.replace(/-/g, "");
  const body = digits.slice(0, -1).split("").reverse();
  return body.reduce((acc, d, i) => acc + Number(d) * (i + 1), 0) % 10 === Number(digits.at(-1));
}

export const idParams = z.object({ id: z.string().max(64) });

export const EXPOSED_PEOPLE_MAX = 10_000_000;
const exposedPeople = z
  .number({ error: "厂区边界外 500 m 内常住人口应为整数" })
  .int({ error: "常住人口应为整数" })
  .min(0, { error: "常住人口不能小于 0" })
  .max(EXPOSED_PEOPLE_MAX, { error: `常住人口不能大于 ${EXPOSED_PEOPLE_MAX}` });

export const substanceInput = z
  .object({
    name: text("物质名称", 200).optional(),
    cas: text("CAS号", 32)
      .refine((s) => s === "" || casCheckDigitOk(s), { error: "CAS号格式或校验位有误（如 7782-50-5）" })
      .optional(),
    quantity: z
      .number({ error: "设计最大量应为数字（吨）" })
      .refine(Number.isFinite, { error: "设计最大量应为有限数字" })
      .refine((q) => q > 0, { error: "设计最大量应大于 0 吨" })
      .refine((q) => q <= 1e9, { error: "设计最大量过大" }),
    hazardClass: z
      .string({ error: "危险性类别应为文字" })
      .trim()
      .refine((s) => s === "" || findHazardClass(s) !== undefined, { error: "危险性类别应为 GB 18218 表2的类别符号（J1–J5、W1.1–W11）" })
      .nullable()
      .optional(),
  })
  .strict();
export type SubstanceInput = z.output<typeof substanceInput>;

export const calculatorInput = z
  .object({
    exposedPeople,
    substances: z.array(substanceInput, { error: "危险化学品应为列表" }).max(200, { error: "一个单元最多 200 种危险化学品" }),
  })
  .strict();

const person = (label: string) =>
  z
    .object({
      name: required(`${label}姓名`, 50),
      phone: required(`${label}电话`, 30),
      userId: uuid(`${label}账号`).nullable().optional(),
    })
    .strict();

/** 包保责任人: 主要负责人, 技术负责人, 操作负责人. */
export const responsiblesInput = z
  .object({ principal: person("主要负责人"), technical: person("技术负责人"), operations: person("操作负责人") }, { error: "请填写三位包保责任人" })
  .strict();
export type ResponsiblesInput = z.output<typeof responsiblesInput>;

export const UNIT_KINDS = ["production", "storage"] as const;
const kind = z.enum(UNIT_KINDS, { error: "单元类型应为 production（生产单元）或 storage（储存单元）" });
const substances = z
  .array(substanceInput, { error: "危险化学品应为列表" })
  .min(1, { error: "请至少填写一种危险化学品" })
  .max(200, { error: "一个单元最多 200 种危险化学品" });

export const unitInput = z
  .object({
    enterpriseId: uuid("企业"),
    name: required("单元名称", 100),
    kind,
    code: text("单元编码", 50).default(""),
    location: text("位置", 200).default(""),
    exposedPeople,
    substances,
    responsibles: responsiblesInput,
  })
  .strict();
export type UnitInput = z.output<typeof unitInput>;

export const unitPatch = z
  .object({
    name: required("单元名称", 100).optional(),
    kind: kind.optional(),
    code: text("单元编码", 50).optional(),
    location: text("位置", 200).optional(),
    exposedPeople: exposedPeople.optional(),
    substances: substances.optional(),
    responsibles: responsiblesInput.optional(),
    version: z.number({ error: "请提供所见的版本号 version" }).int(),
  })
  .strict();
export type UnitPatch = z.output<typeof unitPatch>;

export const REVIEW_STATUSES = ["draft", "submitted", "confirmed", "returned"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const submitInput = z
  .object({ version: z.number({ error: "版本号应为整数" }).int().optional() })
  .strict()
  .nullish();
export const reviewInput = z
  .object({
    decision: z.enum(["confirm", "return"], { error: "审核结论应为 confirm（确认）或 return（退回）" }),
    comment: text("审核意见", 1000).default(""),
    version: z.number({ error: "版本号应为整数" }).int().optional(),
  })
  .strict()
  .refine((b) => b.decision !== "return" || b.comment.length > 0, { error: "退回时请填写审核意见", path: ["comment"] });

export const unitListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  major: z.enum(["true", "false"], { error: "major 应为 true 或 false" }).optional(),
  grade: z.coerce.number({ error: "等级应为 1–4" }).int().min(1, { error: "等级应为 1–4" }).max(4, { error: "等级应为 1–4" }).optional(),
  reviewStatus: z.enum(REVIEW_STATUSES, { error: "审核状态应为 draft/submitted/confirmed/returned" }).optional(),
  q: text("关键字", 100).optional(),
  page: z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1),
  pageSize: z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(500, { error: "每页最多 500 条" }).default(20),
});

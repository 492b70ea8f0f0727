/** The enterprise file (一企一档): the input schema shared by the API, the import and the web forms. */
import { z } from "zod";
import { validateCreditCode } from "./creditCode";
import { isRegionCode } from "./regions";
import {
  HAZARDOUS_PROCESSES,
  LICENCE_TYPES,
  OPERATING_STATUSES,
  SECTOR_CODES,
  SUPERVISION_LEVELS,
  type LicenceType,
  type OperatingStatus,
  type Sector,
  type SupervisionLevel,
} from "./sectors";

const keysOf = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `${label}不能为空` });
const phone = (label: string) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .regex(PHONE_PATTERN, { error: `${label}格式不正确（手机号或带区号的固定电话）` });

export const creditCodeSchema = z.string({ error: "统一社会信用代码应为文本" }).transform((v, ctx) => {
  const r = validateCreditCode(v);
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: r.message, params: { code: r.error } });
    return z.NEVER;
  }
  return r.code;
});

export const enterpriseInputSchema = z.object({
  name: required("企业名称", 100),
  creditCode: creditCodeSchema,
  regionCode: z.string({ error: "所属区域应为文本" }).refine(isRegionCode, { error: "所属区域代码应为 6、9 或 12 位行政区划代码" }),
  address: text("地址", 200).default(""),
  lat: z.number({ error: "纬度应为数字" }).min(3, { error: "纬度超出中国范围" }).max(54, { error: "纬度超出中国范围" }).nullable().default(null),
  lng: z.number({ error: "经度应为数字" }).min(73, { error: "经度超出中国范围" }).max(136, { error: "经度超出中国范围" }).nullable().default(null),
  sector: z.enum(SECTOR_CODES as [Sector, ...Sector[]], { error: "监管行业无效" }),
  isAboveScale: z.boolean({ error: "是否规上应为是/否" }).default(false),
  employeeCount: z
    .number({ error: "从业人数应为数字" })
    .int({ error: "从业人数应为整数" })
    .min(0, { error: "从业人数不能为负" })
    .max(1_000_000, { error: "从业人数过大" })
    .nullable()
    .default(null),
  legalRepresentative: text("法定代表人", 50).default(""),
  mainLeader: text("主要负责人", 50).default(""),
  mainLeaderPhone: phone("主要负责人电话").or(z.literal("")).default(""),
  safetyManager: text("安全管理人员", 50).default(""),
  safetyManagerPhone: phone("安全管理人员电话").or(z.literal("")).default(""),
  operatingStatus: z.enum(keysOf(OPERATING_STATUSES) as [OperatingStatus, ...OperatingStatus[]], { error: "经营状态无效" }).default("operating"),
  supervisionLevel: z.enum(keysOf(SUPERVISION_LEVELS) as [SupervisionLevel, ...SupervisionLevel[]], { error: "监管层级无效" }).default("township"),
  hasMajorHazard: z.boolean({ error: "是否涉及重大危险源应为是/否" }).default(false),
  hazardousProcesses: z
    .array(z.number().int().min(1).max(HAZARDOUS_PROCESSES.length), { error: "重点监管危险化工工艺应为 1–18 的编号列表" })
    .max(HAZARDOUS_PROCESSES.length)
    .transform((a) => [...new Set(a)].sort((x, y) => x - y))
    // the default sits outside the transform so patchSchemaOf can unwrap it (a PATCH must not reset the list)
    .default([]),
});

export type EnterpriseInput = z.output<typeof enterpriseInputSchema>;

/** The values an empty enterprise form starts with: every field's schema default (fields without one are absent). */
export function enterpriseInputDefaults(): Partial<EnterpriseInput> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(enterpriseInputSchema.shape)) {
    if (s instanceof z.ZodDefault) out[k] = (s as z.ZodType).parse(undefined);
  }
  return out as Partial<EnterpriseInput>;
}
/** A PATCH schema: any subset of an object's fields, with no defaults filled in (absent stays absent), unknown keys rejected. */
export function patchSchemaOf<S extends z.ZodRawShape>(obj: z.ZodObject<S>) {
  return z
    .object(
      Object.fromEntries(Object.entries(obj.shape).map(([k, s]) => [k, (s instanceof z.ZodDefault ? (s.unwrap() as z.ZodType) : (s as z.ZodType)).optional()])),
    )
    .strict() as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>>> }>;
}

export const enterprisePatchSchema = patchSchemaOf(enterpriseInputSchema);
export type EnterprisePatch = Partial<EnterpriseInput>;

const isoDate = (label: string) =>
  z
    .string({ error: `${label}应为日期` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为 YYYY-MM-DD 格式的日期` })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
      error: `${label}不是有效日期`,
    });

/** Licences and certificates (证照) with expiry. */
export const licenceFieldsSchema = z.object({
  type: z.enum(keysOf(LICENCE_TYPES) as [LicenceType, ...LicenceType[]], { error: "证照类型无效" }),
  number: required("证照编号", 64),
  issuer: text("发证机关", 100).default(""),
  validFrom: isoDate("有效期起").nullable().default(null),
  validUntil: isoDate("有效期至").nullable().default(null),
  fileSha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/, { error: "附件标识无效" })
    .nullable()
    .default(null),
});
export const licenceInputSchema = licenceFieldsSchema.refine((l) => !l.validFrom || !l.validUntil || l.validFrom <= l.validUntil, {
  error: "有效期至不能早于有效期起",
  path: ["validUntil"],
});
export type LicenceInput = z.output<typeof licenceInputSchema>;

/** Contacts (联系人). */
export const contactInputSchema = z.object({
  name: required("姓名", 50),
  title: text("职务", 50).default(""),
  phone: phone("联系电话"),
  note: text("备注", 200).default(""),
});
export type ContactInput = z.output<typeof contactInputSchema>;

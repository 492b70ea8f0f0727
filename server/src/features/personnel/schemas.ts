/** Request shapes of the personnel registry (docs/steward.md "Personnel registry"): zod with Chinese messages naming the field. */
import { z } from "zod";
import { CERTIFICATE_TYPE_CODES, KEY_GROUP_CODES, type CertificateType, type KeyGroup } from "@anguan/domain";

export const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
export const required = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
export const uuid = (label: string) => z.uuid({ error: `${label}无效` });
export const dateStr = (label: string) =>
  z
    .string({ error: `${label}应为日期` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为 YYYY-MM-DD 格式的日期` })
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
      error: `${label}不是有效日期`,
    });
export const page = z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1);
export const pageSize = z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(500, { error: "每页最多 500 条" }).default(20);
export const version = z.number({ error: "版本号应为数字" }).int().min(1);
export const keyGroup = z.enum(KEY_GROUP_CODES as [KeyGroup, ...KeyGroup[]], { error: "三项岗位类别应为 main_leader、safety_manager 或 special_operation" });
export const certificateType = z.enum(CERTIFICATE_TYPE_CODES as [CertificateType, ...CertificateType[]], { error: "证书类型无效" });
const sha256 = z
  .string({ error: "文件标识应为文字" })
  .regex(/^[a-f0-9]{64}$/i, { error: "文件标识应为 64 位十六进制 SHA-256" })
  .transform((s) => s.toLowerCase());

export const idParams = z.object({ id: z.string().max(64) });

export const personInput = z
  .object({
    enterpriseId: uuid("企业"),
    name: required("姓名", 50),
    kind: z.enum(["employee", "contractor"], { error: "人员类别应为 employee（本企业员工）或 contractor（承包商人员）" }).default("employee"),
    contractorCompany: text("承包商单位", 200).optional(),
    idNumber: text("身份证号", 32).optional(),
    phone: text("联系电话", 32).optional(),
    department: text("部门", 100).optional(),
    post: text("岗位", 100).optional(),
    teamId: uuid("班组").nullable().optional(),
    keyGroup: keyGroup.nullable().optional(),
    userId: uuid("登录账号").nullable().optional(),
  })
  .strict();
export type PersonInput = z.output<typeof personInput>;

export const personPatch = personInput
  .partial()
  .extend({ version, active: z.boolean({ error: "在职状态应为 true 或 false" }).optional() })
  .strict();
export type PersonPatch = z.output<typeof personPatch>;

export const personListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  q: text("搜索", 100).optional(),
  teamId: uuid("班组").optional(),
  keyGroup: keyGroup.optional(),
  kind: z.enum(["employee", "contractor"], { error: "人员类别无效" }).optional(),
  certState: z.enum(["valid", "expiring", "expired", "none"], { error: "证书状态应为 valid、expiring、expired 或 none" }).optional(),
  active: z.enum(["true", "false", "all"], { error: "在职状态应为 true、false 或 all" }).default("true"),
  page,
  pageSize,
});

export const certificateInput = z
  .object({
    type: certificateType,
    title: text("证书名称/操作项目", 200).optional(),
    number: required("证书编号", 64),
    issuer: text("发证机关", 200).optional(),
    issuedOn: dateStr("发证日期").nullable().optional(),
    validUntil: dateStr("有效期至"),
    scanSha256: sha256.nullable().optional(),
  })
  .strict();
export type CertificateInput = z.output<typeof certificateInput>;

/** Certificates carry no version column: a change is last-writer-wins (the audit keeps both). `version` is accepted and ignored. */
export const certificatePatch = certificateInput.partial().extend({ version: z.number().int().optional() }).strict();
export type CertificatePatch = z.output<typeof certificatePatch>;

export const certificateListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  personId: uuid("人员").optional(),
  state: z.enum(["valid", "expiring", "expired"], { error: "证书状态应为 valid、expiring 或 expired" }).optional(),
  type: certificateType.optional(),
  keyGroup: keyGroup.optional(),
  page,
  pageSize,
});

export const keyGroupQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  regionCode: z
    .string()
    .regex(/^\d{6}(\d{3})?$/, { error: "区域代码应为 6 位或 9 位数字" })
    .optional(),
});

export const teamInput = z
  .object({
    enterpriseId: uuid("企业"),
    name: required("班组名称", 50),
    leaderPersonId: uuid("班组长").nullable().optional(),
  })
  .strict();
/** Teams carry no version column: `version` is accepted and ignored. */
export const teamPatch = teamInput
  .partial()
  .extend({ active: z.boolean({ error: "启用状态应为 true 或 false" }).optional(), version: z.number().int().optional() })
  .strict();
export const teamListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  active: z.enum(["true", "false", "all"], { error: "启用状态应为 true、false 或 all" }).default("true"),
});

/** Request shapes of gateways, sensors, readings and the monitoring overview (docs/monitoring.md): zod with Chinese messages. */
import { z } from "zod";
import { SENSOR_TYPE_CODES, type SensorType } from "@anguan/domain";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const num = (label: string) => z.number({ error: `${label}应为数字` }).refine(Number.isFinite, { error: `${label}应为有限数字` });
const optNum = (label: string) => num(label).nullable().optional();
const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为整数` })
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });
const uuid = (label: string) => z.uuid({ error: `${label}无效` });

export const idParams = z.object({ id: z.string().max(64) });
export const sensorIdParams = z.object({ id: z.coerce.number({ error: "点位编号应为数字" }).int().min(1).max(2_147_483_647) });

// ---- gateways

export const GATEWAY_ID = /^[A-Za-z0-9_.-]{3,64}$/;
const password = z.string({ error: "密码应为文字" }).min(8, { error: "网关密码至少 8 位" }).max(128, { error: "网关密码最多 128 位" });

export const gatewayInput = z
  .object({
    id: z.string({ error: "网关编号应为文字" }).regex(GATEWAY_ID, { error: "网关编号为 3–64 位字母、数字或 _ . -" }),
    enterpriseId: uuid("企业"),
    name: required("网关名称", 100),
    password,
    enabled: z.boolean({ error: "启用状态应为布尔值" }).default(true),
  })
  .strict();
export const gatewayPatch = z
  .object({ name: required("网关名称", 100).optional(), enabled: z.boolean({ error: "启用状态应为布尔值" }).optional(), password: password.optional() })
  .strict();
export const gatewayListQuery = z.object({ enterpriseId: uuid("企业").optional() });

// ---- sensors

const sensorType = z.enum(SENSOR_TYPE_CODES as [SensorType, ...SensorType[]], { error: `监测类型应为 ${SENSOR_TYPE_CODES.join("/")} 之一` });

const sensorFields = {
  unitId: uuid("重大危险源单元").nullable().optional(),
  gatewayId: z.string({ error: "网关应为文字" }).regex(GATEWAY_ID, { error: "网关编号无效" }),
  tag: z
    .string({ error: "位号应为文字" })
    .trim()
    .min(1, { error: "请填写位号" })
    .max(64, { error: "位号最多 64 个字符" })
    .regex(/^[^\s]+$/, { error: "位号不能含空白" }),
  name: required("点位名称", 100),
  type: sensorType,
  engineeringUnit: text("计量单位", 20).optional(),
  rangeLow: optNum("量程下限"),
  rangeHigh: optNum("量程上限"),
  hh: optNum("高高报值"),
  h: optNum("高报值"),
  l: optNum("低报值"),
  ll: optNum("低低报值"),
  deadband: num("死区").optional(),
  delaySeconds: int("报警延时", 0, 3600).optional(),
  rateLimit: num("变化率限值").positive({ error: "变化率限值应大于 0" }).nullable().optional(),
  periodSeconds: int("采集周期", 1, 86_400).optional(),
  offlineAfterSeconds: int("离线判定时间", 1, 7 * 86_400)
    .nullable()
    .optional(),
  enabled: z.boolean({ error: "启用状态应为布尔值" }).optional(),
  /** Toxic gas: occupational exposure limit (for the GB/T 50493 defaults; not stored). */
  oelPpm: num("职业接触限值").positive({ error: "职业接触限值应大于 0" }).nullable().optional(),
  /** Toxic gas: IDLH (for the GB/T 50493 defaults; not stored). */
  idlhPpm: num("IDLH").positive({ error: "IDLH 应大于 0" }).nullable().optional(),
};

export const sensorInput = z.object({ enterpriseId: uuid("企业"), ...sensorFields }).strict();
export type SensorInput = z.output<typeof sensorInput>;

export const sensorPatch = z
  .object({
    ...sensorFields,
    gatewayId: sensorFields.gatewayId.optional(),
    tag: sensorFields.tag.optional(),
    name: sensorFields.name.optional(),
    type: sensorType.optional(),
    version: z.number({ error: "版本号应为整数" }).int().optional(),
  })
  .strict();
export type SensorPatch = z.output<typeof sensorPatch>;

const page = z.coerce.number({ error: "页码应为数字" }).int().min(1, { error: "页码从 1 开始" }).max(100_000).default(1);
const pageSize = z.coerce.number({ error: "每页条数应为数字" }).int().min(1).max(500, { error: "每页最多 500 条" }).default(50);

export const sensorListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  unitId: uuid("重大危险源单元").optional(),
  gatewayId: z.string().max(64).optional(),
  type: sensorType.optional(),
  q: text("关键字", 100).optional(),
  page,
  pageSize,
});

// ---- readings, overview, online rates

/** An ISO time, or an Asia/Shanghai day: its first instant (`end`: the first instant of the next day, so a day is inclusive). */
const time = (label: string, end = false) =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: `${label}应为 ISO 8601 时间或日期（YYYY-MM-DD）` })
    .transform((s) => (s.length === 10 ? new Date(new Date(`${s}T00:00:00+08:00`).getTime() + (end ? 86_400_000 : 0)) : new Date(s)));

export const READING_BUCKETS = ["auto", "raw", "minute", "hour"] as const;
export const readingsQuery = z.object({
  from: time("开始时间").optional(),
  to: time("结束时间", true).optional(),
  bucket: z.enum(READING_BUCKETS, { error: "粒度应为 auto/raw/minute/hour" }).default("auto"),
});

const regionCode = z
  .string()
  .regex(/^\d{2,12}$/, { error: "区域代码无效" })
  .optional();

export const overviewQuery = z.object({ enterpriseId: uuid("企业").optional(), regionCode });

export const ONLINE_RATE_GROUPS = ["sensor", "unit", "enterprise", "region"] as const;
export const onlineRatesQuery = z.object({
  from: time("开始时间").optional(),
  to: time("结束时间", true).optional(),
  groupBy: z.enum(ONLINE_RATE_GROUPS, { error: "分组应为 sensor/unit/enterprise/region" }).default("enterprise"),
  enterpriseId: uuid("企业").optional(),
  regionCode,
});

/** Request bodies of the risk register (风险分级管控台账): zod schemas with Chinese messages naming the field. */
import { z } from "zod";
import {
  CONTROL_LEVEL_CODES,
  MEASURE_CLASSIFY1_CODES,
  MEASURE_CLASSIFY2_CODES,
  RISK_OBJECT_KIND_CODES,
  type ControlLevel,
  type MeasureClassify1,
  type MeasureClassify2,
  type RiskObjectKind,
} from "@anguan/domain";

export const idParams = z.object({ id: z.string().max(64) });

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { error: `${label}最多 ${max} 个字符` });
const required = (label: string, max: number) => text(label, max).min(1, { error: `请填写${label}` });
const uuidOrNull = (label: string) => z.uuid({ error: `${label}无效` }).nullable();
const expectedVersion = z.number().int().optional();

export const objectInput = z
  .object({
    kind: z.enum(RISK_OBJECT_KIND_CODES as [RiskObjectKind, ...RiskObjectKind[]], { error: "对象类型无效" }),
    name: required("风险分析对象名称", 100),
    hazardCode: text("危险源编码", 50).default(""),
    department: text("责任部门", 100).default(""),
    liablePerson: text("责任人", 50).default(""),
  })
  .strict();
export const objectPatch = objectInput.partial().extend({ expectedVersion }).strict();

export const unitInput = z
  .object({
    name: required("风险分析单元名称", 100),
    department: text("责任部门", 100).default(""),
    liablePerson: text("责任人", 50).default(""),
    liableUserId: uuidOrNull("责任人账号").default(null),
    location: text("位置", 200).default(""),
  })
  .strict();
export const unitPatch = unitInput
  .partial()
  .extend({ objectId: z.uuid({ error: "风险分析对象无效" }).optional(), expectedVersion })
  .strict();

/** Scores as sent: which keys a method takes and which values are in its tables is the calculator's to say. */
export const scoresInput = z
  .object({
    l: z.number({ error: "L 应为数字" }).optional(),
    e: z.number({ error: "E 应为数字" }).optional(),
    c: z.number({ error: "C 应为数字" }).optional(),
    s: z.number({ error: "S 应为数字" }).optional(),
  })
  .strict();
const method = z.enum(["lec", "ls"], { error: "评价方法应为 lec 或 ls" });

export const eventInput = z
  .object({
    name: required("风险事件名称", 200),
    description: text("风险描述", 2000).default(""),
    consequence: text("可能后果", 500).default(""),
    method,
    inherent: scoresInput,
    residual: scoresInput.nullable().default(null),
  })
  .strict();
export const eventPatch = z
  .object({
    name: required("风险事件名称", 200).optional(),
    description: text("风险描述", 2000).optional(),
    consequence: text("可能后果", 500).optional(),
    method: method.optional(),
    inherent: scoresInput.optional(),
    residual: scoresInput.nullable().optional(),
    expectedVersion,
  })
  .strict();

/** classify1 may be sent as 1–4 or "1"–"4". */
const classify1 = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.enum(MEASURE_CLASSIFY1_CODES as [MeasureClassify1, ...MeasureClassify1[]], { error: "管控措施分类1应为 1–4" }),
);
const classify2 = z.enum(MEASURE_CLASSIFY2_CODES as [MeasureClassify2, ...MeasureClassify2[]], { error: "管控措施分类2应为 1-1…4-5 之一" });
const controlLevel = z.enum(CONTROL_LEVEL_CODES as [ControlLevel, ...ControlLevel[]], { error: "管控层级应为 company/workshop/team/post" });
const dataSrc = z.union([z.literal(1), z.literal(2)], { error: "管控方式应为 1（自动化监控）或 2（隐患排查）" });

export const measureInput = z
  .object({
    description: required("管控措施", 1000),
    classify1,
    classify2,
    classify3: text("管控措施分类3", 100).default(""),
    controlLevel: controlLevel.optional(),
    responsiblePerson: text("责任人", 50).default(""),
    responsibleUserId: uuidOrNull("责任人账号").default(null),
    dataSrc: dataSrc.default(2),
    troubleshootContent: text("排查内容", 1000).default(""),
  })
  .strict();
export const measurePatch = z
  .object({
    description: required("管控措施", 1000).optional(),
    classify1: classify1.optional(),
    classify2: classify2.optional(),
    classify3: text("管控措施分类3", 100).optional(),
    controlLevel: controlLevel.optional(),
    responsiblePerson: text("责任人", 50).optional(),
    responsibleUserId: uuidOrNull("责任人账号").optional(),
    dataSrc: dataSrc.optional(),
    troubleshootContent: text("排查内容", 1000).optional(),
    expectedVersion,
  })
  .strict();

const isoTime = (label: string) => z.iso.datetime({ offset: true, error: `${label}应为 ISO 8601 时间` });
export const shutdownInput = z
  .object({ startAt: isoTime("开始时间"), endAt: isoTime("结束时间").nullable().default(null), reason: required("停用原因", 500) })
  .strict();
export const shutdownEnd = z.object({ endAt: isoTime("结束时间").optional() }).strict();

const point = z
  .tuple([z.number({ error: "坐标应为数字" }), z.number({ error: "坐标应为数字" })], { error: "坐标应为 [x, y]" })
  .refine(([x, y]) => x >= 0 && x <= 1 && y >= 0 && y <= 1, { error: "坐标应在 0 到 1 之间（相对图片宽高）" });
/** Twice the signed area (shoelace); a polygon must enclose some area. */
const area2 = (p: readonly (readonly [number, number])[]) => p.reduce((s, [x, y], i) => s + x * p[(i + 1) % p.length]![1] - p[(i + 1) % p.length]![0] * y, 0);
export const mapAreaInput = z
  .object({
    name: required("区域名称", 100),
    polygon: z
      .array(point, { error: "区域边界应为坐标数组" })
      .min(3, { error: "区域边界至少 3 个点" })
      .max(500, { error: "区域边界最多 500 个点" })
      .refine((p) => p.length < 3 || Math.abs(area2(p)) > 1e-9, { error: "区域边界不能退化为线或点" }),
    unitIds: z
      .array(z.uuid({ error: "风险分析单元无效" }))
      .max(200, { error: "一个区域最多关联 200 个单元" })
      .default([]),
  })
  .strict();
export const mapAreasInput = z.array(mapAreaInput).max(500, { error: "最多 500 个区域" });
export const mapInput = z
  .object({
    name: required("四色图名称", 100),
    imageSha256: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-f0-9]{64}$/, { error: "图片文件无效" }),
  })
  .strict();

/** Comma-separated unit ids (PDF endpoints). */
export const unitIdsQuery = z.object({
  unitIds: z
    .string()
    .max(40_000)
    .optional()
    .transform((s) =>
      s
        ? [
            ...new Set(
              s
                .split(",")
                .map((x) => x.trim())
                .filter(Boolean),
            ),
          ]
        : undefined,
    )
    .pipe(
      z
        .array(z.uuid({ error: "单元编号无效" }))
        .max(1000, { error: "一次最多 1000 个单元" })
        .optional(),
    ),
});

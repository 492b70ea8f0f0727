/** Request shapes of safety learning (docs/steward.md "Training and exams"): zod with Chinese messages naming the field. */
import { z } from "zod";
import { QUESTION_KIND_CODES, type QuestionKind } from "@anguan/domain";
import { dateStr, keyGroup, page, pageSize, required, text, uuid } from "../personnel/schemas";

export const idParams = z.object({ id: z.string().max(64) });

const sha256 = z
  .string({ error: "文件标识应为文字" })
  .regex(/^[a-f0-9]{64}$/i, { error: "文件标识应为 64 位十六进制 SHA-256" })
  .transform((s) => s.toLowerCase());

export const material = z
  .object({
    sha256,
    name: required("资料名称", 200),
    /** Ignored: the stored file's type (checked by its bytes at upload) is what counts. */
    mime: z.string().max(200).optional(),
  })
  .strict();

export const courseInput = z
  .object({
    enterpriseId: uuid("企业"),
    title: required("课程名称", 200),
    category: text("课程类别", 50).optional(),
    description: text("课程简介", 5000).optional(),
    hours: z.number({ error: "学时应为数字" }).min(0.5, { error: "学时至少 0.5" }).max(200, { error: "学时最多 200" }),
    materials: z.array(material, { error: "课件应为列表" }).max(50, { error: "一个课程最多 50 个课件" }).default([]),
    keyGroup: keyGroup.nullable().optional(),
  })
  .strict();
export type CourseInput = z.output<typeof courseInput>;
/** Courses carry no version column: last writer wins (the audit keeps both); `version` is accepted and ignored. */
export const coursePatch = courseInput.partial().extend({ version: z.number().int().optional() }).strict();
export type CoursePatch = z.output<typeof coursePatch>;

export const courseListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  q: text("搜索", 100).optional(),
  keyGroup: keyGroup.optional(),
  page,
  pageSize,
});

export const studyInput = z.object({ personId: uuid("人员").optional() }).strict();

const questionKind = z.enum(QUESTION_KIND_CODES as [QuestionKind, ...QuestionKind[]], { error: "题型应为 single（单选）、multiple（多选）或 judge（判断）" });
const option = z
  .object({
    key: z.string({ error: "选项标识应为文字" }).trim().min(1, { error: "选项标识不能为空" }).max(4, { error: "选项标识最多 4 个字符" }),
    text: z.string({ error: "选项内容应为文字" }).trim().max(500, { error: "选项内容最多 500 个字符" }),
  })
  .strict();

const questionFields = {
  enterpriseId: uuid("企业"),
  bank: text("题库", 50).optional(),
  kind: questionKind,
  stem: required("题干", 2000),
  options: z.array(option, { error: "选项应为列表" }).max(10, { error: "最多 10 个选项" }),
  answer: z.array(z.string({ error: "答案应为选项标识" }).max(4), { error: "答案应为选项标识的列表" }).max(10),
  explanation: text("解析", 2000).optional(),
  points: z.number({ error: "分值应为整数" }).int({ error: "分值应为整数" }).min(1, { error: "分值至少 1 分" }).max(100, { error: "分值最多 100 分" }),
};
export const questionInput = z.object({ ...questionFields, options: questionFields.options.default([]), points: questionFields.points.default(1) }).strict();
export type QuestionInput = z.output<typeof questionInput>;
/** Questions carry no version column: `version` is accepted and ignored. */
export const questionPatch = z.object(questionFields).partial().extend({ version: z.number().int().optional() }).strict();
export type QuestionPatch = z.output<typeof questionPatch>;

export const questionListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  bank: text("题库", 50).optional(),
  kind: questionKind.optional(),
  q: text("搜索", 100).optional(),
  page,
  pageSize: pageSize.default(100),
});

const instant = (label: string) => z.iso.datetime({ offset: true, error: `${label}应为带时区的时间（ISO 8601）` }).transform((s) => new Date(s));

export const examInput = z
  .object({
    enterpriseId: uuid("企业"),
    title: required("考试名称", 200),
    courseId: uuid("关联课程").nullable().optional(),
    questionIds: z.array(uuid("试题"), { error: "试题应为列表" }).min(1, { error: "请至少选择 1 道试题" }).max(200, { error: "一场考试最多 200 道题" }),
    timeLimitMin: z
      .number({ error: "考试时长应为分钟数" })
      .int({ error: "考试时长应为整数分钟" })
      .min(1, { error: "考试时长至少 1 分钟" })
      .max(600, { error: "考试时长最多 600 分钟" }),
    passMark: z.number({ error: "及格分应为整数" }).int({ error: "及格分应为整数" }).min(0, { error: "及格分不能小于 0" }),
    shuffle: z.boolean({ error: "随机顺序应为 true 或 false" }).default(true),
    openFrom: instant("开放时间").nullable().optional(),
    openUntil: instant("截止时间").nullable().optional(),
  })
  .strict();
export type ExamInput = z.output<typeof examInput>;

export const examListQuery = z.object({ enterpriseId: uuid("企业").optional(), courseId: uuid("课程").optional(), page, pageSize });

export const attemptInput = z.object({ personId: uuid("人员").optional() }).strict();

export const submitInput = z
  .object({
    answers: z.record(z.string().max(64), z.array(z.string().max(4), { error: "每题的答案应为选项标识的列表" }).max(10), {
      error: "答案应为 {试题: [选项]} 的对象",
    }),
  })
  .strict();

export const recordListQuery = z.object({
  enterpriseId: uuid("企业").optional(),
  personId: uuid("人员").optional(),
  kind: z.enum(["course", "exam", "briefing", "external"], { error: "记录类别无效" }).optional(),
  from: dateStr("开始日期").optional(),
  to: dateStr("结束日期").optional(),
  page,
  pageSize: pageSize.default(100),
});

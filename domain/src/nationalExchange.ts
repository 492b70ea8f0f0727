/**
 * 双重预防数据交换: our records ↔ the national dual-prevention interface objects (domain-reference §1.3–1.5), with
 * their field names and codes. Pure: mapping out (`toNational*`), validating a file (`parseNationalExchange`, every
 * bad object reported with its collection, index and field), checking its references (`checkExchangeReferences`)
 * and mapping back (`*FromNational`).
 *
 * Conventions of the interface: every object carries `companyCode` (the 9-character enterprise code of the
 * hazardous-chemical registration platform), `deleted` (0 normal, 1 deleted), `createDate`/`createBy`/
 * `updateDate`/`updateBy`; times are `yyyyMMddHHmmss` in Asia/Shanghai (`yyyy-MM-dd HH:mm:ss` is accepted on input).
 * We do not hold the registration platform's code, so `companyCode` is taken from the credit code: its organisation
 * code part (characters 9–17 of the 18), which is 9 characters and unique per organisation (`companyCodeOf`).
 */
import { z } from "zod";
import { HAZARD_SOURCES, HAZARD_STATUSES, MANAGE_TYPES, type HazardLevel, type HazardSource, type HazardStatus, type ManageType } from "./hazard";
import type { CycleUnit } from "./inspectionSchedule";
import { classify2Belongs, MEASURE_CLASSIFY2 } from "./riskCalculators";

export const EXCHANGE_FORMAT_VERSION = "dp-exchange@1";

// ---------------------------------------------------------------------------------------------
// Codes and times

/** The 9-character enterprise code from an 18-character credit code: its organisation code part (characters 9–17). */
export function companyCodeOf(creditCode: string): string {
  return creditCode.trim().toUpperCase().slice(8, 17);
}

const SHANGHAI_MS = 8 * 3_600_000;

/** `yyyyMMddHHmmss` in Asia/Shanghai (UTC+8, no DST since 1991). */
export function toNationalTime(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 19).replace(/[-:T]/g, "");
}

/** Reads `yyyyMMddHHmmss` or `yyyy-MM-dd HH:mm:ss` (Asia/Shanghai); null when malformed or not a real time. */
export function fromNationalTime(s: string): Date | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2}):?(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return null; // 2026-02-30 and the like
  return new Date(t - SHANGHAI_MS);
}

/** Our cycle units in the interface's: 小时/天/月/年; a week is 7 天. */
export function toNationalCycle(cycle: number, unit: CycleUnit): { checkCycle: number; checkCycleUnit: NationalCycleUnit } {
  if (unit === "week") return { checkCycle: cycle * 7, checkCycleUnit: "天" };
  return { checkCycle: cycle, checkCycleUnit: ({ hour: "小时", day: "天", month: "月", year: "年" } as const)[unit] };
}
export const NATIONAL_CYCLE_UNITS = { 小时: "hour", 天: "day", 月: "month", 年: "year" } as const satisfies Record<string, CycleUnit>;
export type NationalCycleUnit = keyof typeof NATIONAL_CYCLE_UNITS;

/** "HH:mm" ↔ the interface's "H:mm:ss" (e.g. `8:00:00`). */
export const toNationalClock = (hhmm: string | null | undefined) => (hhmm ? `${Number(hhmm.slice(0, 2))}:${hhmm.slice(3, 5)}:00` : "");
export function fromNationalClock(s: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 24 || mi > 59 || (h === 24 && mi > 0)) return null;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

/** dangerState: 0 整改中, 1 待验收, 9 已验收; statuses without a national state (待确认, 不予确认) are not exchanged. */
export function dangerStateOf(status: HazardStatus): 0 | 1 | 9 | null {
  return HAZARD_STATUSES[status].national;
}
export const STATUS_OF_DANGER_STATE = { 0: "rectifying", 1: "awaiting_acceptance", 9: "closed" } as const satisfies Record<0 | 1 | 9, HazardStatus>;

// ---------------------------------------------------------------------------------------------
// The interface objects (validated on input)

const NAT_TIME = "应为 yyyyMMddHHmmss 格式的时间";
const time = z.string({ error: NAT_TIME }).refine((s) => fromNationalTime(s) !== null, { error: NAT_TIME });
/** Codes are numbers in the interface, but files often carry them as strings. */
const code = <T extends number>(values: readonly T[], what: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number({ error: `${what}应为 ${values.join("/")}` }).refine((n): n is T => values.includes(n as T), { error: `${what}应为 ${values.join("/")}` }),
  ) as unknown as z.ZodType<T>;
const str = (what: string, max: number) =>
  z
    .string({ error: `${what}应为文本` })
    .trim()
    .max(max, { error: `${what}最多 ${max} 个字` });
const required = (what: string, max: number) => str(what, max).min(1, { error: `${what}不能为空` });
const ref = (what: string) =>
  z
    .union([z.string(), z.number()], { error: `${what}不能为空` })
    .transform(String)
    .pipe(
      z
        .string()
        .trim()
        .min(1, { error: `${what}不能为空` })
        .max(64, { error: `${what}过长` }),
    );
const optionalRef = (what: string) =>
  z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v) => (v === null || v === undefined || String(v).trim() === "" ? null : String(v).trim()))
    .pipe(
      z
        .string()
        .max(64, { error: `${what}过长` })
        .nullable(),
    );

const common = {
  id: ref("id"),
  companyCode: z.string({ error: "companyCode 不能为空" }).regex(/^[0-9A-Z]{9}$/, { error: "companyCode 应为 9 位企业编码" }),
  deleted: code([0, 1] as const, "deleted").default(0),
  createDate: time.optional(),
  createBy: str("createBy", 50).optional(),
  updateDate: time.optional(),
  updateBy: str("updateBy", 50).optional(),
};

/** sec_security_risk_unit 安全风险分析单元. */
export const nationalRiskUnitSchema = z.object({
  ...common,
  hazardCode: required("hazardCode（危险源编码）", 100),
  hazardDep: str("hazardDep（责任部门）", 100).default(""),
  hazardLiablePerson: str("hazardLiablePerson（责任人）", 50).default(""),
  riskUnitName: required("riskUnitName（风险分析单元名称）", 100),
});
/** sec_security_risk_events 安全风险事件. */
export const nationalRiskEventSchema = z.object({ ...common, riskUnitId: ref("riskUnitId"), riskEventName: required("riskEventName（风险事件名称）", 200) });
/** sec_security_risk_control_measures 安全风险管控措施. */
export const nationalControlMeasureSchema = z
  .object({
    ...common,
    riskEventId: ref("riskEventId"),
    dataSrc: code([1, 2] as const, "dataSrc（管控方式）"),
    riskMeasureDesc: required("riskMeasureDesc（管控措施描述）", 500),
    classify1: z
      .union([z.string(), z.number()])
      .transform(String)
      .pipe(z.enum(["1", "2", "3", "4"], { error: "classify1 应为 1–4" })),
    classify2: z.string({ error: "classify2 应为 x-y 编码" }).refine((s) => s in MEASURE_CLASSIFY2, { error: "classify2 应为 1-1…4-5 之一" }),
    classify3: str("classify3", 100).default(""),
    troubleshootContent: str("troubleshootContent（排查内容）", 500).default(""),
  })
  .superRefine((m, ctx) => {
    if (!classify2Belongs(m.classify1, m.classify2))
      ctx.addIssue({ code: "custom", path: ["classify2"], message: `classify2 ${m.classify2} 不属于 classify1 ${m.classify1}` });
  });
/** sec_hidden_check_mission 隐患排查任务. */
export const nationalCheckTaskSchema = z
  .object({
    ...common,
    riskMeasureId: ref("riskMeasureId"),
    troubleshootContent: required("troubleshootContent（排查内容）", 500),
    checkCycle: z.preprocess(
      (v) => (typeof v === "string" ? Number(v) : v),
      z.number({ error: "checkCycle 应为正整数" }).int({ error: "checkCycle 应为正整数" }).positive({ error: "checkCycle 应大于 0" }),
    ),
    checkCycleUnit: z.enum(["小时", "天", "月", "年"], { error: "checkCycleUnit 应为 小时/天/月/年" }),
    taskStartTime: time,
    workStartTime: z.string().optional(),
    workEndTime: z.string().optional(),
    workDayType: code([0, 1, 2] as const, "workDayType").default(0),
    workType: code([0, 1, 2, 3] as const, "workType").default(0),
    taskNum: z.preprocess(
      (v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v),
      z.number({ error: "taskNum 应为整数" }).int().optional(),
    ),
  })
  .superRefine((t, ctx) => {
    if (t.checkCycleUnit === "小时") {
      for (const f of ["workStartTime", "workEndTime"] as const) {
        if (!t[f] || fromNationalClock(t[f]) === null) ctx.addIssue({ code: "custom", path: [f], message: `按小时排查的任务须填写 ${f}（如 8:00:00）` });
      }
      const s = t.workStartTime ? fromNationalClock(t.workStartTime) : null;
      const e = t.workEndTime ? fromNationalClock(t.workEndTime) : null;
      if (s && e && e <= s) ctx.addIssue({ code: "custom", path: ["workEndTime"], message: "workEndTime 应晚于 workStartTime" });
    }
    if (t.workType !== 0) {
      const max = ({ 1: 9, 2: 9, 3: 10 } as const)[t.workType];
      if (t.taskNum === undefined || t.taskNum < 1 || t.taskNum > max)
        ctx.addIssue({ code: "custom", path: ["taskNum"], message: `包保任务（workType ${t.workType}）须填写 taskNum 1–${max}` });
    }
  });
/** sec_hidden_check_record 隐患排查记录. */
export const nationalCheckRecordSchema = z.object({ ...common, checkTaskId: ref("checkTaskId"), checkTime: time });
/** sec_hidden_danger_info 隐患信息 (§1.5). */
export const nationalHiddenDangerSchema = z
  .object({
    ...common,
    hazardCode: str("hazardCode", 100).default(""),
    riskMeasureId: optionalRef("riskMeasureId"),
    checkRecordId: optionalRef("checkRecordId"),
    dangerName: required("dangerName（隐患名称）", 200),
    dangerLevel: code([0, 1] as const, "dangerLevel（隐患等级）"),
    registTime: time,
    registrant: str("registrant（登记人）", 50).default(""),
    dangerSrc: code([1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const, "dangerSrc（隐患来源）"),
    enforcementId: str("enforcementId", 100).optional(),
    dangerManageType: code([0, 1] as const, "dangerManageType（治理类型）"),
    hazardDangerType: code([1, 2, 3, 4, 5, 6, 7, 8] as const, "hazardDangerType（隐患类型）"),
    hazardCategory: code([0, 1, 2, 3] as const, "hazardCategory（隐患类别）").default(0),
    dangerDesc: str("dangerDesc", 2000).default(""),
    dangerReason: str("dangerReason", 2000).default(""),
    controlMeasures: str("controlMeasures（整改措施）", 2000).default(""),
    cost: z.preprocess(
      (v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v),
      z.number({ error: "cost 应为金额" }).min(0, { error: "cost 不能为负" }).optional(),
    ),
    liablePerson: str("liablePerson（整改责任人）", 50).default(""),
    dangerManageDeadline: time.optional(),
    checkAcceptPerson: str("checkAcceptPerson", 50).optional(),
    checkAcceptTime: time.optional(),
    checkAcceptComment: str("checkAcceptComment", 1000).optional(),
    dangerState: code([0, 1, 9] as const, "dangerState（隐患状态）"),
  })
  .superRefine((h, ctx) => {
    if (h.dangerState === 9) {
      if (!h.checkAcceptPerson) ctx.addIssue({ code: "custom", path: ["checkAcceptPerson"], message: "已验收（dangerState 9）的隐患须填写验收人" });
      if (!h.checkAcceptTime) ctx.addIssue({ code: "custom", path: ["checkAcceptTime"], message: "已验收（dangerState 9）的隐患须填写验收时间" });
    }
    if (h.dangerManageType === 1 && !h.dangerManageDeadline)
      ctx.addIssue({ code: "custom", path: ["dangerManageDeadline"], message: "限期整改（dangerManageType 1）须填写整改期限" });
  });

export type NationalRiskUnit = z.output<typeof nationalRiskUnitSchema>;
export type NationalRiskEvent = z.output<typeof nationalRiskEventSchema>;
export type NationalControlMeasure = z.output<typeof nationalControlMeasureSchema>;
export type NationalCheckTask = z.output<typeof nationalCheckTaskSchema>;
export type NationalCheckRecord = z.output<typeof nationalCheckRecordSchema>;
export type NationalHiddenDanger = z.output<typeof nationalHiddenDangerSchema>;

export const EXCHANGE_COLLECTIONS = {
  riskUnits: { zh: "风险分析单元", schema: nationalRiskUnitSchema },
  riskEvents: { zh: "风险事件", schema: nationalRiskEventSchema },
  controlMeasures: { zh: "管控措施", schema: nationalControlMeasureSchema },
  checkTasks: { zh: "排查任务", schema: nationalCheckTaskSchema },
  checkRecords: { zh: "排查记录", schema: nationalCheckRecordSchema },
  hiddenDangers: { zh: "隐患", schema: nationalHiddenDangerSchema },
} as const;
export type ExchangeCollection = keyof typeof EXCHANGE_COLLECTIONS;
export const EXCHANGE_COLLECTION_NAMES = Object.keys(EXCHANGE_COLLECTIONS) as ExchangeCollection[];

export interface NationalExchangeFile {
  companyCode: string;
  exportedAt: string;
  riskUnits: NationalRiskUnit[];
  riskEvents: NationalRiskEvent[];
  controlMeasures: NationalControlMeasure[];
  checkTasks: NationalCheckTask[];
  checkRecords: NationalCheckRecord[];
  hiddenDangers: NationalHiddenDanger[];
}

/** One problem of a file: where (`riskUnits[3].riskUnitName`), which object, and why. */
export interface ExchangeError {
  path: string;
  collection: ExchangeCollection | null;
  index: number | null;
  field: string;
  message: string;
}

/** MAX objects per collection accepted in one file. */
export const EXCHANGE_MAX_OBJECTS = 50_000;

/**
 * Validates a file: its envelope, then every object on its own (so that every bad object is reported, each with all
 * of its bad fields), then duplicate ids within a collection and objects of another company.
 */
export function parseNationalExchange(
  input: unknown,
  expectedCompanyCode?: string,
): { ok: true; data: NationalExchangeFile } | { ok: false; errors: ExchangeError[] } {
  const errors: ExchangeError[] = [];
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: "", collection: null, index: null, field: "", message: "文件内容应为 JSON 对象" }] };
  }
  const o = input as Record<string, unknown>;
  const companyCode = typeof o.companyCode === "string" ? o.companyCode : "";
  if (!/^[0-9A-Z]{9}$/.test(companyCode))
    errors.push({ path: "companyCode", collection: null, index: null, field: "companyCode", message: "companyCode 应为 9 位企业编码" });
  else if (expectedCompanyCode && companyCode !== expectedCompanyCode)
    errors.push({
      path: "companyCode",
      collection: null,
      index: null,
      field: "companyCode",
      message: `文件属于企业 ${companyCode}，不是本企业（${expectedCompanyCode}）`,
    });
  const data = { companyCode, exportedAt: typeof o.exportedAt === "string" ? o.exportedAt : "" } as NationalExchangeFile;
  for (const name of EXCHANGE_COLLECTION_NAMES) {
    const list = o[name] ?? [];
    if (!Array.isArray(list)) {
      errors.push({ path: name, collection: name, index: null, field: "", message: `${name} 应为数组` });
      continue;
    }
    if (list.length > EXCHANGE_MAX_OBJECTS) {
      errors.push({ path: name, collection: name, index: null, field: "", message: `${name} 最多 ${EXCHANGE_MAX_OBJECTS} 条` });
      continue;
    }
    const schema = EXCHANGE_COLLECTIONS[name].schema as z.ZodType;
    const ok: unknown[] = [];
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const r = schema.safeParse(item);
      if (!r.success) {
        for (const issue of r.error.issues) {
          const field = issue.path.map(String).join(".");
          errors.push({ path: `${name}[${index}]${field ? `.${field}` : ""}`, collection: name, index, field, message: issue.message });
        }
        return;
      }
      const v = r.data as { id: string; companyCode: string };
      const first = seen.get(v.id);
      if (first !== undefined)
        errors.push({ path: `${name}[${index}].id`, collection: name, index, field: "id", message: `id ${v.id} 与 ${name}[${first}] 重复` });
      else seen.set(v.id, index);
      if (companyCode && v.companyCode !== companyCode)
        errors.push({
          path: `${name}[${index}].companyCode`,
          collection: name,
          index,
          field: "companyCode",
          message: `companyCode ${v.companyCode} 与文件的 ${companyCode} 不一致`,
        });
      ok.push(v);
    });
    (data as unknown as Record<string, unknown[]>)[name] = ok;
  }
  return errors.length ? { ok: false, errors } : { ok: true, data };
}

/** Ids of records that already exist for the enterprise (national ids already imported, or our own ids). */
export type ExistingIds = Partial<Record<Exclude<ExchangeCollection, "hiddenDangers">, ReadonlySet<string>>>;

/**
 * Every reference must resolve to an object of the file or to an existing record of the enterprise:
 * event → unit, measure → event, task → measure, record → task, hazard → measure and record (both optional).
 * Objects marked deleted are skipped on import (tasks: imported as retired), and their own references not checked.
 */
export function checkExchangeReferences(f: NationalExchangeFile, existing: ExistingIds = {}): ExchangeError[] {
  // Deleted objects are not imported, so nothing may hang on them; a deleted task, though, is kept as a retired
  // task (its records are history), so records may cite it.
  const ids = (c: Exclude<ExchangeCollection, "hiddenDangers">) =>
    new Set([...f[c].filter((x) => x.deleted !== 1 || c === "checkTasks").map((x) => x.id), ...(existing[c] ?? [])]);
  const errors: ExchangeError[] = [];
  const check = <T extends { deleted: number }>(
    collection: ExchangeCollection,
    list: T[],
    field: keyof T & string,
    target: Exclude<ExchangeCollection, "hiddenDangers">,
    optional = false,
  ) => {
    const known = ids(target);
    list.forEach((x, index) => {
      const v = x[field] as unknown as string | null;
      if ((x.deleted === 1 && collection !== "checkTasks") || (optional && v === null)) return;
      if (v === null || !known.has(v))
        errors.push({
          path: `${collection}[${index}].${field}`,
          collection,
          index,
          field,
          message: `${field} ${v} 在文件和本企业现有的${EXCHANGE_COLLECTIONS[target].zh}中都找不到`,
        });
    });
  };
  check("riskEvents", f.riskEvents, "riskUnitId", "riskUnits");
  check("controlMeasures", f.controlMeasures, "riskEventId", "riskEvents");
  check("checkTasks", f.checkTasks, "riskMeasureId", "controlMeasures");
  check("checkRecords", f.checkRecords, "checkTaskId", "checkTasks");
  check("hiddenDangers", f.hiddenDangers, "riskMeasureId", "controlMeasures", true);
  check("hiddenDangers", f.hiddenDangers, "checkRecordId", "checkRecords", true);
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Our records → the interface

/** What the mapping needs of a record besides its own fields. */
export interface ExchangeMeta {
  companyCode: string;
}
interface Stamped {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}
const stamps = (r: Stamped, meta: ExchangeMeta, by = "") => ({
  id: r.id,
  companyCode: meta.companyCode,
  deleted: 0 as 0 | 1,
  createDate: toNationalTime(r.createdAt),
  createBy: by,
  updateDate: toNationalTime(r.updatedAt),
  updateBy: by,
});

export interface OurRiskUnit extends Stamped {
  /** The risk analysis object's hazardCode (or its id when it has none). */
  hazardCode: string;
  name: string;
  department: string;
  liablePerson: string;
}
export const toNationalRiskUnit = (u: OurRiskUnit, meta: ExchangeMeta): NationalRiskUnit => ({
  ...stamps(u, meta),
  hazardCode: u.hazardCode,
  hazardDep: u.department,
  hazardLiablePerson: u.liablePerson,
  riskUnitName: u.name,
});

export interface OurRiskEvent extends Stamped {
  unitId: string;
  name: string;
}
export const toNationalRiskEvent = (e: OurRiskEvent, meta: ExchangeMeta): NationalRiskEvent => ({
  ...stamps(e, meta),
  riskUnitId: e.unitId,
  riskEventName: e.name,
});

export interface OurControlMeasure extends Stamped {
  eventId: string;
  description: string;
  classify1: string;
  classify2: string;
  classify3: string;
  dataSrc: number;
  troubleshootContent: string;
}
export const toNationalControlMeasure = (m: OurControlMeasure, meta: ExchangeMeta): NationalControlMeasure => ({
  ...stamps(m, meta),
  riskEventId: m.eventId,
  dataSrc: m.dataSrc === 1 ? 1 : 2,
  riskMeasureDesc: m.description,
  classify1: m.classify1 as NationalControlMeasure["classify1"],
  classify2: m.classify2,
  classify3: m.classify3,
  troubleshootContent: m.troubleshootContent,
});

export interface OurCheckTask extends Stamped {
  measureId: string;
  content: string;
  cycle: number;
  cycleUnit: CycleUnit;
  workDayType: number;
  workStart: string | null;
  workEnd: string | null;
  workType: number;
  taskNum: number | null;
  startAt: Date;
  active: boolean;
}
export function toNationalCheckTask(t: OurCheckTask, meta: ExchangeMeta): NationalCheckTask {
  return {
    ...stamps(t, meta),
    deleted: t.active ? 0 : 1,
    riskMeasureId: t.measureId,
    troubleshootContent: t.content,
    ...toNationalCycle(t.cycle, t.cycleUnit),
    taskStartTime: toNationalTime(t.startAt),
    workStartTime: toNationalClock(t.workStart),
    workEndTime: toNationalClock(t.workEnd),
    workDayType: t.workDayType as 0 | 1 | 2,
    workType: t.workType as 0 | 1 | 2 | 3,
    ...(t.taskNum === null ? {} : { taskNum: t.taskNum }),
  };
}

export interface OurCheckRecord {
  id: string;
  taskId: string;
  checkedAt: Date;
  checkedByName: string;
}
export const toNationalCheckRecord = (r: OurCheckRecord, meta: ExchangeMeta): NationalCheckRecord => ({
  ...stamps({ id: r.id, createdAt: r.checkedAt, updatedAt: r.checkedAt }, meta, r.checkedByName),
  checkTaskId: r.taskId,
  checkTime: toNationalTime(r.checkedAt),
});

export interface OurHazard extends Stamped {
  /** hazardCode of the risk analysis object of its unit, "" when not linked. */
  hazardCode: string;
  measureId: string | null;
  checkRecordId: string | null;
  title: string;
  description: string;
  level: HazardLevel;
  status: HazardStatus;
  source: HazardSource;
  enforcementId: string | null;
  manageType: ManageType | null;
  dangerType: number | null;
  category: number;
  reportedAt: Date;
  reportedByName: string;
  deadline: Date | null;
  rectification: { measures?: string; liablePerson?: string; funds?: number | string } | null;
  acceptedByName: string | null;
  acceptedAt: Date | null;
  acceptComment: string | null;
}

/** A hazard in the interface, or null for statuses the interface has no state for (待确认, 不予确认). */
export function toNationalHiddenDanger(h: OurHazard, meta: ExchangeMeta): NationalHiddenDanger | null {
  const state = dangerStateOf(h.status);
  if (state === null) return null;
  const funds = h.rectification?.funds;
  const manage = h.manageType ?? (h.deadline ? "deadline" : "immediate");
  return {
    ...stamps(h, meta, h.reportedByName),
    hazardCode: h.hazardCode,
    riskMeasureId: h.measureId,
    checkRecordId: h.checkRecordId,
    dangerName: h.title,
    dangerLevel: h.level === "major" ? 1 : 0,
    registTime: toNationalTime(h.reportedAt),
    registrant: h.reportedByName,
    dangerSrc: HAZARD_SOURCES[h.source].national as NationalHiddenDanger["dangerSrc"],
    ...(h.enforcementId ? { enforcementId: h.enforcementId } : {}),
    dangerManageType: MANAGE_TYPES[manage].national,
    hazardDangerType: (h.dangerType ?? 8) as NationalHiddenDanger["hazardDangerType"],
    hazardCategory: (h.category ?? 0) as NationalHiddenDanger["hazardCategory"],
    dangerDesc: h.description,
    dangerReason: "",
    controlMeasures: h.rectification?.measures ?? "",
    ...(funds === undefined || funds === null || funds === "" || Number.isNaN(Number(funds)) ? {} : { cost: Number(funds) }),
    liablePerson: h.rectification?.liablePerson ?? "",
    ...(h.deadline ? { dangerManageDeadline: toNationalTime(h.deadline) } : {}),
    ...(state === 9 || h.acceptedAt
      ? {
          checkAcceptPerson: h.acceptedByName ?? "",
          ...(h.acceptedAt ? { checkAcceptTime: toNationalTime(h.acceptedAt) } : {}),
          checkAcceptComment: h.acceptComment ?? "",
        }
      : {}),
    dangerState: state,
  };
}

// ---------------------------------------------------------------------------------------------
// The interface → our records (the fields to create them with)

export const riskUnitFromNational = (n: NationalRiskUnit) => ({
  name: n.riskUnitName,
  department: n.hazardDep,
  liablePerson: n.hazardLiablePerson,
  hazardCode: n.hazardCode,
});
export const riskEventFromNational = (n: NationalRiskEvent) => ({ name: n.riskEventName });
export const controlMeasureFromNational = (n: NationalControlMeasure) => ({
  description: n.riskMeasureDesc,
  classify1: n.classify1,
  classify2: n.classify2,
  classify3: n.classify3,
  dataSrc: n.dataSrc,
  troubleshootContent: n.troubleshootContent,
});
export const checkTaskFromNational = (n: NationalCheckTask) => ({
  content: n.troubleshootContent,
  cycle: n.checkCycle,
  cycleUnit: NATIONAL_CYCLE_UNITS[n.checkCycleUnit] as CycleUnit,
  workDayType: n.workDayType,
  workStart: n.checkCycleUnit === "小时" && n.workStartTime ? fromNationalClock(n.workStartTime) : null,
  workEnd: n.checkCycleUnit === "小时" && n.workEndTime ? fromNationalClock(n.workEndTime) : null,
  workType: n.workType,
  taskNum: n.workType === 0 ? null : (n.taskNum ?? null),
  startAt: fromNationalTime(n.taskStartTime)!,
  active: n.deleted !== 1,
});
export const checkRecordFromNational = (n: NationalCheckRecord) => ({
  checkedAt: fromNationalTime(n.checkTime)!,
  checkedByName: n.createBy || n.updateBy || "",
});

export function hiddenDangerFromNational(n: NationalHiddenDanger) {
  const deadline = n.dangerManageDeadline ? fromNationalTime(n.dangerManageDeadline) : null;
  return {
    title: n.dangerName,
    description: n.dangerDesc,
    level: (n.dangerLevel === 1 ? "major" : "general") as HazardLevel,
    dangerType: n.hazardDangerType as number,
    source: String(n.dangerSrc) as HazardSource,
    manageType: (n.dangerManageType === 1 ? "deadline" : "immediate") as ManageType,
    category: n.hazardCategory as number,
    enforcementId: n.enforcementId || null,
    reportedAt: fromNationalTime(n.registTime)!,
    reportedByName: n.registrant,
    deadline,
    rectification:
      n.controlMeasures || n.liablePerson || n.cost !== undefined || deadline
        ? { measures: n.controlMeasures, liablePerson: n.liablePerson, funds: n.cost ?? 0, deadline: deadline?.toISOString() ?? null, contingencyPlan: "" }
        : null,
    status: STATUS_OF_DANGER_STATE[n.dangerState] as HazardStatus,
    acceptedByName: n.checkAcceptPerson || null,
    acceptedAt: n.checkAcceptTime ? fromNationalTime(n.checkAcceptTime) : null,
    acceptComment: n.checkAcceptComment ?? null,
    dangerReason: n.dangerReason,
  };
}

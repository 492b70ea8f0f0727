/**
 * 隐患 (hidden hazard): codes of the national dual-prevention interface (domain-reference §1.4–1.6) and the life cycle
 * as one transition table. The server authorises with `hazardActions`/`refusalOf`; the UI shows the returned actions.
 *
 * reported (已上报，待确认) → rectifying (整改中) → awaiting_acceptance (待验收) → closed (已销号)
 *                       ↘ dismissed (不予确认)      ↖ reject (验收不通过)   ↘ awaiting_signoff (待监管核销, 挂牌督办) → closed
 */
import type { Role } from "./scope";

export const HAZARD_STATUSES = {
  reported: { zh: "待确认", en: "Awaiting confirmation", national: null },
  rectifying: { zh: "整改中", en: "Rectifying", national: 0 },
  awaiting_acceptance: { zh: "待验收", en: "Awaiting acceptance", national: 1 },
  awaiting_signoff: { zh: "待监管核销", en: "Awaiting regulator sign-off", national: 1 },
  closed: { zh: "已销号", en: "Closed", national: 9 },
  dismissed: { zh: "不予确认", en: "Dismissed", national: null },
} as const;
export type HazardStatus = keyof typeof HAZARD_STATUSES;
export const HAZARD_STATUS_CODES = Object.keys(HAZARD_STATUSES) as HazardStatus[];
/** Statuses in which a hazard still needs work (未销号). */
export const OPEN_HAZARD_STATUSES: readonly HazardStatus[] = ["reported", "rectifying", "awaiting_acceptance", "awaiting_signoff"];

/** dangerLevel: 0 一般隐患, 1 重大隐患. */
export const HAZARD_LEVELS = { general: { zh: "一般隐患", en: "General", national: 0 }, major: { zh: "重大隐患", en: "Major", national: 1 } } as const;
export type HazardLevel = keyof typeof HAZARD_LEVELS;

/** dangerSrc 1–10 (national), plus the sources outside the enterprise's own inspection (exported as 10 其他). */
export const HAZARD_SOURCES = {
  "1": { zh: "日常排查", en: "Daily inspection", national: 1 },
  "2": { zh: "综合性排查", en: "Comprehensive inspection", national: 2 },
  "3": { zh: "专业性排查", en: "Specialised inspection", national: 3 },
  "4": { zh: "季节性排查", en: "Seasonal inspection", national: 4 },
  "5": { zh: "重点时段及节假日前排查", en: "Key period / pre-holiday inspection", national: 5 },
  "6": { zh: "事故类比排查", en: "Accident-analogy inspection", national: 6 },
  "7": { zh: "复产复工前排查", en: "Pre-restart inspection", national: 7 },
  "8": { zh: "外聘专家诊断式排查", en: "External expert diagnosis", national: 8 },
  "9": { zh: "管控措施失效", en: "Control measure failure", national: 9 },
  "10": { zh: "其他", en: "Other", national: 10 },
  regulator: { zh: "监管检查", en: "Regulator inspection", national: 10 },
  third_party: { zh: "第三方服务", en: "Third-party service", national: 8 },
  public: { zh: "群众举报", en: "Public report", national: 10 },
  snapshot: { zh: "随手拍", en: "Snapshot report", national: 10 },
} as const;
export type HazardSource = keyof typeof HAZARD_SOURCES;
export const HAZARD_SOURCE_CODES = Object.keys(HAZARD_SOURCES) as HazardSource[];

/** Sources an enterprise gives its own findings, 随手拍 first (the others are set by who registers: regulator, third party, public). */
export const ENTERPRISE_HAZARD_SOURCES: readonly HazardSource[] = ["snapshot", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/** Who may register a hazard with which sources (the first is the default), and as what kind of organisation. */
export const HAZARD_REPORTING: Record<Role, { sources: readonly HazardSource[]; orgKind: string }> = {
  enterprise_leader: { sources: ENTERPRISE_HAZARD_SOURCES, orgKind: "enterprise" },
  enterprise_safety: { sources: ENTERPRISE_HAZARD_SOURCES, orgKind: "enterprise" },
  enterprise_staff: { sources: ["snapshot", "1", "9", "10"], orgKind: "enterprise" },
  regulator: { sources: ["regulator", "public"], orgKind: "gov" },
  expert: { sources: ["third_party"], orgKind: "third_party" },
  admin: { sources: ["10", "1", "2", "3", "4", "5", "6", "7", "8", "9", "regulator", "third_party", "public", "snapshot"], orgKind: "platform" },
};

/** hazardDangerType 1–8. */
export const HAZARD_TYPES = {
  1: { zh: "安全", en: "Safety" },
  2: { zh: "工艺", en: "Process" },
  3: { zh: "电气", en: "Electrical" },
  4: { zh: "仪表", en: "Instrumentation" },
  5: { zh: "消防", en: "Fire" },
  6: { zh: "总图", en: "General layout" },
  7: { zh: "设备", en: "Equipment" },
  8: { zh: "其他", en: "Other" },
} as const;
export type HazardType = keyof typeof HAZARD_TYPES;

/** dangerManageType: 0 即查即改, 1 限期整改. */
export const MANAGE_TYPES = {
  immediate: { zh: "即查即改", en: "Fix on the spot", national: 0 },
  deadline: { zh: "限期整改", en: "Rectify by deadline", national: 1 },
} as const;
export type ManageType = keyof typeof MANAGE_TYPES;

/** hazardCategory: 0 other, 1–3 registered by the 包保 principal / technical / operations responsible person. */
export const HAZARD_CATEGORIES = {
  0: { zh: "其他", en: "Other" },
  1: { zh: "主要负责人登记", en: "By principal responsible person" },
  2: { zh: "技术负责人登记", en: "By technical responsible person" },
  3: { zh: "操作负责人登记", en: "By operations responsible person" },
} as const;

/** managementClassification: 1 unsafe act, 2 unsafe condition, 3 management defect. */
export const MANAGEMENT_CLASSES = {
  1: { zh: "人的不安全行为", en: "Unsafe act" },
  2: { zh: "物的不安全状态", en: "Unsafe condition" },
  3: { zh: "管理缺陷", en: "Management defect" },
} as const;

export const EVIDENCE_STAGES = { report: "整改前", rectification: "整改后", acceptance: "验收" } as const;
export type EvidenceStage = keyof typeof EVIDENCE_STAGES;

/** What the rules need to know about the acting user. */
export interface HazardActor {
  userId: string;
  role: Role;
  orgId: string;
  /** The actor belongs to the hazard's enterprise. */
  isMember: boolean;
  /** The hazard's enterprise is inside the actor's scope (regulators, experts, admin). */
  inScope: boolean;
}

/** What the rules need to know about the hazard. */
export interface HazardFacts {
  status: HazardStatus;
  level: HazardLevel;
  supervisedByOrgId: string | null;
  rectifierUserId: string | null;
  rectifiedBy: string | null;
  extension: { requestedBy: string } | null;
  /** Kind of organisation that registered it; a regulator's finding ('gov') cannot be dismissed by the enterprise. */
  reportedByOrgKind?: string;
}

export type HazardAction =
  | "confirm"
  | "dismiss"
  | "submit_rectification"
  | "accept"
  | "reject"
  | "request_extension"
  | "approve_extension"
  | "reject_extension"
  | "supervise"
  | "sign_off";

export const HAZARD_ACTIONS: Record<HazardAction, { zh: string; en: string }> = {
  confirm: { zh: "确认并下达整改", en: "Confirm and assign" },
  dismiss: { zh: "不予确认", en: "Dismiss" },
  submit_rectification: { zh: "提交整改", en: "Submit rectification" },
  accept: { zh: "验收通过", en: "Accept" },
  reject: { zh: "验收不通过", en: "Reject" },
  request_extension: { zh: "申请延期", en: "Request extension" },
  approve_extension: { zh: "批准延期", en: "Approve extension" },
  reject_extension: { zh: "驳回延期", en: "Refuse extension" },
  supervise: { zh: "挂牌督办", en: "Put under supervision" },
  sign_off: { zh: "督办核销", en: "Sign off" },
};

/** Refusal codes (stable; the server turns them into 403/409 with a Chinese message). */
export const HAZARD_REFUSALS = {
  HAZARD_WRONG_STATUS: "当前状态不允许此操作",
  HAZARD_NOT_ALLOWED: "无权执行此操作",
  HAZARD_ACCEPTOR_IS_RECTIFIER: "验收人不能是整改人",
  HAZARD_EXTENSION_PENDING: "已有待审批的延期申请",
  HAZARD_NO_EXTENSION: "没有待审批的延期申请",
  HAZARD_EXTENSION_SELF_APPROVAL: "不能审批自己的延期申请",
  HAZARD_NOT_MAJOR: "只有重大隐患可以挂牌督办",
  HAZARD_ALREADY_SUPERVISED: "该隐患已挂牌督办",
  HAZARD_SUPERVISED_CLOSE: "挂牌督办的重大隐患须由督办部门核销",
  HAZARD_REGULATOR_FINDING: "监管部门检查发现的隐患，企业不能不予确认",
} as const;
export type HazardRefusal = keyof typeof HAZARD_REFUSALS;

const MANAGERS: readonly Role[] = ["enterprise_leader", "enterprise_safety"];
const isManager = (a: HazardActor) => (a.isMember && MANAGERS.includes(a.role)) || a.role === "admin";
const isRegulator = (a: HazardActor) => a.role === "regulator" && a.inScope;
/** The government body that put the hazard under supervision (挂牌督办); only it decides on the hazard from then on. */
const isSupervisingBody = (a: HazardActor, h: HazardFacts) => isRegulator(a) && !!h.supervisedByOrgId && a.orgId === h.supervisedByOrgId;
/** Acceptance (验收) by a manager who neither was assigned nor did the rectification. */
const acceptanceCheck = (a: HazardActor, h: HazardFacts) =>
  need(isManager(a)) ?? need(a.userId !== h.rectifiedBy && a.userId !== h.rectifierUserId, "HAZARD_ACCEPTOR_IS_RECTIFIER");
/** Extension decisions: the supervising body for a supervised hazard, otherwise the enterprise's managers; never one's own request. */
const extensionDecision = (a: HazardActor, h: HazardFacts) =>
  need(h.supervisedByOrgId ? isSupervisingBody(a, h) : isManager(a)) ??
  need(!!h.extension, "HAZARD_NO_EXTENSION") ??
  need(a.userId !== h.extension?.requestedBy, "HAZARD_EXTENSION_SELF_APPROVAL");

interface Transition {
  from: readonly HazardStatus[];
  /** Next status; undefined = the status does not change (extension, supervision). */
  to?: (h: HazardFacts) => HazardStatus;
  /** Who may, and on what condition; returns the refusal or null. */
  check: (a: HazardActor, h: HazardFacts) => HazardRefusal | null;
}

const need = (ok: boolean, refusal: HazardRefusal = "HAZARD_NOT_ALLOWED"): HazardRefusal | null => (ok ? null : refusal);

/** The life cycle: every action, the statuses it starts from, where it goes and who may take it. */
export const HAZARD_TRANSITIONS: Record<HazardAction, Transition> = {
  confirm: { from: ["reported"], to: () => "rectifying", check: (a) => need(isManager(a)) },
  dismiss: {
    from: ["reported"],
    to: () => "dismissed",
    check: (a, h) => need(isManager(a)) ?? need(h.reportedByOrgKind !== "gov" || a.role === "admin", "HAZARD_REGULATOR_FINDING"),
  },
  submit_rectification: {
    from: ["rectifying"],
    to: () => "awaiting_acceptance",
    check: (a, h) => need(isManager(a) || (a.isMember && a.userId === h.rectifierUserId)),
  },
  accept: {
    from: ["awaiting_acceptance"],
    to: (h) => (h.supervisedByOrgId ? "awaiting_signoff" : "closed"),
    check: acceptanceCheck,
  },
  /** 验收不通过 by the acceptor, or 督办核销不通过 by the supervising body: back to rectification with the reason. */
  reject: {
    from: ["awaiting_acceptance", "awaiting_signoff"],
    to: () => "rectifying",
    check: (a, h) => (h.status === "awaiting_signoff" ? need(isSupervisingBody(a, h), "HAZARD_SUPERVISED_CLOSE") : acceptanceCheck(a, h)),
  },
  request_extension: {
    from: ["rectifying"],
    check: (a, h) => need(isManager(a) || (a.isMember && a.userId === h.rectifierUserId)) ?? need(!h.extension, "HAZARD_EXTENSION_PENDING"),
  },
  approve_extension: { from: ["rectifying"], check: extensionDecision },
  reject_extension: { from: ["rectifying"], check: extensionDecision },
  supervise: {
    from: ["reported", "rectifying", "awaiting_acceptance"],
    check: (a, h) => need(isRegulator(a)) ?? need(h.level === "major", "HAZARD_NOT_MAJOR") ?? need(!h.supervisedByOrgId, "HAZARD_ALREADY_SUPERVISED"),
  },
  sign_off: {
    from: ["awaiting_signoff"],
    to: () => "closed",
    check: (a, h) => need(isSupervisingBody(a, h), "HAZARD_SUPERVISED_CLOSE"),
  },
};

/** Why the actor may not take the action now, or null when they may. Status is checked first (a conflict, not a permission). */
export function refusalOf(a: HazardActor, h: HazardFacts, action: HazardAction): HazardRefusal | null {
  const t = HAZARD_TRANSITIONS[action];
  if (!t.from.includes(h.status)) return "HAZARD_WRONG_STATUS";
  return t.check(a, h);
}

/** The actions the actor may take on the hazard now (what the UI shows). */
export function hazardActions(a: HazardActor, h: HazardFacts): HazardAction[] {
  return (Object.keys(HAZARD_TRANSITIONS) as HazardAction[]).filter((k) => refusalOf(a, h, k) === null);
}

/** The status after the action (the same status for actions that do not move it). */
export function nextStatus(h: HazardFacts, action: HazardAction): HazardStatus {
  return HAZARD_TRANSITIONS[action].to?.(h) ?? h.status;
}

/** Refusals that are about the record's state (→ 409) rather than the actor's rights (→ 403). */
export const CONFLICT_REFUSALS: readonly HazardRefusal[] = [
  "HAZARD_WRONG_STATUS",
  "HAZARD_EXTENSION_PENDING",
  "HAZARD_NO_EXTENSION",
  "HAZARD_ALREADY_SUPERVISED",
  "HAZARD_NOT_MAJOR",
];

/**
 * Overdue escalation (超期升级): level 1 the rectification owner, 2 the enterprise's main leader, 3 the township regulator.
 * Hours after the deadline at which each level starts; not fixed by national rules, so configurable (defaults: 0, 24, 72).
 */
export const DEFAULT_ESCALATION_HOURS: readonly [number, number, number] = [0, 24, 72];
export const ESCALATION_LEVELS = {
  1: { zh: "整改责任人", en: "Rectification owner" },
  2: { zh: "企业主要负责人", en: "Enterprise main leader" },
  3: { zh: "属地乡镇监管部门", en: "Township regulator" },
} as const;

/** The escalation level a hazard should have at `now`: 0 when not overdue or no longer open for rectification. */
export function escalationLevelAt(deadline: Date | null, status: HazardStatus, now: Date, hours: readonly number[] = DEFAULT_ESCALATION_HOURS): 0 | 1 | 2 | 3 {
  if (!deadline || status !== "rectifying") return 0;
  const late = now.getTime() - deadline.getTime();
  if (late <= 0) return 0;
  let level: 0 | 1 | 2 | 3 = 0;
  hours.forEach((h, i) => {
    if (late > h * 3600_000) level = (i + 1) as 1 | 2 | 3;
  });
  return level;
}

/** Overdue (超期): still being rectified after the deadline. */
export function isOverdue(h: { status: HazardStatus; deadline: Date | null }, now: Date): boolean {
  return h.status === "rectifying" && !!h.deadline && h.deadline.getTime() < now.getTime();
}

/** 治理方案 of a major hidden hazard: the six elements (domain-reference §1.6). */
export const GOVERNANCE_PLAN_ELEMENTS = {
  objectives: { zh: "治理的目标和任务", en: "Objectives and tasks" },
  methods: { zh: "采取的方法和措施", en: "Methods and measures" },
  fundsAndMaterials: { zh: "经费和物资的落实", en: "Funds and materials" },
  organizationAndPeople: { zh: "负责治理的机构和人员", en: "Responsible organisation and people" },
  timeLimit: { zh: "治理的时限和要求", en: "Time limit and requirements" },
  safetyMeasures: { zh: "安全措施和应急预案", en: "Safety measures and emergency plan" },
} as const;
export type GovernancePlanElement = keyof typeof GOVERNANCE_PLAN_ELEMENTS;

/** 整改五到位: measures, responsibility, funds, deadline, contingency plan (domain-reference §1.6). */
export const RECTIFICATION_ELEMENTS = {
  measures: { zh: "整改措施", en: "Measures" },
  liablePerson: { zh: "整改责任人", en: "Responsible person" },
  funds: { zh: "整改资金（元）", en: "Funds (yuan)" },
  deadline: { zh: "整改期限", en: "Deadline" },
  contingencyPlan: { zh: "应急预案", en: "Contingency plan" },
} as const;

/** Calendar date in Asia/Shanghai (deadlines are read as people in China read them). */
const shanghaiDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Why a rectification deadline is not acceptable at `now`, or null. It must lie in the future; 限期整改 (deadline)
 * needs a later day than today, 即查即改 (immediate) may end today.
 */
export function deadlineRefusal(deadline: Date, manageType: ManageType, now: Date): string | null {
  if (Number.isNaN(deadline.getTime())) return "整改期限不是有效的时间";
  if (deadline.getTime() <= now.getTime()) return "整改期限不能早于当前时间";
  if (manageType === "deadline" && shanghaiDay(deadline) <= shanghaiDay(now)) return "限期整改的期限应晚于今天（当天完成的请选择即查即改）";
  return null;
}

/** Why a requested new deadline (延期申请) is not acceptable, or null: it must be later than the current deadline and than now. */
export function extensionRefusal(current: Date | null, requested: Date, now: Date): string | null {
  if (Number.isNaN(requested.getTime())) return "延期后的期限不是有效的时间";
  if (requested.getTime() <= now.getTime()) return "延期后的期限不能早于当前时间";
  if (current && requested.getTime() <= current.getTime()) return "延期后的期限应晚于当前整改期限";
  return null;
}

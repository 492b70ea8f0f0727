/**
 * Shapes of the dual-prevention API used by the risk register, four-colour map, inspection task and checklist pages
 * (docs/dual-prevention.md; re-exported from api/types.ts). Codes are typed with the domain's unions.
 */
import type { ChecklistParty, ChecklistStatus, CycleUnit, InstanceStatus, RiskColor, RiskGrade, RiskMethod } from "@anguan/domain";

export type { ChecklistParty, ChecklistStatus, CycleUnit, InstanceStatus, RiskColor, RiskGrade, RiskMethod };

/** POST /api/calculators/lec|ls. */
export interface RiskResult {
  d?: number;
  r?: number;
  level?: number;
  riskGrade: RiskGrade;
  color: RiskColor;
  calculatorVersion: string;
  bandsVersion: string;
}

/** An event's stored assessment (固有 inherent / 剩余 residual). */
export interface RiskAssessment {
  method: RiskMethod;
  inputs: Record<string, number>;
  result: RiskResult;
  calculatorVersion?: string;
  bandsVersion?: string;
}

export interface ControlMeasure {
  id: string;
  eventId: string;
  unitId: string;
  description: string;
  classify1: string;
  classify2: string;
  classify3: string;
  controlLevel: string;
  responsiblePerson: string;
  responsibleUserId: string | null;
  dataSrc: number;
  troubleshootContent: string;
  version: number;
}

export interface RiskEvent {
  id: string;
  unitId: string;
  name: string;
  description: string;
  consequence: string;
  method: RiskMethod;
  inherent: RiskAssessment | null;
  residual: RiskAssessment | null;
  riskGrade: RiskGrade | null;
  riskLevel: number | null;
  version: number;
  measures: ControlMeasure[];
}

/** 停用检维修. */
export interface UnitShutdown {
  id: string;
  unitId: string;
  startAt: string;
  endAt: string | null;
  reason: string;
}

export interface RiskUnit {
  id: string;
  objectId: string;
  name: string;
  department: string;
  liablePerson: string;
  liableUserId: string | null;
  location: string;
  status: string;
  qrToken: string;
  riskGrade: RiskGrade | null;
  version: number;
  events: RiskEvent[];
  /** The open 停用检维修 record, if any. */
  shutdown?: UnitShutdown | null;
}

export interface RiskObject {
  id: string;
  kind: string;
  name: string;
  hazardCode: string;
  department: string;
  liablePerson: string;
  version: number;
  units: RiskUnit[];
}

/** GET /api/enterprises/:id/risk-register. */
export interface RiskRegister {
  enterpriseId?: string;
  enterpriseName?: string;
  objects: RiskObject[];
  /** The grade bands in force for the enterprise; `controlLevels` names the level that owns each grade. */
  bands?: { version: string; controlLevels?: Partial<Record<RiskGrade, string>> };
  abilities?: { manage?: boolean };
}

export interface RiskMapArea {
  id?: string;
  name: string;
  /** Points as fractions of the image's width and height. */
  polygon: [number, number][];
  unitIds: string[];
  riskGrade?: RiskGrade | null;
  color?: RiskColor | null;
}

export interface RiskMapSummary {
  id: string;
  name: string;
  imageSha256: string;
  width: number;
  height: number;
  createdAt: string;
  /** GET /api/risk-maps/:id/image (served in the map's scope). */
  imageUrl?: string;
  areaCount?: number;
}

export interface RiskMap extends RiskMapSummary {
  areas: RiskMapArea[];
}

/** 隐患排查任务. workDayType 0 every day, 1 working days, 2 non-working days; workType 0 日常, 1–3 包保责任人. */
export interface InspectionTask {
  id: string;
  unitId: string;
  unitName?: string;
  unitStatus?: string;
  measureId: string;
  measureDescription?: string;
  eventName?: string;
  content: string;
  cycle: number;
  cycleUnit: CycleUnit;
  workDayType: number;
  workStart: string | null;
  workEnd: string | null;
  workType: number;
  taskNum: number | null;
  assigneeUserId: string | null;
  assigneeName?: string | null;
  assigneePost: string;
  startAt: string;
  version: number;
  /** The next window still open. */
  nextOccurrence?: { dueFrom: string; dueTo: string } | null;
}

/** One occurrence of a task: the window [dueFrom, dueTo) in which it must be done. */
export interface InspectionInstance {
  id: string;
  taskId: string;
  unitId: string;
  unitName?: string;
  measureDescription?: string;
  content?: string;
  assigneeUserId: string | null;
  assigneeName?: string | null;
  dueFrom: string;
  dueTo: string;
  status: InstanceStatus;
  late?: boolean;
  missed?: boolean;
  doneAt: string | null;
  recordId: string | null;
}

/** An item of a checklist template or of an enterprise's list (ids are stable within a list). */
export interface ChecklistItem {
  id?: string;
  content: string;
  basis: string;
  category: string;
  templateId?: string | null;
}

/** 排查清单模板: standard-based (enterpriseId null) or an enterprise's own. */
export interface ChecklistTemplate {
  id: string;
  name: string;
  basis: string;
  kind: string;
  enterpriseId: string | null;
  sectors: string[];
  items: ChecklistItem[];
}

export interface ChecklistConfirmation {
  userId: string;
  userName: string;
  at: string;
  comment: string;
}

/** 一企一清单 with its three-party confirmation of the current version. */
export interface EnterpriseChecklist {
  id: string;
  enterpriseId: string;
  enterpriseName?: string;
  name: string;
  status: ChecklistStatus;
  version: number;
  itemCount: number;
  items?: ChecklistItem[];
  confirmations: Record<ChecklistParty, ChecklistConfirmation | null>;
  /** As which party the caller may confirm (null: none). */
  myParty: ChecklistParty | null;
  abilities: { edit: boolean; submit: boolean; confirm: boolean; selfCheck: boolean };
  createdAt: string;
  updatedAt: string;
}

/** 自查: one run of a confirmed list; failed items became hazards. */
export interface SelfCheck {
  id: string;
  checklistId: string;
  checkedByName: string;
  checkedAt: string;
  results: { itemId: string; content: string; result: "pass" | "fail" | "na"; note: string; evidenceIds: string[]; hazardId: string | null }[];
  failed: number;
  hazardIds: string[];
}

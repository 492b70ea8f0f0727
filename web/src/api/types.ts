/** Shapes of the HTTP API (docs/api.md). Enumeration codes are typed with the domain's code unions. */
import type { EnterpriseInput, LicenceType, OperatingStatus, OrgKind, Role, Sector } from "@anguan/domain";
import type { AlarmAction, AlarmCause, AlarmSeverity, AlarmStatus, LiveAlarm } from "@anguan/domain";

export interface Abilities {
  enterprises: { list: boolean; create: boolean; import: boolean; export: boolean };
  users: { manage: boolean };
  audit: { view: boolean };
  ownEnterpriseId: string | null;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  org: { id: string; name: string; kind: OrgKind };
  scope: {
    kind: "all" | "jurisdiction" | "enterprise" | "assigned" | "none";
    regionCode?: string | null;
    /** As officials write it, from below the province down: "镇江市句容市宝华镇". */
    regionName?: string | null;
    /** The whole chain, root → leaf. */
    regionNames?: string[] | null;
    /** The department's sectors (e.g. 商务局: 商贸、餐饮); null or absent: all sectors. */
    sectors?: Sector[] | null;
    enterpriseId?: string | null;
    /** Experts: how many enterprises are assigned to their firm. */
    enterpriseCount?: number | null;
  };
  abilities: Abilities;
  mustChangePassword: boolean;
}

export interface Region {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface DashboardSummary {
  enterprises: number;
  majorHazard: number;
  bySector: { sector: Sector; count: number }[];
  byStatus: { status: OperatingStatus; count: number }[];
  licencesExpiring: number;
  licencesExpired: number;
}

export interface EnterpriseSummary {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
  regionName: string;
  sector: Sector;
  operatingStatus: OperatingStatus;
  hasMajorHazard: boolean;
  mainLeader: string;
  mainLeaderPhone: string;
  employeeCount: number | null;
  licenceAlert: "expired" | "expiring" | null;
}

export interface Enterprise extends EnterpriseInput {
  id: string;
  regionName: string;
  regionNames: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  abilities: { update: boolean; manageLicences: boolean; manageContacts: boolean; manageAttachments: boolean };
  lockedFields: string[];
}

export type LicenceState = "expired" | "expiring" | "valid" | "none";

export interface Licence {
  id: string;
  type: LicenceType;
  number: string;
  issuer: string;
  validFrom: string | null;
  validUntil: string | null;
  fileSha256: string | null;
  state: LicenceState;
}

export interface Contact {
  id: string;
  name: string;
  title: string;
  phone: string;
  note: string;
}

export interface Attachment {
  id: string;
  name: string;
  category: string;
  fileSha256: string;
  size: number;
  mime: string;
  uploadedAt: string;
  uploaderName: string;
}

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
  name: string;
  hasThumbnail: boolean;
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryItem {
  id: string;
  at: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  changes: HistoryChange[];
}

export interface ImportJob {
  id: string;
  status: "validating" | "validated" | "committing" | "done" | "cancelled" | "failed";
  fileName: string;
  total: number;
  processed: number;
  validCount: number;
  errors: { row: number; column: string; reason: string }[];
  imported: number;
  message?: string;
}

/** Not spelled out in the contract; fields read defensively. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string;
  orgName?: string;
  org?: { id: string; name: string; kind?: OrgKind };
  phone?: string | null;
  orgKind?: OrgKind;
  disabled: boolean;
  locked?: boolean;
  lockedUntil?: string | null;
  lastLoginAt?: string | null;
  createdAt?: string;
}

export interface Organization {
  id: string;
  name: string;
  kind: OrgKind;
  department: string | null;
  regionCode: string | null;
  enterpriseId: string | null;
}

/** An enterprise assigned to a third-party organisation (GET /api/organizations/:id/assignments). */
export interface Assignment {
  enterpriseId: string;
  name: string;
  purpose: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBrokenId: string | number | null;
}

// ── Dual prevention: hidden hazards, evidence, to-dos, statistics, QR scan (docs/dual-prevention.md) ──
import type { GovernancePlanElement, HazardAction, HazardLevel, HazardSource, HazardStatus } from "@anguan/domain";

/** POST /api/evidence → a photo or video kept as evidence (content-addressed, receipt time by the server). */
export interface Evidence {
  id: string;
  fileSha256: string;
  receivedAt: string;
  takenAt: string | null;
  clientTakenAt: string | null;
  capture: "camera" | "gallery" | "unknown" | string;
  uploadedByName: string;
  mime: string;
  hasThumbnail: boolean;
  /** On a hazard: report (整改前), rectification (整改后), acceptance (验收). */
  stage?: "report" | "rectification" | "acceptance" | string;
  lat?: number | null;
  lng?: number | null;
}

/** 五到位: the rectification's five elements. */
export interface Rectification {
  measures: string;
  liablePerson: string;
  rectifierUserId?: string | null;
  funds: string | number;
  deadline: string;
  contingencyPlan: string;
}

/** 重大隐患治理方案: six elements. */
export type GovernancePlan = Record<GovernancePlanElement, string>;

/** A pending 延期申请. */
export interface HazardExtension {
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  newDeadline: string;
  reason: string;
}

export interface HazardSummary {
  id: string;
  code: string;
  title: string;
  enterpriseId: string;
  enterpriseName: string;
  regionName?: string;
  sector?: string;
  status: HazardStatus;
  level: HazardLevel;
  dangerType: number | null;
  source: HazardSource;
  manageType?: string | null;
  location?: string;
  deadline: string | null;
  overdue: boolean;
  supervised?: boolean;
  supervisedByOrgId?: string | null;
  supervisedByOrgName?: string | null;
  escalationLevel?: number;
  reportedAt: string;
  reportedByName?: string;
  closedAt?: string | null;
}

export interface HazardEvent {
  id: string | number;
  at: string;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string;
  data?: Record<string, unknown> | null;
}

export interface HazardDetail extends HazardSummary {
  version: number;
  description: string;
  lat?: number | null;
  lng?: number | null;
  category?: number;
  managementClass?: number | null;
  standardItemCode?: string | null;
  standardItem?: { code: string; standardName?: string; text: string } | null;
  riskUnitId?: string | null;
  measureId?: string | null;
  rectification: Rectification | null;
  rectifierUserId?: string | null;
  rectifierName?: string | null;
  governancePlan: GovernancePlan | null;
  extension: HazardExtension | null;
  rectifyNote?: string | null;
  acceptComment?: string | null;
  supervisionNote?: string | null;
  supervisedAt?: string | null;
  events: HazardEvent[];
  evidence: Evidence[];
  actions: HazardAction[];
}

/** GET /api/hazard-standards: a 重大事故隐患判定标准 item. */
export interface StandardItem {
  code: string;
  standard: string;
  standardName: string;
  seq: number;
  text: string;
  sectors?: string[];
}

/** GET /api/enterprises/:id/assignable-users */
export interface AssignableUser {
  id: string;
  displayName: string;
  role: Role;
  username?: string;
}

/** GET /api/todos → 我的待办. */
export interface TodoItem {
  id: string;
  kind: string;
  title: string;
  at?: string | null;
  hazardId?: string | null;
  hazardCode?: string | null;
  status?: string | null;
  level?: string | null;
  deadline?: string | null;
  overdue?: boolean;
  enterpriseName?: string | null;
  qrToken?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Where the notice opens in the UI (server `noticeLink`). */
  link?: string | null;
  /** Notifications: major_hazard, escalation, supervision. */
  notificationKind?: string | null;
  escalationLevel?: number;
  unitName?: string | null;
  dueTo?: string | null;
}

export interface TodoList {
  items: TodoItem[];
  counts?: Record<string, number>;
}

export interface HazardTotals {
  found: number;
  rectified: number;
  overdue: number;
  openMajor: number;
  rectificationRate: number | null;
}

export interface HazardStatsGroup extends Partial<HazardTotals> {
  key: string;
  name?: string;
  label?: string;
  count?: number;
  open?: number;
  supervised?: number;
  /** groupBy=region: the child region's code and whether it has children of its own. */
  regionCode?: string;
  hasChildren?: boolean;
}

export interface HazardStats {
  regionCode?: string | null;
  regionName?: string | null;
  from?: string;
  to?: string;
  totals: HazardTotals & { open?: number; supervised?: number };
  groups: HazardStatsGroup[];
  trend: { period: string; found?: number; rectified?: number; rectificationRate?: number | null }[];
}

export interface OverdueRankingItem {
  rank?: number;
  enterpriseId: string;
  enterpriseName: string;
  regionName?: string;
  sector?: string;
  overdue: number;
  open?: number;
  openMajor?: number;
  oldestDeadline?: string | null;
}

/** GET /api/scan/:qrToken → a risk unit for the phone. */
export interface ScanUnit {
  unit: {
    id: string;
    name: string;
    location?: string;
    department?: string;
    liablePerson?: string;
    status?: string;
    riskGrade?: string | null;
    color?: string | null;
  };
  enterprise: { id: string; name: string };
  shutdown: { startAt: string | null; endAt: string | null; reason: string } | null;
  events: { id: string; name: string; description?: string; riskGrade?: string | null; riskLevel?: number | null; color?: string | null }[];
  measures: {
    id: string;
    eventId?: string;
    eventName?: string;
    description: string;
    controlLevel?: string;
    responsiblePerson?: string;
    dataSrc?: number;
    troubleshootContent?: string;
  }[];
  /** Inspection windows open now. */
  due: { instanceId: string; taskId: string; measureId: string; content: string; dueFrom: string; dueTo: string }[];
  /** Measures checked by inspection with nothing due now (an ad-hoc check). */
  adHoc: { measureId: string; eventName?: string; description: string; troubleshootContent?: string }[];
  canRecord: boolean;
}

/** POST /api/scan/:qrToken/records → the round's records, with the hazards the abnormal ones created. */
export interface ScanRoundResult {
  unitId: string;
  records: { id: string; result: string; measureId: string; hazardId: string | null; hazardCode: string | null }[];
}

// ---- 报警处置 (docs/monitoring.md "Alarms") ----

/** GET /api/alarms item: the live channel's alarm plus the duty-handling facts. */
export interface AlarmListItem extends LiveAlarm {
  acknowledgedAt: string | null;
  verifiedAt: string | null;
  cause: AlarmCause | null;
  disposedAt: string | null;
  clearedAt: string | null;
  escalationLevel: number;
  occurrences: number;
  firstValue: number | null;
  peakValue: number | null;
  limitValue: number | null;
  returnedAt: string | null;
  version: number;
}

export interface AlarmEvent {
  id: number;
  at: string;
  actorName: string;
  /** raise, recur, return, acknowledge, verify, dispose, clear, escalate… */
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string;
  data: Record<string, unknown> | null;
}

/** GET /api/alarms/:id */
export interface AlarmDetail extends AlarmListItem {
  verifyNote: string;
  feedback: string;
  lastEscalatedAt: string | null;
  events: AlarmEvent[];
  sensor: {
    id: number;
    tag: string;
    name: string;
    type: string;
    engineeringUnit: string;
    gatewayId: string;
    rangeLow: number | null;
    rangeHigh: number | null;
    hh: number | null;
    h: number | null;
    l: number | null;
    ll: number | null;
  } | null;
  unit: { id: string; code: string; name: string; kind: string; isMajor: boolean; grade: number | null } | null;
  actions: AlarmAction[];
}

/** GET /api/alarms/summary */
export interface AlarmSummary {
  open: number;
  unacknowledged: number;
  conditionActive: number;
  bySeverity: Record<AlarmSeverity, number>;
  byStatus: Record<AlarmStatus, number>;
}

// Dual prevention pages (risk register, four-colour map, inspection tasks, checklists): their shapes live with the pages.
export type * from "../pages/risks/types";
// Gateways, sensors, readings, overview and the live channel: their shapes live with the monitoring pages.
export type * from "../pages/monitoring/types";
export type * from "../pages/monitoring-reports/types";

// ---- 重大危险源辨识与分级 (docs/monitoring.md "GB 18218") ----

export type HazardUnitKind = "production" | "storage";
export type HazardUnitReviewStatus = "draft" | "submitted" | "confirmed" | "returned";
export type Gb18218Grade = 1 | 2 | 3 | 4;

/** POST /api/calculators/gb18218 answer: the domain's result. */
import type { Gb18218Item, Gb18218Result } from "@anguan/domain";
export type { Gb18218Result };
export type Gb18218ResultItem = Gb18218Item;

/** GET /api/calculators/gb18218/chemicals */
export interface Gb18218Chemical {
  no: number;
  name: string;
  alias: string;
  cas: string;
  casNumbers: string[];
  threshold: number;
  defaultClass: string;
  beta: number;
  betaSource: "table3" | "class";
}
export interface Gb18218Class {
  symbol: string;
  group: string;
  groupEn: string;
  zh: string;
  en: string;
  threshold: number;
  beta: number;
}
export interface Gb18218Tables {
  version: string;
  table1: Gb18218Chemical[];
  classes: Gb18218Class[];
  alphaBands: { min: number; max: number | null; alpha: number; zh: string }[];
  gradeBands: { grade: Gb18218Grade; min: number; zh: string; en: string }[];
}

export interface HazardUnitSubstanceInput {
  name?: string;
  cas?: string;
  quantity: number;
  hazardClass?: string | null;
}
export interface HazardUnitPerson {
  name: string;
  phone: string;
  userId?: string | null;
}
export interface HazardUnitResponsibles {
  principal: HazardUnitPerson;
  technical: HazardUnitPerson;
  operations: HazardUnitPerson;
}

export interface HazardUnitListItem {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  code: string;
  name: string;
  kind: HazardUnitKind;
  kindName: string;
  exposedPeople: number;
  sumRatio: number | null;
  isMajor: boolean;
  rValue: number | null;
  grade: Gb18218Grade | null;
  reviewStatus: HazardUnitReviewStatus;
  sensorCount: number;
  openAlarmCount: number;
  responsibles: Partial<HazardUnitResponsibles>;
  version: number;
}

export interface HazardUnitSubstance {
  id: string;
  position: number;
  name: string;
  cas: string;
  table1No: number | null;
  /** The class given for it (override or, when unlisted, required); null = Table 1 default. */
  hazardClass: string | null;
  /** The class the grading used. */
  appliedClass: string | null;
  quantity: number;
  threshold: number | null;
  beta: number | null;
  betaSource: "table3" | "class" | null;
  ratio: number | null;
}

export interface HazardUnitDetail extends HazardUnitListItem {
  location: string;
  substances: HazardUnitSubstance[];
  grading: { calculatorVersion: string; inputs: { exposedPeople: number; substances: HazardUnitSubstanceInput[] }; result: Gb18218Result } | null;
  gradedAt: string | null;
  reviewComment: string;
  reviewedAt: string | null;
  reviewedByName: string | null;
  createdAt: string;
  updatedAt: string;
  abilities: { update: boolean; delete: boolean; submit: boolean; review: boolean };
}

/** Shapes of the special-work permit API (docs/steward.md, "Special-work permits"). */
import type {
  ApproverLevel,
  EvidenceNode,
  GasKind,
  GradeResult,
  HeightHazardFactor,
  MeasureTemplate,
  PermitAction,
  PermitGrade,
  PermitStatus,
  SpecialWorkType,
} from "@anguan/domain";

export interface PermitSummary {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  code: string;
  type: SpecialWorkType;
  typeName: string;
  grade: PermitGrade | null;
  gradeName: string | null;
  highRisk: boolean;
  status: PermitStatus;
  statusName: string;
  place: string;
  content: string;
  plannedStart: string;
  plannedEnd: string;
  workDate: string;
  requesterName: string;
  workLeaderName: string;
  watchmanName: string;
  approverLevel: ApproverLevel;
  approverLevelName: string;
  version: number;
}

export interface Blocker {
  code: string;
  field?: string;
  message: string;
}

export interface PersonRef {
  personId: string;
  name: string;
}

/** Grade inputs as sent: hot work circumstances, height and its factors, lifting mass; others none. */
export interface HotWorkInputs {
  inHazardArea: boolean;
  onRunningEquipment: boolean;
  inMajorHazardTankDike: boolean;
  onPipeRack: boolean;
  fixedArea?: boolean;
  unitShutDownAndIsolated?: boolean;
  windForce5Plus?: boolean;
}
export interface HeightInputs {
  heightM: number;
  factors: HeightHazardFactor[];
}
export interface LiftingInputs {
  massT: number;
}
export type PermitGradeInputs = Partial<HotWorkInputs> | Partial<HeightInputs> | Partial<LiftingInputs> | Record<string, never>;

export interface PermitMeasure {
  no: number;
  text: string;
  photoRequired: boolean;
  involved: boolean | null;
  confirmedByName: string | null;
  confirmedAt: string | null;
  evidenceId: string | null;
}

export interface GasAnalysis {
  id: string;
  sampledAt: string;
  point: string;
  gas: string;
  kind: GasKind;
  value: number;
  unit: string;
  lelPercent: number | null;
  limitValue: number | null;
  pass: boolean;
  criterion: string;
  analystName: string;
  instrument: string;
  recordedAt: string;
}

export interface PermitEvidence {
  id: string;
  node: EvidenceNode;
  nodeName: string;
  measureNo: number | null;
  evidenceId: string;
  fileSha256: string;
  mime: string;
  receivedAt: string;
  takenAt: string | null;
  capture: "camera" | "gallery" | "unknown" | string;
  uploadedByName: string;
  flag: string | null;
  lat: number | null;
  lng: number | null;
}

export interface PermitEvent {
  action: string;
  fromStatus: PermitStatus | null;
  toStatus: PermitStatus | null;
  actorName: string;
  at: string;
  note: string | null;
  lat: number | null;
  lng: number | null;
}

export interface PermitDetail extends PermitSummary {
  workingUnit: string;
  inHazardArea: boolean;
  gradeInputs: PermitGradeInputs & { type?: SpecialWorkType };
  gradeResult: GradeResult;
  rulesVersion: string;
  maxValidityHours: number;
  extensionReason: string;
  linkedPermits: { id: string; code: string; type: SpecialWorkType; status: PermitStatus }[];
  people: { workLeader: PersonRef | null; watchman: PersonRef | null; gasAnalyst: PersonRef | null; briefer: PersonRef | null };
  workers: { personId: string; name: string; certificates: { type: string; number: string; validUntil: string }[] }[];
  measures: PermitMeasure[];
  gasAnalyses: GasAnalysis[];
  evidence: PermitEvidence[];
  events: PermitEvent[];
  approval: { byName: string; at: string; lat: number | null; lng: number | null; opinion: string } | null;
  acceptance: { byName: string; at: string } | null;
  cancelReason: string;
  retainUntil: string | null;
  abilities: { actions: PermitAction[]; edit: boolean; answerMeasures?: boolean; recordGas: boolean; addEvidence: boolean; confirmMeasures: boolean };
  blockers: { start: Blocker[]; resume?: Blocker[]; complete: Blocker[] };
  gasOverdueMin: number;
  lastGasAt?: string | null;
  coSign?: string[];
}

export interface CertificateRefusalView {
  personId: string;
  role: "worker" | "watchman";
  type: string;
  code: "CERTIFICATE_MISSING" | "CERTIFICATE_EXPIRED" | string;
  message: string;
}

export interface PermitPreview {
  grade: PermitGrade | null;
  gradeName: string | null;
  gradeResult: GradeResult;
  maxValidityHours: number;
  validity: Blocker | null;
  approverLevel: ApproverLevel;
  approverLevelName: string;
  coSign: string[];
  gasRequired: boolean;
  measures: (MeasureTemplate & { photoRequired?: boolean })[];
  certificateRefusals: CertificateRefusalView[];
  highRisk: boolean;
  now: string;
}

export interface PermitBody {
  enterpriseId: string;
  type: SpecialWorkType;
  place: string;
  content: string;
  workingUnit?: string;
  inHazardArea: boolean;
  plannedStart: string;
  plannedEnd: string;
  gradeInputs: PermitGradeInputs;
  workLeaderId: string;
  watchmanId: string;
  gasAnalystId?: string;
  brieferId?: string;
  workerIds: string[];
  linkedPermitIds?: string[];
  extensionReason?: string;
  version?: number;
}

export interface TodayPermit extends PermitSummary {
  blockers: Blocker[] | { start: Blocker[]; resume?: Blocker[]; complete: Blocker[] };
  gasOverdueMin: number;
  lastGasAt: string | null;
}

export interface PermitsToday {
  items: TodayPermit[];
  counts: { byStatus: Record<string, number>; byType: Record<string, number> };
}

export type HighRiskCategory = "hot_special" | "hot_1" | "confined_space" | "height_4" | "lifting_1";
export type HighRiskCounts = Record<HighRiskCategory | "total", number>;

export interface HighRiskWork {
  day: string;
  counts: HighRiskCounts;
  regions: { code: string; name: string; counts: HighRiskCounts }[];
  items: PermitSummary[];
}

export interface ApproverUser {
  id: string;
  displayName: string;
  role: string;
}

export interface PermitApprovers {
  levels: { level: ApproverLevel; name: string; users: ApproverUser[]; configured?: boolean; defaultRoles?: string[] }[];
  candidates: ApproverUser[];
  configured: boolean;
  canEdit?: boolean;
}

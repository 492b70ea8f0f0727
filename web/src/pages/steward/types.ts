/** Shapes of the safety-steward API (docs/steward.md): personnel, teams, certificates, briefings, duties, training. */
import type { CertificateType } from "@anguan/domain";

export type KeyGroup = "main_leader" | "safety_manager" | "special_operation";
export type CertState = "valid" | "expiring" | "expired";
export type PersonKind = "employee" | "contractor";

export interface Certificate {
  id: string;
  personId: string;
  type: CertificateType | string;
  typeName?: string;
  title: string;
  number: string;
  issuer: string;
  issuedOn: string | null;
  validUntil: string;
  scanSha256: string | null;
  state: CertState;
  /** A later-valid certificate of the same type exists. */
  superseded?: boolean;
  version?: number;
  /** GET /api/certificates adds who holds it. */
  personName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  keyGroup?: KeyGroup | null;
}

export interface Person {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  name: string;
  kind: PersonKind;
  contractorCompany: string;
  idNumberMasked: string;
  phone: string;
  department: string;
  post: string;
  teamId: string | null;
  teamName: string | null;
  keyGroup: KeyGroup | null;
  userId: string | null;
  userName: string | null;
  active: boolean;
  version: number;
  certificates: Certificate[];
  certState: CertState | "none";
}

export interface TrainingRecord {
  id: string;
  personId: string;
  personName: string;
  kind: "course" | "exam" | "briefing" | "external" | string;
  title: string;
  day: string;
  hours: number;
  result: string;
}

export interface PersonDetail extends Person {
  trainingRecords: TrainingRecord[];
}

export interface ListAbilities {
  create?: boolean;
  manage?: boolean;
  [k: string]: boolean | undefined;
}

export interface PagedList<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
  abilities?: ListAbilities;
}

export interface KeyGroupSummary {
  groups: { keyGroup: KeyGroup; people: number; valid: number; expiring: number; expired: number; missing: number }[];
}

export interface Team {
  id: string;
  enterpriseId: string;
  name: string;
  leaderPersonId: string | null;
  leaderName: string | null;
  leaderUserId: string | null;
  memberCount: number;
  active: boolean;
  version?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Briefings

export interface BriefingSummary {
  id: string;
  enterpriseId: string;
  enterpriseName?: string;
  teamId: string;
  teamName: string;
  day: string;
  topic: string;
  leaderName: string;
  heldAt: string;
  attendeeCount: number;
  memberCount: number;
  photoFlag: string | null;
}

export interface PermitBrief {
  id: string;
  code: string;
  type: string;
  typeName: string;
  grade: string | null;
  gradeName: string | null;
  status: string;
  statusName: string;
  place: string;
  content: string;
  plannedStart?: string;
  plannedEnd?: string;
}

export interface BriefingPrefill {
  team: { id: string; name: string; leaderName?: string | null; leaderPersonId?: string | null; leaderUserId?: string | null; enterpriseId?: string };
  members: { personId: string; name: string; post: string }[];
  risks: string;
  permits: PermitBrief[];
  day: string;
  /** Today's briefing of the team when it has been held already. */
  existingBriefingId?: string | null;
  abilities?: { create?: boolean };
}

export interface BriefingDetail extends BriefingSummary {
  content: string;
  risks: string;
  lessons: string;
  permitIds: string[];
  permits?: PermitBrief[];
  attendees: { personId: string; name: string; signedAt: string; signatureSha256?: string | null }[];
  photo?: {
    id?: string;
    evidenceId?: string;
    fileSha256?: string;
    sha256?: string;
    receivedAt?: string;
    uploadedByName?: string;
    uploader?: string;
    flag?: string | null;
    hasThumbnail?: boolean;
    mime?: string;
  } | null;
  lat?: number | null;
  lng?: number | null;
}

export interface BriefingToday {
  day: string;
  teams: {
    teamId: string;
    teamName: string;
    leaderName: string | null;
    held: boolean;
    briefingId: string | null;
    attendeeCount: number;
    memberCount: number;
  }[];
}

export interface BriefingStats {
  month: string;
  teams: { teamId: string; teamName: string; days: number; held: number; rate: number | null; attendanceRate: number | null }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Duties

export type PeriodStatus = "done" | "overdue" | "due" | "pending";

export interface DutyPeriod {
  key: string;
  label: string;
  due: string;
  status: PeriodStatus;
  completion: { completedOn: string; note?: string; files?: { sha256: string; name: string }[]; recordedByName?: string; recordedAt?: string } | null;
}

export interface DutyItem {
  code: string;
  name: string;
  cycle: string;
  cycleName?: string;
  subject?: string;
  basis?: string;
  description?: string;
  plan: { planText: string; ownerName: string; schedule?: Record<string, string>; submittedAt: string; version: number } | null;
  periods: DutyPeriod[];
  openAlarms: number;
  /** The year's plan is missing after the plan deadline. */
  noPlan?: boolean;
  subjectName?: string;
}

export interface DutyList {
  year: number;
  today?: string;
  planDeadline?: string;
  counts?: { duties: number; planned: number; noPlan: number; overdue: number; due: number; openAlarms: number };
  items: DutyItem[];
  abilities?: ListAbilities;
}

export interface DutyCatalogueEntry {
  code: string;
  name: string;
  subject: "enterprise" | "main_leader" | "major_hazard" | string;
  cycle: string;
  basis: string;
  description: string;
  appliesTo?: unknown;
}

export interface DutyAlarm {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  dutyCode: string;
  dutyName: string;
  periodKey: string;
  periodLabel?: string;
  kind: "no_plan" | "overdue" | string;
  kindName?: string;
  raisedAt: string;
  resolvedAt: string | null;
}

export interface DutyTally {
  enterprises: number;
  withAllPlans: number;
  partialPlans?: number;
  noPlan: number;
  overdue: number;
  openAlarms?: number;
}

export interface DutySummary {
  year?: number;
  today?: string;
  planDeadline?: string;
  region?: { code: string; name: string } | null;
  totals: DutyTally;
  regions: (DutyTally & { code: string; name: string })[];
  enterprises: { id: string; name: string; regionCode?: string; planned: number; duties: number; overdue: number; noPlan: number; openAlarms?: number }[];
  total?: number;
  page?: number;
  pageSize?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Training

export interface Material {
  sha256: string;
  name: string;
  mime: string;
  /** Where readers of the course fetch it (GET /api/courses/:id/materials/:sha256). */
  url?: string;
}

export interface Course {
  id: string;
  enterpriseId: string;
  title: string;
  category: string;
  description: string;
  hours: number;
  materials: Material[];
  keyGroup: KeyGroup | null;
  createdAt?: string;
  studied?: boolean;
  version?: number;
}

export type QuestionKind = "single" | "multiple" | "judge";

export interface Question {
  id: string;
  enterpriseId: string;
  bank: string;
  kind: QuestionKind;
  stem: string;
  options: { key: string; text: string }[];
  answer: string[];
  explanation: string;
  points: number;
}

export interface Exam {
  id: string;
  enterpriseId: string;
  title: string;
  courseId: string | null;
  courseTitle?: string | null;
  questionIds?: string[];
  questionCount?: number;
  timeLimitMin: number;
  passMark: number;
  totalPoints: number;
  shuffle: boolean;
  openFrom: string | null;
  openUntil: string | null;
  /** The caller's best/last attempt, when the server tells. */
  myBest?: { score: number; passed: boolean } | null;
}

export interface AttemptQuestion {
  id: string;
  kind: QuestionKind;
  stem: string;
  options: { key: string; text: string }[];
  points?: number;
}

export interface Attempt {
  id: string;
  examId?: string;
  startedAt?: string;
  deadline: string;
  questions: AttemptQuestion[];
}

export interface AttemptResult {
  score: number;
  totalPoints: number;
  passed: boolean;
  passMark: number;
  results: { questionId: string; correct: boolean; answer: string[]; given?: string[]; explanation?: string }[];
}

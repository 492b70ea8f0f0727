/**
 * Enterprise safety steward (企业安全管家): the personnel registry with certificates, teams, special-work permits
 * (GB 30871-2022) with their workers, measures, gas analyses, evidence and events, pre-shift briefings, legal-duty
 * plans with completions and alarms, and training (courses, question banks, exams, attempts, records).
 * Rows carry enterprise, region path and sector so scope filters stay one column away (platform/scope.ts).
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enterprises } from "./schema";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const enterpriseRef = () =>
  uuid("enterprise_id")
    .notNull()
    .references(() => enterprises.id, { onDelete: "cascade" });
/** Scope columns copied from the enterprise. */
const scoped = () => ({ enterpriseId: enterpriseRef(), regionPath: text("region_path").notNull(), sector: text("sector").notNull() });

// ---------------------------------------------------------------------------------------------------------------
// Personnel registry (人员台账)

/** 班组: a team with its leader (who runs the pre-shift briefing). */
export const teams = pgTable(
  "teams",
  {
    id: id(),
    ...scoped(),
    name: text("name").notNull(),
    /** The team leader's person record and login (reminders go to the login). */
    leaderPersonId: uuid("leader_person_id"),
    leaderUserId: uuid("leader_user_id"),
    active: boolean("active").notNull().default(true),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("teams_enterprise_idx").on(t.enterpriseId), uniqueIndex("teams_name_uq").on(t.enterpriseId, t.name)],
);

/** 人员: an employee or a contractor's worker. */
export const personnel = pgTable(
  "personnel",
  {
    id: id(),
    ...scoped(),
    name: text("name").notNull(),
    /** 'employee' (本企业员工) | 'contractor' (承包商人员). */
    kind: text("kind").notNull().default("employee"),
    contractorCompany: text("contractor_company").notNull().default(""),
    /** 身份证号 stored masked (first 6 and last 4 digits) — enough to tell people apart, not an identity record. */
    idNumberMasked: text("id_number_masked").notNull().default(""),
    phone: text("phone").notNull().default(""),
    department: text("department").notNull().default(""),
    /** 岗位. */
    post: text("post").notNull().default(""),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** 三项岗位人员: 'main_leader' | 'safety_manager' | 'special_operation' | null. */
    keyGroup: text("key_group"),
    /** The person's login, when they have one. */
    userId: uuid("user_id"),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("personnel_enterprise_idx").on(t.enterpriseId, t.name),
    index("personnel_team_idx").on(t.teamId),
    index("personnel_user_idx").on(t.userId),
    index("personnel_region_idx").on(t.regionPath),
  ],
);

/** 证书: type (domain CERTIFICATE_TYPES), number, issuer, validity, optional scan. */
export const certificates = pgTable(
  "certificates",
  {
    id: id(),
    ...scoped(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personnel.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    /** Free text for type 'other' or the operation item (操作项目). */
    title: text("title").notNull().default(""),
    number: text("number").notNull(),
    issuer: text("issuer").notNull().default(""),
    issuedOn: date("issued_on"),
    validUntil: date("valid_until").notNull(),
    scanSha256: text("scan_sha256"),
    /** Last expiry reminder sent: 'expiring' | 'expired' (one of each per certificate). */
    remindedState: text("reminded_state"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("certificates_person_idx").on(t.personId, t.type),
    index("certificates_enterprise_idx").on(t.enterpriseId, t.validUntil),
    uniqueIndex("certificates_number_uq").on(t.enterpriseId, t.type, t.number),
  ],
);

// ---------------------------------------------------------------------------------------------------------------
// Special-work permits (特殊作业票, GB 30871-2022)

/** An enterprise's approvers per GB 30871 approval level (its own roles mapped onto Appendix B). */
export const permitApprovers = pgTable(
  "permit_approvers",
  {
    enterpriseId: enterpriseRef(),
    level: text("level").notNull(),
    userId: uuid("user_id").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.level, t.userId] })],
);

export const permits = pgTable(
  "permits",
  {
    id: id(),
    ...scoped(),
    /** 作业票编号 e.g. DH-20261207-0001, unique per enterprise. */
    code: text("code").notNull(),
    type: text("type").notNull(),
    /** Derived grade (domain PermitGrade) or null. */
    grade: text("grade"),
    /** The inputs the grade came from, the result (base grade, upgrades, basis) and the rules version. */
    gradeInputs: jsonb("grade_inputs").notNull(),
    gradeResult: jsonb("grade_result").notNull(),
    rulesVersion: text("rules_version").notNull(),
    status: text("status").notNull().default("draft"),
    /** Computed at write: 特级/一级动火, 受限空间, Ⅳ级高处, 一级吊装. */
    highRisk: boolean("high_risk").notNull().default(false),
    place: text("place").notNull(),
    content: text("content").notNull(),
    /** 作业单位 (own department or the contractor). */
    workingUnit: text("working_unit").notNull().default(""),
    inHazardArea: boolean("in_hazard_area").notNull().default(false),
    plannedStart: ts("planned_start").notNull(),
    plannedEnd: ts("planned_end").notNull(),
    /** Beijing date of plannedStart (today's screens). */
    workDate: date("work_date").notNull(),
    extensionReason: text("extension_reason").notNull().default(""),
    requesterId: uuid("requester_id").notNull(),
    requesterName: text("requester_name").notNull(),
    workLeaderId: uuid("work_leader_id").notNull(),
    watchmanId: uuid("watchman_id").notNull(),
    gasAnalystId: uuid("gas_analyst_id"),
    brieferId: uuid("briefer_id"),
    /** Linked permits (关联作业票), e.g. the confined-space permit a hot work happens in. */
    linkedPermitIds: uuid("linked_permit_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** Required approver level (domain ApproverLevel) and co-signing departments. */
    approverLevel: text("approver_level").notNull(),
    coSign: text("co_sign").array().notNull().default(sql`'{}'::text[]`),
    approvedBy: uuid("approved_by"),
    approvedByName: text("approved_by_name"),
    approvedAt: ts("approved_at"),
    approvalLat: doublePrecision("approval_lat"),
    approvalLng: doublePrecision("approval_lng"),
    approvalOpinion: text("approval_opinion").notNull().default(""),
    startedAt: ts("started_at"),
    suspendedAt: ts("suspended_at"),
    completedAt: ts("completed_at"),
    acceptedBy: uuid("accepted_by"),
    acceptedByName: text("accepted_by_name"),
    acceptedAt: ts("accepted_at"),
    closedAt: ts("closed_at"),
    cancelReason: text("cancel_reason").notNull().default(""),
    /** Not deleted before this (closed + ≥ 1 year). */
    retainUntil: ts("retain_until"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("permits_code_uq").on(t.enterpriseId, t.code),
    index("permits_enterprise_idx").on(t.enterpriseId, t.workDate, t.status),
    index("permits_day_region_idx").on(t.workDate, t.regionPath, t.highRisk),
    index("permits_status_idx").on(t.status, t.plannedEnd),
    // Jurisdiction lists over any period, newest first (a city's year holds millions of permits).
    index("permits_region_time_idx").using("btree", t.regionPath.op("text_pattern_ops"), t.plannedStart),
  ],
);

/** 作业人 on a permit (the certificate check reads them). */
export const permitWorkers = pgTable(
  "permit_workers",
  {
    permitId: uuid("permit_id")
      .notNull()
      .references(() => permits.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull(),
    enterpriseId: uuid("enterprise_id").notNull(),
    /** Certificates as checked at submission: [{type, number, validUntil}]. */
    certificates: jsonb("certificates").notNull().default(sql`'[]'::jsonb`),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.permitId, t.personId] }), index("permit_workers_person_idx").on(t.personId)],
);

/** Safety measures (安全措施) of a permit: the type's checklist, each involved or not, confirmed by whom. */
export const permitMeasures = pgTable(
  "permit_measures",
  {
    permitId: uuid("permit_id")
      .notNull()
      .references(() => permits.id, { onDelete: "cascade" }),
    no: integer("no").notNull(),
    text: text("text").notNull(),
    photoRequired: boolean("photo_required").notNull().default(false),
    /** null = not yet answered; true = 涉及; false = 不涉及. */
    involved: boolean("involved"),
    confirmedBy: uuid("confirmed_by"),
    confirmedByName: text("confirmed_by_name"),
    confirmedAt: ts("confirmed_at"),
    evidenceId: uuid("evidence_id"),
  },
  (t) => [primaryKey({ columns: [t.permitId, t.no] })],
);

/** 气体分析 records. */
export const gasAnalyses = pgTable(
  "gas_analyses",
  {
    id: id(),
    permitId: uuid("permit_id")
      .notNull()
      .references(() => permits.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").notNull(),
    sampledAt: ts("sampled_at").notNull(),
    point: text("point").notNull(),
    /** Gas name, e.g. 甲烷, 氧气, 硫化氢. */
    gas: text("gas").notNull(),
    kind: text("kind").notNull(),
    value: doublePrecision("value").notNull(),
    unit: text("unit").notNull(),
    lelPercent: doublePrecision("lel_percent"),
    limitValue: doublePrecision("limit_value"),
    oxygenEnriched: boolean("oxygen_enriched").notNull().default(false),
    pass: boolean("pass").notNull(),
    criterion: text("criterion").notNull(),
    analystId: uuid("analyst_id"),
    analystName: text("analyst_name").notNull(),
    instrument: text("instrument").notNull().default(""),
    recordedBy: uuid("recorded_by").notNull(),
    recordedAt: ts("recorded_at").notNull(),
  },
  (t) => [index("gas_analyses_permit_idx").on(t.permitId, t.sampledAt)],
);

/** Key-node evidence (关键节点影像) cited by a permit; the file's receipt time, uploader and hash live in `evidence`. */
export const permitEvidence = pgTable(
  "permit_evidence",
  {
    id: id(),
    permitId: uuid("permit_id")
      .notNull()
      .references(() => permits.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").notNull(),
    /** domain EvidenceNode, or 'measure' with measureNo. */
    node: text("node").notNull(),
    measureNo: integer("measure_no"),
    evidenceId: uuid("evidence_id").notNull(),
    /** Live-capture doubt (非即时拍摄…), or null. */
    flag: text("flag"),
    addedBy: uuid("added_by").notNull(),
    addedAt: ts("added_at").notNull(),
  },
  (t) => [index("permit_evidence_permit_idx").on(t.permitId)],
);

/** Every transition and record on a permit (who, when, where). */
export const permitEvents = pgTable(
  "permit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    permitId: uuid("permit_id")
      .notNull()
      .references(() => permits.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").notNull(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    at: ts("at").notNull(),
    note: text("note").notNull().default(""),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    data: jsonb("data"),
  },
  (t) => [index("permit_events_permit_idx").on(t.permitId, t.at)],
);

// ---------------------------------------------------------------------------------------------------------------
// Pre-shift briefings (班前教育)

export const briefings = pgTable(
  "briefings",
  {
    id: id(),
    ...scoped(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    /** Beijing date of the shift. */
    day: date("day").notNull(),
    topic: text("topic").notNull(),
    content: text("content").notNull().default(""),
    /** 今日风险. */
    risks: text("risks").notNull().default(""),
    /** Permits in force that day, as cited. */
    permitIds: uuid("permit_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** 事故教训 / lessons. */
    lessons: text("lessons").notNull().default(""),
    leaderUserId: uuid("leader_user_id").notNull(),
    leaderName: text("leader_name").notNull(),
    heldAt: ts("held_at").notNull(),
    /** Live check-in photo (evidence row). */
    photoEvidenceId: uuid("photo_evidence_id"),
    photoFlag: text("photo_flag"),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("briefings_team_day_uq").on(t.teamId, t.day), index("briefings_enterprise_idx").on(t.enterpriseId, t.day)],
);

export const briefingAttendees = pgTable(
  "briefing_attendees",
  {
    briefingId: uuid("briefing_id")
      .notNull()
      .references(() => briefings.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull(),
    name: text("name").notNull(),
    signedAt: ts("signed_at").notNull(),
    /** Signature drawn on the leader's phone (PNG file hash), optional. */
    signatureSha256: text("signature_sha256"),
  },
  (t) => [primaryKey({ columns: [t.briefingId, t.personId] })],
);

/** Reminders sent for a missing briefing, one per team, day and level (1 team leader, 2 safety manager). */
export const briefingReminders = pgTable(
  "briefing_reminders",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    level: integer("level").notNull(),
    enterpriseId: uuid("enterprise_id").notNull(),
    sentAt: ts("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.day, t.level] })],
);

// ---------------------------------------------------------------------------------------------------------------
// Legal-duty plans (履职事项)

/** The enterprise's plan for one catalogue duty (domain DUTY_CATALOGUE) in one year. */
export const dutyPlans = pgTable(
  "duty_plans",
  {
    id: id(),
    ...scoped(),
    dutyCode: text("duty_code").notNull(),
    year: integer("year").notNull(),
    /** The plan text and the owner (责任人). */
    planText: text("plan_text").notNull().default(""),
    ownerName: text("owner_name").notNull().default(""),
    ownerUserId: uuid("owner_user_id"),
    /** Planned dates of each period, {periodKey: YYYY-MM-DD}; default the period's end. */
    schedule: jsonb("schedule").notNull().default(sql`'{}'::jsonb`),
    submittedBy: uuid("submitted_by").notNull(),
    submittedAt: ts("submitted_at").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [uniqueIndex("duty_plans_uq").on(t.enterpriseId, t.dutyCode, t.year), index("duty_plans_region_idx").on(t.regionPath, t.year)],
);

/** Completion of one period of a duty, with evidence (files or evidence rows). */
export const dutyCompletions = pgTable(
  "duty_completions",
  {
    id: id(),
    ...scoped(),
    dutyCode: text("duty_code").notNull(),
    periodKey: text("period_key").notNull(),
    completedOn: date("completed_on").notNull(),
    note: text("note").notNull().default(""),
    /** Attached files: [{sha256, name}]. */
    files: jsonb("files").notNull().default(sql`'[]'::jsonb`),
    recordedBy: uuid("recorded_by").notNull(),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: ts("recorded_at").notNull(),
  },
  (t) => [uniqueIndex("duty_completions_uq").on(t.enterpriseId, t.dutyCode, t.periodKey)],
);

/** Automatic duty alarms (履职预警): no plan, or a period overdue. One per enterprise, duty, period and kind. */
export const dutyAlarms = pgTable(
  "duty_alarms",
  {
    id: id(),
    ...scoped(),
    dutyCode: text("duty_code").notNull(),
    periodKey: text("period_key").notNull(),
    /** 'no_plan' | 'overdue'. */
    kind: text("kind").notNull(),
    raisedAt: ts("raised_at").notNull(),
    resolvedAt: ts("resolved_at"),
  },
  (t) => [uniqueIndex("duty_alarms_uq").on(t.enterpriseId, t.dutyCode, t.periodKey, t.kind), index("duty_alarms_region_idx").on(t.regionPath, t.resolvedAt)],
);

// ---------------------------------------------------------------------------------------------------------------
// Training and exams (安全学习)

export const courses = pgTable(
  "courses",
  {
    id: id(),
    ...scoped(),
    title: text("title").notNull(),
    category: text("category").notNull().default(""),
    description: text("description").notNull().default(""),
    /** 学时. */
    hours: doublePrecision("hours").notNull().default(1),
    /** Materials: [{sha256, name, mime}] — documents, images, video. */
    materials: jsonb("materials").notNull().default(sql`'[]'::jsonb`),
    /** Key group the course is for, or null for everyone. */
    keyGroup: text("key_group"),
    createdBy: uuid("created_by").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("courses_enterprise_idx").on(t.enterpriseId)],
);

/** A question in an enterprise's bank: 'single' | 'multiple' | 'judge'; options [{key, text}]; answer: keys. */
export const questions = pgTable(
  "questions",
  {
    id: id(),
    ...scoped(),
    bank: text("bank").notNull().default("默认题库"),
    kind: text("kind").notNull(),
    stem: text("stem").notNull(),
    options: jsonb("options").notNull(),
    answer: text("answer").array().notNull(),
    explanation: text("explanation").notNull().default(""),
    points: integer("points").notNull().default(1),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("questions_enterprise_idx").on(t.enterpriseId, t.bank)],
);

export const exams = pgTable(
  "exams",
  {
    id: id(),
    ...scoped(),
    title: text("title").notNull(),
    courseId: uuid("course_id"),
    questionIds: uuid("question_ids").array().notNull(),
    timeLimitMin: integer("time_limit_min").notNull(),
    passMark: integer("pass_mark").notNull(),
    totalPoints: integer("total_points").notNull(),
    shuffle: boolean("shuffle").notNull().default(true),
    openFrom: ts("open_from"),
    openUntil: ts("open_until"),
    createdBy: uuid("created_by").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("exams_enterprise_idx").on(t.enterpriseId)],
);

export const examAttempts = pgTable(
  "exam_attempts",
  {
    id: id(),
    ...scoped(),
    examId: uuid("exam_id")
      .notNull()
      .references(() => exams.id, { onDelete: "cascade" }),
    personId: uuid("person_id").notNull(),
    userId: uuid("user_id").notNull(),
    startedAt: ts("started_at").notNull(),
    deadline: ts("deadline").notNull(),
    /** Question order shown to this person (and option order per question). */
    questionOrder: uuid("question_order").array().notNull(),
    answers: jsonb("answers").notNull().default(sql`'{}'::jsonb`),
    submittedAt: ts("submitted_at"),
    score: integer("score"),
    passed: boolean("passed"),
  },
  (t) => [index("exam_attempts_exam_idx").on(t.examId, t.personId)],
);

/** 培训记录: one line per course studied, exam passed/failed, briefing attended or external training. */
export const trainingRecords = pgTable(
  "training_records",
  {
    id: id(),
    ...scoped(),
    personId: uuid("person_id")
      .notNull()
      .references(() => personnel.id, { onDelete: "cascade" }),
    /** 'course' | 'exam' | 'briefing' | 'external'. */
    kind: text("kind").notNull(),
    sourceId: uuid("source_id"),
    title: text("title").notNull(),
    day: date("day").notNull(),
    hours: doublePrecision("hours").notNull().default(0),
    result: text("result").notNull().default(""),
    recordedAt: ts("recorded_at").notNull(),
  },
  (t) => [index("training_records_person_idx").on(t.personId, t.day), uniqueIndex("training_records_source_uq").on(t.personId, t.kind, t.sourceId)],
);

/**
 * Dual prevention (双重预防机制) tables, modelled on the national data chain (domain-reference §1.3):
 * risk analysis object → risk analysis unit → risk event → control measure → inspection task → inspection record → hidden hazard.
 * Every row carries its enterprise so scope filters stay one join (or one column) away.
 */
import { sql } from "drizzle-orm";
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enterprises, files, regions, users } from "./schema";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const enterpriseRef = () =>
  uuid("enterprise_id")
    .notNull()
    .references(() => enterprises.id, { onDelete: "cascade" });

/** 风险分析对象: a major hazard source, production unit, storage area, equipment or work post. */
export const riskObjects = pgTable(
  "risk_objects",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** hazardCode (危险源编码) in the hazardous-chemical registration system, where there is one. */
    hazardCode: text("hazard_code").notNull().default(""),
    department: text("department").notNull().default(""),
    liablePerson: text("liable_person").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("risk_objects_enterprise_idx").on(t.enterpriseId)],
);

/** 安全风险分析单元. `qrToken` is what the unit's QR label encodes; `status` 'shutdown' = 停用检维修. */
export const riskUnits = pgTable(
  "risk_units",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    objectId: uuid("object_id")
      .notNull()
      .references(() => riskObjects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    department: text("department").notNull().default(""),
    liablePerson: text("liable_person").notNull().default(""),
    liableUserId: uuid("liable_user_id").references(() => users.id),
    location: text("location").notNull().default(""),
    status: text("status").notNull().default("normal"),
    qrToken: text("qr_token").notNull(),
    /** Highest current grade of its events (重大/较大/一般/低), kept by the service for maps and lists. */
    riskGrade: text("risk_grade"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("risk_units_enterprise_idx").on(t.enterpriseId), index("risk_units_object_idx").on(t.objectId), uniqueIndex("risk_units_qr_uq").on(t.qrToken)],
);

/** 安全风险事件 with its current assessment (inherent 固有 and residual 剩余), each `{method, inputs, result, calculatorVersion}`. */
export const riskEvents = pgTable(
  "risk_events",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => riskUnits.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    consequence: text("consequence").notNull().default(""),
    method: text("method").notNull().default("lec"),
    inherent: jsonb("inherent"),
    residual: jsonb("residual"),
    /** Current grade: the residual one when assessed, else the inherent one. */
    riskGrade: text("risk_grade"),
    riskLevel: integer("risk_level"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("risk_events_enterprise_idx").on(t.enterpriseId), index("risk_events_unit_idx").on(t.unitId)],
);

/** Every assessment ever made: inputs, result, calculator and band versions (so a grade can be explained and re-run). */
export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    eventId: uuid("event_id")
      .notNull()
      .references(() => riskEvents.id, { onDelete: "cascade" }),
    stage: text("stage").notNull(),
    method: text("method").notNull(),
    inputs: jsonb("inputs").notNull(),
    result: jsonb("result").notNull(),
    calculatorVersion: text("calculator_version").notNull(),
    bandsVersion: text("bands_version").notNull(),
    assessedBy: uuid("assessed_by"),
    assessedAt: ts("assessed_at").notNull().defaultNow(),
  },
  (t) => [index("risk_assessments_event_idx").on(t.eventId)],
);

/** 安全风险管控措施. dataSrc 1 = automated monitoring (自动化监控), 2 = inspection (隐患排查). */
export const controlMeasures = pgTable(
  "control_measures",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => riskUnits.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => riskEvents.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    classify1: text("classify1").notNull(),
    classify2: text("classify2").notNull(),
    classify3: text("classify3").notNull().default(""),
    controlLevel: text("control_level").notNull(),
    responsiblePerson: text("responsible_person").notNull().default(""),
    responsibleUserId: uuid("responsible_user_id").references(() => users.id),
    dataSrc: integer("data_src").notNull().default(2),
    troubleshootContent: text("troubleshoot_content").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("control_measures_enterprise_idx").on(t.enterpriseId),
    index("control_measures_event_idx").on(t.eventId),
    index("control_measures_unit_idx").on(t.unitId),
  ],
);

/** 停用检维修记录: while open, the unit's inspection tasks are suspended. */
export const unitShutdowns = pgTable(
  "unit_shutdowns",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => riskUnits.id, { onDelete: "cascade" }),
    startAt: ts("start_at").notNull(),
    endAt: ts("end_at"),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("unit_shutdowns_unit_idx").on(t.unitId, t.startAt)],
);

/** 四色分布图: a plant layout image with areas drawn as polygons (coordinates normalised to 0..1). */
export const riskMaps = pgTable(
  "risk_maps",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    imageSha256: text("image_sha256")
      .notNull()
      .references(() => files.sha256),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("risk_maps_enterprise_idx").on(t.enterpriseId)],
);

export const riskMapAreas = pgTable(
  "risk_map_areas",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    mapId: uuid("map_id")
      .notNull()
      .references(() => riskMaps.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    polygon: jsonb("polygon").notNull(),
    unitIds: uuid("unit_ids").array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [index("risk_map_areas_map_idx").on(t.mapId)],
);

/** Settings a jurisdiction may override for everything under it (e.g. risk bands); the nearest region up the path wins. */
export const jurisdictionSettings = pgTable(
  "jurisdiction_settings",
  {
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.key] })],
);

/** 隐患排查任务, from a control measure. cycleUnit hour/day/week/month/year; workDayType 0 every day, 1 working days, 2 non-working days. */
export const inspectionTasks = pgTable(
  "inspection_tasks",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => riskUnits.id, { onDelete: "cascade" }),
    measureId: uuid("measure_id")
      .notNull()
      .references(() => controlMeasures.id, { onDelete: "cascade" }),
    content: text("content").notNull(),
    cycle: integer("cycle").notNull(),
    cycleUnit: text("cycle_unit").notNull(),
    workDayType: integer("work_day_type").notNull().default(0),
    workStart: text("work_start"),
    workEnd: text("work_end"),
    workType: integer("work_type").notNull().default(0),
    taskNum: integer("task_num"),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    assigneePost: text("assignee_post").notNull().default(""),
    startAt: ts("start_at").notNull(),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("inspection_tasks_enterprise_idx").on(t.enterpriseId), index("inspection_tasks_unit_idx").on(t.unitId)],
);

/** A task's occurrence: the window [dueFrom, dueTo) in which it must be done. status pending/done/late/missed/suspended. */
export const inspectionInstances = pgTable(
  "inspection_instances",
  {
    id: id(),
    // No foreign key to enterprises: the task's cascade removes instances, and a key check per row would be the
    // largest single cost of generating a city's day (hundreds of thousands of rows).
    enterpriseId: uuid("enterprise_id").notNull(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => inspectionTasks.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").notNull(),
    assigneeUserId: uuid("assignee_user_id"),
    dueFrom: ts("due_from").notNull(),
    dueTo: ts("due_to").notNull(),
    status: text("status").notNull().default("pending"),
    recordId: uuid("record_id"),
    doneAt: ts("done_at"),
  },
  (t) => [
    // A task's windows (and the one open now: windows of a task do not overlap).
    uniqueIndex("inspection_instances_task_due_uq").on(t.taskId, t.dueFrom),
    // An enterprise's windows still open or to come, and a day's (due_to after the day's start).
    index("inspection_instances_enterprise_idx").on(t.enterpriseId, t.dueTo),
    // The jobs' scans: pending windows that have closed (→ missed) and suspended ones still to come (→ resumed).
    index("inspection_instances_pending_due_idx").on(t.dueTo).where(sql`status = 'pending'`),
    index("inspection_instances_suspended_due_idx").on(t.dueTo).where(sql`status = 'suspended'`),
  ],
);

/** 隐患排查记录: one checked item (normal/abnormal) with its evidence; an abnormal one links the hazard it produced. */
export const inspectionRecords = pgTable(
  "inspection_records",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    unitId: uuid("unit_id").notNull(),
    taskId: uuid("task_id"),
    instanceId: uuid("instance_id"),
    measureId: uuid("measure_id"),
    result: text("result").notNull(),
    note: text("note").notNull().default(""),
    evidenceIds: uuid("evidence_ids").array().notNull().default(sql`'{}'::uuid[]`),
    hazardId: uuid("hazard_id"),
    late: boolean("late").notNull().default(false),
    checkedBy: uuid("checked_by"),
    checkedByName: text("checked_by_name").notNull(),
    checkedAt: ts("checked_at").notNull(),
  },
  (t) => [index("inspection_records_enterprise_idx").on(t.enterpriseId, t.checkedAt), index("inspection_records_unit_idx").on(t.unitId, t.checkedAt)],
);

/**
 * Evidence (证据照片/视频): a stored file as it was received for a record: server receipt time, uploader, the capture time
 * read from EXIF (if any), the time and place the client reported, and whether it came from the camera.
 */
export const evidence = pgTable(
  "evidence",
  {
    id: id(),
    enterpriseId: uuid("enterprise_id").references(() => enterprises.id, { onDelete: "cascade" }),
    fileSha256: text("file_sha256")
      .notNull()
      .references(() => files.sha256),
    uploadedBy: uuid("uploaded_by"),
    uploadedByName: text("uploaded_by_name").notNull().default(""),
    receivedAt: ts("received_at").notNull(),
    takenAt: ts("taken_at"),
    clientTakenAt: ts("client_taken_at"),
    capture: text("capture").notNull().default("unknown"),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
  },
  (t) => [index("evidence_sha_idx").on(t.fileSha256), index("evidence_enterprise_idx").on(t.enterpriseId)],
);

/**
 * 隐患. `regionPath` and `sector` copy the enterprise's, so jurisdiction filters and statistics are single-table.
 * `status` follows the transition table in domain/src/hazard.ts.
 */
export const hazards = pgTable(
  "hazards",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    location: text("location").notNull().default(""),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    status: text("status").notNull(),
    level: text("level").notNull().default("general"),
    dangerType: integer("danger_type"),
    source: text("source").notNull(),
    manageType: text("manage_type"),
    category: integer("category").notNull().default(0),
    managementClass: integer("management_class"),
    standardItemCode: text("standard_item_code"),
    riskUnitId: uuid("risk_unit_id"),
    measureId: uuid("measure_id"),
    checkRecordId: uuid("check_record_id"),
    enforcementId: text("enforcement_id"),
    reportedBy: uuid("reported_by"),
    reportedByName: text("reported_by_name").notNull(),
    reportedByOrgKind: text("reported_by_org_kind").notNull().default("enterprise"),
    reportedAt: ts("reported_at").notNull(),
    confirmedBy: uuid("confirmed_by"),
    confirmedAt: ts("confirmed_at"),
    /** 五到位: {measures, liablePerson, funds, deadline, contingencyPlan}. */
    rectification: jsonb("rectification"),
    rectifierUserId: uuid("rectifier_user_id"),
    deadline: ts("deadline"),
    /** Major hazards: 治理方案 six elements. */
    governancePlan: jsonb("governance_plan"),
    rectifiedBy: uuid("rectified_by"),
    rectifiedAt: ts("rectified_at"),
    rectifyNote: text("rectify_note"),
    acceptedBy: uuid("accepted_by"),
    acceptedAt: ts("accepted_at"),
    acceptComment: text("accept_comment"),
    closedAt: ts("closed_at"),
    supervisedByOrgId: uuid("supervised_by_org_id"),
    supervisedAt: ts("supervised_at"),
    supervisionNote: text("supervision_note"),
    signedOffBy: uuid("signed_off_by"),
    signedOffAt: ts("signed_off_at"),
    reportedToRegulatorsAt: ts("reported_to_regulators_at"),
    /** A pending 延期申请: {requestedBy, requestedByName, requestedAt, newDeadline, reason}. */
    extension: jsonb("extension"),
    escalationLevel: integer("escalation_level").notNull().default(0),
    lastEscalatedAt: ts("last_escalated_at"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("hazards_code_uq").on(t.code),
    index("hazards_enterprise_idx").on(t.enterpriseId, t.reportedAt),
    index("hazards_region_idx").using("btree", t.regionPath.op("text_pattern_ops"), t.reportedAt),
    index("hazards_open_deadline_idx").on(t.deadline).where(sql`status IN ('rectifying', 'awaiting_acceptance')`),
    index("hazards_reported_at_idx").on(t.reportedAt),
    index("hazards_rectifier_idx").on(t.rectifierUserId).where(sql`status = 'rectifying'`),
    // Statistics and the overdue ranking: the open hazards of a jurisdiction, read from the index alone.
    index("hazards_open_stats_idx")
      .on(t.regionPath.op("text_pattern_ops"), t.sector, t.enterpriseId, t.status, t.level, t.deadline, t.supervisedByOrgId)
      .where(sql`status IN ('reported', 'rectifying', 'awaiting_acceptance', 'awaiting_signoff')`),
    index("hazards_closed_at_idx").on(t.closedAt).where(sql`closed_at IS NOT NULL`),
    // List filters a whole city uses: supervised, by source, major; and 2-character search in title and location
    // (the bigram function of migration 0004, as for enterprises).
    index("hazards_supervised_idx").on(t.supervisedByOrgId, t.reportedAt).where(sql`supervised_by_org_id IS NOT NULL`),
    index("hazards_source_idx").on(t.source, t.reportedAt),
    index("hazards_major_idx").on(t.reportedAt).where(sql`level = 'major'`),
    index("hazards_search_idx").using("gin", sql`anguan_bigrams(lower(${t.title} || ' ' || ${t.location}))`),
  ],
);

/** A hazard's history: every transition and escalation (the audit log keeps the same, hash-chained). */
export const hazardEvents = pgTable(
  "hazard_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    hazardId: uuid("hazard_id")
      .notNull()
      .references(() => hazards.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id").notNull(),
    at: ts("at").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    comment: text("comment").notNull().default(""),
    data: jsonb("data"),
  },
  (t) => [index("hazard_events_hazard_idx").on(t.hazardId, t.id)],
);

/** Photos of a hazard by stage: report (整改前), rectification (整改后), acceptance (验收). */
export const hazardEvidence = pgTable(
  "hazard_evidence",
  {
    hazardId: uuid("hazard_id")
      .notNull()
      .references(() => hazards.id, { onDelete: "cascade" }),
    evidenceId: uuid("evidence_id")
      .notNull()
      .references(() => evidence.id),
    stage: text("stage").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hazardId, t.evidenceId] })],
);

/** Notices to people or bodies (重大隐患报告, escalations); shown in their to-do list until read. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id"),
    orgId: uuid("org_id"),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    enterpriseId: uuid("enterprise_id"),
    createdAt: ts("created_at").notNull(),
    readAt: ts("read_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt), index("notifications_org_idx").on(t.orgId, t.createdAt)],
);

/** 重大事故隐患判定标准 items (the shipped lists are seeded from domain; more can be added as data). */
export const determinationItems = pgTable("determination_items", {
  code: text("code").primaryKey(),
  standard: text("standard").notNull(),
  standardName: text("standard_name").notNull(),
  seq: integer("seq").notNull(),
  text: text("text").notNull(),
  sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
});

/** 排查清单 templates: standard-based (enterpriseId null) or an enterprise's own. */
export const checklistTemplates = pgTable("checklist_templates", {
  id: id(),
  name: text("name").notNull(),
  basis: text("basis").notNull().default(""),
  kind: text("kind").notNull(),
  enterpriseId: uuid("enterprise_id").references(() => enterprises.id, { onDelete: "cascade" }),
  sectors: text("sectors").array().notNull().default(sql`'{}'::text[]`),
  items: jsonb("items").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** 一企一清单: the enterprise's own list, counted once confirmed by the three parties. */
export const enterpriseChecklists = pgTable(
  "enterprise_checklists",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    status: text("status").notNull().default("draft"),
    items: jsonb("items").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("enterprise_checklists_enterprise_idx").on(t.enterpriseId)],
);

export const checklistConfirmations = pgTable(
  "checklist_confirmations",
  {
    checklistId: uuid("checklist_id")
      .notNull()
      .references(() => enterpriseChecklists.id, { onDelete: "cascade" }),
    party: text("party").notNull(),
    version: integer("version").notNull(),
    userId: uuid("user_id").notNull(),
    userName: text("user_name").notNull(),
    at: ts("at").notNull(),
    comment: text("comment").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.checklistId, t.party] })],
);

/** 自查: a run of the confirmed list; failed items become hazards. */
export const selfChecks = pgTable(
  "self_checks",
  {
    id: id(),
    enterpriseId: enterpriseRef(),
    checklistId: uuid("checklist_id")
      .notNull()
      .references(() => enterpriseChecklists.id, { onDelete: "cascade" }),
    checkedBy: uuid("checked_by"),
    checkedByName: text("checked_by_name").notNull(),
    checkedAt: ts("checked_at").notNull(),
    results: jsonb("results").notNull(),
  },
  (t) => [index("self_checks_enterprise_idx").on(t.enterpriseId, t.checkedAt)],
);

/**
 * 数据交换 id mapping: which of our records an object of an imported national file became, so that importing the
 * same file again finds them instead of creating duplicates. `kind` is the file's collection (riskUnits, …).
 */
export const exchangeIds = pgTable(
  "exchange_ids",
  {
    enterpriseId: enterpriseRef(),
    kind: text("kind").notNull(),
    externalId: text("external_id").notNull(),
    localId: uuid("local_id").notNull(),
    importedAt: ts("imported_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.kind, t.externalId] })],
);

/**
 * 隐患统计汇总: per period (grain 'day' or 'month', Asia/Shanghai), region path and sector, the hazards found (reported,
 * not dismissed) and of those the ones closed now, and the hazards closed in the period. Kept exact by a trigger on
 * hazards (server/src/features/hazardStats/rollup.ts), so that a city's statistics read a few thousand rows.
 */
export const hazardStatsRollup = pgTable(
  "hazard_stats_rollup",
  {
    grain: text("grain").notNull(),
    period: date("period", { mode: "string" }).notNull(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    found: integer("found").notNull().default(0),
    foundClosed: integer("found_closed").notNull().default(0),
    closed: integer("closed").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.grain, t.period, t.regionPath, t.sector] })],
);

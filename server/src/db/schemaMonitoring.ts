/**
 * Major hazard sources (重大危险源, GB 18218-2018) and their online monitoring (在线监测预警): units with their
 * chemicals and grading, gateways, sensors, the time-partitioned `readings`, the alarm engine's persisted state,
 * alarms with their events, and the generated daily/weekly/monthly reports. Rows carry enterprise, region path and
 * sector so scope filters stay one column away (see platform/scope.ts `scopeWhereOn`).
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { enterprises } from "./schema";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const enterpriseRef = () =>
  uuid("enterprise_id")
    .notNull()
    .references(() => enterprises.id, { onDelete: "cascade" });

/**
 * 生产单元/储存单元 (GB 18218 §3.1) with its latest grading. A unit whose S ≥ 1 is a major hazard source (`isMajor`).
 * `grading` keeps `{calculatorVersion, inputs, result}` of the last computation (every term shown in the UI).
 */
export const hazardUnits = pgTable(
  "hazard_units",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    enterpriseId: enterpriseRef(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    /** 重大危险源编码 or the enterprise's own code for the unit. */
    code: text("code").notNull().default(""),
    name: text("name").notNull(),
    /** 'production' (生产单元) | 'storage' (储存单元). */
    kind: text("kind").notNull(),
    location: text("location").notNull().default(""),
    /** 厂区边界外 500 m 范围内常住人口. */
    exposedPeople: integer("exposed_people").notNull().default(0),
    /** Computed: S = Σq/Q, R = α·Σβq/Q, grade 1–4 (null when not major). */
    sumRatio: doublePrecision("sum_ratio"),
    isMajor: boolean("is_major").notNull().default(false),
    rValue: doublePrecision("r_value"),
    grade: smallint("grade"),
    grading: jsonb("grading"),
    gradedAt: ts("graded_at"),
    /** 包保责任人: {principal, technical, operations}: each {name, phone, userId?}. */
    responsibles: jsonb("responsibles").notNull().default(sql`'{}'::jsonb`),
    /** Regulator check: 'draft' | 'submitted' | 'confirmed' | 'returned'. */
    reviewStatus: text("review_status").notNull().default("draft"),
    reviewComment: text("review_comment").notNull().default(""),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("hazard_units_enterprise_idx").on(t.enterpriseId), index("hazard_units_region_idx").using("btree", t.regionPath.op("text_pattern_ops"))],
);

/** A hazardous chemical in a unit: a Table 1 entry (by `table1No`) or an unlisted one with its Table 2 class. */
export const hazardUnitSubstances = pgTable(
  "hazard_unit_substances",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    unitId: uuid("unit_id")
      .notNull()
      .references(() => hazardUnits.id, { onDelete: "cascade" }),
    enterpriseId: enterpriseRef(),
    name: text("name").notNull(),
    cas: text("cas").notNull().default(""),
    /** Table 1 row number (1–85), null for an unlisted chemical. */
    table1No: smallint("table1_no"),
    /** Table 2/4 class symbol (J1…W11); overrides the Table 1 default class. */
    hazardClass: text("hazard_class"),
    /** 设计最大量, tonnes. */
    quantity: doublePrecision("quantity").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("hazard_unit_substances_unit_idx").on(t.unitId)],
);

/** An IoT gateway (数据采集网关): MQTT username = `id`; the password is stored as an argon2 hash. */
export const gateways = pgTable(
  "gateways",
  {
    id: text("id").primaryKey(),
    enterpriseId: enterpriseRef(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    lastSeenAt: ts("last_seen_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("gateways_enterprise_idx").on(t.enterpriseId)],
);

/**
 * A monitoring point (监测点位/传感器). Limits: `hh` ≥ `h` (高高/高报), `l` ≥ `ll` (低/低低), any may be null.
 * `deadband` in engineering units, `delaySeconds` before a limit alarm is raised, `rateLimit` = largest allowed change
 * per minute (null = off), `periodSeconds` = expected reporting period; offline after `offlineAfterSeconds`
 * (default 3 × period).
 */
export const sensors = pgTable(
  "sensors",
  {
    id: integer("id").primaryKey().generatedByDefaultAsIdentity(),
    enterpriseId: enterpriseRef(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    unitId: uuid("unit_id").references(() => hazardUnits.id, { onDelete: "set null" }),
    gatewayId: text("gateway_id")
      .notNull()
      .references(() => gateways.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
    name: text("name").notNull(),
    /** temperature | pressure | level | flow | combustible_gas | toxic_gas | oxygen | other (domain SENSOR_TYPES). */
    type: text("type").notNull(),
    engineeringUnit: text("engineering_unit").notNull(),
    rangeLow: doublePrecision("range_low"),
    rangeHigh: doublePrecision("range_high"),
    hh: doublePrecision("hh"),
    h: doublePrecision("h"),
    l: doublePrecision("l"),
    ll: doublePrecision("ll"),
    deadband: doublePrecision("deadband").notNull().default(0),
    delaySeconds: integer("delay_seconds").notNull().default(0),
    rateLimit: doublePrecision("rate_limit"),
    periodSeconds: integer("period_seconds").notNull().default(10),
    offlineAfterSeconds: integer("offline_after_seconds"),
    enabled: boolean("enabled").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sensors_gateway_tag_uq").on(t.gatewayId, t.tag),
    index("sensors_enterprise_idx").on(t.enterpriseId),
    index("sensors_unit_idx").on(t.unitId),
    index("sensors_region_idx").using("btree", t.regionPath.op("text_pattern_ops")),
  ],
);

/**
 * Readings, keyed by (sensor, ts) so a redelivered point is stored once. PARTITIONED BY RANGE (ts), one partition per
 * day (created ahead by the ingest service, dropped after READINGS_RETENTION_DAYS): Drizzle cannot declare
 * partitioning, so migration 0007 creates this table by hand. quality: 0 good, 1 bad.
 */
export const readings = pgTable(
  "readings",
  {
    sensorId: integer("sensor_id").notNull(),
    ts: ts("ts").notNull(),
    value: doublePrecision("value").notNull(),
    quality: smallint("quality").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sensorId, t.ts] })],
);

/** The alarm engine's state per sensor (restored at start; flushed with each stored batch). */
export const sensorState = pgTable("sensor_state", {
  sensorId: integer("sensor_id")
    .primaryKey()
    .references(() => sensors.id, { onDelete: "cascade" }),
  lastTs: ts("last_ts"),
  lastValue: doublePrecision("last_value"),
  lastQuality: smallint("last_quality"),
  /** Engine state (domain/monitoring SensorEngineState minus the last point), e.g. the current limit level and a pending one. */
  engine: jsonb("engine").notNull().default(sql`'{}'::jsonb`),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * An alarm (报警). At most one alarm per (sensor, kind) is open (status ≠ 'cleared'): a recurrence while open updates
 * it (occurrences, peak, condition) instead of raising another: the partial unique index enforces it across
 * restarts and nodes. `conditionActive` = the measured condition still holds; `status` = the duty handling
 * (domain/monitoring ALARM_TRANSITIONS): raised → acknowledged → verified → disposed → cleared.
 */
export const alarms = pgTable(
  "alarms",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    sensorId: integer("sensor_id")
      .notNull()
      .references(() => sensors.id, { onDelete: "cascade" }),
    enterpriseId: enterpriseRef(),
    regionPath: text("region_path").notNull(),
    sector: text("sector").notNull(),
    unitId: uuid("unit_id"),
    /** limit | rate | bad_quality | offline */
    kind: text("kind").notNull(),
    /** limit: 'h' | 'hh' | 'l' | 'll' (the worst reached while open); others: null. */
    level: text("level"),
    /** Warning colour for pushing by level: red | orange | yellow | blue (domain alarmSeverity). */
    severity: text("severity").notNull(),
    status: text("status").notNull().default("raised"),
    conditionActive: boolean("condition_active").notNull().default(true),
    raisedAt: ts("raised_at").notNull(),
    firstValue: doublePrecision("first_value"),
    lastValue: doublePrecision("last_value"),
    peakValue: doublePrecision("peak_value"),
    limitValue: doublePrecision("limit_value"),
    occurrences: integer("occurrences").notNull().default(1),
    returnedAt: ts("returned_at"),
    acknowledgedAt: ts("acknowledged_at"),
    acknowledgedBy: uuid("acknowledged_by"),
    verifiedAt: ts("verified_at"),
    verifiedBy: uuid("verified_by"),
    /** real_event | instrument_fault | maintenance | false_alarm */
    cause: text("cause"),
    verifyNote: text("verify_note").notNull().default(""),
    disposedAt: ts("disposed_at"),
    disposedBy: uuid("disposed_by"),
    feedback: text("feedback").notNull().default(""),
    clearedAt: ts("cleared_at"),
    clearedBy: uuid("cleared_by"),
    /** 0 enterprise duty officer, 1 main leader, 2 township, 3 district (ALARM_ESCALATION_MINUTES). */
    escalationLevel: integer("escalation_level").notNull().default(0),
    lastEscalatedAt: ts("last_escalated_at"),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alarms_open_uq").on(t.sensorId, t.kind).where(sql`status <> 'cleared'`),
    index("alarms_enterprise_idx").on(t.enterpriseId, t.raisedAt),
    index("alarms_region_idx").using("btree", t.regionPath.op("text_pattern_ops"), t.raisedAt),
    index("alarms_raised_at_idx").on(t.raisedAt),
    index("alarms_unacked_idx").on(t.raisedAt).where(sql`status = 'raised'`),
  ],
);

/** An alarm's history: raise, recurrences and returns of the condition, every duty action and escalation. */
export const alarmEvents = pgTable(
  "alarm_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    alarmId: uuid("alarm_id")
      .notNull()
      .references(() => alarms.id, { onDelete: "cascade" }),
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
  (t) => [index("alarm_events_alarm_idx").on(t.alarmId, t.id)],
);

/**
 * Generated monitoring reports (日记录、周分析、月通报): one per kind, period and scope key (a region path for
 * regulators, `enterprise:<id>` for an enterprise). `data` is the report body the page, PDF and Excel render.
 */
export const monitoringReports = pgTable(
  "monitoring_reports",
  {
    id: uuid("id").primaryKey().default(sql`gen_random_uuid()`),
    /** daily | weekly | monthly */
    kind: text("kind").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    scopeKey: text("scope_key").notNull(),
    data: jsonb("data").notNull(),
    generatedAt: ts("generated_at").notNull(),
  },
  (t) => [uniqueIndex("monitoring_reports_uq").on(t.kind, t.periodStart, t.scopeKey)],
);

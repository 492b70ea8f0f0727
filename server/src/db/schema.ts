/** Database schema (PostgreSQL 15+; the same on PGlite). Migrations are generated from this file into server/drizzle/. */
import { sql } from "drizzle-orm";
import { bigserial, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);

/** 行政区划 (plus development zones / chemical parks). `path` is the chain of codes from the root, '/'-joined with a trailing '/'. */
export const regions = pgTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: text("level").notNull(),
    parentCode: text("parent_code"),
    path: text("path").notNull(),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
  },
  (t) => [index("regions_path_idx").using("btree", t.path.op("text_pattern_ops")), index("regions_parent_idx").on(t.parentCode)],
);

/** 企业 (一企一档). `regionPath` copies the region's path so scope filters are one indexed prefix match. */
export const enterprises = pgTable(
  "enterprises",
  {
    id: id(),
    name: text("name").notNull(),
    creditCode: text("credit_code").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    regionPath: text("region_path").notNull(),
    address: text("address").notNull().default(""),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    sector: text("sector").notNull(),
    isAboveScale: boolean("is_above_scale").notNull().default(false),
    employeeCount: integer("employee_count"),
    legalRepresentative: text("legal_representative").notNull().default(""),
    mainLeader: text("main_leader").notNull().default(""),
    mainLeaderPhone: text("main_leader_phone").notNull().default(""),
    safetyManager: text("safety_manager").notNull().default(""),
    safetyManagerPhone: text("safety_manager_phone").notNull().default(""),
    operatingStatus: text("operating_status").notNull().default("operating"),
    supervisionLevel: text("supervision_level").notNull().default("township"),
    hasMajorHazard: boolean("has_major_hazard").notNull().default(false),
    hazardousProcesses: integer("hazardous_processes").array().notNull().default(sql`'{}'::integer[]`),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("enterprises_credit_code_uq").on(t.creditCode),
    // The two scope indexes (region path prefix, sector) are covering indexes with INCLUDE columns, which Drizzle
    // cannot declare: they are created by hand in migration 0003_covering_scope_indexes.sql.
    index("enterprises_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
    index("enterprises_address_trgm_idx").using("gin", t.address.op("gin_trgm_ops")),
    index("enterprises_credit_code_prefix_idx").using("btree", t.creditCode.op("text_pattern_ops")),
  ],
);

/** 证照 (licences and certificates) with expiry. */
export const licences = pgTable(
  "enterprise_licences",
  {
    id: id(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    number: text("number").notNull(),
    issuer: text("issuer").notNull().default(""),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    fileSha256: text("file_sha256"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("licences_enterprise_idx").on(t.enterpriseId), index("licences_valid_until_idx").on(t.validUntil)],
);

/** 联系人 */
export const contacts = pgTable(
  "enterprise_contacts",
  {
    id: id(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    title: text("title").notNull().default(""),
    phone: text("phone").notNull(),
    note: text("note").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("contacts_enterprise_idx").on(t.enterpriseId)],
);

/** Stored files, content-addressed by SHA-256. */
export const files = pgTable("files", {
  sha256: text("sha256").primaryKey(),
  size: integer("size").notNull(),
  mime: text("mime").notNull(),
  originalName: text("original_name").notNull(),
  hasThumbnail: boolean("has_thumbnail").notNull().default(false),
  uploadedBy: uuid("uploaded_by"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** 附件 of an enterprise's file. */
export const attachments = pgTable(
  "enterprise_attachments",
  {
    id: id(),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    fileSha256: text("file_sha256")
      .notNull()
      .references(() => files.sha256),
    name: text("name").notNull(),
    category: text("category").notNull().default("other"),
    uploadedBy: uuid("uploaded_by"),
    uploadedAt: ts("uploaded_at").notNull().defaultNow(),
  },
  (t) => [index("attachments_enterprise_idx").on(t.enterpriseId)],
);

/** Organisations: government bodies (region + department), enterprises, third-party service organisations, the platform. */
export const organizations = pgTable("organizations", {
  id: id(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  department: text("department"),
  regionCode: text("region_code").references(() => regions.code),
  enterpriseId: uuid("enterprise_id").references(() => enterprises.id),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** Enterprises assigned to a third-party organisation (audits, assessments, insurance prevention services). */
export const assignments = pgTable(
  "third_party_assignments",
  {
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    enterpriseId: uuid("enterprise_id")
      .notNull()
      .references(() => enterprises.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.enterpriseId] })],
);

export const users = pgTable("users", {
  id: id(),
  username: text("username").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash"),
  role: text("role").notNull(),
  orgId: uuid("org_id")
    .notNull()
    .references(() => organizations.id),
  phone: text("phone").notNull().default(""),
  disabled: boolean("disabled").notNull().default(false),
  failedLogins: integer("failed_logins").notNull().default(0),
  lockedUntil: ts("locked_until"),
  mustChangePassword: boolean("must_change_password").notNull().default(false),
  lastLoginAt: ts("last_login_at"),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** Server-side sessions; the cookie holds a random token, the table its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** The event/audit log: every write, hash-chained with SM3. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: ts("at").notNull(),
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    enterpriseId: uuid("enterprise_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_target_idx").on(t.targetType, t.targetId), index("audit_enterprise_idx").on(t.enterpriseId, t.id), index("audit_at_idx").on(t.at)],
);

/** Enterprise Excel imports: validated first, committed on the user's choice. */
export const importJobs = pgTable("import_jobs", {
  id: id(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  status: text("status").notNull(),
  fileName: text("file_name").notNull(),
  total: integer("total").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  validCount: integer("valid_count").notNull().default(0),
  errors: jsonb("errors").notNull().default(sql`'[]'::jsonb`),
  rows: jsonb("rows").notNull().default(sql`'[]'::jsonb`),
  imported: integer("imported").notNull().default(0),
  message: text("message"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Small key/value facts about this installation (e.g. when demo data was seeded). */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});
export * from "./schemaDualPrevention";
export * from "./schemaMonitoring";
export * from "./schemaSteward";

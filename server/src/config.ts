/** Configuration from the environment, validated once at boot (one zod schema; a clear message and exit on a bad value). */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], { error: "应为 1/0、true/false、yes/no 或 on/off" })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number({ error: "PORT 应为端口号" }).int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: "DATABASE_URL 应以 postgres:// 或 postgresql:// 开头" })
    .optional(),
  ANGUAN_DEMO: bool.default(true),
  SESSION_SECRET: z.string().min(32, { error: "SESSION_SECRET 至少 32 个字符" }).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  COOKIE_SECURE: bool.default(false),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(20),
  MAX_BODY_KB: z.coerce.number().int().positive().max(10_240).default(1024),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WEB_DIST: z.string().optional(),
  PUBLIC_URL: z.url({ error: "PUBLIC_URL 应为网址，如 https://anguan.example.gov.cn" }).optional(),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  ANGUAN_TEST_CONTROLS: bool.default(false),
  DEMO_ENTERPRISES: z.coerce.number().int().min(0).max(100_000).default(300),
  /** Embedded MQTT broker (default on, port MQTT_PORT); MQTT_URL connects to an external broker instead. */
  MQTT_ENABLED: bool.default(true),
  MQTT_HOST: z.string().min(1).default("0.0.0.0"),
  MQTT_PORT: z.coerce.number({ error: "MQTT_PORT 应为端口号" }).int().min(0).max(65535).default(1883),
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\//, { error: "MQTT_URL 应以 mqtt:// 或 mqtts:// 开头（用户名、密码可写在地址中）" })
    .optional(),
  /** Client id prefix of this node's subscriber connections to MQTT_URL: unique per node, stable across restarts. */
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: "MQTT_CLIENT_ID 只能含字母、数字、_ . -，至多 40 个字符" })
    .optional(),
  /** Parallel subscriber connections to an external broker (MQTT shared subscription $share/anguan/…). */
  MQTT_SUBSCRIBERS: z.coerce.number().int().min(1).max(64).default(8),
  /** Telemetry simulator in demo mode (default: on when ANGUAN_DEMO is on). */
  ANGUAN_SIMULATOR: bool.optional(),
  /** Readings older than this many days are dropped (whole daily partitions); at least 30 (原安监总局令第40号). */
  READINGS_RETENTION_DAYS: z.coerce.number().int().min(30, { error: "至少保存 30 天" }).max(3650).default(90),
  /** Back-pressure: points accepted but not yet stored above which ingestion pauses (MQTT) or answers 503 (HTTP). */
  INGEST_MAX_PENDING: z.coerce.number().int().min(1000).max(10_000_000).default(200_000),
  /**
   * Largest batch written in one statement, and how long the writer waits to gather more when idle (while a batch is
   * being written the next one gathers anyway: group commit).
   */
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(200_000).default(20_000),
  /** Batches of readings written at once on a PostgreSQL server (PGlite: always one). */
  INGEST_WRITERS: z.coerce.number().int().min(1).max(16).default(3),
  INGEST_FLUSH_MS: z.coerce.number().int().min(0).max(10_000).default(2),
  /** 未确认报警升级: minutes after raising at which levels 1–3 start (main leader, township, district). */
  ALARM_ESCALATION_MINUTES: z
    .string()
    .default("5,15,30")
    .transform((v, ctx) => {
      const m = v.split(",").map((x) => Number(x.trim()));
      const ok = m.length >= 1 && m.length <= 3 && m.every((h, i) => Number.isFinite(h) && h >= 0 && (i === 0 || h > m[i - 1]!));
      if (!ok) {
        ctx.addIssue({ code: "custom", message: "应为 1–3 个递增的非负分钟数，以逗号分隔（如 5,15,30）" });
        return z.NEVER;
      }
      return m;
    }),
  /** Night hours for the hot-work upgrade, "start-end" in Beijing time (GB 3096 夜间 22–6 [U]). */
  NIGHT_HOURS: z
    .string()
    .default("22-6")
    .transform((v, ctx) => {
      const m = /^(\d{1,2})-(\d{1,2})$/.exec(v.trim());
      const a = m ? Number(m[1]) : NaN;
      const b = m ? Number(m[2]) : NaN;
      if (!m || a > 23 || b > 23 || a === b) {
        ctx.addIssue({ code: "custom", message: "应为 起始时-结束时（0–23，如 22-6）" });
        return z.NEVER;
      }
      return { start: a, end: b };
    }),
  /** Validity cap (hours) for permit types without one in GB 30871 (blinding, lifting, excavation, road breaking) [U]. */
  PERMIT_UNCAPPED_VALIDITY_HOURS: z.coerce.number().positive().max(720).default(72),
  /** Permits are kept at least this many days after closing (≥ 365, GB 30871 Appendix B). */
  PERMIT_RETENTION_DAYS: z.coerce.number().int().min(365).default(365),
  /** Evidence photos older than this at upload (EXIF) are flagged as not taken live. */
  EVIDENCE_MAX_AGE_MINUTES: z.coerce.number().int().positive().default(10),
  /** Briefing reminders: Beijing hour:minute by which a team's briefing is expected, then the hours until the safety manager is told [U]. */
  BRIEFING_DUE_TIME: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .default("09:00"),
  BRIEFING_ESCALATE_HOURS: z.coerce.number().positive().max(24).default(2),
  /** Legal-duty plans: month-day by which a year's plans are due (no plan after it raises a duty alarm) [U]. */
  DUTY_PLAN_DEADLINE: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
    .default("01-31"),
  /** Certificates expiring within this many days raise a reminder. */
  CERTIFICATE_WARN_DAYS: z.coerce.number().int().positive().default(30),
  /** 超期升级: hours after a hazard's deadline at which levels 1, 2, 3 start (rectifier, main leader, township regulator). */
  HAZARD_ESCALATION_HOURS: z
    .string()
    .default("0,24,72")
    .transform((v, ctx) => {
      const hours = v.split(",").map((x) => Number(x.trim()));
      const ok = hours.length >= 1 && hours.length <= 3 && hours.every((h, i) => Number.isFinite(h) && h >= 0 && (i === 0 || h > hours[i - 1]!));
      if (!ok) {
        ctx.addIssue({ code: "custom", message: "应为 1–3 个递增的非负小时数，以逗号分隔（如 0,24,72）" });
        return z.NEVER;
      }
      return hours;
    }),
});

export type Config = z.output<typeof configSchema> & { dataDir: string; webDist: string };

export class ConfigError extends Error {}

/** Reads ./.env when present (variables already set in the environment win). */
export function loadDotEnv(file = ".env"): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(Object.keys(configSchema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const r = configSchema.safeParse(picked);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`配置错误 (configuration error):\n${lines.join("\n")}`);
  }
  const c = r.data;
  if (c.NODE_ENV === "production" && !c.SESSION_SECRET) {
    throw new ConfigError("配置错误 (configuration error):\n  SESSION_SECRET: 生产环境必须设置（至少 32 个字符）");
  }
  if (c.NODE_ENV === "production" && c.ANGUAN_TEST_CONTROLS) {
    throw new ConfigError("配置错误 (configuration error):\n  ANGUAN_TEST_CONTROLS: 生产环境不允许开启测试控制");
  }
  const root = path.resolve(import.meta.dirname, "../..");
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    webDist: c.WEB_DIST ? path.resolve(c.WEB_DIST) : path.join(root, "web/dist"),
  };
}

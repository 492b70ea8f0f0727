/** Builds the Fastify application: plugins, the session/CSRF gate, the error shape, the feature routes, the web UI. */
import fs from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawServerDefault } from "fastify";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Actor } from "@anguan/domain";
import type { Config } from "./config";
import type { Database, Db } from "./db/client";
import type { MonitoringRuntime } from "./features/telemetry/runtime";
import { MonitoringService } from "./features/telemetry/service";
import { SESSION_COOKIE, csrfMatches, resolveSession, type SessionInfo } from "./platform/auth";
import { AppError, type FieldError } from "./platform/errors";
import { registerRoutes } from "./routes";

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  now: () => Date;
  /** Present when the clock may be moved (ANGUAN_TEST_CONTROLS). */
  clock?: { setOffset(ms: number): void };
  /** Ingest, alarm engine and live hub (features/telemetry); created by buildApp unless `monitoringOptions.enabled` is false. */
  monitoring?: MonitoringRuntime;
  /** Test knobs: no periodic timers (offline check, state flush) so the clock alone decides; MQTT per config otherwise. */
  monitoringOptions?: { enabled?: boolean; timers?: boolean; mqtt?: boolean };
}

declare module "fastify" {
  interface FastifyInstance {
    ctx: AppContext;
    /** Every route registered, for the scope-matrix test and diagnostics. */
    routeList: { method: string; url: string; public: boolean }[];
  }
  interface FastifyRequest {
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
    /** Only administrators; checked before the body is validated, so others get 403 whatever they send. */
    adminOnly?: boolean;
  }
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/** The caller's actor; routes that are not public can rely on it (the gate answered 401 otherwise). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.session) throw new AppError(401, "UNAUTHENTICATED", "请先登录");
  return req.session.actor;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function buildApp(ctx: AppContext) {
  const { config } = ctx;
  const app = Fastify({
    logger: config.LOG_LEVEL === "silent" ? false : { level: config.LOG_LEVEL },
    bodyLimit: config.MAX_BODY_KB * 1024,
    trustProxy: true,
    // Start-up includes loading the alarm engine (hundreds of thousands of sensors take seconds).
    pluginTimeout: 300_000,
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate("ctx", ctx);
  app.decorateRequest("session", null);
  const routeList: { method: string; url: string; public: boolean }[] = [];
  app.decorate("routeList", routeList);
  app.addHook("onRoute", (r) => {
    for (const m of [r.method].flat()) if (m !== "HEAD") routeList.push({ method: m, url: r.url, public: !!r.config?.public });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: "安管 Anguan API", description: "安全生产风险隐患闭环治理平台", version: "0.1.0" },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { public: true }, schema: { hide: true } }, () => app.swagger());

  app.addHook("onRequest", async (req, reply) => {
    if (!req.url.startsWith("/api/") || req.routeOptions.config?.public || req.url.startsWith("/api/docs")) return;
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(ctx.db, token, config.SESSION_IDLE_MINUTES, ctx.now()) : null;
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      throw new AppError(401, "UNAUTHENTICATED", "登录已过期或未登录，请重新登录");
    }
    if (MUTATING.has(req.method) && !csrfMatches(session.csrfToken, req.headers["x-csrf-token"] as string | undefined)) {
      throw new AppError(403, "CSRF_TOKEN_INVALID", "请求缺少有效的 CSRF 令牌，请刷新页面后重试");
    }
    req.session = session;
    if (req.routeOptions.config?.adminOnly && session.actor.role !== "admin") {
      throw new AppError(403, "FORBIDDEN", "仅系统管理员可执行此操作");
    }
  });

  // Basic hardening headers on every answer (the UI is same-origin only; no framing).
  app.addHook("onSend", async (_req, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("x-frame-options", "DENY");
    reply.header("referrer-policy", "same-origin");
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send({ statusCode: err.statusCode, code: err.code, message: err.message, fields: err.fields, ...err.extra });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: FieldError[] = err.validation.flatMap((v) =>
        // an unknown key (strict PATCH bodies): name the key itself, in Chinese
        v.keyword === "unrecognized_keys" && Array.isArray((v.params as { keys?: unknown })?.keys)
          ? (v.params as { keys: unknown[] }).keys.map((k) => ({
              field: [v.instancePath.replace(/^\//, "").replace(/\//g, "."), String(k)].filter(Boolean).join("."),
              message: `不支持的字段 ${String(k)}`,
            }))
          : [
              {
                field:
                  v.instancePath.replace(/^\//, "").replace(/\//g, ".") ||
                  String((v.params as { issue?: { path?: unknown[] } })?.issue?.path?.[0] ?? err.validationContext ?? ""),
                message: v.message ?? "无效",
              },
            ],
      );
      const where = err.validationContext === "querystring" ? "查询参数" : err.validationContext === "params" ? "路径参数" : "请求内容";
      return reply.status(400).send({
        statusCode: 400,
        code: "VALIDATION_FAILED",
        message: `${where}有误：${fields.map((f) => `${f.field}: ${f.message}`).join("；")}`,
        fields,
      });
    }
    const e = err as { statusCode?: number; code?: string; message?: string; name?: string };
    if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || e.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || (e.name === "SyntaxError" && e.statusCode === 400)) {
      return reply.status(400).send({ statusCode: 400, code: "INVALID_JSON", message: "请求内容不是有效的 JSON" });
    }
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE" || e.code === "FST_REQ_FILE_TOO_LARGE" || e.statusCode === 413) {
      return reply.status(413).send({ statusCode: 413, code: "PAYLOAD_TOO_LARGE", message: "请求内容过大" });
    }
    if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply.status(415).send({ statusCode: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: "不支持的请求内容类型" });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ statusCode: e.statusCode, code: e.code ?? "BAD_REQUEST", message: e.message ?? "请求有误" });
    }
    req.log.error(err);
    if (process.env.ANGUAN_DEBUG_ERRORS) console.error(err);
    return reply.status(500).send({ statusCode: 500, code: "INTERNAL_ERROR", message: "服务器内部错误" });
  });

  await registerRoutes(app as unknown as App);

  // The monitoring runtime (engine, ingest, live hub, MQTT) starts with the app and stops before the server closes
  // (the live streams would otherwise keep it open).
  if (ctx.monitoringOptions?.enabled !== false && !ctx.monitoring) {
    const monitoring = new MonitoringService({
      config,
      database: ctx.database,
      now: ctx.now,
      log: (msg, err) => (err ? app.log.error({ err }, msg) : app.log.info(msg)),
      timers: ctx.monitoringOptions?.timers,
      mqtt: ctx.monitoringOptions?.mqtt,
    });
    ctx.monitoring = monitoring;
    app.addHook("onReady", async () => {
      await monitoring.start();
    });
    app.addHook("preClose", async () => {
      // The first runtime, and whichever replaced it since (a test simulating a restart).
      const current = ctx.monitoring as Partial<MonitoringService> | undefined;
      if (current && current !== monitoring && typeof current.stop === "function") await current.stop();
      await monitoring.stop();
    });
  }

  // The web UI: built files from web/dist, with the SPA's index.html for client-side routes.
  const indexHtml = path.join(config.webDist, "index.html");
  if (fs.existsSync(indexHtml)) {
    // wildcard: files are looked up per request, so a rebuilt UI is served without a restart.
    await app.register(fastifyStatic, { root: config.webDist, wildcard: true, maxAge: "1h" });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === "GET" && !req.url.startsWith("/api/") && fs.existsSync(indexHtml)) {
      return reply.type("text/html").header("cache-control", "no-cache").send(fs.createReadStream(indexHtml));
    }
    return reply.status(404).send({ statusCode: 404, code: "NOT_FOUND", message: "接口不存在" });
  });

  return app;
}

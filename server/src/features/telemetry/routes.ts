/** HTTP side of telemetry: `POST /api/telemetry` (gateway credentials, no session) and the live channel `GET /api/live`. */
import { z } from "zod";
import { type App, actorOf } from "../../app";
import { AppError } from "../../platform/errors";
import { enterpriseForRead } from "../../platform/scope";
import { BatchError } from "./batch";
import { GatewayAuthError, IngestBusyError, type MonitoringService } from "./service";

const unauthorized = () => new AppError(401, "GATEWAY_UNAUTHORIZED", "网关认证失败：请使用 Basic 认证（用户名为网关编号，密码为网关密码）", undefined, {});

function basicCredentials(header: string | undefined): { id: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!m) return null;
  const text = Buffer.from(m[1]!, "base64").toString("utf8");
  const i = text.indexOf(":");
  if (i <= 0) return null;
  return { id: text.slice(0, i), password: text.slice(i + 1) };
}

export async function telemetryRoutes(app: App) {
  const service = () => {
    const m = app.ctx.monitoring as MonitoringService | undefined;
    if (!m) throw new AppError(503, "MONITORING_UNAVAILABLE", "监测服务未启动");
    return m;
  };

  app.post(
    "/api/telemetry",
    {
      config: { public: true },
      schema: {
        tags: ["telemetry"],
        summary: "网关上报监测数据（Basic 认证：网关编号/密码），与 MQTT 主题 anguan/v1/<gatewayId>/telemetry 的报文相同",
        body: z.unknown(),
      },
    },
    async (req, reply) => {
      const m = service();
      const cred = basicCredentials(req.headers.authorization);
      if (!cred || !(await m.authenticate(cred.id, cred.password))) {
        reply.header("www-authenticate", 'Basic realm="anguan-telemetry", charset="UTF-8"');
        throw unauthorized();
      }
      try {
        return await m.ingest(cred.id, req.body, { wait: false });
      } catch (err) {
        if (err instanceof BatchError) {
          throw new AppError(400, "VALIDATION_FAILED", `请求内容有误：${err.message}`, [{ field: err.field, message: err.message }]);
        }
        if (err instanceof GatewayAuthError) throw unauthorized();
        if (err instanceof IngestBusyError) {
          reply.header("retry-after", "1");
          throw new AppError(503, "INGEST_BUSY", err.message);
        }
        throw err;
      }
    },
  );

  app.get(
    "/api/live",
    {
      schema: {
        tags: ["telemetry"],
        summary: "实时推送（Server-Sent Events）：报警（本辖区/本企业）与一家企业的实时数值",
        querystring: z.object({ enterpriseId: z.string().uuid({ error: "企业编号无效" }).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const m = service();
      const { enterpriseId } = req.query;
      if (enterpriseId) await enterpriseForRead(app.ctx.db, actor, enterpriseId);
      reply.hijack();
      m.live.subscribe(reply.raw, actor.scope, enterpriseId ?? null, app.ctx.now());
    },
  );
}
